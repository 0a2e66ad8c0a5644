"""avoidance: no inspector checks an object he conflicts with, checked within the repeat window, or
(with own_township) in his home township; on every check, on-site or off-site."""

from __future__ import annotations

from shuangsui.checker.core import Context, Findings
from shuangsui.models.rules import RuleFamily

RULE = RuleFamily.AVOIDANCE


def check(ctx: Context, out: Findings) -> None:
    """Each (inspector, object) pair of the plan is allowed."""
    for c in ctx.checks:
        for i in dict.fromkeys(c.inspector_ids):
            reasons = ctx.avoidance(i, c.object_id)
            if reasons:
                out.add(RULE, f"{ctx.who(i)} 须回避 {ctx.obj(c.object_id)}：{'；'.join(reasons)}", c.object_id, i)
    out.prohibition(RULE, "0 次违规", "次")
