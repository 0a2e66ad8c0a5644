"""Uniqueness proofs run beside the pipeline: a stage's proof in a thread while the next model is built.

A proof (`uniqueness.cut_off_proof`) reads nothing the pipeline changes afterwards: its copy of the
model and the solution's values are taken before the pipeline goes on. It changes the plan only when
it finds another optimum (the stage then breaks the tie); `pipeline.solve` then plans again with the
proofs in line, so the plan is the same as with every proof in line. One proof runs at a time, and a
stage's search waits for it (`Budget.proofs`, `cpsat.solve_stage`): the proof shares the cores with
the Python model building, never with a stage's search.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from shuangsui.scheduler.result import StageStats

if TYPE_CHECKING:
    from ortools.sat.python import cp_model
    from shuangsui.scheduler.cpsat import Budget

POLL = 0.05  # seconds between checks while waiting (a stop request in the main thread acts at once)
Proof = Callable[["Budget"], tuple[bool | None, list[StageStats]]]


class Proofs:
    """The proofs of one pipeline run: started one at a time, their stages placed after the proven ones."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self._done.set()
        self._solvers: list[cp_model.CpSolver] = []  # every search a proof started (to stop them)
        self._placed: list[tuple[StageStats, list[StageStats]]] = []
        self._verdicts: list[bool | None] = []
        self._error: BaseException | None = None
        self._stopped = False

    def start(self, stage: StageStats, proof: Proof, budget: Budget, answer: Callable[[bool | None], None]) -> None:
        """Run `proof` in a thread once the previous one is done; `answer(verdict)` when it ends.

        `stage`: the proven stage's stats, after which the proof's own go (`place`)."""
        self.wait()
        own = replace(budget, proofs=None, watch=self._solvers.append)  # searches directly, stoppable here
        self._done = done = threading.Event()

        def run() -> None:
            try:
                if self._stopped:
                    return
                verdict, stats = proof(own)
                answer(verdict)
                self._verdicts.append(verdict)
                self._placed.append((stage, stats))
            except BaseException as error:  # handed to the waiting thread
                self._error = error
            finally:
                done.set()

        threading.Thread(target=run, name="uniqueness-proof", daemon=True).start()

    def wait(self) -> None:
        """Until the running proof (if any) is done; its error, if it raised one, is raised here."""
        while not self._done.wait(POLL):
            pass
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def stop(self) -> None:
        """Stop the running proof and wait for it (after an error or a stop request in the pipeline)."""
        self._stopped = True
        while not self._done.wait(POLL):
            for solver in self._solvers:
                solver.stop_search()  # again at every check: a stop before a search begins is forgotten
        self._error = None

    @property
    def tie(self) -> bool:
        """Whether a finished proof found another optimum."""
        return any(v is False for v in self._verdicts)

    def place(self, stages: list[StageStats]) -> list[StageStats]:
        """`stages` with each finished proof's stats right after the stage it proves (waits first)."""
        self.wait()
        after = {id(stage): stats for stage, stats in self._placed}
        return [s for stage in stages for s in (stage, *after.get(id(stage), ()))]
