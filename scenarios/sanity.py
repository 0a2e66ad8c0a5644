"""Sanity numbers of a scenario: what the contract's rules ask of it, computed without a solver.

`expected_counts` applies the counting rules of the data contract (section 3) to a scenario and
returns the numbers a planner checks first: checks per tier after apportionment, the credit share,
the range of on-site checks, the capacity needed, who can cover which specialty, and which objects
no eligible group could check. These are necessary conditions of feasibility, not a proof: the
generator uses them to size capacities, the tests to catch regressions of the bundled scenarios.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from pathlib import Path

from shuangsui.models.domain import InspectionObject, Inspector, Scenario, exact, period_index
from shuangsui.models.enums import CREDIT_TIERS, RISK_PRIORITY, CreditRisk, Draw, Mode, Tier


def apportion(
    n: int, populations: dict[CreditRisk, int], multipliers: dict[CreditRisk, Fraction]
) -> dict[CreditRisk, int]:
    """Largest remainder apportionment of n draws among credit classes (contract, section 3)."""
    seats = dict.fromkeys(populations, 0)
    pool = [c for c in RISK_PRIORITY if populations.get(c, 0) > 0 and multipliers[c] > 0]
    left = n
    while pool and left > 0:
        total = sum(multipliers[c] * populations[c] for c in pool)
        full = [c for c in pool if left * multipliers[c] * populations[c] / total >= populations[c]]
        if not full:
            break
        for c in full:
            seats[c] = populations[c]
            left -= populations[c]
            pool.remove(c)
    if pool and left > 0:
        total = sum(multipliers[c] * populations[c] for c in pool)
        shares = {c: left * multipliers[c] * populations[c] / total for c in pool}
        for c in pool:
            seats[c] = math.floor(shares[c])
        rest = left - sum(seats[c] for c in pool)
        by_remainder = sorted(pool, key=lambda c: (-(shares[c] - math.floor(shares[c])), RISK_PRIORITY.index(c)))
        for c in by_remainder[:rest]:
            seats[c] += 1
    return seats


def credit_draws(scenario: Scenario) -> dict[Tier, dict[CreditRisk, int]]:
    """Checks with draw = credit_risk required per tier and credit class."""
    rules = scenario.rules
    multipliers = {c: exact(m) for c, m in rules.credit_risk.multipliers.items()}
    strata = stratum_populations(scenario.objects)
    draws: dict[Tier, dict[CreditRisk, int]] = {}
    for tier in CREDIT_TIERS:
        n = math.ceil(rules.quota.of(tier) * sum(strata[tier].values()))
        draws[tier] = apportion(n, strata[tier], multipliers)
    return draws


def stratum_populations(objects: Iterable[InspectionObject]) -> dict[Tier, dict[CreditRisk, int]]:
    counts = Counter((o.tier, o.credit_risk) for o in objects)
    return {t: {c: counts[(t, c)] for c in CreditRisk} for t in Tier}


def positive_checks(scenario: Scenario) -> int:
    population = sum(1 for o in scenario.objects if o.tier is Tier.POSITIVE)
    return math.ceil(scenario.rules.quota.of(Tier.POSITIVE) * population)


# ---------------------------------------------------------------- who can check what


def _min_cover(required: frozenset[str], kinds: frozenset[frozenset[str]]) -> int | None:
    """Fewest inspectors (one per specialty set) whose union covers `required`; None if none."""
    if not required:
        return 0
    useful = [k & required for k in kinds if k & required]
    for size in range(1, len(required) + 1):
        for combo in itertools.combinations(set(map(frozenset, useful)), size):
            if frozenset().union(*combo) >= required:
                return size
    return None


_min_cover_cached = cache(_min_cover)


Kinds = frozenset[frozenset[str]]


def _kinds(inspectors: Sequence[Inspector]) -> Kinds:
    """The distinct specialty sets of some inspectors (all that matters for covering)."""
    return frozenset(frozenset(i.specialties) for i in inspectors)


def _covers(required: frozenset[str], kinds: Kinds, size: int) -> bool:
    need = _min_cover_cached(required, kinds)
    return need is not None and need <= size


def _missing(required: frozenset[str], kinds: Kinds) -> str:
    """The required specialties nobody has (all of them if each is held by someone)."""
    held = frozenset().union(*kinds)
    return "、".join(sorted(required - held) or sorted(required))


def base_mode(scenario: Scenario, obj: InspectionObject) -> Mode:
    """The mode of the object's tier draw (credit-risk, or full coverage for the positive list)."""
    draw = Draw.FULL_COVERAGE if obj.tier is Tier.POSITIVE else Draw.CREDIT_RISK
    return scenario.check_mode(obj, draw)


class _Staffing:
    """Answers "could an eligible group check this object?" with the avoidance rules applied."""

    def __init__(self, scenario: Scenario) -> None:
        rules = scenario.rules
        self.scenario = scenario
        self.eligible = [i for i in scenario.inspectors if i.eligible]
        self.eligible_kinds = _kinds(self.eligible)
        self.banned: dict[str, set[str]] = defaultdict(set)  # conflicts and the repeat window
        for c in scenario.conflicts:
            self.banned[c.object_id].add(c.inspector_id)
        now = period_index(rules.period)
        self.year_checks: Counter[str] = Counter()
        for h in scenario.history:
            if 1 <= now - period_index(h.period) <= rules.avoidance.repeat_window:
                self.banned[h.object_id].update(h.inspector_ids)
            same_year = h.period[:4] == rules.period[:4] and period_index(h.period) < now
            if same_year and rules.avoidance.counts(h.mode):  # v2: on-site checks by default
                self.year_checks[h.object_id] += 1
        self._pools: dict[str, tuple[list[Inspector], Kinds]] = {}

    def _pool(self, obj: InspectionObject) -> tuple[list[Inspector], Kinds]:
        """Eligible inspectors the own-township rule leaves for the object (cached by township)."""
        own = self.scenario.rules.avoidance.own_township
        key = obj.township if own else ""
        if key not in self._pools:
            pool = [i for i in self.eligible if not (own and i.home_township == obj.township)]
            self._pools[key] = (pool, _kinds(pool))
        return self._pools[key]

    def allowed(self, obj: InspectionObject) -> tuple[list[Inspector], Kinds]:
        pool, kinds = self._pool(obj)
        banned = self.banned.get(obj.object_id)
        if not banned:
            return pool, kinds
        left = [i for i in pool if i.inspector_id not in banned]
        return left, _kinds(left)

    def reason(self, obj: InspectionObject) -> str | None:
        """Why no eligible group could check the object, or None when one could."""
        teams = self.scenario.rules.teams
        mode = base_mode(self.scenario, obj)
        avoidance = self.scenario.rules.avoidance
        if self.year_checks[obj.object_id] + int(avoidance.counts(mode)) > avoidance.annual_cap:
            return "annual cap reached"
        allowed, kinds = self.allowed(obj)
        size = teams.size if mode is Mode.ONSITE else teams.offsite_size
        if len(allowed) < size:
            return "avoidance: too few inspectors"
        if mode is Mode.OFFSITE:
            return None
        required = self.scenario.required_specialties(obj)
        if not _covers(required, self.eligible_kinds, teams.size):
            return f"{_missing(required, self.eligible_kinds)} specialty: no eligible group"
        if not _covers(required, kinds, teams.size):
            return f"avoidance: no group left for {_missing(required, kinds)}"
        return None


# ---------------------------------------------------------------- the numbers


@dataclass
class ExpectedCounts:
    """Sanity numbers of one scenario (see the module docstring)."""

    population: dict[Tier, int]
    strata: dict[Tier, dict[CreditRisk, int]]
    draws: dict[Tier, dict[CreditRisk, int]]
    positive_checks: int
    directed_checks: int
    onsite_min: int
    onsite_max: int
    capacity_eligible: Fraction
    eligible_inspectors: int
    specialty_holders: dict[str, int]
    required_specialties: dict[str, int]
    undrawable: dict[str, str]
    drawable: dict[Tier, dict[CreditRisk, int]]
    directed_pool: dict[str, int]
    partner_drawable: int
    scenario: Scenario = field(repr=False)

    @property
    def tier_checks(self) -> dict[Tier, int]:
        return {t: sum(self.draws[t].values()) for t in CREDIT_TIERS}

    @property
    def credit_checks(self) -> int:
        return sum(self.tier_checks.values())

    @property
    def total_checks(self) -> int:
        return self.credit_checks + self.positive_checks + self.directed_checks

    @property
    def credit_share(self) -> Fraction:
        denominator = self.credit_checks + self.directed_checks
        return Fraction(self.credit_checks, denominator) if denominator else Fraction(1)

    @property
    def joint_needed(self) -> int:
        share = exact(self.scenario.rules.joint.internal_min_share)
        return math.ceil(share * self.total_checks)

    def capacity_needed(self, onsite: int) -> Fraction:
        """Capacity the plan uses when `onsite` of its checks are on-site."""
        teams = self.scenario.rules.teams
        offsite = self.total_checks - onsite
        return teams.size * onsite + teams.offsite_size * exact(teams.offsite_weight) * offsite

    @property
    def short_strata(self) -> dict[tuple[Tier, CreditRisk], tuple[int, int]]:
        """Strata that need more credit-risk draws than they have drawable objects."""
        return {
            (t, c): (self.draws[t][c], self.drawable[t][c])
            for t in CREDIT_TIERS
            for c in CreditRisk
            if self.draws[t][c] > self.drawable[t][c]
        }

    def summary(self) -> str:
        lines = [
            "objects per tier x credit class (A/B/C/D):",
            *(f"  {t.value:9} {self._abcd(self.strata[t])}" for t in Tier),
            "credit-risk checks per tier x class:",
            *(f"  {t.value:9} {self._abcd(self.draws[t])}" for t in CREDIT_TIERS),
            f"checks: credit {self.credit_checks} + positive {self.positive_checks}"
            f" + directed {self.directed_checks} = {self.total_checks}",
            f"credit share {float(self.credit_share):.3f};"
            f" on-site {self.onsite_min}..{self.onsite_max};"
            f" internal joint needed {self.joint_needed}",
            f"capacity {float(self.capacity_eligible):g} of {self.eligible_inspectors} eligible;"
            f" needed {float(self.capacity_needed(self.onsite_min)):g}"
            f"..{float(self.capacity_needed(self.onsite_max)):g}",
            f"specialty holders {self.specialty_holders}; undrawable {len(self.undrawable)};"
            f" short strata {len(self.short_strata)}",
        ]
        return "\n".join(lines)

    @staticmethod
    def _abcd(row: dict[CreditRisk, int]) -> str:
        return " ".join(f"{row[c]:4}" for c in CreditRisk) + f"  = {sum(row.values())}"


def expected_counts(source: Scenario | Path | str) -> ExpectedCounts:
    """The sanity numbers of a scenario, or of a folder (read with the project's loader)."""
    scenario = source if isinstance(source, Scenario) else _load(Path(source))
    staffing = _Staffing(scenario)
    undrawable = {}
    for obj in scenario.objects:
        reason = staffing.reason(obj)
        if reason:
            undrawable[obj.object_id] = reason
    draws = credit_draws(scenario)
    drawable_objects = [o for o in scenario.objects if o.object_id not in undrawable]
    onsite_min, onsite_max = onsite_range(scenario, drawable_objects)
    eligible = staffing.eligible
    return ExpectedCounts(
        population={t: sum(1 for o in scenario.objects if o.tier is t) for t in Tier},
        strata=stratum_populations(scenario.objects),
        draws=draws,
        positive_checks=positive_checks(scenario),
        directed_checks=sum(block.count for block in scenario.rules.directed),
        onsite_min=onsite_min,
        onsite_max=onsite_max,
        capacity_eligible=Fraction(sum(i.capacity for i in eligible)),
        eligible_inspectors=len(eligible),
        specialty_holders=_holders(eligible),
        required_specialties=_required(scenario),
        undrawable=undrawable,
        drawable=stratum_populations(drawable_objects),
        directed_pool={
            b.name: sum(1 for o in drawable_objects if b.matches(o) and o.tier is not Tier.POSITIVE)
            for b in scenario.rules.directed
        },
        partner_drawable=sum(1 for o in drawable_objects if o.partner_departments),
        scenario=scenario,
    )


def _load(folder: Path) -> Scenario:
    from shuangsui.models.loading import load_scenario  # the project's loader; imported only when needed

    return load_scenario(folder)


def _holders(inspectors: list[Inspector]) -> dict[str, int]:
    counts = Counter(s for i in inspectors for s in i.specialties)
    return dict(sorted(counts.items()))


def _required(scenario: Scenario) -> dict[str, int]:
    counts = Counter(s for o in scenario.objects for s in scenario.required_specialties(o))
    return dict(sorted(counts.items()))


def onsite_range(scenario: Scenario, drawable: Sequence[InspectionObject]) -> tuple[int, int]:
    """Fewest and most on-site checks a plan can have, drawing only from `drawable`."""
    draws = credit_draws(scenario)
    onsite = Counter((o.tier, o.credit_risk) for o in drawable if base_mode(scenario, o) is Mode.ONSITE)
    offsite = Counter((o.tier, o.credit_risk) for o in drawable if base_mode(scenario, o) is Mode.OFFSITE)
    low = high = 0
    for tier in CREDIT_TIERS:
        for c, n in draws[tier].items():
            low += max(0, n - offsite[(tier, c)])
            high += min(n, onsite[(tier, c)])
    positives = [o for o in drawable if o.tier is Tier.POSITIVE]
    wanted = positive_checks(scenario)
    n_on = sum(1 for o in positives if base_mode(scenario, o) is Mode.ONSITE)
    low += max(0, wanted - (len(positives) - n_on))
    high += min(wanted, n_on)
    for block in scenario.rules.directed:
        pool = [o for o in drawable if block.matches(o) and o.tier is not Tier.POSITIVE]
        n_on = sum(1 for o in pool if scenario.check_mode(o, Draw.DIRECTED) is Mode.ONSITE)
        low += max(0, block.count - (len(pool) - n_on))
        high += min(block.count, n_on)
    return low, high
