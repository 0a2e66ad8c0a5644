"""What `shuangsui plan` writes into its folder, and the exit code it gives: one function each, shared
by `plan` and `batch` (a batch's county folders hold exactly the files `plan` writes)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from shuangsui.models.domain import Scenario
from shuangsui.models.errors import EXIT_INFEASIBLE, EXIT_OK, EXIT_TIMEOUT, EXIT_VIOLATIONS
from shuangsui.scheduler.result import SolveResult, SolveStatus

if TYPE_CHECKING:
    from shuangsui.checker import Evaluation


def write_plan_files(folder: Path, scenario: Scenario, result: SolveResult, evaluation: Evaluation | None) -> None:
    """plan.json and the task sheets (when there is a plan), report.html, plan.xlsx, plan.csv, feasibility.json."""
    from shuangsui.app.lifecycle.plan_files import write_task_files
    from shuangsui.reports import write_plan_outputs

    if result.plan is not None:
        (folder / "plan.json").write_text(result.plan.to_json(), encoding="utf-8")
        write_task_files(folder, scenario, result.plan)
    write_plan_outputs(folder, scenario, result, evaluation)


def plan_exit_code(result: SolveResult, evaluation: Evaluation | None) -> int:
    """0 plan written, 4 the plan failed the independent check, 3 no plan exists, 5 none within the time limit."""
    if result.plan is not None:
        return EXIT_VIOLATIONS if evaluation is not None and evaluation.violations else EXIT_OK
    return EXIT_INFEASIBLE if result.status is SolveStatus.INFEASIBLE else EXIT_TIMEOUT
