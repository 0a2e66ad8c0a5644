"""internal_joint: checks whose inspectors come from >= 2 units (counted from the inspectors' units in
the directory, off-site checks included) reach internal_min_share of all checks; each check's `joint`
and (contract v2) `internal_joint` agree with its inspectors' units."""

from __future__ import annotations

from fractions import Fraction

from shuangsui.checker import contract as k
from shuangsui.checker.core import Context, Findings
from shuangsui.checker.plan import PlanCheck
from shuangsui.models.rules import RuleFamily

RULE = RuleFamily.INTERNAL_JOINT


def labels(ctx: Context, out: Findings, n_units: int, c: PlanCheck) -> None:
    """`joint` and `internal_joint` of one check against its number of units."""
    where = f"{ctx.obj(c.object_id)} 的检查"
    joint, flag, oid = c.joint, c.internal_joint, c.object_id
    if joint not in k.JOINTS:
        out.add(RULE, f"{where}：joint「{joint}」应为 none、internal 或 inter_department", oid)
    elif joint == k.INTERNAL and n_units < 2:
        out.add(RULE, f"{where}标为内部联合（internal），但检查人员只来自 {n_units} 个业务条线", oid)
    elif joint == k.NONE and n_units >= 2:
        out.add(RULE, f"{where}的检查人员来自 {n_units} 个业务条线，joint 应为 internal，实为 none", oid)
    if flag is not None and flag != (n_units >= 2):
        out.add(
            RULE,
            f"{where}：检查人员来自 {n_units} 个业务条线，internal_joint 应为 "
            f"{'true' if n_units >= 2 else 'false'}，实为 {'true' if flag else 'false'}",
            oid,
        )


def check(ctx: Context, out: Findings) -> None:
    """Labels per check, then the share of checks with inspectors from >= 2 units."""
    joint = 0
    for c in ctx.checks:
        n_units = len(ctx.units(c))
        joint += n_units >= 2
        labels(ctx, out, n_units, c)
    total = len(ctx.checks)
    bound = k.decimal(ctx.rules.joint.internal_min_share)
    need = k.ceil_share(bound, total)
    if joint < need:
        out.add(
            RULE,
            f"内部联合检查（≥ 2 个业务条线）{joint} 次，少于全部 {total} 次的 "
            f"{k.pct(bound)}（{need} 次）(internal_min_share)",
        )
    share = k.pct(Fraction(joint, total)) if total else "—"
    out.measured(RULE, f"≥ {need} 次（全部 {total} 次的 {k.pct(bound)}）", f"{joint} 次（{share}）", joint - need)
