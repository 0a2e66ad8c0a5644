"""What each rule family requires in a scenario, in Chinese, read from scenario.toml alone.

Used by the rule table when there is no plan to evaluate (infeasible or timed out), so the report
still says what was asked for.
"""

from __future__ import annotations

from shuangsui.models.domain import Scenario
from shuangsui.models.enums import CREDIT_TIERS, TeamMode
from shuangsui.models.rules import RuleFamily
from shuangsui.scheduler.apportion import positive_requirement, stratum_requirements


def pct(value: float) -> str:
    """0.15 -> '15%', 0.125 -> '12.5%'."""
    text = f"{value * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _number(value: float) -> str:
    return f"{value:g}"


def requirement_zh(scenario: Scenario, rule: RuleFamily) -> str:
    r = scenario.rules
    if rule is RuleFamily.CREDIT_RISK_DRAWS:
        required = stratum_requirements(scenario)
        parts = []
        for tier in CREDIT_TIERS:
            n = sum(v for (t, _), v in required.items() if t is tier)
            parts.append(f"{tier.zh} ≥{pct(getattr(r.quota, tier.value))}（{n} 家）")
        return "；".join(parts)
    if rule is RuleFamily.POSITIVE_LIST:
        n = positive_requirement(scenario)
        return f"正面清单企业 ≥{pct(r.quota.positive)}（{n} 家），科技检查"
    if rule is RuleFamily.DIRECTED_DRAWS:
        if not r.directed:
            return "本期无定向抽查"
        return "；".join(f"{block.name} {block.count} 家" for block in r.directed)
    if rule is RuleFamily.CREDIT_SHARE:
        return f"信用风险分类抽查占比 ≥{pct(r.credit_risk.min_share)}"
    if rule is RuleFamily.MODE:
        return "具备非现场监管条件（或正面清单）且无问题线索的科技检查，其余现场检查"
    if rule is RuleFamily.ONE_CHECK_PER_OBJECT:
        return "每个对象本期至多检查 1 次"
    if rule is RuleFamily.GROUPS:
        mode = "固定执法小组" if r.teams.mode is TeamMode.STANDING else "每次检查单独组队"
        return f"现场检查 {r.teams.size} 人、科技检查 {r.teams.offsite_size} 人，均为持证在岗人员；{mode}"
    if rule is RuleFamily.SPECIALTY:
        return "现场检查组的专业领域覆盖抽查事项所需专业"
    if rule is RuleFamily.AVOIDANCE:
        parts = [f"回避关系 {len(scenario.conflicts)} 条"]
        if r.avoidance.repeat_window:
            parts.append(f"近 {r.avoidance.repeat_window} 期检查过的对象不再由同一人检查")
        if r.avoidance.own_township:
            parts.append("不检查本人所在乡镇的对象")
        return "；".join(parts)
    if rule is RuleFamily.CAPACITY:
        return f"每人现场检查数 + {_number(r.teams.offsite_weight)} × 科技检查数 ≤ 季度检查上限"
    if rule is RuleFamily.ANNUAL_CAP:
        return f"每个对象每年至多检查 {r.avoidance.annual_cap} 次（含本年已检查）"
    if rule is RuleFamily.INTERNAL_JOINT:
        return f"内部联合抽查占全部检查 ≥{pct(r.joint.internal_min_share)}"
    if rule is RuleFamily.INTER_DEPARTMENT:
        return f"部门联合抽查 ≥{r.joint.inter_department_min} 次"
    if rule is RuleFamily.UNDRAWABLE:
        return "无法组成合规检查组的对象逐一列明原因"
    if rule.value == "plan_format":
        return "计划文件符合数据约定（字段齐全、取值合法、编号均在两库一单中）"
    return "—"
