"""The draw's seeded random weights and reading the drawn objects off a solved draw model.

The draw models themselves (draw rules plus the staffing rules' necessary totals, and the tighter
fallbacks) are built in `scheduler.complete`.
"""

from __future__ import annotations

from ortools.sat.python import cp_model
from shuangsui.scheduler.problem import DrawOption, Problem
from shuangsui.scheduler.variables import Selection
from shuangsui.scheduler.weights import permutation_weights


def draw_weights(problem: Problem, seed: int) -> dict[tuple[str, DrawOption], int]:
    keys = [(o.object_id, opt) for o in problem.drawable for opt in problem.options(o)]
    return permutation_weights(seed, "draw", keys)


def chosen(solver: cp_model.CpSolver, sel: Selection) -> dict[str, DrawOption]:
    return {oid: opt for oid, opt, var in sel.variables() if solver.boolean_value(var)}
