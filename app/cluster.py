"""Running many plans on Dask (`dask.distributed`): a LocalCluster by default, or any cluster's scheduler.

- `cluster()` opens a client (a LocalCluster of `local_workers` single-threaded workers, or
  `--scheduler tcp://HOST:8786`), refuses workers whose shuangsui or OR-Tools version differs from this
  one (exit 2: plans are reproducible per solver version), and closes everything on the way out.
- Tasks receive a scenario folder's **file contents as bytes** (`scenario_files`), never a path, so
  workers need not share a filesystem with the client; `load_files` rebuilds the folder in a temporary
  directory on the worker (cached per worker by the contents' SHA-256).
- `gather()` collects the futures as they finish with a progress counter on stderr. When the command
  is stopped (Ctrl-C / SIGTERM raise `Interrupted` in the main thread) it sets a Dask `Event`: every
  running CP-SAT search of the run polls it and stops (`stop_search`) within a fraction of a second,
  on any machine; the pending futures are cancelled.
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import socket
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from shuangsui.models.errors import EXIT_INVALID, ShuangsuiError

if TYPE_CHECKING:
    from distributed import Client, Future
    from ortools.sat.python import cp_model
    from shuangsui.models.domain import Scenario

T = TypeVar("T")
CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler and see a worker
STOP_POLL = 0.25  # seconds between checks of the run's stop event
SHUTDOWN_LOGGERS = ("asyncio", "tornado", "distributed")  # silenced when a run is stopped


class ClusterError(ShuangsuiError):
    """The Dask cluster cannot be used (unreachable, no worker, other versions): exit 2, nothing written."""

    exit_code = EXIT_INVALID


def versions() -> dict[str, str]:
    """What must be the same on every worker: shuangsui and OR-Tools (plans depend on the solver version)."""
    from importlib.metadata import version

    return {"shuangsui": version("shuangsui"), "ortools": version("ortools")}


def check_versions(client: Client) -> int:
    """The number of workers; raise `ClusterError` when a worker runs other versions than this process."""
    mine = versions()
    theirs: dict[str, dict[str, str]] = client.run(versions)
    if not theirs:
        raise ClusterError("Dask 集群没有可用的 worker (the cluster has no worker)")
    for address, found in sorted(theirs.items()):
        if found != mine:
            differ = "，".join(f"{k} {found.get(k)} ≠ 本机 {v}" for k, v in mine.items() if found.get(k) != v)
            raise ClusterError(
                f"worker {address} 的版本与本机不同 (version mismatch): {differ}；"
                "请在每个 worker 上安装与本机相同版本的 shuangsui 与 OR-Tools"
            )
    return len(theirs)


def _probe(scheduler: str) -> None:
    """Fail at once when nothing listens at a tcp:// scheduler address (Dask's client would retry for
    CONNECT_TIMEOUT seconds before saying so). Other address forms are left to Dask."""
    parts = urlsplit(scheduler if "://" in scheduler else f"tcp://{scheduler}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:  # not a port number: Dask words the error
        return
    if parts.scheme != "tcp" or host is None or port is None:
        return
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()
    except OSError as err:
        raise ClusterError(f"无法连接 Dask 调度器 (cannot reach the scheduler) {scheduler}: {err}") from None


@contextmanager
def cluster(scheduler: str | None = None, local_workers: int | None = None, processes: bool = True) -> Iterator[Client]:
    """A Dask client: to `scheduler` (tcp://HOST:8786), or to a LocalCluster of `local_workers` workers.

    Raises
    ------
    ClusterError
        The scheduler cannot be reached, has no worker, or a worker runs other versions.
    """
    from distributed import Client, LocalCluster

    local = None
    client = None
    quiet: dict[str, int] = {}  # loggers silenced for the shutdown, with their levels
    try:
        if scheduler:
            _probe(scheduler)
            try:
                client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as err:
                raise ClusterError(f"无法连接 Dask 调度器 (cannot reach the scheduler) {scheduler}: {err}") from None
            try:
                client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError):
                raise ClusterError(
                    f"Dask 调度器 {scheduler} 在 {CONNECT_TIMEOUT:g} 秒内没有可用的 worker (no worker)"
                ) from None
        else:
            local = LocalCluster(
                n_workers=local_workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=processes,
                preload=[__name__] if processes else [],  # dask_setup below: workers leave Ctrl-C to the client
                dashboard_address=":0",  # any free port: never clashes with another cluster
                silence_logs=logging.ERROR,
            )
            client = Client(local, set_as_default=False)
        check_versions(client)
        yield client
    except BaseException:
        # Stopped (Ctrl-C, SIGTERM) or failed: the shutdown that follows can race the workers' exits
        # inside Dask (a nanny's exit callback after its queues were released), which its event loop
        # logs with a traceback. The command reports the stop itself: those logs say nothing more.
        quiet = {name: logging.getLogger(name).level for name in SHUTDOWN_LOGGERS}
        for name in quiet:
            logging.getLogger(name).setLevel(logging.CRITICAL + 1)
        raise
    finally:
        if client is not None:
            client.close()
        if local is not None:
            local.close()
        for name, level in quiet.items():
            logging.getLogger(name).setLevel(level)


def dask_setup(worker: object) -> None:
    """Preload of a LocalCluster's worker processes: ignore SIGINT.

    A Ctrl-C at the terminal reaches the whole process group; the client stops the run and closes the
    cluster itself, so the workers must not die on it with tracebacks of their own.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def worker_count(client: Client) -> int:
    return len(client.scheduler_info().get("workers", {}))


# ---------------------------------------------------------------- scenario folders as bytes


def scenario_files(folder: Path) -> dict[str, bytes]:
    """Every regular file at the top of a scenario folder, by name (what a worker needs to load it)."""
    folder = Path(folder)
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".") and not p.name.startswith("~$")
    }


def files_digest(files: Mapping[str, bytes]) -> str:
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return h.hexdigest()


_LOADED: dict[str, Scenario] = {}  # per worker process: the scenarios it has rebuilt, by files_digest
_LOADED_LOCK = threading.Lock()


def load_files(files: Mapping[str, bytes], label: str) -> Scenario:
    """The scenario of `files` (a folder's contents), rebuilt in a temporary folder named like `label`.

    Errors name `label` (the folder as the user gave it), not the temporary folder.
    """
    from shuangsui.models.errors import ScenarioInvalid
    from shuangsui.models.loading import load_scenario

    key = files_digest(files) + "\0" + label
    with _LOADED_LOCK:
        if key in _LOADED:
            return _LOADED[key]
    with tempfile.TemporaryDirectory(prefix="shuangsui-") as tmp:
        folder = Path(tmp) / (Path(label).name or "scenario")
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        try:
            scenario = load_scenario(folder)
        except ScenarioInvalid as err:
            named = [replace(p, file=_named(p.file, folder, label)) for p in err.problems]
            raise ScenarioInvalid(named) from None
    with _LOADED_LOCK:
        _LOADED[key] = scenario
    return scenario


def _named(file: str, folder: Path, label: str) -> str:
    """A problem's file as the user knows it: under `label`, never under the temporary folder."""
    if str(folder) in file:
        return file.replace(str(folder), label)
    return str(Path(label) / file)


# ---------------------------------------------------------------- stopping the run's searches


class _Stop(threading.local):
    event: str | None = None  # the name of the run's Dask Event, in the task's thread


_STOP = _Stop()


def _stoppable_solve(solver: cp_model.CpSolver, model: cp_model.CpModel) -> Any:
    """`solver.solve(model)`; inside a task of a run, stopped when the run's stop event is set."""
    name = _STOP.event
    if name is None:
        return solver.solve(model)
    from distributed import Event

    event = Event(name)
    if event.is_set():  # stopped before this search began
        raise RunStopped
    # The search runs in the task's own thread; a watcher stops it once the run's event is set (again at
    # every check: a stop that comes before the search has begun is not remembered by CP-SAT).
    done = threading.Event()
    stopped = threading.Event()

    def watch() -> None:
        while not done.wait(STOP_POLL):
            try:
                stop = event.is_set()
            except Exception:  # not known now (the worker shutting down, its client gone): asked again
                continue
            if stop:
                stopped.set()
                solver.stop_search()

    watcher = threading.Thread(target=watch, name="cp-sat-stop", daemon=True)
    watcher.start()
    try:
        status = solver.solve(model)
    finally:
        done.set()
        watcher.join()
    if stopped.is_set():
        raise RunStopped
    return status


class RunStopped(Exception):
    """The run was stopped while this task searched; its result is discarded."""


@contextmanager
def stoppable(stop_event: str | None) -> Iterator[None]:
    """Inside a task: CP-SAT searches stop when the Dask Event `stop_event` is set."""
    from shuangsui.scheduler import searches

    if stop_event is None:
        yield
        return
    searches.runner = _stoppable_solve  # the same function for every task; the event is per thread
    _STOP.event = stop_event
    try:
        yield
    finally:
        _STOP.event = None


def new_stop_event() -> str:
    return f"shuangsui-stop-{uuid.uuid4().hex}"


def gather(
    client: Client,
    futures: Sequence[Future],
    stop_event: str,
    label: str,
    on_result: Callable[[int, Any], None] | None = None,
    *,
    total: int | None = None,
    offset: int = 0,
) -> list[Any]:
    """The futures' results in submission order, with a progress counter on stderr.

    `total` and `offset`: the counter shows done + offset of total (a run gathered in parts).
    A stop request (`Interrupted`, raised in the main thread by Ctrl-C / SIGTERM) sets the stop event,
    cancels what has not run and is raised again.
    """
    from distributed import Event, as_completed

    index = {f.key: i for i, f in enumerate(futures)}
    results: list[Any] = [None] * len(futures)
    total = total or len(futures)
    started = time.perf_counter()
    tty = sys.stderr.isatty()
    step = max(1, total // 10)
    try:
        for done, future in enumerate(as_completed(futures, loop=client.loop), start=offset + 1):
            i = index[future.key]
            results[i] = future.result()
            if on_result is not None:
                on_result(i, results[i])
            if tty or done % step == 0 or done == total:
                elapsed = time.perf_counter() - started
                bar = "█" * (20 * done // total) + "·" * (20 - 20 * done // total)
                end = "\n" if not tty or done == total else ""
                sys.stderr.write(f"\r{label} [{bar}] {done}/{total}，{elapsed:.0f} 秒{end}")
                sys.stderr.flush()
    except BaseException:
        if tty:
            sys.stderr.write("\n")
        Event(stop_event, client=client).set()
        client.cancel(list(futures), force=True)
        raise
    return results
