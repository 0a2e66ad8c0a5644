"""tasks.docx: the task sheets (一组一单), a page per 执法小组, header row repeated, page numbers."""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_BREAK
from shuangsui.app.lifecycle.docx_render import new_document, paragraph, save, table, title
from shuangsui.app.lifecycle.quarter import window_text
from shuangsui.app.lifecycle.tasklist import TaskList
from shuangsui.app.lifecycle.tasks_xlsx import BLANK_FROM, COLUMNS, sheet_title, task_cells

WIDTHS_MM = (9, 32, 25, 14, 34, 58, 13, 15, 15, 15, 22, 15)  # landscape A4 text width: 257 mm


def write_tasks_docx(path: Path, tasks: TaskList) -> Path:
    """Landscape A4; each group starts on a new page."""
    doc = new_document(landscape=True)
    headers = tuple(h for h, _ in COLUMNS)
    for n, (group, group_tasks) in enumerate(tasks.groups().items()):
        if n:
            doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        title(doc, sheet_title(tasks, group), size=16)
        paragraph(
            doc,
            f"检查人员：{group_tasks[0].people}　检查时段：{window_text(tasks.period)}　共 {len(group_tasks)} 家",
            size=12,
        )
        rows = [task_cells(k, t) + [""] * (len(COLUMNS) - BLANK_FROM) for k, t in enumerate(group_tasks, start=1)]
        table(doc, headers, rows, size=9, widths=WIDTHS_MM)
        paragraph(doc, "检查人员签字：　　　　　　　　　　　　带队负责人签字：　　　　　　　　　　日期：", size=12)
    return save(doc, path)
