"""sweep.html, sweep.xlsx and sweep.json: the settings a sweep solved, judged and ranked.

The solving and the ranking are the application layer's (`shuangsui.app.sweep`, `shuangsui.app.assess`);
this module only renders the `Swept` result it is handed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from shuangsui.models.domain import Scenario
from shuangsui.reports.background import Helper
from shuangsui.reports.chart_helper import in_helper, sweep_charts
from shuangsui.reports.compare import (
    STATUS_SHORT,
    capacity_total,
    embed,
    plan_figures,
    render_page,
    report_input,
)
from shuangsui.reports.labels import rule_zh
from shuangsui.reports.recommend import sentences, verdict
from shuangsui.reports.records import SweepRun, Swept, feasible_of, scale_text, scaled_capacity
from shuangsui.reports.tables import Column, Table

SWEEP_VERSION = 2
SWEEP_JSON = "sweep.json"
SWEEP_XLSX = "sweep.xlsx"
SWEEP_HTML = "sweep.html"
TITLE = "执法小组人数与检查能力调整分析"

FEASIBLE_ZH = {True: "可行", False: "不可行", None: "未定（超时）"}


# ---------------------------------------------------------------- sweep.json


def setting_entry(sr: SweepRun, assessment: dict[str, Any], rank: int, verdict_zh: str) -> dict[str, Any]:
    figures = plan_figures(report_input(sr.run))
    return {
        "team_size": sr.setting.team_size,
        "capacity_scale": float(sr.setting.scale),
        "capacity_total": capacity_total(sr.run.scenario),
        "feasible": feasible_of(sr.run.result.status),
        **figures,
        "conflict_rules": [c["rule"] for c in figures["conflicts"]],
        "assessment": assessment,
        "draw_shift": sr.run.shift.to_dict() if sr.run.shift else None,
        "rank": rank,
        "verdict": verdict_zh,
    }


def sweep_dict(sw: Swept) -> dict[str, Any]:
    rules = sw.scenario.rules
    rec = sw.recommendation
    rank = {n: r for r, n in enumerate(rec.order, start=1)}
    names = [setting_name(sw, sr) for sr in sw.runs]
    entries = [
        setting_entry(sr, a.to_dict(), rank[n], verdict(a, n, rec))
        for n, (sr, a) in enumerate(zip(sw.runs, sw.assessments, strict=True))
    ]
    return {
        "sweep": SWEEP_VERSION,
        "scenario": rules.name,
        "period": rules.period,
        "folder": sw.folder,
        "seed": sw.seed,
        "input_digest": sw.scenario.input_digest,
        "team_mode": rules.teams.mode.value,
        "base": {"team_size": rules.teams.size, "capacity_total": capacity_total(sw.scenario)},
        "team_sizes": list(sw.team_sizes),
        "capacity_scales": [float(s) for s in sw.scales],
        "capacity_rounding": "half_up",
        "time_limit": sw.time_limit,
        "prove_uniqueness": False,
        "explain": False,
        "recommendation": {
            **rec.to_dict(),
            "best_setting": _setting_key(sw, rec.best),
            "runner_up_setting": _setting_key(sw, rec.runner_up),
            **sentences(sw.assessments, rec, names),
        },
        "settings": entries,
    }


def setting_name(sw: Swept, sr: SweepRun) -> str:
    """'每组 3 人' when one capacity scale was swept, else the full label."""
    if len(sw.scales) == 1:
        return f"每组 {sr.setting.team_size} 人"
    if len(sw.team_sizes) == 1:
        return f"能力 ×{scale_text(sr.setting.scale)}"
    return sr.setting.label


def _setting_key(sw: Swept, index: int | None) -> dict[str, Any] | None:
    if index is None:
        return None
    setting = sw.runs[index].setting
    return {"team_size": setting.team_size, "capacity_scale": float(setting.scale)}


# ---------------------------------------------------------------- tables


SETTING_COLUMNS = (
    Column("rank", "排序", "int", 6),
    Column("verdict", "评价", "text", 18),
    Column("team_size", "每组人数", "int", 10),
    Column("capacity_scale", "能力倍数", "float", 10),
    Column("capacity_total", "能力合计", "int", 10),
    Column("feasible_zh", "是否可行", "text", 12),
    Column("status_zh", "求解状态", "text", 16),
    Column("checks", "检查总数", "int", 10),
    Column("onsite", "现场检查", "int", 10),
    Column("offsite", "科技检查", "int", 10),
    Column("teams", "执法小组/检查组", "int", 14),
    Column("left_out", "未编组/未安排人员", "int", 14),
    Column("util_median", "利用率·中位数", "percent", 12),
    Column("util_max", "利用率·最高", "percent", 12),
    Column("internal_share", "内部联合占比", "percent", 12),
    Column("inter_department", "部门联合（次）", "int", 12),
    Column("moved", "能力改变的抽取（家）", "int", 16),
    Column("onsite_shift", "现场检查增减（次）", "int", 16),
    Column("conflict_rules", "冲突规则", "list", 36),
    Column("wall_time", "求解用时（秒）", "float", 12),
)


def settings_table(entries: Sequence[dict[str, Any]]) -> Table:
    rows, marks = [], []
    for e in entries:
        a = e["assessment"]
        rows.append(
            {
                **{k: e[k] for k in ("rank", "verdict", "team_size", "capacity_scale", "capacity_total", "checks")},
                **{k: e[k] for k in ("onsite", "offsite", "teams", "wall_time")},
                "feasible_zh": FEASIBLE_ZH[e["feasible"]],
                "status_zh": STATUS_SHORT[e["status"]],
                "left_out": a["left_out"],
                "util_median": a["util_median"],
                "util_max": a["util_max"],
                "internal_share": a["internal_share"],
                "inter_department": e["joint"]["inter_department"],
                "moved": a["moved"],
                "onsite_shift": a["onsite_shift"],
                "conflict_rules": [rule_zh(r) for r in e["conflict_rules"]],
            }
        )
        best = e["verdict"] == "推荐"
        marks.append("best" if best else {True: "", False: "violated", None: "tight"}[e["feasible"]])
    return Table("settings", "各设置结果", SETTING_COLUMNS, tuple(rows), tuple(marks))


def conflict_table(entries: Sequence[dict[str, Any]]) -> Table:
    rows = [
        {"team_size": e["team_size"], "capacity_scale": e["capacity_scale"], **c}
        for e in entries
        for c in e["conflicts"]
    ]
    columns = (
        Column("team_size", "每组人数", "int", 10),
        Column("capacity_scale", "能力倍数", "float", 10),
        Column("rule", "冲突规则", "rule", 24),
        Column("message", "说明", "text", 70),
    )
    return Table("conflicts", "冲突规则", columns, tuple(rows))


def capacity_table(scenario: Scenario, scales: Sequence[Fraction]) -> Table:
    """Every inspector's capacity at each scale (shows the rounding)."""
    rows = []
    for p in scenario.inspectors:
        row: dict[str, Any] = {
            "inspector_id": p.inspector_id,
            "name": p.name,
            "unit": p.unit,
            "eligible": p.eligible,
            "capacity": p.capacity,
        }
        row |= {f"x{n}": scaled_capacity(p.capacity, s) for n, s in enumerate(scales)}
        rows.append(row)
    columns = (
        Column("inspector_id", "人员编号", "text", 10),
        Column("name", "姓名", "text", 10),
        Column("unit", "业务条线", "text", 14),
        Column("eligible", "持证在岗", "yesno", 10),
        Column("capacity", "季度检查上限", "int", 12),
        *(Column(f"x{n}", f"×{scale_text(s)}", "int", 8) for n, s in enumerate(scales)),
    )
    return Table("capacities", "调整后检查上限", columns, tuple(rows))


# ---------------------------------------------------------------- files


def sweep_tables(sw: Swept, entries: Sequence[dict[str, Any]]) -> dict[str, Table]:
    built = (settings_table(entries), conflict_table(entries), capacity_table(sw.scenario, sw.scales))
    return {t.key: t for t in built}


def sweep_context(
    sw: Swept, data: dict[str, Any], tables: dict[str, Table], charts: dict[str, bytes]
) -> dict[str, Any]:
    from shuangsui.reports.html import period_zh

    entries = data["settings"]
    rules = sw.scenario.rules
    return {
        "title": TITLE,
        "scenario_name": rules.name,
        "period": rules.period,
        "period_zh": period_zh(rules.period),
        "data": data,
        "recommendation": data["recommendation"],
        "counts": {v: sum(1 for e in entries if e["feasible"] is v) for v in (True, False, None)},
        "total_time": sum(e["wall_time"] for e in entries),
        "team_mode_zh": "固定执法小组" if rules.teams.mode.value == "standing" else "按次组队",
        "scales_zh": "、".join(f"×{scale_text(s)}" for s in sw.scales),
        "sizes_zh": "、".join(f"{s} 人" for s in sw.team_sizes),
        "tables": tables,
        "charts": embed(charts),
    }


def write_sweep(out_dir: Path, sw: Swept, helper: Helper | None = None) -> list[Path]:
    """Write sweep.json, sweep.xlsx and sweep.html into `out_dir` (which exists); the charts are drawn
    meanwhile by `helper`, else by a child forked here (`reports.chart_helper.in_helper`). The workbook
    writer (XlsxWriter) and the page's (jinja2) are imported here, while the charts are drawn."""
    data = sweep_dict(sw)
    charts = in_helper(helper, sweep_charts, data)
    try:
        from shuangsui.reports.excel import Heading, info_line, write_workbook

        tables = sweep_tables(sw, data["settings"])
        json_path = out_dir / SWEEP_JSON
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        sheets = [tables["settings"], tables["conflicts"], tables["capacities"]]
        rules = sw.scenario.rules
        heading = Heading(
            title=f"{rules.name} {TITLE}",
            info=info_line(rules.period, sw.seed, sw.scenario.input_digest, data["recommendation"]["best"]),
        )
        xlsx_path = write_workbook(out_dir / SWEEP_XLSX, sheets, TITLE, rules.period, heading)
        html_path = out_dir / SWEEP_HTML
        html_path.write_text(
            render_page(SWEEP_HTML, sweep_context(sw, data, tables, charts.result())), encoding="utf-8"
        )
    finally:
        charts.close()  # a no-op once the charts were collected
    return [json_path, xlsx_path, html_path]
