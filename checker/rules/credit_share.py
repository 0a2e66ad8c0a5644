"""credit_share: credit-risk checks / (credit-risk + directed checks) >= min_share."""

from __future__ import annotations

from fractions import Fraction

from shuangsui.checker import contract as k
from shuangsui.checker.core import Context, Findings
from shuangsui.models.rules import RuleFamily

RULE = RuleFamily.CREDIT_SHARE


def check(ctx: Context, out: Findings) -> None:
    """The share of credit-risk checks among credit-risk and directed checks reaches the bound."""
    credit = sum(c.draw == k.CREDIT_RISK for c in ctx.checks)
    directed = sum(c.draw == k.DIRECTED for c in ctx.checks)
    bound = k.decimal(ctx.rules.credit_risk.min_share)
    required = f"≥ {k.pct(bound)}（信用风险抽查 ÷（信用风险 + 定向抽查））"
    if credit + directed == 0:
        out.measured(RULE, required, "无信用风险或定向抽查", None, False)
        return
    share = Fraction(credit, credit + directed)
    if share < bound:
        out.add(
            RULE,
            f"信用风险抽查占比 {credit}/{credit + directed} = {k.pct(share)}，低于 {k.pct(bound)} (min_share)",
        )
    tight = Fraction(credit, credit + directed + 1) < bound  # one more directed check would break it
    out.measured(
        RULE, required, f"{credit}/{credit + directed} = {k.pct(share)}", round(float(share - bound) * 100, 6), tight
    )
