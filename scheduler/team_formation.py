"""Forming the standing teams of the period against the on-site workload.

Exactly floor(pool / size) teams are formed, maximising seeded random weights of the pairs that end
up together. Workload totals (capacity, each specialty set, mixed-unit teams for the joint rule) are
added only where some team formation could fail them: a total that every formation meets (by the
worst-case bounds below) would only slow the solver.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model
from shuangsui.models.domain import InspectionObject
from shuangsui.models.enums import Mode
from shuangsui.models.rules import RuleFamily
from shuangsui.scheduler.cpsat import Budget
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.rules import Keep, groups, keep_all, specialty
from shuangsui.scheduler.uniqueness import Solved, solve_unique
from shuangsui.scheduler.variables import Teams, new_teams
from shuangsui.scheduler.weights import permutation_weights, shuffled


def team_pool(problem: Problem) -> list[int]:
    """Inspectors who can take part in an on-site check, in a seeded random order.

    Left out (see `Problem.left_out`): who lacks capacity for one on-site check, and who must avoid
    every drawable object with an on-site check (he could never work with his team).
    """
    able = [k for k in range(len(problem.inspectors)) if k not in problem.left_out]
    return shuffled(problem.seed, "team-order", able)


def team_arcs(problem: Problem, order: list[int], window: int | None) -> list[tuple[int, int]]:
    """(leader, member) pairs of inspectors at most `window` places apart in the seeded order.

    The leader of a team is its member with the least capacity (ties: earlier in the seeded order),
    so a team's capacity is its leader's: the workload totals stay linear and tight.
    """
    rank = {k: n for n, k in enumerate(order)}

    def key(k: int) -> tuple[int, int]:
        return problem.capacity[k], rank[k]

    reach = len(order) if window is None else window
    n = len(order)
    arcs = []
    for a in range(n):
        for b in range(a + 1, min(n, a + 1 + reach)):
            u, v = order[a], order[b]
            arcs.append((u, v) if key(u) < key(v) else (v, u))
    return arcs


def arc_weights(problem: Problem, teams: Teams, seed: int) -> dict[tuple[int, int], int]:
    ids = problem.inspectors
    key = {arc: tuple(sorted((ids[arc[0]].inspector_id, ids[arc[1]].inspector_id))) for arc in teams.arc}
    weights = permutation_weights(seed, "team", key.values())
    return {arc: weights[key[arc]] for arc in teams.arc}


def formed_teams(solver: cp_model.CpSolver, teams: Teams) -> list[tuple[int, ...]]:
    formed = []
    for l, lead in teams.lead.items():
        if solver.boolean_value(lead):
            members = [l] + [j for j, v in teams.members_of(l) if solver.boolean_value(v)]
            formed.append(tuple(sorted(members)))
    return sorted(formed)


@dataclass
class Bounds:
    """Worst-case totals over every formation of `count` teams from the pool."""

    caps: list[int]  # on-site checks each pool member can do, ascending
    count: int
    leftover: int
    size: int

    def capacity_of(self, teams: int) -> int:
        """Team capacity is its smallest member's; `teams` disjoint teams have distinct minima."""
        return sum(self.caps[: max(0, teams)])

    def teams_holding(self, holders: int) -> int:
        """At least this many teams contain one of `holders` inspectors."""
        return -(-max(0, holders - self.leftover) // self.size)


def team_count(problem: Problem, order: list[int]) -> int:
    """Teams formed: as many as the pool allows (a formed team never makes staffing harder)."""
    return len(order) // problem.scenario.rules.teams.size


def add_workload_totals(
    model: cp_model.CpModel,
    problem: Problem,
    teams: Teams,
    onsite: list[InspectionObject],
    selected: dict[str, cp_model.LinearExprT],
    offsite_joint: cp_model.LinearExprT,
    *,
    fixed_draw: bool,
    keep: Keep = keep_all,
) -> None:
    """Totals any staffing needs: team capacity for all on-site checks, for each specialty set, and
    for the joint share. With a fixed draw, totals that every formation meets are left out. Each
    total belongs to the families it combines and is left out with any of them (`keep`)."""
    totals = _Workload(model, problem, teams, onsite, selected, fixed_draw, keep)
    if not keep(RuleFamily.CAPACITY):  # every total is of team capacity
        return
    totals.capacity()
    covering = totals.specialty_sets() if keep(RuleFamily.SPECIALTY) else {}
    if not keep(RuleFamily.INTERNAL_JOINT):
        return
    joint = totals.joint_share(offsite_joint)
    if joint is not None and keep(RuleFamily.SPECIALTY):
        totals.mixed_specialty_sets(*joint, covering)


class _Workload:
    """The workload totals of `add_workload_totals`, one method per total. The flags a total counts
    are defined in `model`; the total itself goes where its families' `keep.on` says."""

    def __init__(
        self,
        model: cp_model.CpModel,
        problem: Problem,
        teams: Teams,
        onsite: list[InspectionObject],
        selected: dict[str, cp_model.LinearExprT],
        fixed_draw: bool,
        keep: Keep,
    ) -> None:
        self.keep = keep
        self.model, self.problem, self.teams, self.onsite, self.selected = model, problem, teams, onsite, selected
        self.fixed_draw = fixed_draw
        self.size = problem.scenario.rules.teams.size
        scale = problem.capacity_scale
        self.count = team_count(problem, teams.order)
        leftover = len(teams.order) - self.count * self.size
        self.bounds = Bounds(sorted(problem.capacity[k] // scale for k in teams.order), self.count, leftover, self.size)
        self.cap = {l: problem.capacity[l] // scale for l in teams.lead}  # a team's capacity: its leader's
        self.total = sum(selected[o.object_id] for o in onsite)
        needs = {problem.required(o, Mode.ONSITE) for o in onsite}
        self.needs = sorted(needs | {frozenset([s]) for need in needs for s in need}, key=sorted)

    def post(self, *families: RuleFamily) -> cp_model.CpModel:
        """Where a total combining `families` (and capacity: every total is of team capacity) goes."""
        return self.keep.on(self.model, RuleFamily.CAPACITY, *families)

    def redundant(self, demand: cp_model.LinearExprT, guaranteed: int) -> bool:
        """With a fixed draw, a demand every formation meets."""
        return self.fixed_draw and isinstance(demand, int) and demand <= guaranteed

    def demand(self, need: frozenset[str]) -> cp_model.LinearExprT:
        """On-site checks needing every specialty of `need`."""
        required = self.problem.required
        return sum(self.selected[o.object_id] for o in self.onsite if need <= required(o, Mode.ONSITE))

    def capacity(self) -> None:
        """The teams formed can carry every on-site check."""
        if not self.redundant(self.total, self.bounds.capacity_of(self.count)):
            self.post().add(sum(self.cap[l] * lead for l, lead in self.teams.lead.items()) >= self.total)

    def specialty_sets(self) -> dict[frozenset[str], dict[int, cp_model.IntVar]]:
        """Teams covering each specialty set can carry its checks; returns the covering flags."""
        covering: dict[frozenset[str], dict[int, cp_model.IntVar]] = {}
        for need in self.needs:
            demand = self.demand(need)
            holders = sum(1 for k in self.teams.order if need <= set(self.problem.inspectors[k].specialties))
            if self.redundant(demand, self.bounds.capacity_of(self.bounds.teams_holding(holders))):
                continue
            covering[need] = _covers_all(self.model, self.problem, self.teams, need)
            self.post(RuleFamily.SPECIALTY).add(sum(self.cap[l] * flag for l, flag in covering[need].items()) >= demand)
        return covering

    def joint_share(
        self, offsite_joint: cp_model.LinearExprT
    ) -> tuple[dict[int, cp_model.IntVar], cp_model.LinearExprT] | None:
        """Mixed-unit teams can carry the on-site joint checks the share needs; returns the mixed
        flags and that demand (None when the share needs no such total)."""
        problem, size = self.problem, self.size
        joint_demand = problem.joint_required - offsite_joint
        units: dict[str, int] = {}
        for k in self.teams.order:
            units[problem.inspectors[k].unit] = units.get(problem.inspectors[k].unit, 0) + 1
        mixed_at_least = self.count - sum(n // size for n in units.values())
        if not problem.joint_required or self.redundant(joint_demand, self.bounds.capacity_of(mixed_at_least)):
            return None
        mixed: dict[int, cp_model.IntVar] = {}
        for l, lead in self.teams.lead.items():
            mixed[l] = self.model.new_bool_var(f"mixed_team[{l}]")
            self.model.add_implication(mixed[l], lead)
            by_unit: dict[str, list] = {problem.inspectors[l].unit: [lead]}
            for j, arc in self.teams.members_of(l):
                by_unit.setdefault(problem.inspectors[j].unit, []).append(arc)
            for members in by_unit.values():
                self.model.add(sum(members) <= size - mixed[l])
        self.post(RuleFamily.INTERNAL_JOINT).add(sum(self.cap[l] * flag for l, flag in mixed.items()) >= joint_demand)
        return mixed, joint_demand

    def mixed_specialty_sets(
        self,
        mixed: dict[int, cp_model.IntVar],
        joint_demand: cp_model.LinearExprT,
        covering: dict[frozenset[str], dict[int, cp_model.IntVar]],
    ) -> None:
        """Checks on single-unit teams are at most (on-site - joint demand): the rest of each specialty
        set's demand needs teams that are mixed and cover it."""
        for need in self.needs:
            rest = self.demand(need) - (self.total - joint_demand)
            if isinstance(rest, int) and rest <= 0:
                continue
            covers = covering.get(need) or _covers_all(self.model, self.problem, self.teams, need)
            both = []
            for l in self.teams.lead:
                flag = self.model.new_bool_var(f"mixed_covers[{l},{'+'.join(sorted(need))}]")
                self.model.add_implication(flag, mixed[l])
                self.model.add_implication(flag, covers[l])
                both.append(self.cap[l] * flag)
            self.post(RuleFamily.SPECIALTY, RuleFamily.INTERNAL_JOINT).add(sum(both) >= rest)


def _covers_all(
    model: cp_model.CpModel, problem: Problem, teams: Teams, need: frozenset[str]
) -> dict[int, cp_model.IntVar]:
    """covers_all[l] true only if the team led by l holds every specialty of `need`."""
    specialty.team_covers(model, problem, teams, set(need))
    flags = {}
    for l, lead in teams.lead.items():
        flag = model.new_bool_var(f"covers_all[{l},{'+'.join(sorted(need))}]")
        model.add_implication(flag, lead)
        for s in need:
            if (l, s) in teams.covers:
                model.add_implication(flag, teams.covers[l, s])
        flags[l] = flag
    return flags


def form_teams(
    problem: Problem,
    onsite: list[InspectionObject],
    offsite_count: int,
    seed: int,
    budget: Budget,
    window: int | None,
) -> tuple[list[tuple[int, ...]], Solved]:
    """The period's teams for a fixed draw (its on-site checks and the number of off-site ones),
    maximising seeded weights of who works together."""
    model = cp_model.CpModel()
    order = team_pool(problem)
    teams = new_teams(model, Teams(order=order), team_arcs(problem, order, window))
    groups.standing_teams(model, problem, teams)
    model.add(sum(teams.lead.values()) == team_count(problem, order))
    offsite_joint = offsite_count if problem.scenario.rules.teams.offsite_size >= 2 else 0
    selected = {o.object_id: 1 for o in onsite}
    add_workload_totals(model, problem, teams, onsite, selected, offsite_joint, fixed_draw=True)
    weights = arc_weights(problem, teams, seed)
    weighted = [(weights[a], v) for a, v in teams.arc.items()]
    solved = solve_unique(model, weighted, "teams" + (" (window)" if window else ""), budget)
    return (formed_teams(solved.solver, teams) if solved.found else []), solved
