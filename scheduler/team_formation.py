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
from shuangsui.scheduler.cpsat import Budget
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.rules import groups, specialty
from shuangsui.scheduler.uniqueness import Solved, solve_unique
from shuangsui.scheduler.variables import Teams
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
) -> None:
    """Totals any staffing needs: team capacity for all on-site checks, for each specialty set, and
    for the joint share. With a fixed draw, totals that every formation meets are left out."""
    size = problem.scenario.rules.teams.size
    scale = problem.capacity_scale
    count = team_count(problem, teams.order)
    bounds = Bounds(
        sorted(problem.capacity[k] // scale for k in teams.order), count, len(teams.order) - count * size, size
    )
    cap = {l: problem.capacity[l] // scale for l in teams.lead}  # a team's capacity: its leader's

    def redundant(demand: cp_model.LinearExprT, guaranteed: int) -> bool:
        return fixed_draw and isinstance(demand, int) and demand <= guaranteed

    total = sum(selected[o.object_id] for o in onsite)
    if not redundant(total, bounds.capacity_of(count)):
        model.add(sum(cap[l] * lead for l, lead in teams.lead.items()) >= total)
    needs = {problem.required(o, Mode.ONSITE) for o in onsite}
    needs |= {frozenset([s]) for need in needs for s in need}
    covering: dict[frozenset[str], dict[int, cp_model.IntVar]] = {}
    for need in sorted(needs, key=sorted):
        demand = sum(selected[o.object_id] for o in onsite if need <= problem.required(o, Mode.ONSITE))
        holders = sum(1 for k in teams.order if need <= set(problem.inspectors[k].specialties))
        if redundant(demand, bounds.capacity_of(bounds.teams_holding(holders))):
            continue
        covering[need] = _covers_all(model, problem, teams, need)
        model.add(sum(cap[l] * flag for l, flag in covering[need].items()) >= demand)
    joint_demand = problem.joint_required - offsite_joint
    units: dict[str, int] = {}
    for k in teams.order:
        units[problem.inspectors[k].unit] = units.get(problem.inspectors[k].unit, 0) + 1
    mixed_at_least = count - sum(n // size for n in units.values())
    if not problem.joint_required or redundant(joint_demand, bounds.capacity_of(mixed_at_least)):
        return
    mixed: dict[int, cp_model.IntVar] = {}
    for l, lead in teams.lead.items():
        mixed[l] = model.new_bool_var(f"mixed_team[{l}]")
        model.add_implication(mixed[l], lead)
        by_unit: dict[str, list] = {problem.inspectors[l].unit: [lead]}
        for j, arc in teams.members_of(l):
            by_unit.setdefault(problem.inspectors[j].unit, []).append(arc)
        for members in by_unit.values():
            model.add(sum(members) <= size - mixed[l])
    model.add(sum(cap[l] * flag for l, flag in mixed.items()) >= joint_demand)
    # Checks on single-unit teams are at most (on-site - joint demand): the rest of each specialty
    # set's demand needs teams that are mixed and cover it.
    for need in sorted(needs, key=sorted):
        demand = sum(selected[o.object_id] for o in onsite if need <= problem.required(o, Mode.ONSITE))
        rest = demand - (total - joint_demand)
        if isinstance(rest, int) and rest <= 0:
            continue
        covers = covering.get(need) or _covers_all(model, problem, teams, need)
        both = []
        for l in teams.lead:
            flag = model.new_bool_var(f"mixed_covers[{l},{'+'.join(sorted(need))}]")
            model.add_implication(flag, mixed[l])
            model.add_implication(flag, covers[l])
            both.append(cap[l] * flag)
        model.add(sum(both) >= rest)


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
    teams = Teams(order=order)
    groups.standing_teams(model, problem, teams, team_arcs(problem, order, window))
    model.add(sum(teams.lead.values()) == team_count(problem, order))
    offsite_joint = offsite_count if problem.scenario.rules.teams.offsite_size >= 2 else 0
    selected = {o.object_id: 1 for o in onsite}
    add_workload_totals(model, problem, teams, onsite, selected, offsite_joint, fixed_draw=True)
    weights = arc_weights(problem, teams, seed)
    weighted = [(weights[a], v) for a, v in teams.arc.items()]
    solved = solve_unique(model, weighted, "teams" + (" (window)" if window else ""), budget)
    return (formed_teams(solved.solver, teams) if solved.found else []), solved
