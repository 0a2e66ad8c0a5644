"""The records the compare and sweep pages render, as the application layer fills them.

`shuangsui.app` solves, checks, measures and judges (`app.compare`, `app.sweep`, `app.assess`,
`app.draw_shift`) and hands these records to `reports.compare` and `reports.sweep`; they are
defined here, below both, so that the reports never import the application layer (data flows
one way: scheduler -> app -> reports). Nothing here solves.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

from shuangsui.checker import Evaluation
from shuangsui.models.domain import Scenario
from shuangsui.scheduler.result import SolveResult, SolveStatus

MIN_TEAMS = 2  # standing mode: fewer teams is not a usable plan


@dataclass(frozen=True)
class Assessment:
    """The figures a recommendation rests on (None where there is no plan)."""

    label: str
    status: str
    feasible: bool | None  # True plan, False proven none, None undecided
    standing: bool
    checks: int | None
    onsite: int | None
    teams: int | None  # standing teams formed, or distinct groups of on-site checks
    idle_teams: int | None  # standing teams given no check
    left_out: int | None  # eligible inspectors with capacity in no team (standing) or with no check
    util_max: float | None
    util_median: float | None
    internal_share: float | None
    moved: int | None  # draws moved by the staffing rules (None: not measured)
    onsite_shift: int | None

    @property
    def spread(self) -> float | None:
        """Highest less median utilisation: 0 when everyone carries the same share of his capacity."""
        if self.util_max is None or self.util_median is None:
            return None
        return round(self.util_max - self.util_median, 4)

    @property
    def usable(self) -> bool:
        return bool(self.feasible) and (not self.standing or (self.teams or 0) >= MIN_TEAMS)

    def to_dict(self) -> dict[str, object]:
        return asdict(self) | {"spread": self.spread, "usable": self.usable}


def feasible_of(status: SolveStatus) -> bool | None:
    """True: a plan exists; False: proven that none does; None: undecided within the time limit."""
    if status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return True
    return False if status is SolveStatus.INFEASIBLE else None


@dataclass(frozen=True)
class Recommendation:
    """The best usable setting or scenario and the runner-up (indices into the assessments)."""

    order: tuple[int, ...]  # every index, best first
    best: int | None  # None: nothing usable
    runner_up: int | None

    def to_dict(self) -> dict[str, object]:
        return {"order": list(self.order), "best": self.best, "runner_up": self.runner_up}


@dataclass(frozen=True)
class DrawShift:
    """The plan's draw against the quota-only draw of the same seed.

    `moved` objects of the plan are not in the quota-only draw (as many the other way);
    `onsite_shift` is on-site checks of the plan minus those of the quota-only draw (negative: the
    staffing rules pushed draws towards off-site checks, which use less capacity).
    """

    moved: int
    onsite_plan: int
    onsite_quota_only: int

    @property
    def onsite_shift(self) -> int:
        return self.onsite_plan - self.onsite_quota_only

    def to_dict(self) -> dict[str, int]:
        return {
            "moved": self.moved,
            "onsite_plan": self.onsite_plan,
            "onsite_quota_only": self.onsite_quota_only,
            "onsite_shift": self.onsite_shift,
        }


@dataclass(frozen=True)
class Run:
    """A scenario, its solve result, its assessment, the independent checker's view and the draw shift."""

    scenario: Scenario
    result: SolveResult
    label: str  # unique short name in tables and charts
    assessment: Assessment
    folder: str = ""
    evaluation: Evaluation | None = None
    shift: DrawShift | None = None


@dataclass(frozen=True)
class Difference:
    """One rule of a scenario that differs from the baseline, and what it costs on its own."""

    key: str  # flattened scenario.toml key, e.g. "teams.size"
    base: Any
    value: Any
    alone: Assessment | None = None  # the baseline solved with only this change (same directories)


@dataclass(frozen=True)
class Versus:
    """A scenario against the baseline: its differing rules, and whether the directories are the same."""

    index: int
    same_data: bool
    differences: tuple[Difference, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Compared:
    """What `shuangsui compare` hands to the reports."""

    runs: tuple[Run, ...]
    assessments: tuple[Assessment, ...]
    recommendation: Recommendation
    versus: tuple[Versus, ...]


# ---------------------------------------------------------------- sweep


def scale_text(scale: Fraction | float) -> str:
    """4/5 -> '0.8', 1 -> '1.0', 3/4 -> '0.75'."""
    text = f"{float(scale):.4f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def scaled_capacity(capacity: int, scale: Fraction) -> int:
    """capacity x scale, rounded half up (exact arithmetic)."""
    return max(0, math.floor(capacity * scale + Fraction(1, 2)))


@dataclass(frozen=True)
class Setting:
    team_size: int
    scale: Fraction

    @property
    def label(self) -> str:
        return f"每组 {self.team_size} 人 · 能力 ×{scale_text(self.scale)}"


@dataclass(frozen=True)
class SweepRun:
    setting: Setting
    run: Run


@dataclass(frozen=True)
class Swept:
    """What `shuangsui sweep` hands to the reports."""

    scenario: Scenario  # as loaded, before any change
    folder: str
    team_sizes: tuple[int, ...]
    scales: tuple[Fraction, ...]
    seed: int
    time_limit: float
    runs: tuple[SweepRun, ...]
    assessments: tuple[Assessment, ...]
    recommendation: Recommendation
