"""Problem data of contract v2: the mode of a check depends on its draw (`onsite_required` items),
and standing teams are formed only of inspectors who can take on-site checks."""

from __future__ import annotations

import pytest
from shuangsui.models.domain import (
    Conflict,
    CreditRiskRules,
    DirectedDraw,
    InspectionObject,
    Inspector,
    Item,
    JointRules,
    QuotaRules,
    Scenario,
    ScenarioRules,
    TeamRules,
)
from shuangsui.models.enums import CreditRisk, Draw, Mode, TeamMode, Tier
from shuangsui.scheduler import solve
from shuangsui.scheduler.problem import Problem


def radiation_scenario(team_mode: TeamMode) -> Scenario:
    """Off-site capable hospitals with a 必须现场检查 item: G1 (general, credit-risk draw) and P1
    (positive list, the only object of the directed block); P2 takes the one full-coverage draw."""

    def obj(oid: str, tier: Tier, industry: str, items: tuple[str, ...]) -> InspectionObject:
        return InspectionObject(
            object_id=oid, name=f"{oid}单位", township="赵州镇", industry=industry, tier=tier,
            credit_risk=CreditRisk.B, offsite_capable=True, items=items,
        )  # fmt: skip

    objects = (
        obj("G1", Tier.GENERAL, "医院", ("HJ-14", "HJ-15")),
        obj("P1", Tier.POSITIVE, "医院", ("HJ-15",)),
        obj("P2", Tier.POSITIVE, "食品", ("HJ-14",)),
    )
    people = (
        Inspector(inspector_id="I1", name="甲", unit="执法大队", specialties=("固废",), capacity=4),
        Inspector(inspector_id="I2", name="乙", unit="辐射站", specialties=("辐射",), capacity=4),
        Inspector(inspector_id="I3", name="丙", unit="执法大队", specialties=("固废",), capacity=4),
        Inspector(inspector_id="I4", name="丁", unit="辐射站", specialties=("辐射", "固废"), capacity=4),
    )
    items = (
        Item(item_id="HJ-14", name="医疗废物管理", specialty="固废"),
        Item(item_id="HJ-15", name="辐射安全许可执行情况", specialty="辐射", onsite_required=True),
    )
    rules = ScenarioRules(
        name="辐射", period="2025Q1", seed=5,
        quota=QuotaRules(general=1.0, positive=0.5),
        credit_risk=CreditRiskRules(min_share=0.5),
        teams=TeamRules(mode=team_mode),
        joint=JointRules(internal_min_share=0.0, inter_department_min=0),
        directed=(DirectedDraw(name="医院专项", industries=("医院",), tiers=(Tier.POSITIVE,), count=1),),
    )  # fmt: skip
    return Scenario(rules=rules, objects=objects, inspectors=people, items=items)


def test_mode_depends_on_the_draw() -> None:
    scenario = radiation_scenario(TeamMode.STANDING)
    p1 = scenario.object_by_id["P1"]
    assert scenario.check_mode(p1, Draw.FULL_COVERAGE) is Mode.OFFSITE  # the positive list stays off-site
    assert scenario.check_mode(p1, Draw.DIRECTED) is Mode.ONSITE
    assert scenario.check_mode(scenario.object_by_id["G1"], Draw.CREDIT_RISK) is Mode.ONSITE
    assert Problem(scenario).modes(p1) == {Mode.ONSITE, Mode.OFFSITE}


@pytest.mark.parametrize("team_mode", list(TeamMode))
def test_onsite_required_checks_are_on_site_with_the_specialty(team_mode: TeamMode, assert_plan_ok) -> None:
    scenario = radiation_scenario(team_mode)
    plan = assert_plan_ok(scenario, solve(scenario, workers=1, explain=False))
    by_id = {c.object_id: c for c in plan.checks}
    assert (by_id["G1"].draw, by_id["G1"].mode) == (Draw.CREDIT_RISK, Mode.ONSITE)
    assert (by_id["P1"].draw, by_id["P1"].mode) == (Draw.DIRECTED, Mode.ONSITE)
    assert (by_id["P2"].draw, by_id["P2"].mode) == (Draw.FULL_COVERAGE, Mode.OFFSITE)
    radiation = {i.inspector_id for i in scenario.inspectors if "辐射" in i.specialties}
    assert all(radiation & set(by_id[o].inspector_ids) for o in ("G1", "P1"))


def test_a_directed_draw_without_a_radiation_team_is_not_possible() -> None:
    """P1's directed (on-site) check needs 辐射; its full-coverage check does not: P1 stays drawable."""
    scenario = radiation_scenario(TeamMode.STANDING)
    people = tuple(i for i in scenario.inspectors if "辐射" not in i.specialties)
    problem = Problem(scenario.model_copy(update={"inspectors": people}))
    p1 = scenario.object_by_id["P1"]
    assert problem.options(p1) == [(Draw.FULL_COVERAGE, None)]
    assert "P1" not in problem.undrawable and problem.undrawable["G1"].rule == "specialty"


def test_inspector_who_must_avoid_every_object_is_left_out_of_the_teams(default_scenario, assert_plan_ok) -> None:
    problem = Problem(default_scenario)
    k, banned = 0, problem.inspectors[0]
    conflicts = default_scenario.conflicts + tuple(
        Conflict(inspector_id=banned.inspector_id, object_id=o.object_id, reason="测试")
        for o in default_scenario.objects
        if not any(
            c.inspector_id == banned.inspector_id and c.object_id == o.object_id for c in default_scenario.conflicts
        )
    )
    scenario = default_scenario.model_copy(update={"conflicts": conflicts})
    assert k in Problem(scenario).left_out and k not in problem.left_out
    result = solve(scenario, workers=1, explain=False)
    plan = assert_plan_ok(scenario, result)
    assert all(banned.inspector_id not in t.inspector_ids for t in plan.teams)
    (out,) = result.left_out
    assert out.inspector_id == banned.inspector_id and "须回避全部" in out.reason
