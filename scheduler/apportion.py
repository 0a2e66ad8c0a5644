"""Credit-risk apportionment of the contract (largest remainder method, exact arithmetic)."""

from __future__ import annotations

import math
from fractions import Fraction

from shuangsui.models.domain import Scenario, exact
from shuangsui.models.enums import CREDIT_TIERS, RISK_PRIORITY, CreditRisk, Tier


def tier_requirement(quota: Fraction, population: int) -> int:
    """n_t = ceil(quota * P_t), exactly (0.15 * 20 = 3, not 4)."""
    return math.ceil(quota * population)


def apportion(
    n: int, populations: dict[CreditRisk, int], multipliers: dict[CreditRisk, Fraction]
) -> dict[CreditRisk, int]:
    """Split n draws among credit classes by weights multiplier * population.

    Step 1: a class whose exact share reaches its population gets all of it and leaves the pool
    (repeated). Step 2: floors, then one seat each by largest fractional part, ties to higher risk.
    """
    seats = {c: 0 for c in populations}
    pool = {c for c, p in populations.items() if p > 0 and multipliers[c] > 0}
    left = n
    while True:
        total = sum(multipliers[c] * populations[c] for c in pool)
        if not pool or total == 0 or left <= 0:
            break
        full = {c for c in pool if Fraction(left) * multipliers[c] * populations[c] / total >= populations[c]}
        if not full:
            break
        for c in full:
            seats[c] = populations[c]
            left -= populations[c]
        pool -= full
    if pool and left > 0:
        total = sum(multipliers[c] * populations[c] for c in pool)
        shares = {c: Fraction(left) * multipliers[c] * populations[c] / total for c in pool}
        for c in pool:
            seats[c] = math.floor(shares[c])
        rest = left - sum(seats[c] for c in pool)
        order = sorted(pool, key=lambda c: (-(shares[c] - math.floor(shares[c])), RISK_PRIORITY.index(c)))
        for c in order[:rest]:
            seats[c] += 1
    return seats


def stratum_requirements(scenario: Scenario) -> dict[tuple[Tier, CreditRisk], int]:
    """Required credit-risk draws per (tier, credit class), over the whole directory's population."""
    rules = scenario.rules
    multipliers = {c: exact(m) for c, m in rules.credit_risk.multipliers.items()}
    required: dict[tuple[Tier, CreditRisk], int] = {}
    for tier in CREDIT_TIERS:
        populations = {c: 0 for c in CreditRisk}
        for obj in scenario.objects:
            if obj.tier is tier:
                populations[obj.credit_risk] += 1
        n = tier_requirement(rules.quota.of(tier), sum(populations.values()))
        for c, seats in apportion(n, populations, multipliers).items():
            required[(tier, c)] = seats
    return required


def positive_requirement(scenario: Scenario) -> int:
    population = sum(1 for o in scenario.objects if o.tier is Tier.POSITIVE)
    return tier_requirement(scenario.rules.quota.of(Tier.POSITIVE), population)
