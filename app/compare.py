"""`shuangsui compare` as a use case: solve each scenario as `shuangsui plan` does, judge and rank them.

Each scenario is solved with its seed (uniqueness proof and, without a plan, the conflicting rules and
verified suggestions), checked by the independent checker, and its draw compared with the
quota-only draw (`app.draw_shift`). The scenarios are ranked by the criteria of `app.assess`.
The rules of every scenario are compared with the first one's (the baseline); when the scenarios
share the same directories, each differing rule is also applied alone to the baseline and solved,
so that the cost of each difference is measured rather than guessed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from shuangsui.app.assess import assess, recommend
from shuangsui.app.draw_shift import draw_shift
from shuangsui.app.plan import plan_period
from shuangsui.checker import evaluate
from shuangsui.models.domain import Scenario, ScenarioRules
from shuangsui.reports import records
from shuangsui.reports.records import Assessment, Compared, Difference, Versus
from shuangsui.scheduler.result import SolveResult

# Rule keys that are not rules of the plan (names, solver settings).
NOT_RULES = ("name", "period", "solver")
DATA_FIELDS = ("objects", "inspectors", "items", "conflicts", "history")

Progress = Callable[[int, int, str], Callable[["Run"], None]]


class Run(records.Run):
    """`reports.records.Run` as the application makes it: solved, checked, measured and judged."""

    @classmethod
    def of(cls, scenario: Scenario, result: SolveResult, label: str, folder: str = "", *, measure_shift: bool = True,
           workers: int | None = None) -> Run:  # fmt: skip
        """The run of `scenario` solved as `result`: the checker's verdict, the draw shift, the assessment."""
        plan = result.plan
        evaluation = None if plan is None else evaluate(scenario, plan)
        run = cls(scenario, result, label, assess(label, scenario, result, None), folder, evaluation)
        return run.with_shift(workers) if measure_shift else run

    def with_shift(self, workers: int | None = None) -> Run:
        """This run with its draw shift measured and its assessment made with it."""
        plan = self.result.plan
        shift = draw_shift(self.scenario, plan, workers) if plan is not None else None
        assessment = assess(self.label, self.scenario, self.result, shift)
        return type(self)(self.scenario, self.result, self.label, assessment, self.folder, self.evaluation, shift)


def unique_labels(scenarios: Sequence[Scenario], folders: Sequence[Path]) -> list[str]:
    """The scenario names, with the folder (then a number) added where names repeat."""
    names = [sc.rules.name for sc in scenarios]
    labels_ = [
        name if names.count(name) == 1 else f"{name}（{folder.name}）"
        for name, folder in zip(names, folders, strict=True)
    ]
    return [label if labels_.count(label) == 1 else f"{label}（{n}）" for n, label in enumerate(labels_, start=1)]


def solve_runs(
    scenarios: Sequence[Scenario],
    folders: Sequence[Path],
    *,
    seed: int | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    measure_shift: bool = True,
) -> list[Run]:
    """Solve each scenario as `shuangsui plan` does; `progress(n, total, label)` is told of each.
    `measure_shift=False`: the draw shifts are left for later (`Run.with_shift`)."""

    runs = []
    total = len(scenarios)
    for n, (sc, folder, label) in enumerate(zip(scenarios, folders, unique_labels(scenarios, folders), strict=True)):
        done = progress(n + 1, total, label) if progress else None
        result = plan_period(sc, seed=seed, time_limit=time_limit, workers=workers)
        run = Run.of(sc, result, label, str(folder), measure_shift=measure_shift, workers=workers)
        if done:
            done(run)
        runs.append(run)
    return runs


# ---------------------------------------------------------------- rule differences and their cost


def flat_rules(rules: ScenarioRules) -> dict[str, Any]:
    """'quota.general' -> 0.15, ...; [[directed]] as one key (JSON values)."""
    data = rules.model_dump(mode="json", exclude=set(NOT_RULES))
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat |= {f"{key}.{k}": v for k, v in value.items()}
        else:
            flat[key] = value
    return flat


def changed_rules(base: ScenarioRules, key: str, value: Any) -> ScenarioRules:
    """`base` with one flattened key set to `value`, validated like the loader does."""
    data = base.model_dump(mode="json")
    section, _, name = key.partition(".")
    if name:
        data[section] = {**data[section], name: value}
    else:
        data[section] = value
    return ScenarioRules.model_validate(data)


def same_data(a: Scenario, b: Scenario) -> bool:
    return all(getattr(a, name) == getattr(b, name) for name in DATA_FIELDS)


Alone = dict[tuple[int, str], Assessment]  # (scenario index, rule key) -> the baseline with that change
Change = tuple[int, str, Scenario]  # (scenario index, rule key, the baseline with that rule changed)


def differing_rules(base: ScenarioRules, rules: ScenarioRules) -> dict[str, Any]:
    """The flattened rules of `rules` that differ from `base`'s, with their values."""
    base_flat, flat = flat_rules(base), flat_rules(rules)
    return {key: value for key, value in flat.items() if value != base_flat.get(key)}


def alone_changes(scenarios: Sequence[Scenario]) -> list[Change]:
    """The baseline with one differing rule of a later scenario applied, for each scenario on the
    baseline's directories that differs in more than one rule.

    A scenario with one differing rule needs no such solve: its own figures are that rule's cost.
    Known from the inputs alone, so the solves can start before the scenarios' own (`shuangsui compare`).
    """
    if not scenarios:
        return []
    base = scenarios[0]
    changes = []
    for n, sc in enumerate(scenarios[1:], start=1):
        differing = differing_rules(base.rules, sc.rules)
        if same_data(base, sc) and len(differing) > 1:
            changes += [
                (n, key, base.model_copy(update={"rules": changed_rules(base.rules, key, value)}))
                for key, value in differing.items()
            ]
    return changes


def solve_change(
    scenario: Scenario,
    key: str,
    *,
    seed: int | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
) -> Assessment:
    """The baseline with one rule changed (`alone_changes`), solved without the uniqueness proof and judged."""
    from shuangsui.scheduler import solve

    result = solve(scenario, seed=seed, time_limit=time_limit, workers=workers, prove_uniqueness=False, explain=False)
    return Run.of(scenario, result, key, workers=workers).assessment


def change_jobs(
    changes: Sequence[Change],
    *,
    seed: int | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
) -> list[Callable[[], Assessment]]:
    """`solve_change` of each change, as jobs (for `reports.background.Aside`, or to run here)."""
    return [
        functools.partial(solve_change, sc, key, seed=seed, time_limit=time_limit, workers=workers)
        for _, key, sc in changes
    ]


def costs_of(changes: Sequence[Change], assessments: Sequence[Assessment]) -> Alone:
    """The assessments of `change_jobs`, by (scenario index, rule key)."""
    return {(n, key): found for (n, key, _), found in zip(changes, assessments, strict=True)}


def rule_differences(
    runs: Sequence[Run],
    *,
    alone: Alone | None = None,
    seed: int | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
) -> list[Versus]:
    """Every scenario after the first against the first, with each differing rule's cost alone on
    shared data: `alone` (`costs_of` the `change_jobs` of `alone_changes`), solved here when not given."""
    if not runs:
        return []
    if alone is None:
        changes = alone_changes([run.scenario for run in runs])
        jobs = change_jobs(changes, seed=seed, time_limit=time_limit, workers=workers)
        alone = costs_of(changes, [job() for job in jobs])
    base = runs[0]
    base_rules = flat_rules(base.scenario.rules)
    found = []
    for n, run in enumerate(runs[1:], start=1):
        differing = differing_rules(base.scenario.rules, run.scenario.rules)
        shared = same_data(base.scenario, run.scenario)
        diffs = []
        for key, value in differing.items():
            cost = None
            if shared:
                cost = alone[n, key] if len(differing) > 1 else run.assessment
            diffs.append(Difference(key, base_rules.get(key), value, cost))
        found.append(Versus(n, shared, tuple(diffs)))
    return found


def compare_scenarios(
    scenarios: Sequence[Scenario],
    folders: Sequence[Path],
    *,
    seed: int | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Compared:
    """Solve, judge, rank and measure the rule differences of `scenarios` (the first is the baseline)."""
    runs = solve_runs(scenarios, folders, seed=seed, time_limit=time_limit, workers=workers, progress=progress)
    return compare_runs(runs, seed=seed, time_limit=time_limit, workers=workers)


def compare_runs(
    runs: Sequence[Run],
    *,
    alone: Alone | None = None,
    seed: int | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
) -> Compared:
    """Judge and rank solved `runs` (`solve_runs`) and measure their rule differences (`rule_differences`)."""
    assessments = tuple(run.assessment for run in runs)
    versus = rule_differences(runs, alone=alone, seed=seed, time_limit=time_limit, workers=workers)
    return Compared(tuple(runs), assessments, recommend(assessments), tuple(versus))
