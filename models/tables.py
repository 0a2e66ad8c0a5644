"""The five tables of a scenario folder: their columns, finding the file, reading its rows.

Reading never raises for a user mistake: every problem is appended to the `problems` list and the
table comes back with whatever could be read, so that all problems are reported at once.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from pydantic import BaseModel
from shuangsui.models import normalise as n
from shuangsui.models import xlsx
from shuangsui.models.domain import Conflict, HistoryCheck, InspectionObject, Inspector, Item
from shuangsui.models.errors import Problem

EMPTY: tuple[object, ...] = (None, "", ())


@dataclass(frozen=True)
class Column:
    field: str
    zh: str
    parse: n.Parser
    required: bool = False
    missing: str = "必填项为空 (required value missing)"


@dataclass(frozen=True)
class TableSpec:
    name: str
    required: bool
    model: type[BaseModel]
    columns: tuple[Column, ...]
    key: str | None = None  # the unique id column

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)


OBJECTS = TableSpec("objects", True, InspectionObject, (
    Column("object_id", "对象编号", n.identifier, True),
    Column("name", "单位名称", n.text, True),
    Column("township", "所属乡镇", n.text, True),
    Column("industry", "行业类别", n.text, True),
    Column("tier", "监管类别", n.tier, True),
    Column("credit_risk", "信用风险等级", n.credit_risk, True),
    Column("offsite_capable", "具备非现场监管条件", n.boolean),
    Column("items", "抽查事项", n.identifier_list, True,
           "没有抽查事项 (object has no items): 至少填写一个事项编号"),
    Column("clue", "问题线索", n.text),
    Column("partner_departments", "联合监管部门", n.text_list),
    Column("confidential", "涉密", n.boolean),
), key="object_id")  # fmt: skip
INSPECTORS = TableSpec("inspectors", True, Inspector, (
    Column("inspector_id", "人员编号", n.identifier, True),
    Column("name", "姓名", n.text, True),
    Column("unit", "业务条线", n.text, True),
    Column("specialties", "专业领域", n.text_list),
    Column("certified", "持执法证", n.boolean),
    Column("available", "在岗", n.boolean),
    Column("capacity", "季度检查上限", n.count, True),
    Column("home_township", "所在乡镇", n.text),
), key="inspector_id")  # fmt: skip
ITEMS = TableSpec("items", True, Item, (
    Column("item_id", "事项编号", n.identifier, True),
    Column("name", "事项名称", n.text, True),
    Column("specialty", "所需专业", n.text, True),
    Column("legal_basis", "检查依据", n.text),
    Column("onsite_required", "必须现场检查", n.boolean),
), key="item_id")  # fmt: skip
CONFLICTS = TableSpec("conflicts", False, Conflict, (
    Column("inspector_id", "人员编号", n.identifier, True),
    Column("object_id", "对象编号", n.identifier, True),
    Column("reason", "回避原因", n.text),
))  # fmt: skip
HISTORY = TableSpec("history", False, HistoryCheck, (
    Column("period", "期间", n.period, True),
    Column("object_id", "对象编号", n.identifier, True),
    Column("inspector_ids", "检查人员", n.identifier_list),
    Column("mode", "检查方式", n.mode, True),
))  # fmt: skip
SPECS = (OBJECTS, INSPECTORS, ITEMS, CONFLICTS, HISTORY)


@dataclass
class Record:
    row: int  # as a spreadsheet shows it: header 1, first record 2
    values: dict[str, object]  # fields read without error (empty optional cells left out)
    ok: bool  # every cell of the row was read


@dataclass
class Table:
    spec: TableSpec
    file: str | None = None  # the file name as the user sees it; None when there is no file
    headers: dict[str, str] = field(default_factory=dict)  # field -> header as the user wrote it
    records: list[Record] = field(default_factory=list)
    complete: bool = False  # file read and every required column present

    def column(self, name: str) -> str:
        """The header the user wrote for `name` (the code name when the column is absent)."""
        return self.headers.get(name, name)


# ---------------------------------------------------------------- finding the file


def index_folder(folder: Path) -> dict[str, list[Path]]:
    """Files of the folder by lower-case name (so `Objects.CSV` is found too)."""
    files: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file():
            files.setdefault(path.name.casefold(), []).append(path)
    return files


def locate(files: dict[str, list[Path]], spec: TableSpec, problems: list[Problem]) -> Path | None:
    found = files.get(f"{spec.name}.csv", []) + files.get(f"{spec.name}.xlsx", [])
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        message = f"文件有歧义 (ambiguous): {names} 同时存在，只能保留一个"
        problems.append(Problem(names, None, None, message))
        return None
    if found:
        return found[0]
    for old in files.get(f"{spec.name}.xls", []):
        message = "不支持 .xls 格式 (unsupported format): 请另存为 .xlsx 或 .csv"
        problems.append(Problem(old.name, None, None, message))
        return None
    if spec.required:
        message = f"缺少必需的文件 (missing required file): {spec.name}.csv 或 {spec.name}.xlsx"
        problems.append(Problem(f"{spec.name}.csv", None, None, message))
    return None


# ---------------------------------------------------------------- reading rows


class Unreadable(Exception):
    """The file cannot be read at all; `args[0]` is the message, `args[1]` (if any) the row."""


def decode(data: bytes) -> str:
    """The text of a table file.

    Parameters
    ----------
    data
        The file's bytes.

    Returns
    -------
    str
        Decoded as UTF-8 (with or without BOM), else GB18030 (which includes GBK).

    Raises
    ------
    Unreadable
        UTF-16 (say to save as UTF-8), or bytes that are neither encoding.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable("不支持 UTF-16 编码 (unsupported encoding UTF-16): 请另存为 UTF-8 CSV")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable("无法识别的文件编码 (unknown encoding): 请另存为 UTF-8 或 GB18030")


QUOTE_HINT = '请检查该行的英文双引号 "：引号须成对，单元格内的引号写作 ""'


def _swallowed(cells: list[str]) -> bool:
    """A cell spanning lines that holds what looks like further rows (a stray opening quote)."""
    return any("," in cell.partition("\n")[2] or "," in cell.partition("\r")[2] for cell in cells)


def read_csv(path: Path) -> list[list[n.Cell]]:
    """Rows of a CSV file. A quote that swallows following rows, or any malformed quoting, is
    `Unreadable` naming the row (a spreadsheet row number) and the file's lines."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise Unreadable(f"无法读取文件 (unreadable file): {err.strerror or err}") from None
    reader = csv.reader(io.StringIO(decode(data), newline=""), strict=True)
    rows: list[list[n.Cell]] = []
    start = 1  # the file line where the next row begins
    try:
        for cells in reader:
            if reader.line_num > start and _swallowed(cells):
                lines = f"第{start}-{reader.line_num}行 (lines {start}-{reader.line_num})"
                message = f"引号不配对 (unbalanced quote): 文件{lines}被读成了一行; {QUOTE_HINT}"
                raise Unreadable(message, len(rows) + 1)
            rows.append(list(cells))
            start = reader.line_num + 1
    except csv.Error as err:
        lines = f"文件第{start}-{reader.line_num}行 (lines {start}-{reader.line_num})"
        message = f"CSV 格式错误 (malformed CSV, {err}): 引号不配对 (unbalanced quote), {lines}; {QUOTE_HINT}"
        raise Unreadable(message, len(rows) + 1) from None
    return rows


def read_xlsx(path: Path) -> list[list[n.Cell]]:
    try:
        # xlsx values (str, int, float, bool, None) are a subset of n.Cell
        return cast(list[list[n.Cell]], xlsx.read_rows(path))
    except xlsx.SheetChoice as err:
        raise Unreadable(err.args[0]) from None
    except Exception as err:  # openpyxl raises many types for a damaged file
        raise Unreadable(f"无法读取 XLSX 文件 (unreadable file): {err}") from None


def _blank(cells: list[n.Cell]) -> bool:
    return all(c is None or (c.strip() == "" if isinstance(c, str) else False) for c in cells)


def map_header(table: Table, header: list[n.Cell], problems: list[Problem]) -> dict[str, int]:
    """Field -> column index; duplicate and missing required columns become problems."""
    spec, file = table.spec, table.file or table.spec.name
    names = {c.field.casefold(): c for c in spec.columns} | {c.zh: c for c in spec.columns}
    positions: dict[str, int] = {}
    chinese = english = 0
    for index, raw in enumerate(header):
        written = n.text(raw)
        column = names.get(n.code(raw).casefold())
        if column is None:
            continue  # optional extra columns are allowed and ignored
        if written == column.zh:
            chinese += 1
        else:
            english += 1
        if column.field in positions:
            first = table.headers[column.field]
            message = f"重复的列 (duplicate column): 「{first}」和「{written}」都对应 {column.field}"
            problems.append(Problem(file, 1, written, message))
            continue
        positions[column.field] = index
        table.headers[column.field] = written
    table.complete = True
    for column in spec.columns:
        if column.required and column.field not in positions:
            table.complete = False
            shown = column.zh if chinese > english else column.field
            message = f"缺少必需的列 (missing required column): {column.zh} ({column.field})"
            problems.append(Problem(file, 1, shown, message))
    return positions


def read_table(path: Path, spec: TableSpec, problems: list[Problem]) -> Table:
    table = Table(spec, file=path.name)
    try:
        rows = read_xlsx(path) if path.suffix.lower() == ".xlsx" else read_csv(path)
    except Unreadable as err:
        problems.append(Problem(path.name, err.args[1] if len(err.args) > 1 else None, None, err.args[0]))
        return table
    if not rows or _blank(rows[0]):
        problems.append(Problem(path.name, 1, None, "缺少表头 (missing header row): 第1行应为表头"))
        return table
    positions = map_header(table, rows[0], problems)
    width = len(rows[0])
    columns: list[tuple[Column, int, dict[str, object]]] = [
        (spec.column(name), index, {}) for name, index in positions.items()
    ]
    for row, cells in enumerate(rows[1:], start=2):
        if _blank(cells):
            continue  # blank rows are skipped
        table.records.append(parse_row(table, columns, row, cells, problems))
        if any(n.text(c) for c in cells[width:]):
            message = "单元格多于表头 (more cells than header columns): 是否有未加引号的逗号?"
            problems.append(Problem(path.name, row, None, message))
            table.records[-1].ok = False
    return table


def parse_row(
    table: Table,
    columns: list[tuple[Column, int, dict[str, object]]],
    row: int,
    cells: list[n.Cell],
    problems: list[Problem],
) -> Record:
    """One row's values. Each column's parser is pure and its values immutable, so a text cell
    seen before in the column takes the value parsed then (`columns`' third member: text -> value)."""
    record = Record(row, {}, table.complete)
    for column, index, seen in columns:
        name = column.field
        cell = cells[index] if index < len(cells) else None
        try:
            if type(cell) is str:  # only text: 1, 1.0 and True are equal keys but parse differently
                value = seen[cell] if cell in seen else seen.setdefault(cell, column.parse(cell))
            else:
                value = column.parse(cell)
        except n.CellError as err:
            problems.append(Problem(table.file or "", row, table.headers[name], err.args[0]))
            record.ok = False
            continue
        if value in EMPTY:
            if column.required:
                problems.append(Problem(table.file or "", row, table.headers[name], column.missing))
                record.ok = False
            continue
        record.values[name] = value
    return record
