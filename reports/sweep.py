"""`shuangsui sweep`: one plan per (team size, capacity scale) setting: sweep.html, .xlsx, .json.

What the team lead tunes before fixing a period's rules: how many inspectors per on-site check, and
how much capacity the inspectors need to have. Every setting of the cartesian product is planned
with the scenario's public seed (or `--seed`), like `shuangsui plan`, except that to save time

- the uniqueness of each optimum is not proven (`prove_uniqueness=False`): "optimal" still means
  every stage was proven optimal, so the setting's plan is reproducible from the seed;
- no fix suggestions are computed for settings without a plan (`explain=False`: each suggestion is
  several more solves); the conflicting rule families are still named. Run `shuangsui plan` on a
  setting to get its verified suggestions;
- each setting gets its own time limit, by default `SWEEP_TIME_LIMIT` seconds (or the scenario's
  limit if lower): a setting near the edge of feasibility may end "unknown" (no plan found, none
  proven impossible) where a longer limit would decide it.

Capacity scale: every inspector's capacity becomes `capacity x scale` rounded half up to an integer
(computed exactly: 9 x 0.5 = 4.5 -> 5, 7 x 0.7 = 4.9 -> 5, 5 x 0.5 = 2.5 -> 3), never below 0.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from shuangsui.models.domain import Scenario
from shuangsui.reports.compare import (
    STATUS_SHORT,
    Run,
    capacity_total,
    colour,
    embed,
    legend,
    plan_figures,
    render_page,
)
from shuangsui.reports.excel import write_workbook
from shuangsui.reports.html import period_zh
from shuangsui.reports.labels import rule_zh
from shuangsui.reports.plots import DPI, GRID, WIDTH, render
from shuangsui.reports.tables import Column, Table, display
from shuangsui.scheduler.result import SolveStatus

SWEEP_VERSION = 1
SWEEP_JSON = "sweep.json"
SWEEP_XLSX = "sweep.xlsx"
SWEEP_HTML = "sweep.html"
SWEEP_TIME_LIMIT = 10.0  # seconds per setting, unless --time-limit (or a lower scenario limit)
TITLE = "执法小组人数与检查能力调整分析"
MIN_TEAM_SIZE = 2

FEASIBLE_ZH = {True: "可行", False: "不可行", None: "未定（超时）"}
SEPARATORS = re.compile(r"[,，;；、\s]+")


# ---------------------------------------------------------------- the options


def _values(text: str) -> list[str]:
    values = [v for v in SEPARATORS.split(text.strip()) if v]
    if not values:
        raise ValueError("至少给出一个值，多个值用逗号分隔，例如 2,3,4 (give at least one value)")
    return values


def _unique(values: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(values))


def parse_team_sizes(text: str) -> tuple[int, ...]:
    """'2,3,4' -> (2, 3, 4); every value an integer >= 2 (repeated values once)."""
    sizes = []
    for value in _values(text):
        if not re.fullmatch(r"[0-9]+", value):
            raise ValueError(f"每组人数须为整数，多个值用逗号分隔，例如 2,3,4 (not an integer): {value!r}")
        if int(value) < MIN_TEAM_SIZE:
            raise ValueError(f"现场检查每组至少 {MIN_TEAM_SIZE} 人 (team size must be >= {MIN_TEAM_SIZE}): {value}")
        sizes.append(int(value))
    return _unique(sizes)


def parse_scales(text: str) -> tuple[Fraction, ...]:
    """'0.8,1.0,1.2' -> exact fractions 4/5, 1, 6/5; every value a positive decimal."""
    scales = []
    for value in _values(text):
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)?|\.[0-9]+", value):
            raise ValueError(f"能力倍数须为正数，多个值用逗号分隔，例如 0.8,1.0,1.2 (not a number): {value!r}")
        scale = Fraction(value)
        if scale <= 0:
            raise ValueError(f"能力倍数须大于 0 (capacity scale must be > 0): {value}")
        scales.append(scale)
    return _unique(scales)


def scale_text(scale: Fraction | float) -> str:
    """4/5 -> '0.8', 1 -> '1.0', 3/4 -> '0.75'."""
    text = f"{float(scale):.4f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


# ---------------------------------------------------------------- the settings


def scaled_capacity(capacity: int, scale: Fraction) -> int:
    """capacity x scale, rounded half up (exact arithmetic)."""
    return max(0, math.floor(capacity * scale + Fraction(1, 2)))


def setting_scenario(scenario: Scenario, team_size: int, scale: Fraction) -> Scenario:
    """The scenario with `teams.size` and every inspector's capacity changed.

    Built anew rather than with `model_copy`, which would carry over the cached id indexes
    (`inspector_by_id`) of the original inspectors.
    """
    rules = scenario.with_rules(teams=scenario.rules.teams.model_copy(update={"size": team_size})).rules
    inspectors = tuple(
        p.model_copy(update={"capacity": scaled_capacity(p.capacity, scale)}) for p in scenario.inspectors
    )
    fields = {name: getattr(scenario, name) for name in Scenario.model_fields}
    return Scenario(**{**fields, "rules": rules, "inspectors": inspectors})


@dataclass(frozen=True)
class Setting:
    team_size: int
    scale: Fraction

    @property
    def label(self) -> str:
        return f"每组 {self.team_size} 人 · 能力 ×{scale_text(self.scale)}"


def settings_of(team_sizes: Sequence[int], scales: Sequence[Fraction]) -> list[Setting]:
    """The cartesian product, team size first."""
    return [Setting(size, scale) for size, scale in itertools.product(team_sizes, scales)]


@dataclass(frozen=True)
class SweepRun:
    setting: Setting
    run: Run


def setting_time_limit(scenario: Scenario, time_limit: float | None) -> float:
    return time_limit if time_limit is not None else min(SWEEP_TIME_LIMIT, scenario.rules.solver.time_limit)


def run_sweep(
    scenario: Scenario,
    team_sizes: Sequence[int],
    scales: Sequence[Fraction],
    *,
    seed: int | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
    progress: Callable[[int, int, str], Callable[[Run], None]] | None = None,
) -> list[SweepRun]:
    """Plan every setting (seeded); `progress(n, total, label)` is told of each."""
    from shuangsui.scheduler import solve

    limit = setting_time_limit(scenario, time_limit)
    todo = settings_of(team_sizes, scales)
    runs = []
    for n, setting in enumerate(todo, start=1):
        done = progress(n, len(todo), setting.label) if progress else None
        changed = setting_scenario(scenario, setting.team_size, setting.scale)
        result = solve(changed, seed=seed, time_limit=limit, workers=workers, prove_uniqueness=False, explain=False)
        run = Run.of(changed, result, setting.label)
        if done:
            done(run)
        runs.append(SweepRun(setting, run))
    return runs


# ---------------------------------------------------------------- sweep.json


def feasible(status: str) -> bool | None:
    """True: a plan exists; False: proven that none does; None: undecided within the time limit."""
    if status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return True
    return False if status == SolveStatus.INFEASIBLE else None


def setting_entry(sr: SweepRun) -> dict[str, Any]:
    figures = plan_figures(sr.run.report_input)
    return {
        "team_size": sr.setting.team_size,
        "capacity_scale": float(sr.setting.scale),
        "capacity_total": capacity_total(sr.run.scenario),
        "feasible": feasible(figures["status"]),
        **figures,
        "conflict_rules": [c["rule"] for c in figures["conflicts"]],
    }


@dataclass(frozen=True)
class SweepInput:
    scenario: Scenario  # as loaded, before any change
    folder: str
    team_sizes: tuple[int, ...]
    scales: tuple[Fraction, ...]
    seed: int
    time_limit: float


def sweep_dict(si: SweepInput, runs: Sequence[SweepRun]) -> dict[str, Any]:
    rules = si.scenario.rules
    return {
        "sweep": SWEEP_VERSION,
        "scenario": rules.name,
        "period": rules.period,
        "folder": si.folder,
        "seed": si.seed,
        "input_digest": si.scenario.input_digest,
        "team_mode": rules.teams.mode.value,
        "base": {"team_size": rules.teams.size, "capacity_total": capacity_total(si.scenario)},
        "team_sizes": list(si.team_sizes),
        "capacity_scales": [float(s) for s in si.scales],
        "capacity_rounding": "half_up",
        "time_limit": si.time_limit,
        "prove_uniqueness": False,
        "explain": False,
        "settings": [setting_entry(sr) for sr in runs],
    }


# ---------------------------------------------------------------- tables


SETTING_COLUMNS = (
    Column("seq", "序号", "int", 6),
    Column("team_size", "每组人数", "int", 10),
    Column("capacity_scale", "能力倍数", "float", 10),
    Column("capacity_total", "能力合计", "int", 10),
    Column("feasible_zh", "是否可行", "text", 12),
    Column("status_zh", "求解状态", "text", 16),
    Column("checks", "检查总数", "int", 10),
    Column("onsite", "现场检查", "int", 10),
    Column("offsite", "科技检查", "int", 10),
    Column("teams", "执法小组/检查组", "int", 14),
    Column("util_mean", "平均利用率", "percent", 12),
    Column("util_max", "最高利用率", "percent", 12),
    Column("internal_share", "内部联合占比", "percent", 12),
    Column("inter_department", "部门联合（次）", "int", 12),
    Column("conflict_rules", "冲突规则", "list", 36),
    Column("wall_time", "求解用时（秒）", "float", 12),
)


def settings_table(entries: Sequence[dict[str, Any]]) -> Table:
    rows, marks = [], []
    for n, e in enumerate(entries, start=1):
        rows.append(
            {
                "seq": n,
                **{k: e[k] for k in ("team_size", "capacity_scale", "capacity_total", "checks", "onsite")},
                **{k: e[k] for k in ("offsite", "teams", "wall_time")},
                "feasible_zh": FEASIBLE_ZH[e["feasible"]],
                "status_zh": STATUS_SHORT[e["status"]],
                "util_mean": e["utilisation"]["mean"],
                "util_max": e["utilisation"]["max"],
                "internal_share": e["joint"]["internal_share"],
                "inter_department": e["joint"]["inter_department"],
                "conflict_rules": [rule_zh(r) for r in e["conflict_rules"]],
            }
        )
        marks.append({True: "", False: "violated", None: "tight"}[e["feasible"]])
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
    u = e["utilisation"]
    lines = [f"平均 {display(u['mean'], 'percent')}", f"最高 {display(u['max'], 'percent')}"]
    if e["status"] == SolveStatus.FEASIBLE:
        lines.append("未证明最优")
    return "\n".join(lines)


def heatmap_figure(entries: Sequence[dict[str, Any]], sizes: Sequence[int], scales: Sequence[float]) -> Figure:
    """Team size x capacity scale, coloured by mean utilisation; cells without a plan marked."""
    grid = _grid(entries)
    values = np.full((len(sizes), len(scales)), np.nan)
    for (i, size), (j, scale) in itertools.product(enumerate(sizes), enumerate(scales)):
        e = grid[(size, scale)]
        if e["feasible"]:
            values[i, j] = 100 * e["utilisation"]["mean"]
    fig = Figure(figsize=(WIDTH, max(2.2, 0.75 * len(sizes) + 1.3)), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    cmap, norm = _colour_scale()
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, norm=norm, aspect="auto")
    for (i, size), (j, scale) in itertools.product(enumerate(sizes), enumerate(scales)):
        e = grid[(size, scale)]
        _mark_cell(ax, i, j, e, values[i, j])
    ax.set_xticks(range(len(scales)), [f"×{scale_text(s)}" for s in scales])
    ax.set_yticks(range(len(sizes)), [f"每组 {s} 人" for s in sizes])
    ax.set_xlabel("人员检查能力倍数")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("平均利用率（%）")
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
        colour_ = "white" if value >= 55 else "#1d2733"
    ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="white", linewidth=2))
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
        share = [100 * e["joint"]["internal_share"] if e["feasible"] else np.nan for e in row]
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


def sweep_tables(si: SweepInput, entries: Sequence[dict[str, Any]]) -> dict[str, Table]:
    built = (settings_table(entries), conflict_table(entries), capacity_table(si.scenario, si.scales))
    return {t.key: t for t in built}


def sweep_context(si: SweepInput, data: dict[str, Any], tables: dict[str, Table]) -> dict[str, Any]:
    entries = data["settings"]
    rules = si.scenario.rules
    return {
        "title": TITLE,
        "scenario_name": rules.name,
        "period": rules.period,
        "period_zh": period_zh(rules.period),
        "data": data,
        "counts": {v: sum(1 for e in entries if e["feasible"] is v) for v in (True, False, None)},
        "total_time": sum(e["wall_time"] for e in entries),
        "team_mode_zh": "固定执法小组" if rules.teams.mode.value == "standing" else "按次组队",
        "scales_zh": "、".join(f"×{scale_text(s)}" for s in si.scales),
        "sizes_zh": "、".join(f"{s} 人" for s in si.team_sizes),
        "tables": tables,
        "charts": embed(sweep_charts(data)),
    }


def write_sweep(out_dir: Path, si: SweepInput, runs: Sequence[SweepRun]) -> list[Path]:
    """Write sweep.json, sweep.xlsx and sweep.html into `out_dir` (which exists)."""
    data = sweep_dict(si, runs)
    tables = sweep_tables(si, data["settings"])
    json_path = out_dir / SWEEP_JSON
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    sheets = [tables["settings"], tables["conflicts"], tables["capacities"]]
    xlsx_path = write_workbook(out_dir / SWEEP_XLSX, sheets, TITLE, si.scenario.rules.period)
    html_path = out_dir / SWEEP_HTML
    html_path.write_text(render_page(SWEEP_HTML, sweep_context(si, data, tables)), encoding="utf-8")
    return [json_path, xlsx_path, html_path]
