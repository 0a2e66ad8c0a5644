"""Pydantic models of the data contract: the two directories, the list, and one period's rules.

Values arrive here already normalised by the loader (see `models.loading`): ids half-width and
stripped, lists split, booleans parsed, Chinese tier/credit words mapped to code names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from fractions import Fraction
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from shuangsui.models.enums import CapCounts, CreditRisk, Draw, Mode, TeamMode, Tier

PERIOD_RE = re.compile(r"^(\d{4})Q([1-4])$")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def exact(value: float) -> Fraction:
    """The decimal the user wrote, as an exact fraction.

    Parameters
    ----------
    value
        A float read from scenario.toml.

    Returns
    -------
    Fraction
        The shortest decimal that reads back as `value`: 0.15 -> 3/20, so 0.15 x 20 == 3 exactly.
    """
    return Fraction(repr(value))


# ---------------------------------------------------------------- records


class InspectionObject(_Frozen):
    """检查对象名录库: one enterprise or unit that may be inspected."""

    object_id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    township: str = Field(min_length=1)
    industry: str = Field(min_length=1)
    tier: Tier
    credit_risk: CreditRisk
    offsite_capable: bool = False
    items: tuple[str, ...] = Field(min_length=1)
    clue: str = ""
    partner_departments: tuple[str, ...] = ()
    confidential: bool = False

    @property
    def mode(self) -> Mode:
        """Version 1's mode: off-site when off-site capable (or positive) and without a clue.

        Contract v2 adds the items' `onsite_required`: use `Scenario.check_mode(obj, draw)`.
        """
        capable = self.offsite_capable or self.tier is Tier.POSITIVE
        return Mode.OFFSITE if capable and not self.clue else Mode.ONSITE


class Inspector(_Frozen):
    """执法检查人员名录库: one law-enforcement officer."""

    inspector_id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    specialties: tuple[str, ...] = ()
    certified: bool = True
    available: bool = True
    capacity: int = Field(ge=0)
    home_township: str = ""

    @property
    def eligible(self) -> bool:
        return self.certified and self.available


class Item(_Frozen):
    """随机抽查事项清单: one check item."""

    item_id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    specialty: str = Field(min_length=1)
    legal_basis: str = ""
    onsite_required: bool = False  # v2: 必须现场检查 (e.g. 核与辐射安全许可)


class Conflict(_Frozen):
    """回避关系: an inspector-object pair that must never meet."""

    inspector_id: str = Field(min_length=1)
    object_id: str = Field(min_length=1)
    reason: str = ""


class HistoryCheck(_Frozen):
    """A check done in an earlier period."""

    period: str
    object_id: str = Field(min_length=1)
    inspector_ids: tuple[str, ...] = ()
    mode: Mode

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        if not PERIOD_RE.match(value):
            raise ValueError(f"period must look like 2024Q4, got {value!r}")
        return value


# ---------------------------------------------------------------- rules (scenario.toml)


class QuotaRules(_Frozen):
    special: float = Field(0.50, ge=0, le=1)
    key: float = Field(0.25, ge=0, le=1)
    general: float = Field(0.15, ge=0, le=1)
    positive: float = Field(1.0, ge=0, le=1)

    def of(self, tier: Tier) -> Fraction:
        return exact(getattr(self, tier.value))


DEFAULT_MULTIPLIERS = {CreditRisk.A: 0.5, CreditRisk.B: 1.0, CreditRisk.C: 1.5, CreditRisk.D: 3.0}


class CreditRiskRules(_Frozen):
    multipliers: dict[CreditRisk, float] = Field(default_factory=lambda: dict(DEFAULT_MULTIPLIERS))
    min_share: float = Field(0.80, ge=0, le=1)

    @field_validator("multipliers")
    @classmethod
    def _complete(cls, value: dict[CreditRisk, float]) -> dict[CreditRisk, float]:
        for risk, weight in value.items():
            if weight < 0:
                raise ValueError(f"multiplier of {risk} must be >= 0, got {weight}")
        # Classes not named keep their default multiplier.
        return {risk: value.get(risk, DEFAULT_MULTIPLIERS[risk]) for risk in CreditRisk}


class TeamRules(_Frozen):
    mode: TeamMode = TeamMode.STANDING
    size: int = Field(2, ge=2)
    offsite_size: int = Field(1, ge=1)
    offsite_weight: float = Field(0.25, ge=0)


class JointRules(_Frozen):
    internal_min_share: float = Field(0.30, ge=0, le=1)
    inter_department_min: int = Field(1, ge=0)


class AvoidanceRules(_Frozen):
    repeat_window: int = Field(1, ge=0)
    own_township: bool = False
    annual_cap: int = Field(2, ge=0)
    annual_cap_counts: CapCounts = CapCounts.ONSITE  # v2: "onsite" (default) or "all"

    def counts(self, mode: Mode) -> bool:
        """Whether a check in `mode` counts toward the annual cap."""
        return self.annual_cap_counts is CapCounts.ALL or mode is Mode.ONSITE


class DirectedDraw(_Frozen):
    """One [[directed]] block: a directed draw (定向抽查) from a filtered pool."""

    name: str = Field(min_length=1)
    industries: tuple[str, ...] = ()
    townships: tuple[str, ...] = ()
    tiers: tuple[Tier, ...] = ()
    count: int = Field(ge=0)

    def matches(self, obj: InspectionObject) -> bool:
        return (
            (not self.industries or obj.industry in self.industries)
            and (not self.townships or obj.township in self.townships)
            and (not self.tiers or obj.tier in self.tiers)
        )


class SolverSettings(_Frozen):
    time_limit: float = Field(60, gt=0)
    workers: int = Field(0, ge=0)


class DocumentInfo(_Frozen):
    """[document] (optional, not part of the contract): who issues the formal documents, and when.

    Not a planning rule: excluded from `model_dump`, so it never enters the input digest or a plan.
    """

    bureau: str | None = Field(None, min_length=1)  # e.g. 石家庄市生态环境局赵县分局
    issued: dt.date | None = None  # issuing date of the annual plan, e.g. 2025-02-15


class ScenarioRules(_Frozen):
    """scenario.toml: the rules of one period's plan."""

    name: str = Field(min_length=1)
    period: str
    seed: int = Field(ge=0)
    quota: QuotaRules = QuotaRules()
    credit_risk: CreditRiskRules = CreditRiskRules()
    teams: TeamRules = TeamRules()
    joint: JointRules = JointRules()
    avoidance: AvoidanceRules = AvoidanceRules()
    directed: tuple[DirectedDraw, ...] = ()
    solver: SolverSettings = SolverSettings()
    document: DocumentInfo = Field(default_factory=DocumentInfo, exclude=True)

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        if not PERIOD_RE.match(value):
            raise ValueError(f"period must look like 2025Q1, got {value!r}")
        return value

    @model_validator(mode="after")
    def _unique_directed_names(self) -> ScenarioRules:
        names = [block.name for block in self.directed]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"[[directed]] names must be unique: {', '.join(duplicates)}")
        return self

    @model_validator(mode="after")
    def _issued_in_plan_year(self) -> ScenarioRules:
        issued = self.document.issued
        year = int(self.period[:4]) if PERIOD_RE.match(self.period) else None
        if issued is not None and year is not None and issued.year not in (year - 1, year):
            raise ValueError(f"document.issued {issued} must fall in {year - 1} or {year} (the plan's year)")
        return self


# ---------------------------------------------------------------- the scenario


def period_index(period: str) -> int:
    """Quarters since year 0, so that consecutive periods differ by one.

    Parameters
    ----------
    period
        A period "YYYYQn".

    Returns
    -------
    int
        year x 4 + n - 1 ("2025Q2" -> 8101).

    Raises
    ------
    ValueError
        When `period` is not of the form "YYYYQn".
    """
    match = PERIOD_RE.match(period)
    if not match:
        raise ValueError(f"not a period: {period!r}")
    return int(match.group(1)) * 4 + int(match.group(2)) - 1


class Scenario(_Frozen):
    """A validated scenario folder: rules plus 两库一单, conflicts and history."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    rules: ScenarioRules
    objects: tuple[InspectionObject, ...]
    inspectors: tuple[Inspector, ...]
    items: tuple[Item, ...]
    conflicts: tuple[Conflict, ...] = ()
    history: tuple[HistoryCheck, ...] = ()
    input_digest: str = ""

    @cached_property
    def object_by_id(self) -> dict[str, InspectionObject]:
        return {o.object_id: o for o in self.objects}

    @cached_property
    def inspector_by_id(self) -> dict[str, Inspector]:
        return {i.inspector_id: i for i in self.inspectors}

    @cached_property
    def item_by_id(self) -> dict[str, Item]:
        return {i.item_id: i for i in self.items}

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Scenario:
        """A copy whose id indexes are rebuilt (pydantic would carry over the cached ones)."""
        copy = super().model_copy(update=update, deep=deep)
        for index in ("object_by_id", "inspector_by_id", "item_by_id"):
            copy.__dict__.pop(index, None)
        return copy

    def required_specialties(self, obj: InspectionObject) -> frozenset[str]:
        """Derived fact: the set of `specialty` over the object's items."""
        return frozenset(self.item_by_id[item].specialty for item in obj.items)

    def onsite_required(self, obj: InspectionObject) -> bool:
        """v2: the object has an item that must be checked on site (必须现场检查)."""
        return any(self.item_by_id[item].onsite_required for item in obj.items)

    def check_mode(self, obj: InspectionObject, draw: Draw) -> Mode:
        """The mode of a check of `obj` by `draw` (contract v2).

        Off-site when the object is off-site capable (or positive) and has no clue, except that a
        credit-risk or directed check of an object with an `onsite_required` item is on site (its
        positive list `full_coverage` check stays off-site).
        """
        if draw is not Draw.FULL_COVERAGE and self.onsite_required(obj):
            return Mode.ONSITE
        return obj.mode

    def with_rules(self, **changes: object) -> Scenario:
        """A copy with some top-level rule sections replaced (used by sweeps and fix suggestions)."""
        rules = self.rules.model_copy(update=changes)
        return self.model_copy(update={"rules": ScenarioRules.model_validate(rules.model_dump())})
