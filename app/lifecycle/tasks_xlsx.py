"""tasks.xlsx: the task sheets (一组一单), one worksheet per 执法小组, ready to print."""

from __future__ import annotations

import io
from pathlib import Path

from shuangsui.app.lifecycle.quarter import period_zh, window_text
from shuangsui.app.lifecycle.tasklist import Task, TaskList
from shuangsui.reports.excel import PAPER_A4, new_workbook, write_cell
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

# (header, width): the check, then blank columns the team fills in on site.
COLUMNS = (
    ("序号", 5),
    ("单位名称", 26),
    ("对象编号", 20),
    ("所属乡镇", 9),
    ("抽查事项", 28),
    ("检查依据", 40),
    ("检查方式", 9),
    ("联合检查部门", 11),
    ("检查日期", 11),
    ("检查结果", 14),
    ("问题描述", 22),
    ("检查人员签字", 12),
)
BLANK_FROM = 8  # index of the first column left blank


def task_cells(n: int, task: Task) -> list[object]:
    """The filled cells of one task row (shared by the .xlsx and .docx sheets)."""
    basis = "；".join(f"{i.item_id} {i.legal_basis}" for i in task.items if i.legal_basis)
    items = "；".join(f"{i.item_id} {i.name}" for i in task.items)
    return [n, task.name, task.object_id, task.township, items, basis, task.mode_zh, task.partner_department or ""]


def sheet_title(tasks: TaskList, group: str) -> str:
    kind = "现场检查" if tasks.group_tasks(group)[0].team_id else "检查"
    return f"{period_zh(tasks.period)}“双随机、一公开”{kind}任务单（{tasks.group_label(group)}）"


def _formats(wb: Workbook) -> dict[str, Format]:
    return {
        "title": wb.add_format({"bold": True, "font_size": 14, "align": "center"}),
        "header": wb.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}),
        "box": wb.add_format({"border": 1, "valign": "top", "text_wrap": True}),
    }


def _sheet(ws: Worksheet, formats: dict[str, Format], tasks: TaskList, group: str) -> None:
    width = len(COLUMNS)
    group_tasks = tasks.group_tasks(group)
    title, header, box = formats["title"], formats["header"], formats["box"]
    ws.merge_range(0, 0, 0, width - 1, sheet_title(tasks, group), title)
    members = group_tasks[0]
    line = f"检查人员：{members.people}　检查时段：{window_text(tasks.period)}　共 {len(group_tasks)} 家"
    ws.merge_range(1, 0, 1, width - 1, line, None)
    for n, (text, w) in enumerate(COLUMNS):
        ws.write_string(2, n, text, header)
        ws.set_column(n, n, w)
    for n, task in enumerate(group_tasks, start=1):
        for col, value in enumerate(task_cells(n, task) + [""] * (width - BLANK_FROM)):
            write_cell(ws, 2 + n, col, value if value != "" else None, box)
    ws.repeat_rows(2)  # the header row repeats on every printed page
    ws.set_landscape()
    ws.set_paper(PAPER_A4)
    ws.fit_to_pages(1, 0)
    ws.set_footer("&C第 &P 页 共 &N 页")
    ws.freeze_panes(3, 0)


def write_tasks_xlsx(path: Path, tasks: TaskList) -> Path:
    """One worksheet per group (named by the group id), in the order of `TaskList.groups`.

    Written with XlsxWriter, dated by the period (no clock): the same plan gives the same bytes."""
    buffer = io.BytesIO()
    wb = new_workbook(buffer, f"{period_zh(tasks.period)}检查任务单", tasks.period)
    formats = _formats(wb)
    for group in tasks.groups():
        _sheet(wb.add_worksheet(group[:31]), formats, tasks, group)
    wb.close()
    path.write_bytes(buffer.getvalue())
    return path
