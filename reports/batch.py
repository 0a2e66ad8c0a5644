"""A batch's outputs: each county's folder (what `shuangsui plan` writes, made on the workers) and
summary.html, summary.xlsx and summary.json over the counties.

The planning is the application layer's (`shuangsui.app.batch`); `county_entry` builds one county's
figures on the worker, the rest renders the `Batch` it is handed. summary.json has English keys;
solve and wall times sit under `timings` only, so it is the same on any cluster.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from shuangsui.models.domain import Scenario
from shuangsui.models.enums import Tier
from shuangsui.reports.cluster_records import Batch
from shuangsui.reports.compare import STATUS_SHORT, embed, plan_figures, render_page, tier_counts
from shuangsui.reports.excel import Heading, write_workbook
from shuangsui.reports.labels import rule_zh, tier_zh
from shuangsui.reports.plots import CAPACITY, DEMAND, GRID, ONSITE, legend, new_figure, render
from shuangsui.reports.tables import Column, ReportInput, Table
from shuangsui.scheduler.result import SolveResult

BATCH_VERSION = 1
SUMMARY_JSON = "summary.json"
SUMMARY_XLSX = "summary.xlsx"
SUMMARY_HTML = "summary.html"
TITLE = "批量编制抽查计划汇总"

EXIT_ZH = {
    0: "已生成计划",
    1: "内部错误",
    2: "输入有误",
    3: "不存在可行计划",
    4: "计划未通过独立校验",
    5: "时限内未找到计划",
}


def county_entry(scenario: Scenario, result: SolveResult, evaluation: Any) -> dict[str, Any]:
    """One county's figures (English code names), built where it was planned."""
    ri = ReportInput(scenario, result, evaluation)
    figures = plan_figures(ri)
    figures.pop("wall_time")  # a timing: summary.json keeps it under `timings`
    return {
        "name": scenario.rules.name,
        "period": scenario.rules.period,
        "seed": scenario.rules.seed,
        "input_digest": scenario.input_digest,
        **figures,
        "tiers": tier_counts(ri),
        "suggestions": [
            {
                "rule": str(s.rule),
                "message": s.message,
                "change": dict(s.change),
                "verified": s.verified,
                "below_minimum": s.below_minimum,
            }
            for s in result.suggestions
        ],
    }


# The figures of a county whose scenario could not be read (bad input, internal error).
NO_PLAN: dict[str, Any] = {
    "name": None,
    "period": None,
    "seed": None,
    "input_digest": None,
    "plan": False,
    "conflicts": [],
    "tiers": [],
    "suggestions": [],
}


def batch_dict(b: Batch) -> dict[str, Any]:
    counties = []
    for c in b.counties:
        counties.append(
            {
                "folder": c.folder,
                "exit_code": c.exit_code,
                "result_zh": EXIT_ZH.get(c.exit_code, str(c.exit_code)),
                "status": c.status,
                "error": c.error,
                **(NO_PLAN | (c.entry or {})),
            }
        )
    codes: dict[str, int] = {}
    for c in b.counties:
        codes[str(c.exit_code)] = codes.get(str(c.exit_code), 0) + 1
    return {
        "batch": BATCH_VERSION,
        "counties": counties,
        "exit_codes": dict(sorted(codes.items())),
        "planned": sum(1 for c in b.counties if c.exit_code == 0),
        "timings": {
            "wall_time": round(b.wall_time, 3),
            "solve_time": {c.folder: round(c.wall_time, 3) for c in b.counties},
            "cluster_workers": b.cluster_workers,
        },
    }


# ---------------------------------------------------------------- tables

COUNTY_COLUMNS = (
    Column("folder", "文件夹", "text", 18),
    Column("name", "场景（县）", "text", 24),
    Column("exit_code", "退出码", "int", 8),
    Column("result_zh", "结果", "text", 16),
    Column("status_zh", "求解状态", "text", 12),
    Column("checks", "检查次数", "int", 10),
    Column("onsite", "现场检查", "int", 10),
    Column("teams", "执法小组", "int", 10),
    Column("internal_share", "内部联合占比", "percent", 12),
    Column("internal_min_share", "内部联合最低要求", "percent", 14),
    Column("inter_department", "部门联合次数", "int", 12),
    Column("inter_department_min", "部门联合最低次数", "int", 14),
    Column("util_median", "人员利用率·中位数", "percent", 14),
    Column("util_max", "人员利用率·最高", "percent", 14),
    Column("solve_time", "求解用时（秒）", "float", 12),
    Column("problem", "问题", "text", 50),
)
TIER_COLUMNS = (
    Column("folder", "文件夹", "text", 18),
    Column("tier_zh", "监管类别", "text", 16),
    Column("population", "对象数", "int", 8),
    Column("required", "应抽数", "int", 8),
    Column("drawn", "按比例抽取数", "int", 12),
    Column("checks", "检查次数", "int", 10),
)
ISSUE_COLUMNS = (
    Column("folder", "文件夹", "text", 18),
    Column("kind", "类别", "text", 10),
    Column("rule_zh", "规则", "text", 20),
    Column("message", "说明", "text", 70),
    Column("verified", "已验证", "yesno", 8),
)


def county_table(data: dict[str, Any]) -> Table:
    rows, marks = [], []
    for e in data["counties"]:
        joint, util = e.get("joint") or {}, e.get("utilisation") or {}
        problem = e["error"] or "；".join(c["message"] for c in e.get("conflicts", []))
        rows.append(
            dict.fromkeys(c.key for c in COUNTY_COLUMNS)
            | e
            | {
                "status_zh": STATUS_SHORT.get(e["status"], "—"),
                "internal_share": joint.get("internal_share"),
                "internal_min_share": joint.get("internal_min_share"),
                "inter_department": joint.get("inter_department"),
                "inter_department_min": joint.get("inter_department_min"),
                "util_median": util.get("median"),
                "util_max": util.get("max"),
                "solve_time": data["timings"]["solve_time"][e["folder"]],
                "problem": problem,
            }
        )
        marks.append("" if e["exit_code"] == 0 else "violated")
    return Table("counties", "各县结果", COUNTY_COLUMNS, tuple(rows), marks=tuple(marks))


def tier_table(data: dict[str, Any]) -> Table:
    rows = [
        {"folder": e["folder"], "tier_zh": tier_zh(Tier(t["tier"])), **t}
        for e in data["counties"]
        for t in e.get("tiers", [])
    ]
    return Table("tiers", "各县分类抽查", TIER_COLUMNS, tuple(rows))


def issue_table(data: dict[str, Any]) -> Table:
    rows: list[dict[str, Any]] = []
    for e in data["counties"]:
        base = {"folder": e["folder"], "rule_zh": None, "verified": None}
        if e["error"]:
            rows.append(base | {"kind": EXIT_ZH[e["exit_code"]], "message": e["error"]})
        for c in e.get("conflicts", []):
            rows.append(base | {"kind": "冲突的规则", "rule_zh": rule_zh(c["rule"]), "message": c["message"]})
        for s in e.get("suggestions", []):
            rows.append(base | {"kind": "修改建议", "rule_zh": rule_zh(s["rule"]), **s})
    return Table("issues", "问题与修改建议", ISSUE_COLUMNS, tuple(rows))


# ---------------------------------------------------------------- charts


def utilisation_figure(data: dict[str, Any]) -> Figure | None:
    """Per county with a plan: the inspectors' utilisation, median (bar) and highest (tick)."""
    planned = [e for e in data["counties"] if e.get("plan")]
    if not planned:
        return None
    fig, ax = new_figure(0.28 * len(planned) + 1.2)
    ys = list(range(len(planned)))
    medians = [e["utilisation"]["median"] or 0 for e in planned]
    highs = [e["utilisation"]["max"] or 0 for e in planned]
    ax.barh(ys, highs, color=CAPACITY, height=0.6, label="最高")
    ax.barh(ys, medians, color=ONSITE, height=0.6, label="中位数")
    ax.set_yticks(ys, [e["name"] for e in planned], fontsize=7)
    ax.invert_yaxis()
    ax.axvline(1, color=DEMAND, linewidth=0.8, linestyle="--")
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    ax.set_xlabel("人员检查能力利用率（中位数与最高值；两者越接近负荷越均衡）")
    ax.grid(axis="x", color=GRID)
    legend(ax, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
    return fig


def batch_charts(data: dict[str, Any]) -> dict[str, bytes]:
    builders: dict[str, Callable[[], Figure | None]] = {"utilisation": lambda: utilisation_figure(data)}
    return {name: image for name, build in builders.items() if (image := render(build)) is not None}


# ---------------------------------------------------------------- files


def write_batch(out_dir: Path, b: Batch) -> None:
    """Each county's files into `out_dir/<folder>/`, then summary.json, summary.xlsx and summary.html."""
    for c in b.counties:
        if c.files:
            folder = out_dir / c.folder
            folder.mkdir()
            for name, content in c.files.items():
                (folder / name).write_bytes(content)
    data = batch_dict(b)
    (out_dir / SUMMARY_JSON).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tables = [county_table(data), tier_table(data), issue_table(data)]
    counts = "，".join(f"{EXIT_ZH.get(int(code), code)} {n} 个" for code, n in data["exit_codes"].items())
    heading = Heading(title=TITLE, info=f"共 {len(b.counties)} 个县：{counts}　编制日期：　　　　年　　月　　日")
    periods = sorted({e["period"] for e in data["counties"] if e.get("period")})
    write_workbook(out_dir / SUMMARY_XLSX, tables, TITLE, periods[0] if periods else "2025Q1", heading)
    context = {
        "title": TITLE,
        "data": data,
        "counts": counts,
        "tables": {t.key: t for t in tables},
        "charts": embed(batch_charts(data)),
        "exit_zh": EXIT_ZH,
    }
    (out_dir / SUMMARY_HTML).write_text(render_page(SUMMARY_HTML, context), encoding="utf-8")
