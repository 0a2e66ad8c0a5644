"""One module per rule family (models/rules.py `RuleFamily`), mirroring `scheduler/rules/`.

Each module has `check(ctx, out)`; `RULES` maps every family to it, in `RuleFamily` order.

check(ctx, out)
    Parameters
    ----------
    ctx : Context
        The scenario read as data, the plan and the indexes built once per evaluation (core.py).
    out : Findings
        Where the family's violations (`out.add`) and its outcome row (required, achieved, slack,
        tight) are recorded.

    Returns
    -------
    None
        Findings are recorded in `out`, never raised: every violation is listed.
"""

from __future__ import annotations

from collections.abc import Callable

from shuangsui.checker.core import Context, Findings
from shuangsui.checker.rules import (
    annual_cap,
    avoidance,
    capacity,
    credit_risk_draws,
    credit_share,
    directed_draws,
    groups,
    inter_department,
    internal_joint,
    mode,
    one_check_per_object,
    plan_format,
    positive_list,
    specialty,
    undrawable,
)
from shuangsui.models.rules import RuleFamily

_MODULES = (
    credit_risk_draws,
    positive_list,
    directed_draws,
    credit_share,
    mode,
    one_check_per_object,
    groups,
    specialty,
    avoidance,
    capacity,
    annual_cap,
    internal_joint,
    inter_department,
    undrawable,
    plan_format,
)

RULES: dict[RuleFamily, Callable[[Context, Findings], None]] = {m.RULE: m.check for m in _MODULES}
