"""抽查任务公告 (public task notice): objects, items, departments and period; 涉密 objects withheld.

Confidential objects never reach a public file: they are left out of every table and only counted
("涉密 N 家不予公开"). Inspector names appear only when asked (``with_inspectors``). The notice is
written as .docx, .xlsx and self-contained .html; `record_publication` puts each file's SHA-256 in
the ledger (kind ``publication``).
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from shuangsui.app.lifecycle.document import Document, Paragraph, Table, write_html, write_xlsx
from shuangsui.app.lifecycle.quarter import period_zh, window_text
from shuangsui.app.lifecycle.tasklist import TaskList
from shuangsui.ledger import Ledger, Record

TASK_NOTICE = "task-notice"  # file stem: task-notice.docx / .xlsx / .html
DEFAULT_DEPARTMENT = "生态环境部门"


def date_zh(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def task_notice(tasks: TaskList, department: str, with_inspectors: bool, day: date) -> Document:
    """The 抽查任务公告 as a `Document` (public: no confidential object, names only when asked)."""
    public = [t for groups in tasks.groups().values() for t in groups if not t.confidential]
    public.sort(key=lambda t: (t.township, t.name, t.object_id))
    withheld = sum(1 for t in tasks.tasks if t.confidential)
    onsite = sum(1 for t in tasks.tasks if t.mode == "onsite")
    doc = Document(
        title=f"{period_zh(tasks.period)}“双随机、一公开”抽查任务公告",
        subtitle=tasks.scenario,
        signature=(department, day.isoformat()),
        landscape=True,
    )
    lines = [
        f"根据“双随机、一公开”监管工作要求，{department}以公开随机种子从检查对象名录库中抽取检查对象、"
        f"从执法检查人员名录库中抽取执法检查人员，现将{period_zh(tasks.period)}抽查任务公告如下。",
        f"本期共抽取检查对象 {len(tasks.tasks)} 家，其中现场检查 {onsite} 家、科技检查（非现场）"
        f"{len(tasks.tasks) - onsite} 家；检查时段为{window_text(tasks.period)}。",
    ]
    if withheld:
        lines.append(f"涉密 {withheld} 家不予公开。")
    doc.add(*(Paragraph(text) for text in lines))
    headers = ["序号", "单位名称", "所属乡镇", "抽查事项", "检查方式", "检查部门", "联合检查部门", "检查时段"]
    if with_inspectors:
        headers.append("执法检查人员")
    window = window_text(tasks.period)
    rows = []
    for n, t in enumerate(public, start=1):
        row: list[str | int] = [n, t.name, t.township, t.item_names, t.mode_zh, department]
        row += [t.partner_department or "—", window]
        if with_inspectors:
            row.append(t.people)
        rows.append(tuple(row))
    doc.add(Table(tuple(headers), tuple(rows), caption="抽查任务清单", sheet="抽查任务公告"))
    return doc


def write_notice(out_dir: Path, stem: str, doc: Document) -> list[Path]:
    """Write ``stem``.docx, .xlsx and .html into ``out_dir``; return the paths."""
    from shuangsui.app.lifecycle.docx_render import write_docx

    out_dir = Path(out_dir)
    return [
        write_docx(out_dir / f"{stem}.docx", doc),
        write_xlsx(out_dir / f"{stem}.xlsx", doc),
        write_html(out_dir / f"{stem}.html", doc),
    ]


def file_hashes(paths: list[Path]) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def record_publication(ledger: Ledger, notice: str, tasks: TaskList, hashes: dict[str, str], **extra: object) -> Record:
    """Record a publication: which notice, which plan, each public file's SHA-256."""
    return ledger.append(
        "publication",
        {
            "notice": notice,
            "period": tasks.period,
            "plan_json_sha256": tasks.plan_json_sha256,
            "files": hashes,
            "withheld_confidential": sum(1 for t in tasks.tasks if t.confidential),
            **extra,
        },
    )
