"""Variants of the generated scenario: the realistic default, stress cases and infeasible cases.

A variant changes a few steps of `scenarios.generator.build`; everything it draws comes from the
builder's seeded random source, so a variant is as reproducible as the default.

- `default`: 赵县 2025Q1 as the source plan describes it, comfortably feasible.
- `tight-radiation`: most special objects are hospitals with X-ray equipment, only two radiation
  specialists are on duty and capacities are tight; still feasible.
- `missing-specialty`: most special objects need a 辐射 check and no eligible inspector has the
  specialty, so the special tier's quota cannot be met (infeasible).
- `capacity-shortfall`: no object has off-site facilities and the inspectors have too little
  capacity for the on-site checks the quotas need (infeasible).
- `annual-cap`: 2025Q3; most special objects (without off-site facilities) were already checked on
  site in 2025Q1 and 2025Q2 (annual cap 2) and a conflict plus the repeat window rule out the only
  radiation specialists for another, so the special tier's quota cannot be met (infeasible).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from shuangsui.models.domain import Conflict, HistoryCheck, InspectionObject, Inspector, Scenario
from shuangsui.models.enums import RISK_PRIORITY, Mode, Tier
from shuangsui.scenarios import catalog
from shuangsui.scenarios.generator import (
    Builder,
    Roster,
    as_hospital,
    capacity_need,
    history_period,
    make_history,
    past_check,
    removed_objects,
    set_capacities,
    shift_period,
    tier_counts,
)


def riskiest(objects: Sequence[InspectionObject], tier: Tier) -> list[InspectionObject]:
    """The tier's objects, highest credit risk first (stable: generation order within a class)."""
    of_tier = [o for o in objects if o.tier is tier]
    return sorted(of_tier, key=lambda o: RISK_PRIORITY.index(o.credit_risk))


def replace_objects(objects: list[InspectionObject], new: Sequence[InspectionObject]) -> list[InspectionObject]:
    by_id = {o.object_id: o for o in new}
    return [by_id.get(o.object_id, o) for o in objects]


def radiation_staff(inspectors: Sequence[Inspector]) -> list[Inspector]:
    return [i for i in inspectors if catalog.RADIATION in i.specialties]


class Variant:
    """The default: every step as the generator does it."""

    label = ""  # appended to the scenario's name
    period = "2025Q1"
    margin = 1.3  # eligible capacity / capacity needed with the most on-site checks

    def tier_counts(self, objects: int) -> dict[Tier, int]:
        return tier_counts(objects)

    def objects(self, b: Builder, objects: list[InspectionObject]) -> list[InspectionObject]:
        return objects

    def inspectors(self, b: Builder, inspectors: list[Inspector]) -> list[Inspector]:
        return inspectors

    def capacities(self, b: Builder, inspectors: list[Inspector], scenario: Scenario) -> list[Inspector]:
        return set_capacities(b, inspectors, capacity_need(scenario), self.margin)

    def history(self, b: Builder, scenario: Scenario, roster: Roster, periods: int) -> list[HistoryCheck]:
        return make_history(b, scenario, roster, periods)

    def conflicts(self, b: Builder, scenario: Scenario, conflicts: list[Conflict]) -> list[Conflict]:
        return conflicts


def _with_tiers(objects: int, **counts: int) -> dict[Tier, int]:
    tiers = tier_counts(objects)
    for tier, n in counts.items():
        tiers[Tier(tier)] = n
    tiers[Tier.GENERAL] = 0
    tiers[Tier.GENERAL] = objects - sum(tiers.values())
    return tiers


class TightRadiation(Variant):
    label = "（压力测试：辐射人员紧张）"
    margin = 1.1
    radiation_capacity = 2  # the least that is feasible (1 is not)

    def objects(self, b: Builder, objects: list[InspectionObject]) -> list[InspectionObject]:
        special = riskiest(objects, Tier.SPECIAL)
        key = riskiest(objects, Tier.KEY)[:3]
        chosen = special[: math.ceil(len(special) / 2)] + key
        return replace_objects(objects, [as_hospital(b, o) for o in chosen])

    def inspectors(self, b: Builder, inspectors: list[Inspector]) -> list[Inspector]:
        """Two radiation specialists on duty; any others are away this quarter."""
        away = {i.inspector_id for i in radiation_staff(inspectors)[2:]}
        return [i.model_copy(update={"available": False}) if i.inspector_id in away else i for i in inspectors]

    def capacities(self, b: Builder, inspectors: list[Inspector], scenario: Scenario) -> list[Inspector]:
        sized = set_capacities(b, inspectors, capacity_need(scenario), self.margin, jitter=False)
        return [
            i.model_copy(update={"capacity": self.radiation_capacity}) if catalog.RADIATION in i.specialties else i
            for i in sized
        ]


class MissingSpecialty(Variant):
    label = "（不可行：无在岗持证辐射专业人员）"
    special = 10
    hospitals = 8

    def tier_counts(self, objects: int) -> dict[Tier, int]:
        return _with_tiers(objects, special=self.special)

    def objects(self, b: Builder, objects: list[InspectionObject]) -> list[InspectionObject]:
        chosen = riskiest(objects, Tier.SPECIAL)[: self.hospitals]
        return replace_objects(objects, [as_hospital(b, o) for o in chosen])

    def inspectors(self, b: Builder, inspectors: list[Inspector]) -> list[Inspector]:
        """The radiation staff: one seconded to the city bureau, the others not yet certified."""
        staff = radiation_staff(inspectors)
        change = {i.inspector_id: {"certified": False} for i in staff[1:]}
        change[staff[0].inspector_id] = {"available": False}
        return [i.model_copy(update=change.get(i.inspector_id, {})) for i in inspectors]


class CapacityShortfall(Variant):
    label = "（不可行：检查力量不足）"
    margin = 0.75  # of the capacity needed with the fewest on-site checks

    def objects(self, b: Builder, objects: list[InspectionObject]) -> list[InspectionObject]:
        """No off-site facilities yet: every drawn object outside the positive list is on-site."""
        return [o if o.tier is Tier.POSITIVE else o.model_copy(update={"offsite_capable": False}) for o in objects]

    def capacities(self, b: Builder, inspectors: list[Inspector], scenario: Scenario) -> list[Inspector]:
        eligible = sum(1 for i in inspectors if i.eligible)
        each = max(1, math.floor(self.margin * capacity_need(scenario, worst=False) / eligible))
        return [i.model_copy(update={"capacity": each}) for i in inspectors]


class AnnualCap(Variant):
    label = "（不可行：年度抽查次数上限）"
    period = "2025Q3"
    special = 8
    capped = 5

    def tier_counts(self, objects: int) -> dict[Tier, int]:
        # No positive list: at quota 1.0 each quarter it would be capped in Q3 as well.
        return _with_tiers(objects, special=self.special, positive=0)

    def objects(self, b: Builder, objects: list[InspectionObject]) -> list[InspectionObject]:
        """The least risky special object is a hospital with X-ray equipment; the riskiest ones lack
        off-site facilities, so their checks this year were on site (they count toward the cap)."""
        special = riskiest(objects, Tier.SPECIAL)
        onsite = [o.model_copy(update={"offsite_capable": False}) for o in special[: self.capped]]
        return replace_objects(objects, [*onsite, as_hospital(b, special[-1])])

    def _special_roles(self, scenario: Scenario) -> tuple[list[InspectionObject], ...]:
        special = riskiest(scenario.objects, Tier.SPECIAL)
        hospital = [o for o in special if o.industry == catalog.HOSPITAL][-1:]
        others = [o for o in special if o not in hospital]
        return others[: self.capped], others[self.capped : self.capped + 1], hospital

    def history(self, b: Builder, scenario: Scenario, roster: Roster, periods: int) -> list[HistoryCheck]:
        """Q1 and Q2 of the year: the riskiest special objects were drawn both times.

        The hospital was checked last quarter by the one radiation specialist without a conflict,
        so the repeat window rules him out now.
        """
        capped, once, hospital = self._special_roles(scenario)
        rows: list[HistoryCheck] = []
        gone = removed_objects(b, 2)
        for back in range(periods, 0, -1):
            period = shift_period(scenario.rules.period, -back)
            taken = {h.object_id for h in rows} | {o.object_id for o in capped + once + hospital}
            rows += history_period(b, scenario, period, roster, taken, (Tier.KEY, Tier.GENERAL))
            special = capped + (once if back == periods else [])
            rows += [past_check(b, scenario, period, o, roster) for o in special]
            rows += [past_check(b, scenario, period, o, roster) for o in gone]
        last_period = shift_period(scenario.rules.period, -1)
        return rows + [self._hospital_check(b, scenario, last_period, o) for o in hospital]

    @staticmethod
    def _hospital_check(b: Builder, scenario: Scenario, period: str, hospital: InspectionObject) -> HistoryCheck:
        specialist = radiation_staff(scenario.inspectors)[-1]
        partners = [i for i in scenario.inspectors if i.unit == catalog.ENFORCEMENT and i.eligible]
        team = sorted([specialist.inspector_id, b.rng.choice(partners).inspector_id])
        return HistoryCheck(period=period, object_id=hospital.object_id, inspector_ids=tuple(team), mode=Mode.ONSITE)

    def conflicts(self, b: Builder, scenario: Scenario, conflicts: list[Conflict]) -> list[Conflict]:
        """Every other radiation specialist is a close relative of someone at the hospital."""
        _, _, hospital = self._special_roles(scenario)
        relatives = [i.inspector_id for i in radiation_staff(scenario.inspectors)[:-1]]
        extra = [
            Conflict(inspector_id=i, object_id=o.object_id, reason="亲属关系：近亲属在该单位任职")
            for i in relatives
            for o in hospital
        ]
        return sorted(
            {(c.inspector_id, c.object_id): c for c in conflicts + extra}.values(),
            key=lambda c: (c.inspector_id, c.object_id),
        )


VARIANTS: dict[str, Variant] = {
    "default": Variant(),
    "tight-radiation": TightRadiation(),
    "missing-specialty": MissingSpecialty(),
    "capacity-shortfall": CapacityShortfall(),
    "annual-cap": AnnualCap(),
}
