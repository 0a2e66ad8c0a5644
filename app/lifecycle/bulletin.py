"""季度工作通报 (internal bulletin) and 抽查结果公告 (public results notice) from the ledger."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from shuangsui.app.lifecycle.charts import count_chart, progress_chart
from shuangsui.app.lifecycle.document import Document, Figure, Heading, Paragraph, Table
from shuangsui.app.lifecycle.progress import Figures, Progress, is_done
from shuangsui.app.lifecycle.publish import date_zh
from shuangsui.app.lifecycle.quarter import period_zh, quarter_bounds
from shuangsui.app.lifecycle.tasklist import TaskList

BULLETIN = "bulletin"  # bulletin.docx / bulletin.html
RESULTS_NOTICE = "results-notice"  # results-notice.docx / .xlsx / .html


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _progress_rows(rows: tuple[Progress, ...]) -> tuple[tuple[str | int, ...], ...]:
    return tuple(
        (p.label, p.planned, p.done, p.not_checked, pct(p.share), "滞后（督办）" if p.behind else "按进度")
        for p in rows
    )


def bulletin(tasks: TaskList, figures: Figures, organisation: str, day: date) -> Document:
    """The internal 季度工作通报 (names of teams and inspectors; confidential objects included)."""
    start, end = quarter_bounds(tasks.period)
    doc = Document(
        title=f"{period_zh(tasks.period)}“双随机、一公开”抽查工作通报",
        subtitle=f"{tasks.scenario}（统计截至 {date_zh(figures.as_of)}）",
        signature=(organisation, day.isoformat()),
    )
    f = figures
    doc.add(
        Heading("总体进度"),
        Paragraph(
            f"本季度（{date_zh(start)}至{date_zh(end)}）计划检查 {f.planned} 次，截至{date_zh(f.as_of)}已完成 "
            f"{f.done} 次，完成率 {pct(f.done / f.planned if f.planned else 0)}；季度时序已过 {pct(f.elapsed)}。"
            f"已录入结果 {f.entered} 次，其中未能检查 {f.not_checked} 次；结果更正 {f.corrections} 次。"
        ),
        Table(
            ("执法小组", "计划", "已完成", "未能检查", "完成率", "进度"),
            _progress_rows(f.groups),
            caption="表1 各执法小组进度",
            sheet="小组进度",
        ),
    )
    chart = progress_chart(f)
    if chart:
        doc.add(Figure(chart, "图1 各执法小组完成情况（竖线：按季度时序应完成数）"))
    doc.add(
        Table(
            ("业务条线", "计划", "已完成", "未能检查", "完成率", "进度"),
            _progress_rows(f.units),
            caption="表2 各业务条线进度（参与的检查）",
            sheet="条线进度",
        ),
        Heading("督办名单"),
    )
    if f.behind:
        doc.add(
            Paragraph(
                f"以下 {len(f.behind)} 个执法小组完成率低于季度时序进度（{pct(f.elapsed)}），予以督办，"
                "请于季度结束前完成尚未完成的检查："
            ),
            Table(
                ("执法小组", "计划", "已完成", "完成率", "未完成的检查"),
                tuple(
                    (
                        p.label,
                        p.planned,
                        p.done,
                        pct(p.share),
                        "；".join(f"{t.name}（{t.object_id}）" for t in p.open_checks),
                    )
                    for p in f.behind
                ),
                caption="表3 督办名单",
                sheet="督办名单",
            ),
        )
    else:
        doc.add(Paragraph("各执法小组均按进度完成检查，无督办事项。"))
    doc.add(
        Heading("检查发现问题情况"),
        Paragraph(
            f"已完成的 {f.done} 次检查中，未发现问题 {f.results['未发现问题']} 次，发现问题已责令整改 "
            f"{f.results['发现问题已责令整改']} 次，立案查处 {f.results['立案查处']} 次，移送 {f.results['移送']} 次；"
            f"发现问题合计 {f.findings} 次。"
        ),
        Table(("监管类别", "发现问题（次）"), tuple(f.by_tier.items()), caption="表4 按监管类别", sheet="按类别"),
        Table(("所属乡镇", "发现问题（次）"), tuple(f.by_township.items()), caption="表5 按乡镇", sheet="按乡镇"),
    )
    chart = count_chart(f.by_township, "发现问题（次）")
    if chart:
        doc.add(Figure(chart, "图2 各乡镇发现问题次数"))
    doc.add(
        Table(("抽查事项", "发现问题（次）"), tuple(f.by_item.items()), caption="表6 按抽查事项", sheet="按事项"),
        Heading("后续处置"),
        Paragraph(f"发现问题的 {f.findings} 次检查中，后续处置尚未完结（整改中、已立案）{len(f.open_followup)} 次。"),
        Table(
            ("单位名称", "所属乡镇", "执法小组", "检查结果", "问题描述", "后续处置状态"),
            tuple(
                (t.name, t.township, t.group, e["result"], e["description"], e["followup"]) for t, e in f.open_followup
            ),
            caption="表7 后续处置未完结清单",
            sheet="未完结处置",
        ),
        Heading("联合检查完成情况"),
        Paragraph(
            f"已完成检查中，部门内联合检查（两个及以上业务条线人员参与）{f.internal_joint_done} 次，占 "
            f"{pct(f.internal_share)}（要求不低于 {pct(f.internal_min_share)}）；跨部门联合检查 "
            f"{f.inter_department_done} 次（要求不少于 {f.inter_department_min} 次）。"
        ),
    )
    return doc


def public_results(
    tasks: TaskList, latest: dict[str, dict[str, Any]], as_of: date
) -> tuple[list[tuple[Any, ...]], int]:
    """Rows of the public results (done checks of non-confidential objects) and the withheld count."""
    rows, withheld = [], 0
    for t in sorted(tasks.tasks, key=lambda t: (t.township, t.name, t.object_id)):
        entry = latest.get(t.object_id)
        if not is_done(entry, as_of):
            continue
        if t.confidential:
            withheld += 1
            continue
        assert entry is not None
        rows.append((t.name, t.township, t.item_names, entry["date"], entry["result"], entry["followup"]))
    return rows, withheld


def results_notice(
    tasks: TaskList, latest: dict[str, dict[str, Any]], as_of: date, organisation: str, day: date
) -> tuple[Document, int]:
    """The public 抽查结果公告: object, items, date, result, follow-up; confidential objects withheld."""
    rows, withheld = public_results(tasks, latest, as_of)
    doc = Document(
        title=f"{period_zh(tasks.period)}“双随机、一公开”抽查结果公告",
        subtitle=tasks.scenario,
        signature=(organisation, day.isoformat()),
        landscape=True,
    )
    text = f"现将{period_zh(tasks.period)}“双随机、一公开”抽查结果及后续处理情况公告如下（截至{date_zh(as_of)}）。"
    doc.add(Paragraph(text))
    if withheld:
        doc.add(Paragraph(f"涉密 {withheld} 家不予公开。"))
    numbered = tuple((n, *row) for n, row in enumerate(rows, start=1))
    doc.add(
        Table(
            ("序号", "单位名称", "所属乡镇", "抽查事项", "检查日期", "检查结果", "后续处置"),
            numbered,
            caption="抽查结果",
            sheet="抽查结果公告",
        )
    )
    return doc, withheld


def write_bulletin(out_dir: Path, doc: Document) -> list[Path]:
    from shuangsui.app.lifecycle.document import write_html, write_xlsx
    from shuangsui.app.lifecycle.docx_render import write_docx

    out_dir = Path(out_dir)
    return [
        write_docx(out_dir / f"{BULLETIN}.docx", doc),
        write_html(out_dir / f"{BULLETIN}.html", doc),
        write_xlsx(out_dir / f"{BULLETIN}.xlsx", doc),
    ]
