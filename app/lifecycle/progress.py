"""The figures of the quarterly bulletin, computed from the recorded results (never from the plan).

Definitions (documented in the README):

- A check is **done** at ``as_of`` when its latest recorded result is not 未能检查 and its date is on
  or before ``as_of``. Every recorded date lies inside the period (results entry refuses others),
  so every done check is on time.
- A group (执法小组) or unit is **behind schedule** when done / planned < the share of the quarter's
  days elapsed at the end of ``as_of``. Behind groups form the 督办名单, with their open checks
  (planned, not done).
- A unit's planned checks are the checks with at least one of its inspectors.
- **Findings**: done checks whose result is 发现问题已责令整改, 立案查处 or 移送; counted by tier, by
  township and by item (a check counts once under each of its items).
- **Open follow-up**: findings whose 后续处置状态 is 整改中 or 已立案.
- **Internal joint achieved**: done checks whose inspectors come from >= 2 units (from the directory),
  over done checks; **inter-department achieved**: done checks planned with a partner department.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from shuangsui.app.lifecycle.codes import FINDINGS, NOT_CHECKED, OPEN_FOLLOWUPS, RESULTS
from shuangsui.app.lifecycle.quarter import elapsed_share
from shuangsui.app.lifecycle.tasklist import Task, TaskList


@dataclass(frozen=True)
class Progress:
    """Done against planned for one group or unit."""

    key: str
    label: str
    planned: int
    done: int
    not_checked: int
    behind: bool
    open_checks: tuple[Task, ...]

    @property
    def share(self) -> float:
        return self.done / self.planned if self.planned else 1.0


@dataclass(frozen=True)
class Figures:
    period: str
    as_of: date
    elapsed: float
    planned: int
    entered: int
    done: int
    not_checked: int
    groups: tuple[Progress, ...]
    units: tuple[Progress, ...]
    results: dict[str, int]  # result code (Chinese) -> done checks (未能检查: entered)
    findings: int
    by_tier: dict[str, int]
    by_township: dict[str, int]
    by_item: dict[str, int]
    open_followup: tuple[tuple[Task, dict[str, Any]], ...]
    internal_joint_done: int
    internal_min_share: float
    inter_department_done: int
    inter_department_min: int
    corrections: int

    @property
    def behind(self) -> tuple[Progress, ...]:
        return tuple(g for g in self.groups if g.behind)

    @property
    def internal_share(self) -> float:
        return self.internal_joint_done / self.done if self.done else 0.0


def is_done(entry: dict[str, Any] | None, as_of: date) -> bool:
    return (
        entry is not None
        and entry["result"] != NOT_CHECKED
        and entry["date"] is not None
        and date.fromisoformat(entry["date"]) <= as_of
    )


def _progress(
    key: str, label: str, tasks: list[Task], latest: dict[str, dict[str, Any]], as_of: date, elapsed: float
) -> Progress:
    done = [t for t in tasks if is_done(latest.get(t.object_id), as_of)]
    not_checked = sum(1 for t in tasks if (e := latest.get(t.object_id)) and e["result"] == NOT_CHECKED)
    open_checks = tuple(t for t in tasks if not is_done(latest.get(t.object_id), as_of))
    return Progress(key, label, len(tasks), len(done), not_checked, len(done) < len(tasks) * elapsed, open_checks)


def compute(tasks: TaskList, latest: dict[str, dict[str, Any]], as_of: date, corrections: int = 0) -> Figures:
    """Every figure of the bulletin from the task list and the latest entry of each check."""
    elapsed = elapsed_share(tasks.period, as_of)
    latest = {k: v for k, v in latest.items() if k in tasks.by_object()}
    groups = tuple(_progress(g, tasks.group_label(g), ts, latest, as_of, elapsed) for g, ts in tasks.groups().items())
    by_unit: dict[str, list[Task]] = {}
    for t in tasks.tasks:
        for unit in t.units:
            by_unit.setdefault(unit, []).append(t)
    units = tuple(_progress(u, u, by_unit[u], latest, as_of, elapsed) for u in sorted(by_unit))
    done = [t for t in tasks.tasks if is_done(latest.get(t.object_id), as_of)]
    findings = [t for t in done if latest[t.object_id]["result"] in FINDINGS]
    results = Counter(latest[t.object_id]["result"] for t in done)
    results[NOT_CHECKED] = sum(1 for e in latest.values() if e["result"] == NOT_CHECKED)
    by_item: Counter[str] = Counter()
    for t in findings:
        for item in t.items:
            by_item[f"{item.item_id} {item.name}"] += 1
    open_followup = tuple(
        (t, latest[t.object_id]) for t in findings if latest[t.object_id]["followup"] in OPEN_FOLLOWUPS
    )
    return Figures(
        period=tasks.period,
        as_of=as_of,
        elapsed=elapsed,
        planned=len(tasks.tasks),
        entered=len(latest),
        done=len(done),
        not_checked=results[NOT_CHECKED],
        groups=groups,
        units=units,
        results={r: results.get(r, 0) for r in RESULTS},
        findings=len(findings),
        by_tier=dict(sorted(Counter(t.tier_zh for t in findings).items())),
        by_township=dict(sorted(Counter(t.township for t in findings).items(), key=lambda kv: (-kv[1], kv[0]))),
        by_item=dict(sorted(by_item.items(), key=lambda kv: (-kv[1], kv[0]))),
        open_followup=open_followup,
        internal_joint_done=sum(1 for t in done if t.internal_joint),
        internal_min_share=tasks.internal_min_share,
        inter_department_done=sum(1 for t in done if t.inter_department),
        inter_department_min=tasks.inter_department_min,
        corrections=corrections,
    )
