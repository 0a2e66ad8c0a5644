"""Unique optima, so that any solver run (any threads) returns the same plan.

Each stage is solved, then re-solved with the found solution excluded (a no-good cut over the
decision variables): if the best remaining solution is strictly worse, no other optimal solution
exists. Should another optimum exist (equal sums of random weights), the stage keeps its optimal value
and breaks the tie with fresh seeded weights, and is proven again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ortools.sat.python import cp_model
from shuangsui.scheduler.cpsat import FEASIBLE, INFEASIBLE, OPTIMAL, Budget, Outcome, solve_stage
from shuangsui.scheduler.result import StageStats
from shuangsui.scheduler.weights import permutation_weights

UNIQUENESS_TIME_CAP = 10.0  # seconds for one proof
TIE_BREAK_ROUNDS = 3
# A proof stage's verdict as recorded in its StageStats (and feasibility.json's stages).
VERDICTS = {True: "unique", False: "another_optimum", None: "undecided"}

Weighted = list[tuple[int, cp_model.IntVar]]  # an objective: (weight, decision variable)


@dataclass
class Solved:
    """A solved stage: its status and whether its optimum was proven unique."""

    name: str
    solver: cp_model.CpSolver
    status: Outcome
    verdict: bool | None  # True unique, False another optimum remains, None not proven
    stats: list[StageStats]

    @property
    def found(self) -> bool:
        return self.status in (OPTIMAL, FEASIBLE)

    @property
    def optimal(self) -> bool:
        return self.status == OPTIMAL


def solve_unique(
    model: cp_model.CpModel,
    weighted: Weighted,
    name: str,
    budget: Budget,
    *,
    time_cap: float | None = None,
    presolve: bool = False,
) -> Solved:
    """Maximise `weighted`; when `budget.prove` is set, prove the optimum unique (or break ties).

    `presolve`: let CP-SAT presolve (worth it when many variables are fixed by constraints)."""
    model.maximize(sum(w * v for w, v in weighted))
    solver, status, stats = solve_stage(model, name, budget, time_cap=time_cap, presolve=presolve)
    solved = Solved(name, solver, status, None, [stats])
    for round_ in range(1, TIE_BREAK_ROUNDS + 1):
        if not (budget.prove and solved.optimal):
            return solved
        solved.verdict, proof = prove_unique(
            model, weighted, solved.solver, name, budget, UNIQUENESS_TIME_CAP, presolve=presolve
        )
        solved.stats.append(proof)
        if solved.verdict is not False:
            return solved
        best = sum(w for w, v in weighted if solved.solver.boolean_value(v))
        model.add(sum(w * v for w, v in weighted) == best)
        fresh = permutation_weights(round_, "tie-break", [w for w, _ in weighted])
        weighted = [(fresh[w], v) for w, v in weighted]
        model.maximize(sum(w * v for w, v in weighted))
        solver, status, stats = solve_stage(
            model, f"{name} (tie-break {round_})", budget, time_cap=time_cap, presolve=presolve
        )
        solved.solver, solved.status = solver, status
        solved.stats.append(stats)
    return solved


def prove_unique(
    model: cp_model.CpModel,
    weighted: list[tuple[int, cp_model.IntVar]],
    solver: cp_model.CpSolver,
    name: str,
    budget: Budget,
    time_cap: float,
    *,
    presolve: bool = False,
) -> tuple[bool | None, StageStats]:
    """True: unique; False: another optimum exists; None: not decided within `time_cap`.

    Solves for the second-best solution (the stage with the found one cut off): the optimum is
    unique exactly when the second best is strictly worse, or when no other solution exists. The
    search stops once its proven bound is below the optimum: the second best itself is not needed.
    """
    values = [solver.boolean_value(v) for _, v in weighted]
    best = sum(w for (w, _), on in zip(weighted, values, strict=True) if on)
    copy = model.clone()
    twins = [copy.get_bool_var_from_proto_index(v.index) for _, v in weighted]
    copy.add(sum((1 - t) if on else t for t, on in zip(twins, values, strict=True)) >= 1)
    second, status, stats = solve_stage(
        copy, f"uniqueness of {name}", budget, time_cap=time_cap, presolve=presolve, stop_below=best
    )
    verdict: bool | None = None
    if status == INFEASIBLE or second.best_objective_bound < best:
        verdict = True
    elif status in (OPTIMAL, FEASIBLE) and second.objective_value >= best:
        verdict = False
    return verdict, replace(stats, verdict=VERDICTS[verdict])
