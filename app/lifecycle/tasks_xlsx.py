"""tasks.xlsx: the task sheets (一组一单), one worksheet per 执法小组, ready to print."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet
from shuangsui.app.lifecycle.quarter import period_zh, window_text
from shuangsui.app.lifecycle.tasklist import Task, TaskList

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
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def task_cells(n: int, task: Task) -> list[object]:
    """The filled cells of one task row (shared by the .xlsx and .docx sheets)."""
    basis = "；".join(f"{i.item_id} {i.legal_basis}" for i in task.items if i.legal_basis)
    items = "；".join(f"{i.item_id} {i.name}" for i in task.items)
    return [n, task.name, task.object_id, task.township, items, basis, task.mode_zh, task.partner_department or ""]


def sheet_title(tasks: TaskList, group: str) -> str:
    kind = "现场检查" if tasks.groups()[group][0].team_id else "检查"
    return f"{period_zh(tasks.period)}“双随机、一公开”{kind}任务单（{tasks.group_label(group)}）"


def _sheet(ws: Worksheet, tasks: TaskList, group: str) -> None:
    width = len(COLUMNS)
    ws.append([sheet_title(tasks, group)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    members = tasks.groups()[group][0]
    ws.append(
        [f"检查人员：{members.people}　检查时段：{window_text(tasks.period)}　共 {len(tasks.groups()[group])} 家"]
    )
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws.append([h for h, _ in COLUMNS])
    for n, (_, w) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=3, column=n)
        cell.font = Font(bold=True)
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = w
    for n, task in enumerate(tasks.groups()[group], start=1):
        ws.append(task_cells(n, task) + [""] * (width - BLANK_FROM))
        for col in range(1, width + 1):
            cell = ws.cell(row=ws.max_row, column=col)
            cell.border = BOX
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.print_title_rows = "3:3"  # the header row repeats on every printed page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.freeze_panes = "A4"


def write_tasks_xlsx(path: Path, tasks: TaskList) -> Path:
    """One worksheet per group (named by the group id), in the order of `TaskList.groups`."""
    wb = Workbook()
    wb.remove(wb.active)
    for group in tasks.groups():
        _sheet(wb.create_sheet(group[:31]), tasks, group)
    wb.save(path)
    return path
