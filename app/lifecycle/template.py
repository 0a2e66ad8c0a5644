"""results-template.xlsx: one row per check, result columns with drop-down lists (written by `plan`)."""

from __future__ import annotations

import io
from pathlib import Path

from shuangsui.app.lifecycle.codes import FOLLOWUPS, RESULTS
from shuangsui.app.lifecycle.quarter import quarter_bounds
from shuangsui.app.lifecycle.tasklist import TaskList
from shuangsui.reports.excel import new_workbook, write_cell

SHEET = "检查结果"
# (header, width); the first eight describe the check, the last five are filled in.
COLUMNS = (
    ("序号", 6),
    ("对象编号", 22),
    ("单位名称", 30),
    ("所属乡镇", 10),
    ("抽查事项", 36),
    ("检查方式", 10),
    ("执法小组", 12),
    ("检查人员", 16),
    ("检查日期", 13),
    ("检查结果", 20),
    ("问题描述", 30),
    ("处理措施", 24),
    ("后续处置状态", 14),
)
RESULT_COLUMNS = ("检查日期", "检查结果", "问题描述", "处理措施", "后续处置状态")
FILL = "#FFF2CC"


def _column(header: str) -> int:
    """The 0-based column of `header`."""
    return [h for h, _ in COLUMNS].index(header)


def write_results_template(path: Path, tasks: TaskList) -> Path:
    """Write the template: check columns filled in, result columns blank with validation.

    Written with XlsxWriter, dated by the period (no clock): the same plan gives the same bytes."""
    buffer = io.BytesIO()
    wb = new_workbook(buffer, f"{tasks.period} 检查结果", tasks.period)
    ws = wb.add_worksheet(SHEET)
    head = {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True}
    plain_head, result_head = wb.add_format(head), wb.add_format({**head, "bg_color": FILL, "pattern": 1})
    for n, (header, width) in enumerate(COLUMNS):
        ws.write_string(0, n, header, result_head if header in RESULT_COLUMNS else plain_head)
        ws.set_column(n, n, width)
    n = 0
    for group, group_tasks in tasks.groups().items():
        for task in group_tasks:
            n += 1
            values = [n, task.object_id, task.name, task.township, task.item_names, task.mode_zh, group, task.people]
            for col, value in enumerate(values):
                write_cell(ws, n, col, value)
    last = n + 1  # the last row, counted from 1 as Excel shows it
    start, end = quarter_bounds(tasks.period)
    date_column = _column("检查日期")
    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
    for row in range(1, last):
        ws.write_blank(row, date_column, None, date_format)
    validations = (
        ("检查结果", {"validate": "list", "source": list(RESULTS)}),
        ("后续处置状态", {"validate": "list", "source": list(FOLLOWUPS)}),
        ("检查日期", {"validate": "date", "criteria": "between", "minimum": start, "maximum": end}),
    )
    for header, rule in validations:
        error = f"请填写有效的{header}" + ("（本季度内的日期）" if header == "检查日期" else "（从下拉列表中选择）")
        column = _column(header)
        ws.data_validation(
            1,
            column,
            max(last, 2) - 1,
            column,
            {**rule, "ignore_blank": True, "error_title": "输入无效", "error_message": error, "show_error": True},
        )
    ws.freeze_panes(1, 2)
    ws.autofilter(0, 0, last - 1, _column("后续处置状态"))
    info = wb.add_worksheet("说明")
    for row, line in enumerate(
        (
            ("期间", tasks.period),
            ("检查时段", f"{start.isoformat()} 至 {end.isoformat()}"),
            ("计划摘要 (plan_json_sha256)", tasks.plan_json_sha256),
            ("填写说明", "每行一次检查；检查结果、后续处置状态从下拉列表选择；未检查的行留空。"),
            ("检查结果与后续处置", "未发现问题→无需处置；发现问题已责令整改→整改中/已整改；立案查处→已立案/已结案；"),
            ("", "移送→无需处置/已立案/已结案；未能检查→无需处置（问题描述写明原因）"),
        )
    ):
        for col, value in enumerate(line):
            if value:
                info.write_string(row, col, value)
    info.set_column(0, 0, 22)
    info.set_column(1, 1, 90)
    wb.close()
    path.write_bytes(buffer.getvalue())
    return path
