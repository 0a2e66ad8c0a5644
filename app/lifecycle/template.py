"""results-template.xlsx: one row per check, result columns with drop-down lists (written by `plan`)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from shuangsui.app.lifecycle.codes import FOLLOWUPS, RESULTS
from shuangsui.app.lifecycle.quarter import quarter_bounds
from shuangsui.app.lifecycle.tasklist import TaskList

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
FILL = PatternFill("solid", fgColor="FFF2CC")


def _letter(header: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter([h for h, _ in COLUMNS].index(header) + 1)


def write_results_template(path: Path, tasks: TaskList) -> Path:
    """Write the template: check columns filled in, result columns blank with validation."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([h for h, _ in COLUMNS])
    for n, (header, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=n)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if header in RESULT_COLUMNS:
            cell.fill = FILL
        ws.column_dimensions[cell.column_letter].width = width
    n = 0
    for group, group_tasks in tasks.groups().items():
        for task in group_tasks:
            n += 1
            ws.append([n, task.object_id, task.name, task.township, task.item_names, task.mode_zh, group, task.people])
    last = n + 1
    start, end = quarter_bounds(tasks.period)
    validations = (
        DataValidation(type="list", formula1='"' + ",".join(RESULTS) + '"', allow_blank=True),
        DataValidation(type="list", formula1='"' + ",".join(FOLLOWUPS) + '"', allow_blank=True),
        DataValidation(
            type="date",
            operator="between",
            formula1=f"DATE({start.year},{start.month},{start.day})",
            formula2=f"DATE({end.year},{end.month},{end.day})",
            allow_blank=True,
        ),
    )
    for dv, header in zip(validations, ("检查结果", "后续处置状态", "检查日期"), strict=True):
        dv.error = f"请填写有效的{header}" + ("（本季度内的日期）" if header == "检查日期" else "（从下拉列表中选择）")
        dv.errorTitle = "输入无效"
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(f"{_letter(header)}2:{_letter(header)}{max(last, 2)}")
    for row in range(2, last + 1):
        ws[f"{_letter('检查日期')}{row}"].number_format = "yyyy-mm-dd"
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{_letter('后续处置状态')}{last}"
    info = wb.create_sheet("说明")
    for line in (
        ("期间", tasks.period),
        ("检查时段", f"{start.isoformat()} 至 {end.isoformat()}"),
        ("计划摘要 (plan_json_sha256)", tasks.plan_json_sha256),
        ("填写说明", "每行一次检查；检查结果、后续处置状态从下拉列表选择；未检查的行留空。"),
        ("检查结果与后续处置", "未发现问题→无需处置；发现问题已责令整改→整改中/已整改；立案查处→已立案/已结案；"),
        ("", "移送→无需处置/已立案/已结案；未能检查→无需处置（问题描述写明原因）"),
    ):
        info.append(list(line))
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 90
    wb.save(path)
    return path
