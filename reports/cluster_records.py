"""The records the audit and batch pages render, as the application layer fills them.

`shuangsui.app.audit`, `app.inclusion` and `app.batch` plan on a Dask cluster and measure; they hand
these records to `reports.audit` and `reports.batch`, which never import the application layer.
Nothing here solves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shuangsui.models.domain import Scenario
from shuangsui.models.enums import CreditRisk, Tier

Z_FLAG = 3.0  # a group with |z| above this is flagged
P_FLAG = 0.001  # a stratum with a smaller p-value is flagged
SEED_RULE = 'seed_i = int.from_bytes(sha256(f"{seed}:audit:{i}".encode()).digest()[:4], "big") >> 1'


@dataclass(frozen=True)
class StratumResult:
    tier: Tier
    risk: CreditRisk
    population: int
    drawable: int
    required: int
    fair_rate: float
    free: bool  # 0 < required < drawable: the draw has a choice
    rate_min: float | None
    rate_max: float | None
    statistic: float | None
    p: float | None  # corrected for drawing without replacement
    p_plain: float | None

    @property
    def key(self) -> str:
        return f"{self.tier.value}/{self.risk.value}"

    @property
    def flagged(self) -> bool:
        return self.p is not None and self.p < P_FLAG


@dataclass(frozen=True)
class GroupResult:
    key: str
    zh: str
    objects: int
    expected: float
    observed: int
    ratio: float | None
    z: float
    strata: tuple[str, ...]  # "tier/class" of its objects (strata with a choice)

    @property
    def flagged(self) -> bool:
        return abs(self.z) > Z_FLAG


@dataclass(frozen=True)
class ObjectResult:
    object_id: str
    name: str
    stratum: str
    included: int
    frequency: float
    fair_rate: float


@dataclass(frozen=True)
class Inclusion:
    seeds: int
    strata: tuple[StratumResult, ...]
    groups: tuple[GroupResult, ...]
    objects: tuple[ObjectResult, ...]  # drawable objects of the credit tiers, stratum order then id


@dataclass(frozen=True)
class SeedOutcome:
    """What one seeded plan tells the audit."""

    seed: int
    status: str
    included: tuple[str, ...]  # objects of its credit-risk draws, sorted
    shift_rules: tuple[str, ...]  # rule families that moved the draw (empty: the quota-only sample)
    shift_strata: tuple[str, ...]  # "tier/class" of the moved draws
    moved: int
    conflicts: tuple[str, ...]  # without a plan: the rules in conflict (Chinese)
    wall_time: float

    @property
    def planned(self) -> bool:
        return self.status in ("optimal", "feasible")


@dataclass(frozen=True)
class Flag:
    """A group beyond ±3 z or a stratum with p < 0.001, and the rules that moved draws of its strata."""

    kind: str  # "group" or "stratum"
    key: str
    zh: str
    z: float | None
    p: float | None
    strata: tuple[str, ...]
    rules: tuple[tuple[str, int], ...]  # (rule family, seeds in which it moved a draw of these strata)


@dataclass(frozen=True)
class Audit:
    scenario: Scenario
    label: str
    seeds: tuple[int, ...]
    outcomes: tuple[SeedOutcome, ...]
    inclusion: Inclusion
    flags: tuple[Flag, ...]
    workers_per_task: int
    cluster_workers: int
    wall_time: float

    @property
    def planned(self) -> tuple[SeedOutcome, ...]:
        return tuple(o for o in self.outcomes if o.planned)


@dataclass(frozen=True)
class County:
    """One county's outcome, as the summary reports it."""

    folder: str  # the sub-folder's name (also the output sub-folder)
    exit_code: int
    status: str  # the solve status, or "invalid" / "error"
    error: str | None  # bad input or internal error, in the user's words
    entry: dict[str, Any] | None  # the summary figures (reports.batch.county_entry); None without a scenario
    files: dict[str, bytes] = field(repr=False)  # what `shuangsui plan` writes, by name
    wall_time: float = 0.0


@dataclass(frozen=True)
class Batch:
    root: str
    counties: tuple[County, ...]
    cluster_workers: int
    wall_time: float
