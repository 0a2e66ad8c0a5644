"""The immutable result of a solve and the plan.json of the data contract (section 5)."""

from __future__ import annotations

import functools
import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

CONTRACT_VERSION = 2


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"  # every solve proven optimal: reproducible from the seed
    FEASIBLE = "feasible"  # a time limit cut a solve short: a valid plan, not reproducible
    INFEASIBLE = "infeasible"  # proven: no plan satisfies the rules (exit 3)
    UNKNOWN = "unknown"  # no plan found within the time limit, none proven impossible (exit 5)


@dataclass(frozen=True)
class Team:
    team_id: str
    inspector_ids: tuple[str, ...]


@dataclass(frozen=True)
class Check:
    object_id: str
    tier: str
    credit_risk: str
    draw: str
    mode: str
    team_id: str | None
    inspector_ids: tuple[str, ...]
    joint: str
    partner_department: str | None
    directed: str | None
    items: tuple[str, ...]
    internal_joint: bool = False  # v2: inspectors from >= 2 units (whatever `joint` says)

    def to_dict(self) -> dict[str, Any]:
        """The check as in plan.json (contract v2 field order)."""
        return {
            "object_id": self.object_id,
            "tier": self.tier,
            "credit_risk": self.credit_risk,
            "draw": self.draw,
            "mode": self.mode,
            "team_id": self.team_id,
            "inspector_ids": list(self.inspector_ids),
            "joint": self.joint,
            "internal_joint": self.internal_joint,
            "partner_department": self.partner_department,
            "directed": self.directed,
            "items": list(self.items),
        }


@dataclass(frozen=True)
class Undrawable:
    object_id: str
    reason: str


@dataclass(frozen=True)
class Plan:
    """Exactly the content of plan.json: nothing that varies between runs of the same inputs."""

    scenario: str
    period: str
    seed: int
    input_digest: str
    status: SolveStatus
    ortools: str
    teams: tuple[Team, ...]
    checks: tuple[Check, ...]
    undrawable: tuple[Undrawable, ...]
    contract: int = CONTRACT_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "contract": self.contract,
            "scenario": self.scenario,
            "period": self.period,
            "seed": self.seed,
            "input_digest": self.input_digest,
            "solver": {"status": self.status.value, "ortools": self.ortools},
            "teams": [{"team_id": t.team_id, "inspector_ids": list(t.inspector_ids)} for t in self.teams],
            "checks": [c.to_dict() for c in self.checks],
            "undrawable": [asdict(u) for u in self.undrawable],
        }

    def to_json(self) -> str:
        """Canonical bytes: same plan, same text (UTF-8, Chinese kept readable)."""
        return self._json

    @functools.cached_property
    def _json(self) -> str:  # plan.json, its SHA-256 for the task sheets and the ledger: made once
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class StageStats:
    """One CP-SAT solve inside the pipeline (for the report; never in plan.json)."""

    name: str
    status: str
    wall_time: float
    objective: float | None
    best_bound: float | None
    num_variables: int
    num_constraints: int
    branches: int = 0
    conflicts: int = 0
    # a uniqueness proof's: "unique", "another_optimum", "undecided", or "passed_on" (to its second form)
    verdict: str | None = None


@dataclass(frozen=True)
class Conflicting:
    """A rule family that takes part in making the scenario infeasible, in the planners' terms."""

    rule: str  # a models.rules.RuleFamily value
    message: str  # Chinese, concrete: numbers, specialties, strata


@dataclass(frozen=True)
class Suggestion:
    """A smallest change to the rules that makes a plan exist, verified by re-solving."""

    rule: str  # the RuleFamily it relaxes
    message: str  # Chinese, e.g. "把一般监管对象抽查比例从 15% 降到 12%"
    change: dict[str, Any]  # machine-readable, e.g. {"quota.general": 0.12}
    verified: bool  # a re-solve with the change found a plan
    below_minimum: bool = False  # lowers a rule's minimum (only with --allow-below-minimum)


@dataclass(frozen=True)
class DrawShift:
    """Rules that moved the credit-risk draw away from the quota-only sample (see `draw_shift`)."""

    rules: tuple[str, ...]  # RuleFamily values
    moved: int  # credit-risk draws that differ from the quota-only sample
    strata: tuple[str, ...]  # "tier/class" of the moved draws
    blocks: tuple[str, ...]  # directed blocks that could not be met from the rest (v2)
    message: str  # Chinese


@dataclass(frozen=True)
class LeftOut:
    """An eligible inspector kept out of the standing teams, and why (Chinese)."""

    inspector_id: str
    name: str
    reason: str


@dataclass(frozen=True)
class SolveResult:
    """What `scheduler.solve()` returns: the plan (if any) plus everything the reports need."""

    status: SolveStatus
    plan: Plan | None
    stages: tuple[StageStats, ...] = ()
    conflicts: tuple[Conflicting, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    unique_optimum: bool | None = None  # None: not proven either way
    uniqueness_note: str = ""
    wall_time: float = 0.0
    workers: int = 0
    seed: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)
    draw_shift: DrawShift | None = None  # the draw differs from the quota-only sample
    left_out: tuple[LeftOut, ...] = ()  # standing mode: inspectors kept out of the teams
    below_minimum_allowed: bool = False  # suggestions were allowed to go below the rules' minimums

    @property
    def reproducible(self) -> bool:
        return self.status is SolveStatus.OPTIMAL
