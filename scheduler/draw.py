"""The draw model: which objects are checked, by which draw, maximising seeded random weights.

Staffing rules enter only as necessary totals (capacity, specialty supply, joint potential), so its
optimum is the lexicographically first objective of the full problem whenever it can be staffed.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.problem import DrawOption, Problem
from scheduler.rules import (
    capacity,
    credit_risk_draws,
    directed_draws,
    inter_department,
    internal_joint,
    one_check_per_object,
    positive_list,
    specialty,
)
from scheduler.variables import Selection
from scheduler.weights import permutation_weights


def draw_weights(problem: Problem, seed: int) -> dict[tuple[str, DrawOption], int]:
    keys = [(o.object_id, opt) for o in problem.drawable for opt in problem.options(o)]
    return permutation_weights(seed, "draw", keys)


def add_selection(model: cp_model.CpModel, problem: Problem, *, aggregates: bool) -> Selection:
    sel = Selection(objects=problem.drawable)
    for obj in sel.objects:
        sel.x[obj.object_id] = {
            opt: model.new_bool_var(f"x[{obj.object_id},{opt[0]},{opt[1]}]") for opt in problem.options(obj)
        }
    one_check_per_object.aggregate(model, sel)
    credit_risk_draws.aggregate(model, problem, sel)
    positive_list.aggregate(model, problem, sel)
    directed_draws.aggregate(model, problem, sel)
    inter_department.aggregate(model, problem, sel)
    if aggregates:
        capacity.aggregate(model, problem, sel)
        specialty.aggregate(model, problem, sel)
        internal_joint.aggregate(model, problem, sel)
    return sel


def chosen(solver: cp_model.CpSolver, sel: Selection) -> dict[str, DrawOption]:
    return {oid: opt for oid, opt, var in sel.variables() if solver.boolean_value(var)}
