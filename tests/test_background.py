"""reports/background.py: work in a forked child, and the parent's own computation whenever the child fails."""

from __future__ import annotations

import multiprocessing
import os

from shuangsui.reports.background import Background

PARENT = os.getpid()


def test_work_runs_in_a_child_and_returns_its_value() -> None:
    job = Background(lambda: (os.getpid(), b"\x89PNG" * 1000))
    pid, data = job.result()
    assert pid != PARENT and data == b"\x89PNG" * 1000


def test_failure_in_the_child_is_computed_by_the_parent() -> None:
    def work() -> int:
        if os.getpid() != PARENT:
            raise RuntimeError("fails in the child only")
        return os.getpid()

    assert Background(work).result() == PARENT


def test_a_child_that_dies_is_replaced_by_the_parent() -> None:
    def work() -> int:
        if os.getpid() != PARENT:
            os._exit(9)  # killed, out of memory: no answer at all
        return os.getpid()

    assert Background(work).result() == PARENT


def _in_worker(queue: multiprocessing.Queue) -> None:
    me = os.getpid()
    queue.put((me, Background(os.getpid).result()))


def test_no_nesting_inside_a_worker_process() -> None:
    """Inside a multiprocessing worker (year's quarters) the work is done in place."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    worker = context.Process(target=_in_worker, args=(queue,))
    worker.start()
    me, ran_in = queue.get(timeout=60)
    worker.join(timeout=60)
    assert worker.exitcode == 0 and ran_in == me


def test_close_stops_an_uncollected_child() -> None:
    job = Background(lambda: __import__("time").sleep(60))
    process = job._process
    assert process is not None and process.is_alive()
    job.close()
    assert not process.is_alive() and process.exitcode is not None
    job.close()  # twice: nothing left to stop
