"""Unique optima, so that any solver run (any threads) returns the same plan.

Each stage is solved, then re-solved with the found solution excluded (a no-good cut over the
decision variables): if no remaining solution is as good, no other optimal solution exists
(`cut_off_proof`). Should another optimum exist (equal sums of random weights), the stage keeps its optimal value
and breaks the tie with fresh seeded weights, and is proven again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model
from shuangsui.scheduler.cpsat import FEASIBLE, INFEASIBLE, OPTIMAL, UNKNOWN, Budget, Outcome, solve_stage
from shuangsui.scheduler.result import StageStats
from shuangsui.scheduler.weights import permutation_weights

UNIQUENESS_TIME_CAP = 10.0  # seconds for one form of a proof (`cut_off_proof`)
TIE_BREAK_ROUNDS = 3
AS_GOOD_SHARE = 0.5  # of the stage's solve time, for the first form of a proof (`cut_off_proof`)
AS_GOOD_MIN = 0.5  # seconds
# The first form's cap (seconds) on the assignment stages (`assign`, `groups`): there it decided within
# 0.02-0.2 s or not at all (5,000 per_check: passed on; 20,000 / 500: still searching after 10 s, where
# the second form decides in ~6 s), so its share of a long solve is time lost.
AS_GOOD_CAP_ASSIGNMENT = 1.0
OBJECTIVE_LIMIT = 2**62
INT64_MAX = 2**63 - 1  # an unbounded side of a linear constraint's domain, as OR-Tools writes it
# A proof stage's verdict as recorded in its StageStats (and feasibility.json's stages).
VERDICTS = {True: "unique", False: "another_optimum", None: "undecided"}
PASSED_ON = "passed_on"  # the first form's verdict when it leaves the question to the second-best search

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
    as_good_cap: float = UNIQUENESS_TIME_CAP,
) -> Solved:
    """Maximise `weighted`; when `budget.prove` is set, prove the optimum unique (or break ties).

    With `budget.proofs` the proof runs beside the caller (`scheduler.proofs`): the verdict is set
    when it ends, and a tie is the pipeline's to handle. `presolve`: let CP-SAT presolve (worth it
    when many variables are fixed by constraints). `as_good_cap`: at most this long for the first
    form of the proof (`cut_off_proof`)."""
    maximize(model, weighted)
    solver, status, stats = solve_stage(model, name, budget, time_cap=time_cap, presolve=presolve)
    solved = Solved(name, solver, status, None, [stats])
    for round_ in range(1, TIE_BREAK_ROUNDS + 1):
        if not (budget.prove and solved.optimal):
            return solved
        proof = cut_off_proof(
            model,
            weighted,
            solved.solver,
            name,
            UNIQUENESS_TIME_CAP,
            solve_time=solved.stats[-1].wall_time,
            as_good_cap=as_good_cap,
        )
        if budget.proofs is not None:
            budget.proofs.start(solved.stats[-1], proof, budget, functools.partial(setattr, solved, "verdict"))
            return solved
        solved.verdict, proofs = proof(budget)
        solved.stats += proofs
        if solved.verdict is not False:
            return solved
        best = sum(w for w, v in weighted if solved.solver.boolean_value(v))
        model.add(sum(w * v for w, v in weighted) == best)
        fresh = permutation_weights(round_, "tie-break", [w for w, _ in weighted])
        weighted = [(fresh[w], v) for w, v in weighted]
        maximize(model, weighted)
        solver, status, stats = solve_stage(
            model, f"{name} (tie-break {round_})", budget, time_cap=time_cap, presolve=presolve
        )
        solved.solver, solved.status = solver, status
        solved.stats.append(stats)
    return solved


def maximize(model: cp_model.CpModel, weighted: Weighted) -> None:
    """`model.maximize(sum(w * v for w, v in weighted))`: the same objective, written into the proto at
    once, ordered by variable as OR-Tools orders it (which appends it term by term in Python: ~0.25 s
    for 40,000 terms). Terms it would merge or rewrite (a variable twice, a zero weight, a negated
    literal; no term at all) go through `model.maximize`."""
    indices = _distinct_variables(weighted)
    if indices is None or 0 in (w for w, _ in weighted):
        model.maximize(sum(w * v for w, v in weighted))
        return
    terms = sorted(zip(indices, [-w for w, _ in weighted], strict=True))  # by variable, as OR-Tools writes it
    model.clear_objective()
    objective = model.proto.objective
    objective.vars.extend([index for index, _ in terms])
    objective.coeffs.extend([coeff for _, coeff in terms])
    objective.scaling_factor = -1.0


def _distinct_variables(weighted: Weighted) -> list[int] | None:
    """The proto indices of the weighted variables when each term is a distinct variable (the terms a
    linear sum writes as they are); None when there is no term, a negated literal or a variable twice."""
    indices = [v.index for _, v in weighted]
    if not indices or not all(isinstance(v, cp_model.IntVar) for _, v in weighted):
        return None
    return indices if len(set(indices)) == len(indices) else None


def cut_off_proof(
    model: cp_model.CpModel,
    weighted: list[tuple[int, cp_model.IntVar]],
    solver: cp_model.CpSolver,
    name: str,
    time_cap: float,
    *,
    solve_time: float = 0.0,
    as_good_cap: float = UNIQUENESS_TIME_CAP,
) -> Callable[[Budget], tuple[bool | None, list[StageStats]]]:
    """The proof that `solver`'s solution is the only optimum, ready to run on a budget: its copy of
    `model` and the solution's values are taken now, so the caller may go on changing both. Run, it
    returns True: unique; False: another optimum exists; None: not decided within `time_cap` (each
    form's); and the stats of its searches.

    The stage's model with the found solution cut off, asked in two forms:
    1. "as good": the objective restricted to at least the optimum (no solution: unique). The LP
       then fixes most variables at once; it decides team formation's models in a fraction of the
       time the second form takes, but can search long on an assignment's, so it gets a share of
       the stage's own solve time (`solve_time`), at most `as_good_cap`;
    2. "second best": maximise, stopping once the proven bound falls below the optimum.
    Neither presolves: on the default county and 1,500 to 20,000 objects both decide faster without
    (CP-SAT's presolve of the copy costs more than it saves, even where the stage presolves).
    """
    values = [solver.boolean_value(v) for _, v in weighted]
    best = sum(w for (w, _), on in zip(weighted, values, strict=True) if on)
    first_cap = min(time_cap, as_good_cap, max(AS_GOOD_MIN, AS_GOOD_SHARE * solve_time))
    cut = _cut_off(model, weighted, values)
    _at_least(cut, best)
    return functools.partial(_decide, cut, best, name, (first_cap, time_cap))


def _decide(
    cut: cp_model.CpModel, best: int, name: str, caps: tuple[float, float], budget: Budget
) -> tuple[bool | None, list[StageStats]]:
    """The two forms of `cut_off_proof` on the cut-off copy (objective at least `best`)."""
    first_cap, time_cap = caps
    _, status, first = solve_stage(cut, f"uniqueness of {name}", budget, time_cap=first_cap)
    if status != UNKNOWN:
        as_good = status != INFEASIBLE  # a solution as good as the optimum
        return not as_good, [replace(first, verdict=VERDICTS[not as_good])]
    first = replace(first, verdict=PASSED_ON)
    cut.proto.objective.domain.clear()  # the same copy, any objective value
    second, status, stats = solve_stage(
        cut,
        f"uniqueness of {name} (second best)",
        budget,
        time_cap=time_cap,
        stop_below=best,
    )
    verdict: bool | None = None
    if status == INFEASIBLE or second.best_objective_bound < best:
        verdict = True
    elif status in (OPTIMAL, FEASIBLE) and second.objective_value >= best:
        verdict = False
    return verdict, [first, replace(stats, verdict=VERDICTS[verdict])]


def _cut_off(model: cp_model.CpModel, weighted: Weighted, values: list[bool]) -> cp_model.CpModel:
    """A copy of `model` without the solution `values` (of the weighted variables): at least one of
    them differs, sum(1 - x for x on) + sum(x for x off) >= 1. Written into the proto as OR-Tools
    writes that sum (by variable, constant in the domain) when every term is a distinct variable."""
    copy = model.clone()
    indices = _distinct_variables(weighted)
    if indices is None:  # OR-Tools' own sum
        twins = [copy.get_bool_var_from_proto_index(v.index) for _, v in weighted]
        copy.add(sum((1 - t) if on else t for t, on in zip(twins, values, strict=True)) >= 1)
        return copy
    terms = sorted(zip(indices, [-1 if on else 1 for on in values], strict=True))
    linear = copy.proto.constraints.add().linear
    linear.vars.extend([index for index, _ in terms])
    linear.coeffs.extend([coeff for _, coeff in terms])
    linear.domain.extend([1 - sum(values), INT64_MAX])
    return copy


def _at_least(model: cp_model.CpModel, best: int) -> None:
    """Only solutions whose objective (maximised, no constant) is at least `best`: CP-SAT minimises
    the negated sum, so its objective domain is (-inf, -best]."""
    objective = model.proto.objective
    if not objective.vars:
        return  # nothing weighted: the cut alone leaves no solution
    if objective.scaling_factor >= 0 or objective.offset != 0:
        raise ValueError("_at_least expects a maximised objective without a constant")
    objective.domain.extend([-OBJECTIVE_LIMIT, -best])
