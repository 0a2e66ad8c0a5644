"""The first screen of report.html: what needs attention, validation warnings, and plain Chinese."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
from matplotlib.patches import Rectangle
from shuangsui.checker import evaluate
from shuangsui.reports.attention import attention, draw_moved, idle_teams, tight_rules
from shuangsui.reports.html import render_report
from shuangsui.reports.labels import plain_zh
from shuangsui.reports.outputs import build_tables
from shuangsui.reports.plots import chart_style, png, specialty_figure
from shuangsui.reports.tables import Column, ReportInput, Table
from test_reports import hand_plan, small_scenario, solved  # tests/ is on sys.path


@pytest.fixture(scope="module")
def ri() -> ReportInput:
    scenario = small_scenario()
    return ReportInput(scenario, solved(), evaluate(scenario, hand_plan()))


def first_screen(page: str) -> str:
    """The visible text of the first screen (between the header and the plan summary)."""
    found = re.search(r'<section id="first-screen">(.*?)</section>', page, re.S)
    assert found, "no first-screen section"
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))))


def test_undrawable_share_of_a_tier_is_flagged(ri: ReportInput) -> None:
    page = render_report(ri, build_tables(ri), {}, embed_font=False)
    text = first_screen(page)
    # G4 (辐射) is 1 of the 4 general objects: 25 % > 5 %; no other tier loses an object.
    assert "一般监管对象 4 家中有 1 家（25%）没有合规的检查组可派" in text
    assert "重点监管对象" not in text and "特殊监管对象" not in text
    assert page.index('id="first-screen"') < page.index('id="summary"')


def test_tight_rules_skip_exact_counts_and_name_the_others() -> None:
    columns = tuple(Column(k, k) for k in ("rule", "achieved", "tight", "ok"))
    rows = (
        {"rule": "credit_risk_draws", "achieved": "80 次", "tight": True, "ok": True},
        {"rule": "internal_joint", "achieved": "32 次（30.5%）", "tight": True, "ok": True},
        {"rule": "capacity", "achieved": "最紧：I01 9/10", "tight": False, "ok": True},
    )
    (item,) = tight_rules(Table("rules", "规则", columns, rows))
    assert item.kind == "tight_rule"
    assert item.text.startswith("1 条规则恰好达到要求、没有余量")
    assert "内部联合抽查占比 32 次（30.5%）" in item.text and "信用风险分类" not in item.text


def test_idle_teams_are_named() -> None:
    columns = tuple(Column(k, k) for k in ("team_id", "members", "onsite"))
    rows = (
        {"team_id": "T01", "members": ["张伟", "李娜"], "onsite": 3},
        {"team_id": "T02", "members": ["王强", "赵敏"], "onsite": 0},
    )
    table = Table("teams", "执法小组", columns, rows)
    (item,) = idle_teams(table, standing=True)
    assert item.text == "1 个执法小组本期没有现场检查任务：T02（王强、赵敏）。"
    assert idle_teams(table, standing=False) == []  # per-check groups exist only when they check


def test_draw_moved_when_measured(ri: ReportInput) -> None:
    assert draw_moved(None) == [] and draw_moved({"moved": 0, "onsite_shift": 0}) == []
    (item,) = draw_moved({"moved": 3, "onsite_shift": -2})
    assert "换掉了 3 家，现场检查减少 2 次" in item.text
    items = attention(ri, build_tables(ri), {"moved": 3, "onsite_shift": -2})
    assert items[0].kind == "draw_moved"  # the most important first


def test_no_english_code_words_in_the_chinese_text(ri: ReportInput) -> None:
    assert plain_zh("specialty: 无具备辐射专业的可派执法人员") == "专业匹配：无具备辐射专业的可派执法人员"
    assert plain_zh("annual_cap: 本年度已检查 2 次") == "年度抽查次数上限：本年度已检查 2 次"
    assert plain_zh("contract 1、期间与输入摘要一致") == "数据约定第 1 版、期间与输入摘要一致"
    page = render_report(ri, build_tables(ri), {}, embed_font=False)
    body = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    visible = html_lib.unescape(re.sub(r"<[^>]+>", " ", body))
    assert not re.search(r"contract \d", visible) and "数据约定第 2 版" in visible
    assert not re.search(r"\b(specialty|capacity|avoidance|annual_cap): ", visible)


def test_slack_has_a_unit(ri: ReportInput) -> None:
    page = render_report(ri, build_tables(ri), {}, embed_font=False)
    table = re.search(r'<table id="rules-table".*?</table>', page, re.S).group(0)
    cells = re.findall(r'<td class="k-float c-slack num">(.*?)</td>', table, re.S)
    shown = [c.strip() for c in cells if c.strip() != "—"]
    assert shown and all(re.fullmatch(r"-?[0-9.]+ (次|个百分点)", c) for c in shown), shown
    assert "余量单位" not in table  # the unit is in the cell, not a column of its own


def test_specialty_legend_hides_no_bar(ri: ReportInput) -> None:
    with chart_style():
        fig = specialty_figure(build_tables(ri)["specialties"])
        png(fig)  # lays the figure out
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        legend_box = ax.get_legend().get_window_extent(renderer)
        bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_height() > 0]
        assert bars
        for bar in bars:
            assert not legend_box.overlaps(bar.get_window_extent(renderer)), bar


def test_plan_outputs_pass_the_draw_shift_to_the_first_screen(tmp_path: Path) -> None:
    from shuangsui.reports import write_plan_outputs

    write_plan_outputs(tmp_path, small_scenario(), solved(), draw_shift={"moved": 2, "onsite_shift": -1})
    text = first_screen((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert "换掉了 2 家，现场检查减少 1 次" in text
