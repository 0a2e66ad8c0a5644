"""tasks.docx: the task sheets (一组一单), a page per 执法小组, header row repeated, page numbers."""

from __future__ import annotations

from pathlib import Path

from shuangsui.app.lifecycle.docx_render import landscape
from shuangsui.app.lifecycle.quarter import period_zh, window_text
from shuangsui.app.lifecycle.tasklist import TaskList
from shuangsui.app.lifecycle.tasks_xlsx import BLANK_FROM, COLUMNS, task_cells
from shuangsui.reports import govdoc

WIDTHS_MM = (9, 32, 25, 14, 34, 58, 13, 15, 15, 15, 12, 15)  # 257 mm: landscape text width


def write_tasks_docx(path: Path, tasks: TaskList) -> Path:
    """Landscape A4; each group starts on a new page with its members, window and checks."""
    doc = govdoc.new_document(f"{period_zh(tasks.period)}“双随机、一公开”检查任务单", tasks.scenario)
    landscape(doc)
    headers = [h for h, _ in COLUMNS]
    for n, (group, group_tasks) in enumerate(tasks.groups().items()):
        if n:
            govdoc.page_break(doc)
        kind = "现场检查" if group_tasks[0].team_id else "检查"
        govdoc.heading(doc, f"执法小组 {tasks.group_label(group)} {kind}任务", 1, numbered=False)
        govdoc.paragraph(
            doc, f"检查人员：{group_tasks[0].people}；检查时段：{window_text(tasks.period)}；共 {len(group_tasks)} 家。"
        )
        rows = [task_cells(k, t) + [""] * (len(COLUMNS) - BLANK_FROM) for k, t in enumerate(group_tasks, start=1)]
        govdoc.table(doc, headers, rows, WIDTHS_MM)
        govdoc.paragraph(doc, "检查人员签字：　　　　　　　　　带队负责人签字：　　　　　　　　　日期：", indent=False)
    return govdoc.save(doc, path)
