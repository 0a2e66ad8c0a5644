"""Contract v2, rule 4: the annual cap counts on-site checks (`annual_cap_counts = "onsite"`).

The source plan covers the positive list off-site every quarter; counted as in version 1 (every
check), a positive-list enterprise reaches the cap of 2 after Q2 and no Q3 plan exists. A year of the
default county, each quarter's checks appended to the history, has a plan every quarter.
"""

from __future__ import annotations

from collections import Counter

import pytest
from shuangsui.models.domain import HistoryCheck, Scenario
from shuangsui.models.enums import CapCounts, Mode
from shuangsui.scheduler import SolveStatus, solve
from shuangsui.scheduler.problem import Problem


def next_quarter(scenario: Scenario, period: str, checks: tuple) -> Scenario:
    """The scenario of `period`, the plan's checks appended to the history."""
    done = tuple(
        HistoryCheck(period=scenario.rules.period, object_id=c.object_id, inspector_ids=c.inspector_ids, mode=c.mode)
        for c in checks
    )
    rules = scenario.rules.model_copy(update={"period": period})
    return scenario.model_copy(update={"rules": rules, "history": scenario.history + done})


@pytest.fixture(scope="module")
def year(default_scenario: Scenario) -> list[tuple[Scenario, object]]:
    """Q1..Q4 of 2025 in turn under the default rules (workers = 1)."""
    quarters = []
    scenario = default_scenario
    for q in range(1, 5):
        if q > 1:
            scenario = next_quarter(scenario, f"2025Q{q}", quarters[-1][1].plan.checks)
        result = solve(scenario, workers=1, explain=False)
        assert result.status is SolveStatus.OPTIMAL, (q, [c.message for c in result.conflicts])
        quarters.append((scenario, result))
    return quarters


def test_a_year_of_the_default_county_has_a_plan_every_quarter(year: list) -> None:
    assert [s.rules.period for s, _ in year] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    last, result = year[-1]
    onsite = Counter(h.object_id for h in last.history if h.period.startswith("2025") and h.mode is Mode.ONSITE)
    onsite.update(c.object_id for c in result.plan.checks if c.mode == Mode.ONSITE)
    assert max(onsite.values()) <= last.rules.avoidance.annual_cap
    every = Counter(h.object_id for h in last.history if h.period.startswith("2025"))
    every.update(c.object_id for c in result.plan.checks)
    assert max(every.values()) == 4  # the positive list, off-site every quarter


def test_counting_every_check_leaves_no_q3_plan(year: list, change_rules) -> None:
    """Version 1's reading (`annual_cap_counts = "all"`): the positive list is capped in Q3."""
    q3, _ = year[2]
    old = change_rules(q3, "avoidance", annual_cap_counts="all")
    result = solve(old, workers=1, explain=False)
    assert result.status is SolveStatus.INFEASIBLE
    assert {c.rule for c in result.conflicts} >= {"positive_list"}
    capped = Problem(old).undrawable
    assert any(u.rule == "annual_cap" for u in capped.values())


def test_off_site_history_does_not_count(default_scenario: Scenario, change_rules) -> None:
    """An object checked off-site twice this year may still be checked (on site or off-site) under
    the default; counting every check it is undrawable."""
    obj = next(o for o in default_scenario.objects if o.mode is Mode.OFFSITE and o.tier.value == "general")
    twice = tuple(HistoryCheck(period=p, object_id=obj.object_id, mode=Mode.OFFSITE) for p in ("2025Q1", "2025Q2"))
    q3 = default_scenario.model_copy(
        update={"rules": default_scenario.rules.model_copy(update={"period": "2025Q3"}), "history": twice}
    )
    assert obj.object_id not in Problem(q3).undrawable
    counted = change_rules(q3, "avoidance", annual_cap_counts=CapCounts.ALL.value)
    assert Problem(counted).undrawable[obj.object_id].rule == "annual_cap"
