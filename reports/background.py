"""Work in a forked process while the parent goes on (report charts beside the Excel and Word writing).

`Background` forks when the work is known; `Helper` forks at the start of a command and prepares
(imports matplotlib) while the parent loads and solves, then takes jobs one after the other. `Shared`
splits a list of jobs between a forked child (or a helper) and its parent, whichever is free first
taking the next one. `Aside`
gives jobs to a child that runs only on an idle core, the parent doing whatever it has not finished.

On 2 cores the charts (matplotlib, ~2 s for a 5,000-object plan) and the workbooks take turns no
longer. The child computes exactly what the parent would (same function, same data: same bytes);
where fork is missing, or the child fails, the parent computes the result itself.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import pickle
import queue
import select
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")


STOPS = {signal.SIGINT, signal.SIGTERM}


def _quiet_signals() -> None:
    # A stop request is the parent's to handle; the child just ends with it. The child starts with
    # the stops blocked (`_start`), so one arriving before this point (Ctrl-C to the terminal's
    # process group, or `close()` right after the fork) is acted on only now, without the parent's
    # handler (which would raise in the child and print a traceback).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)


def _answer(connection: Any, work: Callable[[], Any]) -> None:
    try:
        connection.send_bytes(_answered(work))
    finally:
        connection.close()


def _child(connection: Any, work: Callable[[], Any]) -> None:
    _quiet_signals()
    _answer(connection, work)


def _serve(connection: Any, payload: tuple[Callable[[], object], Callable[[], object] | None, Any]) -> None:
    global _HELPER_CLAIMS
    prepare, first, _HELPER_CLAIMS = payload
    _quiet_signals()
    # Jobs come in and answers go out by threads, so that the parent never waits to hand over a job (the
    # report's tables) while a job runs here, nor this process to hand over a large answer (charts).
    jobs: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    answers: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    threads = [
        threading.Thread(target=_receive_all, args=(connection, jobs), daemon=True),
        threading.Thread(target=_send_all, args=(connection, answers), daemon=True),
    ]
    for thread in threads:
        thread.start()
    if first is not None:
        answers.put(_answered(first))
    with contextlib.suppress(Exception):  # the jobs will fail the same way and the parent compute them
        prepare()
    try:
        while (job := jobs.get()) is not None:  # the jobs in the order they come, each answered
            answers.put(_answered(functools.partial(_run_pickled, job)))
    finally:
        answers.put(None)
        threads[1].join()


def _run_pickled(job: bytes) -> object:
    function, args = pickle.loads(job)
    return function(*args)


def _answered(work: Callable[[], object]) -> bytes:
    """`work`'s answer for the parent: (True, its result), or (False, the traceback)."""
    try:
        return pickle.dumps((True, work()))
    except BaseException:
        return pickle.dumps((False, traceback.format_exc()))


def _receive_all(connection: Any, jobs: queue.SimpleQueue[bytes | None]) -> None:
    try:
        while (job := connection.recv_bytes()) != NO_MORE_JOBS:
            jobs.put(job)
    except (EOFError, OSError):  # the parent has gone
        pass
    jobs.put(None)


def _send_all(connection: Any, answers: queue.SimpleQueue[bytes | None]) -> None:
    while (answer := answers.get()) is not None:
        try:
            connection.send_bytes(answer)
        except OSError:  # the parent has gone
            return


def _can_fork() -> bool:
    if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
        return False
    return multiprocessing.parent_process() is None  # already a worker (e.g. year's quarters): no nesting


def _start(target: Callable[[Any, Any], None], payload: Any, duplex: bool) -> tuple[Any, Any]:
    """A daemon child running `target(its end of a pipe, payload)`: (process, our end), or (None, None)
    where fork is missing, nested or refused (the caller then computes in place)."""
    if not _can_fork():
        return None, None
    context = multiprocessing.get_context("fork")
    here, there = context.Pipe(duplex=duplex)  # one-way: (receiving end, sending end)
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)  # inherited by the child: see _quiet_signals
    try:
        process = context.Process(target=target, args=(there, payload), daemon=True)
        process.start()
    except OSError:  # no process left to fork
        here.close()
        return None, None
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        there.close()
    return process, here


class Pending(Generic[T]):
    """The answer of a forked child to come; `result()` waits for it (or computes it here)."""

    def __init__(self, work: Callable[[], T], process: Any = None, connection: Any = None) -> None:
        self._work = work
        self._process = process
        self._connection = connection

    def result(self) -> T:
        if self._process is None:
            return self._work()
        try:
            ok, value = pickle.loads(self._connection.recv_bytes())
        except (EOFError, OSError):  # the child died (killed, out of memory)
            ok, value = False, None
        finally:
            self._connection.close()
            self._process.join()
            self._process = None
        return value if ok else self._work()

    def close(self) -> None:
        """Stop the child if its result was never collected (the caller failed or was interrupted)."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._connection.close()
            self._process = None


class Background(Pending[T]):
    """`work()` started in a forked child now; `result()` waits for it (or computes it here)."""

    def __init__(self, work: Callable[[], T]) -> None:
        super().__init__(work)
        self._process, self._connection = _start(_child, work, duplex=False)


# The largest answer one write puts into the pipe whole (POSIX PIPE_BUF, less the 4-byte length header), so
# that the parent never finds half of one and waits for the rest from a child that gets no CPU.
ATOMIC_ANSWER = getattr(select, "PIPE_BUF", 512) - 4
PATIENCE = 0.5  # seconds the parent waits at least for a job the child has started, before doing it itself


def _aside(connection: Any, payload: tuple[Sequence[Callable[[], object]], Any]) -> None:
    jobs, took = payload  # took[i]: the child started job i; took[n + i]: the parent did
    _quiet_signals()
    try:
        if hasattr(os, "SCHED_IDLE"):  # Linux: run only on a core nothing else wants (threads inherit it)
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        for index, job in enumerate(jobs):
            if took[len(jobs) + index]:  # the parent has come this far from the back
                return
            took[index] = 1
            answer = pickle.dumps((index, job()))
            if len(answer) > ATOMIC_ANSWER:  # could be seen half-written: the parent computes it and the rest
                return
            connection.send_bytes(answer)  # each result as soon as it is known
    except BaseException:  # the parent computes what is missing
        pass
    finally:
        connection.close()


class Aside(Generic[T]):
    """Jobs a forked child computes from the first, in Linux's idle scheduling class, while the parent
    does its own work: it uses only a core nothing else wants, so it never slows the parent down.

    `results()` has the parent compute the jobs the child has not started, from the last, then wait for
    the one the child is on, but no longer than twice the parent's own time for a job (at least
    `PATIENCE`) before computing it too: on a machine busy with other work the idle child may get no CPU
    at all. No lock is shared (each side writes only its own marks): at worst both compute one job.
    Without fork, or in a worker process, the parent computes every job.
    """

    def __init__(self, jobs: Sequence[Callable[[], T]]) -> None:
        self._jobs = list(jobs)
        self._process: Any = None
        self._connection: Any = None
        self._took: Any = None
        if self._jobs and _can_fork():
            self._took = multiprocessing.get_context("fork").RawArray("b", 2 * len(self._jobs))
            self._process, self._connection = _start(_aside, (self._jobs, self._took), duplex=False)

    def results(self) -> list[T]:
        """Every job's result, in order: the child's where it has sent it, else computed here."""
        found: dict[int, T] = {}
        count = len(self._jobs)
        if self._process is not None:
            own = [0.0]
            for index in reversed(range(count)):
                self._receive(found)
                if index in found or self._took[index]:  # the child has done or started it, and those before
                    break
                self._took[count + index] = 1
                started = time.monotonic()
                found[index] = self._jobs[index]()
                own.append(time.monotonic() - started)
            deadline = time.monotonic() + max(PATIENCE, 2 * max(own))
            while any(self._took[i] and i not in found for i in range(count)):
                left = deadline - time.monotonic()
                if left <= 0 or not self._receive(found, left):
                    break
        self.close()
        return [found[index] if index in found else job() for index, job in enumerate(self._jobs)]

    def _receive(self, found: dict[int, T], wait: float = 0.0) -> bool:
        """Take the child's answers that are in (waiting up to `wait` s for one); False once none come."""
        received = False
        with contextlib.suppress(EOFError, OSError):  # the child ended or died: the rest is computed here
            while self._connection.poll(wait):  # each answer is one atomic write: never half there
                index, value = pickle.loads(self._connection.recv_bytes())
                found.setdefault(index, value)
                received, wait = True, 0.0
        return received

    def close(self) -> None:
        """Stop the child (a no-op once it has ended or was stopped)."""
        Pending(lambda: None, self._process, self._connection).close()
        self._process = self._connection = None


# The claims of the jobs a helper shares with the parent (`Helper.share`), in memory both see: made
# before the fork, so a helper shares at most this many jobs, once.
SHARED_AT_MOST = 8
NO_MORE_JOBS = b""  # the message that ends a helper
ENDING = 1.0  # seconds a helper told that no more jobs come has to end, before it is stopped
_HELPER_CLAIMS: Any = None  # in a helper: its claims
_HELPER_JOBS: list[Callable[[], object]] = []  # in a helper: the jobs it shares


class Helper:
    """A child forked early, before the parent's heavy work: it runs `first()` if given (loading a large
    scenario while the parent imports the planner: `first` holds its result to come), then `prepare()`
    (imports, say) on the other core meanwhile, then the jobs `run` hands it, in order (a job may
    prepare more, as the task files' libraries). Each job (a module-level function and its arguments)
    goes by pickle, so it is the very computation the parent would do: same bytes. `share` splits a
    list of jobs with the parent. Without fork, in a worker process, or when the child fails, the parent
    does the jobs itself.
    """

    def __init__(self, prepare: Callable[[], object], first: Callable[[], Any] | None = None) -> None:
        self._claims: Any = None
        if _can_fork():
            self._claims = multiprocessing.get_context("fork").Array("b", SHARED_AT_MOST)
        self._process, self._connection = _start(_serve, (prepare, first, self._claims), duplex=True)
        self._sent = 0  # jobs handed over
        self._received: dict[int, tuple[bool, Any]] = {}  # answers read but not yet collected
        self._read = 0  # answers read
        # `first()`, done by the child before it prepares (any callable: the child has it from the fork).
        self.first: Pending[Any] | None = None
        if first is not None:
            self.first = Pending(first) if self._process is None else _Answer(first, self, 0)
            self._sent = 1 if self._process is not None else 0

    def run(self, function: Callable[..., T], *args: Any) -> Pending[T]:
        """`function(*args)` in the child, after the jobs handed over before; the result to come."""
        return self._hand(functools.partial(function, *args), function, args)

    def share(self, jobs: Sequence[Callable[[], object]], now: int | None = None) -> Shared:
        """`jobs` (picklable) shared with the parent: the child takes `now` of them (None: all it can)
        from the first once its earlier jobs are done, the parent from the last (`Shared.back`);
        `Shared.finish` waits for the child and does whatever it left. `take` has the child take more.
        Once per helper; without a child the parent does them all."""
        if self._process is None or self._claims is None or len(jobs) > SHARED_AT_MOST:
            return Shared(jobs)
        shared = Shared(jobs, claims=self._claims)
        self._claims = None  # used once
        shared.helper = self
        self._take(shared, list(jobs), now)
        return shared

    def take(self, shared: Shared) -> None:
        """Have the child take the rest of `shared`'s jobs once the jobs handed over before are done."""
        if shared.helper is self:
            self._take(shared, None, None)

    def _take(self, shared: Shared, jobs: list[Callable[[], object]] | None, count: int | None) -> None:
        child = self._hand(_nothing, _front, (jobs, count))  # the parent's fallback is `finish`
        if isinstance(child, _Answer):  # else (a job does not pickle, the child died) the parent does them
            shared.child = child
        else:
            shared.helper = None

    def _hand(self, work: Callable[[], T], function: Callable[..., object], args: tuple[Any, ...]) -> Pending[T]:
        """`function(*args)` handed to the child: its answer to come, or `work` done by the parent."""
        if self._process is None:
            return Pending(work)
        try:
            job = pickle.dumps((function, args))
        except (pickle.PicklingError, AttributeError, TypeError):  # the parent does it; the child goes on
            return Pending(work)
        try:
            self._connection.send_bytes(job)
        except OSError:  # the child has died
            self.close()
            return Pending(work)
        self._sent += 1
        return _Answer(work, self, self._sent - 1)

    def _answer(self, index: int) -> tuple[bool, Any]:
        """The child's answer to job `index`, once read ((False, None) when the child died first)."""
        while index not in self._received and self._process is not None and self._read < self._sent:
            try:
                self._received[self._read] = pickle.loads(self._connection.recv_bytes())
                self._read += 1
            except (EOFError, OSError):  # the child died (killed, out of memory)
                self.close()
        return self._received.pop(index, (False, None))

    def close(self) -> None:
        """End the child: once it has answered every job, by telling it there are no more; else (no job
        yet, or the caller failed or was interrupted) by stopping it."""
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if process is not None and 0 < self._read == self._sent:
            with contextlib.suppress(OSError):
                connection.send_bytes(NO_MORE_JOBS)
                process.join(ENDING)
        Pending(lambda: None, process, connection).close()  # a no-op once it has ended

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Answer(Pending[T]):
    """A helper's answer to one job (`Helper.run`); the parent computes it if the child cannot."""

    def __init__(self, work: Callable[[], T], helper: Helper, index: int) -> None:
        super().__init__(work)
        self._helper: Helper | None = helper
        self._index = index

    def result(self) -> T:
        helper, self._helper = self._helper, None
        if helper is None:  # collected before: computed here
            return self._work()
        ok, value = helper._answer(self._index)
        return value if ok else self._work()

    def close(self) -> None:
        """Stop the helper if this answer was never collected (the caller failed or was interrupted)."""
        if self._helper is not None:
            self._helper.close()
            self._helper = None


def _nothing() -> None:
    return None


def _front(jobs: list[Callable[[], object]] | None, count: int | None) -> None:
    """A helper's part of the jobs it shares (`Helper.share`), on the claims made before its fork: up to
    `count` of them (None: all it can); `jobs` None: the ones it was given before."""
    global _HELPER_JOBS
    if jobs is not None:
        _HELPER_JOBS = jobs
    Shared(_HELPER_JOBS, claims=_HELPER_CLAIMS).front(count)


FREE, CLAIMED, DONE = 0, 1, 2


class Shared:
    """Jobs shared by the parent and one forked child, each done once: the child takes them from the
    front (`front`, the work given to `Background`), the parent from the back once its own work is done
    (`back`), so that both stay busy to the end. `finish`, after the child's result is in, does here
    whatever the child claimed but did not finish (it died, or fork was unavailable). `claims`: shared
    memory of at least one byte per job made before the child was forked (`Helper.share`), else made here.
    """

    child: Pending[None] | None = None  # the child's last part, when a helper has them (`Helper.share`)
    helper: Helper | None = None

    def __init__(self, jobs: Sequence[Callable[[], object]], claims: Any = None) -> None:
        self._jobs = list(jobs)
        # The claims live in shared memory when a child may be forked (seen by both sides).
        if claims is None:
            claims = (
                multiprocessing.get_context("fork").Array("b", len(self._jobs))
                if _can_fork()
                else _Local(len(self._jobs))
            )
        self._state: Any = claims

    def front(self, count: int | None = None) -> None:
        self._take(range(len(self._jobs)), count)

    def back(self) -> None:
        self._take(reversed(range(len(self._jobs))))

    def finish(self) -> None:
        if self.child is not None:
            self.child.result()
        for index, job in enumerate(self._jobs):
            if self._state[index] != DONE:
                job()
                self._state[index] = DONE

    def _take(self, order: Iterable[int], count: int | None = None) -> None:
        taken = 0
        for index in order:
            if count is not None and taken >= count:
                return
            with self._state.get_lock():
                if self._state[index] != FREE:
                    continue
                self._state[index] = CLAIMED
            self._jobs[index]()
            self._state[index] = DONE
            taken += 1


class _Local(list):
    """`Shared`'s claims in this process only (no child can be forked)."""

    def __init__(self, size: int) -> None:
        super().__init__([FREE] * size)

    def get_lock(self) -> contextlib.nullcontext[None]:
        return contextlib.nullcontext()
