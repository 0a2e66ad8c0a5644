"""Avoidance (回避): on every check no inspector meets an object he conflicts with, checked within
`repeat_window` periods, or (when `own_township`) of his home township.

Enforced by construction: candidate inspectors and teams of a check exclude avoided pairs
(`Problem.allowed`); with variable teams, a team holding an avoided member cannot take the check.
"""

from __future__ import annotations

from ortools.sat.python import cp_model
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.variables import Assignment, Teams


def standing(model: cp_model.CpModel, problem: Problem, teams: Teams, asg: Assignment) -> None:
    avoided = {o.object_id: problem.avoided(o) for o in asg.onsite}
    for (oid, l), var in asg.team_of.items():
        for j, arc in teams.members_of(l):
            if j in avoided[oid]:
                model.add_bool_or([var.Not(), arc.Not()])


def team_allowed(members: tuple[int, ...], avoided: set[int]) -> bool:
    return not avoided.intersection(members)
