"""Specialty: the union of an on-site check's inspectors' specialties covers the object's required
specialties (the set of `specialty` over its items). Off-site checks have no specialty rule."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model
from shuangsui.models.domain import InspectionObject
from shuangsui.models.enums import Mode, TeamMode
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.variables import Assignment, Groups, Selection, Teams


def supply(problem: Problem) -> Counter[str]:
    """On-site checks the inspectors having each specialty could take part in, in total."""
    result: Counter[str] = Counter()
    for k, insp in enumerate(problem.inspectors):
        for s in set(insp.specialties):
            result[s] += problem.capacity[k] // problem.capacity_scale
    return result


def aggregate(model: cp_model.CpModel, problem: Problem, sel: Selection) -> None:
    """Each on-site check needing s uses one check's capacity of some inspector having s."""
    available = supply(problem)
    demand: dict[str, list] = {}
    for obj in sel.objects:
        if Mode.ONSITE in sel.modes(obj.object_id):
            for s in problem.required(obj, Mode.ONSITE):
                demand.setdefault(s, []).append(sel.selected_in(obj.object_id, Mode.ONSITE))
    standing = problem.scenario.rules.teams.mode is TeamMode.STANDING
    for s, terms in sorted(demand.items()):
        model.add(sum(terms) <= available.get(s, 0))
        if standing:
            model.add(sum(terms) <= problem.team_onsite_bound(s))


def per_check(model: cp_model.CpModel, problem: Problem, groups: Sequence[Groups]) -> None:
    """Each check's group has, for each specialty its object needs, a member holding it."""
    for grp in groups:
        for obj in grp.checks:
            oid = obj.object_id
            for s in sorted(problem.required(obj, grp.modes[oid])):
                having = [grp.y[oid, k] for k in grp.candidates[oid] if s in problem.inspectors[k].specialties]
                model.add(sum(having) >= grp.selected[oid])


def team_covers(model: cp_model.CpModel, problem: Problem, teams: Teams, needed: set[str]) -> None:
    """covers[l, s] is true only if the team led by l has a member with specialty s."""
    for l in teams.lead:
        for s in sorted(needed):
            if s in problem.inspectors[l].specialties or (l, s) in teams.covers:
                continue
            var = model.new_bool_var(f"covers[{l},{s}]")
            having = [v for j, v in teams.members_of(l) if s in problem.inspectors[j].specialties]
            model.add(var <= sum(having))
            teams.covers[l, s] = var


def standing(model: cp_model.CpModel, problem: Problem, teams: Teams, asg: Assignment, offsite: Groups) -> None:
    """A team takes an on-site check only if its members cover the object's specialties."""
    needed = {s for o in asg.onsite for s in problem.required(o, Mode.ONSITE)}
    team_covers(model, problem, teams, needed)
    for (oid, l), var in asg.team_of.items():
        obj = problem.scenario.object_by_id[oid]
        for s in sorted(problem.required(obj, Mode.ONSITE)):
            if (l, s) in teams.covers:
                model.add_implication(var, teams.covers[l, s])


def fixed_team_filter(
    problem: Problem, obj: InspectionObject
) -> tuple[frozenset[str], Callable[[tuple[int, ...]], bool]]:
    """Formed teams: which may take the object's on-site check (its members cover its specialties);
    the test depends on the specialties the object requires."""
    need = problem.required(obj, Mode.ONSITE)
    return need, lambda members: need <= problem.specialties_of(members)
