"""The planner's arithmetic against the independent checker's own re-derivation, on generated inputs.

`shuangsui.checker.contract` re-derives the contract's arithmetic from its text and shares no code
with the planner (tests/test_checker_imports.py). Here both versions get the same generated inputs and
must agree: apportionment (scheduler/apportion.py), the fewest inspectors covering a specialty set
(scheduler/problem.py `min_cover`) and the mode of a check (models/domain.py `Scenario.check_mode`).
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from shuangsui.checker import contract
from shuangsui.models.domain import InspectionObject, Item, Scenario, ScenarioRules, exact
from shuangsui.models.enums import CreditRisk, Draw, Tier
from shuangsui.scheduler.apportion import apportion, tier_requirement
from shuangsui.scheduler.problem import min_cover

CLASSES = list(CreditRisk)
# decimals a bureau writes: 0, 0.05, 0.1, ... 5 (multipliers) and 0 .. 1 by 0.01 (quotas)
multiplier = st.integers(0, 100).map(lambda k: k * 0.05)
quota = st.integers(0, 100).map(lambda k: k / 100)


@settings(max_examples=400, deadline=None)
@given(
    populations=st.lists(st.integers(0, 60), min_size=4, max_size=4),
    multipliers=st.lists(multiplier, min_size=4, max_size=4),
    share=quota,
)
def test_apportion_agrees_with_the_checker(populations: list[int], multipliers: list[float], share: float) -> None:
    assert exact(share) == contract.decimal(share)
    n = tier_requirement(exact(share), sum(populations))
    assert n == contract.ceil_share(contract.decimal(share), sum(populations))
    planner = apportion(
        n,
        dict(zip(CLASSES, populations, strict=True)),
        {c: exact(m) for c, m in zip(CLASSES, multipliers, strict=True)},
    )
    checker = contract.apportion(
        n,
        {c.value: p for c, p in zip(CLASSES, populations, strict=True)},
        {c.value: contract.decimal(m) for c, m in zip(CLASSES, multipliers, strict=True)},
    )
    assert {c.value: seats for c, seats in planner.items()} == checker


@settings(max_examples=400, deadline=None)
@given(n=st.integers(0, 40), populations=st.lists(st.integers(0, 12), min_size=4, max_size=4))
def test_apportion_ties_agree(n: int, populations: list[int]) -> None:
    """Equal multipliers and small populations: many exact ties, broken toward higher risk by both."""
    ones = {c: Fraction(1) for c in CLASSES}
    planner = apportion(n, dict(zip(CLASSES, populations, strict=True)), ones)
    checker = contract.apportion(
        n, {c.value: p for c, p in zip(CLASSES, populations, strict=True)}, {c.value: Fraction(1) for c in CLASSES}
    )
    assert {c.value: seats for c, seats in planner.items()} == checker


SPECIALTIES = ["大气", "水", "固废", "土壤", "噪声", "辐射"]
specialty_sets = st.sets(st.sampled_from(SPECIALTIES), max_size=3)


@settings(max_examples=400, deadline=None)
@given(
    required=st.sets(st.sampled_from(SPECIALTIES), max_size=5),
    people=st.lists(specialty_sets, max_size=8),
    size=st.integers(1, 5),
)
def test_min_cover_agrees_with_the_checker(required: set[str], people: list[set[str]], size: int) -> None:
    fewest = min_cover(frozenset(required), people)
    group = contract.cover(required, [(f"I{k}", spec) for k, spec in enumerate(people)], size)
    held = set().union(*people) if people else set()
    if not required <= held:
        # nobody holds some specialty: the planner answers "more people than there are" (its callers
        # rule this case out first, problem.py `_staffing_obstacle`); the checker finds no group
        assert fewest == len(people) + 1
        assert contract.cover(required, [(f"I{k}", spec) for k, spec in enumerate(people)], len(people)) is None
    elif fewest <= size:
        assert group is not None and len(group) == fewest
        assert required <= set().union(set(), *(people[int(i[1:])] for i in group))
    else:
        assert group is None


items_table = st.lists(st.booleans(), min_size=3, max_size=3).map(
    lambda flags: tuple(
        Item(item_id=f"HJ-{k}", name=f"事项{k}", specialty="大气", onsite_required=flag) for k, flag in enumerate(flags)
    )
)


@st.composite
def objects(draw: st.DrawFn) -> InspectionObject:
    return InspectionObject(
        object_id="O1",
        name="O1厂",
        township="城关",
        industry="化工",
        tier=draw(st.sampled_from(list(Tier))),
        credit_risk=draw(st.sampled_from(CLASSES)),
        offsite_capable=draw(st.booleans()),
        clue=draw(st.sampled_from(["", "群众举报"])),
        items=tuple(sorted(draw(st.sets(st.sampled_from(["HJ-0", "HJ-1", "HJ-2"]), min_size=1)))),
    )


@settings(max_examples=300, deadline=None)
@given(items=items_table, obj=objects(), draw=st.sampled_from(list(Draw)))
def test_check_mode_agrees_with_the_checker(items: tuple[Item, ...], obj: InspectionObject, draw: Draw) -> None:
    scenario = Scenario(
        rules=ScenarioRules(name="差分", period="2025Q1", seed=1), objects=(obj,), inspectors=(), items=items
    )
    onsite_items = frozenset(i.item_id for i in items if i.onsite_required)
    assert scenario.check_mode(obj, draw).value == contract.expected_mode(obj, draw.value, onsite_items)
