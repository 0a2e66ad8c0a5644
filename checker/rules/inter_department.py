"""inter_department (contract v2): a chosen on-site check of an object with partner departments,
planned with the first partner in the directory's order; at least inter_department_min of them; every
other check has `partner_department` null."""

from __future__ import annotations

from shuangsui.checker import contract as k
from shuangsui.checker.core import Context, Findings
from shuangsui.models.rules import RuleFamily

RULE = RuleFamily.INTER_DEPARTMENT


def check(ctx: Context, out: Findings) -> None:
    """Each inter-department check is on site with the first listed partner; enough of them."""
    count = 0
    for c in ctx.checks:
        o = ctx.objects.get(c.object_id)
        where = f"{ctx.obj(c.object_id)} 的检查"
        if c.joint != k.INTER_DEPARTMENT:
            if c.partner_department is not None:
                out.add(
                    RULE,
                    f"{where}不是部门联合检查，partner_department 应为 null，实为「{c.partner_department}」",
                    c.object_id,
                )
            continue
        if o is None:
            continue
        ok = True
        if ctx.mode_of(c) != k.ONSITE:
            ok = False
            out.add(RULE, f"{where}标为部门联合，但不是现场检查（mode={c.mode}）：部门联合检查须现场进行", c.object_id)
        partners = tuple(o.partner_departments)
        if not partners:
            ok = False
            out.add(RULE, f"{where}标为部门联合，但该对象没有联合监管部门", c.object_id)
        elif c.partner_department != partners[0]:
            ok = False
            out.add(
                RULE,
                f"{where}标为部门联合，联合部门应为名录所列第一个部门「{partners[0]}」，"
                f"实为「{c.partner_department}」（名录：{'、'.join(partners)}）",
                c.object_id,
            )
        count += ok
    need = ctx.rules.joint.inter_department_min
    if count < need:
        out.add(RULE, f"部门联合检查 {count} 次，少于 {need} 次 (inter_department_min)")
    out.measured(RULE, f"≥ {need} 次（现场、与名录所列第一个联合部门）", f"{count} 次", count - need)
