"""capacity: per inspector, on-site checks + offsite_weight x off-site checks <= capacity."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from shuangsui.checker import contract as k
from shuangsui.checker.core import Context, Findings
from shuangsui.models.rules import RuleFamily

RULE = RuleFamily.CAPACITY


def check(ctx: Context, out: Findings) -> None:
    """Every inspector's load within capacity; the outcome shows the tightest inspector."""
    weight = k.decimal(ctx.rules.teams.offsite_weight)
    onsite: Counter[str] = Counter()
    offsite: Counter[str] = Counter()
    for c in ctx.checks:
        (onsite if ctx.mode_of(c) == k.ONSITE else offsite).update(set(c.inspector_ids))
    worst: tuple[Fraction, str, Fraction, int] | None = None  # (load - cap, id, load, cap)
    for i in sorted(set(onsite) | set(offsite)):
        insp = ctx.inspectors.get(i)
        if insp is None:
            continue  # reported by the groups rule
        load = onsite[i] + weight * offsite[i]
        if load > insp.capacity:
            out.add(
                RULE,
                f"{ctx.who(i)} 承担现场 {onsite[i]} 次 + 科技 {offsite[i]} 次 × "
                f"{k.num(weight)} = {k.num(load)}，超过季度上限 {insp.capacity}",
                None,
                i,
            )
        key = (load - insp.capacity, i, load, insp.capacity)
        if worst is None or key[0] > worst[0]:
            worst = key
    required = f"每人 现场 + {k.num(weight)} × 科技 ≤ 季度上限"
    if worst is None:
        out.measured(RULE, required, "无人参加检查", None, False)
        return
    over, i, load, cap = worst
    use = k.pct(load / cap) if cap else "∞"
    out.measured(RULE, required, f"最紧：{i} {k.num(load)}/{cap}（{use}）", float(-over))
