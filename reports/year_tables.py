"""The tables of the annual plan (annual-plan.xlsx sheets, report.html), built from year.json's figures.

Each table reads only the figures dict (`shuangsui.app.year_figures.annual_figures`), so the
workbook, the report and the documents show the very numbers year.json holds.
"""

from __future__ import annotations

from typing import Any

from shuangsui.reports.html import period_zh
from shuangsui.reports.tables import Column, Table

MODE_ZH = {"onsite": "现场检查", "offsite": "科技检查"}
STATUS_ZH = {
    "optimal": "已生成（最优）",
    "feasible": "已生成（达到时限）",
    "infeasible": "不可行",
    "unknown": "超时未定",
}


def _period_column() -> Column:
    return Column("period_zh", "季度", width=16)


def _with_period(rows: list[dict[str, Any]], figures: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    names = {q["period"]: q["period_zh"] for q in figures["quarters"]}
    return tuple({**r, "period_zh": names.get(r["period"], r["period"])} for r in rows)


def quarters_table(f: dict[str, Any]) -> Table:
    rows = [{**q, "status_zh": STATUS_ZH[q["status"]]} for q in f["quarters"]]
    rows += [{"period_zh": period_zh(p), "status_zh": "未规划（前一季度无可行计划）"} for p in f["unplanned_periods"]]
    total = f["totals"]
    rows.append({"period_zh": "全年合计", "status_zh": STATUS_ZH.get(f["status"], f["status"]), **total})
    columns = (
        _period_column(),
        Column("seed", "随机种子", "int", 14),
        Column("status_zh", "计划状态", width=20),
        Column("checks", "检查次数", "int", 10),
        Column("onsite", "现场检查", "int", 10),
        Column("offsite", "科技检查", "int", 10),
        Column("teams", "执法小组数", "int", 10),
        Column("internal_joint", "内部联合抽查", "int", 12),
        Column("internal_joint_share", "内部联合占比", "percent", 12),
        Column("inter_department", "部门联合抽查", "int", 12),
        Column("inter_department_met", "部门联合≥最低要求", "yesno", 14),
    )
    return Table("quarters", "季度概况", columns, tuple({c.key: r.get(c.key) for c in columns} for r in rows))


def tiers_table(f: dict[str, Any]) -> Table:
    columns = (
        _period_column(),
        Column("tier", "监管类别", "tier", 16),
        Column("population", "对象总数", "int", 10),
        Column("quota", "抽查比例", "percent", 10),
        Column("required", "应抽查（家）", "int", 12),
        Column("planned", "计划抽查（家）", "int", 12),
        Column("directed", "另有定向抽查", "int", 12),
        Column("met", "达到比例", "yesno", 10),
    )
    return Table("tiers", "分类抽查", columns, _with_period(f["tiers"], f))


def strata_table(f: dict[str, Any]) -> Table:
    columns = (
        _period_column(),
        Column("tier", "监管类别", "tier", 16),
        Column("credit_risk", "信用风险等级", "credit", 12),
        Column("population", "对象数", "int", 8),
        Column("required", "应抽（按倍率分配）", "int", 14),
        Column("planned", "计划抽查", "int", 10),
        Column("rate", "抽查率", "percent", 10),
    )
    return Table("strata", "信用风险分类", columns, _with_period(f["strata"], f))


def items_table(f: dict[str, Any]) -> Table:
    periods = f["periods"]
    names = {q["period"]: q["period_zh"] for q in f["quarters"]}
    rows = []
    for item in f["items"]:
        row = {**item, "modes_zh": "、".join(MODE_ZH[m] for m in item["modes"]) or "—"}
        for p in periods:
            row[f"q_{p}"] = item["per_quarter"][p]
        rows.append(row)
    columns = (
        Column("item_id", "事项编号", width=10),
        Column("name", "抽查事项", width=30),
        Column("specialty", "所需专业", width=10),
        Column("legal_basis", "检查依据", width=40),
        Column("modes_zh", "检查方式", width=18),
        Column("objects", "适用对象数", "int", 10),
        *(Column(f"q_{p}", f"{names.get(p, p)}检查次数", "int", 12) for p in periods),
        Column("total", "全年检查次数", "int", 12),
    )
    return Table("items", "抽查事项", columns, tuple(rows))


def units_table(f: dict[str, Any]) -> Table:
    columns = (
        _period_column(),
        Column("unit", "业务条线", width=14),
        Column("inspectors", "持证在岗人数", "int", 12),
        Column("capacity", "检查能力合计", "int", 12),
        Column("onsite", "现场检查人次", "int", 12),
        Column("offsite", "科技检查人次", "int", 12),
        Column("load", "工作量（折算）", "float", 12),
        Column("utilisation", "能力利用率", "percent", 12),
    )
    return Table("units", "执法力量", columns, _with_period(f["units"], f))


def teams_table(f: dict[str, Any], names: dict[str, str]) -> Table:
    rows = [{**t, "members": [names.get(i, i) for i in t["inspector_ids"]]} for t in f["teams"]]
    columns = (
        _period_column(),
        Column("team_id", "小组编号", width=10),
        Column("members", "组员", "list", 24),
        Column("units", "业务条线", "list", 24),
        Column("onsite", "现场检查次数", "int", 12),
        Column("capacity", "小组检查上限", "int", 12),
    )
    return Table("teams", "执法小组", columns, _with_period(rows, f))


def annual_cap_table(f: dict[str, Any]) -> Table:
    columns = (
        Column("object_id", "对象编号", width=22),
        Column("name", "单位名称", width=30),
        Column("tier", "监管类别", "tier", 14),
        Column("count", "本年度检查次数", "int", 12),
        Column("periods", "检查季度", "list", 30),
    )
    return Table("annual_cap", "达到年度上限", columns, tuple(f["annual_cap"]["objects"]))


def conflicts_table(f: dict[str, Any]) -> Table:
    failed = f["failed"] or {"conflicts": [], "period_zh": ""}
    rows = tuple({**c, "period_zh": failed["period_zh"]} for c in failed["conflicts"])
    columns = (_period_column(), Column("rule", "规则", "rule", 18), Column("message", "冲突说明", width=80))
    return Table("conflicts", "冲突规则", columns, rows)


def suggestions_table(f: dict[str, Any]) -> Table:
    failed = f["failed"] or {"suggestions": []}
    columns = (
        Column("rule", "规则", "rule", 18),
        Column("message", "修改建议", width=60),
        Column("verified", "已重新求解验证", "yesno", 14),
    )
    return Table("suggestions", "修改建议", columns, tuple(failed["suggestions"]))


def changes_table(changes: list[dict[str, Any]]) -> Table:
    columns = (
        Column("area_zh", "调整方面", width=14),
        Column("subject", "内容", width=30),
        Column("before", "原计划", width=22),
        Column("after", "调整后", width=22),
    )
    return Table("changes", "调整内容", columns, tuple(changes))


def reasons_table(reasons: list[dict[str, Any]]) -> Table:
    columns = (
        Column("input_zh", "变化的输入", width=22),
        Column("before", "原计划依据", width=30),
        Column("after", "调整后依据", width=30),
    )
    return Table("reasons", "调整原因", columns, tuple(reasons))


def year_tables(f: dict[str, Any], names: dict[str, str], adjustment: dict[str, Any] | None = None) -> dict[str, Table]:
    """Every table, by code name; `names` maps inspector ids to names."""
    tables = [
        quarters_table(f),
        tiers_table(f),
        strata_table(f),
        items_table(f),
        units_table(f),
        teams_table(f, names),
        annual_cap_table(f),
        conflicts_table(f),
        suggestions_table(f),
    ]
    if adjustment is not None:
        tables += [changes_table(adjustment["changes"]), reasons_table(adjustment["reasons"])]
    return {t.key: t for t in tables}
