"""The CP-SAT planner: `solve()` builds one period's plan; `shuangsui.checker` audits any plan."""

from typing import Any

from shuangsui.scheduler import cp_model_import
from shuangsui.scheduler.result import Plan, SolveResult, SolveStatus

__all__ = ["Plan", "SolveResult", "SolveStatus", "solve"]

cp_model_import.install()  # OR-Tools' cp_model, when imported, without pandas (~0.3 s)


def __getattr__(name: str) -> Any:
    # Imported lazily so that `scheduler.result` and the checker never depend on the model code.
    if name == "solve":
        from shuangsui.scheduler.pipeline import solve

        return solve
    raise AttributeError(name)
