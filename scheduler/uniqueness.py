"""Proof that a stage's optimum is unique, so any solver run (any threads) returns the same plan.

Re-solve the stage with its objective held at the optimum and the found solution excluded (a
no-good cut over the decision variables): infeasible means no other optimal solution exists.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.cpsat import FEASIBLE, INFEASIBLE, OPTIMAL, Budget, solve_stage
from scheduler.result import StageStats


def prove_unique(
    model: cp_model.CpModel,
    weighted: list[tuple[int, cp_model.IntVar]],
    solver: cp_model.CpSolver,
    name: str,
    budget: Budget,
    time_cap: float,
) -> tuple[bool | None, StageStats]:
    """True: unique; False: another optimum exists; None: not decided within `time_cap`."""
    values = [solver.boolean_value(v) for _, v in weighted]
    best = sum(w for (w, _), on in zip(weighted, values, strict=True) if on)
    copy = model.clone()
    copy.clear_objective()
    twins = [copy.get_bool_var_from_proto_index(v.index) for _, v in weighted]
    copy.add(sum(w * t for (w, _), t in zip(weighted, twins, strict=True)) >= best)
    copy.add(sum((1 - t) if on else t for t, on in zip(twins, values, strict=True)) >= 1)
    _, status, stats = solve_stage(copy, f"uniqueness of {name}", budget, time_cap=time_cap)
    if status == INFEASIBLE:
        return True, stats
    if status in (OPTIMAL, FEASIBLE):
        return False, stats
    return None, stats
