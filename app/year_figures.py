"""The annual figures of a planned year: the content of year.json (English keys, code values).

Every number the annual plan's documents, workbook and report show is computed here, once, from
the quarters' plans and the scenario; the writers only format it. Nothing here varies between runs
of the same inputs and seed (timings are the caller's, under `timings`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from shuangsui.app.year import SEED_RULE, QuarterRun, YearRun, period_zh, year_of
from shuangsui.models.domain import Scenario, period_index
from shuangsui.models.enums import CREDIT_TIERS, CreditRisk, Mode, TeamMode, Tier
from shuangsui.scheduler.apportion import positive_requirement, stratum_requirements

YEAR_JSON_VERSION = 1
# The source plan: internal joint checks >= 30 % over the year (年度内), >= 1 inter-department per quarter.


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def cap_counts_all(scenario: Scenario) -> bool:
    """Whether off-site checks count toward the annual cap (contract v1: yes; v2: only with "all")."""
    reading = getattr(scenario.rules.avoidance, "annual_cap_counts", "all")
    return str(getattr(reading, "value", reading)) == "all"


def internal_joint(scenario: Scenario, inspector_ids: tuple[str, ...]) -> bool:
    """Inspectors from >= 2 units (contract section 3), whatever the check's label says."""
    by_id = scenario.inspector_by_id
    return len({by_id[i].unit for i in inspector_ids if i in by_id}) >= 2


def item_modes(scenario: Scenario) -> dict[str, list[str]]:
    """检查方式 of each item: the modes of the objects it applies to (on site if it must be)."""
    modes: dict[str, set[str]] = defaultdict(set)
    for obj in scenario.objects:
        for item in obj.items:
            modes[item].add(obj.mode.value)
    for item in scenario.items:
        if getattr(item, "onsite_required", False):
            modes[item.item_id] = {Mode.ONSITE.value}
    order = [Mode.ONSITE.value, Mode.OFFSITE.value]
    return {i.item_id: [m for m in order if m in modes.get(i.item_id, ())] for i in scenario.items}


def inputs_of(scenario: Scenario, seed: int) -> dict[str, Any]:
    """What the plan was made from, for an adjustment's "why": rules, resources, directories in counts."""
    eligible = [i for i in scenario.inspectors if i.eligible]
    units: dict[str, dict[str, int]] = {}
    for insp in eligible:
        unit = units.setdefault(insp.unit, {"inspectors": 0, "capacity": 0})
        unit["inspectors"] += 1
        unit["capacity"] += insp.capacity
    population = Counter(f"{o.tier.value}/{o.credit_risk.value}" for o in scenario.objects)
    return {
        "input_digest": scenario.input_digest,
        "seed": seed,
        "rules": scenario.rules.model_dump(mode="json", exclude={"name", "period", "seed", "solver"}),
        "population": dict(sorted(population.items())),
        "units": dict(sorted(units.items())),
        "items": sorted(i.item_id for i in scenario.items),
        "objects": len(scenario.objects),
        "inspectors": len(scenario.inspectors),
        "eligible_inspectors": len(eligible),
        "history_rows": len(scenario.history),
    }


def _quarter_rows(q: QuarterRun, required: dict[tuple[Tier, CreditRisk], int], positive: int) -> dict[str, list]:
    """The per-quarter rows of every table (credit strata, tiers, directed, units, teams)."""
    sc, plan = q.scenario, q.result.plan
    checks = plan.checks if plan else ()
    population = Counter((o.tier, o.credit_risk) for o in sc.objects)
    drawn = Counter((Tier(c.tier), CreditRisk(c.credit_risk)) for c in checks if c.draw == "credit_risk")
    strata = [
        {
            "period": q.period,
            "tier": t.value,
            "credit_risk": c.value,
            "population": population[t, c],
            "required": required[t, c],
            "planned": drawn[t, c],
            "rate": _share(drawn[t, c], population[t, c]),
        }
        for t in CREDIT_TIERS
        for c in CreditRisk
    ]
    tiers = []
    for t in (*CREDIT_TIERS, Tier.POSITIVE):
        pop = sum(population[t, c] for c in CreditRisk)
        need = positive if t is Tier.POSITIVE else sum(required[t, c] for c in CreditRisk)
        draw = "full_coverage" if t is Tier.POSITIVE else "credit_risk"
        planned = sum(1 for c in checks if c.tier == t.value and c.draw == draw)
        directed = sum(1 for c in checks if c.tier == t.value and c.draw == "directed")
        tiers.append(
            {
                "period": q.period,
                "tier": t.value,
                "population": pop,
                "quota": float(getattr(sc.rules.quota, t.value)),
                "required": need,
                "planned": planned,
                "directed": directed,
                "met": planned >= need,
            }
        )
    directed = [
        {
            "period": q.period,
            "name": b.name,
            "required": b.count,
            "planned": sum(1 for c in checks if c.directed == b.name),
        }
        for b in sc.rules.directed
    ]
    weight = sc.rules.teams.offsite_weight
    use: dict[str, Counter] = defaultdict(Counter)
    for c in checks:
        for i in c.inspector_ids:
            use[i][c.mode] += 1
    units = []
    for unit in sorted({i.unit for i in sc.inspectors if i.eligible}):
        people = [i for i in sc.inspectors if i.eligible and i.unit == unit]
        onsite = sum(use[i.inspector_id]["onsite"] for i in people)
        offsite = sum(use[i.inspector_id]["offsite"] for i in people)
        capacity = sum(i.capacity for i in people)
        load = round(onsite + weight * offsite, 4)
        units.append(
            {
                "period": q.period,
                "unit": unit,
                "inspectors": len(people),
                "capacity": capacity,
                "onsite": onsite,
                "offsite": offsite,
                "load": load,
                "utilisation": _share(load, capacity) if capacity else None,
            }
        )
    teams = []
    for team in plan.teams if plan else ():
        members = [sc.inspector_by_id[i] for i in team.inspector_ids if i in sc.inspector_by_id]
        teams.append(
            {
                "period": q.period,
                "team_id": team.team_id,
                "inspector_ids": list(team.inspector_ids),
                "units": sorted({m.unit for m in members}),
                "onsite": sum(1 for c in checks if c.team_id == team.team_id),
                "capacity": min((m.capacity for m in members), default=0),
            }
        )
    return {"strata": strata, "tiers": tiers, "directed": directed, "units": units, "teams": teams}


def _quarter_summary(q: QuarterRun) -> dict[str, Any]:
    sc, plan = q.scenario, q.result.plan
    checks = plan.checks if plan else ()
    joint = sum(1 for c in checks if internal_joint(sc, c.inspector_ids))
    inter = sum(1 for c in checks if c.joint == "inter_department")
    rules = sc.rules
    counted = plan is not None  # a quarter without a plan has no counts (None), not zeros
    return {
        "period": q.period,
        "period_zh": period_zh(q.period),
        "seed": q.seed,
        "status": q.result.status.value,
        "input_digest": sc.input_digest,
        "checks": len(checks) if counted else None,
        "onsite": sum(1 for c in checks if c.mode == "onsite") if counted else None,
        "offsite": sum(1 for c in checks if c.mode == "offsite") if counted else None,
        "teams": len(plan.teams) if plan else None,
        "internal_joint": joint if counted else None,
        "internal_joint_share": _share(joint, len(checks)),
        "internal_joint_met": None if plan is None else joint >= rules.joint.internal_min_share * len(checks),
        "inter_department": inter if counted else None,
        "inter_department_met": None if plan is None else inter >= rules.joint.inter_department_min,
        "undrawable": len(plan.undrawable) if plan else None,
    }


def _items(run: YearRun) -> list[dict[str, Any]]:
    sc = run.base
    per: dict[str, Counter] = defaultdict(Counter)
    for q in run.quarters:
        for c in q.result.plan.checks if q.result.plan else ():
            for item in c.items:
                per[item][q.period] += 1
    modes = item_modes(sc)
    planned = {q.period for q in run.quarters if q.planned}
    return [
        {
            "item_id": i.item_id,
            "name": i.name,
            "specialty": i.specialty,
            "legal_basis": i.legal_basis,
            "modes": modes[i.item_id],
            "objects": sum(1 for o in sc.objects if i.item_id in o.items),
            "per_quarter": {p: per[i.item_id][p] if p in planned else None for p in run.periods},
            "total": sum(per[i.item_id].values()),
        }
        for i in sc.items
    ]


def _annual_cap(run: YearRun) -> dict[str, Any]:
    """Objects whose checks this year (given history + plan, as the rules count them) reach the cap."""
    sc = run.base
    cap = sc.rules.avoidance.annual_cap
    count_all = cap_counts_all(sc)
    start = period_index(run.periods[0])
    counted: dict[str, list[str]] = defaultdict(list)
    for h in sc.history:
        earlier = period_index(h.period) // 4 == run.year and period_index(h.period) < start
        if earlier and (count_all or h.mode is Mode.ONSITE):
            counted[h.object_id].append(h.period)
    for q in run.quarters:
        for c in q.result.plan.checks if q.result.plan else ():
            if count_all or c.mode == "onsite":
                counted[c.object_id].append(q.period)
    reached = []
    for oid, periods in sorted(counted.items()):
        if len(periods) >= cap and oid in sc.object_by_id:
            obj = sc.object_by_id[oid]
            reached.append(
                {"object_id": oid, "name": obj.name, "tier": obj.tier.value, "count": len(periods), "periods": periods}
            )
    return {"cap": cap, "counts": "all" if count_all else "onsite", "objects": reached}


def _totals(summaries: list[dict[str, Any]], run: YearRun) -> dict[str, Any]:
    summaries = [s for s in summaries if s["checks"] is not None]  # the quarters with a plan
    checks = sum(s["checks"] for s in summaries)
    joint = sum(s["internal_joint"] for s in summaries)
    need = run.base.rules.joint.internal_min_share
    complete = run.failed is None
    return {
        "checks": checks,
        "onsite": sum(s["onsite"] for s in summaries),
        "offsite": sum(s["offsite"] for s in summaries),
        "internal_joint": joint,
        "internal_joint_share": _share(joint, checks),
        "internal_joint_required_share": need,
        "internal_joint_met": (joint >= need * checks) if complete else None,
        "inter_department": sum(s["inter_department"] for s in summaries),
        "inter_department_required_per_quarter": run.base.rules.joint.inter_department_min,
        "inter_department_met": all(s["inter_department_met"] for s in summaries) if complete else None,
    }


def _failure(q: QuarterRun | None) -> dict[str, Any] | None:
    if q is None:
        return None
    return {
        "period": q.period,
        "period_zh": period_zh(q.period),
        "status": q.result.status.value,
        "conflicts": [{"rule": c.rule, "message": c.message} for c in q.result.conflicts],
        "suggestions": [
            {"rule": s.rule, "message": s.message, "change": s.change, "verified": s.verified}
            for s in q.result.suggestions
        ],
    }


def partner_departments(scenario: Scenario) -> list[dict[str, Any]]:
    """Partner departments of the directory, with the objects each also supervises."""
    count = Counter(d for o in scenario.objects for d in o.partner_departments)
    return [{"department": d, "objects": n} for d, n in sorted(count.items())]


def document_info(scenario: Scenario, year: int) -> dict[str, Any]:
    """[document]: the bureau and issuing date, with the defaults (see README)."""
    doc = scenario.rules.document
    first = scenario.rules.name.split()[0] if scenario.rules.name.split() else scenario.rules.name
    bureau = doc.bureau or f"{first}生态环境主管部门"
    issued = (
        doc.issued.isoformat() if doc.issued else f"{year}-{3 * (period_index(scenario.rules.period) % 4) + 1:02d}-01"
    )
    return {"bureau": bureau, "issued": issued, "year": year, "bureau_given": doc.bureau is not None}


def annual_figures(run: YearRun) -> dict[str, Any]:
    """year.json: the quarters, the annual figures against the rules, and the inputs (see module doc)."""
    sc = run.base
    required = stratum_requirements(sc)
    positive = positive_requirement(sc)
    rows: dict[str, list] = defaultdict(list)
    for q in run.quarters:
        for key, values in _quarter_rows(q, required, positive).items():
            rows[key] += values
    summaries = [_quarter_summary(q) for q in run.quarters]
    rules = sc.rules
    return {
        "version": YEAR_JSON_VERSION,
        "scenario": rules.name,
        "year": year_of(run.periods[0]),
        "periods": list(run.periods),
        "planned_periods": [q.period for q in run.quarters],
        "unplanned_periods": list(run.unplanned),
        "status": run.status.value,
        "seed": run.seed,
        "seed_rule": SEED_RULE,
        "document": document_info(sc, run.year),
        "rules": {
            "quota": {t.value: float(getattr(rules.quota, t.value)) for t in Tier},
            "multipliers": {c.value: float(m) for c, m in rules.credit_risk.multipliers.items()},
            "credit_min_share": rules.credit_risk.min_share,
            "team_mode": rules.teams.mode.value,
            "team_size": rules.teams.size,
            "offsite_size": rules.teams.offsite_size,
            "offsite_weight": rules.teams.offsite_weight,
            "internal_min_share": rules.joint.internal_min_share,
            "inter_department_min": rules.joint.inter_department_min,
            "repeat_window": rules.avoidance.repeat_window,
            "own_township": rules.avoidance.own_township,
            "annual_cap": rules.avoidance.annual_cap,
            "annual_cap_counts": "all" if cap_counts_all(sc) else "onsite",
            "directed": [
                {"name": b.name, "count": b.count, "industries": list(b.industries), "townships": list(b.townships)}
                for b in rules.directed
            ],
            "standing_teams": rules.teams.mode is TeamMode.STANDING,
        },
        "quarters": summaries,
        "totals": _totals(summaries, run),
        "failed": _failure(run.failed),
        "tiers": rows["tiers"],
        "strata": rows["strata"],
        "directed": rows["directed"],
        "units": rows["units"],
        "teams": rows["teams"],
        "items": _items(run),
        "annual_cap": _annual_cap(run),
        "partner_departments": partner_departments(sc),
        "inputs": inputs_of(sc, run.seed),
    }
