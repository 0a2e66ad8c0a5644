"""The draw: its seeded random weights, the credit-risk-first solve, and reading the drawn objects.

Contract v2: within every stratum the credit-risk sample is the one the seed gives when the directed
blocks are ignored, whenever the blocks can still be met from what is left. So the draw is solved
lexicographically: first the credit-risk sample alone (maximising its seeded weights, with every
other draw rule only as a condition on what is left), then, with that sample fixed, the positive list
and the directed blocks from the rest. The draw models themselves are built in `scheduler.complete`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model
from shuangsui.models.enums import Draw, Mode
from shuangsui.scheduler.cpsat import INFEASIBLE, Budget, Outcome
from shuangsui.scheduler.problem import DrawOption, Problem
from shuangsui.scheduler.uniqueness import Solved, solve_unique
from shuangsui.scheduler.variables import Selection
from shuangsui.scheduler.weights import permutation_weights

Weights = dict[tuple[str, DrawOption], int]


def draw_weights(problem: Problem, seed: int) -> Weights:
    keys = [(o.object_id, opt) for o in problem.drawable for opt in problem.options(o)]
    return permutation_weights(seed, "draw", keys)


def chosen(solver: cp_model.CpSolver, sel: Selection) -> dict[str, DrawOption]:
    return {oid: opt for oid, opt, var in sel.variables() if solver.boolean_value(var)}


def modes_of(problem: Problem, drawn: dict[str, DrawOption]) -> dict[str, Mode]:
    """The mode of each drawn check (v2: it may depend on the draw)."""
    by_id = problem.scenario.object_by_id
    return {oid: problem.mode(by_id[oid], opt[0]) for oid, opt in drawn.items()}


@dataclass
class Drew:
    """A solved draw model: its stages (credit-risk sample, then the other draws)."""

    stages: list[Solved]

    @property
    def last(self) -> Solved:
        return self.stages[-1]

    @property
    def status(self) -> Outcome:
        return self.last.status

    @property
    def found(self) -> bool:
        return all(s.found for s in self.stages)

    @property
    def optimal(self) -> bool:
        return all(s.optimal for s in self.stages)

    @property
    def solver(self) -> cp_model.CpSolver:
        return self.last.solver

    @property
    def stats(self) -> list:
        return [st for s in self.stages for st in s.stats]


def solve_draw(
    model: cp_model.CpModel,
    sel: Selection,
    weights: Weights,
    name: str,
    budget: Budget,
    *,
    time_cap: float | None = None,
    credit_first: bool = True,
) -> Drew:
    """Solve a draw model. `credit_first=False` is version 1's single objective over every draw
    (kept to show, in tests, how directed blocks bent the credit-risk sample)."""
    everything = [(weights[oid, opt], var) for oid, opt, var in sel.variables()]
    if not credit_first:
        return Drew([solve_unique(model, everything, name, budget, time_cap=time_cap)])
    credit = sel.credit()
    first = [(weights[oid, (Draw.CREDIT_RISK, None)], var) for oid, var in credit]
    sample = solve_unique(model, first, f"{name}: credit-risk sample", budget, time_cap=time_cap)
    if not sample.found:
        return Drew([sample])
    credit_ids = {var.index for _, var in credit}
    rest = [(w, var) for w, var in everything if var.index not in credit_ids]
    if not rest:
        return Drew([sample])
    for _, var in credit:
        model.add(var == int(sample.solver.boolean_value(var)))
    # Presolve drops the fixed sample (without it the search keeps every fixed variable in its LP).
    others = solve_unique(model, rest, f"{name}: other draws", budget, time_cap=time_cap, presolve=True)
    if others.status == INFEASIBLE:  # cannot happen: the sample was feasible with these rules
        raise RuntimeError("draw: the credit-risk sample left no feasible directed draw")
    return Drew([sample, others])
