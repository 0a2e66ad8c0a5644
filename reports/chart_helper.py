"""The report's charts drawn by a child forked when `plan` starts: it imports matplotlib and registers
the CJK font on the second core while the parent loads, solves and checks, so that only the drawing
itself is left when the tables are ready. For a large plan it also imports the task files' writers
and writes some of them (`app.plan.write_plan_files`)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from shuangsui.reports.background import Background, Helper, Pending

if TYPE_CHECKING:
    from shuangsui.reports.records import Run
    from shuangsui.reports.tables import Table

T = TypeVar("T")


def _prepare() -> None:
    from shuangsui.reports import plots  # noqa: F401  (the import is the preparation)
    from shuangsui.reports.fonts import cjk_font

    cjk_font()


def chart_helper(first: Callable[[], Any] | None = None) -> Helper:
    """A child ready to draw the report's charts (see `draw_charts`), after doing `first()` if given."""
    return Helper(_prepare, first)


def report_charts(tables: dict[str, Table], have_plan: bool) -> dict[str, bytes]:
    """The report's PNG charts by name (matplotlib imported here, where it is used)."""
    from shuangsui.reports.plots import report_charts as draw

    return draw(tables, have_plan)


def compare_charts(runs: Sequence[Run], entries: Sequence[dict[str, Any]]) -> dict[str, bytes]:
    """compare.html's PNG charts by name (matplotlib imported here, where it is used)."""
    from shuangsui.reports.compare_charts import compare_charts as draw

    return draw(runs, entries)


def sweep_charts(data: dict[str, Any]) -> dict[str, bytes]:
    """sweep.html's PNG charts by name (matplotlib imported here, where it is used)."""
    from shuangsui.reports.sweep_charts import sweep_charts as draw

    return draw(data)


def in_helper(helper: Helper | None, function: Callable[..., T], *args: Any) -> Pending[T]:
    """`function(*args)` to come: by `helper` when given, else by a child forked now (`Background`).
    `function` is one of this module's: the parent need not import matplotlib to name it."""
    if helper is not None:
        return helper.run(function, *args)
    return Background(functools.partial(function, *args))


def draw_charts(helper: Helper | None, tables: dict[str, Table], have_plan: bool) -> Pending[dict[str, bytes]]:
    """The report's charts to come (`in_helper`)."""
    return in_helper(helper, report_charts, tables, have_plan)
