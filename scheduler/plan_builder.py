"""Turning the chosen draw and groupings into the contract's plan (canonical order and labels)."""

from __future__ import annotations

from importlib.metadata import version

from shuangsui.models.enums import Draw, Mode, TeamMode, Tier
from shuangsui.scheduler.draw import modes_of
from shuangsui.scheduler.problem import DrawOption, Problem
from shuangsui.scheduler.result import Check, Plan, SolveStatus, Team, Undrawable
from shuangsui.scheduler.rules import inter_department
from shuangsui.scheduler.staffing import Staffing

TIER_ORDER = {t: n for n, t in enumerate(Tier)}
DRAW_ORDER = {d: n for n, d in enumerate(Draw)}


def ortools_version() -> str:
    return version("ortools")


def build_plan(
    problem: Problem,
    drawn: dict[str, DrawOption],
    staffing: Staffing,
    status: SolveStatus,
    seed: int,
) -> Plan:
    sc = problem.scenario
    modes = modes_of(problem, drawn)
    partners = inter_department.choose(problem, modes, seed)
    ids = problem.inspectors
    standing = sc.rules.teams.mode is TeamMode.STANDING
    teams: list[Team] = []
    label: dict[int, str] = {}
    if standing and staffing.teams is not None:
        keyed = sorted((tuple(sorted(ids[k].inspector_id for k in t)), n) for n, t in enumerate(staffing.teams))
        width = max(2, len(str(len(keyed))))
        for rank, (members, n) in enumerate(keyed, start=1):
            label[n] = f"T{rank:0{width}d}"
            teams.append(Team(label[n], members))
    checks = []
    for oid, (draw, block) in drawn.items():
        obj = sc.object_by_id[oid]
        members = tuple(sorted(ids[k].inspector_id for k in staffing.inspectors[oid]))
        units = {sc.inspector_by_id[i].unit for i in members}
        joint, partner = inter_department.label(partners.get(oid), units)
        team_id = None
        if standing and modes[oid] is Mode.ONSITE and staffing.team_of is not None:
            team_id = label[staffing.team_of[oid]]
        checks.append(
            Check(
                object_id=oid,
                tier=obj.tier.value,
                credit_risk=obj.credit_risk.value,
                draw=draw.value,
                mode=modes[oid].value,
                team_id=team_id,
                inspector_ids=members,
                joint=joint.value,
                partner_department=partner,
                directed=block,
                items=obj.items,
                internal_joint=len(units) >= 2,
            )
        )
    checks.sort(
        key=lambda c: (
            DRAW_ORDER[Draw(c.draw)],
            TIER_ORDER[Tier(c.tier)],
            c.credit_risk,
            c.object_id,
        )
    )
    undrawable = tuple(Undrawable(oid, u.reason) for oid, u in sorted(problem.undrawable.items()))
    return Plan(
        scenario=sc.rules.name,
        period=sc.rules.period,
        seed=seed,
        input_digest=sc.input_digest,
        status=status,
        ortools=ortools_version(),
        teams=tuple(teams),
        checks=tuple(checks),
        undrawable=undrawable,
    )
