"""Conflicts visible from counts alone, before any model is built (credit share, pools too small)."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from shuangsui.models.domain import exact
from shuangsui.models.enums import CREDIT_TIERS, CreditRisk, Draw, Mode, Tier
from shuangsui.models.rules import RuleFamily
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.result import Conflicting


def _pct(x: float | Fraction) -> str:
    return f"{100 * float(x):.4g}%"


def precheck(problem: Problem) -> list[Conflicting]:
    sc = problem.scenario
    rules = sc.rules
    found: list[Conflicting] = []
    min_share = exact(rules.credit_risk.min_share)
    if problem.credit_share < min_share:
        credit = sum(problem.stratum_required.values())
        directed = sum(b.count for b in rules.directed)
        found.append(
            Conflicting(
                RuleFamily.CREDIT_SHARE,
                f"信用风险分类抽查 {credit} 次、定向抽查 {directed} 次，占比 {_pct(float(problem.credit_share))}"
                f"，低于要求的 {_pct(rules.credit_risk.min_share)}",
            )
        )
    population = Counter((o.tier, o.credit_risk) for o in problem.objects)
    drawable = Counter((o.tier, o.credit_risk) for o in problem.drawable)
    blocked = Counter(
        ((o.tier, o.credit_risk), problem.undrawable[o.object_id].rule)
        for o in problem.objects
        if o.object_id in problem.undrawable
    )
    for tier in CREDIT_TIERS:
        pop = sum(n for (t, _), n in population.items() if t is tier)
        needed = -(-rules.quota.of(tier).numerator * pop // rules.quota.of(tier).denominator)
        seated = sum(n for (t, _), n in problem.stratum_required.items() if t is tier)
        if seated < needed:
            found.append(
                Conflicting(
                    RuleFamily.CREDIT_RISK_DRAWS,
                    f"{tier.zh}需抽 {needed} 家（{_pct(rules.quota.of(tier))}），但倍率为 0 的信用等级不参与抽取，"
                    f"只能分配 {seated} 家",
                )
            )
    short: set = set()
    for (tier, risk), n in sorted(problem.stratum_required.items()):
        if n > drawable[(tier, risk)]:
            short.add((tier, risk))
            reasons = "、".join(
                f"{rule.zh} {count} 家" for (stratum, rule), count in sorted(blocked.items()) if stratum == (tier, risk)
            )
            found.append(
                Conflicting(
                    RuleFamily.CREDIT_RISK_DRAWS,
                    f"{tier.zh}·信用风险{risk.zh}(等级{risk.value})需抽 {n} 家，共 {population[(tier, risk)]} 家，"
                    f"可抽仅 {drawable[(tier, risk)]} 家" + (f"（不可抽：{reasons}）" if reasons else ""),
                )
            )
    positives = sum(1 for o in problem.drawable if o.tier is Tier.POSITIVE)
    if problem.positive_required > positives:
        short |= {(Tier.POSITIVE, risk) for risk in CreditRisk}
        found.append(
            Conflicting(
                RuleFamily.POSITIVE_LIST,
                f"正面清单企业需全覆盖 {problem.positive_required} 家，可抽仅 {positives} 家",
            )
        )
    found += _blocking_reasons(problem, short)
    for block in rules.directed:
        pool = sum(1 for o in problem.drawable if (Draw.DIRECTED, block.name) in problem.options(o))
        if block.count > pool:
            found.append(
                Conflicting(
                    RuleFamily.DIRECTED_DRAWS,
                    f"定向抽查「{block.name}」需 {block.count} 家，符合条件且可抽的对象仅 {pool} 家",
                )
            )
    partners = sum(1 for o in problem.drawable if o.partner_departments and Mode.ONSITE in problem.modes(o))
    if partners < rules.joint.inter_department_min:
        found.append(
            Conflicting(
                RuleFamily.INTER_DEPARTMENT,
                f"部门联合抽查（现场检查）至少 {rules.joint.inter_department_min} 次，"
                f"但有联合监管部门且可现场检查的可抽对象仅 {partners} 家",
            )
        )
    return found


def _blocking_reasons(problem: Problem, strata: set) -> list[Conflicting]:
    """Why objects of short strata cannot be drawn: per rule and reason, with the industries."""
    groups: dict[tuple, Counter] = {}
    for obj in problem.objects:
        blocked = problem.undrawable.get(obj.object_id)
        if blocked and (obj.tier, obj.credit_risk) in strata:
            reason = blocked.reason.split(": ", 1)[-1]
            groups.setdefault((blocked.rule, reason), Counter())[obj.industry] += 1
    by_rule: dict = {}
    for (rule, reason), industries in sorted(groups.items()):
        detail = "、".join(f"{name} {n} 家" for name, n in industries.most_common())
        by_rule.setdefault(rule, []).append(f"{sum(industries.values())} 家{reason}（{detail}）")
    return [Conflicting(rule, "；".join(parts)) for rule, parts in by_rule.items()]
