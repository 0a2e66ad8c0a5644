"""Inspector groupings for a fixed draw: per-check groups, or standing teams then their checks.

Every stage maximises seeded random weights (the second random of 双随机) subject to the rules.
Large scenarios first try a seeded random sample of candidates per check; if that sample cannot be
staffed the stage is solved again over all allowed candidates, so sampling never loses a plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model
from shuangsui.models.domain import InspectionObject
from shuangsui.models.enums import Mode
from shuangsui.scheduler import rules
from shuangsui.scheduler.cpsat import FEASIBLE, INFEASIBLE, OPTIMAL, Budget, Outcome
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.result import StageStats
from shuangsui.scheduler.rules import Keep, groups, keep_all
from shuangsui.scheduler.team_formation import (
    add_workload_totals,
    arc_weights,
    form_teams,
    formed_teams,
    team_arcs,
    team_count,
    team_pool,
)
from shuangsui.scheduler.uniqueness import AS_GOOD_CAP_ASSIGNMENT, Solved, solve_unique
from shuangsui.scheduler.variables import Assignment, Groups, Teams, new_assignment, new_groups, new_teams
from shuangsui.scheduler.weights import permutation_weights, shuffled

SAMPLE_ABOVE = 60  # bureaus with more eligible inspectors first try sampled candidates
SAMPLE_INSPECTORS = 12  # candidate inspectors per check in the sampled stage
SAMPLE_TEAMS = 10  # candidate teams per on-site check in the sampled stage
TEAM_WINDOW = 40  # leader -> member arcs reach this far in the seeded order (large bureaus)
Modes = dict[str, Mode]  # object id -> mode of its drawn check


@dataclass
class Staffing:
    """Outcome of staffing: status of the last solve, and the groups found."""

    status: Outcome
    stats: list[StageStats]
    inspectors: dict[str, tuple[int, ...]]  # object id -> inspector indices
    teams: list[tuple[int, ...]] | None = None  # standing mode: formed teams
    team_of: dict[str, int] | None = None  # object id -> index in teams
    proven: bool = True  # every solve ended optimal
    solved: list[Solved] = field(default_factory=list)  # the stages that chose these groups


def _candidates(problem: Problem, obj: InspectionObject, mode: Mode, seed: int, sample: bool) -> list[int]:
    allowed = problem.allowed(obj, mode)
    if not sample or len(allowed) <= SAMPLE_INSPECTORS:
        return allowed
    order = shuffled(seed, f"candidates:{obj.object_id}", allowed)
    picked = order[:SAMPLE_INSPECTORS]
    for s in sorted(problem.required(obj, mode)):  # keep a few of each needed specialty
        having = [k for k in order if s in problem.inspectors[k].specialties]
        picked += [k for k in having[:3] if k not in picked]
    units = {problem.inspectors[k].unit for k in picked}
    if len(units) < 2:
        picked += [k for k in order if problem.inspectors[k].unit not in units][:3]
    return sorted(picked)


def _groups(problem: Problem, checks: list[InspectionObject], modes: Modes, seed: int, sample: bool) -> Groups:
    return Groups(
        checks=checks,
        selected={o.object_id: 1 for o in checks},
        candidates={o.object_id: _candidates(problem, o, modes[o.object_id], seed, sample) for o in checks},
        modes={o.object_id: modes[o.object_id] for o in checks},
    )


def _group_weights(problem: Problem, grp: Groups, seed: int) -> dict:
    ids = problem.inspectors
    weights = permutation_weights(seed, "group", [(oid, ids[k].inspector_id) for oid, k in grp.y])
    return {(oid, k): weights[oid, ids[k].inspector_id] for oid, k in grp.y}


def _picked(solver: cp_model.CpSolver, grp: Groups) -> dict[str, tuple[int, ...]]:
    result: dict[str, list[int]] = {o.object_id: [] for o in grp.checks}
    for (oid, k), var in grp.y.items():
        if solver.boolean_value(var):
            result[oid].append(k)
    return {oid: tuple(sorted(ks)) for oid, ks in result.items()}


# ---------------------------------------------------------------- per-check groups


def per_check(problem: Problem, drawn: list[InspectionObject], modes: Modes, seed: int, budget: Budget) -> Staffing:
    stats: list[StageStats] = []
    sample = len(problem.inspectors) > SAMPLE_ABOVE
    for attempt in [True, False] if sample else [False]:
        model = cp_model.CpModel()
        grp = new_groups(model, _groups(problem, drawn, modes, seed, attempt))
        rules.add_per_check(model, problem, [grp])
        weights = _group_weights(problem, grp, seed)
        weighted = [(weights[key], var) for key, var in grp.y.items()]
        name = "groups" + (" (sampled)" if attempt else "")
        solved = solve_unique(model, weighted, name, budget, as_good_cap=AS_GOOD_CAP_ASSIGNMENT)
        stats += solved.stats
        if solved.found:
            picked = _picked(solved.solver, grp)
            return Staffing(solved.status, stats, picked, proven=solved.optimal, solved=[solved])
        if solved.status != INFEASIBLE:
            return Staffing(solved.status, stats, {})
    return Staffing(INFEASIBLE, stats, {})


# ---------------------------------------------------------------- standing teams


def assign_to_teams(
    problem: Problem,
    drawn: list[InspectionObject],
    modes: Modes,
    members: list[tuple[int, ...]],
    seed: int,
    budget: Budget,
    sample: bool,
) -> tuple[Outcome, Staffing]:
    model = cp_model.CpModel()
    onsite = [o for o in drawn if modes[o.object_id] is Mode.ONSITE]
    offsite = [o for o in drawn if modes[o.object_id] is Mode.OFFSITE]
    asg = Assignment(onsite=onsite, offsite=offsite, selected={o.object_id: 1 for o in drawn})
    team_key = [tuple(sorted(problem.inspectors[k].inspector_id for k in team)) for team in members]
    candidates: dict[str, list[int]] = {}
    allowed = rules.TeamsAllowed(problem, members)
    for obj in onsite:
        ok = allowed.of(obj)
        if sample and len(ok) > SAMPLE_TEAMS:
            ok = sorted(shuffled(seed, f"teams:{obj.object_id}", ok)[:SAMPLE_TEAMS])
        candidates[obj.object_id] = ok
    groups.fixed_team_assignment(model, new_assignment(model, asg, candidates), candidates)
    off = new_groups(model, _groups(problem, offsite, modes, seed, sample))
    groups.per_check(model, problem, [off])
    rules.add_fixed_teams(model, problem, members, asg, off)
    tw = permutation_weights(seed, "assign", [(oid, team_key[t]) for oid, t in asg.team_of])
    gw = _group_weights(problem, off, seed)
    weighted = [(tw[oid, team_key[t]], v) for (oid, t), v in asg.team_of.items()]
    weighted += [(gw[key], v) for key, v in off.y.items()]
    name = "assign" + (" (sampled)" if sample else "")
    solved = solve_unique(model, weighted, name, budget, as_good_cap=AS_GOOD_CAP_ASSIGNMENT)
    if not solved.found:
        return solved.status, Staffing(solved.status, solved.stats, {})
    team_of = {oid: t for (oid, t), v in asg.team_of.items() if solved.solver.boolean_value(v)}
    inspectors = {oid: members[t] for oid, t in team_of.items()}
    inspectors.update(_picked(solved.solver, off))
    staffing = Staffing(
        solved.status, solved.stats, inspectors, members, team_of, proven=solved.optimal, solved=[solved]
    )
    return solved.status, staffing


def standing_structure(
    model: cp_model.CpModel,
    problem: Problem,
    onsite: list[InspectionObject],
    offsite: list[InspectionObject],
    selected: dict[Mode, dict],
    allowed: Callable[[InspectionObject, Mode], list[int]] | None = None,
    keep: Keep = keep_all,
) -> tuple[Teams, Assignment, Groups]:
    """Variable teams, their on-site checks, and off-site groups (the complete standing model).

    `selected[mode][object_id]`: the object is drawn with a check in that mode (1 for a fixed draw).
    `allowed(object, mode)`: a check's candidate inspectors (default `Problem.allowed`).
    """
    allowed = allowed or problem.allowed
    order = team_pool(problem)
    teams = new_teams(model, Teams(order=order), team_arcs(problem, order, None))
    groups.standing_teams(model, problem, teams)
    model.add(sum(teams.lead.values()) == team_count(problem, order))
    asg = Assignment(onsite=onsite, offsite=offsite, selected=selected[Mode.ONSITE])
    may = {o.object_id: set(allowed(o, Mode.ONSITE)) for o in onsite}
    candidates = {oid: [l for l in teams.lead if l in ok] for oid, ok in may.items()}
    groups.standing_assignment(model, teams, new_assignment(model, asg, candidates), candidates)
    off = Groups(
        checks=offsite,
        selected={o.object_id: selected[Mode.OFFSITE][o.object_id] for o in offsite},
        candidates={o.object_id: allowed(o, Mode.OFFSITE) for o in offsite},
        modes={o.object_id: Mode.OFFSITE for o in offsite},
    )
    groups.per_check(model, problem, [new_groups(model, off)])
    offsite_joint = 0
    if problem.scenario.rules.teams.offsite_size >= 2:
        offsite_joint = sum(off.selected.values())
    # Necessary totals (as in team formation): redundant here, but they make infeasibility provable.
    add_workload_totals(
        model, problem, teams, onsite, selected[Mode.ONSITE], offsite_joint, fixed_draw=False, keep=keep
    )
    return teams, asg, off


def add_standing_rules(
    model: cp_model.CpModel,
    problem: Problem,
    onsite: list[InspectionObject],
    offsite: list[InspectionObject],
    selected: dict[Mode, dict],
    keep: Keep = keep_all,
    allowed: Callable[[InspectionObject, Mode], list[int]] | None = None,
) -> tuple[Teams, Assignment, Groups]:
    """The complete standing model; `keep` leaves rule families out (to find conflicting rules),
    `allowed` gives the candidate inspectors of a check (`rules.candidates`)."""
    teams, asg, off = standing_structure(model, problem, onsite, offsite, selected, allowed, keep)
    rules.add_standing(model, problem, teams, asg, off, keep)
    return teams, asg, off


def complete_standing(
    problem: Problem,
    drawn: list[InspectionObject],
    modes: Modes,
    seed: int,
    budget: Budget,
    stats: list[StageStats],
) -> Staffing:
    model = cp_model.CpModel()
    split = {m: [o for o in drawn if modes[o.object_id] is m] for m in Mode}
    ones = {m: {o.object_id: 1 for o in split[m]} for m in Mode}
    teams, _, _ = add_standing_rules(model, problem, split[Mode.ONSITE], split[Mode.OFFSITE], ones)
    weights = arc_weights(problem, teams, seed)
    formed = solve_unique(model, [(weights[a], v) for a, v in teams.arc.items()], "teams (complete)", budget)
    stats += formed.stats
    if not formed.found:
        return Staffing(formed.status, stats, {})
    _, staffing = assign_to_teams(problem, drawn, modes, formed_teams(formed.solver, teams), seed, budget, False)
    return _with_teams(staffing, stats, formed)


def _with_teams(staffing: Staffing, stats: list[StageStats], formed: Solved) -> Staffing:
    """The assignment's staffing, credited with the team formation that preceded it."""
    staffing.stats = stats + staffing.stats
    staffing.proven = staffing.proven and formed.optimal
    staffing.solved = [formed, *staffing.solved]
    return staffing


def standing(problem: Problem, drawn: list[InspectionObject], modes: Modes, seed: int, budget: Budget) -> Staffing:
    """Form teams against the on-site workload, then give the checks to them; fall back to the
    complete model (teams and checks together) when that decomposition finds no staffing."""
    stats: list[StageStats] = []
    big = len(team_pool(problem)) > TEAM_WINDOW + 20
    sampled = len(problem.inspectors) > SAMPLE_ABOVE or big
    for window in [TEAM_WINDOW, None] if big else [None]:
        onsite = [o for o in drawn if modes[o.object_id] is Mode.ONSITE]
        members, formed = form_teams(problem, onsite, len(drawn) - len(onsite), seed, budget, window)
        stats += formed.stats
        if formed.status == INFEASIBLE and window is None:
            # The formation's totals are necessary for any staffing of this draw: none exists.
            return Staffing(INFEASIBLE, stats, {})
        if formed.status == INFEASIBLE:
            continue
        if not formed.found:
            return Staffing(formed.status, stats, {})
        for sample in [True, False] if sampled else [False]:
            status, staffing = assign_to_teams(problem, drawn, modes, members, seed, budget, sample)
            if status in (OPTIMAL, FEASIBLE):
                return _with_teams(staffing, stats, formed)
            stats += staffing.stats
            if status != INFEASIBLE:
                return Staffing(status, stats, {})
    return complete_standing(problem, drawn, modes, seed, budget, stats)
