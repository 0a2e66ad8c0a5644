"""The recommendation of compare and sweep in one Chinese sentence each, and a short verdict per row.

The ranking itself is the application layer's (`shuangsui.app.assess`); this module only words it
(the records it reads are `reports.records`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shuangsui.reports.records import MIN_TEAMS, Assessment, Recommendation
from shuangsui.reports.tables import display

NOT_FEASIBLE_ZH = {False: "不可行（已证明不存在计划）", None: "时限内未定"}


def _pct(value: float | None) -> str:
    """Whole percent in a sentence: 0.6136 -> '61%'."""
    return display(value, "percent") if value is None else f"{round(100 * value)}%"


def draw_zh(a: Assessment) -> str:
    """'未改变抽取结果' or '能力等约束改变了 3 家的抽取（现场检查 −2 次）'."""
    if a.moved is None:
        return "抽取变动未测算"
    if a.moved == 0:
        return "未改变抽取结果"
    shift = a.onsite_shift or 0
    onsite = f"，现场检查{'增加' if shift > 0 else '减少'} {abs(shift)} 次" if shift else ""
    return f"人员能力等约束改变了 {a.moved} 家的抽取{onsite}"


def teams_zh(a: Assessment) -> str:
    word = "执法小组" if a.standing else "检查组"
    text = f"{a.teams} 个{word}"
    if a.left_out:
        text += f"，{a.left_out} 人未{'编入小组' if a.standing else '安排检查'}"
    return text


def reasons(a: Assessment, others: Sequence[Assessment]) -> list[str]:
    """Why this one: feasibility, workload, joint share, the draw (against the other usable ones)."""
    if not a.feasible:
        return [NOT_FEASIBLE_ZH[a.feasible]]
    if not a.usable:
        return [f"虽可行但只组成 {a.teams} 个执法小组（少于 {MIN_TEAMS} 个），不宜采用"]
    # Against the usable ones that the draw criterion ranks alike (a plan that moved the draw is no peer).
    peers = [o.spread for o in others if o.usable and o.spread is not None and bool(o.moved) == bool(a.moved)]
    most = a.spread is not None and len(peers) > 1 and all(a.spread <= p for p in peers)
    figures = f"最高 {_pct(a.util_max)}，中位 {_pct(a.util_median)}"
    workload = f"人员负荷最均衡（{figures}）" if most else f"人员负荷{figures}"
    parts = ["可行", workload, f"内部联合 {_pct(a.internal_share)}", draw_zh(a)]
    if a.left_out:
        parts.insert(2, teams_zh(a))
    return parts


def sentences(assessments: Sequence[Assessment], rec: Recommendation, names: Sequence[str]) -> dict[str, Any]:
    """{'best': '建议…', 'runner_up': '次选…' or None}: each with its reasons, in one sentence."""
    if rec.best is None:
        feasible = [a for a in assessments if a.feasible]
        why = "各项均无满足全部规则的计划" if not feasible else f"有计划的各项均只组成不足 {MIN_TEAMS} 个执法小组"
        return {"best": f"没有可推荐的选项：{why}。", "runner_up": None}
    best = f"建议{names[rec.best]}：{'，'.join(reasons(assessments[rec.best], assessments))}。"
    runner = None
    if rec.runner_up is not None:
        runner = f"次选{names[rec.runner_up]}：{'，'.join(reasons(assessments[rec.runner_up], assessments))}。"
    return {"best": best, "runner_up": runner}


def verdict(a: Assessment, rank: int | None, rec: Recommendation) -> str:
    """A short verdict for the row of one setting or scenario."""
    if rank is not None and rank == rec.best:
        return "推荐"
    if rank is not None and rank == rec.runner_up:
        return "次选"
    if not a.feasible:
        return NOT_FEASIBLE_ZH[a.feasible]
    if not a.usable:
        return f"仅 {a.teams} 个执法小组"
    if a.moved:
        return f"改变了 {a.moved} 家的抽取"
    return f"负荷最高 {_pct(a.util_max)}，中位 {_pct(a.util_median)}"
