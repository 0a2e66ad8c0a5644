"""one_check_per_object: every checked object is in the directory and checked at most once."""

from __future__ import annotations

from collections import Counter

from shuangsui.checker.core import Context, Findings
from shuangsui.models.rules import RuleFamily

RULE = RuleFamily.ONE_CHECK_PER_OBJECT


def check(ctx: Context, out: Findings) -> None:
    """No object twice, no unknown object."""
    times = Counter(c.object_id for c in ctx.checks)
    for object_id, n in times.items():
        if object_id not in ctx.objects:
            out.add(RULE, f"对象 {object_id} 不在检查对象名录库中 (unknown object_id)", object_id)
        if n > 1:
            out.add(RULE, f"{ctx.obj(object_id)} 本期被检查 {n} 次，每期至多 1 次", object_id)
    out.prohibition(RULE)
