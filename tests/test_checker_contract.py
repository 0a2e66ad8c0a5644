"""checker/contract.py: the checker's own apportionment, specialty cover, decimals and modes, with a
differential test against the planner's (`scheduler/apportion.py`, `scheduler/problem.min_cover`) on
generated inputs. The planner is imported here, in the tests, never in the checker package."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from shuangsui.checker import contract as k
from shuangsui.models.enums import CreditRisk
from shuangsui.scheduler.apportion import apportion as planner_apportion
from shuangsui.scheduler.problem import min_cover as planner_min_cover

MULT = {"A": Fraction(1, 2), "B": Fraction(1), "C": Fraction(3, 2), "D": Fraction(3)}


def test_apportion_contract_example() -> None:
    # contract section 3: A 80, B 240, C 60, D 20, quota 15 % -> 6, 33, 13, 8
    sizes = {"A": 80, "B": 240, "C": 60, "D": 20}
    assert k.apportion(k.ceil_share(k.decimal(0.15), 400), sizes, MULT) == {"A": 6, "B": 33, "C": 13, "D": 8}


def test_apportion_saturated_class_tie_and_zero_multiplier() -> None:
    mult = {"A": Fraction(0), "B": Fraction(1), "C": Fraction(1), "D": Fraction(100)}
    # D's share 7 * 200/220 reaches its population 2: D gets 2, then B and C split 5 -> the tie at
    # .5 goes to the higher risk class C; A (multiplier 0) gets none.
    assert k.apportion(7, {"A": 50, "B": 10, "C": 10, "D": 2}, mult) == {"A": 0, "B": 2, "C": 3, "D": 2}
    assert sum(k.apportion(5, {"A": 9, "B": 0, "C": 0, "D": 0}, mult).values()) == 0


def test_exact_decimals() -> None:
    assert k.ceil_share(k.decimal(0.15), 20) == 3  # not 4 (0.15 * 20 = 3.0000000000000004 in floats)
    assert k.ceil_share(k.decimal(0.07), 100) == 7 and k.ceil_share(k.decimal(0.55), 200) == 110
    assert k.quarter("2025Q1") == 8100 and k.quarter("2024Q4") == 8099 and k.quarter("2025") is None


def test_cover_finds_fewest() -> None:
    people = [("a", ["大气"]), ("b", ["水"]), ("c", ["大气", "水", "固废"]), ("d", ["辐射"])]
    assert k.cover({"大气", "水"}, people, 2) == ["c"]
    assert k.cover({"大气", "辐射", "固废"}, people, 2) == ["c", "d"]
    assert k.cover({"辐射", "噪声"}, people, 3) is None
    assert k.cover(set(), people, 2) == []


classes = st.sampled_from("ABCD")
populations = st.fixed_dictionaries({c: st.integers(0, 60) for c in "ABCD"})
multipliers = st.fixed_dictionaries({c: st.sampled_from([0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 10.0]) for c in "ABCD"})


@settings(max_examples=300, deadline=None)
@given(populations, multipliers, st.integers(0, 250))
def test_apportion_agrees_with_planner(pops: dict[str, int], mult: dict[str, float], n: int) -> None:
    n = min(n, sum(pops.values()))
    mine = k.apportion(n, pops, {c: k.decimal(m) for c, m in mult.items()})
    theirs = planner_apportion(
        n, {CreditRisk(c): p for c, p in pops.items()}, {CreditRisk(c): Fraction(repr(m)) for c, m in mult.items()}
    )
    assert mine == {c.value: seats for c, seats in theirs.items()}
    assert all(0 <= mine[c] <= pops[c] for c in "ABCD")
    if any(mult[c] > 0 and pops[c] > 0 for c in "ABCD"):
        assert sum(mine.values()) == n or all(
            mine[c] == pops[c] for c in "ABCD" if mult[c] > 0
        )  # every seat placed unless every drawable class is full


SPECIALTIES = ["大气", "水", "固废", "噪声", "辐射", "土壤"]


@settings(max_examples=300, deadline=None)
@given(
    st.sets(st.sampled_from(SPECIALTIES), max_size=5),
    st.lists(st.sets(st.sampled_from(SPECIALTIES), max_size=3), max_size=8),
    st.integers(1, 4),
)
def test_cover_agrees_with_planner_min_cover(required: set[str], people: list[set[str]], size: int) -> None:
    mine = k.cover(required, [(f"I{j}", s) for j, s in enumerate(people)], size)
    held = set().union(*people)
    if not required <= held:  # the planner asks min_cover only when every specialty has a holder
        assert mine is None  # (its "impossible" value len(people) + 1 can be <= size, e.g. no people)
        return
    fewest = planner_min_cover(frozenset(required), people)
    assert (mine is not None) == (fewest <= size)
    if mine is not None:
        assert len(mine) == fewest and set().union(*(people[int(i[1:])] for i in mine)) >= required


def test_expected_mode_v2() -> None:
    class Obj:
        def __init__(self, tier: str, capable: bool, clue: str = "", items: tuple[str, ...] = ("X",)) -> None:
            self.tier, self.offsite_capable, self.clue, self.items = tier, capable, clue, items

    rad = frozenset({"R"})
    assert k.expected_mode(Obj("general", True), k.CREDIT_RISK, rad) == k.OFFSITE
    assert k.expected_mode(Obj("general", True, items=("R",)), k.CREDIT_RISK, rad) == k.ONSITE
    assert k.expected_mode(Obj("positive", False, items=("R",)), k.FULL_COVERAGE, rad) == k.OFFSITE
    assert k.expected_mode(Obj("positive", False, items=("R",)), k.DIRECTED, rad) == k.ONSITE
    assert k.expected_mode(Obj("positive", False, clue="投诉"), k.FULL_COVERAGE, rad) == k.ONSITE
