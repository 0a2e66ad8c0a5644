"""Proof that a stage's optimum is unique, so any solver run (any threads) returns the same plan.

Re-solve the stage with the found solution excluded (a no-good cut over the decision variables):
if the best remaining solution is strictly worse, no other optimal solution exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.cpsat import FEASIBLE, INFEASIBLE, OPTIMAL, Budget, solve_stage
from scheduler.result import StageStats


@dataclass
class Solved:
    """A stage solved to optimality, kept so that its uniqueness can be proven afterwards."""

    name: str
    model: cp_model.CpModel
    solver: cp_model.CpSolver
    weighted: list[tuple[int, cp_model.IntVar]]  # the objective: (weight, decision variable)
    optimal: bool = True  # False: cut by the time limit (then nothing is proven)


def prove_unique(
    model: cp_model.CpModel,
    weighted: list[tuple[int, cp_model.IntVar]],
    solver: cp_model.CpSolver,
    name: str,
    budget: Budget,
    time_cap: float,
) -> tuple[bool | None, StageStats]:
    """True: unique; False: another optimum exists; None: not decided within `time_cap`.

    Solves for the second-best solution (the stage with the found one cut off): the optimum is
    unique exactly when the second best is strictly worse, or when no other solution exists.
    """
    values = [solver.boolean_value(v) for _, v in weighted]
    best = sum(w for (w, _), on in zip(weighted, values, strict=True) if on)
    copy = model.clone()
    twins = [copy.get_bool_var_from_proto_index(v.index) for _, v in weighted]
    copy.add(sum((1 - t) if on else t for t, on in zip(twins, values, strict=True)) >= 1)
    second, status, stats = solve_stage(copy, f"uniqueness of {name}", budget, time_cap=time_cap)
    if status == INFEASIBLE:
        return True, stats
    if status in (OPTIMAL, FEASIBLE) and second.best_objective_bound < best:
        return True, stats
    if status in (OPTIMAL, FEASIBLE) and second.objective_value >= best:
        return False, stats
    return None, stats
