"""scheduler/apportion.py: the contract's credit-risk apportionment, on cases worked by hand.

Every expected figure below is computed in the comment next to it from the contract's rule (section 3):
n_t = ceil(quota x P_t); weights w_c = multiplier_c x P_tc; step 1 gives a class whose exact share
n x w_c / sum(w) reaches P_tc all of it (repeated on what is left); step 2 gives floors of the exact
shares, then one seat each by largest fractional part, ties to the higher risk class (D, C, B, A).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from shuangsui.models.enums import CreditRisk, Tier
from shuangsui.scheduler.apportion import (
    apportion,
    positive_requirement,
    stratum_requirements,
    tier_requirement,
)

A, B, C, D = CreditRisk.A, CreditRisk.B, CreditRisk.C, CreditRisk.D
ONES = {A: Fraction(1), B: Fraction(1), C: Fraction(1), D: Fraction(1)}
DEFAULT = {A: Fraction(1, 2), B: Fraction(1), C: Fraction(3, 2), D: Fraction(3)}


def pops(a: int, b: int, c: int, d: int) -> dict[CreditRisk, int]:
    return {A: a, B: b, C: c, D: d}


@pytest.mark.parametrize(
    ("quota", "population", "expected"),
    [
        (Fraction(3, 20), 20, 3),  # 0.15 x 20 = 3 exactly (floating point would give 3.0000000000000004 -> 4)
        (Fraction(3, 20), 438, 66),  # 65.7 -> 66
        (Fraction(1, 4), 30, 8),  # 7.5 -> 8
        (Fraction(1, 2), 12, 6),
        (Fraction(1), 20, 20),
        (Fraction(0), 500, 0),
        (Fraction(1, 2), 0, 0),
        (Fraction(1, 100), 1, 1),  # any positive share of a non-empty tier draws at least one
    ],
)
def test_tier_requirement_is_an_exact_ceiling(quota: Fraction, population: int, expected: int) -> None:
    assert tier_requirement(quota, population) == expected


def test_equal_weights_tie_goes_to_higher_risk() -> None:
    # 10 draws over four classes of 10: shares 2.5 each; floors 2 x 4 = 8, two seats left, all
    # fractions 0.5: D then C get them.
    assert apportion(10, pops(10, 10, 10, 10), ONES) == pops(2, 2, 3, 3)


def test_one_seat_among_three_equal_classes_goes_to_the_highest_risk() -> None:
    # shares 1/3 each, floors 0: the single seat goes to C (D is empty)
    assert apportion(1, pops(5, 5, 5, 0), ONES) == pops(0, 0, 1, 0)
    # two seats: C then B
    assert apportion(2, pops(5, 5, 5, 0), ONES) == pops(0, 1, 1, 0)


def test_largest_fraction_beats_higher_risk() -> None:
    # weights A 3, D 1 (pops 3 and 1, equal multipliers); n = 2: shares A 1.5, D 0.5; floors A 1, D 0;
    # one seat left, fractions equal (0.5): D gets it -> A 1, D 1
    assert apportion(2, pops(3, 0, 0, 1), ONES) == pops(1, 0, 0, 1)
    # n = 3: shares A 2.25, D 0.75; floors A 2, D 0; one seat: D (0.75 > 0.25) -> A 2, D 1
    assert apportion(3, pops(3, 0, 0, 1), ONES) == pops(2, 0, 0, 1)
    # weights A 7, D 1, n = 2: shares A 1.75, D 0.25: A's fraction is larger -> A 2, D 0
    assert apportion(2, pops(7, 0, 0, 1), ONES) == pops(2, 0, 0, 0)


def test_a_class_whose_share_reaches_its_population_is_drawn_whole() -> None:
    # A 100 x 1 = 100, D 2 x 10 = 20, total 120; n = 12: D's share 12 x 20 / 120 = 2 >= 2 -> D gets 2
    # and leaves; A gets the 10 left.
    assert apportion(12, pops(100, 0, 0, 2), {**ONES, D: Fraction(10)}) == pops(10, 0, 0, 2)


def test_saturation_then_largest_remainder() -> None:
    # A 50 x 1 = 50, C 3 x 5 = 15, D 1 x 20 = 20, total 85, n = 10.
    # Step 1: D's share 10 x 20 / 85 = 2.35 >= 1 -> D gets 1, leaves; 9 left.
    #   Again: A 50, C 15, total 65: C 9 x 15 / 65 = 2.08 < 3, A 6.92 < 50: stop.
    # Step 2: floors A 6, C 2 (8); one seat left: fractions A 0.92, C 0.08 -> A. Result A 7, C 2, D 1.
    weights = {A: Fraction(1), B: Fraction(1), C: Fraction(5), D: Fraction(20)}
    assert apportion(10, pops(50, 0, 3, 1), weights) == pops(7, 0, 2, 1)


def test_cascading_saturation() -> None:
    # A 20 x 1, C 2 x 4 = 8, D 1 x 16 = 16; total 44, n = 6.
    # D: 6 x 16 / 44 = 2.18 >= 1 -> full (1); C: 6 x 8 / 44 = 1.09 < 2 -> not yet. 5 left.
    # Again: A 20, C 8, total 28: C 5 x 8 / 28 = 1.43 < 2; stop. Floors A 3 (3.57), C 1 (1.43);
    # one seat: fractions A 0.57 > C 0.43 -> A 4, C 1, D 1.
    weights = {A: Fraction(1), B: Fraction(1), C: Fraction(4), D: Fraction(16)}
    assert apportion(6, pops(20, 0, 2, 1), weights) == pops(4, 0, 1, 1)
    # n = 10: D full (10 x 16 / 44 >= 1); 9 left over A 20, C 8: C 9 x 8 / 28 = 2.57 >= 2 -> full;
    # 7 left, all to A -> A 7, C 2, D 1.
    assert apportion(10, pops(20, 0, 2, 1), weights) == pops(7, 0, 2, 1)


def test_zero_multiplier_class_gets_nothing_and_seats_may_fall_short() -> None:
    weights = {**ONES, A: Fraction(0)}
    # A cannot be drawn: all 5 go to B
    assert apportion(5, pops(10, 10, 0, 0), weights) == pops(0, 5, 0, 0)
    # B has only 2: it is drawn whole, A (multiplier 0) still gets none: 2 seats for n = 5
    assert apportion(5, pops(10, 2, 0, 0), weights) == pops(0, 2, 0, 0)


def test_empty_classes_and_no_draws() -> None:
    assert apportion(0, pops(10, 10, 10, 10), ONES) == pops(0, 0, 0, 0)
    assert apportion(3, pops(0, 0, 0, 0), ONES) == pops(0, 0, 0, 0)
    assert apportion(4, pops(0, 4, 0, 0), DEFAULT) == pops(0, 4, 0, 0)


def test_seats_never_exceed_population_nor_n() -> None:
    for n in range(0, 16):
        seats = apportion(n, pops(1, 3, 4, 4), DEFAULT)
        assert all(seats[c] <= p for c, p in pops(1, 3, 4, 4).items())
        assert sum(seats.values()) == min(n, 12)


def test_bundled_county_strata(default_scenario) -> None:
    """赵县 2025Q1 (default multipliers A 0.5, B 1, C 1.5, D 3), worked by hand:

    special A1 B3 C4 D4, n = ceil(0.5 x 12) = 6; w = 0.5, 3, 6, 12 (21.5): shares A 0.14, B 0.84,
    C 1.67, D 3.35, none full; floors D 3, C 1 (4); two seats by fraction: B (0.84), C (0.67) ->
    A 0, B 1, C 2, D 3.
    key A8 B17 C4 D1, n = ceil(0.25 x 30) = 8; w = 4, 17, 6, 3 (30): shares A 1.07, B 4.53, C 1.6,
    D 0.8, none full; floors A 1, B 4, C 1 (6); two seats: D (0.8), C (0.6) -> A 1, B 4, C 2, D 1.
    general A109 B254 C57 D18, n = ceil(0.15 x 438) = 66; w = 54.5, 254, 85.5, 54 (448): shares
    A 8.03, B 37.42, C 12.6, D 7.95; floors 8 + 37 + 12 + 7 = 64; two seats: D (0.95), C (0.60)
    -> A 8, B 37, C 13, D 8.
    """
    required = stratum_requirements(default_scenario)
    got = {(t, c): required[(t, c)] for t in (Tier.SPECIAL, Tier.KEY, Tier.GENERAL) for c in (A, B, C, D)}
    assert [got[(Tier.SPECIAL, c)] for c in (A, B, C, D)] == [0, 1, 2, 3]
    assert [got[(Tier.KEY, c)] for c in (A, B, C, D)] == [1, 4, 2, 1]
    assert [got[(Tier.GENERAL, c)] for c in (A, B, C, D)] == [8, 37, 13, 8]
    assert set(required) == set(got)  # the positive list is not apportioned
    assert positive_requirement(default_scenario) == 20  # 1.0 x 20 positive-list enterprises
