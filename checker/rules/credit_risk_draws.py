"""credit_risk_draws: each credit tier's ceil(quota x P_t) draws, apportioned over credit classes.

Only the counts per stratum can be checked on one plan; whether the sample within a stratum is the
seed's fair one (contract v2) needs many seeds and is not checked here.
"""

from __future__ import annotations

from collections import Counter

from shuangsui.checker import contract as k
from shuangsui.checker.core import Context, Findings, StratumRow
from shuangsui.models.rules import RuleFamily

RULE = RuleFamily.CREDIT_RISK_DRAWS


def check(ctx: Context, out: Findings) -> None:
    """Exactly the apportioned number of credit-risk checks per (tier, credit class)."""
    pop: Counter[tuple[str, str]] = Counter((k.value(o.tier), k.value(o.credit_risk)) for o in ctx.sc.objects)
    drawn: Counter[tuple[str, str]] = Counter()
    for check in ctx.checks:
        o = ctx.objects.get(check.object_id)
        if check.draw != k.CREDIT_RISK or o is None:
            continue
        tier = k.value(o.tier)
        if tier in k.CREDIT_TIER_NAMES:
            drawn[tier, k.value(o.credit_risk)] += 1
        else:
            out.add(
                RULE,
                f"{ctx.obj(check.object_id)} 是{k.TIER_ZH[tier]}，不能按信用风险"
                "分类抽取 (draw=credit_risk only for special/key/general)",
                check.object_id,
            )
    weights = k.multipliers(ctx.rules)
    need_total = got_total = deviation = 0
    parts = []
    for tier in k.CREDIT_TIER_NAMES:
        sizes = {c: pop[tier, c] for c in k.CLASSES}
        n = k.ceil_share(k.quota(ctx.rules, tier), sum(sizes.values()))
        seats = k.apportion(n, sizes, weights)
        if sum(seats.values()) < n:
            out.add(
                RULE,
                f"{k.TIER_ZH[tier]}须抽 {n} 次，但信用风险倍数为 0 的类别不参与，"
                f"最多只能分配 {sum(seats.values())} 次 (multipliers: quota unreachable)",
            )
        got = sum(drawn[tier, c] for c in k.CLASSES)
        need_total += n
        got_total += got
        if n or got:
            parts.append(f"{k.TIER_ZH[tier]} {got}/{n}")
        for c in k.CLASSES:
            if not (sizes[c] or seats[c] or drawn[tier, c]):
                continue
            out.strata.append(StratumRow(tier, c, sizes[c], seats[c], drawn[tier, c]))
            if drawn[tier, c] != seats[c]:
                deviation += abs(drawn[tier, c] - seats[c])
                out.add(
                    RULE,
                    f"{k.TIER_ZH[tier]} {c} 类（{k.RISK_ZH[c]}风险，共 {sizes[c]} 家）"
                    f"应按信用风险抽取 {seats[c]} 次，计划 {drawn[tier, c]} 次",
                )
    out.measured(
        RULE,
        f"每层按配额抽取、按信用类别分配，共 {need_total} 次",
        f"{got_total} 次（" + ("，".join(parts) or "无") + "）",
        -deviation,
    )
