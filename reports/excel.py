"""plan.xlsx: the Chinese, human version of the plan (one sheet per table)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
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
NUMBER_FORMATS = {"percent": "0.0%", "float": "0.00", "int": "0"}


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


def write_sheet(ws: Worksheet, table: Table) -> None:
    columns: Sequence[Column] = table.columns
    ws.append([c.zh for c in columns])
    for row in table.rows:
        ws.append([cell_value(row.get(c.key), c.kind) for c in columns])
    for n, column in enumerate(columns, start=1):
        letter = get_column_letter(n)
        ws.column_dimensions[letter].width = column.width
        wrap = column.width >= 24
        number_format = NUMBER_FORMATS.get(column.kind)
        for cell in ws[letter][1:]:
            cell.border = BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=wrap)
            if number_format and isinstance(cell.value, int | float):
                cell.number_format = number_format
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"
    if table.rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(table.rows) + 1}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def workbook_bytes(tables: Sequence[Table], title: str, period: str) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        write_sheet(wb.create_sheet(table.zh), table)
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


def write_workbook(path: Path, tables: Sequence[Table], title: str, period: str) -> Path:
    path.write_bytes(workbook_bytes(tables, title, period))
    return path
