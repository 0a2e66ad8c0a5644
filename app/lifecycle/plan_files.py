"""The lifecycle files `shuangsui plan` writes next to plan.json: task sheets and the results template."""

from __future__ import annotations

from pathlib import Path

from shuangsui.app.lifecycle.tasklist import build_task_list, plan_json_sha256
from shuangsui.models.domain import Scenario
from shuangsui.scheduler.result import Plan

TASKS_XLSX = "tasks.xlsx"
TASKS_DOCX = "tasks.docx"
RESULTS_TEMPLATE = "results-template.xlsx"
PLAN_TASK_FILES = (TASKS_XLSX, TASKS_DOCX, RESULTS_TEMPLATE)


def write_task_files(folder: Path, scenario: Scenario, plan: Plan) -> list[Path]:
    """tasks.xlsx (a sheet per group), tasks.docx (a page per group) and results-template.xlsx."""
    from shuangsui.app.lifecycle.tasks_docx import write_tasks_docx
    from shuangsui.app.lifecycle.tasks_xlsx import write_tasks_xlsx
    from shuangsui.app.lifecycle.template import write_results_template

    tasks = build_task_list(scenario, plan, plan_json_sha256(plan))
    folder = Path(folder)
    return [
        write_tasks_xlsx(folder / TASKS_XLSX, tasks),
        write_tasks_docx(folder / TASKS_DOCX, tasks),
        write_results_template(folder / RESULTS_TEMPLATE, tasks),
    ]
