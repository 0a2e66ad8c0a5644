"""Tables of rules and solving: outcomes, violations, strata, stages, conflicts, suggestions."""

from __future__ import annotations

from collections import Counter
from typing import Any

from shuangsui.models.enums import CreditRisk, Draw, Tier
from shuangsui.models.rules import RuleFamily
from shuangsui.reports import labels
from shuangsui.reports.requirements import requirement_zh
from shuangsui.reports.tables import (
    Column,
    ReportInput,
    Table,
    ratio,
)
from shuangsui.scheduler.apportion import positive_requirement, stratum_requirements
from shuangsui.scheduler.result import StageStats

# ---------------------------------------------------------------- 规则执行情况

# The unit of each family's slack (what the checker's `slack` counts).
SLACK_UNIT = {
    RuleFamily.CREDIT_RISK_DRAWS: "次",
    RuleFamily.POSITIVE_LIST: "次",
    RuleFamily.DIRECTED_DRAWS: "次",
    RuleFamily.CREDIT_SHARE: "个百分点",
    RuleFamily.CAPACITY: "次",
    RuleFamily.ANNUAL_CAP: "次",
    RuleFamily.INTERNAL_JOINT: "次",
    RuleFamily.INTER_DEPARTMENT: "次",
}

RULE_COLUMNS = (
    Column("rule", "规则", "rule", 30),
    Column("required", "要求", "text", 44),
    Column("achieved", "实际", "text", 44),
    Column("slack", "余量", "float", 10),
    Column("slack_unit", "余量单位", "text", 10),
    Column("ok", "是否满足", "ok", 10),
    Column("tight", "是否紧张", "yesno", 10),
    Column("violations", "违规数", "int", 8),
)


def rule_table(ri: ReportInput) -> Table:
    """A row per rule family (more when the checker reports several outcomes of one family)."""
    conflicting = {str(c.rule) for c in ri.result.conflicts}
    violations: Counter[str] = Counter()
    outcomes: dict[str, list[Any]] = {}
    if ri.evaluation is not None:
        violations.update(str(v.rule) for v in ri.evaluation.violations)
        for outcome in ri.evaluation.outcomes:
            outcomes.setdefault(str(outcome.rule), []).append(outcome)
    rows: list[dict[str, Any]] = []
    marks: list[str] = []
    for rule in RuleFamily:
        found = outcomes.get(rule.value, [])
        if ri.evaluation is not None and found:
            for outcome in found:
                ok = bool(outcome.ok) and not violations[rule.value]
                rows.append(
                    {
                        "rule": rule.value,
                        "required": labels.plain_zh(outcome.required),
                        "achieved": labels.plain_zh(outcome.achieved),
                        "slack": outcome.slack,
                        "slack_unit": SLACK_UNIT.get(rule) if outcome.slack is not None else None,
                        "ok": ok,
                        "tight": bool(outcome.tight),
                        "violations": violations[rule.value],
                    }
                )
                marks.append("violated" if not ok else ("tight" if outcome.tight else ""))
            continue
        evaluated = ri.evaluation is not None
        state: bool | None = (violations[rule.value] == 0) if evaluated else None
        if rule.value in conflicting:
            state = False
        rows.append(
            {
                "rule": rule.value,
                "required": requirement_zh(ri.scenario, rule),
                "achieved": None,
                "slack": None,
                "slack_unit": None,
                "ok": state,
                "tight": None,
                "violations": violations[rule.value] if evaluated else None,
            }
        )
        mark = "violated" if state is False else ""
        marks.append("conflict" if rule.value in conflicting else mark)
    return Table("rules", "规则执行情况", RULE_COLUMNS, tuple(rows), tuple(marks))


def violation_table(ri: ReportInput) -> Table:
    sc = ri.scenario
    rows = []
    if ri.evaluation is not None:
        for v in ri.evaluation.violations:
            rows.append(
                {
                    "rule": str(v.rule),
                    "message": labels.plain_zh(v.message),
                    "object_id": v.object_id,
                    "inspector_id": v.inspector_id,
                    "inspector_name": (
                        sc.inspector_by_id[v.inspector_id].name if v.inspector_id in sc.inspector_by_id else None
                    ),
                }
            )
    columns = (
        Column("rule", "规则", "rule", 24),
        Column("message", "问题", "text", 60),
        Column("object_id", "对象编号", "text", 20),
        Column("inspector_name", "检查人员", "text", 10),
    )
    return Table("violations", "校验发现的问题", columns, tuple(rows))


# ---------------------------------------------------------------- 分层抽查


def strata_table(ri: ReportInput) -> Table:
    """Tier x credit class: population, required credit-risk draws, drawn, rate.

    With a plan the checker's independent figures; without one, the apportionment alone.
    """
    sc = ri.scenario
    have_plan = ri.plan is not None
    rows: list[dict[str, Any]] = []
    if ri.evaluation is not None and ri.evaluation.strata:
        for s in ri.evaluation.strata:
            row = _stratum(str(s.tier), str(s.credit_risk), s.population, s.required, s.drawn)
            rows.append(row)
    else:
        population = Counter((o.tier, o.credit_risk) for o in sc.objects)
        drawn = Counter((Tier(c.tier), CreditRisk(c.credit_risk)) for c in ri.checks if c.draw == Draw.CREDIT_RISK)
        for (tier, risk), required in stratum_requirements(sc).items():
            pop = population[(tier, risk)]
            if pop or required:
                got = drawn[(tier, risk)] if have_plan else None
                rows.append(_stratum(tier.value, risk.value, pop, required, got))
    positives = sum(1 for o in sc.objects if o.tier is Tier.POSITIVE)
    if positives and not any(r["tier"] == Tier.POSITIVE for r in rows):
        # The positive list is a stratum of its own: full coverage, whatever the credit class.
        got = sum(1 for c in ri.checks if c.draw == Draw.FULL_COVERAGE) if have_plan else None
        rows.append(_stratum(Tier.POSITIVE.value, "", positives, positive_requirement(sc), got))
    order = {t.value: n for n, t in enumerate(Tier)}
    rows.sort(key=lambda r: (order.get(r["tier"], 9), r["credit_risk"]))
    columns = (
        Column("tier", "监管类别", "tier", 16),
        Column("credit_risk", "信用风险等级", "credit", 14),
        Column("population", "总数", "int", 8),
        Column("required", "应抽", "int", 8),
        Column("drawn", "实抽", "int", 8),
        Column("required_rate", "应抽比例", "percent", 10),
        Column("rate", "抽查率", "percent", 10),
    )
    return Table("strata", "分层抽查", columns, tuple(rows))


def _stratum(tier: str, risk: str, population: int, required: int, drawn: int | None) -> dict:
    return {
        "tier": tier,
        "credit_risk": risk,
        "population": population,
        "required": required,
        "drawn": drawn,
        "required_rate": ratio(required, population),
        "rate": ratio(drawn, population) if drawn is not None else None,
    }


# ---------------------------------------------------------------- solver: stages, conflicts


def stage_status(stage: StageStats) -> str:
    """Chinese status of a stage; a uniqueness stage shows its proof's verdict."""
    if stage.verdict is not None:
        return labels.VERDICT_ZH[stage.verdict]
    return labels.stage_status_zh(stage.status)


def stage_table(ri: ReportInput) -> Table:
    rows = tuple(
        {
            "name": s.name,
            "status": s.status,
            "status_zh": stage_status(s),
            "wall_time": s.wall_time,
            "objective": s.objective,
            "best_bound": s.best_bound,
            "num_variables": s.num_variables,
            "num_constraints": s.num_constraints,
            "branches": s.branches,
            "conflicts": s.conflicts,
        }
        for s in ri.result.stages
    )
    columns = (
        Column("name", "阶段", "stage", 24),
        Column("status_zh", "状态", "text", 12),
        Column("wall_time", "用时（秒）", "float", 10),
        Column("objective", "目标值", "float", 14),
        Column("best_bound", "最优界", "float", 14),
        Column("num_variables", "变量数", "int", 10),
        Column("num_constraints", "约束数", "int", 10),
        Column("branches", "分支数", "int", 10),
        Column("conflicts", "冲突数", "int", 10),
    )
    return Table("stages", "求解统计", columns, rows)


def conflict_table(ri: ReportInput) -> Table:
    rows = tuple({"rule": str(c.rule), "message": c.message} for c in ri.result.conflicts)
    columns = (Column("rule", "冲突规则", "rule", 28), Column("message", "说明", "text", 70))
    return Table("conflicts", "冲突规则", columns, rows)


def suggestion_table(ri: ReportInput) -> Table:
    rows = tuple(
        {
            "rule": str(x.rule),
            "message": x.message,
            "change": dict(x.change),
            "verified": x.verified,
            "below_minimum": x.below_minimum,
        }
        for x in ri.result.suggestions
    )
    columns = (
        Column("rule", "涉及规则", "rule", 28),
        Column("message", "修改建议", "text", 60),
        Column("verified", "已验证", "yesno", 8),
        Column("below_minimum", "低于规则要求", "yesno", 10),
    )
    return Table("suggestions", "修改建议", columns, rows)
