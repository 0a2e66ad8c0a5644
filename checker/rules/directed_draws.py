"""directed_draws: each [[directed]] block's `count` checks, of objects matching its filters."""

from __future__ import annotations

from collections import Counter

from shuangsui.checker import contract as k
from shuangsui.checker.core import Context, Findings
from shuangsui.models.rules import RuleFamily

RULE = RuleFamily.DIRECTED_DRAWS


def check(ctx: Context, out: Findings) -> None:
    """Directed checks name a known block, match its filters, and each block has exactly `count`."""
    blocks = {b.name: b for b in ctx.rules.directed}
    counts: Counter[str] = Counter()
    for c in ctx.checks:
        if c.draw != k.DIRECTED:
            if c.directed is not None:
                out.add(
                    RULE,
                    f"{ctx.obj(c.object_id)} 不是定向抽查（draw={c.draw}），directed 应为 null，实为「{c.directed}」",
                    c.object_id,
                )
            continue
        block = blocks.get(c.directed) if c.directed is not None else None
        if block is None:
            out.add(
                RULE,
                f"{ctx.obj(c.object_id)} 的定向抽查块「{c.directed}」"
                "不在 scenario.toml 的 [[directed]] 中 (unknown directed block)",
                c.object_id,
            )
            continue
        counts[block.name] += 1
        o = ctx.objects.get(c.object_id)
        if o and not k.block_matches(block, o):
            out.add(
                RULE,
                f"{ctx.obj(c.object_id)}（{o.industry}，{o.township}，{k.TIER_ZH[k.value(o.tier)]}）"
                f"不符合定向抽查「{block.name}」的筛选条件",
                c.object_id,
            )
    deviation = 0
    for block in ctx.rules.directed:
        if counts[block.name] != block.count:
            deviation += abs(counts[block.name] - block.count)
            out.add(RULE, f"定向抽查「{block.name}」应为 {block.count} 次，计划 {counts[block.name]} 次")
    need = sum(b.count for b in ctx.rules.directed)
    detail = "，".join(f"{b.name} {b.count}" for b in ctx.rules.directed)
    out.measured(
        RULE,
        f"= {need} 次（{detail}）" if detail else "无定向抽查",
        f"{sum(counts.values())} 次",
        -deviation if ctx.rules.directed else None,
    )
