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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shuangsui.models.domain import PERIOD_RE
from shuangsui.reports.tables import Column, Table, display
from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

# Written with XlsxWriter (a streaming writer: ~5x faster than openpyxl on a 5,000-object plan);
# openpyxl only reads. XlsxWriter stamps its zip entries 1980-01-01 and the created/modified dates
# are set from the period, so the same tables give the same bytes.
BORDER_COLOR = "#B8BEC6"
HEADER_FILL = "#DDE4EE"
INFO_COLOR = "#5B6675"
NUMBER_FORMATS = {"percent": "0.0%", "float": "0.00", "int": "0"}
MIN_WIDTH, MAX_WIDTH = 6, 60  # characters
FOOTER = "第 &P 页，共 &N 页"
PAPER_A4 = 9
OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


@dataclass(frozen=True)
class Heading:
    """The title block above every sheet's header row."""

    title: str  # e.g. "赵县 2025年第一季度 双随机、一公开抽查计划"
    info: str  # e.g. "抽查期间：2025年第一季度　随机种子：20250215　输入摘要（SHA-256）：…"
    footer: str = ""  # left page footer, e.g. the seed and the start of the digest


def text_width(text: str) -> int:
    """Columns `text` takes in Excel/WPS: wide (CJK, full-width) characters count two."""
    if text.isascii():  # ids, codes, numbers: one column a character
        return len(text)
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


def cell_value(value: Any, kind: str, shown: str | None = None) -> Any:
    """A typed cell: numbers stay numbers (sortable, summable), everything else Chinese text
    (`shown`: `display(value, kind)` when the caller has it already)."""
    if value is None or value == "":
        return "—"
    if kind in NUMBER_FORMATS and not isinstance(value, bool):
        return value
    return display(value, kind) if shown is None else shown


def new_workbook(buffer: io.BytesIO, title: str, period: str) -> Workbook:
    """A workbook writing into `buffer`, its properties fixed (no clock): same tables, same bytes."""
    wb = Workbook(buffer, OPTIONS)
    when = period_start(period)
    wb.set_properties({"title": title, "author": "shuangsui", "created": when})
    return wb


def write_cell(ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None = None) -> None:
    """One cell by its Python type: text is always text (never a formula or a link), numbers numbers."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, dt.date | dt.datetime):
        ws.write_datetime(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def header_footer_text(text: str) -> str:
    """Literal text in a page header or footer: "&" is a code there and is written "&&"."""
    return text.replace("&", "&&")


class Formats:
    """The workbook's cell formats, created once (XlsxWriter formats belong to one workbook)."""

    def __init__(self, wb: Workbook) -> None:
        border = {"border": 1, "border_color": BORDER_COLOR}
        self.title = wb.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
        self.title.set_text_wrap()
        self.info = wb.add_format({"font_size": 9, "font_color": INFO_COLOR, "valign": "vcenter", "text_wrap": True})
        self.header = wb.add_format(
            {"bold": True, "bg_color": HEADER_FILL, "pattern": 1, "align": "center", "valign": "vcenter", **border}
        )
        self.header.set_text_wrap()
        self._wb = wb
        self._cells: dict[tuple[bool, str | None], Format] = {}

    def cell(self, wrap: bool, number_format: str | None) -> Format:
        key = (wrap, number_format)
        if key not in self._cells:
            spec: dict[str, Any] = {"valign": "top", "border": 1, "border_color": BORDER_COLOR, "text_wrap": wrap}
            if number_format:
                spec["num_format"] = number_format
            self._cells[key] = self._wb.add_format(spec)
        return self._cells[key]


def write_heading(ws: Worksheet, formats: Formats, heading: Heading, table: Table, columns: int) -> int:
    """The title row and the info row, merged across the table; returns the rows used."""
    last = max(1, columns) - 1
    for row, text, fmt, height in (
        (0, f"{heading.title}　{table.zh}", formats.title, 26),
        (1, heading.info, formats.info, 30),
    ):
        if last > 0:
            ws.merge_range(row, 0, row, last, text, fmt)
        else:
            ws.write_string(row, 0, text, fmt)
        ws.set_row(row, height)
    return 2


def page_setup(ws: Worksheet, header_row: int, heading: Heading | None, table: Table) -> None:
    """A4 landscape, one page wide, the header row on every page, title and page numbers.

    `header_row` counts from 0 (XlsxWriter's rows)."""
    ws.repeat_rows(header_row)
    ws.set_landscape()
    ws.set_paper(PAPER_A4)
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    title = f"{heading.title}　{table.zh}" if heading else table.zh
    ws.set_header(f"&C&10 {header_footer_text(title)}")
    left = f"&L&8 {header_footer_text(heading.footer)}" if heading and heading.footer else ""
    ws.set_footer(f"{left}&C&9 {FOOTER}")


def write_sheet(ws: Worksheet, formats: Formats, table: Table, heading: Heading | None = None) -> None:
    columns: Sequence[Column] = table.columns
    header_row = write_heading(ws, formats, heading, table, len(columns)) if heading else 0
    for n, column in enumerate(columns):
        ws.write_string(header_row, n, column.zh, formats.header)
    for n, column in enumerate(columns):
        shown = [display(row.get(column.key), column.kind) for row in table.rows]
        width = fitted_width(column, shown)
        ws.set_column(n, n, width)
        wrap = width >= MAX_WIDTH
        number_format = NUMBER_FORMATS.get(column.kind)
        text_format = formats.cell(wrap, None)
        number_cell = formats.cell(wrap, number_format) if number_format else text_format
        for r, (row, text) in enumerate(zip(table.rows, shown, strict=True), start=header_row + 1):
            value = cell_value(row.get(column.key), column.kind, text)
            is_number = isinstance(value, int | float) and not isinstance(value, bool)
            write_cell(ws, r, n, value, number_cell if is_number else text_format)
    ws.freeze_panes(header_row + 1, 0)
    if table.rows:
        ws.autofilter(header_row, 0, header_row + len(table.rows), len(columns) - 1)
    page_setup(ws, header_row, heading, table)


def workbook_bytes(tables: Sequence[Table], title: str, period: str, heading: Heading | None = None) -> bytes:
    buffer = io.BytesIO()
    wb = new_workbook(buffer, title, period)
    formats = Formats(wb)
    for table in tables:
        write_sheet(wb.add_worksheet(table.zh), formats, table, heading)
    wb.close()
    return buffer.getvalue()


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
