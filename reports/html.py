"""report.html: the feasibility report, one self-contained file (CSS, font and charts inline)."""

from __future__ import annotations

import base64
import string
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from shuangsui.models.enums import TeamMode
from shuangsui.reports import labels
from shuangsui.reports.feasibility import reproducibility, suggestion_note
from shuangsui.reports.figure_tables import summary
from shuangsui.reports.fonts import css_font_face
from shuangsui.reports.tables import ReportInput, Table, display
from shuangsui.scheduler.result import CONTRACT_VERSION

NUMERIC_KINDS = frozenset({"int", "float", "percent"})
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
    env.globals.update(show=display, numeric=NUMERIC_KINDS)
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


def report_context(ri: ReportInput, tables: dict[str, Table], charts: dict[str, bytes]) -> dict[str, object]:
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
        "charts": {name: base64.b64encode(data).decode("ascii") for name, data in charts.items()},
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
        "time_limit": f"{rules.solver.time_limit:g}",
        "wall_time": f"{result.wall_time:.2f}",
        "workers": result.workers,
        "contract": ri.plan.contract if ri.plan else CONTRACT_VERSION,
        "suggestion_note": suggestion_note(ri),
        "draw_shift": result.draw_shift,
        "left_out": result.left_out,
    }


def render_report(ri: ReportInput, tables: dict[str, Table], charts: dict[str, bytes], embed_font: bool = True) -> str:
    template = environment().get_template("report.html")
    context = report_context(ri, tables, charts)
    draft = template.render(**context, font_face="")
    if not embed_font:
        return draft
    # The glyphs of every character the page can show, embedded: Chinese renders anywhere.
    glyphs = "".join(sorted(set(draft) | set(string.printable.strip()) | {"—", "（", "）", "·"}))
    # Markup: the rule is CSS we built ourselves (base64 only), not text to escape.
    return template.render(**context, font_face=Markup(css_font_face(glyphs)))


def write_report(path: Path, html: str) -> Path:
    path.write_text(html, encoding="utf-8")
    return path
