"""What needs attention, for the first screen of report.html: each item one Chinese sentence.

Built from the tables the report already has (rules, teams, undrawable) and, when the caller has
measured it, the draw moved by capacity. Validation warnings are rendered by the template in a block
of their own (`warnings` of the report context).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from shuangsui.models.enums import Tier
from shuangsui.models.rules import RuleFamily
from shuangsui.reports.labels import rule_zh
from shuangsui.reports.tables import ReportInput, Table

# Families whose requirement is an exact count: never slack, not worth a warning.
EXACT_BY_DESIGN = frozenset(
    {RuleFamily.CREDIT_RISK_DRAWS.value, RuleFamily.POSITIVE_LIST.value, RuleFamily.DIRECTED_DRAWS.value}
)
UNDRAWABLE_SHARE = 0.05  # a tier with more undrawable objects than this share is worth a look
SHOWN = 6  # names listed before "等"


@dataclass(frozen=True)
class Attention:
    kind: str  # code name: tight_rule, idle_teams, undrawable, draw_moved
    text: str  # Chinese


def _names(names: list[str]) -> str:
    return "、".join(names[:SHOWN]) + ("等" if len(names) > SHOWN else "")


def tight_rules(rules: Table) -> list[Attention]:
    """Minimums and maximums met exactly: the smallest change to the inputs may leave no plan.

    Counts the contract fixes exactly (quota draws, positive list, directed blocks) are always met
    with no slack by design and are not listed.
    """
    rows = [r for r in rules.rows if r.get("tight") and r.get("ok") and r["rule"] not in EXACT_BY_DESIGN]
    if not rows:
        return []
    parts = [f"{rule_zh(r['rule']).split('（')[0]} {r['achieved']}" for r in rows]
    text = f"{len(rows)} 条规则恰好达到要求、没有余量（稍有收紧即可能没有可行计划）：{'；'.join(parts)}。"
    return [Attention("tight_rule", text)]


def idle_teams(teams: Table, standing: bool) -> list[Attention]:
    """Standing teams given no on-site check this period."""
    idle = [r for r in teams.rows if standing and not r["onsite"]]
    if not idle:
        return []
    names = [f"{r['team_id']}（{'、'.join(r['members'])}）" for r in idle]
    return [Attention("idle_teams", f"{len(idle)} 个执法小组本期没有现场检查任务：{_names(names)}。")]


def undrawable_tiers(ri: ReportInput) -> list[Attention]:
    """Tiers where more than UNDRAWABLE_SHARE of the objects cannot be drawn."""
    if ri.plan is None or not ri.plan.undrawable:
        return []
    tier_of = {o.object_id: o.tier for o in ri.scenario.objects}
    population = Counter(o.tier for o in ri.scenario.objects)
    out = Counter(tier_of[u.object_id] for u in ri.plan.undrawable if u.object_id in tier_of)
    found = []
    for tier in Tier:
        if out[tier] and out[tier] > UNDRAWABLE_SHARE * population[tier]:
            share = f"{100 * out[tier] / population[tier]:.0f}%"
            found.append(
                Attention(
                    "undrawable",
                    f"{tier.zh} {population[tier]} 家中有 {out[tier]} 家（{share}）没有合规的检查组可派，"
                    "本期不参与抽取（原因见“不可抽对象”）。",
                )
            )
    return found


def draw_moved(shift: dict[str, Any] | None) -> list[Attention]:
    """The draw the staffing rules moved, against the quota-only draw (when measured)."""
    if not shift or not shift.get("moved"):
        return []
    delta = shift["onsite_shift"]
    onsite = f"，现场检查{'增加' if delta > 0 else '减少'} {abs(delta)} 次" if delta else ""
    return [
        Attention(
            "draw_moved",
            f"人员能力、专业或内部联合要求改变了抽取结果：与只按抽查比例抽取相比换掉了 {shift['moved']} 家{onsite}。",
        )
    ]


def attention(ri: ReportInput, tables: dict[str, Table], shift: dict[str, Any] | None = None) -> list[Attention]:
    """Everything the first screen should point at, most important first."""
    if ri.plan is None:
        return []
    standing = bool(ri.plan.teams)
    planner_shift = ri.result.draw_shift  # what the planner itself measured (contract v2), if anything
    moved = draw_moved(shift) if shift else [Attention("draw_moved", planner_shift.message)] if planner_shift else []
    return [
        *moved,
        *undrawable_tiers(ri),
        *tight_rules(tables["rules"]),
        *idle_teams(tables["teams"], standing),
    ]
