"""One module per rule family of the data contract (section 3), named as in `models.rules`, and the
registry `FAMILIES`: every family once, with the constraint builders of each kind of model.

The kinds of model a family can post constraints in:

- `aggregate`: the draw models, where only totals are known (`model, problem, selection`);
- `per_check`: a group per check (`model, problem, groups`), in the complete model and in staffing;
- `standing`: variable standing teams and their checks (`model, problem, teams, assignment, offsite`);
- `fixed_teams`: checks given to teams already formed (`model, problem, members, assignment, offsite`),
  with `fixed_team_filter(problem, object)` saying which formed teams may take an on-site check.

The complete model (`scheduler.complete`), the staged staffing models (`scheduler.staffing`) and the
explanation core (`scheduler.explain`) all iterate over `FAMILIES`; the decision variables they
constrain are created in `scheduler.variables`. `switchable` says whether the explanation may switch
a family off: then none of its constraints is posted (avoidance, which also narrows the candidate
inspectors of every check, `narrows_candidates`, then leaves the candidates unfiltered). Families
without builders are enforced before any model is built (`enforced`) and are never switched off.
Two effects of avoidance are fixed before any model and stay when it is switched off: objects no
eligible group could check are undrawable (`Problem.undrawable`), and an inspector who must avoid every
on-site object is left out of the standing teams' pool (`Problem.left_out`).
`FAMILIES` is in the explanation's deletion order (draw rules first, then staffing rules), which
decides which minimal conflict is found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model
from shuangsui.models.domain import InspectionObject
from shuangsui.models.rules import RuleFamily
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.rules import (
    avoidance,
    capacity,
    credit_risk_draws,
    directed_draws,
    groups,
    inter_department,
    internal_joint,
    one_check_per_object,
    positive_list,
    specialty,
)
from shuangsui.scheduler.variables import Assignment, Groups, Selection, Teams

Aggregate = Callable[[cp_model.CpModel, Problem, Selection], None]
PerCheck = Callable[[cp_model.CpModel, Problem, Sequence[Groups]], None]
Standing = Callable[[cp_model.CpModel, Problem, Teams, Assignment, Groups], None]
FixedTeams = Callable[[cp_model.CpModel, Problem, list[tuple[int, ...]], Assignment, Groups], None]
TeamFilter = Callable[[Problem, InspectionObject], Callable[[tuple[int, ...]], bool]]


@dataclass(frozen=True)
class Family:
    """A rule family and how each kind of model enforces it."""

    rule: RuleFamily
    aggregate: Aggregate | None = None
    per_check: PerCheck | None = None
    standing: Standing | None = None
    fixed_teams: FixedTeams | None = None
    fixed_team_filter: TeamFilter | None = None
    narrows_candidates: bool = False  # the candidate inspectors of a check exclude what it forbids
    switchable: bool = True  # the explanation may leave it out
    enforced: str = ""  # families without builders: where the rule is enforced instead

    @property
    def name(self) -> str:
        return self.rule.value

    def posts(self, *, staffing_rules: bool, standing: bool) -> bool:
        """Whether the complete model (or, without `staffing_rules`, the draw model) holds any of
        this family's constraints: only then can switching it off change the model."""
        if self.aggregate is not None:
            return True
        if not staffing_rules:
            return False
        return self.narrows_candidates or (self.standing if standing else self.per_check) is not None


FAMILIES: tuple[Family, ...] = (
    Family(RuleFamily.CREDIT_RISK_DRAWS, aggregate=credit_risk_draws.aggregate),
    Family(RuleFamily.POSITIVE_LIST, aggregate=positive_list.aggregate),
    Family(RuleFamily.DIRECTED_DRAWS, aggregate=directed_draws.aggregate),
    Family(RuleFamily.INTER_DEPARTMENT, aggregate=inter_department.aggregate),
    Family(RuleFamily.ONE_CHECK_PER_OBJECT, aggregate=one_check_per_object.aggregate),
    Family(
        RuleFamily.CAPACITY,
        aggregate=capacity.aggregate,
        per_check=capacity.per_check,
        standing=capacity.standing,
        fixed_teams=capacity.fixed_teams,
    ),
    Family(
        RuleFamily.SPECIALTY,
        aggregate=specialty.aggregate,
        per_check=specialty.per_check,
        standing=specialty.standing,
        fixed_team_filter=specialty.fixed_team_filter,
    ),
    Family(
        RuleFamily.INTERNAL_JOINT,
        aggregate=internal_joint.aggregate,
        per_check=internal_joint.per_check,
        standing=internal_joint.standing,
        fixed_teams=internal_joint.fixed_teams,
    ),
    Family(
        RuleFamily.AVOIDANCE,
        standing=avoidance.standing,
        fixed_team_filter=avoidance.fixed_team_filter,
        narrows_candidates=True,
    ),
    # The structure every staffing rule stands on: per-check group sizes here, standing teams in
    # `staffing.standing_structure`; never switched off.
    Family(RuleFamily.GROUPS, per_check=groups.per_check, switchable=False),
    Family(
        RuleFamily.CREDIT_SHARE,
        switchable=False,
        enforced="scheduler/precheck.py: the draw counts are fixed, so the share is known before solving",
    ),
    Family(
        RuleFamily.MODE,
        switchable=False,
        enforced="scheduler/problem.py (Problem.mode): each draw option of an object carries its check's mode",
    ),
    Family(
        RuleFamily.ANNUAL_CAP,
        switchable=False,
        enforced="scheduler/problem.py (Problem.undrawable): objects at their annual cap cannot be drawn",
    ),
    Family(
        RuleFamily.UNDRAWABLE,
        switchable=False,
        enforced="scheduler/problem.py (Problem.undrawable): objects no eligible group could check",
    ),
    Family(
        RuleFamily.PLAN_FORMAT,
        switchable=False,
        enforced="scheduler/plan_builder.py and scheduler/result.py: plan.json as section 5 of the contract",
    ),
)

BY_RULE: dict[RuleFamily, Family] = {f.rule: f for f in FAMILIES}
# The rules of the draw itself: posted in the draw models only (no staffing builder).
DRAW_RULES = frozenset(
    f.rule for f in FAMILIES if f.aggregate and not (f.per_check or f.standing or f.fixed_teams or f.narrows_candidates)
)
Keep = Callable[[RuleFamily], bool]


def keep_all(rule: RuleFamily) -> bool:
    return True


def keeping(families: set[RuleFamily] | None) -> Keep:
    """Which families a model holds: all (None), or those of `families` plus every family that cannot
    be switched off."""
    if families is None:
        return keep_all
    return lambda rule: rule in families or not BY_RULE[rule].switchable


def switchable(*, staffing_rules: bool, standing: bool) -> tuple[RuleFamily, ...]:
    """The families the explanation may switch off in this model, in deletion order: switchable, and
    holding constraints there (switching off a family the model does not hold would prove nothing)."""
    return tuple(f.rule for f in FAMILIES if f.switchable and f.posts(staffing_rules=staffing_rules, standing=standing))


def candidates(problem: Problem, keep: Keep) -> Callable[[InspectionObject, object], list[int]]:
    """The candidate inspectors of a check: `Problem.allowed`, or `Problem.able` (capacity only) when a
    family that narrows the candidates is switched off."""
    narrowing = [f.rule for f in FAMILIES if f.narrows_candidates]
    return problem.allowed if all(keep(rule) for rule in narrowing) else problem.able  # type: ignore[return-value]


def add_aggregate(model: cp_model.CpModel, problem: Problem, sel: Selection, keep: Keep = keep_all) -> None:
    for family in FAMILIES:
        if family.aggregate is not None and keep(family.rule):
            family.aggregate(model, problem, sel)


def add_per_check(model: cp_model.CpModel, problem: Problem, grps: Sequence[Groups], keep: Keep = keep_all) -> None:
    for family in FAMILIES:
        if family.per_check is not None and keep(family.rule):
            family.per_check(model, problem, grps)


def add_standing(
    model: cp_model.CpModel, problem: Problem, teams: Teams, asg: Assignment, off: Groups, keep: Keep = keep_all
) -> None:
    for family in FAMILIES:
        if family.standing is not None and keep(family.rule):
            family.standing(model, problem, teams, asg, off)


def add_fixed_teams(
    model: cp_model.CpModel, problem: Problem, members: list[tuple[int, ...]], asg: Assignment, off: Groups
) -> None:
    for family in FAMILIES:
        if family.fixed_teams is not None:
            family.fixed_teams(model, problem, members, asg, off)


def team_filters(problem: Problem, obj: InspectionObject) -> list[Callable[[tuple[int, ...]], bool]]:
    """For formed teams: the tests a team must pass to take the object's on-site check."""
    return [f.fixed_team_filter(problem, obj) for f in FAMILIES if f.fixed_team_filter is not None]
