"""`write_plan_outputs`: every output of `shuangsui plan` except plan.json (the caller's)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from shuangsui.checker import Evaluation
from shuangsui.checker import evaluate as check_plan
from shuangsui.models.domain import Scenario
from shuangsui.reports import figure_tables, labels, plan_tables, rule_tables
from shuangsui.reports.background import Helper, Pending, Shared
from shuangsui.reports.chart_helper import draw_charts
from shuangsui.reports.feasibility import write_feasibility
from shuangsui.reports.plan_csv import write_plan_csv
from shuangsui.reports.tables import ReportInput, Table
from shuangsui.scheduler.result import Plan, SolveResult

PLAN_CSV = "plan.csv"
PLAN_XLSX = "plan.xlsx"
FEASIBILITY_JSON = "feasibility.json"
REPORT_HTML = "report.html"

# The sheets of plan.xlsx, in order.
WORKBOOK_SHEETS = ("plan", "teams", "rules", "strata", "workload", "undrawable")


def evaluate(scenario: Scenario, plan: Plan | None) -> Evaluation | None:
    """The independent checker's view of the plan (None without a plan)."""
    return None if plan is None else check_plan(scenario, plan)


def build_tables(ri: ReportInput) -> dict[str, Table]:
    """Every table of the reports, by code name (one builder per table)."""
    builders = (
        plan_tables.plan_table,
        plan_tables.plan_brief_table,
        plan_tables.team_table,
        plan_tables.workload_table,
        plan_tables.undrawable_table,
        rule_tables.rule_table,
        rule_tables.violation_table,
        rule_tables.strata_table,
        rule_tables.stage_table,
        rule_tables.conflict_table,
        rule_tables.suggestion_table,
        figure_tables.mode_table,
        figure_tables.draw_table,
        figure_tables.joint_table,
        figure_tables.specialty_table,
        figure_tables.township_table,
    )
    built = [build(ri) for build in builders]
    return {table.key: table for table in built}


def write_plan_outputs(
    out_dir: Path,
    scenario: Scenario,
    result: SolveResult,
    evaluation: Evaluation | None = None,
    draw_shift: dict | None = None,
    meanwhile: Callable[[], object] | None = None,
    helper: Helper | None = None,
    files: Shared | None = None,
) -> list[Path]:
    """Write plan.csv and plan.xlsx (when a plan exists), feasibility.json and report.html.

        `out_dir` exists; atomicity and plan.json are the caller's. `evaluation` is the checker's
        verdict on `result.plan` when the caller has it already (so the checker runs once), else it is
        computed here. `draw_shift` (the draw moved by capacity, when a caller measured it) goes to the
        report's first screen; without it the planner's own measure is shown. `meanwhile` is more of the
        caller's writing (the task sheets), done while a forked process draws the charts: `helper` (forked
    at the command's start, `reports.chart_helper`), else one forked here. `files`: more of the caller's
    writing shared with `helper` (`Helper.share`), the longest first: the helper takes what is left once
    the charts are drawn, this process once its own files are written. Returns the paths written.
    """
    out_dir = Path(out_dir)
    if evaluation is None:
        evaluation = evaluate(scenario, result.plan)
    ri = ReportInput(scenario, result, evaluation)
    tables = build_tables(ri)
    charts = draw_charts(helper, tables, have_plan=result.plan is not None)  # beside the writing
    if helper is not None and files is not None:
        helper.take(files)
    try:
        return _write(out_dir, scenario, result, ri, tables, charts, draw_shift, meanwhile, files)
    finally:
        charts.close()  # a no-op once the charts were collected


def _write(
    out_dir: Path,
    scenario: Scenario,
    result: SolveResult,
    ri: ReportInput,
    tables: dict[str, Table],
    charts: Pending[dict[str, bytes]],
    draw_shift: dict | None,
    meanwhile: Callable[[], object] | None,
    files: Shared | None,
) -> list[Path]:
    # The writers' libraries (XlsxWriter, Jinja2: ~0.13 s) are imported only now, once the charts are
    # handed over: the child draws meanwhile, so the import is off the command's critical path.
    from shuangsui.reports.excel import plan_heading, write_workbook
    from shuangsui.reports.html import report_before_charts, write_report

    if meanwhile is not None:
        meanwhile()
    written: list[Path] = []
    if result.plan is not None:
        written.append(write_plan_csv(out_dir / PLAN_CSV, scenario, result.plan))
        sheets = [tables[name] for name in WORKBOOK_SHEETS]
        rules, plan = scenario.rules, result.plan
        status = labels.STATUS_ZH[plan.status].split("（")[0]
        heading = plan_heading(rules.name, rules.period, plan.seed, plan.input_digest, status)
        written.append(write_workbook(out_dir / PLAN_XLSX, sheets, rules.name, rules.period, heading))
    written.append(write_feasibility(out_dir / FEASIBILITY_JSON, ri, tables))
    # The page is rendered while the child draws (~1 s at 20,000 objects), the charts put in after.
    names = figure_tables.report_chart_names(tables, have_plan=result.plan is not None)
    finish = report_before_charts(ri, tables, names, draw_shift=draw_shift)
    if files is not None:  # the longest left first, as the helper takes them: whoever is free first
        files.front()
    written.append(write_report(out_dir / REPORT_HTML, finish(charts.result())))
    if files is not None:
        files.finish()
    return written
