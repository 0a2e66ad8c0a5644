"""Capacity that quietly steers the draw: the report says which rule moved it and by how much."""

from __future__ import annotations

from shuangsui.models.domain import Scenario
from shuangsui.scheduler import SolveResult, solve


def test_standing_teams_of_five_move_the_credit_risk_draw(default_scenario: Scenario, change_rules) -> None:
    """The issue's example was teams of 4 on the version-1 county; the year-ready county (more
    off-site objects) is first steered at 5: on-site checks fall to the standing teams' bound."""
    scenario = change_rules(default_scenario, "teams", size=5)
    result = solve(scenario, workers=1)
    shift = result.draw_shift
    assert shift is not None and "capacity" in shift.rules and shift.blocks == ()
    assert shift.moved >= 1 and len(shift.strata) >= 1
    assert "固定执法小组最多可承担" in shift.message and "（余量 0）" in shift.message
    assert f"有 {shift.moved} 家" in shift.message


def test_default_draw_is_the_quota_only_draw(default_solved: SolveResult) -> None:
    assert default_solved.draw_shift is None
