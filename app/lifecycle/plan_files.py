"""The lifecycle files `shuangsui plan` writes next to plan.json: task sheets and the results template."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from shuangsui.app.lifecycle.tasklist import TaskList, build_task_list, plan_json_sha256
from shuangsui.models.domain import Scenario
from shuangsui.scheduler.result import Plan

TASKS_XLSX = "tasks.xlsx"
TASKS_DOCX = "tasks.docx"
RESULTS_TEMPLATE = "results-template.xlsx"
PLAN_TASK_FILES = (TASKS_XLSX, TASKS_DOCX, RESULTS_TEMPLATE)


def write_task_files(folder: Path, scenario: Scenario, plan: Plan) -> list[Path]:
    """tasks.xlsx (a sheet per group), tasks.docx (a page per group) and results-template.xlsx."""
    docx, xlsx, template = task_file_jobs(folder, scenario, plan)
    return [xlsx(), docx(), template()]


def task_file_jobs(folder: Path, scenario: Scenario, plan: Plan) -> list[Callable[[], Path]]:
    """The writers of `write_task_files` as separate jobs on one task list, the longest first
    (tasks.docx, tasks.xlsx, results-template.xlsx: 0.25, 0.18 and 0.07 s at 5,000 objects), for
    `reports.background.Shared`. Each imports its writer's library when it runs."""
    tasks = build_task_list(scenario, plan, plan_json_sha256(plan))
    folder = Path(folder)
    return [
        functools.partial(_write_docx, folder / TASKS_DOCX, tasks),
        functools.partial(_write_xlsx, folder / TASKS_XLSX, tasks),
        functools.partial(_write_template, folder / RESULTS_TEMPLATE, tasks),
    ]


def prepare_writers() -> None:
    """Import the writers of the task files and plan.xlsx (python-docx, XlsxWriter: ~0.2 s), for a
    child that will write them (`reports.background.Helper`)."""
    from shuangsui.app.lifecycle import tasks_docx, tasks_xlsx, template  # noqa: F401
    from shuangsui.reports import excel  # noqa: F401


def _write_docx(path: Path, tasks: TaskList) -> Path:
    from shuangsui.app.lifecycle.tasks_docx import write_tasks_docx

    return write_tasks_docx(path, tasks)


def _write_xlsx(path: Path, tasks: TaskList) -> Path:
    from shuangsui.app.lifecycle.tasks_xlsx import write_tasks_xlsx

    return write_tasks_xlsx(path, tasks)


def _write_template(path: Path, tasks: TaskList) -> Path:
    from shuangsui.app.lifecycle.template import write_results_template

    return write_results_template(path, tasks)
