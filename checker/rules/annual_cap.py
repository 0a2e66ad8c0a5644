"""annual_cap (contract v2): earlier checks of the object in the same calendar year that count, plus
this check if it counts, <= annual_cap. With annual_cap_counts = "onsite" (the default) only on-site
checks count; with "all" every check does (version 1's reading)."""

from __future__ import annotations

from shuangsui.checker.core import Context, Findings
from shuangsui.models.rules import RuleFamily

RULE = RuleFamily.ANNUAL_CAP


def check(ctx: Context, out: Findings) -> None:
    """No checked object exceeds the cap; the outcome shows the object closest to it."""
    cap = ctx.rules.avoidance.annual_cap
    what = "次检查" if ctx.cap_counts_all else "次现场检查"
    most: tuple[int, str] | None = None
    seen: set[str] = set()
    for c in ctx.checks:
        if c.object_id not in ctx.objects or c.object_id in seen:
            continue
        seen.add(c.object_id)
        before = ctx.year_count(c.object_id)
        counted = ctx.counts_toward_cap(ctx.mode_of(c))
        total = before + counted
        if total > cap:
            this = "再查 1 次" if counted else "本次不计"
            out.add(
                RULE,
                f"{ctx.obj(c.object_id)} 本年度此前已有 {before} {what}，{this}共 {total} 次，超过年度上限 {cap} 次",
                c.object_id,
            )
        if most is None or total > most[0]:
            most = (total, c.object_id)
    counted_text = "全部检查" if ctx.cap_counts_all else "现场检查"
    required = f"每个对象全年{counted_text} ≤ {cap} 次（含历史）"
    if most is None:
        out.measured(RULE, required, "无检查", None, False)
        return
    out.measured(RULE, required, f"最多 {most[0]} 次（{most[1]}）", cap - most[0])
