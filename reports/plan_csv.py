"""plan.csv: one row per check, English code names and code values, UTF-8 with BOM for Excel."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from shuangsui.models.domain import Scenario
from shuangsui.reports.plan_tables import PLAN_CSV_COLUMNS, plan_rows
from shuangsui.scheduler.result import Plan

LIST_SEPARATOR = ";"  # the contract's list separator inside a cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def plan_csv_text(scenario: Scenario, plan: Plan) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(PLAN_CSV_COLUMNS)
    for row in plan_rows(scenario, plan):
        writer.writerow([_cell(row[key]) for key in PLAN_CSV_COLUMNS])
    return buffer.getvalue()


def write_plan_csv(path: Path, scenario: Scenario, plan: Plan) -> Path:
    path.write_bytes(plan_csv_text(scenario, plan).encode("utf-8-sig"))
    return path
