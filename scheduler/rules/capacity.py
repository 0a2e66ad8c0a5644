"""Capacity: per inspector, on-site checks + offsite_weight x off-site checks <= capacity.

Capacities are scaled to integers: an on-site check uses `capacity_scale` units, an off-site check
`offsite_load` units (offsite_weight = offsite_load / capacity_scale exactly).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ortools.sat.python import cp_model
from shuangsui.models.enums import Mode, TeamMode
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.variables import Assignment, Groups, Selection, Teams

Terms = dict[int, list[cp_model.LinearExprT]]


def aggregate(model: cp_model.CpModel, problem: Problem, sel: Selection) -> None:
    """The draw may not need more inspector capacity than the bureau has in total (and, with
    standing teams, no more on-site checks than any formation of the teams could carry)."""
    # One flat weighted sum (nested sums of 20,000 objects' expressions took 0.5 s to build).
    drawn: list[cp_model.IntVar] = []
    need: list[int] = []
    for o in sel.objects:
        for m in sel.modes(o.object_id):
            terms = sel.drawn_in(o.object_id, m)
            drawn += terms
            need += [problem.group_size(m) * problem.load(m)] * len(terms)
    model.add(cp_model.LinearExpr.weighted_sum(drawn, need) <= sum(problem.capacity))
    if problem.scenario.rules.teams.mode is TeamMode.STANDING:
        onsite = [v for o in sel.objects for v in sel.drawn_in(o.object_id, Mode.ONSITE)]
        model.add(cp_model.LinearExpr.sum(onsite) <= problem.team_onsite_bound())


def group_terms(problem: Problem, groups: Groups, terms: Terms | None = None) -> Terms:
    terms = terms if terms is not None else defaultdict(list)
    loads = {o.object_id: problem.load(groups.modes[o.object_id]) for o in groups.checks}
    for (oid, k), var in groups.y.items():
        terms[k].append(loads[oid] * var)
    return terms


def limit(model: cp_model.CpModel, problem: Problem, terms: Terms) -> None:
    for k, parts in terms.items():
        if parts:
            model.add(sum(parts) <= problem.capacity[k])


def per_check(model: cp_model.CpModel, problem: Problem, groups: Sequence[Groups]) -> None:
    terms: Terms = defaultdict(list)
    for grp in groups:
        group_terms(problem, grp, terms)
    limit(model, problem, terms)


def standing(model: cp_model.CpModel, problem: Problem, teams: Teams, asg: Assignment, offsite: Groups) -> None:
    """Every member of a team carries the team's on-site load, plus his own off-site checks."""
    terms = group_terms(problem, offsite)
    scale = problem.capacity_scale
    max_load = max((problem.capacity[k] // scale for k in teams.order), default=0)
    by_leader: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (_, l), var in asg.team_of.items():
        by_leader[l].append(var)
    for leader in teams.lead:
        load = sum(by_leader[leader])
        members = [(leader, teams.lead[leader]), *teams.members_of(leader)]
        for k, in_team in members:
            carried = model.new_int_var(0, max_load, f"onsite[{leader},{k}]")
            model.add(carried >= load - max_load * (1 - in_team))
            terms[k].append(scale * carried)
    limit(model, problem, terms)


def fixed_teams(
    model: cp_model.CpModel,
    problem: Problem,
    members: list[tuple[int, ...]],
    asg: Assignment,
    offsite: Groups,
) -> None:
    terms = group_terms(problem, offsite)
    for (_, t), var in asg.team_of.items():
        for k in members[t]:
            terms[k].append(problem.capacity_scale * var)
    limit(model, problem, terms)
