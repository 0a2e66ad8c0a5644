"""The process's start: the `shuangsui` console script and `python -m shuangsui` run `run()`.

Python takes ~0.35 s to load the command line before a command runs and takes Ctrl-C and SIGTERM over
(`interrupts.interruptible`). A stop in that time ends the process at once, quietly, with exit 130 / 143:
nothing has been written yet. (Left to Python it printed a KeyboardInterrupt traceback, or exited 1.)
This module imports nothing heavy, so that the handlers are in place within milliseconds.
"""

from __future__ import annotations

import os
import signal
from types import FrameType


def stopped_text(signum: int, committed: bool = False) -> str:
    """The one line printed when a stop request ends a command (`interrupts.message`)."""
    name = signal.Signals(signum).name
    if committed:
        return f"已中断 ({name}, interrupted)：中断前输出已完整写入 (outputs were complete before the stop)"
    return f"已中断 ({name}, interrupted)：已停止，输出目录未改动 (stopped; --out left unchanged)"


def _stopped_while_starting(signum: int, _frame: FrameType | None) -> None:
    os.write(2, (stopped_text(signum) + "\n").encode("utf-8"))
    os._exit(128 + signum)


def run() -> None:
    """Stop quietly until a command takes the signals over, then run the command line."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(signum) is not signal.SIG_IGN:  # a background job's ignored Ctrl-C stays ignored
            signal.signal(signum, _stopped_while_starting)
    from shuangsui.cli import entry

    entry()
