"""Internal joint: checks whose inspectors come from >= 2 units are at least `internal_min_share`
of all checks in the plan (off-site ones included)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ortools.sat.python import cp_model
from shuangsui.models.domain import InspectionObject
from shuangsui.models.enums import Mode
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.variables import Assignment, Groups, Selection, Teams


def can_be_joint(problem: Problem, obj: InspectionObject, mode: Mode) -> bool:
    if problem.group_size(mode) < 2:
        return False
    return len({problem.inspectors[k].unit for k in problem.allowed(obj, mode)}) >= 2


def aggregate(model: cp_model.CpModel, problem: Problem, sel: Selection) -> None:
    if problem.joint_required:
        cache: dict[tuple, bool] = {}
        possible = []
        for obj in sel.objects:
            for mode in sel.modes(obj.object_id):
                key = (mode, frozenset(problem.avoided(obj)))
                if key not in cache:
                    cache[key] = can_be_joint(problem, obj, mode)
                if cache[key]:
                    possible.append(sel.selected_in(obj.object_id, mode))
        model.add(sum(possible) >= problem.joint_required)


def group_indicators(model: cp_model.CpModel, problem: Problem, groups: Groups) -> list:
    """joint[o] true only if check o's group spans >= 2 units."""
    indicators = []
    for obj in groups.checks:
        oid, size = obj.object_id, problem.group_size(groups.modes[obj.object_id])
        by_unit: dict[str, list] = defaultdict(list)
        for k in groups.candidates[oid]:
            by_unit[problem.inspectors[k].unit].append(groups.y[oid, k])
        if size < 2 or len(by_unit) < 2:
            continue
        joint = model.new_bool_var(f"joint[{oid}]")
        for members in by_unit.values():
            model.add(sum(members) <= size - joint)
        model.add(joint <= groups.selected[oid])
        indicators.append(joint)
    return indicators


def per_check(model: cp_model.CpModel, problem: Problem, groups: Sequence[Groups]) -> None:
    if problem.joint_required:
        indicators = [i for grp in groups for i in group_indicators(model, problem, grp)]
        model.add(sum(indicators) >= problem.joint_required)


def standing(model: cp_model.CpModel, problem: Problem, teams: Teams, asg: Assignment, offsite: Groups) -> None:
    if not problem.joint_required:
        return
    size = problem.scenario.rules.teams.size
    max_load = sum(1 for _ in asg.onsite)
    by_leader: dict[int, list] = defaultdict(list)
    for (_, l), var in asg.team_of.items():
        by_leader[l].append(var)
    joint_checks = group_indicators(model, problem, offsite)
    for l, lead in teams.lead.items():
        mixed = model.new_bool_var(f"mixed[{l}]")
        teams.mixed[l] = mixed
        model.add_implication(mixed, lead)
        by_unit: dict[str, list] = defaultdict(list)
        by_unit[problem.inspectors[l].unit].append(lead)
        for j, arc in teams.members_of(l):
            by_unit[problem.inspectors[j].unit].append(arc)
        for members in by_unit.values():
            model.add(sum(members) <= size - mixed)
        done = model.new_int_var(0, max_load, f"joint_checks[{l}]")
        model.add(done <= sum(by_leader[l]))
        model.add(done <= max_load * mixed)
        joint_checks.append(done)
    model.add(sum(joint_checks) >= problem.joint_required)


def fixed_teams(
    model: cp_model.CpModel,
    problem: Problem,
    members: list[tuple[int, ...]],
    asg: Assignment,
    offsite: Groups,
) -> None:
    if not problem.joint_required:
        return
    mixed = [len({problem.inspectors[k].unit for k in team}) >= 2 for team in members]
    joint = [v for (_, t), v in asg.team_of.items() if mixed[t]]
    joint += group_indicators(model, problem, offsite)
    model.add(sum(joint) >= problem.joint_required)
