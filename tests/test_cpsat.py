"""The solver boundary: CP-SAT statuses are mapped once to `Outcome`; no raw integers beyond it."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model
from shuangsui.scheduler.cpsat import Budget, ModelInvalid, Outcome, outcome, solve_stage
from shuangsui.scheduler.uniqueness import solve_unique


def test_every_cp_sat_status_is_mapped_or_refused() -> None:
    assert outcome(cp_model.OPTIMAL) is Outcome.OPTIMAL
    assert outcome(cp_model.FEASIBLE) is Outcome.FEASIBLE
    assert outcome(cp_model.INFEASIBLE) is Outcome.INFEASIBLE
    assert outcome(cp_model.UNKNOWN) is Outcome.UNKNOWN
    with pytest.raises(ModelInvalid):
        outcome(cp_model.MODEL_INVALID)


def test_stages_report_outcomes() -> None:
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{k}") for k in range(3)]
    model.add(sum(x) == 1)
    solved = solve_unique(model, [(3, x[0]), (2, x[1]), (1, x[2])], "toy", Budget.start(5, 1))
    assert solved.status is Outcome.OPTIMAL and solved.verdict is True and solved.found
    model.add(x[0] + x[1] + x[2] == 2)
    _, status, stats = solve_stage(model, "toy", Budget.start(5, 1))
    assert status is Outcome.INFEASIBLE and stats.status == "infeasible" and not status.found


def test_an_invalid_model_is_a_bug_not_a_status() -> None:
    model = cp_model.CpModel()
    x = model.new_int_var(0, 3, "x")
    domain = model.proto.variables[x.index].domain
    domain[0], domain[1] = 3, 0  # an empty domain: CP-SAT says MODEL_INVALID
    with pytest.raises(ModelInvalid):
        solve_stage(model, "broken", Budget.start(5, 1))


def test_a_solve_carries_only_outcomes(default_solved) -> None:
    result = default_solved
    assert {s.status for s in result.stages} <= {o.value for o in Outcome}
