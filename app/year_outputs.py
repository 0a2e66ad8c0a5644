"""Writing a planned year: one folder per quarter as `shuangsui plan` writes it, then the annual files.

DIR/2025Q1/ ... hold plan.json, plan.xlsx, plan.csv, report.html, feasibility.json and `scenario/`
(the quarter's scenario: its seed, and the history extended by the earlier quarters' checks), so
`shuangsui check DIR/2025Q2/scenario DIR/2025Q2/plan.json` re-checks any quarter. Beside them:
year.json, annual-plan.xlsx, report.html, and when the year is feasible 年度抽查计划.docx and
年度抽查计划（公开版）.docx; with a previous version also 调整说明.docx.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from shuangsui.app.year import QuarterRun, YearRun
from shuangsui.app.year_diff import adjustment as diff
from shuangsui.app.year_figures import annual_figures
from shuangsui.reports import write_plan_outputs
from shuangsui.reports.year_docs import ADJUSTMENT_DOCX, PLAN_DOCX, PUBLIC_DOCX, adjustment_note, annual_plan
from shuangsui.reports.year_report import YEAR_HTML, YEAR_JSON, YEAR_XLSX, write_year_outputs
from shuangsui.reports.year_tables import year_tables
from shuangsui.scenarios.files import Style, rules_toml, write_tables

SCENARIO_DIR = "scenario"
ANNUAL_FILES = (YEAR_JSON, YEAR_XLSX, YEAR_HTML, PLAN_DOCX, PUBLIC_DOCX, ADJUSTMENT_DOCX)


def write_quarter(folder: Path, q: QuarterRun) -> None:
    """The quarter's outputs exactly as `shuangsui plan` writes them, plus its scenario folder."""
    folder.mkdir()
    if q.result.plan is not None:
        (folder / "plan.json").write_text(q.result.plan.to_json(), encoding="utf-8")
    write_plan_outputs(folder, q.scenario, q.result, q.evaluation)
    scenario_dir = folder / SCENARIO_DIR
    scenario_dir.mkdir()
    header = (
        f"shuangsui year: {q.period}，种子由公开种子按 year.json 的 seed_rule 导出，history 含此前各季度计划的检查",
    )
    (scenario_dir / "scenario.toml").write_text(rules_toml(q.scenario.rules, header), encoding="utf-8")
    write_tables(
        q.scenario, scenario_dir, dict.fromkeys(("objects", "inspectors", "items", "conflicts", "history"), Style.EN)
    )


def writer_processes(workers: int | None) -> int:
    """Processes for the quarter folders: as many as solver workers allowed (0/None = all cores), at most 4."""
    cores = os.cpu_count() or 1
    return max(1, min(4, workers or cores))


_PENDING: list[tuple[Path, QuarterRun]] = []  # what forked writers inherit (nothing is pickled)


def _write_pending(index: int) -> None:
    write_quarter(*_PENDING[index])


def _start_quarter_writers(jobs: list[tuple[Path, QuarterRun]], processes: int) -> Callable[[], None]:
    """Write the quarter folders in forked processes (charts and font subsets dominate the time);
    serially where fork is unavailable. Returns the call that waits for them."""
    if processes < 2 or len(jobs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for job in jobs:
            write_quarter(*job)
        return lambda: None
    _PENDING[:] = jobs
    pool = ProcessPoolExecutor(min(processes, len(jobs)), mp_context=multiprocessing.get_context("fork"))
    futures = [pool.submit(_write_pending, k) for k in range(len(jobs))]

    def wait() -> None:
        try:
            for future in futures:
                future.result()  # re-raises a writer's error here
        finally:
            pool.shutdown()
            _PENDING.clear()

    return wait


def write_year(
    out_dir: Path,
    run: YearRun,
    previous: dict[str, Any] | None = None,
    timings: dict[str, float] | None = None,
    processes: int = 1,
) -> dict[str, Any]:
    """Every output of `shuangsui year` into `out_dir` (which exists); returns year.json's content.

    With `processes` > 1 the quarter folders are written in that many forked processes while this
    one writes the annual files (the files are the same either way).
    """
    wait = _start_quarter_writers([(out_dir / q.period, q) for q in run.quarters], processes)
    figures = annual_figures(run)
    adjustment = diff(previous, figures) if previous is not None else None
    documents: list[str] = []
    if run.failed is None:
        annual_plan(figures, run.base, out_dir / PLAN_DOCX)
        annual_plan(figures, run.base, out_dir / PUBLIC_DOCX, public=True)
        documents += [PLAN_DOCX, PUBLIC_DOCX]
        if adjustment is not None:
            adjustment_note(figures, adjustment, out_dir / ADJUSTMENT_DOCX)
            documents.append(ADJUSTMENT_DOCX)
    names = {i.inspector_id: i.name for i in run.base.inspectors}
    tables = year_tables(figures, names, adjustment)
    write_year_outputs(out_dir, figures, tables, adjustment, documents, timings)
    wait()
    return {**figures, "adjustment": adjustment, "documents": documents}
