"""Tables of the plan itself: checks, teams, workload per inspector, undrawable objects."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from typing import Any

from shuangsui.models.domain import Scenario
from shuangsui.models.enums import Mode
from shuangsui.reports import labels
from shuangsui.reports.tables import (
    Column,
    ReportInput,
    Table,
    inspector_names,
    ratio,
    units_of,
)
from shuangsui.scheduler.result import Plan

# ---------------------------------------------------------------- 抽查计划


def plan_rows(scenario: Scenario, plan: Plan) -> list[dict[str, Any]]:
    """One row per check, every field a report or CSV may need."""
    rows = []
    for seq, check in enumerate(plan.checks, start=1):
        obj = scenario.object_by_id.get(check.object_id)
        items = scenario.item_by_id
        rows.append(
            {
                "seq": seq,
                "object_id": check.object_id,
                "name": obj.name if obj else "",
                "township": obj.township if obj else "",
                "industry": obj.industry if obj else "",
                "tier": check.tier,
                "credit_risk": check.credit_risk,
                "draw": check.draw,
                "mode": check.mode,
                "team_id": check.team_id,
                "inspector_ids": list(check.inspector_ids),
                "inspector_names": inspector_names(scenario, check.inspector_ids),
                "units": units_of(scenario, check.inspector_ids),
                "joint": check.joint,
                "internal_joint": check.internal_joint,
                "partner_department": check.partner_department,
                "directed": check.directed,
                "items": list(check.items),
                "item_names": [items[i].name if i in items else i for i in check.items],
                "confidential": bool(obj and obj.confidential),
            }
        )
    return rows


PLAN_COLUMNS = (
    Column("seq", "序号", "int", 6),
    Column("name", "检查对象名称", "text", 30),
    Column("object_id", "统一社会信用代码/对象编号", "text", 24),
    Column("township", "所属乡镇", "text", 10),
    Column("tier", "监管类别", "tier", 14),
    Column("credit_risk", "信用风险等级", "credit", 12),
    Column("draw", "抽取方式", "draw", 16),
    Column("mode", "检查方式", "mode", 10),
    Column("team_id", "执法小组", "text", 9),
    Column("inspector_names", "检查人员", "list", 16),
    Column("joint", "联合检查", "joint", 10),
    Column("internal_joint", "内部联合", "yesno", 8),
    Column("partner_department", "联合部门", "text", 12),
    Column("directed", "定向抽查", "text", 16),
    Column("item_names", "抽查事项", "list", 48),
    Column("confidential", "涉密", "yesno", 6),
)

# plan.csv: machine-readable, English code names and code values (lists joined by ";").
PLAN_CSV_COLUMNS = (
    "seq",
    "object_id",
    "name",
    "township",
    "industry",
    "tier",
    "credit_risk",
    "draw",
    "mode",
    "team_id",
    "inspector_ids",
    "joint",
    "internal_joint",
    "partner_department",
    "directed",
    "items",
    "confidential",
)


# The appendix of report.html: the same rows, short words, fits an A4 page.
PLAN_BRIEF_COLUMNS = (
    Column("seq", "序号", "int", 5),
    Column("name", "检查对象名称", "text", 30),
    Column("township", "乡镇", "text", 10),
    Column("tier", "类别", "tier_short", 8),
    Column("credit_risk", "信用", "text", 5),
    Column("draw", "抽取", "draw_short", 8),
    Column("mode", "方式", "mode_short", 6),
    Column("team_id", "小组", "text", 6),
    Column("inspector_names", "检查人员", "list", 14),
    Column("joint", "联合", "joint_short", 6),
    Column("item_names", "抽查事项", "list", 40),
)


def plan_table(ri: ReportInput) -> Table:
    rows = plan_rows(ri.scenario, ri.plan) if ri.plan else []
    return Table("plan", "抽查计划", PLAN_COLUMNS, tuple(rows))


def plan_brief_table(ri: ReportInput) -> Table:
    rows = plan_rows(ri.scenario, ri.plan) if ri.plan else []
    return Table("plan_brief", "抽查计划明细", PLAN_BRIEF_COLUMNS, tuple(rows))


# ---------------------------------------------------------------- 执法小组


def team_table(ri: ReportInput) -> Table:
    """Standing teams; in per_check mode the distinct groups of the on-site checks (检查组)."""
    sc = ri.scenario
    if ri.plan and ri.plan.teams:
        groups = [(t.team_id, tuple(t.inspector_ids)) for t in ri.plan.teams]
    else:
        distinct = sorted({tuple(sorted(c.inspector_ids)) for c in ri.checks if c.mode == Mode.ONSITE})
        width = max(2, len(str(len(distinct))))
        groups = [(f"G{n:0{width}d}", ids) for n, ids in enumerate(distinct, start=1)]
    onsite: Counter[str] = Counter()
    offsite: Counter[str] = Counter()
    by_members: dict[tuple[str, ...], str] = {}  # a group's sorted ids -> its id (the first such group)
    teams_of: dict[str, list[str]] = {}  # inspector -> the groups they belong to
    for team_id, members in groups:
        by_members.setdefault(tuple(sorted(members)), team_id)
        for inspector in dict.fromkeys(members):
            teams_of.setdefault(inspector, []).append(team_id)
    for check in ri.checks:
        if check.mode == Mode.ONSITE:
            onsite[check.team_id or by_members.get(tuple(sorted(check.inspector_ids)), "")] += 1
        else:  # each group with a member among the check's inspectors, once
            offsite.update({t: None for i in check.inspector_ids for t in teams_of.get(i, ())}.keys())
    by_id = sc.inspector_by_id
    rows = []
    for team_id, members in groups:
        specialties = sorted({s for i in members if i in by_id for s in by_id[i].specialties})
        rows.append(
            {
                "team_id": team_id,
                "inspector_ids": list(members),
                "members": inspector_names(sc, members),
                "units": units_of(sc, members),
                "specialties": specialties,
                "onsite": onsite[team_id],
                "offsite": offsite[team_id],
            }
        )
    columns = (
        Column("team_id", "执法小组", "text", 10),
        Column("members", "成员", "list", 20),
        Column("units", "业务条线", "list", 22),
        Column("specialties", "专业领域", "list", 22),
        Column("onsite", "现场检查", "int", 10),
        Column("offsite", "成员承担科技检查", "int", 16),
    )
    return Table("teams", "执法小组", columns, tuple(rows))


# ---------------------------------------------------------------- 人员工作量


def workload_table(ri: ReportInput) -> Table:
    sc = ri.scenario
    weight = Fraction(repr(sc.rules.teams.offsite_weight))
    onsite: Counter[str] = Counter()
    offsite: Counter[str] = Counter()
    for check in ri.checks:
        bucket = onsite if check.mode == Mode.ONSITE else offsite
        bucket.update(check.inspector_ids)
    rows = []
    marks = []
    for person in sc.inspectors:
        pid = person.inspector_id
        used = float(onsite[pid] + weight * offsite[pid])
        utilisation = ratio(used, person.capacity)
        rows.append(
            {
                "inspector_id": pid,
                "name": person.name,
                "unit": person.unit,
                "specialties": list(person.specialties),
                "eligible": person.eligible,
                "capacity": person.capacity,
                "onsite": onsite[pid],
                "offsite": offsite[pid],
                "used": round(used, 4),
                "utilisation": utilisation,
            }
        )
        marks.append("tight" if utilisation is not None and utilisation >= 1 else "")
    columns = (
        Column("inspector_id", "人员编号", "text", 10),
        Column("name", "姓名", "text", 10),
        Column("unit", "业务条线", "text", 14),
        Column("specialties", "专业领域", "list", 16),
        Column("eligible", "持证在岗", "yesno", 10),
        Column("capacity", "季度检查上限", "int", 12),
        Column("onsite", "现场检查", "int", 10),
        Column("offsite", "科技检查", "int", 10),
        Column("used", "已用能力", "float", 10),
        Column("utilisation", "利用率", "percent", 10),
    )
    return Table("workload", "人员工作量", columns, tuple(rows), tuple(marks))


# ---------------------------------------------------------------- 不可抽对象


def undrawable_table(ri: ReportInput) -> Table:
    sc = ri.scenario
    rows = []
    for u in ri.plan.undrawable if ri.plan else ():
        obj = sc.object_by_id.get(u.object_id)
        rows.append(
            {
                "object_id": u.object_id,
                "name": obj.name if obj else "",
                "township": obj.township if obj else "",
                "tier": obj.tier.value if obj else "",
                "reason": labels.plain_zh(u.reason),
                "confidential": bool(obj and obj.confidential),
            }
        )
    columns = (
        Column("object_id", "对象编号", "text", 24),
        Column("name", "检查对象名称", "text", 30),
        Column("township", "所属乡镇", "text", 10),
        Column("tier", "监管类别", "tier", 14),
        Column("reason", "原因", "text", 50),
        Column("confidential", "涉密", "yesno", 6),
    )
    return Table("undrawable", "不可抽对象", columns, tuple(rows))
