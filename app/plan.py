"""`shuangsui plan` as a use case: solve, and when no plan exists the verified suggestions.

The planner (`shuangsui.scheduler.solve`) finds the plan, or the minimal set of rule families in
conflict; the suggestions re-solve changed scenarios (`app.suggest`), so they belong here, above
the planner. The independent checker's verdict and the files of a plan are written from here too.
"""

from __future__ import annotations

import functools
import os
import time
from dataclasses import replace
from pathlib import Path

from shuangsui.app.lifecycle.plan_files import prepare_writers, task_file_jobs, write_task_files
from shuangsui.app.suggest import suggest
from shuangsui.checker import Evaluation, evaluate
from shuangsui.models.digest import input_digest, with_digest
from shuangsui.models.domain import Scenario
from shuangsui.models.errors import EXIT_INFEASIBLE, EXIT_OK, EXIT_TIMEOUT, EXIT_VIOLATIONS
from shuangsui.reports.background import Background, Helper, Pending, Shared
from shuangsui.reports.outputs import write_plan_outputs
from shuangsui.scheduler.pipeline import solve
from shuangsui.scheduler.result import Plan, SolveResult, SolveStatus

PLAN_JSON = "plan.json"
# From this many checks the task sheets get a forked process of their own (on two cores: below it the
# report's charts are the longer job, and a third process would only slow them down). Whole `plan`,
# median of 5 interleaved, in process / apart: 105 checks 1.33 / 1.47 s, 314 2.14 / 2.23, 626 2.65 / 2.59,
# 1,042 5.24 / 4.71.
TASKS_APART = 600
# From this many objects the chart helper also imports the file writers while the planner solves: the
# plan then likely has TASKS_APART checks (1,500 objects gave 314, 5,000 gave 1,042).
WRITERS_PREPARED = 2_500
# From this many objects the input digest is computed by a forked child beside the planner (below it
# the digest takes a few milliseconds, less than the fork).
DIGEST_APART = 2_000


def plan_period(
    scenario: Scenario,
    *,
    seed: int | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
    prove_uniqueness: bool = True,
    explain: bool = True,
    allow_below_minimum: bool = False,
) -> SolveResult:
    """Plan one period as `shuangsui plan` does.

    Parameters
    ----------
    scenario
        The loaded scenario.
    seed, time_limit, workers
        Override the scenario's settings (None: the scenario's).
    prove_uniqueness
        Prove each stage's optimum unique.
    explain
        Without a plan: the conflicting rule families and verified suggestions; with one: which
        rule moved the credit-risk draw.
    allow_below_minimum
        Let suggestions lower a rule's minimum too (else resource changes only).

    Returns
    -------
    SolveResult
        The planner's result, with the suggestions when no plan exists (`wall_time` includes them).
    """
    started = time.perf_counter()
    result = solve(
        scenario,
        seed=seed,
        time_limit=time_limit,
        workers=workers,
        prove_uniqueness=prove_uniqueness,
        explain=explain,
    )
    if result.status is not SolveStatus.INFEASIBLE:
        return result
    families = {c.rule for c in result.conflicts}
    suggestions = suggest(scenario, families, allow_below_minimum=allow_below_minimum) if explain else []
    return replace(
        result,
        suggestions=tuple(suggestions),
        below_minimum_allowed=allow_below_minimum,
        wall_time=round(time.perf_counter() - started, 3),
    )


def digest_beside(scenario: Scenario) -> tuple[Scenario, Pending[str]]:
    """The scenario and its input digest to come: the digest it has already; else, from DIGEST_APART
    objects, computed by a forked child while the planner starts (0.46 s of the 20,000-object
    scenario's loading, 0.08 s at 5,000); else computed now and set on the scenario."""
    if not scenario.input_digest and len(scenario.objects) < DIGEST_APART:
        scenario = with_digest(scenario, input_digest(scenario))
    if scenario.input_digest:
        digest = scenario.input_digest
        return scenario, Pending(lambda: digest)
    return scenario, Background(functools.partial(input_digest, scenario))


def with_input_digest(scenario: Scenario, result: SolveResult, digest: str) -> tuple[Scenario, SolveResult]:
    """The scenario and the plan with `digest` as their input digest (the plan was built without it)."""
    if scenario.input_digest != digest:
        scenario = with_digest(scenario, digest)
    plan = result.plan
    if plan is not None and plan.input_digest != digest:
        result = replace(result, plan=replace(plan, input_digest=digest))
    return scenario, result


def verdict(scenario: Scenario, result: SolveResult) -> Evaluation | None:
    """The independent checker's verdict on the plan (None without a plan)."""
    return None if result.plan is None else evaluate(scenario, result.plan)


def write_plan_files(
    folder: Path,
    scenario: Scenario,
    result: SolveResult,
    evaluation: Evaluation | None = None,
    helper: Helper | None = None,
) -> Evaluation | None:
    """Every file of `shuangsui plan` into `folder` (an existing staging folder); returns the checker's
    verdict (`evaluation` when given, else the checker runs here, beside the child writing task files).

    plan.json and the task files when a plan exists; plan.csv, plan.xlsx, report.html and
    feasibility.json (`reports.write_plan_outputs`) always. `helper`: the chart child forked at the
    command's start (`reports.chart_helper`), if any.
    """
    plan = result.plan
    if plan is None:
        write_plan_outputs(folder, scenario, result, evaluation, helper=helper)
        return evaluation
    # A small plan's task files are written here while the report's charts are drawn (in the first child).
    # A large plan's are shared with the chart helper, which has imported their writers while the planner
    # solved (`prepare_helper`): it starts on tasks.docx at once and draws the charts; this process runs
    # the checker and writes its own files; then whoever is free first takes the longest file left.
    # 5,000 objects: 0.87 -> 0.70 s after the solve, against a second child forked here (still the way
    # without a helper; split over two children they were slower: 20,000 objects 6.0 -> 6.6 s around
    # the solve, against 6.9 -> 6.2 s for one child).
    if len(plan.checks) < TASKS_APART and few_cores():
        _write_plan_json(folder, plan)
        evaluation = evaluation if evaluation is not None else verdict(scenario, result)
        tasks = functools.partial(write_task_files, folder, scenario, plan)
        write_plan_outputs(folder, scenario, result, evaluation, meanwhile=tasks, helper=helper)
        return evaluation
    if helper is not None and few_cores():
        files = helper.share(task_file_jobs(folder, scenario, plan), now=1)  # the rest after the charts
        _write_plan_json(folder, plan)
        evaluation = evaluation if evaluation is not None else verdict(scenario, result)
        write_plan_outputs(folder, scenario, result, evaluation, helper=helper, files=files)
        return evaluation
    shared = Shared(task_file_jobs(folder, scenario, plan))
    sheets = Background(shared.front)
    try:
        _write_plan_json(folder, plan)
        evaluation = evaluation if evaluation is not None else verdict(scenario, result)
        write_plan_outputs(folder, scenario, result, evaluation, helper=helper)
        shared.back()
        sheets.result()
        shared.finish()
    finally:
        sheets.close()  # a no-op once collected
    return evaluation


def _write_plan_json(folder: Path, plan: Plan) -> None:
    (folder / PLAN_JSON).write_text(plan.to_json(), encoding="utf-8")


def prepare_helper(helper: Helper, scenario: Scenario) -> None:
    """Have `helper` import the file writers (python-docx, XlsxWriter: ~0.2 s) while the planner
    solves, when the plan will likely be large enough for it to write files (`write_plan_files`)."""
    if len(scenario.objects) >= WRITERS_PREPARED and few_cores():
        helper.run(prepare_writers)


def few_cores() -> bool:
    """Two cores or fewer: the parent and one child keep them busy (a third process only slows them)."""
    return (os.cpu_count() or 1) < 3


def plan_exit_code(result: SolveResult, evaluation: Evaluation | None) -> int:
    """0 plan written, 4 the plan failed the independent check, 3 no plan exists, 5 none within the time limit."""
    if result.plan is not None:
        return EXIT_VIOLATIONS if evaluation is not None and evaluation.violations else EXIT_OK
    return EXIT_INFEASIBLE if result.status is SolveStatus.INFEASIBLE else EXIT_TIMEOUT
