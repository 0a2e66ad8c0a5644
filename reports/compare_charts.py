"""The charts of compare.html (matplotlib): drawn by the chart child of `shuangsui compare`
(`reports.chart_helper`), so that the comparing process never imports matplotlib."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from matplotlib.figure import Figure
from shuangsui.models.enums import Tier
from shuangsui.reports.labels import STATUS_SHORT
from shuangsui.reports.plan_tables import workload_table
from shuangsui.reports.plots import GRID, OFFSITE, ONSITE, legend, new_figure, render
from shuangsui.reports.records import Run
from shuangsui.reports.tables import ReportInput, display

# Colours of the scenarios in the charts (cycled).
PALETTE = ("#1f4e79", "#c0504d", "#6a9a3a", "#8064a2", "#d98a1a", "#3f8fa6", "#7f7f7f")


def wrap(label: str, width: int = 14) -> str:
    """A long scenario name on several lines: before a bracket, then every `width` characters."""
    parts = label.replace("（", "\n（").split("\n")
    return "\n".join(part[i : i + width] for part in parts for i in range(0, len(part), width))


def colour(n: int) -> str:
    return PALETTE[n % len(PALETTE)]


def tier_figure(entries: Sequence[dict[str, Any]]) -> Figure | None:
    """Quota draws per tier, a bar per scenario, the required number as a black tick."""
    if not entries:
        return None
    tiers = list(Tier)
    width = 0.8 / len(entries)
    fig, ax = new_figure(3.2)
    for n, e in enumerate(entries):
        by_tier = {t["tier"]: t for t in e["tiers"]}
        x = [i - 0.4 + width * (n + 0.5) for i in range(len(tiers))]
        drawn = [by_tier[t.value]["drawn"] or 0 for t in tiers]
        name = e["label"] if e["plan"] else f"{e['label']}（无计划）"
        bars = ax.bar(x, drawn, width * 0.92, color=colour(n), label=name)
        if e["plan"]:
            ax.bar_label(bars, fontsize=7, padding=1)
        required = [by_tier[t.value]["required"] for t in tiers]
        half = width * 0.46
        ax.hlines(required, [v - half for v in x], [v + half for v in x], color="black", linewidth=1.4, zorder=3)
    ax.plot([], [], color="black", linewidth=1.4, label="应抽数")
    ax.set_xticks(range(len(tiers)), [t.zh for t in tiers])
    ax.set_ylabel("抽取检查数（次）")
    ax.grid(axis="y", color=GRID)
    ax.margins(y=0.12)
    legend(ax, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2)
    return fig


def mode_figure(entries: Sequence[dict[str, Any]]) -> Figure | None:
    """On-site and off-site checks per scenario, with the internal joint share written beside."""
    if not entries:
        return None
    rows = list(entries)[::-1]
    y = list(range(len(rows)))
    onsite = [e["onsite"] or 0 for e in rows]
    offsite = [e["offsite"] or 0 for e in rows]
    fig, ax = new_figure(max(1.8, 0.65 * len(rows) + 1.1))
    ax.barh(y, onsite, height=0.55, color=ONSITE, label="现场检查")
    ax.barh(y, offsite, height=0.55, left=onsite, color=OFFSITE, label="科技检查")
    for i, e in enumerate(rows):
        text = (
            f" {e['checks']} 次，内部联合 {display(e['joint']['internal_share'], 'percent')}"
            if e["plan"]
            else f" {STATUS_SHORT[e['status']]}，无计划"
        )
        ax.text(onsite[i] + offsite[i], i, text, va="center", fontsize=7.5)
    ax.set_yticks(y, [wrap(e["label"]) for e in rows], fontsize=8)
    ax.set_xlabel("检查数（次）")
    ax.grid(axis="x", color=GRID)
    ax.set_xlim(0, 1.4 * max(1, *(a + b for a, b in zip(onsite, offsite, strict=True))))
    legend(ax, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2)
    return fig


def utilisation_figure(runs: Sequence[Run]) -> Figure | None:
    """Box plot of the inspectors' utilisation per scenario, every inspector a dot."""
    if not runs:
        return None
    series = [_utilisations(run) for run in runs][::-1]
    names = [wrap(run.label) for run in runs][::-1]
    fig, ax = new_figure(max(1.8, 0.7 * len(runs) + 1.0))
    ax.axvline(100, color="#b3261e", linewidth=0.8, linestyle="--")
    for i, values in enumerate(series):
        n = len(runs) - 1 - i
        if not values:
            ax.text(50, i, "无计划", va="center", ha="center", fontsize=8, color="#5b6675")
            continue
        ax.boxplot(
            [values],
            positions=[i],
            orientation="horizontal",
            widths=0.5,
            showfliers=False,
            medianprops={"color": colour(n), "linewidth": 1.6},
            boxprops={"color": "#5b6675"},
            whiskerprops={"color": "#5b6675"},
            capprops={"color": "#5b6675"},
        )
        jitter = [i + ((k * 7919) % 11 - 5) / 40 for k in range(len(values))]  # fixed, not random
        ax.scatter(values, jitter, s=9, color=colour(n), alpha=0.75, zorder=3, linewidths=0)
    ax.set_yticks(range(len(names)), names, fontsize=8)
    ax.set_ylim(-0.6, len(names) - 0.4)
    ax.set_xlim(0, max([105.0] + [v + 5 for values in series for v in values]))  # no plan: 105
    ax.set_xlabel("人员能力利用率（%）：(现场检查 + 折算科技检查) / 季度检查上限")
    ax.grid(axis="x", color=GRID)
    return fig


def _utilisations(run: Run) -> list[float]:
    if run.result.plan is None:
        return []
    rows = workload_table(ReportInput(run.scenario, run.result, run.evaluation)).rows
    return [100 * float(r["utilisation"]) for r in rows if r["eligible"] and r["capacity"] > 0]


def compare_charts(runs: Sequence[Run], entries: Sequence[dict[str, Any]]) -> dict[str, bytes]:
    builders: dict[str, Callable[[], Figure | None]] = {
        "tiers": lambda: tier_figure(entries),
        "modes": lambda: mode_figure(entries),
        "utilisation": lambda: utilisation_figure(runs),
    }
    return {name: image for name, build in builders.items() if (image := render(build)) is not None}
