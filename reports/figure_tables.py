"""Tables of the plan's figures: modes, draws, joint checks, specialties, townships, summary."""

from __future__ import annotations

from collections import Counter
from typing import Any

from shuangsui.models.enums import CREDIT_TIERS, Mode, TeamMode
from shuangsui.reports.requirements import pct
from shuangsui.reports.tables import (
    Column,
    ReportInput,
    Table,
    display,
    is_internal_joint,
    ratio,
)

# ---------------------------------------------------------------- 检查方式、抽取方式、联合


def mode_table(ri: ReportInput) -> Table:
    counts = Counter(c.mode for c in ri.checks)
    total = len(ri.checks)
    rows = tuple({"mode": m.value, "checks": counts[m.value], "share": ratio(counts[m.value], total)} for m in Mode)
    columns = (
        Column("mode", "检查方式", "mode", 12),
        Column("checks", "检查数", "int", 10),
        Column("share", "占比", "percent", 10),
    )
    return Table("modes", "检查方式", columns, rows)


def draw_table(ri: ReportInput) -> Table:
    counts = Counter((c.draw, c.directed or "") for c in ri.checks)
    total = len(ri.checks)
    rows = tuple(
        {"draw": draw, "directed": block or None, "checks": n, "share": ratio(n, total)}
        for (draw, block), n in sorted(counts.items(), key=lambda kv: (_draw_rank(kv[0][0]), kv[0]))
    )
    columns = (
        Column("draw", "抽取方式", "draw", 16),
        Column("directed", "定向抽查", "text", 18),
        Column("checks", "检查数", "int", 10),
        Column("share", "占比", "percent", 10),
    )
    return Table("draws", "抽取方式", columns, rows)


def _draw_rank(draw: str) -> int:
    order = ("credit_risk", "full_coverage", "directed")
    return order.index(draw) if draw in order else len(order)


def joint_figures(ri: ReportInput) -> dict[str, Any]:
    r = ri.scenario.rules.joint
    total = len(ri.checks)
    internal = sum(1 for c in ri.checks if is_internal_joint(ri.scenario, c))
    inter = sum(1 for c in ri.checks if c.joint == "inter_department")
    return {
        "checks": total,
        "internal": internal,
        "internal_share": ratio(internal, total),
        "internal_min_share": r.internal_min_share,
        "inter_department": inter,
        "inter_department_min": r.inter_department_min,
        "partner_departments": sorted({c.partner_department for c in ri.checks if c.partner_department}),
    }


def joint_table(ri: ReportInput) -> Table:
    j = joint_figures(ri)
    have_plan = ri.plan is not None
    rows = (
        {
            "measure": "内部联合抽查（≥2 个业务条线）",
            "required": f"占比 ≥{pct(j['internal_min_share'])}",
            "achieved": (
                f"{j['internal']} / {j['checks']} 次（{display(j['internal_share'], 'percent')}）"
                if have_plan
                else None
            ),
        },
        {
            "measure": "部门联合抽查",
            "required": f"≥{j['inter_department_min']} 次",
            "achieved": (
                f"{j['inter_department']} 次"
                + (f"（{'、'.join(j['partner_departments'])}）" if j["partner_departments"] else "")
                if have_plan
                else None
            ),
        },
    )
    columns = (
        Column("measure", "指标", "text", 28),
        Column("required", "要求", "text", 16),
        Column("achieved", "实际", "text", 30),
    )
    return Table("joint", "联合抽查", columns, rows)


# ---------------------------------------------------------------- 专业需求与供给


def specialty_table(ri: ReportInput) -> Table:
    """On-site checks needing each specialty vs the capacity of eligible inspectors having it."""
    sc = ri.scenario
    demand: Counter[str] = Counter()
    for check in ri.checks:
        obj = sc.object_by_id.get(check.object_id)
        if obj is not None and check.mode == Mode.ONSITE:
            demand.update(sc.required_specialties(obj))
    specialties = sorted({i.specialty for i in sc.items} | {s for p in sc.inspectors for s in p.specialties})
    # The directory's side: objects checked on site that need the specialty, drawn or not.
    directory: Counter[str] = Counter()
    for obj in sc.objects:
        if obj.mode is Mode.ONSITE:
            directory.update(sc.required_specialties(obj))
    have_plan = ri.plan is not None
    rows = []
    marks = []
    for specialty in specialties:
        holders = [p for p in sc.inspectors if p.eligible and specialty in p.specialties]
        capacity = sum(p.capacity for p in holders)
        need = demand[specialty] if have_plan else None
        rows.append(
            {
                "specialty": specialty,
                "onsite_objects": directory[specialty],
                "onsite_checks": need,
                "inspectors": len(holders),
                "capacity": capacity,
                "utilisation": ratio(need, capacity) if need is not None else None,
            }
        )
        # Red: objects need the specialty and nobody has it; amber: the plan uses all of it.
        unserved = capacity == 0 and directory[specialty] > 0
        marks.append("violated" if unserved else ("tight" if need and need >= capacity else ""))
    columns = (
        Column("specialty", "专业领域", "text", 12),
        Column("onsite_objects", "名录库中需现场检查的对象", "int", 24),
        Column("onsite_checks", "需要该专业的现场检查", "int", 20),
        Column("inspectors", "具备该专业的在岗人员", "int", 20),
        Column("capacity", "这些人员的能力合计", "int", 18),
        Column("utilisation", "需求/供给", "percent", 12),
    )
    return Table("specialties", "专业需求与供给", columns, tuple(rows), tuple(marks))


# ---------------------------------------------------------------- 各乡镇


def township_table(ri: ReportInput) -> Table:
    sc = ri.scenario
    population = Counter(o.township for o in sc.objects)
    onsite: Counter[str] = Counter()
    offsite: Counter[str] = Counter()
    for check in ri.checks:
        obj = sc.object_by_id.get(check.object_id)
        if obj is not None:
            (onsite if check.mode == Mode.ONSITE else offsite)[obj.township] += 1
    have_plan = ri.plan is not None
    rows = []
    for township in sorted(population, key=lambda t: (-population[t], t)):
        drawn = onsite[township] + offsite[township]
        rows.append(
            {
                "township": township,
                "population": population[township],
                "drawn": drawn if have_plan else None,
                "onsite": onsite[township] if have_plan else None,
                "offsite": offsite[township] if have_plan else None,
                "rate": ratio(drawn, population[township]) if have_plan else None,
            }
        )
    columns = (
        Column("township", "乡镇", "text", 12),
        Column("population", "对象数", "int", 8),
        Column("drawn", "抽取数", "int", 8),
        Column("onsite", "现场检查", "int", 10),
        Column("offsite", "科技检查", "int", 10),
        Column("rate", "抽查率", "percent", 10),
    )
    return Table("townships", "各乡镇抽取情况", columns, tuple(rows))


def summary(ri: ReportInput) -> dict[str, Any]:
    """Headline figures of the report header."""
    checks = ri.checks
    joint = joint_figures(ri)
    return {
        "objects": len(ri.scenario.objects),
        "inspectors": sum(1 for p in ri.scenario.inspectors if p.eligible),
        "checks": len(checks),
        "onsite": sum(1 for c in checks if c.mode == Mode.ONSITE),
        "offsite": sum(1 for c in checks if c.mode == Mode.OFFSITE),
        "teams": len(ri.plan.teams) if ri.plan else 0,
        "internal_share": joint["internal_share"],
        "inter_department": joint["inter_department"],
        "undrawable": len(ri.plan.undrawable) if ri.plan else 0,
        "standing": ri.scenario.rules.teams.mode is TeamMode.STANDING,
        "credit_tiers": [t.value for t in CREDIT_TIERS],
    }


WORKLOAD_PEOPLE_MAX = 60  # more inspectors than this: the workload chart sums them by unit (业务条线)


def _charted(workload: Table) -> list[dict[str, Any]]:
    """The workload table's people the chart shows: eligible, or given checks."""
    return [r for r in workload.rows if r["eligible"] or r["used"]]


def workload_rows(workload: Table) -> list[dict[str, Any]]:
    """The workload chart's bars, top first: one per eligible (or used) inspector, or, for a bureau
    of more than WORKLOAD_PEOPLE_MAX of them, one per unit (their sums; each person stays in the
    table below the chart). Keys: label, capacity, onsite, offsite_used."""
    people = _charted(workload)
    if len(people) <= WORKLOAD_PEOPLE_MAX:
        return [
            {
                "label": f"{r['name']}（{r['unit']}）",
                "capacity": r["capacity"],
                "onsite": r["onsite"],
                "offsite_used": round(r["used"] - r["onsite"], 4),
            }
            for r in people
        ]
    units: dict[str, list[dict[str, Any]]] = {}
    for r in people:
        units.setdefault(r["unit"], []).append(r)
    return [
        {
            "label": f"{unit}（{len(rows)} 人）",
            "capacity": sum(r["capacity"] for r in rows),
            "onsite": sum(r["onsite"] for r in rows),
            "offsite_used": round(sum(r["used"] - r["onsite"] for r in rows), 4),
        }
        for unit, rows in units.items()
    ]


def workload_by_unit(workload: Table) -> bool:
    """Whether the workload chart sums inspectors by unit (`workload_rows`)."""
    return len(_charted(workload)) > WORKLOAD_PEOPLE_MAX


def report_chart_names(tables: dict[str, Table], have_plan: bool) -> list[str]:
    """The report's charts that have data (without a plan: supply only), known before they are drawn."""
    names = ["specialties"] if tables["specialties"].rows else []
    if have_plan:
        if _charted(tables["workload"]):
            names.append("workload")
        if any(r["drawn"] is not None for r in tables["townships"].rows):
            names.append("townships")
    return names
