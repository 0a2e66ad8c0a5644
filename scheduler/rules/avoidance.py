"""Avoidance (回避): on every check no inspector meets an object he conflicts with, checked within
`repeat_window` periods, or (when `own_township`) of his home township.

Enforced by construction: candidate inspectors and teams of a check exclude avoided pairs
(`Problem.allowed`); with variable teams, a team holding an avoided member cannot take the check.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model
from shuangsui.models.domain import InspectionObject
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.variables import Assignment, Groups, Teams


def standing(model: cp_model.CpModel, problem: Problem, teams: Teams, asg: Assignment, offsite: Groups) -> None:
    """A team holding a member the object must avoid cannot take its check."""
    avoided = {o.object_id: problem.avoided(o) for o in asg.onsite}
    for (oid, l), var in asg.team_of.items():
        for j, arc in teams.members_of(l):
            if j in avoided[oid]:
                model.add_bool_or([var.Not(), arc.Not()])


def team_allowed(members: tuple[int, ...], avoided: set[int]) -> bool:
    return not avoided.intersection(members)


def fixed_team_filter(problem: Problem, obj: InspectionObject) -> Callable[[tuple[int, ...]], bool]:
    """Formed teams: which may take the object's check (none of its members avoids the object)."""
    avoided = problem.avoided(obj)
    return lambda members: team_allowed(members, avoided)
