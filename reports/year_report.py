"""Outputs of `shuangsui year` beside the quarter folders: year.json, annual-plan.xlsx and report.html.

The report is one self-contained page (charts and a CJK font subset embedded), in the layout of
compare.html; its charts put the quarters side by side.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from shuangsui.models.enums import TIER_ZH, Tier
from shuangsui.reports.compare import embed, render_page
from shuangsui.reports.excel import write_workbook
from shuangsui.reports.plots import CAPACITY, DEMAND, legend, new_figure, render
from shuangsui.reports.tables import Table
from shuangsui.reports.year_tables import STATUS_ZH

YEAR_JSON = "year.json"
YEAR_XLSX = "annual-plan.xlsx"
YEAR_HTML = "report.html"
TITLE = "年度抽查计划报告"
QUARTER_COLOURS = ("#1f4e79", "#2e75b6", "#8fb3d9", "#c5d9ee")
SHEETS = ("quarters", "tiers", "strata", "items", "units", "teams", "annual_cap", "conflicts", "suggestions")


def year_json(figures: dict[str, Any], timings: dict[str, float] | None = None) -> str:
    data = dict(figures)
    if timings is not None:
        data["timings"] = timings  # the only key that varies between runs
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _quarter_names(f: dict[str, Any]) -> list[tuple[str, str]]:
    return [(q["period"], q["period_zh"][5:]) for q in f["quarters"] if q["status"] in ("optimal", "feasible")]


def tiers_figure(f: dict[str, Any]) -> Figure | None:
    """Planned checks per tier, one bar per quarter, the requirement as a red tick."""
    quarters = _quarter_names(f)
    if not quarters:
        return None
    tiers = list(Tier)
    fig, ax = new_figure(3.0)
    width = 0.8 / len(quarters)
    for k, (period, label) in enumerate(quarters):
        rows = {r["tier"]: r for r in f["tiers"] if r["period"] == period}
        xs = [t + (k - (len(quarters) - 1) / 2) * width for t in range(len(tiers))]
        planned = [rows[t.value]["planned"] + rows[t.value]["directed"] for t in tiers]
        ax.bar(xs, planned, width * 0.92, color=QUARTER_COLOURS[k % 4], label=label)
        required = [rows[t.value]["required"] for t in tiers]
        ax.scatter(xs, required, marker="_", s=120, color=DEMAND, zorder=3, label="应抽查" if k == 0 else None)
    ax.set_xticks(range(len(tiers)), [TIER_ZH[t] for t in tiers])
    ax.set_ylabel("检查次数（含定向）")
    ax.grid(axis="y", color="#e3e6ea")
    legend(ax, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=5)  # above the bars, never over them
    return fig


def joint_figure(f: dict[str, Any]) -> Figure | None:
    """Internal joint share per quarter and over the year, against the minimum; inter-department counts."""
    rows = [q for q in f["quarters"] if q["internal_joint_share"] is not None]
    if not rows:
        return None
    labels = [q["period_zh"][5:] for q in rows] + ["全年"]
    shares = [q["internal_joint_share"] * 100 for q in rows] + [(f["totals"]["internal_joint_share"] or 0) * 100]
    fig, ax = new_figure(2.8)
    colours = [QUARTER_COLOURS[k % 4] for k in range(len(rows))] + ["#404040"]
    bars = ax.bar(range(len(labels)), shares, 0.6, color=colours)
    need = f["rules"]["internal_min_share"] * 100
    ax.axhline(need, color=DEMAND, linestyle="--", linewidth=1.2, label=f"最低要求 {need:g}%")
    for k, bar in enumerate(bars[:-1]):
        ax.annotate(f"部门联合 {rows[k]['inter_department']} 次", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center", va="bottom", fontsize=7, xytext=(0, 2), textcoords="offset points")  # fmt: skip
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylabel("内部联合抽查占比（%）")
    legend(ax, loc="lower right", bbox_to_anchor=(1.0, 1.0))
    return fig


def units_figure(f: dict[str, Any]) -> Figure | None:
    """Workload against capacity per unit, one bar per quarter."""
    quarters = _quarter_names(f)
    units = sorted({r["unit"] for r in f["units"]})
    if not quarters or not units:
        return None
    fig, ax = new_figure(max(2.6, 0.5 * len(units) + 1.2))
    height = 0.8 / len(quarters)
    for k, (period, label) in enumerate(quarters):
        rows = {r["unit"]: r for r in f["units"] if r["period"] == period}
        ys = [u + (k - (len(quarters) - 1) / 2) * height for u in range(len(units))]
        values = [(rows[u]["utilisation"] or 0) * 100 if u in rows else 0 for u in units]
        ax.barh(ys, values, height * 0.92, color=QUARTER_COLOURS[k % 4], label=label)
    ax.axvline(100, color=CAPACITY, linewidth=1.5, label="能力上限")
    ax.set_yticks(range(len(units)), units)
    ax.invert_yaxis()
    ax.set_xlabel("工作量 ÷ 检查能力（%）")
    legend(ax, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=5)  # above the bars, never over them
    return fig


def year_charts(f: dict[str, Any]) -> dict[str, bytes]:
    builders: dict[str, Callable[[], Figure | None]] = {
        "tiers": lambda: tiers_figure(f),
        "joint": lambda: joint_figure(f),
        "units": lambda: units_figure(f),
    }
    return {name: image for name, build in builders.items() if (image := render(build)) is not None}


def year_context(
    f: dict[str, Any], tables: dict[str, Table], adjustment: dict[str, Any] | None, documents: list[str]
) -> dict[str, Any]:
    return {
        "title": TITLE,
        "f": f,
        "status_zh": STATUS_ZH.get(f["status"], f["status"]),
        "tables": tables,
        "charts": embed(year_charts(f)),
        "adjustment": adjustment,
        "documents": documents,
    }


def write_year_outputs(
    out_dir: Path,
    figures: dict[str, Any],
    tables: dict[str, Table],
    adjustment: dict[str, Any] | None,
    documents: list[str],
    timings: dict[str, float] | None = None,
) -> list[Path]:
    """year.json, annual-plan.xlsx and report.html into `out_dir` (which exists)."""
    data = dict(figures)
    if adjustment is not None:
        data["adjustment"] = adjustment
    json_path = out_dir / YEAR_JSON
    json_path.write_text(year_json(data, timings), encoding="utf-8")
    sheets = [tables[k] for k in SHEETS]
    if adjustment is not None:
        sheets += [tables["changes"], tables["reasons"]]
    first = figures["periods"][0]
    xlsx = write_workbook(out_dir / YEAR_XLSX, sheets, f"{figures['year']}年度抽查计划", first)
    html = out_dir / YEAR_HTML
    html.write_text(render_page("year.html", year_context(figures, tables, adjustment, documents)), encoding="utf-8")
    return [json_path, xlsx, html]
