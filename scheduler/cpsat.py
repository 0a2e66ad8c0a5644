"""Running one CP-SAT stage with explicit seed, time limit and workers, and recording its stats.

The solver boundary: CP-SAT's integer status is mapped here, once, to `Outcome`; nothing beyond this
module sees a raw CP-SAT status (`Solved`, `Staffing` and the pipeline compare `Outcome`s).
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from ortools.sat.python import cp_model
from shuangsui.scheduler import searches
from shuangsui.scheduler.result import StageStats


class Outcome(StrEnum):
    """How a stage's solve ended, in the project's words."""

    OPTIMAL = "optimal"  # proven optimal (or, without objective, a solution found)
    FEASIBLE = "feasible"  # a solution, optimality not proven within the time limit
    INFEASIBLE = "infeasible"  # proven: no solution
    UNKNOWN = "unknown"  # neither within the time limit

    @property
    def found(self) -> bool:
        return self in (Outcome.OPTIMAL, Outcome.FEASIBLE)


OPTIMAL = Outcome.OPTIMAL
FEASIBLE = Outcome.FEASIBLE
INFEASIBLE = Outcome.INFEASIBLE
UNKNOWN = Outcome.UNKNOWN
_OUTCOMES = {
    cp_model.OPTIMAL: OPTIMAL,
    cp_model.FEASIBLE: FEASIBLE,
    cp_model.INFEASIBLE: INFEASIBLE,
    cp_model.UNKNOWN: UNKNOWN,
}


class ModelInvalid(RuntimeError):
    """CP-SAT rejected a model: a bug in a model builder, never a user's mistake."""


def outcome(status: int, model: cp_model.CpModel | None = None, name: str = "") -> Outcome:
    """The `Outcome` of a CP-SAT status (MODEL_INVALID raises `ModelInvalid`)."""
    if status not in _OUTCOMES:
        detail = model.validate() if model is not None else ""
        raise ModelInvalid(f"CP-SAT status {status} in stage {name!r}: {detail}")
    return _OUTCOMES[status]


def run(solver: cp_model.CpSolver, model: cp_model.CpModel, name: str) -> Outcome:
    """One CP-SAT search with the solver's own parameters, through the stoppable runner swapped in by
    the caller, if any (`scheduler.searches`).

    For the models that set their parameters themselves (recusal); the stages use `solve_stage`.
    """
    runner = searches.runner or cp_model.CpSolver.solve
    return outcome(runner(solver, model), model, name)


WORKERS_ENV = "SHUANGSUI_WORKERS"


def all_cores() -> int:
    """The CP-SAT workers that 0 ("all cores") stands for: $SHUANGSUI_WORKERS when it is a positive
    integer (a container's CPU quota below the host's cores; the test suite's parallel processes),
    else the machine's cores."""
    value = os.environ.get(WORKERS_ENV, "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return os.cpu_count() or 1


class Beside(Protocol):
    """Proofs run beside the pipeline (`scheduler.proofs.Proofs`); a stage's search waits for them."""

    def start(
        self,
        stage: StageStats,
        proof: Callable[[Budget], tuple[bool | None, list[StageStats]]],
        budget: Budget,
        answer: Callable[[bool | None], None],
    ) -> None: ...

    def wait(self) -> None: ...


@dataclass
class Budget:
    """The time left for the whole pipeline; each stage takes what remains."""

    deadline: float
    workers: int
    prove: bool = True  # prove each stage's optimum unique (breaking ties if needed)
    proofs: Beside | None = None  # run the proofs beside the pipeline (`scheduler.proofs`), else in line
    watch: Callable[[cp_model.CpSolver], object] | None = None  # a proof thread's: told of each search

    @classmethod
    def start(cls, time_limit: float, workers: int, prove: bool = True) -> Budget:
        return cls(time.monotonic() + time_limit, workers or all_cores(), prove)

    def left(self) -> float:
        return max(0.05, self.deadline - time.monotonic())


def solve_stage(
    model: cp_model.CpModel,
    name: str,
    budget: Budget,
    *,
    time_cap: float | None = None,
    presolve: bool = False,
    stop_below: float | None = None,
) -> tuple[cp_model.CpSolver, Outcome, StageStats]:
    """Maximise `model` (or find a solution) within the budget.

    `stop_below`: stop as soon as the proven upper bound falls below it (a uniqueness proof needs
    no more); the status is then FEASIBLE or UNKNOWN and `best_objective_bound` is the proof."""
    if budget.proofs is not None:
        budget.proofs.wait()  # a stage's search gets the cores the running proof would take
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = budget.workers
    params.max_time_in_seconds = min(budget.left(), time_cap or float("inf"))
    params.random_seed = 0  # the draw's randomness is in the objective, never in the search
    params.linearization_level = 2
    # Presolve's dominance detection costs seconds on these models and gains nothing measurable.
    params.cp_model_presolve = presolve
    params.catch_sigint_signal = False  # CP-SAT's own handler would swallow Ctrl-C (see shuangsui.interrupts)
    if budget.workers > 1:
        # Strong LP bounds prove optimality of the perturbed assignment models quickly.
        params.extra_subsolvers.append("max_lp")
    if stop_below is not None:
        solver.best_bound_callback = functools.partial(_stop_below, solver, stop_below)
    started = time.perf_counter()
    if budget.watch is None:
        status = run(solver, model, name)
    else:  # in a proof's thread: stopped by its owner (`Proofs.stop`), not by the runner's signals
        budget.watch(solver)
        status = outcome(solver.solve(model), model, name)
    proto = model.proto
    found = status.found
    stats = StageStats(
        name=name,
        status=status.value,
        wall_time=round(time.perf_counter() - started, 4),
        objective=solver.objective_value if found and model.has_objective() else None,
        best_bound=solver.best_objective_bound if found and model.has_objective() else None,
        num_variables=len(proto.variables),
        num_constraints=len(proto.constraints),
        branches=solver.num_branches,
        conflicts=solver.num_conflicts,
    )
    return solver, status, stats


def _stop_below(solver: cp_model.CpSolver, limit: float, bound: float) -> None:
    if bound < limit:
        solver.stop_search()
