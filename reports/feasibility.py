"""feasibility.json: the report's figures for machines (English code names).

Everything is a function of the inputs, seed and plan, except what sits under "timings"
(wall times, search counters and the number of workers, which vary from run to run).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from shuangsui.models.data_warnings import DataWarning, scenario_warnings, undrawable_warnings
from shuangsui.reports.figure_tables import joint_figures
from shuangsui.reports.labels import resource_note
from shuangsui.reports.tables import ReportInput, Table
from shuangsui.scheduler.result import SolveStatus

FEASIBILITY_VERSION = 1


def ortools_version(ri: ReportInput) -> str:
    if ri.plan is not None and ri.plan.ortools:
        return ri.plan.ortools
    try:
        return version("ortools")
    except PackageNotFoundError:  # pragma: no cover
        return ""


def suggestion_note(ri: ReportInput) -> str | None:
    """No plan: the plain statement when no resource change works (None otherwise)."""
    result = ri.result
    if result.status is not SolveStatus.INFEASIBLE:
        return None
    return resource_note(result.suggestions, result.below_minimum_allowed)


def reproducibility(ri: ReportInput) -> dict[str, Any]:
    result = ri.result
    plan = ri.plan
    return {
        "seed": plan.seed if plan else result.seed,
        "input_digest": (plan.input_digest if plan else "") or ri.scenario.input_digest,
        "ortools": ortools_version(ri),
        "status": result.status.value,
        "reproducible": result.reproducible,
        "unique_optimum": result.unique_optimum,
        "uniqueness_note": result.uniqueness_note,
    }


def report_warnings(ri: ReportInput) -> list[DataWarning]:
    """The scenario's data warnings, then tiers with many undrawable objects (issue 8)."""
    undrawable = [u.object_id for u in ri.plan.undrawable] if ri.plan else []
    return [*scenario_warnings(ri.scenario), *undrawable_warnings(ri.scenario, undrawable)]


def feasibility_dict(ri: ReportInput, tables: dict[str, Table]) -> dict[str, Any]:
    result = ri.result
    rules = ri.scenario.rules
    modes = {r["mode"]: r["checks"] for r in tables["modes"].rows}
    stages = [
        {
            "name": s.name,
            "status": s.status,
            "verdict": s.verdict,
            "objective": s.objective,
            "best_bound": s.best_bound,
            "num_variables": s.num_variables,
            "num_constraints": s.num_constraints,
        }
        for s in result.stages
    ]
    return {
        "feasibility": FEASIBILITY_VERSION,
        "scenario": rules.name,
        "period": rules.period,
        "status": result.status.value,
        "plan": ri.plan is not None,
        "warnings": [w.to_json() for w in report_warnings(ri)],
        "checks": len(ri.checks),
        "rules": [
            {k: row[k] for k in ("rule", "required", "achieved", "slack", "ok", "tight")}
            for row in tables["rules"].records()
        ],
        "violations": tables["violations"].records(),
        "strata": tables["strata"].records(),
        "mode_split": {"onsite": modes.get("onsite", 0), "offsite": modes.get("offsite", 0)},
        "draws": tables["draws"].records(),
        "workload": tables["workload"].records(),
        "specialties": tables["specialties"].records(),
        "townships": tables["townships"].records(),
        "joint": joint_figures(ri),
        "teams": [dict(row) for row in tables["teams"].rows],
        "undrawable": tables["undrawable"].records(),
        "reproducibility": reproducibility(ri),
        "stages": stages,
        "conflicts": tables["conflicts"].records(),
        "suggestions": [dict(row) for row in tables["suggestions"].rows],
        "suggestion_note": suggestion_note(ri),
        "draw_shift": asdict(result.draw_shift) if result.draw_shift else None,
        "team_left_out": [asdict(x) for x in result.left_out],
        "notes": list(result.notes),
        "timings": {
            "wall_time": result.wall_time,
            "workers": result.workers,
            "stages": [
                {
                    "name": s.name,
                    "wall_time": s.wall_time,
                    "branches": s.branches,
                    "conflicts": s.conflicts,
                }
                for s in result.stages
            ],
        },
    }


def write_feasibility(path: Path, ri: ReportInput, tables: dict[str, Table]) -> Path:
    text = json.dumps(feasibility_dict(ri, tables), ensure_ascii=False, indent=2, sort_keys=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path
