"""Charts of the bulletin (PNG bytes, mplfonts CJK font, same look as the planner's reports)."""

from __future__ import annotations

from matplotlib.figure import Figure
from shuangsui.app.lifecycle.progress import Figures
from shuangsui.reports.plots import DEMAND, GRID, OFFSITE, ONSITE, new_figure, render


def progress_chart(figures: Figures) -> bytes | None:
    """Done against planned per group, with the elapsed share of the quarter as a marker."""

    def build() -> Figure | None:
        rows = list(figures.groups)[::-1]
        if not rows:
            return None
        fig, ax = new_figure(max(2.4, 0.28 * len(rows) + 1.2))
        y = range(len(rows))
        ax.barh(y, [r.planned for r in rows], height=0.7, color=OFFSITE, label="计划检查")
        ax.barh(y, [r.done for r in rows], height=0.45, color=ONSITE, label="已完成")
        ax.scatter(
            [r.planned * figures.elapsed for r in rows], list(y), marker="|", s=160, color=DEMAND, label="按时序应完成"
        )
        ax.set_yticks(list(y), [r.key + ("（督办）" if r.behind else "") for r in rows], fontsize=8)
        ax.set_xlabel("检查次数")
        ax.grid(axis="x", color=GRID)
        ax.legend(frameon=False, fontsize=8, loc="lower right")
        return fig

    return render(build)


def count_chart(counts: dict[str, int], xlabel: str) -> bytes | None:
    """A horizontal bar per key (e.g. findings by township)."""

    def build() -> Figure | None:
        if not counts:
            return None
        keys = list(counts)[::-1]
        fig, ax = new_figure(max(2.0, 0.3 * len(keys) + 1.0))
        ax.barh(range(len(keys)), [counts[k] for k in keys], height=0.6, color=ONSITE)
        ax.set_yticks(range(len(keys)), keys, fontsize=8)
        ax.set_xlabel(xlabel)
        ax.grid(axis="x", color=GRID)
        return fig

    return render(build)
