"""positive_list: ceil(quota.positive x P_positive) full-coverage checks of positive-list objects."""

from __future__ import annotations

from shuangsui.checker import contract as k
from shuangsui.checker.core import Context, Findings
from shuangsui.models.rules import RuleFamily

RULE = RuleFamily.POSITIVE_LIST


def check(ctx: Context, out: Findings) -> None:
    """Exactly the required number of `full_coverage` checks, all of positive-list objects."""
    population = sum(k.value(o.tier) == k.POSITIVE for o in ctx.sc.objects)
    share = k.quota(ctx.rules, k.POSITIVE)
    need = k.ceil_share(share, population)
    got = 0
    for c in ctx.checks:
        o = ctx.objects.get(c.object_id)
        if c.draw != k.FULL_COVERAGE or o is None:
            continue
        tier = k.value(o.tier)
        if tier == k.POSITIVE:
            got += 1
        else:
            out.add(
                RULE,
                f"{ctx.obj(c.object_id)} 是{k.TIER_ZH[tier]}，不在正面清单，不能标为"
                "全覆盖检查 (draw=full_coverage only for positive)",
                c.object_id,
            )
    if got != need:
        out.add(RULE, f"正面清单企业 {population} 家应有 {need} 次全覆盖检查 (full_coverage)，计划 {got} 次")
    out.measured(RULE, f"= {need} 次（正面清单 {population} 家的 {k.pct(share)}）", f"{got} 次", got - need)
