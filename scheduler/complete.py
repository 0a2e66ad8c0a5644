"""The complete model: the draw and every staffing rule in one CP-SAT model.

Slower than the staged pipeline, so it serves as its safety net (a draw that cannot be staffed) and
as the ground truth for explaining infeasibility (built with a subset of the rule families).
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model
from shuangsui.models.enums import Mode, TeamMode
from shuangsui.models.rules import RuleFamily
from shuangsui.scheduler import rules, staffing
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.rules import Keep, groups
from shuangsui.scheduler.team_formation import add_workload_totals, team_arcs, team_count, team_pool
from shuangsui.scheduler.variables import Groups, Selection, Teams, new_groups, new_selection, new_teams


def build_complete(
    model: cp_model.CpModel,
    problem: Problem,
    *,
    staffing_rules: bool = True,
    families: set[RuleFamily] | None = None,
) -> Selection:
    """Add the whole problem to `model`; return the draw variables.

    With `staffing_rules=False` only the draw and the staffing totals are modelled (the draw model).
    `families` keeps only those rule families' constraints (used to find conflicting rules); the
    families that cannot be switched off (`rules.FAMILIES`) are always kept.
    """
    return build_with(model, problem, rules.keeping(families), staffing_rules=staffing_rules)


def build_with(model: cp_model.CpModel, problem: Problem, keep: Keep, *, staffing_rules: bool = True) -> Selection:
    """`build_complete` with the families `keep` says, posted where `keep.on` says."""
    sel = new_selection(model, problem)
    # The draw rules, and the staffing rules' necessary totals: implied by the detailed constraints
    # below, but they tighten the LP and prove most conflicts at once.
    rules.add_aggregate(model, problem, sel, keep)
    if staffing_rules:
        _add_staffing(model, problem, sel, keep)
    return sel


def _add_staffing(model: cp_model.CpModel, problem: Problem, sel: Selection, keep: Keep) -> None:
    """Every staffing rule over groups (or standing teams) of the drawn checks, by mode."""
    # One check per object and mode (v2: an object's draws may differ in mode).
    by_mode = {m: [o for o in sel.objects if m in sel.modes(o.object_id)] for m in Mode}
    selected = {m: {o.object_id: sel.selected_in(o.object_id, m) for o in by_mode[m]} for m in Mode}
    allowed = rules.candidates(problem, keep)
    if problem.scenario.rules.teams.mode is TeamMode.STANDING:
        # Teams are the structure every staffing rule stands on: always modelled.
        staffing.add_standing_rules(
            model, problem, by_mode[Mode.ONSITE], by_mode[Mode.OFFSITE], selected, keep=keep, allowed=allowed
        )
        return
    grps = [
        new_groups(
            model,
            Groups(
                checks=by_mode[m],
                selected=selected[m],
                candidates={o.object_id: allowed(o, m) for o in by_mode[m]},
                modes={o.object_id: m for o in by_mode[m]},
            ),
        )
        for m in Mode
    ]
    rules.add_per_check(model, problem, grps, keep)


def draw_only(problem: Problem) -> tuple[cp_model.CpModel, Selection]:
    """The draw model: draw rules and the staffing rules' necessary totals."""
    model = cp_model.CpModel()
    return model, build_complete(model, problem, staffing_rules=False)


def draw_with_teams(problem: Problem) -> tuple[cp_model.CpModel, Selection]:
    """The draw model plus variable standing teams and the workload totals they must carry: tighter
    than the draw model, much smaller than the complete one (no check-to-team assignment)."""
    model, sel = draw_only(problem)
    order = team_pool(problem)
    teams = new_teams(model, Teams(order=order), team_arcs(problem, order, None))
    groups.standing_teams(model, problem, teams)
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
