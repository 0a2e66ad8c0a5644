"""plan.xlsx (and the compare / sweep workbooks): the Chinese, human version, ready to print and hand out.

Each sheet: an optional title block (title row, then a line with period, seed and input digest),
the header row, the rows. Column widths fit the Chinese text (a CJK character counts two), the
header row repeats on every printed page, and the page header and footer carry the title and
"第 N 页，共 M 页". Nothing in the file depends on the clock: same tables, same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from shuangsui.models.domain import PERIOD_RE
from shuangsui.reports.tables import Column, Table, display

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest zip timestamp: no clock in the file
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
THIN = Side(style="thin", color="B8BEC6")
BORDER = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
TITLE_FONT = Font(bold=True, size=14)
INFO_FONT = Font(size=9, color="5B6675")
NUMBER_FORMATS = {"percent": "0.0%", "float": "0.00", "int": "0"}
MIN_WIDTH, MAX_WIDTH = 6, 60  # characters
FOOTER = "第 &P 页，共 &N 页"


@dataclass(frozen=True)
class Heading:
    """The title block above every sheet's header row."""

    title: str  # e.g. "赵县 2025年第一季度 双随机、一公开抽查计划"
    info: str  # e.g. "抽查期间：2025年第一季度　随机种子：20250215　输入摘要（SHA-256）：…"
    footer: str = ""  # left page footer, e.g. the seed and the start of the digest


def text_width(text: str) -> int:
    """Columns `text` takes in Excel/WPS: wide (CJK, full-width) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fitted_width(column: Column, shown: Sequence[str]) -> float:
    """Wide enough for the header and the longest cell (each line of it), within MIN/MAX_WIDTH."""
    longest = max([text_width(column.zh), *(text_width(line) for text in shown for line in text.split("\n"))])
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def period_start(period: str) -> dt.datetime:
    """2025Q1 -> 2025-01-01: the workbook's fixed created/modified time."""
    match = PERIOD_RE.match(period)
    if not match:
        return dt.datetime(2000, 1, 1)
    return dt.datetime(int(match.group(1)), 3 * int(match.group(2)) - 2, 1)


def cell_value(value: Any, kind: str) -> Any:
    """A typed cell: numbers stay numbers (sortable, summable), everything else Chinese text."""
    if value is None or value == "":
        return "—"
    if kind in NUMBER_FORMATS and not isinstance(value, bool):
        return value
    return display(value, kind)


def write_heading(ws: Worksheet, heading: Heading, table: Table, columns: int) -> int:
    """The title row and the info row, merged across the table; returns the rows used."""
    last = get_column_letter(max(1, columns))
    ws.append([f"{heading.title}　{table.zh}"])
    ws.append([heading.info])
    for row, font, height in ((1, TITLE_FONT, 26), (2, INFO_FONT, 30)):
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws[f"A{row}"]
        cell.font = font
        cell.alignment = Alignment(horizontal="center" if row == 1 else "left", vertical="center", wrap_text=True)
        ws.row_dimensions[row].height = height
    return 2


def page_setup(ws: Worksheet, header_row: int, heading: Heading | None, table: Table) -> None:
    """A4 landscape, one page wide, the header row on every page, title and page numbers."""
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddHeader.center.text = f"{heading.title}　{table.zh}" if heading else table.zh
    ws.oddHeader.center.size = 10
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 9
    if heading and heading.footer:
        ws.oddFooter.left.text = heading.footer
        ws.oddFooter.left.size = 8


def write_sheet(ws: Worksheet, table: Table, heading: Heading | None = None) -> None:
    columns: Sequence[Column] = table.columns
    top = write_heading(ws, heading, table, len(columns)) if heading else 0
    header_row = top + 1
    ws.append([c.zh for c in columns])
    for row in table.rows:
        ws.append([cell_value(row.get(c.key), c.kind) for c in columns])
    for n, column in enumerate(columns, start=1):
        letter = get_column_letter(n)
        shown = [display(row.get(column.key), column.kind) for row in table.rows]
        width = fitted_width(column, shown)
        ws.column_dimensions[letter].width = width
        wrap = width >= MAX_WIDTH
        number_format = NUMBER_FORMATS.get(column.kind)
        for cell in ws[letter][header_row:]:
            cell.border = BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=wrap)
            if number_format and isinstance(cell.value, int | float):
                cell.number_format = number_format
    for cell in ws[header_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = f"A{header_row + 1}"
    if table.rows:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{header_row + len(table.rows)}"
    page_setup(ws, header_row, heading, table)


def workbook_bytes(tables: Sequence[Table], title: str, period: str, heading: Heading | None = None) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        write_sheet(wb.create_sheet(table.zh), table, heading)
    when = period_start(period)
    wb.properties.title = title
    wb.properties.creator = "shuangsui"
    wb.properties.lastModifiedBy = "shuangsui"
    wb.properties.created = when
    wb.calculation = CalcProperties(fullCalcOnLoad=True)
    raw = io.BytesIO()
    archive = zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)
    wb.properties.modified = when  # openpyxl's save() would stamp the clock here
    ExcelWriter(wb, archive).save()
    return normalise_zip(raw.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Same entries, same order, fixed timestamps: identical input gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_workbook(
    path: Path, tables: Sequence[Table], title: str, period: str, heading: Heading | None = None
) -> Path:
    path.write_bytes(workbook_bytes(tables, title, period, heading))
    return path


def period_words(period: str) -> str:
    """2025Q1 -> 2025年第一季度（2025Q1）."""
    from shuangsui.reports.html import period_zh

    return f"{period_zh(period)}（{period}）"


def info_line(period: str, seed: int | None, digest: str | None, *extra: str) -> str:
    """抽查期间、随机种子、输入摘要 (and more), separated by ideographic spaces; no wall-clock date."""
    parts = [f"抽查期间：{period_words(period)}"]
    if seed is not None:
        parts.append(f"随机种子：{seed}")
    if digest:
        parts.append(f"输入摘要（SHA-256）：{digest}")
    parts += [*extra, "编制日期：　　　　年　　月　　日"]
    return "　".join(parts)


def plan_heading(name: str, period: str, seed: int, digest: str, status_zh: str) -> Heading:
    """The title block of plan.xlsx: the bureau's plan name, period, seed and input digest.

    The date made is left to be filled in by hand: plan.xlsx stays byte-identical between runs.
    """
    return Heading(
        title=f"{name} 双随机、一公开抽查计划",
        info=info_line(period, seed, digest, f"求解状态：{status_zh}"),
        footer=f"随机种子 {seed} · 输入摘要 {digest[:16]}…",
    )
