"""specialty: an on-site check's inspectors together hold every specialty the object's items need."""

from __future__ import annotations

from shuangsui.checker import contract as k
from shuangsui.checker.core import Context, Findings
from shuangsui.models.rules import RuleFamily

RULE = RuleFamily.SPECIALTY


def check(ctx: Context, out: Findings) -> None:
    """The union of specialties of each on-site check covers the object's required specialties."""
    for c in ctx.checks:
        o = ctx.objects.get(c.object_id)
        if o is None or ctx.mode_of(c) != k.ONSITE:
            continue
        have: set[str] = set()
        for i in c.inspector_ids:
            if i in ctx.inspectors:
                have.update(ctx.inspectors[i].specialties)
        missing = ctx.required_specialties(o) - have
        if missing:
            out.add(
                RULE,
                f"{ctx.obj(c.object_id)} 的现场检查缺少专业 "
                f"{'、'.join(sorted(missing))}（检查人员 {'、'.join(c.inspector_ids)}）",
                c.object_id,
            )
    out.prohibition(RULE)
