"""Charts of the report as PNG bytes: Agg backend, the mplfonts CJK font, deterministic output."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.layout_engine import LayoutEngine
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from shuangsui.reports.figure_tables import report_chart_names, workload_rows
from shuangsui.reports.fonts import rc_params
from shuangsui.reports.tables import Table

DPI = 144
WIDTH = 7.2  # inches: the text width of an A4 page
ONSITE = "#1f4e79"
OFFSITE = "#8fb3d9"
CAPACITY = "#b8bec6"
DEMAND = "#c0504d"
GRID = "#e3e6ea"


@contextmanager
def chart_style() -> Iterator[None]:
    """Font and look of every chart (the CJK font is registered on first use)."""
    with rc_context(rc_params()):
        yield


class MarginsFit(LayoutEngine):
    """Margins that fit a one-axes chart's tick labels, axis labels and legend, measured once when
    the figure is drawn: the layout constrained layout gives such a chart, without its repeated
    measuring of every text (~0.03 s a chart)."""

    _adjust_compatible = True
    _colorbar_gridspec = False
    PAD = 3 / 72  # inches around the chart, constrained layout's default
    MAX_MARGIN = 0.45  # of the figure's width or height, each side

    def execute(self, fig: Figure) -> None:
        (ax,) = fig.axes
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        tight, box = ax.get_tightbbox(renderer), ax.get_window_extent(renderer)
        if tight is None:
            return
        pad = self.PAD * fig.dpi
        width, height = fig.bbox.width, fig.bbox.height
        # Each margin at most MAX_MARGIN of the figure: a label longer than the chart is wide (a
        # specialty of hundreds of characters) is cut at the edge instead of leaving no room for the axes.
        fig.subplots_adjust(
            left=min((box.x0 - tight.x0 + pad) / width, self.MAX_MARGIN),
            right=1 - min((tight.x1 - box.x1 + pad) / width, self.MAX_MARGIN),
            bottom=min((box.y0 - tight.y0 + pad) / height, self.MAX_MARGIN),
            top=1 - min((tight.y1 - box.y1 + pad) / height, self.MAX_MARGIN),
        )


def new_figure(height: float, fit: bool = True) -> tuple[Figure, Axes]:
    """A chart of one axes, `height` inches tall; `fit`: margins fitted to its texts (`MarginsFit`)."""
    fig = Figure(figsize=(WIDTH, height), dpi=DPI, layout=MarginsFit() if fit else None)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_axisbelow(True)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    return fig, ax


# zlib level 1: a county's three charts encode ~0.1 s faster than at the default 6, for 3 % more bytes.
PNG_COMPRESSION = {"compress_level": 1}


def png(fig: Figure) -> bytes:
    """PNG bytes without timestamps or software tags: same figure, same bytes."""
    engine = fig.get_layout_engine()
    if engine is not None:
        # savefig would draw the whole figure once without output only to run the layout (then again
        # with it off): the layout run alone gives the same margins for less of the chart's time.
        engine.execute(fig)
        fig.set_layout_engine(None)  # no engine (rcParams figure.autolayout and constrained_layout are off)
    buffer = io.BytesIO()
    fig.savefig(
        buffer, format="png", dpi=DPI, metadata={"Software": None}, facecolor="white", pil_kwargs=PNG_COMPRESSION
    )
    return buffer.getvalue()


def render(build: Callable[[], Figure | None]) -> bytes | None:
    with chart_style():
        fig = build()
        return None if fig is None else png(fig)


def legend(ax: Axes, **kwargs: Any) -> None:
    ax.legend(frameon=False, fontsize=8, **kwargs)


def hbars(ax: Axes, widths: list[float], height: float, left: list[float] | None = None, **style: Any) -> None:
    """Horizontal bars at y = 0, 1, ... as one artist: `barh` makes one per bar, which costs seconds
    for the hundreds of inspectors of a city plan. Their x axis starts at 0, as barh's does."""
    starts = left or [0.0] * len(widths)
    half = height / 2
    boxes = [
        [(x, y - half), (x, y + half), (x + w, y + half), (x + w, y - half)]
        for y, (x, w) in enumerate(zip(starts, widths, strict=True))
    ]
    bars = PolyCollection(boxes, **style)
    bars.sticky_edges.x.append(0)
    ax.add_collection(bars)


def fit_row_labels(fig: Figure, ax: Axes, top: float, bottom: float) -> None:
    """Margins (inches at `top` and `bottom`) that fit the y tick labels, each measured once
    (constrained layout measures every label several times: most of a tall chart's time)."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    label = max((t.get_window_extent(renderer).width for t in ax.get_yticklabels()), default=0.0) / fig.dpi
    width, height = fig.get_size_inches()
    left = min((label + 0.2) / width, MarginsFit.MAX_MARGIN)  # a label wider than that is cut at the edge
    fig.subplots_adjust(left=left, right=1 - 0.1 / width, bottom=bottom / height, top=1 - top / height)


# ---------------------------------------------------------------- the charts


def workload_figure(workload: Table) -> Figure | None:
    """Per eligible (or used) inspector, or per unit in a large bureau (`figure_tables.workload_rows`):
    on-site + weighted off-site use against capacity."""
    rows = workload_rows(workload)[::-1]  # the first at the top
    if not rows:
        return None
    fig, ax = new_figure(max(2.4, 0.26 * len(rows) + 1.2), fit=False)
    hbars(ax, [r["capacity"] for r in rows], 0.78, facecolors="white", edgecolors=CAPACITY)
    onsite = [r["onsite"] for r in rows]
    hbars(ax, onsite, 0.5, facecolors=ONSITE, edgecolors="none")
    hbars(ax, [r["offsite_used"] for r in rows], 0.5, left=onsite, facecolors=OFFSITE, edgecolors="none")
    ax.autoscale_view()
    ax.set_yticks(range(len(rows)), [r["label"] for r in rows], fontsize=8)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xlabel("检查能力（现场检查 = 1）")
    ax.grid(axis="x", color=GRID)
    keys = [
        Patch(facecolor="white", edgecolor=CAPACITY, label="季度检查上限"),
        Patch(facecolor=ONSITE, label="现场检查"),
        Patch(facecolor=OFFSITE, label="科技检查（折算）"),
    ]
    legend(ax, handles=keys, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3)
    fit_row_labels(fig, ax, top=0.35, bottom=0.55)
    return fig


def specialty_figure(specialties: Table) -> Figure | None:
    """On-site checks needing each specialty against the capacity of inspectors having it."""
    rows = list(specialties.rows)
    if not rows:
        return None
    have_demand = any(r["onsite_checks"] is not None for r in rows)
    fig, ax = new_figure(3.0)
    x = list(range(len(rows)))
    width = 0.38 if have_demand else 0.6
    supply_x = [i + width / 2 for i in x] if have_demand else x
    bars = ax.bar(
        supply_x,
        [r["capacity"] for r in rows],
        width,
        color=CAPACITY,
        label="具备该专业人员的能力合计",
    )
    ax.bar_label(bars, fontsize=7, padding=1)
    if have_demand:
        demand = [r["onsite_checks"] or 0 for r in rows]
        bars = ax.bar([i - width / 2 for i in x], demand, width, color=DEMAND, label="需要该专业的现场检查")
        ax.bar_label(bars, fontsize=7, padding=1)
    ax.set_xticks(x, [r["specialty"] for r in rows])
    ax.set_ylabel("次")
    ax.grid(axis="y", color=GRID)
    ax.margins(y=0.12)
    # Above the plot, never over a bar (upper right used to hide the last specialty's bars).
    legend(ax, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2)
    return fig


def township_figure(townships: Table) -> Figure | None:
    """Checks drawn per township, on-site and off-site, with the township's object count."""
    rows = [r for r in townships.rows if r["drawn"] is not None]
    if not rows:
        return None
    rows = rows[::-1]
    y = list(range(len(rows)))
    onsite = [r["onsite"] for r in rows]
    offsite = [r["offsite"] for r in rows]
    fig, ax = new_figure(max(2.4, 0.3 * len(rows) + 1.1))
    ax.barh(y, onsite, height=0.6, color=ONSITE, label="现场检查")
    ax.barh(y, offsite, height=0.6, left=onsite, color=OFFSITE, label="科技检查")
    for i, r in enumerate(rows):
        ax.text(r["drawn"], i, f" {r['drawn']} / {r['population']} 家", va="center", fontsize=7)
    ax.set_yticks(y, [r["township"] for r in rows], fontsize=8)
    ax.set_xlabel("抽取检查数（标注：抽取数 / 对象数）")
    ax.grid(axis="x", color=GRID)
    ax.margins(x=0.15)
    legend(ax, loc="lower right")
    return fig


def report_charts(tables: dict[str, Table], have_plan: bool) -> dict[str, bytes]:
    """The PNG of every chart that has data, by name (`figure_tables.report_chart_names`)."""
    builders: dict[str, Callable[[], Figure | None]] = {
        "specialties": lambda: specialty_figure(tables["specialties"]),
        "workload": lambda: workload_figure(tables["workload"]),
        "townships": lambda: township_figure(tables["townships"]),
    }
    charts = {}
    for name in report_chart_names(tables, have_plan):
        data = render(builders[name])
        if data is not None:
            charts[name] = data
    return charts
