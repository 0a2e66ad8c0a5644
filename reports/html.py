"""report.html: the feasibility report, one self-contained file (CSS, font and charts inline)."""

from __future__ import annotations

import base64
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from shuangsui.models.enums import TeamMode
from shuangsui.reports import labels
from shuangsui.reports.attention import attention
from shuangsui.reports.feasibility import report_warnings, reproducibility, suggestion_note
from shuangsui.reports.figure_tables import summary, workload_by_unit
from shuangsui.reports.fonts import css_font_face
from shuangsui.reports.html_table import table_html
from shuangsui.reports.tables import ReportInput, Table, display
from shuangsui.scheduler.result import CONTRACT_VERSION

QUARTERS = {"1": "第一季度", "2": "第二季度", "3": "第三季度", "4": "第四季度"}


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("shuangsui.reports", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(show=display, table_html=table_html)
    return env


def period_zh(period: str) -> str:
    """2025Q1 -> 2025年第一季度."""
    year, _, quarter = period.partition("Q")
    return f"{year}年{QUARTERS.get(quarter, period)}"


def uniqueness_zh(unique: bool | None) -> str:
    if unique is True:
        return "已证明唯一：满足全部规则且目标值最优的抽取只有这一个"
    if unique is False:
        return "最优解不唯一：重现需使用相同版本的 OR-Tools 与相同的求解参数"
    return "未证明"


# Private-use characters that no scenario text can hold: where the @font-face rule goes.
FONT_MARK = "\ue000shuangsui-font-face\ue001"

UP_FRONT_ROWS = 20  # undrawable objects listed in the first screen; the rest in their section


def warning_context(ri: ReportInput, tables: dict[str, Table]) -> dict[str, object]:
    """The report's block of data warnings (issue 8): kept apart from the rest of the page."""
    warnings = report_warnings(ri)
    tiers = {w.subject for w in warnings if w.code == "undrawable_share"}
    rows = tuple(r for r in tables["undrawable"].rows if r["tier"] in tiers)
    up_front = replace(tables["undrawable"], rows=rows[:UP_FRONT_ROWS], marks=()) if rows else None
    return {"data_warnings": warnings, "undrawable_up_front": up_front, "undrawable_up_front_total": len(rows)}


def report_context(
    ri: ReportInput, tables: dict[str, Table], charts: Mapping[str, bytes | str], draw_shift: dict | None = None
) -> dict[str, object]:
    """The template's variables. `draw_shift`: the draw moved by capacity, when the caller measured it.
    `charts`: PNG bytes by name (or text that stands in their place: `report_before_charts`)."""
    result = ri.result
    rules = ri.scenario.rules
    badge, badge_class = labels.STATUS_BADGE[result.status]
    return {
        "title": labels.TITLE,
        "scenario_name": rules.name,
        "period": rules.period,
        "period_zh": period_zh(rules.period),
        "status": result.status.value,
        "status_zh": labels.STATUS_ZH[result.status],
        "badge": badge,
        "badge_class": badge_class,
        "has_plan": ri.plan is not None,
        "tables": tables,
        "charts": {name: _base64(data) for name, data in charts.items()},
        "summary": summary(ri),
        "repro": reproducibility(ri),
        "uniqueness": uniqueness_zh(result.unique_optimum),
        "item_count": len(ri.scenario.items),
        "team_mode_zh": (
            f"固定执法小组（每组 {rules.teams.size} 人）"
            if rules.teams.mode is TeamMode.STANDING
            else f"按次组队（现场检查 {rules.teams.size} 人）"
        ),
        "offsite_weight": f"{rules.teams.offsite_weight:g}",
        "workload_by_unit": workload_by_unit(tables["workload"]),
        "time_limit": f"{rules.solver.time_limit:g}",
        "wall_time": f"{result.wall_time:.2f}",
        "workers": result.workers,
        "contract": ri.plan.contract if ri.plan else CONTRACT_VERSION,
        "suggestion_note": suggestion_note(ri),
        "draw_shift": result.draw_shift,
        "left_out": result.left_out,
        **warning_context(ri, tables),
        "attention": attention(ri, tables, draw_shift),
    }


def _base64(data: bytes | str) -> str:
    return data if isinstance(data, str) else base64.b64encode(data).decode("ascii")


def chart_mark(name: str) -> str:
    """Where the chart `name` goes in a page rendered before it was drawn (private-use characters, as
    FONT_MARK; the name itself is ASCII, so the page's glyphs stay those of the finished page)."""
    return f"\ue002{name}\ue003"


def report_before_charts(
    ri: ReportInput, tables: dict[str, Table], names: Iterable[str], draw_shift: dict | None = None
) -> Callable[[dict[str, bytes]], str]:
    """report.html rendered while its charts are being drawn (`names`: the charts to come), and the
    function that puts them in: the same page as `render_report` with the charts, which it falls
    back to should other charts come."""
    marks = {name: chart_mark(name) for name in names}
    page = render_report(ri, tables, marks, draw_shift=draw_shift)

    def finish(charts: dict[str, bytes]) -> str:
        if set(charts) != set(marks) or any(page.count(mark) != 1 for mark in marks.values()):
            return render_report(ri, tables, charts, draw_shift=draw_shift)
        done = page
        for name, mark in marks.items():
            done = done.replace(mark, _base64(charts[name]))
        return done

    return finish


def render_report(
    ri: ReportInput,
    tables: dict[str, Table],
    charts: Mapping[str, bytes | str],
    embed_font: bool = True,
    draw_shift: dict | None = None,
) -> str:
    """report.html; `draw_shift` (the draw moved by capacity, `app.draw_shift`) when the caller measured it."""
    template = environment().get_template("report.html")
    context = report_context(ri, tables, charts, draw_shift)
    # Rendered once, with a mark where the font rule goes (rendering twice cost ~0.5 s at 5,000 objects).
    marked: str | None = template.render(**context, font_face=Markup(FONT_MARK))
    if marked is not None and marked.count(FONT_MARK) == 1:
        draft = marked.replace(FONT_MARK, "")  # the page as it reads without the font
    else:  # the mark is in the data itself: render twice
        draft, marked = template.render(**context, font_face=""), None
    if not embed_font:
        return draft
    # The glyphs of every character the page can show, embedded: Chinese renders anywhere.
    shown = set(draft) - set(chart_mark(""))  # a chart's mark stands for base64 text (ASCII)
    glyphs = "".join(sorted(shown | set(string.printable.strip()) | {"—", "（", "）", "·"}))
    # Markup: the rule is CSS we built ourselves (base64 only), not text to escape.
    css = css_font_face(glyphs)
    if marked is None:
        return template.render(**context, font_face=Markup(css))
    return marked.replace(FONT_MARK, css)


def write_report(path: Path, html: str) -> Path:
    path.write_text(html, encoding="utf-8")
    return path
