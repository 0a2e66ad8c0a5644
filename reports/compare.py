"""`shuangsui compare`: several scenarios side by side (compare.html, compare.xlsx, compare.json).

The scenarios arrive solved, checked, judged and ranked by the application layer
(`shuangsui.app.compare.compare_scenarios`); this module only renders them. The figures come from the
same tables as report.html (`reports.plan_tables`, `reports.figure_tables`), so a scenario's column
here matches its plan report.

Also the shared pieces of `reports.sweep`: `plan_figures`, `utilisation_stats`, `render_page`. The
charts are `reports.compare_charts`' (drawn by the chart child: this module never imports matplotlib).

Definitions (also stated on the page):
- utilisation of an inspector = (on-site checks + offsite_weight x off-site checks) / capacity, over
  the eligible (certified, available) inspectors with capacity > 0, idle ones included;
  `std` is the population standard deviation;
- per tier: `population` objects in the directory, `required` quota draws (credit-risk draws of the
  apportionment, or full-coverage checks of the positive list), `drawn` quota draws in the plan,
  `checks` every check of the tier (directed draws included).
"""

from __future__ import annotations

import base64
import json
import statistics
import string
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup
from shuangsui.models.domain import Scenario
from shuangsui.models.enums import CREDIT_TIERS, Draw, Mode, TeamMode, Tier
from shuangsui.reports import labels
from shuangsui.reports.background import Helper, Pending
from shuangsui.reports.chart_helper import compare_charts, in_helper
from shuangsui.reports.figure_tables import joint_figures
from shuangsui.reports.fonts import css_font_face
from shuangsui.reports.labels import STATUS_SHORT
from shuangsui.reports.plan_tables import team_table, workload_table
from shuangsui.reports.recommend import reasons, sentences, verdict
from shuangsui.reports.records import Compared, Run, Versus
from shuangsui.reports.tables import NONE, Column, ReportInput, Table, display
from shuangsui.scheduler.apportion import positive_requirement, stratum_requirements
from shuangsui.scheduler.result import SolveStatus

COMPARE_VERSION = 2
COMPARE_JSON = "compare.json"
COMPARE_XLSX = "compare.xlsx"
COMPARE_HTML = "compare.html"
TITLE = "抽查方案对比"

DIFF = "diff"  # row mark: the scenarios differ in this row


# ---------------------------------------------------------------- figures of one plan


def report_input(run: Run) -> ReportInput:
    """What the table builders read, from a solved run."""
    return ReportInput(run.scenario, run.result, run.evaluation)


def utilisation_stats(ri: ReportInput) -> dict[str, Any]:
    """Spread of the eligible inspectors' utilisation (idle ones included); None without a plan."""
    rows = [r for r in workload_table(ri).rows if r["eligible"] and r["capacity"] > 0]
    values = [float(r["utilisation"]) for r in rows]
    stats: dict[str, Any] = {"inspectors": len(rows)}
    if ri.plan is None or not values:
        return stats | dict.fromkeys(("min", "median", "mean", "max", "std"))
    return stats | {
        "min": round(min(values), 4),
        "median": round(statistics.median(values), 4),
        "mean": round(statistics.fmean(values), 4),
        "max": round(max(values), 4),
        "std": round(statistics.pstdev(values), 4),
    }


def plan_figures(ri: ReportInput) -> dict[str, Any]:
    """Status and headline figures of one solve (None where there is no plan)."""
    result, plan = ri.result, ri.plan
    have = plan is not None
    modes = Counter(c.mode for c in ri.checks)
    joint = joint_figures(ri)
    return {
        "status": result.status.value,
        "plan": have,
        "reproducible": result.reproducible,
        "checks": len(ri.checks) if have else None,
        "onsite": modes[Mode.ONSITE.value] if have else None,
        "offsite": modes[Mode.OFFSITE.value] if have else None,
        "teams": len(team_table(ri).rows) if have else None,
        "undrawable": len(plan.undrawable) if plan else None,
        "violations": len(ri.evaluation.violations) if ri.evaluation else None,
        "joint": {
            "internal": joint["internal"] if have else None,
            "internal_share": joint["internal_share"],
            "internal_min_share": joint["internal_min_share"],
            "inter_department": joint["inter_department"] if have else None,
            "inter_department_min": joint["inter_department_min"],
        },
        "utilisation": utilisation_stats(ri),
        "conflicts": [{"rule": str(c.rule), "message": c.message} for c in result.conflicts],
        "wall_time": result.wall_time,
    }


def tier_counts(ri: ReportInput) -> list[dict[str, Any]]:
    """Per tier: objects, required quota draws, quota draws in the plan, all checks of the tier."""
    sc = ri.scenario
    required = Counter[Tier]()
    for (tier, _), n in stratum_requirements(sc).items():
        required[tier] += n
    required[Tier.POSITIVE] = positive_requirement(sc)
    population = Counter(o.tier for o in sc.objects)
    have = ri.plan is not None
    rows = []
    for tier in Tier:
        quota_draw = Draw.CREDIT_RISK if tier in CREDIT_TIERS else Draw.FULL_COVERAGE
        of_tier = [c for c in ri.checks if c.tier == tier.value]
        rows.append(
            {
                "tier": tier.value,
                "population": population[tier],
                "required": required[tier],
                "drawn": sum(1 for c in of_tier if c.draw == quota_draw.value) if have else None,
                "checks": len(of_tier) if have else None,
            }
        )
    return rows


def capacity_total(sc: Scenario) -> int:
    return sum(p.capacity for p in sc.inspectors if p.eligible)


def scenario_entry(run: Run) -> dict[str, Any]:
    """One scenario of compare.json (English code names, code values)."""
    ri = report_input(run)
    sc, result = run.scenario, run.result
    rules = sc.rules.model_dump(mode="json", exclude={"name", "period", "seed"})
    return {
        "label": run.label,
        "folder": run.folder,
        "scenario": sc.rules.name,
        "period": sc.rules.period,
        "seed": result.seed,
        "input_digest": sc.input_digest,
        "objects": len(sc.objects),
        "eligible_inspectors": sum(1 for p in sc.inspectors if p.eligible),
        "capacity_total": capacity_total(sc),
        "rules": rules,
        **plan_figures(ri),
        "unique_optimum": result.unique_optimum,
        "tiers": tier_counts(ri),
        "suggestions": [
            {"rule": str(s.rule), "message": s.message, "change": dict(s.change), "verified": s.verified}
            for s in result.suggestions
        ],
        "assessment": run.assessment.to_dict(),
        "draw_shift": run.shift.to_dict() if run.shift else None,
    }


# Flattened scenario.toml keys in the planner's words.
RULE_KEY_ZH = {
    "quota.special": "特殊监管对象抽查比例",
    "quota.key": "重点监管对象抽查比例",
    "quota.general": "一般监管对象抽查比例",
    "quota.positive": "正面清单覆盖比例",
    "credit_risk.multipliers": "信用风险倍数",
    "credit_risk.min_share": "信用风险抽查最低占比",
    "teams.mode": "组队方式",
    "teams.size": "现场检查每组人数",
    "teams.offsite_size": "科技检查人数",
    "teams.offsite_weight": "科技检查折算系数",
    "joint.internal_min_share": "内部联合最低占比",
    "joint.inter_department_min": "部门联合最少次数",
    "avoidance.repeat_window": "重复检查回避期数",
    "avoidance.own_township": "本乡镇回避",
    "avoidance.annual_cap": "每对象每年检查上限",
    "avoidance.annual_cap_counts": "年度上限计数方式",
    "directed": "定向抽查",
}
PERCENT_KEYS = {"quota.special", "quota.key", "quota.general", "quota.positive", "credit_risk.min_share",
                "joint.internal_min_share"}  # fmt: skip


def rule_value_zh(key: str, value: Any) -> str:
    """One rule value as the planner writes it: 15%, 3, 是, 'A 0.5 / B 1 / …', block names."""
    if key in PERCENT_KEYS:
        return display(value, "percent")
    if isinstance(value, bool):
        return display(value, "yesno")
    if key == "teams.mode":
        return "固定执法小组" if value == TeamMode.STANDING.value else "按次组队"
    if key == "credit_risk.multipliers":
        return _multipliers(value)
    if key == "directed":
        return "、".join(f"{d['name']} {d['count']} 家" for d in value) or "无"
    return display(value, "float") if isinstance(value, float) else str(value)


DELTA_KEYS = ("checks", "onsite", "util_max", "util_median", "internal_share")


def delta(a: dict[str, Any] | None, base: dict[str, Any]) -> dict[str, Any] | None:
    """Figures of `a` minus the baseline's (None where either has no plan)."""
    if a is None:
        return None
    out: dict[str, Any] = {"feasible": a["feasible"]}
    for key in DELTA_KEYS:
        x, y = a.get(key), base.get(key)
        out[key] = None if x is None or y is None else round(x - y, 4)
    return out


def versus_entry(v: Versus, entries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    base = entries[0]["assessment"]
    own = entries[v.index]["assessment"]
    return {
        "label": entries[v.index]["label"],
        "same_data": v.same_data,
        "total": delta(own, base),
        "differences": [
            {
                "key": d.key,
                "base": d.base,
                "value": d.value,
                "alone": None if d.alone is None else d.alone.to_dict(),
                "cost": None if d.alone is None else delta(d.alone.to_dict(), base),
            }
            for d in v.differences
        ],
    }


def compare_dict(compared: Compared) -> dict[str, Any]:
    entries = [scenario_entry(run) for run in compared.runs]
    rec = compared.recommendation
    rank = {n: r for r, n in enumerate(rec.order, start=1)}
    for n, (e, a) in enumerate(zip(entries, compared.assessments, strict=True)):
        e["rank"] = rank[n]
        e["verdict"] = verdict(a, n, rec)
        e["reasons"] = reasons(a, compared.assessments)
    names = [f"“{e['label']}”" for e in entries]
    return {
        "compare": COMPARE_VERSION,
        "baseline": entries[0]["label"] if entries else None,
        "recommendation": {
            **rec.to_dict(),
            "best_label": entries[rec.best]["label"] if rec.best is not None else None,
            "runner_up_label": entries[rec.runner_up]["label"] if rec.runner_up is not None else None,
            **sentences(compared.assessments, rec, names),
        },
        "scenarios": entries,
        "versus": [versus_entry(v, entries) for v in compared.versus],
    }


# ---------------------------------------------------------------- tables


def transpose(table: Table, key: str, zh: str, labels_: Sequence[str], *, skip_missing: bool = False) -> Table:
    """One row per column of `table` (but the first), one column per row (scenario); shown text.

    Rows whose values differ between scenarios are marked `diff` (with `skip_missing`, among the
    scenarios that have a value: a scenario without a plan differs in nothing).
    """
    per_scenario = [Column(f"s{n}", label, "text", 22) for n, label in enumerate(labels_, start=1)]
    columns = (Column("measure", "项目", "text", 26), *per_scenario)
    rows, marks = [], []
    for column in table.columns[1:]:
        shown = [display(row.get(column.key), column.kind) for row in table.rows]
        rows.append({"measure": column.zh, **{f"s{n}": v for n, v in enumerate(shown, start=1)}})
        values = {v for v in shown if v != NONE} if skip_missing else set(shown)
        marks.append(DIFF if len(values) > 1 else "")
    return Table(key, zh, columns, tuple(rows), tuple(marks))


SUMMARY_COLUMNS = (
    Column("label", "场景", "text", 26),
    Column("period", "抽查期间", "text", 10),
    Column("seed", "随机种子", "int", 12),
    Column("status_zh", "求解状态", "text", 16),
    Column("checks", "检查总数", "int", 10),
    Column("onsite", "现场检查", "int", 10),
    Column("offsite", "科技检查", "int", 10),
    Column("teams", "执法小组/检查组", "int", 14),
    Column("internal_share", "内部联合占比", "percent", 12),
    Column("internal_min_share", "内部联合最低占比", "percent", 14),
    Column("inter_department", "部门联合（次）", "int", 12),
    Column("inter_department_min", "部门联合最少（次）", "int", 14),
    Column("util_min", "人员利用率·最低", "percent", 14),
    Column("util_median", "人员利用率·中位数", "percent", 14),
    Column("util_max", "人员利用率·最高", "percent", 14),
    Column("util_std", "人员利用率·标准差", "percent", 14),
    Column("undrawable", "不可抽对象", "int", 10),
    Column("violations", "独立校验违规", "int", 12),
    Column("wall_time", "求解用时（秒）", "float", 12),
)


def summary_table(entries: Sequence[dict[str, Any]]) -> Table:
    """One row per scenario, numbers kept as numbers (the 汇总 sheet)."""
    rows = []
    for e in entries:
        util = e["utilisation"]
        rows.append(
            {
                **{k: e[k] for k in ("label", "period", "seed", "checks", "onsite", "offsite", "teams")},
                **{k: e[k] for k in ("undrawable", "violations", "wall_time")},
                "status_zh": STATUS_SHORT[e["status"]],
                **{k: e["joint"][k] for k in ("internal_share", "internal_min_share")},
                **{k: e["joint"][k] for k in ("inter_department", "inter_department_min")},
                **{f"util_{k}": util[k] for k in ("min", "median", "max", "std")},
            }
        )
    marks = tuple("" if e["plan"] else "violated" for e in entries)
    return Table("summary", "汇总", SUMMARY_COLUMNS, tuple(rows), marks)


RULE_COLUMNS = (
    Column("label", "场景", "text", 26),
    Column("objects", "检查对象（家）", "int", 12),
    Column("eligible_inspectors", "持证在岗人员（人）", "int", 14),
    Column("capacity_total", "人员季度检查上限合计", "int", 16),
    Column("quota_special", "特殊监管对象抽查比例", "percent", 14),
    Column("quota_key", "重点监管对象抽查比例", "percent", 14),
    Column("quota_general", "一般监管对象抽查比例", "percent", 14),
    Column("quota_positive", "正面清单覆盖比例", "percent", 14),
    Column("multipliers", "信用风险倍数（A/B/C/D）", "text", 18),
    Column("min_share", "信用风险抽查最低占比", "percent", 14),
    Column("team_mode", "组队方式", "text", 14),
    Column("team_size", "现场检查每组人数", "int", 12),
    Column("offsite_size", "科技检查人数", "int", 12),
    Column("offsite_weight", "科技检查折算系数", "float", 12),
    Column("internal_min_share", "内部联合最低占比", "percent", 14),
    Column("inter_department_min", "部门联合最少次数", "int", 14),
    Column("repeat_window", "重复检查回避期数", "int", 12),
    Column("own_township", "本乡镇回避", "yesno", 10),
    Column("annual_cap", "每对象每年检查上限", "int", 12),
    Column("directed", "定向抽查", "list", 30),
    Column("seed", "随机种子", "int", 12),
    Column("time_limit", "求解时限（秒）", "float", 12),
)


def _multipliers(multipliers: dict[str, float]) -> str:
    return " / ".join(f"{multipliers[c]:g}" for c in ("A", "B", "C", "D"))


def rule_row(e: dict[str, Any]) -> dict[str, Any]:
    r = e["rules"]
    teams = r["teams"]
    return {
        **{k: e[k] for k in ("label", "objects", "eligible_inspectors", "capacity_total", "seed")},
        **{f"quota_{t}": r["quota"][t] for t in ("special", "key", "general", "positive")},
        "multipliers": _multipliers(r["credit_risk"]["multipliers"]),
        "min_share": r["credit_risk"]["min_share"],
        "team_mode": "固定执法小组" if teams["mode"] == TeamMode.STANDING.value else "按次组队",
        "team_size": teams["size"],
        "offsite_size": teams["offsite_size"],
        "offsite_weight": teams["offsite_weight"],
        **r["joint"],
        **r["avoidance"],
        "directed": [f"{d['name']} {d['count']} 家" for d in r["directed"]],
        "time_limit": r["solver"]["time_limit"],
    }


def rules_table(entries: Sequence[dict[str, Any]]) -> Table:
    return Table("rules", "规则对照", RULE_COLUMNS, tuple(rule_row(e) for e in entries))


def tier_table(entries: Sequence[dict[str, Any]]) -> Table:
    """Tier by tier, the scenarios next to each other."""
    rows = [
        {"label": e["label"], **t, "rate": _rate(t["drawn"], t["population"])}
        for tier in Tier
        for e in entries
        for t in e["tiers"]
        if t["tier"] == tier.value
    ]
    columns = (
        Column("tier", "监管类别", "tier", 14),
        Column("label", "场景", "text", 26),
        Column("population", "对象数", "int", 8),
        Column("required", "应抽", "int", 8),
        Column("drawn", "实抽", "int", 8),
        Column("rate", "抽查率", "percent", 10),
        Column("checks", "检查数（含定向）", "int", 14),
    )
    return Table("tiers", "分层抽查", columns, tuple(rows))


def _rate(part: int | None, whole: int) -> float | None:
    return None if part is None or not whole else round(part / whole, 4)


def conflict_table(entries: Sequence[dict[str, Any]]) -> Table:
    rows = []
    for e in entries:
        for c in e["conflicts"]:
            rows.append({"label": e["label"], "kind": "冲突规则", **c, "verified": None})
        for s in e["suggestions"]:
            rows.append({"label": e["label"], "kind": "修改建议", **s})
    columns = (
        Column("label", "场景", "text", 26),
        Column("kind", "类型", "text", 10),
        Column("rule", "规则", "rule", 24),
        Column("message", "说明", "text", 60),
        Column("verified", "已验证", "yesno", 8),
    )
    return Table("conflicts", "冲突与建议", columns, tuple(rows))


def workload_rows(runs: Sequence[Run]) -> Table:
    """Every eligible inspector of every scenario with a plan (the 人员利用率 sheet)."""
    rows = []
    for run in runs:
        if run.result.plan is None:
            continue
        for r in workload_table(report_input(run)).rows:
            if r["eligible"]:
                rows.append({"label": run.label, **r})
    columns = (
        Column("label", "场景", "text", 26),
        Column("inspector_id", "人员编号", "text", 10),
        Column("name", "姓名", "text", 10),
        Column("unit", "业务条线", "text", 14),
        Column("capacity", "季度检查上限", "int", 12),
        Column("onsite", "现场检查", "int", 10),
        Column("offsite", "科技检查", "int", 10),
        Column("used", "已用能力", "float", 10),
        Column("utilisation", "利用率", "percent", 10),
    )
    return Table("workload", "人员利用率", columns, tuple(rows))


# ---------------------------------------------------------------- page and files


def render_page(template: str, context: dict[str, Any]) -> str:
    """A self-contained page: the glyphs it shows are embedded as a subset of the CJK font."""
    from shuangsui.reports.html import environment  # jinja2: imported where a page is rendered

    page = environment().get_template(template)
    draft = page.render(**context, font_face="")
    glyphs = "".join(sorted(set(draft) | set(string.printable.strip()) | {"—", "（", "）", "·", "×"}))
    # Markup: CSS we built ourselves (base64 only), not text to escape.
    return page.render(**context, font_face=Markup(css_font_face(glyphs)))


def embed(charts: dict[str, bytes]) -> dict[str, str]:
    return {name: base64.b64encode(data).decode("ascii") for name, data in charts.items()}


RANK_COLUMNS = (
    Column("rank", "排序", "int", 6),
    Column("label", "场景", "text", 26),
    Column("verdict", "评价", "text", 18),
    Column("status_zh", "求解状态", "text", 14),
    Column("teams", "执法小组/检查组", "int", 14),
    Column("left_out", "未编组/未安排人员", "int", 14),
    Column("util_median", "利用率·中位数", "percent", 12),
    Column("util_max", "利用率·最高", "percent", 12),
    Column("internal_share", "内部联合占比", "percent", 12),
    Column("moved", "能力改变的抽取（家）", "int", 16),
    Column("onsite_shift", "现场检查增减（次）", "int", 16),
)


def ranking_table(entries: Sequence[dict[str, Any]]) -> Table:
    """The scenarios best first, with the figures the ranking rests on."""
    ordered = sorted(entries, key=lambda e: e["rank"])
    keys = ("teams", "left_out", "util_median", "util_max", "internal_share", "moved", "onsite_shift")
    rows = tuple(
        {
            **{k: e[k] for k in ("rank", "label", "verdict")},
            "status_zh": STATUS_SHORT[e["status"]],
            **{k: e["assessment"][k] for k in keys},
        }
        for e in ordered
    )
    marks = tuple("best" if e["verdict"] == "推荐" else ("" if e["plan"] else "violated") for e in ordered)
    return Table("ranking", "排序与评价", RANK_COLUMNS, rows, marks)


def signed(value: float | int | None, kind: str) -> str:
    """+3 次, −2.5 个百分点, 0; '—' without a value."""
    if value is None:
        return NONE
    if kind == "percent":
        points = round(100 * value, 1)
        return "0" if points == 0 else f"{points:+.1f} 个百分点".replace("-", "−")
    return "0" if value == 0 else f"{value:+d}".replace("-", "−")


def _cost_row(label: str, rule: str, base: str, value: str, cost: dict[str, Any] | None, note: str) -> dict:
    row = {"label": label, "rule": rule, "base": base, "value": value, "note": note}
    if cost is None:
        return row | dict.fromkeys(("feasible", *DELTA_KEYS))
    feasible = {True: "可行", False: "不可行", None: "未定"}[cost["feasible"]]
    return row | {
        "feasible": feasible,
        **{k: signed(cost[k], "int") for k in ("checks", "onsite")},
        **{k: signed(cost[k], "percent") for k in ("util_max", "util_median", "internal_share")},
    }


def difference_table(data: dict[str, Any]) -> Table:
    """Per scenario, each rule that differs from the baseline and what it costs (against the baseline)."""
    rows = []
    for v in data["versus"]:
        many = len(v["differences"]) > 1
        for d in v["differences"]:
            if d["cost"] is None:
                note = "名录数据也不同，无法单独测算"
            else:
                note = "仅改这一项后重新求解" if many else "本场景只此一项不同"
            base, value = rule_value_zh(d["key"], d["base"]), rule_value_zh(d["key"], d["value"])
            rows.append(_cost_row(v["label"], RULE_KEY_ZH.get(d["key"], d["key"]), base, value, d["cost"], note))
        if many or not v["same_data"]:
            what = "名录数据与规则" if not v["same_data"] else "全部差异"
            rows.append(_cost_row(v["label"], f"合计（{what}）", "", "", v["total"], "整个场景对比基准"))
    columns = (
        Column("label", "场景", "text", 24),
        Column("rule", "不同的规则", "text", 20),
        Column("base", "基准取值", "text", 12),
        Column("value", "本场景取值", "text", 12),
        Column("feasible", "结果", "text", 8),
        Column("checks", "检查数增减", "text", 10),
        Column("onsite", "现场检查增减", "text", 12),
        Column("util_max", "最高利用率变化", "text", 14),
        Column("util_median", "利用率中位数变化", "text", 14),
        Column("internal_share", "内部联合占比变化", "text", 14),
        Column("note", "测算方式", "text", 22),
    )
    return Table("differences", "规则差异及其代价", columns, tuple(rows))


def compare_context(
    compared: Compared, data: dict[str, Any], tables: dict[str, Table], charts: dict[str, bytes]
) -> dict[str, Any]:
    from shuangsui.reports.html import period_zh

    entries = data["scenarios"]
    labels_ = [e["label"] for e in entries]
    return {
        "title": TITLE,
        "entries": entries,
        "recommendation": data["recommendation"],
        "baseline": data["baseline"],
        "periods": sorted({period_zh(e["period"]) for e in entries}),
        "cards": [_card(e) for e in entries],
        "overview": transpose(tables["summary"], "overview", "概况对照", labels_, skip_missing=True),
        "rules": transpose(tables["rules"], "rules_compare", "规则对照", labels_),
        "tables": tables,
        "charts": embed(charts),
        "status_short": STATUS_SHORT,
    }


def _card(e: dict[str, Any]) -> dict[str, Any]:
    badge, badge_class = labels.STATUS_BADGE[SolveStatus(e["status"])]
    return {"label": e["label"], "badge": badge, "badge_class": badge_class, "entry": e}


def compare_tables(compared: Compared, data: dict[str, Any]) -> dict[str, Table]:
    entries = data["scenarios"]
    built = (
        ranking_table(entries),
        difference_table(data),
        summary_table(entries),
        rules_table(entries),
        tier_table(entries),
        conflict_table(entries),
        workload_rows(compared.runs),
    )
    return {t.key: t for t in built}


def workbook_tables(tables: dict[str, Table], labels_: Sequence[str]) -> list[Table]:
    """The sheets of compare.xlsx: 汇总, 排序与评价, 规则差异及其代价, 规则对照, 分层抽查, 冲突与建议, 人员利用率."""
    return [
        tables["summary"],
        tables["ranking"],
        tables["differences"],
        transpose(tables["rules"], "rules_compare", "规则对照", labels_),
        tables["tiers"],
        tables["conflicts"],
        tables["workload"],
    ]


def start_charts(runs: Sequence[Run], helper: Helper | None = None) -> Pending[dict[str, bytes]]:
    """compare.html's charts, drawn from now on by `helper` (the chart child forked when the command
    started), else by a child forked now: they need the solved runs only, not the rule differences."""
    return in_helper(helper, compare_charts, runs, [scenario_entry(run) for run in runs])


def write_compare(out_dir: Path, compared: Compared, charts: Pending[dict[str, bytes]] | None = None) -> list[Path]:
    """Write compare.json, compare.xlsx and compare.html into `out_dir` (which exists); `charts` from
    `start_charts`, else started here. The workbook and page writers are imported here: in `shuangsui
    compare` that is while the chart child draws."""
    from shuangsui.reports.excel import Heading, write_workbook

    data = compare_dict(compared)
    entries = data["scenarios"]
    charts = charts or start_charts(compared.runs)
    try:
        tables = compare_tables(compared, data)
        labels_ = [e["label"] for e in entries]
        json_path = out_dir / COMPARE_JSON
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        first = compared.runs[0].scenario.rules.period if compared.runs else "2000Q1"
        names = "、".join(labels_)
        heading = Heading(title=TITLE, info=f"对比场景（{len(labels_)} 个）：{names}　{data['recommendation']['best']}")
        xlsx_path = write_workbook(out_dir / COMPARE_XLSX, workbook_tables(tables, labels_), TITLE, first, heading)
        html_path = out_dir / COMPARE_HTML
        context = compare_context(compared, data, tables, charts.result())
        html_path.write_text(render_page(COMPARE_HTML, context), encoding="utf-8")
    finally:
        charts.close()  # a no-op once the charts were collected
    return [json_path, xlsx_path, html_path]
