"""scheduler/precheck.py: conflicts visible from counts alone, on a small county worked by hand.

The base county: ten general objects G1..G10 (credit B, 化工, one of them 印刷), two positive-list
enterprises P1, P2, four inspectors holding 大气 (capacity 5). Quotas: general 0.3 -> ceil(0.3 x 10) = 3
draws, all in class B; positive 1.0 -> 2. Each test changes one thing and states the figures.
"""

from __future__ import annotations

from typing import Any

from shuangsui.models.domain import (
    AvoidanceRules,
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
)
from shuangsui.models.enums import CreditRisk, Tier
from shuangsui.models.rules import RuleFamily
from shuangsui.scheduler.precheck import precheck
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.result import Conflicting

ITEMS = (
    Item(item_id="HJ-01", name="废气排放", specialty="大气"),
    Item(item_id="HJ-04", name="射线装置", specialty="辐射"),
)


def county(
    *, radiation: int = 0, partners: int = 0, rules: dict[str, Any] | None = None, conflicts: tuple = ()
) -> Scenario:
    """The base county; the first `radiation` general objects need 辐射 (nobody holds it), the first
    `partners` list a partner department."""
    objects = [
        InspectionObject(
            object_id=f"G{k}",
            name=f"G{k}厂",
            township="城关",
            industry="印刷" if k == 10 else "化工",
            tier=Tier.GENERAL,
            credit_risk=CreditRisk.B,
            items=("HJ-04",) if k <= radiation else ("HJ-01",),
            partner_departments=("应急管理",) if k <= partners else (),
        )
        for k in range(1, 11)
    ]
    objects += [
        InspectionObject(
            object_id=f"P{k}",
            name=f"P{k}厂",
            township="城关",
            industry="食品",
            tier=Tier.POSITIVE,
            credit_risk=CreditRisk.A,
            items=("HJ-01",),
        )
        for k in (1, 2)
    ]
    inspectors = tuple(
        Inspector(
            inspector_id=f"I{k}",
            name=f"员{k}",
            unit="执法大队" if k % 2 else "监测站",
            specialties=("大气",),
            capacity=5,
        )
        for k in range(1, 5)
    )
    base: dict[str, Any] = {
        "name": "小县",
        "period": "2025Q2",
        "seed": 1,
        "quota": QuotaRules(general=0.3),
        "credit_risk": CreditRiskRules(min_share=0.5),
        "joint": JointRules(internal_min_share=0, inter_department_min=0),
    }
    return Scenario(
        rules=ScenarioRules(**{**base, **(rules or {})}),
        objects=tuple(objects),
        inspectors=inspectors,
        items=ITEMS,
        conflicts=conflicts,
    )


def found(scenario: Scenario) -> list[tuple[str, str]]:
    return [(c.rule, c.message) for c in precheck(Problem(scenario))]


def test_base_county_has_no_conflict() -> None:
    problem = Problem(county())
    assert sum(problem.stratum_required.values()) == 3 and problem.positive_required == 2
    assert precheck(problem) == []


def test_credit_share_below_the_minimum() -> None:
    # 3 credit-risk draws and a directed block of 5: 3 / 8 = 37.5 % < 50 % (the 化工 pool has 9)
    block = DirectedDraw(name="化工专项", industries=("化工",), count=5)
    assert found(county(rules={"directed": (block,)})) == [
        (RuleFamily.CREDIT_SHARE, "信用风险分类抽查 3 次、定向抽查 5 次，占比 37.5%，低于要求的 50%"),
    ]


def test_zero_multiplier_leaves_the_tier_short() -> None:
    # every general object is class B, whose multiplier is 0: 0 seats for the 3 draws the quota needs
    # (no credit-risk draw and no directed draw: the credit share counts as 100 %)
    zero_b = CreditRiskRules(min_share=0.5, multipliers={CreditRisk.B: 0.0})
    assert found(county(rules={"credit_risk": zero_b})) == [
        (RuleFamily.CREDIT_RISK_DRAWS, "一般监管对象需抽 3 家（30%），但倍率为 0 的信用等级不参与抽取，只能分配 0 家"),
    ]


def test_stratum_short_of_drawable_objects_with_the_reasons() -> None:
    # 8 of the 10 need 辐射, which no inspector holds: 2 drawable for 3 draws; the 8 are 化工
    assert found(county(radiation=8)) == [
        (
            RuleFamily.CREDIT_RISK_DRAWS,
            "一般监管对象·信用风险一般(等级B)需抽 3 家，共 10 家，可抽仅 2 家（不可抽：专业匹配 8 家）",
        ),
        (RuleFamily.SPECIALTY, "8 家无具备辐射专业的可派执法人员（化工 8 家）"),
    ]
    assert found(county(radiation=7)) == []  # 3 drawable: exactly enough


def test_positive_list_short() -> None:
    # P1 conflicts with all four inspectors: its off-site check (one person) has nobody left
    conflicts = tuple(Conflict(inspector_id=f"I{k}", object_id="P1") for k in range(1, 5))
    assert found(county(conflicts=conflicts)) == [
        (RuleFamily.POSITIVE_LIST, "正面清单企业需全覆盖 2 家，可抽仅 1 家"),
        (RuleFamily.AVOIDANCE, "1 家回避后可派执法人员不足 1 人（仅 0 人）（食品 1 家）"),
    ]


def test_directed_pool_too_small() -> None:
    # one 印刷 object (G10) for a block of 2; credit share 3 / 5 = 60 % >= 50 %
    block = DirectedDraw(name="印刷专项", industries=("印刷",), count=2)
    assert found(county(rules={"directed": (block,)})) == [
        (RuleFamily.DIRECTED_DRAWS, "定向抽查「印刷专项」需 2 家，符合条件且可抽的对象仅 1 家"),
    ]


def test_too_few_objects_with_a_partner_department() -> None:
    joint = JointRules(internal_min_share=0, inter_department_min=2)
    assert found(county(partners=1, rules={"joint": joint})) == [
        (
            RuleFamily.INTER_DEPARTMENT,
            "部门联合抽查（现场检查）至少 2 次，但有联合监管部门且可现场检查的可抽对象仅 1 家",
        ),
    ]
    assert found(county(partners=2, rules={"joint": joint})) == []


def test_annual_cap_blocks_are_named_with_their_industries() -> None:
    # annual cap 0: no on-site check may be made; every general object (on site) is undrawable
    cap = AvoidanceRules(annual_cap=0)
    result = precheck(Problem(county(rules={"avoidance": cap})))
    assert result == [
        Conflicting(
            RuleFamily.CREDIT_RISK_DRAWS,
            "一般监管对象·信用风险一般(等级B)需抽 3 家，共 10 家，可抽仅 0 家（不可抽：年度抽查次数上限 10 家）",
        ),
        Conflicting(RuleFamily.ANNUAL_CAP, "10 家本年度已现场检查 0 次，达到年度上限 0 次（化工 9 家、印刷 1 家）"),
    ]
