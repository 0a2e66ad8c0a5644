"""mode: off-site when off-site capable (or positive) and without a clue, else on site; contract v2:
credit-risk and directed checks of an object with an `onsite_required` item are on site."""

from __future__ import annotations

from typing import Any

from shuangsui.checker import contract as k
from shuangsui.checker.core import Context, Findings
from shuangsui.models.rules import RuleFamily

RULE = RuleFamily.MODE


def reason(ctx: Context, obj: Any, draw: str) -> str:
    """Why the check of `obj` by `draw` has the mode the contract gives it (Chinese)."""
    held = sorted(i for i in obj.items if i in ctx.onsite_items)
    if draw != k.FULL_COVERAGE and held:
        return f"含必须现场检查的事项 {'、'.join(held)} (onsite_required)，须现场检查"
    if obj.clue:
        return f"有问题线索「{obj.clue}」，须现场检查"
    if k.value(obj.tier) == k.POSITIVE:
        return "正面清单企业且无问题线索，须科技检查"
    if obj.offsite_capable:
        return "具备非现场监管条件且无问题线索，须科技检查"
    return "不具备非现场监管条件，须现场检查"


def check(ctx: Context, out: Findings) -> None:
    """Every check's declared mode is the one the contract gives its object and draw."""
    for c in ctx.checks:
        o = ctx.objects.get(c.object_id)
        if o is None:
            continue
        want = ctx.expected_mode(o, c.draw)
        if c.mode != want:
            out.add(
                RULE,
                f"{ctx.obj(c.object_id)} 的检查方式应为 {want}（{k.MODE_ZH[want]}）："
                f"{reason(ctx, o, c.draw)}；计划为「{c.mode}」",
                c.object_id,
            )
    out.prohibition(RULE)
