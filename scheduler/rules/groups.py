"""Groups: on-site checks have exactly `size` inspectors, off-site checks `offsite_size`.

In `standing` mode teams of exactly `size` are formed for the period (each inspector in at most one
team) and an on-site check is done by exactly one team. A team is encoded by its leader (its member
with the least capacity, ties by a seeded random order) and arcs leader -> member: each team has one
encoding, so the model has no interchangeable team labels.
"""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.variables import Assignment, Groups, Teams


def per_check(model: cp_model.CpModel, problem: Problem, groups: Sequence[Groups]) -> None:
    """Each drawn check has exactly its mode's group size among its candidates (`variables.new_groups`)."""
    for grp in groups:
        for obj in grp.checks:
            oid = obj.object_id
            model.add(
                sum(grp.y[oid, k] for k in grp.candidates[oid])
                == problem.group_size(grp.modes[oid]) * grp.selected[oid]
            )


def standing_teams(model: cp_model.CpModel, problem: Problem, teams: Teams) -> None:
    """Teams of exactly `size` over the candidate (leader, member) arcs of `variables.new_teams`."""
    size = problem.scenario.rules.teams.size
    leaders = sorted(teams.lead)
    incoming: dict[int, list[cp_model.IntVar]] = {}
    for (_, j), var in teams.arc.items():
        incoming.setdefault(j, []).append(var)
    for k in teams.order:
        roles = incoming.get(k, []) + ([teams.lead[k]] if k in teams.lead else [])
        if len(roles) > 1:
            model.add_at_most_one(roles)
    by_leader: dict[int, list[cp_model.IntVar]] = {l: [] for l in leaders}
    for (l, _), var in teams.arc.items():
        by_leader[l].append(var)
    for l in leaders:
        model.add(sum(by_leader[l]) == (size - 1) * teams.lead[l])


def standing_assignment(
    model: cp_model.CpModel, teams: Teams, assignment: Assignment, candidates: dict[str, list[int]]
) -> None:
    """Each drawn on-site check goes to exactly one formed team among its candidate leaders."""
    for obj in assignment.onsite:
        oid = obj.object_id
        for l in candidates[oid]:
            model.add_implication(assignment.team_of[oid, l], teams.lead[l])
        model.add(sum(assignment.team_of[oid, l] for l in candidates[oid]) == assignment.selected[oid])


def fixed_team_assignment(model: cp_model.CpModel, assignment: Assignment, candidates: dict[str, list[int]]) -> None:
    """With teams already formed: each drawn on-site check goes to one of its candidate teams."""
    for obj in assignment.onsite:
        oid = obj.object_id
        model.add(sum(assignment.team_of[oid, t] for t in candidates[oid]) == assignment.selected[oid])
