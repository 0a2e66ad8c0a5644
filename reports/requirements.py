"""What each rule family requires in a scenario, in Chinese, read from scenario.toml alone.

Used by the rule table when there is no plan to evaluate (infeasible or timed out), so the report
still says what was asked for.
"""

from __future__ import annotations

from collections.abc import Callable

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


def _credit_risk_draws(scenario: Scenario) -> str:
    required = stratum_requirements(scenario)
    parts = []
    for tier in CREDIT_TIERS:
        n = sum(v for (t, _), v in required.items() if t is tier)
        parts.append(f"{tier.zh} ≥{pct(getattr(scenario.rules.quota, tier.value))}（{n} 家）")
    return "；".join(parts)


def _positive_list(scenario: Scenario) -> str:
    return f"正面清单企业 ≥{pct(scenario.rules.quota.positive)}（{positive_requirement(scenario)} 家），科技检查"


def _directed_draws(scenario: Scenario) -> str:
    if not scenario.rules.directed:
        return "本期无定向抽查"
    return "；".join(f"{block.name} {block.count} 家" for block in scenario.rules.directed)


def _groups(scenario: Scenario) -> str:
    teams = scenario.rules.teams
    mode = "固定执法小组" if teams.mode is TeamMode.STANDING else "每次检查单独组队"
    return f"现场检查 {teams.size} 人、科技检查 {teams.offsite_size} 人，均为持证在岗人员；{mode}"


def _avoidance(scenario: Scenario) -> str:
    avoidance = scenario.rules.avoidance
    parts = [f"回避关系 {len(scenario.conflicts)} 条"]
    if avoidance.repeat_window:
        parts.append(f"近 {avoidance.repeat_window} 期检查过的对象不再由同一人检查")
    if avoidance.own_township:
        parts.append("不检查本人所在乡镇的对象")
    return "；".join(parts)


# Each family's requirement, read from the scenario (families whose text never changes ignore it).
_REQUIREMENTS: dict[RuleFamily, Callable[[Scenario], str]] = {
    RuleFamily.CREDIT_RISK_DRAWS: _credit_risk_draws,
    RuleFamily.POSITIVE_LIST: _positive_list,
    RuleFamily.DIRECTED_DRAWS: _directed_draws,
    RuleFamily.CREDIT_SHARE: lambda sc: f"信用风险分类抽查占比 ≥{pct(sc.rules.credit_risk.min_share)}",
    RuleFamily.MODE: lambda sc: "具备非现场监管条件（或正面清单）且无问题线索的科技检查，其余现场检查",
    RuleFamily.ONE_CHECK_PER_OBJECT: lambda sc: "每个对象本期至多检查 1 次",
    RuleFamily.GROUPS: _groups,
    RuleFamily.SPECIALTY: lambda sc: "现场检查组的专业领域覆盖抽查事项所需专业",
    RuleFamily.AVOIDANCE: _avoidance,
    RuleFamily.CAPACITY: lambda sc: (
        f"每人现场检查数 + {_number(sc.rules.teams.offsite_weight)} × 科技检查数 ≤ 季度检查上限"
    ),
    RuleFamily.ANNUAL_CAP: lambda sc: f"每个对象每年至多检查 {sc.rules.avoidance.annual_cap} 次（含本年已检查）",
    RuleFamily.INTERNAL_JOINT: lambda sc: f"内部联合抽查占全部检查 ≥{pct(sc.rules.joint.internal_min_share)}",
    RuleFamily.INTER_DEPARTMENT: lambda sc: f"部门联合抽查 ≥{sc.rules.joint.inter_department_min} 次",
    RuleFamily.UNDRAWABLE: lambda sc: "无法组成合规检查组的对象逐一列明原因",
    RuleFamily.PLAN_FORMAT: lambda sc: "计划文件符合数据约定（字段齐全、取值合法、编号均在两库一单中）",
}


def requirement_zh(scenario: Scenario, rule: RuleFamily) -> str:
    """What `rule` requires in `scenario`, in Chinese.

    Parameters
    ----------
    scenario
        The scenario whose scenario.toml settings (and conflict count) are quoted.
    rule
        The rule family.

    Returns
    -------
    str
        One line for the report's rule table; "—" for a family without a stated requirement.
    """
    text = _REQUIREMENTS.get(rule)
    return text(scenario) if text else "—"
