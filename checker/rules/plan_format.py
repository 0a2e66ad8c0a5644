"""plan_format: the plan file itself: contract 2, this period and inputs, fields as in the directory."""

from __future__ import annotations

from shuangsui.checker import contract as k
from shuangsui.checker.core import Context, Findings
from shuangsui.models.rules import RuleFamily

RULE = RuleFamily.PLAN_FORMAT
LISTED = 10


def header(ctx: Context, out: Findings) -> None:
    p = ctx.plan
    if p.contract != k.CONTRACT:
        old = "（版本 1 的计划，须按版本 2 重新生成）" if p.contract == 1 else ""
        out.add(RULE, f"contract 应为 {k.CONTRACT}，实为 {p.contract}{old}")
    if p.period != ctx.rules.period:
        out.add(RULE, f"计划期间为「{p.period}」，场景期间为 {ctx.rules.period}（period）")
    digest = ctx.sc.input_digest
    if digest and p.input_digest != digest:
        out.add(
            RULE,
            f"计划的 input_digest「{p.input_digest[:12]}…」与场景输入 {digest[:12]}… 不一致：计划不是由这些输入生成的",
        )
    lacking = [c.object_id for c in p.checks if c.internal_joint is None]
    if lacking:
        shown = "、".join(lacking[:LISTED]) + ("……" if len(lacking) > LISTED else "")
        out.add(RULE, f"{len(lacking)} 次检查缺少字段 internal_joint（合同版本 2 必填）：{shown}")


def check(ctx: Context, out: Findings) -> None:
    """Header fields, then each check's draw, tier, credit class and items against the directory."""
    header(ctx, out)
    for c in ctx.checks:
        if c.draw not in k.DRAWS:
            out.add(
                RULE,
                f"{ctx.obj(c.object_id)} 的 draw「{c.draw}」应为 credit_risk、full_coverage 或 directed",
                c.object_id,
            )
        o = ctx.objects.get(c.object_id)
        if o is None:
            continue
        tier, risk = k.value(o.tier), k.value(o.credit_risk)
        if c.tier != tier:
            out.add(
                RULE,
                f"{ctx.obj(c.object_id)} 的 tier 写为「{c.tier}」，名录为 {tier}（{k.TIER_ZH[tier]}）",
                c.object_id,
            )
        if c.credit_risk != risk:
            out.add(RULE, f"{ctx.obj(c.object_id)} 的 credit_risk 写为「{c.credit_risk}」，名录为 {risk}", c.object_id)
        if set(c.items) != set(o.items):
            extra = sorted(set(c.items) - set(o.items))
            lack = sorted(set(o.items) - set(c.items))
            out.add(
                RULE,
                f"{ctx.obj(c.object_id)} 的抽查事项与名录不一致：多出 {extra or '无'}，缺少 {lack or '无'}",
                c.object_id,
            )
    out.prohibition(RULE, f"contract {k.CONTRACT}、期间与输入摘要一致，字段与名录一致")
