"""audit.html, audit.xlsx and audit.json: how often each object was drawn over N seeds, against its fair rate.

The planning and the statistics are the application layer's (`shuangsui.app.audit`,
`shuangsui.app.inclusion`); this module only renders the `Audit` it is handed. audit.json has English
keys; everything that varies between runs of the same scenario and N (wall times, the cluster's size)
sits under `timings` only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from shuangsui.models.enums import CreditRisk, Tier
from shuangsui.reports.cluster_records import P_FLAG, SEED_RULE, Z_FLAG, Audit, Flag
from shuangsui.reports.compare import embed, render_page
from shuangsui.reports.excel import Heading, info_line, write_workbook
from shuangsui.reports.html import period_zh
from shuangsui.reports.labels import credit_zh, rule_zh, tier_zh
from shuangsui.reports.plots import DEMAND, GRID, OFFSITE, ONSITE, legend, new_figure, render
from shuangsui.reports.tables import Column, Table

AUDIT_VERSION = 1
AUDIT_JSON = "audit.json"
AUDIT_XLSX = "audit.xlsx"
AUDIT_HTML = "audit.html"
TITLE = "抽取公平性审计"


def stratum_zh(key: str) -> str:
    """'general/B' -> '一般监管对象·B（一般）'."""
    tier, risk = key.split("/")
    return f"{tier_zh(Tier(tier))}·{credit_zh(CreditRisk(risk))}"


def binding_zh(flag: Flag, seeds: int) -> str:
    """Which rule moved the draws of the flagged strata, in one Chinese sentence."""
    if not flag.rules:
        return (
            "没有任何规则改变该范围的抽取（各种子的抽取均与只按比例抽取的结果相同）：偏差来自随机波动或随机权重本身，"
            "请增加种子数复核"
        )
    parts = "；".join(f"{rule_zh(rule)}（{rule}）在 {n}/{seeds} 个种子中改变了抽取" for rule, n in flag.rules)
    return f"起作用的规则：{parts}"


def flag_entry(flag: Flag, seeds: int) -> dict[str, Any]:
    name = stratum_zh(flag.key) if flag.kind == "stratum" else flag.zh
    if flag.kind == "stratum":
        why = f"层内各对象抽中频率不均匀：卡方检验 p = {flag.p:.3g} < {P_FLAG:g}"
    else:
        direction = "偏高" if (flag.z or 0) > 0 else "偏低"
        why = f"抽中次数{direction}：z = {flag.z:+.1f}，超出 ±{Z_FLAG:g}"
    return {
        "kind": flag.kind,
        "key": flag.key,
        "name_zh": name,
        "z": None if flag.z is None else round(flag.z, 4),
        "p": flag.p,
        "strata": list(flag.strata),
        "binding_rules": [{"rule": rule, "seeds": n} for rule, n in flag.rules],
        "reason_zh": why,
        "binding_zh": binding_zh(flag, seeds),
    }


def _round(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(value, digits)


def audit_dict(a: Audit) -> dict[str, Any]:
    """audit.json: identical for the same scenario and N on any cluster (apart from `timings`)."""
    rules = a.scenario.rules
    inc = a.inclusion
    planned = a.planned
    moved = [o for o in planned if o.shift_rules]
    return {
        "audit": AUDIT_VERSION,
        "scenario": rules.name,
        "period": rules.period,
        "input_digest": a.scenario.input_digest,
        "seed": rules.seed,
        "seed_rule": SEED_RULE,
        "seeds": len(a.seeds),
        "planned": len(planned),
        "workers_per_task": a.workers_per_task,
        "uniqueness_proofs": False,
        "flag_rules": {"group_abs_z_above": Z_FLAG, "stratum_p_below": P_FLAG},
        "flagged": [flag_entry(f, len(planned)) for f in a.flags],
        "strata": [
            {
                "stratum": s.key,
                "tier": s.tier.value,
                "credit_risk": s.risk.value,
                "population": s.population,
                "drawable": s.drawable,
                "required": s.required,
                "fair_rate": _round(s.fair_rate),
                "choice": s.free,
                "rate_min": _round(s.rate_min),
                "rate_max": _round(s.rate_max),
                "chi_square": _round(s.statistic),
                "p": s.p,
                "p_plain": s.p_plain,
                "flagged": s.flagged,
            }
            for s in inc.strata
        ],
        "groups": [
            {
                "group": g.key,
                "name_zh": g.zh,
                "objects": g.objects,
                "expected": _round(g.expected, 4),
                "observed": g.observed,
                "ratio": _round(g.ratio, 4),
                "z": round(g.z, 4),
                "flagged": g.flagged,
            }
            for g in inc.groups
        ],
        "draw_shift": {
            "seeds_moved": len(moved),
            "draws_moved": sum(o.moved for o in moved),
            "rules": {r: n for r, n in sorted(_count(o.shift_rules for o in moved).items())},
        },
        "objects": [
            {
                "object_id": o.object_id,
                "name": o.name,
                "stratum": o.stratum,
                "included": o.included,
                "frequency": _round(o.frequency),
                "fair_rate": _round(o.fair_rate),
            }
            for o in inc.objects
        ],
        "seed_plans": [
            {"seed": o.seed, "status": o.status, "draws_moved": o.moved, "moved_by": list(o.shift_rules)}
            for o in a.outcomes
        ],
        "timings": {
            "wall_time": round(a.wall_time, 3),
            "plans_per_second": round(len(a.outcomes) / a.wall_time, 3) if a.wall_time else None,
            "solve_time_sum": round(sum(o.wall_time for o in a.outcomes), 3),
            "cluster_workers": a.cluster_workers,
        },
    }


def _count(items: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for group in items:
        for item in group:
            counts[item] = counts.get(item, 0) + 1
    return counts


# ---------------------------------------------------------------- tables

FLAG_COLUMNS = (
    Column("kind_zh", "类别", "text", 8),
    Column("name_zh", "范围", "text", 30),
    Column("reason_zh", "发现的偏差", "text", 40),
    Column("binding_zh", "起作用的规则", "text", 60),
)
STRATA_COLUMNS = (
    Column("stratum_zh", "分层（监管类别·信用等级）", "text", 28),
    Column("population", "对象数", "int", 8),
    Column("drawable", "可抽对象数", "int", 10),
    Column("required", "应抽数", "int", 8),
    Column("fair_rate", "公平抽中率", "percent", 10),
    Column("rate_range", "各对象抽中频率范围", "text", 18),
    Column("p_text", "卡方检验 p 值（不放回校正）", "text", 16),
    Column("verdict", "结论", "text", 16),
)
GROUP_COLUMNS = (
    Column("name_zh", "对象组", "text", 34),
    Column("objects", "对象数", "int", 8),
    Column("expected", "公平期望抽中次数", "float", 14),
    Column("observed", "实际抽中次数", "int", 12),
    Column("ratio", "实际 ÷ 期望", "float", 10),
    Column("z", "z 值", "float", 8),
    Column("verdict", "结论", "text", 12),
)
OBJECT_COLUMNS = (
    Column("object_id", "对象编号", "text", 22),
    Column("name", "单位名称", "text", 30),
    Column("stratum_zh", "分层", "text", 24),
    Column("included", "抽中次数", "int", 10),
    Column("frequency", "抽中频率", "percent", 10),
    Column("fair_rate", "公平抽中率", "percent", 10),
)


def flag_table(data: dict[str, Any]) -> Table:
    rows = [f | {"kind_zh": "分层" if f["kind"] == "stratum" else "对象组"} for f in data["flagged"]]
    return Table("flagged", "标记的偏差", FLAG_COLUMNS, tuple(rows), marks=("violated",) * len(rows))


def strata_table(data: dict[str, Any]) -> Table:
    rows, marks = [], []
    for s in data["strata"]:
        choice = s["choice"]
        rows.append(
            s
            | {
                "stratum_zh": stratum_zh(s["stratum"]),
                "rate_range": f"{s['rate_min']:.1%} – {s['rate_max']:.1%}" if choice else "—",
                "p_text": f"{s['p']:.3g}" if choice else "—",
                "verdict": ("不均匀" if s["flagged"] else "未见偏差") if choice else "全抽或不抽，无抽取余地",
            }
        )
        marks.append("violated" if s["flagged"] else "")
    return Table("strata", "分层抽中率", STRATA_COLUMNS, tuple(rows), marks=tuple(marks))


def group_table(data: dict[str, Any]) -> Table:
    rows = [g | {"verdict": "偏差" if g["flagged"] else "未见偏差"} for g in data["groups"]]
    marks = tuple("violated" if g["flagged"] else "" for g in data["groups"])
    return Table("groups", "对象组抽中比", GROUP_COLUMNS, tuple(rows), marks=marks)


def object_table(data: dict[str, Any]) -> Table:
    rows = [o | {"stratum_zh": stratum_zh(o["stratum"])} for o in data["objects"]]
    return Table("objects", "各对象抽中频率", OBJECT_COLUMNS, tuple(rows))


def codes_table(tables: Sequence[Table]) -> Table:
    """Chinese header -> English code name (the keys of audit.json), for every sheet."""
    columns = (
        Column("sheet", "工作表", "text", 18),
        Column("zh", "中文列名", "text", 30),
        Column("key", "英文字段名", "text", 18),
    )
    rows = tuple({"sheet": t.zh, "zh": c.zh, "key": c.key} for t in tables for c in t.columns)
    return Table("codes", "字段对照 (codes)", columns, rows)


# ---------------------------------------------------------------- charts


def strata_figure(data: dict[str, Any]) -> Figure | None:
    """Per stratum with a choice: every object's inclusion frequency (dots) and the fair rate (red tick)."""
    strata = [s for s in data["strata"] if s["choice"]]
    if not strata:
        return None
    fig, ax = new_figure(0.45 * len(strata) + 1.2)
    by_stratum: dict[str, list[float]] = {}
    for o in data["objects"]:
        by_stratum.setdefault(o["stratum"], []).append(o["frequency"])
    for y, s in enumerate(strata):
        values = sorted(by_stratum.get(s["stratum"], []))
        jitter = [y + 0.3 * ((i * 0.618) % 1 - 0.5) for i in range(len(values))]
        colour = DEMAND if s["flagged"] else ONSITE
        ax.scatter(values, jitter, s=10, color=colour, alpha=0.55, linewidths=0, label=None)
        ax.plot([s["fair_rate"]] * 2, [y - 0.4, y + 0.4], color=DEMAND, linewidth=2)
    ax.set_yticks(range(len(strata)), [stratum_zh(s["stratum"]) for s in strata], fontsize=8)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    ax.set_xlabel(f"抽中频率（{data['planned']} 个种子）；红线：公平抽中率（应抽数 ÷ 可抽对象数）")
    ax.grid(axis="x", color=GRID)
    return fig


def group_figure(data: dict[str, Any]) -> Figure | None:
    """Observed / fair ratio per group; the bar is red beyond ±3 z."""
    groups = [g for g in data["groups"] if g["ratio"] is not None]
    if not groups:
        return None
    fig, ax = new_figure(0.32 * len(groups) + 1.2)
    ys = range(len(groups))
    colours = [DEMAND if g["flagged"] else OFFSITE for g in groups]
    ax.barh(list(ys), [g["ratio"] - 1 for g in groups], left=1, color=colours, height=0.6)
    for y, g in zip(ys, groups, strict=True):
        ax.text(max(g["ratio"], 1) + 0.005, y, f"z {g['z']:+.1f}", va="center", fontsize=7)
    ax.axvline(1, color="black", linewidth=0.8)
    ax.set_yticks(list(ys), [g["name_zh"] for g in groups], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("实际抽中次数 ÷ 公平期望（1 = 无偏差）；红色：|z| > 3")
    ax.bar([0], [0], color=DEMAND, label=f"偏差（|z| > {Z_FLAG:g}）")
    ax.bar([0], [0], color=OFFSITE, label="未见偏差")
    legend(ax, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
    ax.grid(axis="x", color=GRID)
    low = min(g["ratio"] for g in groups)
    high = max(g["ratio"] for g in groups)
    ax.set_xlim(min(0.9, low - 0.05), max(1.1, high + 0.1))
    return fig


def audit_charts(data: dict[str, Any]) -> dict[str, bytes]:
    builders: dict[str, Callable[[], Figure | None]] = {
        "strata": lambda: strata_figure(data),
        "groups": lambda: group_figure(data),
    }
    return {name: image for name, build in builders.items() if (image := render(build)) is not None}


# ---------------------------------------------------------------- files


def write_audit(out_dir: Path, a: Audit) -> list[Path]:
    """Write audit.json, audit.xlsx and audit.html into `out_dir` (which exists)."""
    data = audit_dict(a)
    tables = [flag_table(data), strata_table(data), group_table(data), object_table(data)]
    json_path = out_dir / AUDIT_JSON
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    rules = a.scenario.rules
    verdict = f"标记 {len(data['flagged'])} 项偏差" if data["flagged"] else "未发现偏差"
    heading = Heading(
        title=f"{rules.name} {TITLE}",
        info=info_line(rules.period, rules.seed, a.scenario.input_digest, f"种子数：{data['planned']}", verdict),
    )
    xlsx_path = write_workbook(out_dir / AUDIT_XLSX, [*tables, codes_table(tables)], TITLE, rules.period, heading)
    context = {
        "title": TITLE,
        "scenario_name": rules.name,
        "period": rules.period,
        "period_zh": period_zh(rules.period),
        "data": data,
        "verdict": verdict,
        "tables": {t.key: t for t in tables},
        "charts": embed(audit_charts(data)),
        "z_flag": Z_FLAG,
        "p_flag": P_FLAG,
    }
    html_path = out_dir / AUDIT_HTML
    html_path.write_text(render_page(AUDIT_HTML, context), encoding="utf-8")
    return [json_path, xlsx_path, html_path]
