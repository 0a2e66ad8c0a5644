"""The charts of sweep.html (matplotlib): drawn by the chart child of `shuangsui sweep`
(`reports.chart_helper`), so that the sweeping process never imports matplotlib."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator
from shuangsui.reports.compare_charts import colour
from shuangsui.reports.labels import rule_zh
from shuangsui.reports.plots import DPI, GRID, WIDTH, legend, render
from shuangsui.reports.records import scale_text
from shuangsui.reports.tables import display


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
