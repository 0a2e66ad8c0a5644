"""Work in a forked process while the parent goes on (report charts beside the Excel and Word writing).

On 2 cores the charts (matplotlib, ~2 s for a 5,000-object plan) and the workbooks take turns no
longer. The child computes exactly what the parent would (same function, same data: same bytes);
where fork is missing, or the child fails, the parent computes the result itself.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def _child(connection: Any, work: Callable[[], Any]) -> None:
    # A stop request is the parent's to handle; the child just ends with it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        connection.send_bytes(pickle.dumps((True, work())))
    except BaseException:
        connection.send_bytes(pickle.dumps((False, traceback.format_exc())))
    finally:
        connection.close()


class Background(Generic[T]):
    """`work()` started in a forked child; `result()` waits for it (or computes it here)."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._process: Any = None
        self._connection: Any = None
        if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
            return
        if multiprocessing.parent_process() is not None:  # already a worker (e.g. year's quarters): no nesting
            return
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        try:
            self._process = context.Process(target=_child, args=(send, work), daemon=True)
            self._process.start()
        except OSError:  # no process left to fork: do it in the parent
            self._process = None
            receive.close()
            return
        finally:
            send.close()
        self._connection = receive

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
