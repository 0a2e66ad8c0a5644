"""The independent plan checker (`shuangsui.checker`): a hand-made valid plan, then one break per rule family.

One module with a section per rule family, in RuleFamily order (the checker has one module per family
in `checker/rules/`); the plan reader is tested in test_checker_plan.py, the contract arithmetic in
test_checker_contract.py, the import boundary in test_checker_imports.py.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace

from shuangsui.checker import (
    Evaluation,
    PlanCheck,
    PlanFile,
    PlanTeam,
    PlanUndrawable,
    Violation,
    check_plan,
    evaluate,
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
from shuangsui.models.rules import RuleFamily as R

# ---------------------------------------------------------------- the tiny scenario
#
# Period 2025Q2, standing teams of 2, own-township avoidance on, general quota 40 %.
# Required draws (worked by hand):
#   special S1 D, S2 C: n = ceil(0.5 * 2) = 1; shares C 1/3, D 2/3 -> D (S1)
#   key K1 B, K2 C, K3 D, K4 A: n = ceil(0.25 * 4) = 1; D share 1/2 is largest -> D (K3)
#   general G1 A, G2 B, G3 B, G4 C, G5 D: n = ceil(0.4 * 5) = 2; weights .5, 2, 1.5, 3 (sum 7):
#     shares A 1/7, B 4/7, C 3/7, D 6/7 -> D and B (G5, G2)
#   positive P1, P2, P3: 3 full-coverage checks (P3 holds the on-site-required item HJ-04, but its
#   full-coverage check stays off-site); directed "VOC专项" (包装印刷): G1.
#   credit share 4 / (4 + 1) = 80 % (exactly the bound); internal joint >= ceil(0.3 * 8) = 3.
#   inter-department: K3 on site with 应急管理, the first of its two partners.
# Undrawable: G3 (two on-site checks in 2025Q1 reach the annual cap 2, and it must be checked on
# site) and K4 (needs 辐射: I4 conflicts, I5 is not certified).

ITEMS = (
    Item(item_id="HJ-01", name="废气排放", specialty="大气"),
    Item(item_id="HJ-02", name="废水排放", specialty="水"),
    Item(item_id="HJ-03", name="危废管理", specialty="固废"),
    Item(item_id="HJ-04", name="射线装置", specialty="辐射", onsite_required=True),
)


def _obj(oid: str, tier: Tier, risk: str, items: tuple[str, ...], **kw: object) -> InspectionObject:
    base: dict[str, object] = {"name": f"{oid}公司", "township": "城关", "industry": "化工"}
    return InspectionObject(object_id=oid, tier=tier, credit_risk=CreditRisk(risk), items=items, **(base | kw))


OBJECTS = (
    _obj("S1", Tier.SPECIAL, "D", ("HJ-01", "HJ-03"), offsite_capable=True, clue="投诉举报"),
    _obj("S2", Tier.SPECIAL, "C", ("HJ-01",)),
    _obj("K1", Tier.KEY, "B", ("HJ-01",)),
    _obj("K2", Tier.KEY, "C", ("HJ-02",)),
    _obj("K3", Tier.KEY, "D", ("HJ-02",), partner_departments=("应急管理", "市场监管")),
    _obj("K4", Tier.KEY, "A", ("HJ-04",)),
    _obj("G1", Tier.GENERAL, "A", ("HJ-02",), industry="包装印刷"),
    _obj("G2", Tier.GENERAL, "B", ("HJ-01",), offsite_capable=True, partner_departments=("水务",)),
    _obj("G3", Tier.GENERAL, "B", ("HJ-01",)),
    _obj("G4", Tier.GENERAL, "C", ("HJ-01",), offsite_capable=True),
    _obj("G5", Tier.GENERAL, "D", ("HJ-01", "HJ-02")),
    _obj("P1", Tier.POSITIVE, "B", ("HJ-01",)),
    _obj("P2", Tier.POSITIVE, "A", ("HJ-01",), township="北关"),
    _obj("P3", Tier.POSITIVE, "C", ("HJ-01", "HJ-04")),
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


def _check(oid: str, draw: str, team: str | None, ids: tuple[str, ...], joint: str = "none", **kw: object) -> PlanCheck:
    o = SCENARIO.object_by_id[oid]
    units = {SCENARIO.inspector_by_id[i].unit for i in ids}
    fields: dict[str, object] = {"partner_department": None, "directed": None, "internal_joint": len(units) >= 2}
    return PlanCheck(
        object_id=oid,
        tier=o.tier.value,
        credit_risk=o.credit_risk.value,
        draw=draw,
        mode="onsite" if team else "offsite",
        team_id=team,
        inspector_ids=ids,
        joint=joint,
        items=o.items,
        **(fields | kw),  # type: ignore[arg-type]
    )


T1, T2 = ("I1", "I2"), ("I3", "I6")
CHECKS = (
    _check("S1", "credit_risk", "T1", T1, "internal"),
    _check("K3", "credit_risk", "T2", T2, "inter_department", partner_department="应急管理"),
    _check("G5", "credit_risk", "T1", T1, "internal"),
    _check("G2", "credit_risk", None, ("I4",)),
    _check("P1", "full_coverage", None, ("I4",)),
    _check("P2", "full_coverage", None, ("I4",)),
    _check("P3", "full_coverage", None, ("I4",)),
    _check("G1", "directed", "T2", T2, "internal", directed="VOC专项"),
)
PLAN = PlanFile(
    contract=2,
    period="2025Q2",
    scenario=RULES.name,
    seed=7,
    input_digest="",
    status="optimal",
    ortools="hand-made",
    teams=(PlanTeam("T1", T1), PlanTeam("T2", T2)),
    checks=CHECKS,
    undrawable=(PlanUndrawable("G3", "年度上限"), PlanUndrawable("K4", "辐射 specialty")),
)


def _at(plan: PlanFile, oid: str, **changes: object) -> PlanFile:
    """The plan with the check of `oid` changed."""
    checks = tuple(replace(c, **changes) if c.object_id == oid else c for c in plan.checks)
    return replace(plan, checks=checks)


def replace_item(item: Item, **changes: object) -> Item:
    return item.model_copy(update=changes)


def _as_json(plan: PlanFile) -> dict:
    """The plan as plan.json holds it."""
    data = json.loads(json.dumps(asdict(plan)))
    data["solver"] = {"status": data.pop("status"), "ortools": data.pop("ortools")}
    return data


def _families(ev: Evaluation) -> set[R]:
    return {v.rule for v in ev.violations}


def _only(plan: PlanFile, rule: R, scenario: Scenario = SCENARIO) -> list[Violation]:
    """Evaluate; exactly `rule` is broken. Returns its violations."""
    ev = evaluate(scenario, plan)
    assert _families(ev) == {rule}, [v.message for v in ev.violations]
    outcome = {o.rule: o for o in ev.outcomes}[rule]
    assert not outcome.ok and not outcome.tight
    return ev.of(rule)


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
    assert rows[R.CAPACITY].achieved == "最紧：I6 2/2（100.0%）"
    assert rows[R.INTERNAL_JOINT].slack == 1
    assert rows[R.INTERNAL_JOINT].required == "≥ 3 次（全部 8 次的 30.0%）"
    assert rows[R.INTERNAL_JOINT].achieved == "4 次（50.0%）"
    assert rows[R.INTER_DEPARTMENT].achieved == "1 次" and rows[R.INTER_DEPARTMENT].slack == 0
    # v2: only on-site checks count; P2's off-site history and off-site check do not
    assert rows[R.ANNUAL_CAP].slack == 1 and rows[R.ANNUAL_CAP].achieved == "最多 1 次（S1）"
    strata = {(s.tier, s.credit_risk): (s.population, s.required, s.drawn) for s in ev.strata}
    assert strata[("general", "D")] == (1, 1, 1) and strata[("general", "B")] == (2, 1, 1)
    assert strata[("general", "A")] == (1, 0, 0) and strata[("special", "C")] == (1, 0, 0)


def test_planner_objects_are_read_through_their_json() -> None:
    class Made:  # any plan object with to_dict(), as the planner's
        def to_dict(self) -> dict:
            return _as_json(PLAN)

    assert evaluate(SCENARIO, Made()).ok and evaluate(SCENARIO, _as_json(PLAN)).ok


def test_exact_quota_arithmetic() -> None:
    for quota, population, need in [(0.15, 20, 3), (0.07, 100, 7), (0.55, 200, 110)]:
        objects = tuple(_obj(f"X{k:03}", Tier.GENERAL, "ABCD"[k % 4], ("HJ-01",)) for k in range(population))
        rules = RULES.model_copy(update={"quota": QuotaRules(general=quota), "directed": ()})
        sc = SCENARIO.model_copy(update={"rules": rules, "objects": objects, "history": (), "conflicts": ()})
        ev = evaluate(sc, replace(PLAN, checks=(), undrawable=()))
        assert sum(s.required for s in ev.strata if s.tier == "general") == need


def test_per_check_mode_valid_and_teams_forbidden() -> None:
    sc = SCENARIO.with_rules(teams=TeamRules(mode=TeamMode.PER_CHECK))
    plan = replace(PLAN, teams=(), checks=tuple(replace(c, team_id=None) for c in PLAN.checks))
    assert evaluate(sc, plan).ok
    (v,) = _only(replace(plan, teams=PLAN.teams), R.GROUPS, sc)
    assert v.message == "per_check 模式下 teams 应为空，计划列出 2 个执法小组"
    (v,) = _only(_at(plan, "S1", team_id="T1"), R.GROUPS, sc)
    assert v.object_id == "S1"


# ---------------------------------------------------------------- credit_risk_draws


def test_credit_risk_draws_wrong_class() -> None:
    # G4 (general C) drawn instead of G2 (general B): B 0 of 1, C 1 of 0
    plan = _at(PLAN, "G2", object_id="G4", credit_risk="C")
    found = _only(plan, R.CREDIT_RISK_DRAWS)
    assert [v.message for v in found] == [
        "一般监管对象 B 类（一般风险，共 2 家）应按信用风险抽取 1 次，计划 0 次",
        "一般监管对象 C 类（较高风险，共 1 家）应按信用风险抽取 0 次，计划 1 次",
    ]


def test_credit_risk_draw_of_positive_object() -> None:
    found = evaluate(SCENARIO, _at(PLAN, "P1", draw="credit_risk")).of(R.CREDIT_RISK_DRAWS)
    assert any(v.object_id == "P1" for v in found)


# ---------------------------------------------------------------- positive_list


def test_positive_list_missing_check() -> None:
    plan = replace(PLAN, checks=tuple(c for c in PLAN.checks if c.object_id != "P2"))
    (v,) = _only(plan, R.POSITIVE_LIST)
    assert v.message == "正面清单企业 3 家应有 3 次全覆盖检查 (full_coverage)，计划 2 次"


# ---------------------------------------------------------------- directed_draws


def test_directed_unknown_block() -> None:
    found = _only(_at(PLAN, "G1", directed="不存在"), R.DIRECTED_DRAWS)
    assert any(v.object_id == "G1" and "不存在" in v.message for v in found)
    assert "定向抽查「VOC专项」应为 1 次，计划 0 次" in [v.message for v in found]


def test_directed_object_outside_filters() -> None:
    o = SCENARIO.object_by_id["K2"]
    plan = _at(PLAN, "G1", object_id="K2", tier="key", credit_risk="C", items=o.items)
    (v,) = _only(plan, R.DIRECTED_DRAWS)
    assert v.object_id == "K2"


def test_directed_name_on_other_draw() -> None:
    (v,) = _only(_at(PLAN, "G2", directed="VOC专项"), R.DIRECTED_DRAWS)
    assert v.object_id == "G2"


# ---------------------------------------------------------------- credit_share


def test_credit_share_below_bound() -> None:
    sc = SCENARIO.with_rules(credit_risk=CreditRiskRules(min_share=0.85))
    (v,) = _only(PLAN, R.CREDIT_SHARE, sc)
    assert v.message == "信用风险抽查占比 4/5 = 80.0%，低于 85.0% (min_share)"


# ---------------------------------------------------------------- mode


def test_mode_offsite_capable_checked_onsite() -> None:
    plan = _at(PLAN, "G2", mode="onsite", team_id="T1", inspector_ids=T1, joint="internal", internal_joint=True)
    (v,) = _only(plan, R.MODE)
    assert v.object_id == "G2"
    assert (
        v.message == "对象 G2（G2公司） 的检查方式应为 offsite（科技检查）"
        "：具备非现场监管条件且无问题线索，须科技检查；计划为「onsite」"
    )


def test_mode_onsite_required_item_v2() -> None:
    # HJ-01 now must be checked on site: G2's credit-risk check off-site is wrong; the positive
    # list's full-coverage checks of P1..P3 (HJ-01 too) stay off-site.
    items = tuple(replace_item(i, onsite_required=True) if i.item_id == "HJ-01" else i for i in ITEMS)
    sc = SCENARIO.model_copy(update={"items": items})
    (v,) = _only(PLAN, R.MODE, sc)
    assert v.object_id == "G2"
    assert (
        v.message == "对象 G2（G2公司） 的检查方式应为 onsite（现场检查）：含必须现场检查的事项"
        " HJ-01 (onsite_required)，须现场检查；计划为「offsite」"
    )


def test_mode_directed_check_of_onsite_required_object_v2() -> None:
    # P3 holds HJ-04 (必须现场检查): a directed check of it off-site is wrong, its full coverage is not
    sc = SCENARIO.with_rules(directed=(DirectedDraw(name="VOC专项", tiers=(Tier.POSITIVE,), count=1),))
    plan = replace(
        PLAN,
        checks=(
            *tuple(c for c in PLAN.checks if c.object_id not in ("G1", "P3")),
            _check("P3", "directed", None, ("I4",), directed="VOC专项"),
            _check("G1", "credit_risk", "T2", T2, "internal"),
        ),
    )
    found = evaluate(sc, plan).of(R.MODE)
    assert [v.object_id for v in found] == ["P3"]


# ---------------------------------------------------------------- one_check_per_object


def test_one_check_per_object_twice() -> None:
    plan = _at(PLAN, "P2", object_id="P1", credit_risk="B")
    (v,) = _only(plan, R.ONE_CHECK_PER_OBJECT)
    assert v.object_id == "P1" and v.message == "对象 P1（P1公司） 本期被检查 2 次，每期至多 1 次"


def test_unknown_object() -> None:
    found = evaluate(SCENARIO, _at(PLAN, "P2", object_id="X99")).of(R.ONE_CHECK_PER_OBJECT)
    assert [v.object_id for v in found] == ["X99"]


# ---------------------------------------------------------------- groups


def test_groups_ineligible_inspector() -> None:
    (v,) = _only(_at(PLAN, "P1", inspector_ids=("I5",)), R.GROUPS)
    assert v.inspector_id == "I5"
    assert v.message == "对象 P1（P1公司） 的检查：人员 I5（I5姓名） 未持执法证，不能参加检查"


def test_groups_offsite_with_team() -> None:
    (v,) = _only(_at(PLAN, "P1", team_id="T1"), R.GROUPS)
    assert v.object_id == "P1"


def test_groups_inspector_in_two_teams() -> None:
    (v,) = _only(replace(PLAN, teams=(*PLAN.teams, PlanTeam("T3", ("I1", "I4")))), R.GROUPS)
    assert v.inspector_id == "I1"


def test_groups_wrong_size_and_unknown_inspector() -> None:
    found = evaluate(SCENARIO, _at(PLAN, "P1", inspector_ids=("I4", "I99"))).of(R.GROUPS)
    assert {v.inspector_id for v in found} == {None, "I99"}


def test_groups_check_not_its_team() -> None:
    found = evaluate(SCENARIO, _at(PLAN, "G5", team_id="T2")).of(R.GROUPS)
    assert [v.object_id for v in found] == ["G5"]


# ---------------------------------------------------------------- specialty


def test_specialty_not_covered() -> None:
    # T2 (水 only) goes to S1 (大气, 固废), T1 to G1 (水): loads and units unchanged
    plan = _at(_at(PLAN, "S1", team_id="T2", inspector_ids=T2), "G1", team_id="T1", inspector_ids=T1)
    (v,) = _only(plan, R.SPECIALTY)
    assert v.object_id == "S1"
    assert v.message == "对象 S1（S1公司） 的现场检查缺少专业 固废、大气（检查人员 I3、I6）"


# ---------------------------------------------------------------- avoidance


def test_avoidance_conflict() -> None:
    (v,) = _only(_at(PLAN, "P1", inspector_ids=("I3",)), R.AVOIDANCE)
    assert (v.object_id, v.inspector_id) == ("P1", "I3")
    assert v.message == "人员 I3（I3姓名） 须回避 对象 P1（P1公司）：回避关系 (conflicts)"


def test_avoidance_repeat_window() -> None:
    (v,) = _only(_at(PLAN, "P2", inspector_ids=("I1",)), R.AVOIDANCE)
    assert (v.object_id, v.inspector_id) == ("P2", "I1")
    assert v.message == "人员 I1（I1姓名） 须回避 对象 P2（P2公司）：近 1 期内检查过该对象 (repeat_window)"


def test_avoidance_own_township() -> None:
    # I3 lives in 北关 like P2 (his 2024Q4 check of P2 is outside the window)
    (v,) = _only(_at(PLAN, "P2", inspector_ids=("I3",)), R.AVOIDANCE)
    assert (v.object_id, v.inspector_id) == ("P2", "I3")
    assert v.message == "人员 I3（I3姓名） 须回避 对象 P2（P2公司）：本人所在乡镇「北关」(own_township)"
    sc = SCENARIO.with_rules(avoidance=AvoidanceRules(own_township=False))
    assert evaluate(sc, _at(PLAN, "P2", inspector_ids=("I3",))).ok


# ---------------------------------------------------------------- capacity


def test_capacity_exceeded() -> None:
    (v,) = _only(_at(PLAN, "P1", inspector_ids=("I6",)), R.CAPACITY)
    assert (
        v.inspector_id == "I6"
        and v.message == "人员 I6（I6姓名） 承担现场 2 次 + 科技 1 次 × 0.25 = 2.25，超过季度上限 2"
    )


# ---------------------------------------------------------------- annual_cap


def test_annual_cap_reached_onsite() -> None:
    # G3 (two on-site checks in 2025Q1) checked on site instead of G2
    check = _check("G3", "credit_risk", "T1", T1, "internal")
    plan = replace(
        PLAN,
        checks=tuple(check if c.object_id == "G2" else c for c in PLAN.checks),
        undrawable=(PlanUndrawable("K4", "辐射"),),
    )
    # (the 2025Q1 checks of G3 by someone else, so that T1 need not avoid it)
    history = tuple(h.model_copy(update={"inspector_ids": ("I99",)}) if h.object_id == "G3" else h for h in HISTORY)
    (v,) = _only(plan, R.ANNUAL_CAP, SCENARIO.model_copy(update={"history": history}))
    assert v.object_id == "G3" and v.message == (
        "对象 G3（G3公司） 本年度此前已有 2 次现场检查，再查 1 次共 3 次，超过年度上限 2 次"
    )


def test_annual_cap_counts_onsite_by_default_and_all_on_request() -> None:
    # P2 had an off-site check in 2025Q1 and is covered off-site again: with cap 1 that is fine
    # when only on-site checks count (v2 default), a violation when every check counts.
    onsite = SCENARIO.with_rules(avoidance=AvoidanceRules(own_township=True, annual_cap=1))
    assert evaluate(onsite, PLAN).ok
    every = SCENARIO.with_rules(avoidance=AvoidanceRules(own_township=True, annual_cap=1, annual_cap_counts="all"))
    (v,) = _only(PLAN, R.ANNUAL_CAP, every)
    assert v.object_id == "P2"
    assert v.message == "对象 P2（P2公司） 本年度此前已有 1 次检查，再查 1 次共 2 次，超过年度上限 1 次"


# ---------------------------------------------------------------- internal_joint


def test_internal_joint_label() -> None:
    (v,) = _only(_at(PLAN, "S1", joint="none"), R.INTERNAL_JOINT)
    assert v.object_id == "S1"


def test_internal_joint_flag_must_match_units_v2() -> None:
    (v,) = _only(_at(PLAN, "G5", internal_joint=False), R.INTERNAL_JOINT)
    assert v.object_id == "G5"
    assert v.message == "对象 G5（G5公司） 的检查：检查人员来自 2 个业务条线，internal_joint 应为 true，实为 false"
    (v,) = _only(_at(PLAN, "P1", internal_joint=True), R.INTERNAL_JOINT)
    assert v.object_id == "P1"
    assert v.message == "对象 P1（P1公司） 的检查：检查人员来自 1 个业务条线，internal_joint 应为 false，实为 true"


def test_internal_joint_share_counted_from_units() -> None:
    sc = SCENARIO.with_rules(joint=JointRules(internal_min_share=0.6))
    (v,) = _only(PLAN, R.INTERNAL_JOINT, sc)
    assert v.message == "内部联合检查（≥ 2 个业务条线）4 次，少于全部 8 次的 60.0%（5 次）(internal_min_share)"


# ---------------------------------------------------------------- inter_department


def test_inter_department_missing() -> None:
    (v,) = _only(_at(PLAN, "K3", joint="internal", partner_department=None), R.INTER_DEPARTMENT)
    assert v.message == "部门联合检查 0 次，少于 1 次 (inter_department_min)"


def test_inter_department_not_first_listed_partner_v2() -> None:
    found = _only(_at(PLAN, "K3", partner_department="市场监管"), R.INTER_DEPARTMENT)
    assert [v.object_id for v in found] == ["K3", None]
    assert (
        found[0].message == "对象 K3（K3公司） 的检查标为部门联合，联合部门应为名录所列第"
        "一个部门「应急管理」，实为「市场监管」（名录：应急管理、市场监管）"
    )


def test_inter_department_must_be_onsite_v2() -> None:
    # G2 lists 水务 but its check is off-site: not an inter-department check (K3 still counts)
    (v,) = _only(_at(PLAN, "G2", joint="inter_department", partner_department="水务"), R.INTER_DEPARTMENT)
    assert v.object_id == "G2"
    assert v.message == "对象 G2（G2公司） 的检查标为部门联合，但不是现场检查（mode=offsite）：部门联合检查须现场进行"


def test_partner_on_other_check() -> None:
    (v,) = _only(_at(PLAN, "S1", partner_department="应急管理"), R.INTER_DEPARTMENT)
    assert v.object_id == "S1"
    assert v.message == "对象 S1（S1公司） 的检查不是部门联合检查，partner_department 应为 null，实为「应急管理」"


# ---------------------------------------------------------------- undrawable


def test_undrawable_but_drawable() -> None:
    plan = replace(PLAN, undrawable=(*PLAN.undrawable, PlanUndrawable("K1", "?")))
    (v,) = _only(plan, R.UNDRAWABLE)
    assert v.object_id == "K1"
    assert v.message == "对象 K1（K1公司） 列为不可抽取，但可由 I1、I2 检查（现场检查）"


def test_undrawable_unknown_or_checked() -> None:
    plan = replace(PLAN, undrawable=(*PLAN.undrawable, PlanUndrawable("X1", "?"), PlanUndrawable("S1", "?")))
    assert {v.object_id for v in evaluate(SCENARIO, plan).of(R.UNDRAWABLE)} == {"X1", "S1"}


def test_undrawable_incomplete_issue7() -> None:
    found = _only(replace(PLAN, undrawable=(PlanUndrawable("G3", "年度上限"),)), R.UNDRAWABLE)
    assert [v.object_id for v in found] == ["K4"]
    assert (
        found[0].message == "对象 K4（K4公司） 无任何可派检查组（specialty: 2 人的检查组无"
        "法覆盖所需专业 辐射），但未列入 undrawable (incomplete)"
    )
    found = _only(replace(PLAN, undrawable=()), R.UNDRAWABLE)
    assert [v.object_id for v in found] == ["K4", "G3"]
    assert (
        found[1].message == "对象 G3（G3公司） 无任何可派检查组（annual_cap: 本年度已检查 2 "
        "次，达到年度上限 2 次），但未列入 undrawable (incomplete)"
    )


def test_undrawable_off_site_despite_onsite_cap_v2() -> None:
    # G3 off-site capable: its two on-site checks do not stop an off-site check, so it is drawable
    objects = tuple(o.model_copy(update={"offsite_capable": True}) if o.object_id == "G3" else o for o in OBJECTS)
    sc = SCENARIO.model_copy(update={"objects": objects})
    (v,) = _only(PLAN, R.UNDRAWABLE, sc)
    assert v.object_id == "G3"
    assert v.message == "对象 G3（G3公司） 列为不可抽取，但可由 I3 检查（科技检查）"
    assert evaluate(sc, replace(PLAN, undrawable=(PlanUndrawable("K4", "辐射"),))).ok


# ---------------------------------------------------------------- plan_format


def test_plan_format_header() -> None:
    (v,) = _only(replace(PLAN, period="2025Q1"), R.PLAN_FORMAT)
    assert v.message == "计划期间为「2025Q1」，场景期间为 2025Q2（period）"
    sc = SCENARIO.model_copy(update={"input_digest": "ab" * 32})
    _only(replace(PLAN, input_digest="cd" * 32), R.PLAN_FORMAT, sc)
    assert evaluate(sc, replace(PLAN, input_digest="ab" * 32)).ok


def test_plan_format_version_1_plan() -> None:
    v1 = replace(PLAN, contract=1, checks=tuple(replace(c, internal_joint=None) for c in PLAN.checks))
    found = _only(v1, R.PLAN_FORMAT)
    assert [v.message for v in found] == [
        "contract 应为 2，实为 1（版本 1 的计划，须按版本 2 重新生成）",
        "8 次检查缺少字段 internal_joint（合同版本 2 必填）：S1、K3、G5、G2、P1、P2、P3、G1",
    ]


def test_plan_format_fields() -> None:
    (v,) = _only(_at(PLAN, "G5", items=("HJ-01",)), R.PLAN_FORMAT)
    assert v.object_id == "G5"
    assert v.message == "对象 G5（G5公司） 的抽查事项与名录不一致：多出 无，缺少 ['HJ-02']"


def test_all_violations_listed() -> None:
    plan = _at(_at(PLAN, "P1", inspector_ids=("I3",)), "S1", joint="none")
    assert _families(evaluate(SCENARIO, plan)) == {R.AVOIDANCE, R.INTERNAL_JOINT}


# ---------------------------------------------------------------- performance


def test_large_plan_is_audited_whole() -> None:
    # Speed is measured in benchmarks/, not asserted here; this audits a 20,000-object plan end to end.
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
    teams = tuple(PlanTeam(f"T{k}", (f"P{2 * k:03}", f"P{2 * k + 1:03}")) for k in range(staff // 2))
    checks = tuple(
        PlanCheck(
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
        undrawable=tuple(PlanUndrawable(o.object_id, "?") for o in objects[:200]),
    )
    ev = evaluate(sc, plan)
    assert not ev.ok and len(ev.outcomes) >= 10  # many rules broken on purpose; every family still reported


# ---------------------------------------------------------------- agreement with the planner


def test_checker_agrees_with_the_planner_over_a_year(default_scenario: Scenario) -> None:
    """Q1..Q4 of the default county, each quarter's checks appended to the history: the v2 planner's
    plans have 0 violations (annual cap, undrawable completeness with a growing history included), and
    dropping a listed undrawable object, or listing a drawable one, is caught."""
    from shuangsui.scheduler import SolveStatus, solve

    scenario, listed = default_scenario, 0
    for q in range(1, 5):
        result = solve(scenario, workers=1, explain=False)
        assert result.status is SolveStatus.OPTIMAL and result.plan is not None
        plan = result.plan
        ev = evaluate(scenario, plan)
        assert ev.violations == (), [v.message for v in ev.violations]
        listed += len(plan.undrawable)
        if plan.undrawable:
            (v,) = evaluate(scenario, replace(plan, undrawable=plan.undrawable[1:])).of(R.UNDRAWABLE)
            assert v.object_id == plan.undrawable[0].object_id and "未列入 undrawable" in v.message
        unchecked = next(o for o in scenario.objects if o.object_id not in {c.object_id for c in plan.checks})
        extra = type(plan.undrawable[0])(unchecked.object_id, "?") if plan.undrawable else None
        if extra is not None and unchecked.object_id not in {u.object_id for u in plan.undrawable}:
            assert [
                v.object_id
                for v in evaluate(scenario, replace(plan, undrawable=(*plan.undrawable, extra))).of(R.UNDRAWABLE)
            ] == [unchecked.object_id]
        done = tuple(
            HistoryCheck(
                period=scenario.rules.period, object_id=c.object_id, inspector_ids=c.inspector_ids, mode=c.mode
            )
            for c in plan.checks
        )
        rules = scenario.rules.model_copy(update={"period": f"2025Q{q + 1}"}) if q < 4 else scenario.rules
        scenario = scenario.model_copy(update={"rules": rules, "history": scenario.history + done})
    assert listed > 0  # the year did produce undrawable objects to agree on
