"""scheduler/team_formation.py: forming the period's standing teams, on small cases worked by hand."""

from __future__ import annotations

from typing import Any

import pytest
from shuangsui.models.domain import (
    InspectionObject,
    Inspector,
    Item,
    JointRules,
    QuotaRules,
    Scenario,
    ScenarioRules,
    TeamRules,
)
from shuangsui.models.enums import CreditRisk, Tier
from shuangsui.scheduler.cpsat import Budget
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.team_formation import Bounds, form_teams, team_arcs, team_count, team_pool

ITEMS = (
    Item(item_id="HJ-01", name="废气排放", specialty="大气"),
    Item(item_id="HJ-02", name="废水排放", specialty="水"),
)


def scenario(people: list[tuple[str, str, tuple[str, ...], int]], *, size: int = 2, **joint: Any) -> Scenario:
    """Two general objects needing 大气 and 水 on site; `people` as (id, unit, specialties, capacity)."""
    objects = tuple(
        InspectionObject(
            object_id=f"G{k}",
            name=f"G{k}厂",
            township="城关",
            industry="化工",
            tier=Tier.GENERAL,
            credit_risk=CreditRisk.B,
            items=("HJ-01", "HJ-02"),
        )
        for k in (1, 2)
    )
    inspectors = tuple(
        Inspector(inspector_id=i, name=f"员{i}", unit=unit, specialties=spec, capacity=cap)
        for i, unit, spec, cap in people
    )
    rules = ScenarioRules(
        name="小县",
        period="2025Q2",
        seed=4,
        quota=QuotaRules(general=1.0),
        teams=TeamRules(size=size),
        joint=JointRules(**{"internal_min_share": 0, "inter_department_min": 0, **joint}),
    )
    return Scenario(rules=rules, objects=objects, inspectors=inspectors, items=ITEMS)


def ids(problem: Problem, team: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(sorted(problem.inspectors[k].inspector_id for k in team))


def test_bounds_worked_by_hand() -> None:
    # pool capacities 1, 2, 3, 5, 8 in teams of 2: 2 teams, 1 left over
    bounds = Bounds(caps=[1, 2, 3, 5, 8], count=2, leftover=1, size=2)
    # disjoint teams have distinct minima: the worst two teams take 1 + 2 = 3 checks
    assert [bounds.capacity_of(t) for t in (0, 1, 2, -1)] == [0, 1, 3, 0]
    # 4 holders of a specialty, 1 may be left over: at least ceil(3 / 2) = 2 teams hold it
    assert [bounds.teams_holding(h) for h in (0, 1, 2, 3, 4)] == [0, 0, 1, 1, 2]


def test_pool_leaves_out_who_cannot_take_one_on_site_check() -> None:
    people = [
        ("I1", "甲", ("大气",), 3),
        ("I2", "乙", ("水",), 0),
        ("I3", "甲", ("水",), 2),
        ("I4", "乙", ("大气",), 1),
    ]
    problem = Problem(scenario(people))
    pool = team_pool(problem)
    assert sorted(problem.inspectors[k].inspector_id for k in pool) == ["I1", "I3", "I4"]
    assert pool == team_pool(Problem(scenario(people)))  # seeded: the same order every time
    assert team_count(problem, pool) == 1  # 3 // 2


def test_arcs_lead_with_the_least_capacity_within_the_window() -> None:
    people = [
        ("I1", "甲", ("大气",), 3),
        ("I2", "乙", ("水",), 1),
        ("I3", "甲", ("水",), 2),
        ("I4", "乙", ("大气",), 1),
    ]
    problem = Problem(scenario(people))
    order = [0, 1, 2, 3]  # I1 (3), I2 (1), I3 (2), I4 (1)
    # window 1: neighbours only; the leader is the member with less capacity (tie: earlier in order)
    assert team_arcs(problem, order, 1) == [(1, 0), (1, 2), (3, 2)]
    # no window: every pair; I2 and I4 tie on capacity 1, I2 comes first in the order
    assert team_arcs(problem, order, None) == [(1, 0), (2, 0), (3, 0), (1, 2), (1, 3), (3, 2)]
    assert team_arcs(problem, [3, 2, 1, 0], 1) == [(3, 2), (1, 2), (1, 0)]


def test_teams_cover_the_specialties_the_draw_needs() -> None:
    # two on-site checks needing 大气 + 水, two teams of two: each team must hold both, so the
    # two 大气 holders are never together
    people = [
        ("I1", "甲", ("大气",), 2),
        ("I2", "甲", ("大气",), 2),
        ("I3", "乙", ("水",), 2),
        ("I4", "乙", ("水",), 2),
    ]
    problem = Problem(scenario(people))
    for seed in range(6):
        teams, solved = form_teams(problem, list(problem.objects), 0, seed, Budget.start(30, 1), None)
        assert solved.found
        formed = [ids(problem, t) for t in teams]
        assert len(formed) == 2 and sorted(i for t in formed for i in t) == ["I1", "I2", "I3", "I4"]
        assert all({"I1", "I2"} & set(t) and {"I3", "I4"} & set(t) for t in formed), formed


def test_capacity_decides_who_teams_up() -> None:
    # four checks of 大气 + 水 would need 4 capacity per team if both teams took 2: with I1 at 1
    # the team led by I1 takes 1, so the other must take 3: I2 (3) and a 水 holder with >= 3 (I4)
    people = [
        ("I1", "甲", ("大气",), 1),
        ("I2", "甲", ("大气",), 3),
        ("I3", "乙", ("水",), 1),
        ("I4", "乙", ("水",), 3),
    ]
    base = scenario(people)
    objects = tuple(o.model_copy(update={"object_id": f"{o.object_id}{s}"}) for o in base.objects for s in "ab")
    problem = Problem(base.model_copy(update={"objects": objects}))
    teams, solved = form_teams(problem, list(problem.objects), 0, 0, Budget.start(30, 1), None)
    assert solved.found
    assert sorted(ids(problem, t) for t in teams) == [("I1", "I3"), ("I2", "I4")]


def test_joint_share_makes_mixed_teams() -> None:
    # internal joint share 1.0 over two checks: both teams must mix the two units 甲 and 乙
    people = [("I1", "甲", ("大气", "水"), 2), ("I2", "甲", ("大气", "水"), 2), ("I3", "乙", ("大气", "水"), 2),
              ("I4", "乙", ("大气", "水"), 2)]  # fmt: skip
    problem = Problem(scenario(people, internal_min_share=1.0))
    assert problem.joint_required == 2
    units = {i.inspector_id: i.unit for i in problem.inspectors}
    for seed in range(6):
        teams, solved = form_teams(problem, list(problem.objects), 0, seed, Budget.start(30, 1), None)
        assert solved.found
        assert all(len({units[i] for i in ids(problem, t)}) == 2 for t in teams)


@pytest.mark.parametrize("window", [None, 2])
def test_same_seed_same_teams(window: int | None) -> None:
    people = [(f"I{k}", "甲乙"[k % 2], ("大气", "水"), 3) for k in range(8)]
    problem = Problem(scenario(people))
    first, _ = form_teams(problem, list(problem.objects), 0, 7, Budget.start(30, 1), window)
    again, _ = form_teams(Problem(scenario(people)), list(problem.objects), 0, 7, Budget.start(30, 1), window)
    assert first == again and len(first) == 4
