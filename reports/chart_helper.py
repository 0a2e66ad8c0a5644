"""The report's charts drawn by a child forked when `plan` starts: it imports matplotlib and registers
the CJK font on the second core while the parent loads, solves and checks, so that only the drawing
itself is left when the tables are ready."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shuangsui.reports.background import Background, Helper, Pending

if TYPE_CHECKING:
    from shuangsui.reports.tables import Table


def _prepare() -> None:
    from shuangsui.reports import plots  # noqa: F401  (the import is the preparation)
    from shuangsui.reports.fonts import cjk_font

    cjk_font()


def chart_helper() -> Helper:
    """A child ready to draw the report's charts (see `draw_charts`)."""
    return Helper(_prepare)


def report_charts(tables: dict[str, Table], have_plan: bool) -> dict[str, bytes]:
    """The report's PNG charts by name (matplotlib imported here, where it is used)."""
    from shuangsui.reports.plots import report_charts as draw

    return draw(tables, have_plan)


def draw_charts(helper: Helper | None, tables: dict[str, Table], have_plan: bool) -> Pending[dict[str, bytes]]:
    """The charts to come: by `helper` when given, else by a child forked now (`Background`)."""
    if helper is not None:
        return helper.run(report_charts, tables, have_plan)
    return Background(lambda: report_charts(tables, have_plan))
