"""`shuangsui sweep` as a use case: one seeded plan per (team size, capacity scale) setting, judged and ranked.

What the team lead tunes before fixing a period's rules: how many inspectors per on-site check, and
how much capacity the inspectors need to have. Every setting of the cartesian product is planned
with the scenario's public seed (or `--seed`), like `shuangsui plan`, except that to save time

- the uniqueness of each optimum is not proven (`prove_uniqueness=False`): "optimal" still means
  every stage was proven optimal, so the setting's plan is reproducible from the seed;
- no fix suggestions are computed for settings without a plan (`explain=False`: each suggestion is
  several more solves); the conflicting rule families are still named;
- each setting gets its own time limit, by default `SWEEP_TIME_LIMIT` seconds (or the scenario's
  limit if lower): a setting near the edge of feasibility may end "unknown".

Each setting's draw is compared with the quota-only draw (`app.draw_shift`), and the settings are
ranked by the criteria of `app.assess`: the best usable one is recommended, the next is the runner-up.

Capacity scale: every inspector's capacity becomes `capacity x scale` rounded half up to an integer
(computed exactly: 9 x 0.5 = 4.5 -> 5, 7 x 0.7 = 4.9 -> 5, 5 x 0.5 = 2.5 -> 3), never below 0.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from shuangsui.app.assess import recommend
from shuangsui.app.compare import Run
from shuangsui.models.domain import Scenario
from shuangsui.reports.records import Setting, SweepRun, Swept, scaled_capacity

SWEEP_TIME_LIMIT = 10.0  # seconds per setting, unless --time-limit (or a lower scenario limit)
MIN_TEAM_SIZE = 2
SEPARATORS = re.compile(r"[,，;；、\s]+")


# ---------------------------------------------------------------- the options


def _values(text: str) -> list[str]:
    values = [v for v in SEPARATORS.split(text.strip()) if v]
    if not values:
        raise ValueError("至少给出一个值，多个值用逗号分隔，例如 2,3,4 (give at least one value)")
    return values


def _unique(values: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(values))


def parse_team_sizes(text: str) -> tuple[int, ...]:
    """'2,3,4' -> (2, 3, 4); every value an integer >= 2 (repeated values once)."""
    sizes = []
    for value in _values(text):
        if not re.fullmatch(r"[0-9]+", value):
            raise ValueError(f"每组人数须为整数，多个值用逗号分隔，例如 2,3,4 (not an integer): {value!r}")
        if int(value) < MIN_TEAM_SIZE:
            raise ValueError(f"现场检查每组至少 {MIN_TEAM_SIZE} 人 (team size must be >= {MIN_TEAM_SIZE}): {value}")
        sizes.append(int(value))
    return _unique(sizes)


def parse_scales(text: str) -> tuple[Fraction, ...]:
    """'0.8,1.0,1.2' -> exact fractions 4/5, 1, 6/5; every value a positive decimal."""
    scales = []
    for value in _values(text):
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)?|\.[0-9]+", value):
            raise ValueError(f"能力倍数须为正数，多个值用逗号分隔，例如 0.8,1.0,1.2 (not a number): {value!r}")
        scale = Fraction(value)
        if scale <= 0:
            raise ValueError(f"能力倍数须大于 0 (capacity scale must be > 0): {value}")
        scales.append(scale)
    return _unique(scales)


# ---------------------------------------------------------------- the settings


def setting_scenario(scenario: Scenario, team_size: int, scale: Fraction) -> Scenario:
    """The scenario with `teams.size` and every inspector's capacity changed.

    Built anew rather than with `model_copy`, which would carry over the cached id indexes
    (`inspector_by_id`) of the original inspectors.
    """
    rules = scenario.with_rules(teams=scenario.rules.teams.model_copy(update={"size": team_size})).rules
    inspectors = tuple(
        p.model_copy(update={"capacity": scaled_capacity(p.capacity, scale)}) for p in scenario.inspectors
    )
    fields = {name: getattr(scenario, name) for name in Scenario.model_fields}
    return Scenario(**{**fields, "rules": rules, "inspectors": inspectors})


def settings_of(team_sizes: Sequence[int], scales: Sequence[Fraction]) -> list[Setting]:
    """The cartesian product, team size first."""
    return [Setting(size, scale) for size, scale in itertools.product(team_sizes, scales)]


def setting_time_limit(scenario: Scenario, time_limit: float | None) -> float:
    return time_limit if time_limit is not None else min(SWEEP_TIME_LIMIT, scenario.rules.solver.time_limit)


def run_sweep(
    scenario: Scenario,
    team_sizes: Sequence[int],
    scales: Sequence[Fraction],
    *,
    seed: int | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
    progress: Callable[[int, int, str], Callable[[Run], None]] | None = None,
) -> list[SweepRun]:
    """Plan every setting (seeded); `progress(n, total, label)` is told of each."""
    from shuangsui.scheduler import solve

    limit = setting_time_limit(scenario, time_limit)
    todo = settings_of(team_sizes, scales)
    runs = []
    for n, setting in enumerate(todo, start=1):
        done = progress(n, len(todo), setting.label) if progress else None
        changed = setting_scenario(scenario, setting.team_size, setting.scale)
        result = solve(changed, seed=seed, time_limit=limit, workers=workers, prove_uniqueness=False, explain=False)
        run = Run.of(changed, result, setting.label, workers=workers)
        if done:
            done(run)
        runs.append(SweepRun(setting, run))
    return runs


def sweep(
    scenario: Scenario,
    folder: str,
    team_sizes: Sequence[int],
    scales: Sequence[Fraction],
    *,
    seed: int | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
    progress: Callable[[int, int, str], Callable[[Run], None]] | None = None,
) -> Swept:
    """Plan, judge and rank every setting."""
    runs = run_sweep(scenario, team_sizes, scales, seed=seed, time_limit=time_limit, workers=workers, progress=progress)
    assessments = tuple(sr.run.assessment for sr in runs)
    return Swept(
        scenario,
        folder,
        tuple(team_sizes),
        tuple(scales),
        scenario.rules.seed if seed is None else seed,
        setting_time_limit(scenario, time_limit),
        tuple(runs),
        assessments,
        recommend(assessments),
    )
