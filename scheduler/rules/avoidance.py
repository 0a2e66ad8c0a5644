"""Avoidance (回避): on every check no inspector meets an object he conflicts with, checked within
`repeat_window` periods, or (when `own_township`) of his home township.

Enforced by construction: candidate inspectors and teams of a check exclude avoided pairs
(`Problem.allowed`); with variable teams, a team holding an avoided member cannot take the check.
Where the candidates include avoided pairs (the explanation's model), they are forbidden here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model
from shuangsui.models.domain import InspectionObject
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.variables import Assignment, Groups, Teams


def per_check(model: cp_model.CpModel, problem: Problem, groups: Sequence[Groups]) -> None:
    """Candidates the object must avoid stay out of its group. None when the candidates are
    `Problem.allowed`; the explanation's candidates include them (`rules.candidates`)."""
    for grp in groups:
        avoided = {o.object_id: problem.avoided(o) for o in grp.checks}
        for (oid, k), var in grp.y.items():
            if k in avoided[oid]:
                model.add(var == 0)


def standing(model: cp_model.CpModel, problem: Problem, teams: Teams, asg: Assignment, offsite: Groups) -> None:
    """A team holding a member the object must avoid cannot take its check (nor, when the candidates
    include avoided inspectors, a team so led, or an off-site group with one)."""
    avoided = {o.object_id: problem.avoided(o) for o in asg.onsite}
    for (oid, l), var in asg.team_of.items():
        if l in avoided[oid]:
            model.add(var == 0)
        for j, arc in teams.members_of(l):
            if j in avoided[oid]:
                model.add_bool_or([var.Not(), arc.Not()])
    per_check(model, problem, [offsite])


def team_allowed(members: tuple[int, ...], avoided: frozenset[int] | set[int]) -> bool:
    return not avoided.intersection(members)


def fixed_team_filter(
    problem: Problem, obj: InspectionObject
) -> tuple[frozenset[int], Callable[[tuple[int, ...]], bool]]:
    """Formed teams: which may take the object's check (none of its members avoids the object); the
    test depends on the inspectors the object avoids."""
    avoided = frozenset(problem.avoided(obj))
    return avoided, lambda members: team_allowed(members, avoided)
