"""One module per rule family of the data contract (section 3), named as in `models.rules`, and the
registry `FAMILIES`: every family once, with the constraint builders of each kind of model.

The kinds of model a family can post constraints in:

- `aggregate`: the draw models, where only totals are known (`model, problem, selection`);
- `per_check`: a group per check (`model, problem, groups`), in the complete model and in staffing;
- `standing`: variable standing teams and their checks (`model, problem, teams, assignment, offsite`);
- `fixed_teams`: checks given to teams already formed (`model, problem, members, assignment, offsite`),
  with `fixed_team_filter(problem, object)` saying which formed teams may take an on-site check
  (a key of the object and the test: `TeamsAllowed` scans the teams once per key).

The complete model (`scheduler.complete`), the staged staffing models (`scheduler.staffing`) and the
explanation core (`scheduler.explain`) all iterate over `FAMILIES`; the decision variables they
constrain are created in `scheduler.variables`. `switchable` says whether the explanation may switch
a family off: then none of its constraints holds (`Keep`: either not posted, or posted under a literal
fixed to false; avoidance, which also narrows the candidate inspectors of every check,
`narrows_candidates`, then leaves the candidates unfiltered, and under a literal forbids the avoided
pairs itself). Families
without builders are enforced before any model is built (`enforced`) and are never switched off.
Two effects of avoidance are fixed before any model and stay when it is switched off: objects no
eligible group could check are undrawable (`Problem.undrawable`), and an inspector who must avoid every
on-site object is left out of the standing teams' pool (`Problem.left_out`).
`FAMILIES` is in the explanation's deletion order (draw rules first, then staffing rules), which
decides which minimal conflict is found.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
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
# A formed team's test for one object's on-site check, and what of the object the test depends on
# (equal keys: the same test, so `TeamsAllowed` runs it once per key).
TeamTest = tuple[Hashable, Callable[[tuple[int, ...]], bool]]
TeamFilter = Callable[[Problem, InspectionObject], TeamTest]


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
        per_check=avoidance.per_check,
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


class Enforced:
    """`model` for one rule family's builder, with every constraint it adds enforced by `literals`
    (all true: the family holds; one false: it is off). Variables are created in `model` itself."""

    def __init__(self, model: cp_model.CpModel, literals: Sequence[cp_model.IntVar]) -> None:
        self.model, self.literals = model, list(literals)

    def __getattr__(self, name: str) -> object:
        return getattr(self.model, name)  # new_bool_var, new_int_var, ...

    def add(self, ct: cp_model.BoundedLinearExpression | bool) -> None:
        self.model.add(ct).only_enforce_if(self.literals)

    def add_at_most_one(self, literals: Iterable[cp_model.LiteralT]) -> None:
        self.model.add(sum(literals) <= 1).only_enforce_if(self.literals)  # at_most_one takes none

    def add_implication(self, a: cp_model.LiteralT, b: cp_model.LiteralT) -> None:
        self.model.add_implication(a, b).only_enforce_if(self.literals)

    def add_bool_or(self, literals: Iterable[cp_model.LiteralT]) -> None:
        self.model.add_bool_or(literals).only_enforce_if(self.literals)


@dataclass(frozen=True)
class Keep:
    """Which families a model holds, and how.

    `families`: those posted (None: all); families that cannot be switched off are always posted.
    `literals`: instead, every family with a literal is posted under it (`Enforced`), so the
    explanation switches families on and off by fixing literals in one model (`switched_on`).
    """

    families: frozenset[RuleFamily] | None = None
    literals: Mapping[RuleFamily, cp_model.IntVar] | None = None

    def __call__(self, rule: RuleFamily) -> bool:
        return self.families is None or rule in self.families or not BY_RULE[rule].switchable

    def on(self, model: cp_model.CpModel, *rules: RuleFamily) -> cp_model.CpModel:
        """Where the constraints combining `rules` go: `model`, or under their literals."""
        literals = [self.literals[r] for r in rules if self.literals and r in self.literals]
        return Enforced(model, literals) if literals else model  # type: ignore[return-value]


keep_all = Keep()


def keeping(families: set[RuleFamily] | None) -> Keep:
    """Which families a model holds: all (None), or those of `families` plus every family that cannot
    be switched off."""
    return keep_all if families is None else Keep(frozenset(families))


def switched_on(model: cp_model.CpModel, keep: Keep, families: set[RuleFamily]) -> None:
    """Fix the family literals of a `Keep(literals=...)` model: `families` on, the others off."""
    assert keep.literals is not None
    for rule, literal in keep.literals.items():
        value = int(rule in families)
        domain = model.proto.variables[literal.index].domain  # [low, high]
        domain[0], domain[1] = value, value


def switchable(*, staffing_rules: bool, standing: bool) -> tuple[RuleFamily, ...]:
    """The families the explanation may switch off in this model, in deletion order: switchable, and
    holding constraints there (switching off a family the model does not hold would prove nothing)."""
    return tuple(f.rule for f in FAMILIES if f.switchable and f.posts(staffing_rules=staffing_rules, standing=standing))


def candidates(problem: Problem, keep: Keep) -> Callable[[InspectionObject, object], list[int]]:
    """The candidate inspectors of a check: `Problem.allowed`, or `Problem.able` (capacity only) when a
    family that narrows the candidates is switched off or posted under a literal (its builders then
    forbid the pairs it excludes)."""
    narrowing = [f.rule for f in FAMILIES if f.narrows_candidates]
    if keep.literals is None and all(keep(rule) for rule in narrowing):
        return problem.allowed  # type: ignore[return-value]
    return problem.able  # type: ignore[return-value]


def add_aggregate(model: cp_model.CpModel, problem: Problem, sel: Selection, keep: Keep = keep_all) -> None:
    for family in FAMILIES:
        if family.aggregate is not None and keep(family.rule):
            family.aggregate(keep.on(model, family.rule), problem, sel)


def add_per_check(model: cp_model.CpModel, problem: Problem, grps: Sequence[Groups], keep: Keep = keep_all) -> None:
    for family in FAMILIES:
        if family.per_check is not None and keep(family.rule):
            family.per_check(keep.on(model, family.rule), problem, grps)


def add_standing(
    model: cp_model.CpModel, problem: Problem, teams: Teams, asg: Assignment, off: Groups, keep: Keep = keep_all
) -> None:
    for family in FAMILIES:
        if family.standing is not None and keep(family.rule):
            family.standing(keep.on(model, family.rule), problem, teams, asg, off)


def add_fixed_teams(
    model: cp_model.CpModel, problem: Problem, members: list[tuple[int, ...]], asg: Assignment, off: Groups
) -> None:
    for family in FAMILIES:
        if family.fixed_teams is not None:
            family.fixed_teams(model, problem, members, asg, off)


class TeamsAllowed:
    """For formed teams: which may take an object's on-site check (every family's test passed).

    Each family's test depends on a key of the object (its required specialties, its avoided
    inspectors): the teams passing it are kept per key, so thousands of objects cost a few scans."""

    def __init__(self, problem: Problem, members: list[tuple[int, ...]]) -> None:
        self.problem = problem
        self.members = members
        self.filters = [(f.rule, f.fixed_team_filter) for f in FAMILIES if f.fixed_team_filter is not None]
        self.passing: dict[tuple[RuleFamily, Hashable], set[int]] = {}

    def of(self, obj: InspectionObject) -> list[int]:
        """Indices (ascending) of the teams that may take `obj`'s on-site check."""
        allowed: set[int] | None = None
        for rule, team_filter in self.filters:
            key, test = team_filter(self.problem, obj)
            passing = self.passing.get((rule, key))
            if passing is None:
                passing = {t for t, team in enumerate(self.members) if test(team)}
                self.passing[rule, key] = passing
            allowed = passing if allowed is None else allowed & passing
        return sorted(range(len(self.members)) if allowed is None else allowed)
