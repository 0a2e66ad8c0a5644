"""reports/background.py: work in a forked child, and the parent's own computation whenever the child fails."""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from shuangsui.reports import background
from shuangsui.reports.background import Aside, Background, Helper, Shared

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


def _scheduling() -> tuple[int, int]:
    return os.getpid(), os.sched_getscheduler(0)


def _child_waits(path: Path) -> int:
    """In the child: a job that does not end until `path` exists (a child given no CPU)."""
    if os.getpid() != PARENT:
        while not path.exists():
            time.sleep(0.01)
    return os.getpid()


def test_aside_jobs_run_in_an_idle_class_child_and_come_back_in_order() -> None:
    aside = Aside([_scheduling, _scheduling, lambda: "third"])
    assert aside._connection is not None and aside._connection.poll(60)  # the first result is in
    (pid, policy), (pid2, policy2), third = aside.results()
    assert pid != PARENT and policy == os.SCHED_IDLE
    # The second came from the child if it was in by now, else the parent computed it in its own class.
    assert policy2 == (os.SCHED_IDLE if pid2 == pid else os.SCHED_OTHER) and pid2 in (pid, PARENT)
    assert third == "third" and os.sched_getscheduler(0) == os.SCHED_OTHER


def test_aside_does_not_wait_long_for_a_child_that_has_not_finished(tmp_path: Path) -> None:
    """On a machine busy with other work the idle child may get no CPU: the parent takes over after
    `PATIENCE` (its own jobs here take no time)."""
    aside = Aside([functools.partial(_child_waits, tmp_path / "never"), os.getpid])
    child = aside._process
    started = time.monotonic()
    assert aside.results() == [PARENT, PARENT]
    assert time.monotonic() - started < 5
    assert child is not None and not child.is_alive()  # stopped, not left running


def test_aside_keeps_what_the_child_finished_and_computes_the_rest(tmp_path: Path) -> None:
    first = Aside([os.getpid, functools.partial(_child_waits, tmp_path / "never")])
    assert first._connection is not None and first._connection.poll(60)
    done, rest = first.results()
    assert done != PARENT and rest == PARENT


def _nap(index: int) -> tuple[int, int]:
    """A job that needs no CPU: a short sleep in the child, a long one in the parent."""
    time.sleep(0.05 if os.getpid() != PARENT else 0.4)
    return index, os.getpid()


def test_aside_child_and_parent_share_the_jobs_from_both_ends() -> None:
    aside = Aside([functools.partial(_nap, i) for i in range(8)])
    found = aside.results()
    assert [index for index, _ in found] == list(range(8))
    pids = [pid for _, pid in found]
    ran_here = [i for i, pid in enumerate(pids) if pid == PARENT]
    assert pids[0] != PARENT and ran_here and ran_here == list(range(ran_here[0], 8))  # the child from the first


def _big() -> tuple[int, bytes]:
    return os.getpid(), b"x" * 10_000


def test_aside_answers_too_large_for_one_pipe_write_are_computed_by_the_parent() -> None:
    """A long answer could be found half-written, and the parent would wait on a child given no CPU."""
    aside = Aside([os.getpid, _big, os.getpid])
    assert aside._connection is not None and aside._connection.poll(60)
    aside._process.join(60)  # the child stops at the long answer, sending nothing more
    first, (big_pid, data), last = aside.results()
    assert first != PARENT and big_pid == PARENT == last and data == b"x" * 10_000


def test_aside_without_jobs_forks_nothing() -> None:
    empty: Aside[int] = Aside([])
    assert empty._process is None and empty.results() == []


def _in_worker(queue: multiprocessing.Queue) -> None:
    me = os.getpid()
    queue.put((me, Background(os.getpid).result()))


def _ran_in_worker(target: Callable[[multiprocessing.Queue], None]) -> tuple[int, int, int | None]:
    """(worker pid, pid the work ran in, worker exit code) for `target` run in a forked worker."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    worker = context.Process(target=target, args=(queue,))
    worker.start()
    me, ran_in = queue.get(timeout=60)
    worker.join(timeout=60)
    return me, ran_in, worker.exitcode


def test_no_nesting_inside_a_worker_process() -> None:
    """Inside a multiprocessing worker (year's quarters) the work is done in place."""
    me, ran_in, code = _ran_in_worker(_in_worker)
    assert code == 0 and ran_in == me


def test_close_stops_an_uncollected_child() -> None:
    job = Background(lambda: __import__("time").sleep(60))
    process = job._process
    assert process is not None and process.is_alive()
    job.close()
    assert not process.is_alive() and process.exitcode is not None
    job.close()  # twice: nothing left to stop


# ---------------------------------------------------------------- Helper: forked early, job later

PREPARED: list[int] = []


def _prepare() -> None:
    PREPARED.append(os.getpid())  # in the child only: the parent's list stays empty


def _report() -> tuple[int, list[int]]:
    return os.getpid(), list(PREPARED)


def _scale(values: list[int], factor: int) -> list[int]:
    return [v * factor for v in values]


def test_helper_prepares_in_the_child_then_runs_the_job_there() -> None:
    with Helper(_prepare) as helper:
        pid, prepared = helper.run(_report).result()
    assert pid != PARENT and prepared == [pid] and PREPARED == []


def test_helper_job_gets_its_arguments_and_returns_the_value() -> None:
    with Helper(lambda: None) as helper:
        assert helper.run(_scale, [1, 2, 3], 7).result() == [7, 14, 21]


def test_helper_whose_preparation_fails_still_runs_the_job() -> None:
    def broken() -> None:
        raise ImportError("no matplotlib here")

    with Helper(broken) as helper:
        pid, _ = helper.run(_report).result()
    assert pid != PARENT


def test_helper_job_that_cannot_be_pickled_is_done_by_the_parent_and_the_next_by_the_child() -> None:
    with Helper(lambda: None) as helper:
        child = helper._process
        pending = helper.run(lambda: os.getpid())  # a lambda does not pickle
        assert pending.result() == PARENT
        assert helper.run(os.getpid).result() == child.pid
    assert child.exitcode == 0  # told on close that no more jobs come, it ended by itself


def test_helper_answers_its_jobs_in_any_order_of_collection() -> None:
    with Helper(_prepare) as helper:
        first, second, third = helper.run(_scale, [1], 2), helper.run(_report), helper.run(_scale, [5], 3)
        assert third.result() == [15]
        pid, prepared = second.result()
        assert first.result() == [2]
    assert pid != PARENT and prepared == [pid]  # prepared once, before the first job


def _bytes(size: int) -> bytes:
    return b"x" * size


def test_helper_goes_on_with_the_next_job_while_a_large_answer_waits_to_be_read(tmp_path: Path) -> None:
    """Charts of a few hundred kB, then task files: the files are written before the charts are read."""
    with Helper(lambda: None) as helper:
        charts = helper.run(_bytes, 4_000_000)  # more than any pipe or socket buffer holds
        files = helper.run(_write_mark, tmp_path / "written")
        _wait_for(tmp_path / "written")  # the child got there without the first answer being read
        assert len(charts.result()) == 4_000_000 and files.result() is None


def _write_mark(path: Path) -> None:
    path.write_text(str(os.getpid()))


def _dies_in_child() -> str:
    if os.getpid() != PARENT:
        os._exit(3)
    return "done by the parent"


def test_helper_that_dies_leaves_its_jobs_to_the_parent() -> None:
    with Helper(lambda: None) as helper:
        dead, after = helper.run(_dies_in_child), helper.run(os.getpid)
        assert after.result() == PARENT
        assert dead.result() == "done by the parent"
        assert helper._process is None  # a third job goes to the parent at once
        assert helper.run(os.getpid).result() == PARENT


def test_helper_never_given_a_job_is_stopped_on_close() -> None:
    helper = Helper(lambda: None)
    process = helper._process
    assert process is not None and process.is_alive()
    helper.close()
    assert not process.is_alive()
    helper.close()


def _helper_in_worker(queue: multiprocessing.Queue) -> None:
    with Helper(lambda: None) as helper:
        queue.put((os.getpid(), helper.run(os.getpid).result()))


def test_helper_does_not_nest_inside_a_worker_process() -> None:
    me, ran_in, code = _ran_in_worker(_helper_in_worker)
    assert code == 0 and ran_in == me


def test_a_child_stopped_right_after_the_fork_ends_quietly(capfd) -> None:
    """`close()` at once (the command failed at once, or Ctrl-C): the child inherited the parent's stop
    handler, which must never run there (it raised and printed a traceback)."""

    def parents_handler(signum: int, frame: object) -> None:
        raise RuntimeError("the parent's handler ran in the child")

    previous = signal.signal(signal.SIGTERM, parents_handler)
    try:
        for _ in range(30):
            Helper(lambda: time.sleep(5)).close()
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert "Traceback" not in capfd.readouterr().err


def _job(folder: Path, index: int, in_child: Callable[[Path], None] | None = None) -> Callable[[], None]:
    """Job `index`: a line "pid" appended to `folder`/index (so a job done twice shows two lines)."""

    def run() -> None:
        if in_child is not None and os.getpid() != PARENT:
            in_child(folder)
        with (folder / str(index)).open("a") as done:
            done.write(f"{os.getpid()}\n")

    return run


def _done_by(folder: Path, count: int) -> list[list[int]]:
    return [[int(line) for line in (folder / str(i)).read_text().split()] for i in range(count)]


def _wait_for(path: Path) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.01)


def test_shared_jobs_are_taken_from_both_ends_and_each_done_once(tmp_path: Path) -> None:
    """The child takes the first job; while it is busy the parent takes the others from the back."""

    def held(folder: Path) -> None:  # the child's first job waits until the parent has taken the rest
        (folder / "started").touch()
        _wait_for(folder / "go")

    shared = Shared([_job(tmp_path, 0, held), _job(tmp_path, 1), _job(tmp_path, 2)])
    child = Background(shared.front)
    _wait_for(tmp_path / "started")
    shared.back()  # takes 2 and 1; 0 is the child's
    (tmp_path / "go").touch()
    child.result()
    shared.finish()
    done = _done_by(tmp_path, 3)
    assert len(done[0]) == 1 and done[0][0] != PARENT
    assert done[1:] == [[PARENT], [PARENT]]


def test_shared_job_of_a_child_that_dies_is_done_by_the_parent(tmp_path: Path) -> None:
    """A child that dies in the middle of its job: `finish` does that job in the parent, once."""

    def dies(folder: Path) -> None:
        (folder / "started").touch()
        os._exit(9)

    shared = Shared([_job(tmp_path, 0, dies), _job(tmp_path, 1)])
    child = Background(shared.front)
    _wait_for(tmp_path / "started")
    shared.back()
    child.result()
    shared.finish()
    assert _done_by(tmp_path, 2) == [[PARENT], [PARENT]]


def test_shared_jobs_without_fork_are_all_done_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(background, "_can_fork", lambda: False)
    shared = Shared([_job(tmp_path, i) for i in range(3)])
    child = Background(shared.front)
    shared.back()
    child.result()
    shared.finish()
    assert _done_by(tmp_path, 3) == [[PARENT]] * 3


def _marked(folder: Path, index: int, behaviour: str = "") -> None:
    """Picklable job `index` for a helper: appends its pid to `folder`/index; in the child, "hold" waits
    for `folder`/go after marking it started, "die" ends the child once started."""
    if os.getpid() != PARENT and behaviour:
        (folder / "started").touch()
        if behaviour == "die":
            os._exit(9)
        _wait_for(folder / "go")
    with (folder / str(index)).open("a") as done:
        done.write(f"{os.getpid()}\n")


def test_helper_shares_jobs_with_the_parent_after_its_earlier_job(tmp_path: Path) -> None:
    """The helper draws (its first job), then takes the shared jobs from the first; the parent from the last."""
    with Helper(lambda: None) as helper:
        child = helper._process
        charts = helper.run(_bytes, 1_000_000)
        shared = helper.share(
            [functools.partial(_marked, tmp_path, 0, "hold")]
            + [functools.partial(_marked, tmp_path, i) for i in (1, 2)]
        )
        _wait_for(tmp_path / "started")
        shared.back()  # takes 2 and 1; 0 is the child's
        (tmp_path / "go").touch()
        shared.finish()
        assert len(charts.result()) == 1_000_000
    assert _done_by(tmp_path, 3) == [[child.pid], [PARENT], [PARENT]]


def test_helper_that_dies_in_a_shared_job_leaves_it_to_the_parent(tmp_path: Path) -> None:
    with Helper(lambda: None) as helper:
        shared = helper.share([functools.partial(_marked, tmp_path, 0, "die"), functools.partial(_marked, tmp_path, 1)])
        _wait_for(tmp_path / "started")
        shared.back()
        shared.finish()
    assert _done_by(tmp_path, 2) == [[PARENT], [PARENT]]


def test_helper_shares_once_then_the_parent_does_the_jobs(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    with Helper(lambda: None) as helper:
        first = helper.share([functools.partial(_marked, tmp_path / "a", 0)])
        first.finish()
        second = helper.share([functools.partial(_marked, tmp_path / "b", 0)])  # its claims are used
        second.back()
        second.finish()
    assert _done_by(tmp_path / "a", 1)[0] != [PARENT] and _done_by(tmp_path / "b", 1) == [[PARENT]]


def test_helper_shared_jobs_that_do_not_pickle_are_done_by_the_parent(tmp_path: Path) -> None:
    with Helper(lambda: None) as helper:
        shared = helper.share([_job(tmp_path, i) for i in range(2)])  # closures
        shared.back()
        shared.finish()
    assert _done_by(tmp_path, 2) == [[PARENT], [PARENT]]


def test_helper_does_its_first_job_before_it_prepares() -> None:
    with Helper(_prepare, first=_report) as helper:
        assert helper.first is not None
        pid, prepared = helper.first.result()
        assert pid == helper._process.pid and prepared == []  # not yet prepared
        assert helper.run(_report).result() == (pid, [pid])


def test_helper_first_job_without_fork_is_done_by_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(background, "_can_fork", lambda: False)
    with Helper(_prepare, first=_report) as helper:
        assert helper.first is not None and helper.first.result() == (PARENT, [])
        assert helper.run(_scale, [2], 2).result() == [4]
