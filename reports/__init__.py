"""The outputs of `shuangsui plan`: plan.csv, plan.xlsx, feasibility.json and report.html.

`write_plan_outputs` is loaded on first use, so that importing a light module of the package (the
chart helper at a command's start, say) does not import the checker and the writers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shuangsui.reports.outputs import write_plan_outputs

__all__ = ["write_plan_outputs"]


def __getattr__(name: str) -> Any:
    if name == "write_plan_outputs":
        from shuangsui.reports.outputs import write_plan_outputs

        return write_plan_outputs
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
