"""Judging solved scenarios or settings by the same criteria, and ranking them.

Criteria, in order (each breaks the ties of the one before):
1. a plan exists (infeasible and undecided ones are never recommended);
2. the plan is usable as a team plan: in standing mode at least two teams (one team doing every
   check is feasible on paper, not a plan a bureau can run);
3. the staffing rules did not move the draw (the quota-only draw, `app.draw_shift`): the random
   draw is then exactly what the quotas and the seed give;
4. the workload is balanced: the highest inspector utilisation less the median one (`spread`), in
   whole percentage points; then the highest utilisation itself;
5. fewer inspectors left out (in no team, or without any check);
6. fewer draws moved; 7. a higher internal-joint share; 8. the order given.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction

from shuangsui.models.domain import Scenario
from shuangsui.models.enums import Mode, TeamMode
from shuangsui.reports.records import Assessment, DrawShift, Recommendation, feasible_of
from shuangsui.scheduler.result import SolveResult


def utilisations(scenario: Scenario, result: SolveResult) -> dict[str, float]:
    """(on-site + offsite_weight x off-site) / capacity per eligible inspector with capacity."""
    plan = result.plan
    weight = Fraction(repr(scenario.rules.teams.offsite_weight))
    used: Counter[str] = Counter()
    for check in plan.checks if plan else ():
        for pid in check.inspector_ids:
            used[pid] += 1 if check.mode == Mode.ONSITE.value else weight  # type: ignore[assignment]
    return {
        p.inspector_id: float(Fraction(used[p.inspector_id]) / p.capacity)
        for p in scenario.inspectors
        if p.eligible and p.capacity > 0
    }


def assess(label: str, scenario: Scenario, result: SolveResult, shift: DrawShift | None) -> Assessment:
    """The figures of one solve."""
    plan = result.plan
    standing = scenario.rules.teams.mode is TeamMode.STANDING
    feasible = feasible_of(result.status)
    if plan is None:
        none = dict.fromkeys(
            ("checks", "onsite", "teams", "idle_teams", "left_out", "util_max", "util_median", "internal_share")
        )
        return Assessment(label, result.status.value, feasible, standing, **none, moved=None, onsite_shift=None)  # type: ignore[arg-type]
    util = utilisations(scenario, result)
    units = {p.inspector_id: p.unit for p in scenario.inspectors}
    joint = sum(1 for c in plan.checks if len({units.get(i) for i in c.inspector_ids}) >= 2)
    busy = {pid for c in plan.checks for pid in c.inspector_ids}
    if standing:
        in_team = {pid for t in plan.teams for pid in t.inspector_ids}
        used_teams = {c.team_id for c in plan.checks if c.team_id}
        teams, idle = len(plan.teams), sum(1 for t in plan.teams if t.team_id not in used_teams)
        left_out = sum(1 for pid in util if pid not in in_team)
    else:
        teams = len({c.inspector_ids for c in plan.checks if c.mode == Mode.ONSITE.value})
        idle, left_out = 0, sum(1 for pid in util if pid not in busy)
    values = list(util.values())
    return Assessment(
        label=label,
        status=result.status.value,
        feasible=feasible,
        standing=standing,
        checks=len(plan.checks),
        onsite=sum(1 for c in plan.checks if c.mode == Mode.ONSITE.value),
        teams=teams,
        idle_teams=idle,
        left_out=left_out,
        util_max=round(max(values), 4) if values else None,
        util_median=round(statistics.median(values), 4) if values else None,
        internal_share=round(joint / len(plan.checks), 4) if plan.checks else None,
        moved=None if shift is None else shift.moved,
        onsite_shift=None if shift is None else shift.onsite_shift,
    )


def rank_key(a: Assessment, position: int) -> tuple:
    """The order of the criteria in the module docstring (smaller is better)."""
    if not a.feasible:
        return (1, position)
    moved = a.moved if a.moved is not None else 0
    return (
        0,
        not a.usable,
        moved > 0,
        round(100 * (a.spread or 0)),
        round(100 * (a.util_max or 0)),
        a.left_out or 0,
        moved,
        -(a.internal_share or 0),
        position,
    )


def ranking(assessments: Sequence[Assessment]) -> list[int]:
    """Indices of `assessments`, best first (those without a plan last, in their order)."""
    return sorted(range(len(assessments)), key=lambda n: rank_key(assessments[n], n))


def recommend(assessments: Sequence[Assessment]) -> Recommendation:
    """Rank, then recommend the first usable one and name the next usable one as runner-up."""
    order = ranking(assessments)
    usable = [n for n in order if assessments[n].usable]
    best = usable[0] if usable else None
    runner_up = usable[1] if len(usable) > 1 else None
    return Recommendation(tuple(order), best, runner_up)
