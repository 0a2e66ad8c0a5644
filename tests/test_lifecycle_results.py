"""Results entry on a two-check task list: every rule of the validation, all problems at once."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from shuangsui.app.lifecycle.codes import ALLOWED_FOLLOWUP, FOLLOWUPS, RESULTS
from shuangsui.app.lifecycle.progress import compute
from shuangsui.app.lifecycle.quarter import elapsed_share, quarter_bounds
from shuangsui.app.lifecycle.results import ResultsInvalid, latest_results, read_results, record_results
from shuangsui.app.lifecycle.tasklist import Task, TaskItem, TaskList
from shuangsui.app.lifecycle.template import write_results_template
from shuangsui.ledger import Ledger


def _task(object_id: str, group: str, units: tuple[str, ...]) -> Task:
    return Task(
        object_id=object_id,
        name=f"{object_id}公司",
        township="赵州镇",
        industry="化工",
        tier="key",
        credit_risk="C",
        confidential=False,
        mode="onsite",
        draw="credit_risk",
        directed=None,
        group=group,
        team_id=group,
        inspector_ids=("I01", "I02"),
        inspector_names=("甲", "乙"),
        units=units,
        joint="internal" if len(units) > 1 else "none",
        partner_department=None,
        items=(TaskItem("HJ-01", "排污许可", "某法第一条"),),
    )


TASKS = TaskList(
    "测试县",
    "2025Q1",
    "d" * 64,
    "p" * 64,
    0.3,
    1,
    (_task("A1", "T01", ("大队", "监测站")), _task("B2", "T02", ("大队",))),
)


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return write_results_template(tmp_path / "t.xlsx", TASKS)


def _fill(template: Path, rows: dict[int, dict[str, object]]) -> Path:
    wb = load_workbook(template)
    ws = wb["检查结果"]
    header = {c.value: c.column for c in ws[1]}
    for r, values in rows.items():
        for column, value in values.items():
            ws.cell(r, header[column]).value = value
    wb.save(template)
    return template


def test_quarter_calendar() -> None:
    assert quarter_bounds("2025Q1") == (date(2025, 1, 1), date(2025, 3, 31))
    assert quarter_bounds("2024Q4") == (date(2024, 10, 1), date(2024, 12, 31))
    assert elapsed_share("2025Q1", date(2024, 12, 31)) == 0.0
    assert elapsed_share("2025Q1", date(2025, 3, 31)) == 1.0
    assert elapsed_share("2025Q1", date(2025, 1, 9)) == pytest.approx(9 / 90)


def test_every_result_has_a_consistent_followup() -> None:
    assert set(ALLOWED_FOLLOWUP) == set(RESULTS)
    assert all(set(v) <= set(FOLLOWUPS) for v in ALLOWED_FOLLOWUP.values())


def test_blank_rows_are_skipped_and_text_dates_read(template: Path) -> None:
    path = _fill(template, {2: {"检查日期": "2025年2月3日", "检查结果": "未发现问题", "后续处置状态": "无需处置"}})
    (entry,) = read_results(path, TASKS)
    assert (entry.object_id, entry.date, entry.row) == ("A1", "2025-02-03", 2)


def test_all_problems_at_once(template: Path) -> None:
    path = _fill(
        template,
        {
            2: {"检查日期": datetime(2025, 4, 1), "检查结果": "发现问题已责令整改", "后续处置状态": "已结案"},
            3: {"对象编号": "ZZ", "检查日期": "二月", "检查结果": "好", "后续处置状态": "无需处置"},
        },
    )
    with pytest.raises(ResultsInvalid) as caught:
        read_results(path, TASKS)
    where = {(p.row, p.column) for p in caught.value.problems}
    assert where == {
        (2, "检查日期"),  # outside the period
        (2, "后续处置状态"),  # 已结案 does not follow 责令整改
        (2, "问题描述"),  # a finding needs a description
        (2, "处理措施"),  # and measures
        (3, "对象编号"),  # not a check of the plan
        (3, "检查日期"),  # not a date
        (3, "检查结果"),  # unknown code
    }


def test_missing_columns_are_named(tmp_path: Path, template: Path) -> None:
    wb = load_workbook(template)
    wb["检查结果"].delete_cols(13)
    wb.save(tmp_path / "cut.xlsx")
    with pytest.raises(ResultsInvalid) as caught:
        read_results(tmp_path / "cut.xlsx", TASKS)
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "后续处置状态")]


def test_corrections_and_progress(tmp_path: Path, template: Path) -> None:
    first = _fill(template, {2: {"检查日期": date(2025, 1, 5), "检查结果": "未发现问题", "后续处置状态": "无需处置"}})
    with Ledger.open(tmp_path / "l.sqlite") as ledger:
        done = record_results(ledger, TASKS, read_results(first, TASKS), first)
        assert (done.new, done.corrections) == (1, 0)
        again = record_results(ledger, TASKS, read_results(first, TASKS), first)
        assert again.seq is None and again.unchanged == 1
        fix = {"检查结果": "立案查处", "问题描述": "超标", "处理措施": "立案", "后续处置状态": "已立案"}
        second = _fill(template, {2: fix})
        assert record_results(ledger, TASKS, read_results(second, TASKS), second).corrections == 1
        assert [r.kind for r in ledger.records()] == ["task_list", "results", "results"]
        latest = latest_results(ledger, "2025Q1")
    figures = compute(TASKS, latest, date(2025, 2, 14))  # half the quarter gone
    assert (figures.done, figures.findings, len(figures.open_followup)) == (1, 1, 1)
    assert [g.key for g in figures.behind] == ["T02"]  # 0 of 1 done; T01 1 of 1
    assert figures.internal_joint_done == 1


def test_task_notice_withholds_confidential_and_names_only_when_asked() -> None:
    from dataclasses import replace

    from shuangsui.app.lifecycle.document import Paragraph, Table
    from shuangsui.app.lifecycle.publish import task_notice

    secret = replace(_task("S9", "T03", ("大队",)), name="保密单位", confidential=True)
    tasks = replace(TASKS, tasks=(*TASKS.tasks, secret))
    for with_inspectors in (False, True):
        doc = task_notice(tasks, "某局", with_inspectors, date(2025, 1, 2))
        (table,) = [b for b in doc.blocks if isinstance(b, Table)]
        assert [row[1] for row in table.rows] == ["A1公司", "B2公司"]
        assert "S9" not in doc.text() and "保密单位" not in doc.text()
        assert any(isinstance(b, Paragraph) and "涉密 1 家不予公开" in b.text for b in doc.blocks)
        assert ("执法检查人员" in table.headers) is with_inspectors
        assert ("甲、乙" in doc.text()) is with_inspectors
