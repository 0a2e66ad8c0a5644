"""The table model shared by every output: Excel, HTML and feasibility.json read the same tables.

A `Table` holds rows of code values keyed by English code names (what feasibility.json and the
later compare/sweep reports read) and, per column, its Chinese header and kind (how Excel and HTML
show the value). `Table.frame()` gives the same table as a pandas DataFrame. Each table is built
by exactly one function, in `plan_tables`, `figure_tables` or `rule_tables`;
`reports.outputs.build_tables` builds them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from shuangsui.models.domain import Scenario
from shuangsui.reports import labels
from shuangsui.reports.requirements import pct
from shuangsui.scheduler.result import Check, Plan, SolveResult

if TYPE_CHECKING:
    import pandas as pd
    from shuangsui.checker import Evaluation

NONE = "—"


# ---------------------------------------------------------------- table model


@dataclass(frozen=True)
class Column:
    key: str  # English code name: the JSON key and CSV header
    zh: str  # Chinese header of Excel and HTML
    kind: str = "text"  # how the value is shown, see `display`
    width: float = 12  # Excel column width, in characters


@dataclass(frozen=True)
class Table:
    key: str
    zh: str
    columns: tuple[Column, ...]
    rows: tuple[dict[str, Any], ...]
    # Per row, a css class of the HTML report ("tight", "violated", "conflict" or "").
    marks: tuple[str, ...] = field(default=())

    def records(self) -> list[dict[str, Any]]:
        """Code values by English code name, as feasibility.json stores them."""
        return [{c.key: row.get(c.key) for c in self.columns} for row in self.rows]

    def display_rows(self) -> list[list[str]]:
        """Chinese text of every cell, as the HTML report shows it."""
        return [[display(row.get(c.key), c.kind) for c in self.columns] for row in self.rows]

    def mark(self, index: int) -> str:
        return self.marks[index] if index < len(self.marks) else ""

    def frame(self, chinese: bool = False) -> pd.DataFrame:
        import pandas as pd  # imported where used: plan writes no DataFrame (pandas costs ~0.3 s to import)

        """The table as a DataFrame: code values, or shown values under Chinese headers."""
        if chinese:
            return pd.DataFrame(self.display_rows(), columns=[c.zh for c in self.columns])
        return pd.DataFrame(self.records(), columns=[c.key for c in self.columns])


def _number(value: float, digits: int = 2) -> str:
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def display(value: Any, kind: str) -> str:
    """The Chinese text of one cell."""
    if kind == "ok":
        return {True: "满足", False: "不满足"}.get(value, NONE) if value is not None else NONE
    if kind == "yesno":
        return NONE if value is None else ("是" if value else "否")
    if value is None or value == "" or value == ():
        return NONE
    if kind == "percent":
        return pct(float(value))
    if kind == "float":
        return _number(float(value))
    if kind == "int":
        return str(value)
    if kind == "list":
        return "、".join(str(v) for v in value) if value else NONE
    formatter = {
        "tier": labels.tier_zh,
        "credit": labels.credit_zh,
        "mode": labels.mode_zh,
        "draw": labels.draw_zh,
        "joint": labels.joint_zh,
        "rule": labels.rule_zh,
        "stage": labels.stage_name_zh,
        "stage_status": labels.stage_status_zh,
        "tier_short": labels.TIER_SHORT.get,
        "draw_short": labels.DRAW_SHORT.get,
        "mode_short": labels.MODE_SHORT.get,
        "joint_short": labels.JOINT_SHORT.get,
    }.get(kind)
    shown = formatter(value) if formatter else None
    return str(value) if shown is None else str(shown)


def ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


# ---------------------------------------------------------------- facts of one plan


@dataclass(frozen=True)
class ReportInput:
    """Everything the reports read: scenario, solve result and (with a plan) the checker's view."""

    scenario: Scenario
    result: SolveResult
    evaluation: Evaluation | None = None

    @property
    def plan(self) -> Plan | None:
        return self.result.plan

    @property
    def checks(self) -> tuple[Check, ...]:
        return self.plan.checks if self.plan else ()


def inspector_names(scenario: Scenario, ids: Iterable[str]) -> list[str]:
    by_id = scenario.inspector_by_id
    return [by_id[i].name if i in by_id else i for i in ids]


def units_of(scenario: Scenario, ids: Iterable[str]) -> list[str]:
    by_id = scenario.inspector_by_id
    return sorted({by_id[i].unit for i in ids if i in by_id})


def is_internal_joint(scenario: Scenario, check: Check) -> bool:
    """The check's `internal_joint` (contract v2: inspectors from >= 2 units, whatever `joint` says)."""
    return check.internal_joint
