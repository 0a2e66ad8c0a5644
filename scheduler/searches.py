"""Who runs a CP-SAT search: the planner's own call (`cpsat.run`), unless a stoppable runner is swapped
in (`shuangsui.interrupts` for Ctrl-C and SIGTERM, `app.cluster` for a Dask run's stop event).

A module without OR-Tools, so that a command swaps its runner in before the planner is imported: `plan`
forks its chart helper first and imports OR-Tools (~0.13 s) beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# (solver, model) -> CP-SAT status; None: the solver's own `solve`.
runner: Callable[[Any, Any], Any] | None = None
