"""Ctrl-C and SIGTERM: stop the solver promptly, leave `--out` as it was, exit 130 or 143.

A command wraps its work in `interruptible()`. While it is active:

- SIGINT and SIGTERM raise `Interrupted` in the main thread (further signals are ignored while
  the command cleans up, so a second Ctrl-C cannot cut a cleanup short);
- every CP-SAT search runs in a helper thread (`run_solver`, installed as
  `scheduler.searches.runner`), so the main thread receives the signal at once and calls
  `stop_search()`: the search ends within milliseconds instead of at its time limit;
- `deferred()` protects a short critical section (moving finished files into `--out`): a signal
  arriving there is acted on when the section ends, so the folder never holds a mix of two runs.

On `Interrupted` the staging folder is removed by `write_atomically` on the way out, then one line
is printed on stderr and the process exits 128 + the signal number (130 for SIGINT, 143 for SIGTERM).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType, ModuleType
from typing import TYPE_CHECKING, Any

import click

from shuangsui.start import stopped_text

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

SIGNALS = (signal.SIGINT, signal.SIGTERM)
Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None
EXIT_SIGINT = 128 + signal.SIGINT  # 130
EXIT_SIGTERM = 128 + signal.SIGTERM  # 143
POLL = 0.05  # seconds between the main thread's checks on a running search


class Interrupted(BaseException):
    """A stop request (SIGINT or SIGTERM); a BaseException so `except Exception` never swallows it."""

    def __init__(self, signum: int, committed: bool = False) -> None:
        super().__init__(signum)
        self.signum = signum
        self.committed = committed  # the outputs had been moved into place already


class _State:
    active = False  # inside interruptible()
    stopping = False  # a signal was acted on: ignore the next ones
    deferring = 0  # depth of deferred() sections
    pending: int | None = None  # a signal received inside a deferred() section


def _handle(signum: int, _frame: FrameType | None) -> None:
    if _State.stopping:
        return
    if _State.deferring:
        _State.pending = signum
        return
    _State.stopping = True
    raise Interrupted(signum)


def run_solver(solver: cp_model.CpSolver, model: cp_model.CpModel) -> Any:
    """`solver.solve(model)` in a helper thread; a stop request stops the search and is re-raised."""
    outcome: list[Any] = []  # the CP-SAT status (kept as CP-SAT returns it), or the error raised
    done = threading.Event()

    def target() -> None:
        try:
            outcome.append(solver.solve(model))
        except BaseException as error:  # handed to the main thread below
            outcome.append(error)
        finally:
            done.set()

    # Waiting on an Event, not Thread.join: a signal interrupting join() can mark a running thread
    # as stopped (Python 3.11), and exiting while CP-SAT still runs aborts the process. The wait
    # returns as soon as the search ends (a sleep loop cost up to POLL per search).
    thread = threading.Thread(target=target, name="cp-sat", daemon=True)
    try:
        with deferred(committed=False):
            thread.start()  # not cut short: once started, the search must be waited for
        while not done.wait(POLL):
            pass
    except Interrupted:
        # Repeat: a stop request that comes before the search has begun is not remembered.
        while not done.wait(POLL):
            solver.stop_search()
        raise
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


@contextmanager
def deferred(committed: bool = True) -> Iterator[None]:
    """A section a stop request must not cut in half; the request is acted on when it ends.

    Parameters
    ----------
    committed
        Whether the section moves the outputs into place (the stop message then says so).
    """
    _State.deferring += 1
    try:
        yield
    finally:
        _State.deferring -= 1
    if not _State.deferring and _State.pending is not None and _State.active:
        signum, _State.pending = _State.pending, None
        _State.stopping = True
        raise Interrupted(signum, committed=committed)


def message(stop: Interrupted) -> str:
    return stopped_text(stop.signum, stop.committed)


@contextmanager
def interruptible(solving: bool = True) -> Iterator[None]:
    """Run a command's work so that SIGINT / SIGTERM stop it cleanly (exit 130 / 143).

    Parameters
    ----------
    solving
        Whether the work runs CP-SAT searches (then each search is made stoppable).
    """
    if threading.current_thread() is not threading.main_thread() or _State.active:
        yield  # signals reach the main thread only; nested use changes nothing
        return
    solver_module: ModuleType | None = None
    if solving:
        from shuangsui.scheduler import searches  # not OR-Tools: the command imports it when it needs it

        solver_module = searches
        old_runner, searches.runner = searches.runner, run_solver
    _State.active, _State.stopping, _State.pending = True, False, None
    previous: dict[signal.Signals, Handler] = {}
    try:
        for signum in SIGNALS:
            previous[signum] = signal.signal(signum, _handle)
        yield
    except Interrupted as stop:
        click.echo(message(stop), err=True)
        sys.exit(128 + stop.signum)
    finally:
        _State.active = False
        if solver_module is not None:
            solver_module.runner = old_runner  # type: ignore[attr-defined]
        for signum, handler in previous.items():
            signal.signal(signum, handler)
