"""The independent plan checker: a hand-made valid plan, then one break per rule family."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from shuangsui.checker import (
    Evaluation,
    Violation,
    apportion,
    check_plan,
    evaluate,
    load_plan,
)
from shuangsui.models.domain import (
    AvoidanceRules,
    Conflict,
    CreditRiskRules,
    DirectedDraw,
    HistoryCheck,
    InspectionObject,
    Inspector,
    Item,
    JointRules,
    QuotaRules,
    Scenario,
    ScenarioRules,
    TeamRules,
)
from shuangsui.models.enums import CreditRisk, Mode, TeamMode, Tier
from shuangsui.models.errors import PlanFileInvalid
from shuangsui.models.rules import RuleFamily as R
from shuangsui.scheduler.result import Check, Plan, SolveStatus, Team, Undrawable

# ---------------------------------------------------------------- the tiny scenario
#
# Period 2025Q2, standing teams of 2, own-township avoidance on, general quota 40 %.
# Required draws (worked by hand):
#   special S1 D, S2 C: n = ceil(0.5 * 2) = 1; shares C 1/3, D 2/3 -> D (S1)
#   key K1 B, K2 C, K3 D, K4 A: n = ceil(0.25 * 4) = 1; D share 1/2 is largest -> D (K3)
#   general G1 A, G2 B, G3 B, G4 C, G5 D: n = ceil(0.4 * 5) = 2; weights .5, 2, 1.5, 3 (sum 7):
#     shares A 1/7, B 4/7, C 3/7, D 6/7 -> D and B (G5, G2)
#   positive P1, P2: 2 full-coverage checks; directed "VOC专项" (包装印刷): G1.
#   credit share 4 / (4 + 1) = 80 % (exactly the bound); internal joint >= ceil(0.3 * 7) = 3.
# Undrawable: G3 (two checks in 2025Q1 reach the annual cap 2) and K4 (needs 辐射: I4 conflicts,
# I5 is not certified).

ITEMS = (
    Item(item_id="HJ-01", name="废气排放", specialty="大气"),
    Item(item_id="HJ-02", name="废水排放", specialty="水"),
    Item(item_id="HJ-03", name="危废管理", specialty="固废"),
    Item(item_id="HJ-04", name="射线装置", specialty="辐射"),
)


def _obj(oid: str, tier: Tier, risk: str, items: tuple[str, ...], **kw: object) -> InspectionObject:
    base: dict[str, object] = {"name": f"{oid}公司", "township": "城关", "industry": "化工"}
    return InspectionObject(object_id=oid, tier=tier, credit_risk=CreditRisk(risk), items=items, **(base | kw))


OBJECTS = (
    _obj("S1", Tier.SPECIAL, "D", ("HJ-01", "HJ-03"), offsite_capable=True, clue="投诉举报"),
    _obj("S2", Tier.SPECIAL, "C", ("HJ-01",)),
    _obj("K1", Tier.KEY, "B", ("HJ-01",)),
    _obj("K2", Tier.KEY, "C", ("HJ-02",)),
    _obj("K3", Tier.KEY, "D", ("HJ-02",), partner_departments=("应急管理",)),
    _obj("K4", Tier.KEY, "A", ("HJ-04",)),
    _obj("G1", Tier.GENERAL, "A", ("HJ-02",), industry="包装印刷"),
    _obj("G2", Tier.GENERAL, "B", ("HJ-01",), offsite_capable=True),
    _obj("G3", Tier.GENERAL, "B", ("HJ-01",), offsite_capable=True),
    _obj("G4", Tier.GENERAL, "C", ("HJ-01",), offsite_capable=True),
    _obj("G5", Tier.GENERAL, "D", ("HJ-01", "HJ-02")),
    _obj("P1", Tier.POSITIVE, "B", ("HJ-01",)),
    _obj("P2", Tier.POSITIVE, "A", ("HJ-01",), township="北关"),
)


def _insp(iid: str, unit: str, specs: tuple[str, ...], cap: int, **kw: object) -> Inspector:
    return Inspector(inspector_id=iid, name=f"{iid}姓名", unit=unit, specialties=specs, capacity=cap, **kw)


INSPECTORS = (
    _insp("I1", "执法大队", ("大气", "水"), 3),
    _insp("I2", "监测站", ("大气", "固废"), 3),
    _insp("I3", "执法大队", ("水",), 3, home_township="北关"),
    _insp("I4", "辐射站", ("辐射", "大气"), 2),
    _insp("I5", "执法大队", ("大气", "水", "固废", "辐射"), 2, certified=False),
    _insp("I6", "监测站", ("水", "噪声"), 2, home_township="西城"),
)

HISTORY = (
    HistoryCheck(period="2025Q1", object_id="G3", inspector_ids=("I1", "I2"), mode=Mode.ONSITE),
    HistoryCheck(period="2025Q1", object_id="G3", inspector_ids=("I1", "I2"), mode=Mode.ONSITE),
    HistoryCheck(period="2025Q1", object_id="P2", inspector_ids=("I1",), mode=Mode.OFFSITE),
    # outside the repeat window (two periods back), other year, planned or later period: ignored
    HistoryCheck(period="2024Q4", object_id="P2", inspector_ids=("I3",), mode=Mode.OFFSITE),
    HistoryCheck(period="2024Q4", object_id="G5", inspector_ids=("I1",), mode=Mode.ONSITE),
    HistoryCheck(period="2024Q3", object_id="G5", inspector_ids=("I1",), mode=Mode.ONSITE),
    HistoryCheck(period="2025Q2", object_id="S1", inspector_ids=("I1",), mode=Mode.ONSITE),
    HistoryCheck(period="2025Q2", object_id="S1", inspector_ids=("I2",), mode=Mode.ONSITE),
    HistoryCheck(period="2025Q3", object_id="K3", inspector_ids=("I3",), mode=Mode.ONSITE),
    HistoryCheck(period="2025Q3", object_id="K3", inspector_ids=("I6",), mode=Mode.ONSITE),
    HistoryCheck(period="2025Q1", object_id="GONE", inspector_ids=("I99",), mode=Mode.ONSITE),
)

RULES = ScenarioRules(
    name="测试县 2025年第二季度",
    period="2025Q2",
    seed=7,
    quota=QuotaRules(general=0.4),
    avoidance=AvoidanceRules(own_township=True),
    directed=(DirectedDraw(name="VOC专项", industries=("包装印刷",), count=1),),
)

SCENARIO = Scenario(
    rules=RULES,
    objects=OBJECTS,
    inspectors=INSPECTORS,
    items=ITEMS,
    conflicts=(
        Conflict(inspector_id="I3", object_id="P1", reason="亲属"),
        Conflict(inspector_id="I1", object_id="K3"),
        Conflict(inspector_id="I4", object_id="K4"),
    ),
    history=HISTORY,
)


def _check(oid: str, draw: str, team: str | None, ids: tuple[str, ...], joint: str = "none", **kw: object) -> Check:
    o = SCENARIO.object_by_id[oid]
    mode = "onsite" if team else "offsite"
    fields: dict[str, object] = {"partner_department": None, "directed": None} | kw
    return Check(
        object_id=oid,
        tier=o.tier.value,
        credit_risk=o.credit_risk.value,
        draw=draw,
        mode=mode,
        team_id=team,
        inspector_ids=ids,
        joint=joint,
        items=o.items,
        **fields,
    )  # type: ignore[arg-type]


T1, T2 = ("I1", "I2"), ("I3", "I6")
CHECKS = (
    _check("S1", "credit_risk", "T1", T1, "internal"),
    _check("K3", "credit_risk", "T2", T2, "inter_department", partner_department="应急管理"),
    _check("G5", "credit_risk", "T1", T1, "internal"),
    _check("G2", "credit_risk", None, ("I4",)),
    _check("P1", "full_coverage", None, ("I4",)),
    _check("P2", "full_coverage", None, ("I4",)),
    _check("G1", "directed", "T2", T2, "internal", directed="VOC专项"),
)
PLAN = Plan(
    scenario=RULES.name,
    period="2025Q2",
    seed=7,
    input_digest="",
    status=SolveStatus.OPTIMAL,
    ortools="hand-made",
    teams=(Team("T1", T1), Team("T2", T2)),
    checks=CHECKS,
    undrawable=(Undrawable("G3", "年度上限"), Undrawable("K4", "辐射 specialty")),
)


def _at(plan: Plan, oid: str, **changes: object) -> Plan:
    """The plan with the check of `oid` changed."""
    checks = tuple(replace(c, **changes) if c.object_id == oid else c for c in plan.checks)
    return replace(plan, checks=checks)


def _families(ev: Evaluation) -> set[R]:
    return {v.rule for v in ev.violations}


def _only(plan: Plan, rule: R, scenario: Scenario = SCENARIO) -> list[Violation]:
    """Evaluate; exactly `rule` is broken. Returns its violations."""
    ev = evaluate(scenario, plan)
    assert _families(ev) == {rule}, [v.message for v in ev.violations]
    outcome = {o.rule: o for o in ev.outcomes}[rule]
    assert not outcome.ok and not outcome.tight
    return ev.of(rule)


# ---------------------------------------------------------------- apportionment


def test_apportion_contract_example() -> None:
    sizes = {CreditRisk.A: 80, CreditRisk.B: 240, CreditRisk.C: 60, CreditRisk.D: 20}
    mult = {
        CreditRisk.A: Fraction(1, 2),
        CreditRisk.B: Fraction(1),
        CreditRisk.C: Fraction(3, 2),
        CreditRisk.D: Fraction(3),
    }
    n = 60  # ceil(0.15 * 400)
    assert apportion(n, sizes, mult) == {
        CreditRisk.A: 6,
        CreditRisk.B: 33,
        CreditRisk.C: 13,
        CreditRisk.D: 8,
    }


def test_apportion_saturated_class_and_zero_multiplier() -> None:
    mult = {
        CreditRisk.A: Fraction(0),
        CreditRisk.B: Fraction(1),
        CreditRisk.C: Fraction(1),
        CreditRisk.D: Fraction(100),
    }
    sizes = {CreditRisk.A: 50, CreditRisk.B: 10, CreditRisk.C: 10, CreditRisk.D: 2}
    # D's share 7 * 200/220 reaches its population 2: D gets 2, then B and C split 5 -> tie at .5
    # goes to the higher risk class C; A (multiplier 0) gets none.
    assert apportion(7, sizes, mult) == {
        CreditRisk.A: 0,
        CreditRisk.B: 2,
        CreditRisk.C: 3,
        CreditRisk.D: 2,
    }
    # only multiplier-0 classes left: the seats cannot be placed
    assert sum(apportion(5, {CreditRisk.A: 9, CreditRisk.B: 0, CreditRisk.C: 0, CreditRisk.D: 0}, mult).values()) == 0


@pytest.mark.parametrize(("quota", "population", "need"), [(0.15, 20, 3), (0.07, 100, 7), (0.55, 200, 110)])
def test_exact_quota_arithmetic(quota: float, population: int, need: int) -> None:
    objects = tuple(_obj(f"X{k:03}", Tier.GENERAL, "ABCD"[k % 4], ("HJ-01",)) for k in range(population))
    rules = RULES.model_copy(update={"quota": QuotaRules(general=quota), "directed": ()})
    sc = SCENARIO.model_copy(update={"rules": rules, "objects": objects, "history": (), "conflicts": ()})
    ev = evaluate(sc, replace(PLAN, checks=(), undrawable=()))
    assert sum(s.required for s in ev.strata if s.tier == "general") == need


# ---------------------------------------------------------------- the valid plan


def test_valid_plan_has_no_violations() -> None:
    ev = evaluate(SCENARIO, PLAN)
    assert ev.violations == (), [v.message for v in ev.violations]
    assert ev.ok and check_plan(SCENARIO, PLAN) == []
    assert [o.rule for o in ev.outcomes] == list(R)
    assert all(o.ok for o in ev.outcomes)
    rows = {o.rule: o for o in ev.outcomes}
    assert rows[R.CREDIT_SHARE].tight  # 4 / 5 == 80 % exactly
    assert rows[R.CAPACITY].tight and rows[R.CAPACITY].slack == 0  # I6: 2 of 2
    assert rows[R.INTERNAL_JOINT].slack == 1 and "3" in rows[R.INTERNAL_JOINT].required
    assert rows[R.ANNUAL_CAP].slack == 0 and "P2" in rows[R.ANNUAL_CAP].achieved  # 2025Q1 + now
    strata = {(s.tier, s.credit_risk): (s.population, s.required, s.drawn) for s in ev.strata}
    assert strata[("general", "D")] == (1, 1, 1) and strata[("general", "B")] == (2, 1, 1)
    assert strata[("general", "A")] == (1, 0, 0) and strata[("special", "C")] == (1, 0, 0)


def test_per_check_mode_valid_and_teams_forbidden() -> None:
    sc = SCENARIO.with_rules(teams=TeamRules(mode=TeamMode.PER_CHECK))
    plan = replace(PLAN, teams=(), checks=tuple(replace(c, team_id=None) for c in PLAN.checks))
    assert evaluate(sc, plan).ok
    _only(replace(plan, teams=PLAN.teams), R.GROUPS, sc)
    (v,) = _only(_at(plan, "S1", team_id="T1"), R.GROUPS, sc)
    assert v.object_id == "S1"


# ---------------------------------------------------------------- one break per rule


def test_credit_risk_draws_wrong_class() -> None:
    # G4 (general C) drawn instead of G2 (general B): B 0 of 1, C 1 of 0
    plan = _at(PLAN, "G2", object_id="G4", credit_risk="C")
    found = _only(plan, R.CREDIT_RISK_DRAWS)
    assert len(found) == 2 and any("B 类" in v.message and "1 次" in v.message for v in found)


def test_credit_risk_draw_of_positive_object() -> None:
    found = evaluate(SCENARIO, _at(PLAN, "P1", draw="credit_risk")).of(R.CREDIT_RISK_DRAWS)
    assert any(v.object_id == "P1" for v in found)


def test_positive_list_missing_check() -> None:
    plan = replace(PLAN, checks=tuple(c for c in PLAN.checks if c.object_id != "P2"))
    (v,) = _only(plan, R.POSITIVE_LIST)
    assert "2" in v.message and "1" in v.message


def test_directed_unknown_block() -> None:
    found = _only(_at(PLAN, "G1", directed="不存在"), R.DIRECTED_DRAWS)
    assert any(v.object_id == "G1" and "不存在" in v.message for v in found)


def test_directed_object_outside_filters() -> None:
    o = SCENARIO.object_by_id["K2"]
    plan = _at(PLAN, "G1", object_id="K2", tier="key", credit_risk="C", items=o.items)
    (v,) = _only(plan, R.DIRECTED_DRAWS)
    assert v.object_id == "K2"


def test_directed_name_on_other_draw() -> None:
    (v,) = _only(_at(PLAN, "G2", directed="VOC专项"), R.DIRECTED_DRAWS)
    assert v.object_id == "G2"


def test_credit_share_below_bound() -> None:
    sc = SCENARIO.with_rules(credit_risk=CreditRiskRules(min_share=0.85))
    (v,) = _only(PLAN, R.CREDIT_SHARE, sc)
    assert "80.0%" in v.message


def test_mode_offsite_capable_checked_onsite() -> None:
    plan = _at(PLAN, "G2", mode="onsite", team_id="T1", inspector_ids=T1, joint="internal")
    (v,) = _only(plan, R.MODE)
    assert v.object_id == "G2" and "offsite" in v.message


def test_one_check_per_object_twice() -> None:
    plan = _at(PLAN, "P2", object_id="P1", credit_risk="B")
    (v,) = _only(plan, R.ONE_CHECK_PER_OBJECT)
    assert v.object_id == "P1" and "2 次" in v.message


def test_unknown_object() -> None:
    found = evaluate(SCENARIO, _at(PLAN, "P2", object_id="X99")).of(R.ONE_CHECK_PER_OBJECT)
    assert [v.object_id for v in found] == ["X99"]


def test_groups_ineligible_inspector() -> None:
    (v,) = _only(_at(PLAN, "P1", inspector_ids=("I5",)), R.GROUPS)
    assert v.inspector_id == "I5" and "未持执法证" in v.message


def test_groups_offsite_with_team() -> None:
    (v,) = _only(_at(PLAN, "P1", team_id="T1"), R.GROUPS)
    assert v.object_id == "P1"


def test_groups_inspector_in_two_teams() -> None:
    (v,) = _only(replace(PLAN, teams=(*PLAN.teams, Team("T3", ("I1", "I4")))), R.GROUPS)
    assert v.inspector_id == "I1"


def test_groups_wrong_size_and_unknown_inspector() -> None:
    found = evaluate(SCENARIO, _at(PLAN, "P1", inspector_ids=("I4", "I99"))).of(R.GROUPS)
    assert {v.inspector_id for v in found} == {None, "I99"}


def test_groups_check_not_its_team() -> None:
    found = evaluate(SCENARIO, _at(PLAN, "G5", team_id="T2")).of(R.GROUPS)
    assert [v.object_id for v in found] == ["G5"]


def test_specialty_not_covered() -> None:
    # T2 (水 only) goes to S1 (大气, 固废), T1 to G1 (水): loads and units unchanged
    plan = _at(_at(PLAN, "S1", team_id="T2", inspector_ids=T2), "G1", team_id="T1", inspector_ids=T1)
    (v,) = _only(plan, R.SPECIALTY)
    assert v.object_id == "S1" and "大气" in v.message and "固废" in v.message


def test_avoidance_conflict() -> None:
    (v,) = _only(_at(PLAN, "P1", inspector_ids=("I3",)), R.AVOIDANCE)
    assert (v.object_id, v.inspector_id) == ("P1", "I3") and "conflicts" in v.message


def test_avoidance_repeat_window() -> None:
    (v,) = _only(_at(PLAN, "P2", inspector_ids=("I1",)), R.AVOIDANCE)
    assert (v.object_id, v.inspector_id) == ("P2", "I1") and "repeat_window" in v.message


def test_avoidance_own_township() -> None:
    # I3 lives in 北关 like P2 (his 2024Q4 check of P2 is outside the window)
    (v,) = _only(_at(PLAN, "P2", inspector_ids=("I3",)), R.AVOIDANCE)
    assert (v.object_id, v.inspector_id) == ("P2", "I3") and "own_township" in v.message
    sc = SCENARIO.with_rules(avoidance=AvoidanceRules(own_township=False))
    assert evaluate(sc, _at(PLAN, "P2", inspector_ids=("I3",))).ok


def test_capacity_exceeded() -> None:
    (v,) = _only(_at(PLAN, "P1", inspector_ids=("I6",)), R.CAPACITY)
    assert v.inspector_id == "I6" and "2.25" in v.message


def test_annual_cap_reached() -> None:
    plan = replace(_at(PLAN, "G2", object_id="G3"), undrawable=(Undrawable("K4", "辐射"),))
    (v,) = _only(plan, R.ANNUAL_CAP)
    assert v.object_id == "G3"


def test_internal_joint_label() -> None:
    (v,) = _only(_at(PLAN, "S1", joint="none"), R.INTERNAL_JOINT)
    assert v.object_id == "S1"


def test_internal_joint_share() -> None:
    sc = SCENARIO.with_rules(joint=JointRules(internal_min_share=0.6))
    (v,) = _only(PLAN, R.INTERNAL_JOINT, sc)
    assert "5" in v.message and "4" in v.message


def test_inter_department_missing() -> None:
    (v,) = _only(_at(PLAN, "K3", joint="internal", partner_department=None), R.INTER_DEPARTMENT)
    assert "0" in v.message


def test_inter_department_wrong_partner() -> None:
    found = _only(_at(PLAN, "K3", partner_department="市场监管"), R.INTER_DEPARTMENT)
    assert any(v.object_id == "K3" and "市场监管" in v.message for v in found)


def test_undrawable_but_drawable() -> None:
    plan = replace(PLAN, undrawable=(*PLAN.undrawable, Undrawable("K1", "?")))
    (v,) = _only(plan, R.UNDRAWABLE)
    assert v.object_id == "K1"


def test_undrawable_unknown_or_checked() -> None:
    plan = replace(PLAN, undrawable=(*PLAN.undrawable, Undrawable("X1", "?"), Undrawable("S1", "?")))
    assert {v.object_id for v in evaluate(SCENARIO, plan).of(R.UNDRAWABLE)} == {"X1", "S1"}


def test_plan_format_header() -> None:
    (v,) = _only(replace(PLAN, period="2025Q1"), R.PLAN_FORMAT)
    assert "2025Q1" in v.message
    sc = SCENARIO.model_copy(update={"input_digest": "ab" * 32})
    _only(replace(PLAN, input_digest="cd" * 32), R.PLAN_FORMAT, sc)
    assert evaluate(sc, replace(PLAN, input_digest="ab" * 32)).ok


def test_plan_format_fields() -> None:
    (v,) = _only(_at(PLAN, "G5", items=("HJ-01",)), R.PLAN_FORMAT)
    assert v.object_id == "G5" and "HJ-02" in v.message


def test_all_violations_listed() -> None:
    plan = _at(_at(PLAN, "P1", inspector_ids=("I3",)), "S1", joint="none")
    assert _families(evaluate(SCENARIO, plan)) == {R.AVOIDANCE, R.INTERNAL_JOINT}


# ---------------------------------------------------------------- load_plan


def test_load_plan_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(PLAN.to_json(), encoding="utf-8")
    assert load_plan(path) == PLAN


def test_load_plan_extra_fields_allowed(tmp_path: Path) -> None:
    data = PLAN.to_dict()
    data["note"] = "x"
    data["checks"][0]["date"] = "2025-04-01"
    del data["solver"]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8-sig")
    assert load_plan(path).checks == PLAN.checks


def test_load_plan_errors(tmp_path: Path) -> None:
    with pytest.raises(PlanFileInvalid, match=r"nope\.json"):
        load_plan(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"contract": 1,', encoding="utf-8")
    with pytest.raises(PlanFileInvalid, match=r"bad\.json.*JSON"):
        load_plan(bad)
    bad.write_text("[]", encoding="utf-8")
    with pytest.raises(PlanFileInvalid, match="object"):
        load_plan(bad)
    data = PLAN.to_dict()
    del data["checks"][1]["mode"]
    data["checks"][2]["inspector_ids"] = "I1"
    data["teams"][0]["team_id"] = 5
    data["contract"] = "1"
    data["checks"][3]["items"] = ["HJ-01", 2]
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PlanFileInvalid) as err:
        load_plan(bad)
    text = str(err.value)
    for field in ("checks[1].mode", "checks[2].inspector_ids", "teams[0].team_id", "contract"):
        assert field in text
    assert "5 处错误" in text and "containing number" in text


# ---------------------------------------------------------------- performance


def test_large_plan_is_fast() -> None:
    n, staff = 20_000, 120
    objects = tuple(
        _obj(
            f"O{k:05}",
            (Tier.GENERAL, Tier.KEY, Tier.SPECIAL, Tier.POSITIVE)[k % 4],
            "ABCD"[k % 3],
            ("HJ-01", "HJ-02"),
            township=f"镇{k % 17}",
        )
        for k in range(n)
    )
    inspectors = tuple(
        _insp(f"P{k:03}", f"U{k % 3}", ("大气", "水"), 400, home_township=f"镇{k % 19}") for k in range(staff)
    )
    history = tuple(
        HistoryCheck(
            period="2025Q1",
            object_id=f"O{k:05}",
            inspector_ids=(f"P{k % staff:03}",),
            mode=Mode.ONSITE,
        )
        for k in range(0, n, 3)
    )
    conflicts = tuple(Conflict(inspector_id=f"P{k % staff:03}", object_id=f"O{k:05}") for k in range(0, n, 7))
    sc = Scenario(
        rules=RULES.model_copy(update={"directed": ()}),
        objects=objects,
        inspectors=inspectors,
        items=ITEMS,
        history=history,
        conflicts=conflicts,
    )
    teams = tuple(Team(f"T{k}", (f"P{2 * k:03}", f"P{2 * k + 1:03}")) for k in range(staff // 2))
    checks = tuple(
        Check(
            o.object_id,
            o.tier.value,
            o.credit_risk.value,
            "full_coverage" if o.tier is Tier.POSITIVE else "credit_risk",
            "onsite",
            f"T{k % len(teams)}",
            teams[k % len(teams)].inspector_ids,
            "internal",
            None,
            None,
            o.items,
        )
        for k, o in enumerate(objects[200:])
    )
    plan = replace(
        PLAN,
        teams=teams,
        checks=checks,
        undrawable=tuple(Undrawable(o.object_id, "?") for o in objects[:200]),
    )
    start = time.perf_counter()
    ev = evaluate(sc, plan)
    assert time.perf_counter() - start < 2.0
    assert not ev.ok  # many rules broken on purpose; only the speed matters here
