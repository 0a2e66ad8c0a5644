"""The complete model: the draw and every staffing rule in one CP-SAT model.

Slower than the staged pipeline, so it serves as its safety net (a draw that cannot be staffed) and
as the ground truth for explaining infeasibility (built with a subset of the rule families).
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model
from shuangsui.models.enums import Mode, TeamMode
from shuangsui.models.rules import RuleFamily
from shuangsui.scheduler import staffing
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.rules import (
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
from shuangsui.scheduler.team_formation import add_workload_totals, team_arcs, team_count, team_pool
from shuangsui.scheduler.variables import Groups, Selection, Teams


def build_complete(
    model: cp_model.CpModel,
    problem: Problem,
    *,
    staffing_rules: bool = True,
    families: set[RuleFamily] | None = None,
) -> Selection:
    """Add the whole problem to `model`; return the draw variables.

    With `staffing_rules=False` only the draw and the staffing totals are modelled (the draw model).
    `families` keeps only those rule families' constraints (used to find conflicting rules).
    """

    def _scope(rule: RuleFamily) -> bool:
        return families is None or rule in families

    sel = Selection(objects=problem.drawable)
    for obj in sel.objects:
        sel.x[obj.object_id] = {
            opt: model.new_bool_var(f"x[{obj.object_id},{opt[0]},{opt[1]}]") for opt in problem.options(obj)
        }
        for opt in problem.options(obj):
            sel.mode[obj.object_id, opt] = problem.mode(obj, opt[0])
    if _scope(RuleFamily.ONE_CHECK_PER_OBJECT):
        one_check_per_object.aggregate(model, sel)
    if _scope(RuleFamily.CREDIT_RISK_DRAWS):
        credit_risk_draws.aggregate(model, problem, sel)
    if _scope(RuleFamily.POSITIVE_LIST):
        positive_list.aggregate(model, problem, sel)
    if _scope(RuleFamily.DIRECTED_DRAWS):
        directed_draws.aggregate(model, problem, sel)
    if _scope(RuleFamily.INTER_DEPARTMENT):
        inter_department.aggregate(model, problem, sel)
    # Necessary totals of the staffing rules: implied by the detailed constraints below, but they
    # tighten the LP and prove most conflicts at once.
    if _scope(RuleFamily.CAPACITY):
        capacity.aggregate(model, problem, sel)
    if _scope(RuleFamily.SPECIALTY):
        specialty.aggregate(model, problem, sel)
    if _scope(RuleFamily.INTERNAL_JOINT):
        internal_joint.aggregate(model, problem, sel)
    if not staffing_rules:
        return sel
    # One check per object and mode (v2: an object's draws may differ in mode).
    by_mode = {m: [o for o in sel.objects if m in sel.modes(o.object_id)] for m in Mode}
    selected = {m: {o.object_id: sel.selected_in(o.object_id, m) for o in by_mode[m]} for m in Mode}
    if problem.scenario.rules.teams.mode is TeamMode.STANDING:
        # Groups are the structure every staffing rule stands on: always modelled.
        staffing.add_standing_rules(model, problem, by_mode[Mode.ONSITE], by_mode[Mode.OFFSITE], selected, keep=_scope)
        return sel
    grps = [
        Groups(
            checks=by_mode[m],
            selected=selected[m],
            candidates={o.object_id: problem.allowed(o, m) for o in by_mode[m]},
            modes={o.object_id: m for o in by_mode[m]},
        )
        for m in Mode
    ]
    for grp in grps:
        groups.per_check(model, problem, grp)
        if _scope(RuleFamily.SPECIALTY):
            specialty.per_check(model, problem, grp)
    if _scope(RuleFamily.CAPACITY):
        capacity.per_check(model, problem, *grps)
    if _scope(RuleFamily.INTERNAL_JOINT):
        internal_joint.per_check(model, problem, *grps)
    return sel


def draw_only(problem: Problem) -> tuple[cp_model.CpModel, Selection]:
    """The draw model: draw rules and the staffing rules' necessary totals."""
    model = cp_model.CpModel()
    return model, build_complete(model, problem, staffing_rules=False)


def draw_with_teams(problem: Problem) -> tuple[cp_model.CpModel, Selection]:
    """The draw model plus variable standing teams and the workload totals they must carry: tighter
    than the draw model, much smaller than the complete one (no check-to-team assignment)."""
    model, sel = draw_only(problem)
    order = team_pool(problem)
    teams = Teams(order=order)
    groups.standing_teams(model, problem, teams, team_arcs(problem, order, None))
    model.add(sum(teams.lead.values()) == team_count(problem, order))
    onsite = [o for o in sel.objects if Mode.ONSITE in sel.modes(o.object_id)]
    selected = {o.object_id: sel.selected_in(o.object_id, Mode.ONSITE) for o in onsite}
    offsite_joint = 0
    if problem.scenario.rules.teams.offsite_size >= 2:
        offsite_joint = sum(sel.selected_in(o.object_id, Mode.OFFSITE) for o in sel.objects)
    add_workload_totals(model, problem, teams, onsite, selected, offsite_joint, fixed_draw=False)
    return model, sel


def draw_models(problem: Problem) -> list[tuple[str, Callable[[Problem], tuple[cp_model.CpModel, Selection]]]]:
    """Draw models from the loosest to the complete one: each is a relaxation of the next."""
    models = [("draw", draw_only)]
    if problem.scenario.rules.teams.mode is TeamMode.STANDING:
        models.append(("draw (with teams)", draw_with_teams))
    models.append(("draw (complete)", draw_with_staffing))
    return models


def draw_with_staffing(problem: Problem) -> tuple[cp_model.CpModel, Selection]:
    model = cp_model.CpModel()
    return model, build_complete(model, problem)
