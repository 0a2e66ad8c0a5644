"""sweep.html, sweep.xlsx and sweep.json: the settings a sweep solved, judged and ranked.

The solving and the ranking are the application layer's (`shuangsui.app.sweep`, `shuangsui.app.assess`);
this module only renders the `Swept` result it is handed.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator
from shuangsui.models.domain import Scenario
from shuangsui.reports.compare import (
    STATUS_SHORT,
    capacity_total,
    colour,
    embed,
    legend,
    plan_figures,
    render_page,
    report_input,
)
from shuangsui.reports.excel import Heading, info_line, write_workbook
from shuangsui.reports.html import period_zh
from shuangsui.reports.labels import rule_zh
from shuangsui.reports.plots import DPI, GRID, WIDTH, render
from shuangsui.reports.recommend import sentences, verdict
from shuangsui.reports.records import SweepRun, Swept, feasible_of, scale_text, scaled_capacity
from shuangsui.reports.tables import Column, Table, display

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


# ---------------------------------------------------------------- charts


def _grid(entries: Sequence[dict[str, Any]]) -> dict[tuple[int, float], dict[str, Any]]:
    return {(e["team_size"], e["capacity_scale"]): e for e in entries}


def _cell_text(e: dict[str, Any]) -> str:
    if e["feasible"] is None:
        return "超时未定"
    if not e["feasible"]:
        names = [rule_zh(r).split("（")[0] for r in e["conflict_rules"][:2]]
        return "\n".join(["不可行", *names])
    a = e["assessment"]
    lines = [f"中位 {display(a['util_median'], 'percent')}", f"最高 {display(a['util_max'], 'percent')}"]
    if not a["usable"]:
        lines.append(f"仅 {a['teams']} 个小组")
    elif a["moved"]:
        lines.append(f"抽取变动 {a['moved']} 家")
    if e["status"] == "feasible":
        lines.append("未证明最优")
    if e["verdict"] == "推荐":
        lines.insert(0, "★ 推荐")
    return "\n".join(lines)


def heatmap_figure(entries: Sequence[dict[str, Any]], sizes: Sequence[int], scales: Sequence[float]) -> Figure:
    """Team size x capacity scale, coloured by the median utilisation; cells without a plan marked.

    The axis with more values runs across, so one swept axis gives one readable row.
    """
    grid = _grid(entries)
    across_sizes = len(sizes) >= len(scales)
    cols: Sequence[Any] = sizes if across_sizes else scales
    rows: Sequence[Any] = scales if across_sizes else sizes

    def entry(i: int, j: int) -> dict[str, Any]:
        size, scale = (cols[j], rows[i]) if across_sizes else (rows[i], cols[j])
        return grid[(size, scale)]

    values = np.full((len(rows), len(cols)), np.nan)
    for i, j in itertools.product(range(len(rows)), range(len(cols))):
        e = entry(i, j)
        if e["feasible"] and e["assessment"]["util_median"] is not None:
            values[i, j] = 100 * e["assessment"]["util_median"]
    height = max(2.0, 1.05 * len(rows) + 1.2)
    fig = Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    cmap, norm = _colour_scale()
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, norm=norm, aspect="auto")
    for i, j in itertools.product(range(len(rows)), range(len(cols))):
        _mark_cell(ax, i, j, entry(i, j), values[i, j])
    size_ticks = [f"每组 {s} 人" for s in sizes]
    scale_ticks = [f"能力 ×{scale_text(s)}" for s in scales]
    ax.set_xticks(range(len(cols)), size_ticks if across_sizes else scale_ticks)
    ax.set_yticks(range(len(rows)), scale_ticks if across_sizes else size_ticks)
    ax.set_xlabel("现场检查每组人数" if across_sizes else "人员检查能力倍数")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("利用率中位数（%）")
    return fig


def _colour_scale() -> tuple[Any, Normalize]:
    from matplotlib import colormaps

    return colormaps["Blues"], Normalize(vmin=0, vmax=100)


def _mark_cell(ax: Any, i: int, j: int, e: dict[str, Any], value: float) -> None:
    if e["feasible"] is False:
        ax.add_patch(
            Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="#f3f4f6", edgecolor="#b3261e", hatch="///", linewidth=0)
        )
        colour_ = "#b3261e"
    elif e["feasible"] is None:
        ax.add_patch(
            Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="#eceff3", edgecolor="#8a94a3", hatch="..", linewidth=0)
        )
        colour_ = "#5b6675"
    else:
        colour_ = "white" if value >= 60 else "#1d2733"
    best = e.get("verdict") == "推荐"
    edge, width = ("#d98a1a", 4) if best else ("white", 2)
    ax.add_patch(Rectangle((j - 0.45, i - 0.45), 0.9, 0.9, fill=False, edgecolor=edge, linewidth=width))
    ax.text(
        j,
        i,
        _cell_text(e),
        ha="center",
        va="center",
        fontsize=8.5,
        linespacing=1.35,
        color=colour_,
        bbox=None if e["feasible"] else {"facecolor": "white", "edgecolor": "none", "pad": 2},
    )


def trend_figure(entries: Sequence[dict[str, Any]], sizes: Sequence[int], scales: Sequence[float]) -> Figure:
    """Internal joint share and number of teams across the settings, a line per team size."""
    grid = _grid(entries)
    fig = Figure(figsize=(WIDTH, 2.9), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    share_ax, teams_ax = fig.subplots(1, 2)
    by_scale = len(scales) > 1
    x_values: Sequence[float] = scales if by_scale else list(sizes)
    lines = (
        [(f"每组 {s} 人", [grid[(s, x)] for x in scales]) for s in sizes]
        if by_scale
        else [(f"能力 ×{scale_text(scales[0])}", [grid[(s, scales[0])] for s in sizes])]
    )
    for n, (name, row) in enumerate(lines):
        share = [100 * (e["joint"]["internal_share"] or 0) if e["feasible"] else np.nan for e in row]
        teams = [e["teams"] if e["feasible"] else np.nan for e in row]
        share_ax.plot(x_values, share, marker="o", markersize=4, color=colour(n), label=name)
        teams_ax.plot(x_values, teams, marker="o", markersize=4, color=colour(n), label=name)
    minimum = entries[0]["joint"]["internal_min_share"] if entries else 0
    share_ax.axhline(100 * minimum, color="#b3261e", linestyle="--", linewidth=0.9, label="最低要求")
    share_ax.set_ylabel("内部联合抽查占比（%）")
    teams_ax.set_ylabel("执法小组/检查组（个）")
    for ax in (share_ax, teams_ax):
        ax.set_xticks(list(x_values), [f"×{scale_text(x)}" if by_scale else f"{x:g} 人" for x in x_values])
        ax.set_xlabel("人员检查能力倍数" if by_scale else "每组人数")
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(color=GRID)
        ax.margins(x=0.08, y=0.15)
    share_ax.set_ylim(bottom=0)
    teams_ax.set_ylim(bottom=0)
    teams_ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    legend(share_ax, loc="lower right")
    return fig


def sweep_charts(data: dict[str, Any]) -> dict[str, bytes]:
    entries, sizes, scales = data["settings"], data["team_sizes"], data["capacity_scales"]
    builders: dict[str, Callable[[], Figure | None]] = {
        "heatmap": lambda: heatmap_figure(entries, sizes, scales),
        "trend": lambda: trend_figure(entries, sizes, scales),
    }
    return {name: image for name, build in builders.items() if (image := render(build)) is not None}


# ---------------------------------------------------------------- files


def sweep_tables(sw: Swept, entries: Sequence[dict[str, Any]]) -> dict[str, Table]:
    built = (settings_table(entries), conflict_table(entries), capacity_table(sw.scenario, sw.scales))
    return {t.key: t for t in built}


def sweep_context(sw: Swept, data: dict[str, Any], tables: dict[str, Table]) -> dict[str, Any]:
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
        "charts": embed(sweep_charts(data)),
    }


def write_sweep(out_dir: Path, sw: Swept) -> list[Path]:
    """Write sweep.json, sweep.xlsx and sweep.html into `out_dir` (which exists)."""
    data = sweep_dict(sw)
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
    html_path.write_text(render_page(SWEEP_HTML, sweep_context(sw, data, tables)), encoding="utf-8")
    return [json_path, xlsx_path, html_path]
