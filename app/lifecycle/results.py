"""Results entry: read a filled results-template.xlsx, validate every row, record it in the ledger.

Validation (all problems at once, each naming the row and column; nothing is recorded if any):
a row whose five result columns are all blank is not yet entered and is skipped; otherwise the
对象编号 must be a check of the plan (and appear once), 检查结果 and 后续处置状态 must be known codes
consistent with each other (see `shuangsui.app.lifecycle.codes`), 检查日期 must be a date inside
the period (optional for 未能检查), and 问题描述 / 处理措施 are required where the table says.

Recording: the task list (kind ``task_list``) once per plan, then one ``results`` record holding
the entries that are new or differ from the latest recorded entry of the same check. An entry for
a check that already has one is a correction: the earlier record stays in the chain, the latest wins.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from shuangsui.app.lifecycle.codes import ALLOWED_FOLLOWUP, FINDINGS, FOLLOWUPS, NOT_CHECKED, RESULTS
from shuangsui.app.lifecycle.quarter import quarter_bounds
from shuangsui.app.lifecycle.tasklist import TaskList
from shuangsui.app.lifecycle.template import RESULT_COLUMNS
from shuangsui.ledger import Ledger
from shuangsui.models.errors import EXIT_INVALID, Problem, ShuangsuiError

MAX_LISTED = 50
REQUIRED_HEADERS = ("对象编号", *RESULT_COLUMNS)
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


class ResultsInvalid(ShuangsuiError):
    """The filled results file has problems; all are listed and nothing is recorded."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.row or 0, p.column or "", p.message))
        shown = [f"  - {p}" for p in self.problems[:MAX_LISTED]]
        if len(self.problems) > MAX_LISTED:
            shown.append(f"  - …… 另有 {len(self.problems) - MAX_LISTED} 处 (and more)")
        head = f"检查结果文件有 {len(self.problems)} 处错误，未记录任何结果 (results invalid, nothing recorded)"
        super().__init__("\n".join([head, *shown]))


@dataclass(frozen=True)
class Entry:
    """One entered result (row: the spreadsheet row it came from)."""

    object_id: str
    date: str | None  # ISO date
    result: str
    description: str
    measures: str
    followup: str
    row: int

    def content(self) -> tuple[Any, ...]:
        """What a correction compares (not the row)."""
        return (self.date, self.result, self.description, self.measures, self.followup)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.match(_text(value))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def read_results(path: Path, tasks: TaskList) -> list[Entry]:
    """Every entered row of the filled template, validated against the task list.

    Raises
    ------
    ResultsInvalid
        Listing every problem (file, row, column); also when the file cannot be read.
    """
    name = Path(path).name
    rows = _sheet_rows(path, name)
    header = {_text(h): n for n, h in enumerate(rows[0]) if _text(h)}
    missing = [h for h in REQUIRED_HEADERS if h not in header]
    if missing:
        raise ResultsInvalid([Problem(name, 1, h, "缺少此列 (missing column)") for h in missing])
    reader = _RowReader(name, header, tasks)
    entries = [entry for n, values in enumerate(rows[1:], start=2) if (entry := reader.read(n, values))]
    if reader.problems:
        raise ResultsInvalid(reader.problems)
    return entries


def _sheet_rows(path: Path, name: str) -> list[tuple[Any, ...]]:
    """The rows of the results sheet (检查结果, else the first); ResultsInvalid when unreadable or empty."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True, read_only=True)
    except Exception as error:  # openpyxl raises many kinds for a bad file
        raise ResultsInvalid(
            [Problem(name, None, None, f"无法读取 Excel 文件 (cannot read workbook: {error})")]
        ) from None
    ws = wb["检查结果"] if "检查结果" in wb.sheetnames else wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    wb.close()
    if not rows:
        raise ResultsInvalid([Problem(name, 1, None, "表格为空 (empty sheet)")])
    return rows


class _RowReader:
    """Reads the entered rows one by one, collecting every problem (file, row, column)."""

    def __init__(self, name: str, header: dict[str, int], tasks: TaskList) -> None:
        self.name, self.header, self.period = name, header, tasks.period
        self.start, self.end = quarter_bounds(tasks.period)
        self.known = tasks.by_object()
        self.seen: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.row = 0
        self.values: tuple[Any, ...] = ()

    def cell(self, column: str) -> Any:
        n = self.header[column]
        return self.values[n] if n < len(self.values) else None

    def bad(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.name, self.row, column, message))

    def read(self, excel_row: int, values: tuple[Any, ...]) -> Entry | None:
        """The row's entry (None for a row with no result column filled in)."""
        self.row, self.values = excel_row, values
        if all(_text(self.cell(c)) == "" for c in RESULT_COLUMNS):
            return None
        object_id = self._object_id()
        result, followup = _text(self.cell("检查结果")), _text(self.cell("后续处置状态"))
        description, measures = _text(self.cell("问题描述")), _text(self.cell("处理措施"))
        self._codes(result, followup)
        when = self._date(result)
        if (result in FINDINGS or result == NOT_CHECKED) and not description:
            self.bad("问题描述", "发现问题或未能检查时须填写问题描述 (description required)")
        if result in FINDINGS and not measures:
            self.bad("处理措施", "发现问题时须填写处理措施 (measures required)")
        return Entry(object_id, when.isoformat() if when else None, result, description, measures, followup, excel_row)

    def _object_id(self) -> str:
        object_id = _text(self.cell("对象编号"))
        if not object_id:
            self.bad("对象编号", "缺少对象编号 (missing object id)")
        elif object_id not in self.known:
            self.bad("对象编号", f"计划中没有此对象的检查 (no check of {object_id} in the plan)")
        elif object_id in self.seen:
            self.bad("对象编号", f"与第{self.seen[object_id]}行重复 (same check as row {self.seen[object_id]})")
        else:
            self.seen[object_id] = self.row
        return object_id

    def _codes(self, result: str, followup: str) -> None:
        if result not in RESULTS:
            self.bad("检查结果", f"未知的检查结果「{result}」，应为：{'、'.join(RESULTS)} (unknown result code)")
        if followup not in FOLLOWUPS:
            self.bad(
                "后续处置状态",
                f"未知的后续处置状态「{followup}」，应为：{'、'.join(FOLLOWUPS)} (unknown follow-up code)",
            )
        elif result in RESULTS and followup not in ALLOWED_FOLLOWUP[result]:
            self.bad(
                "后续处置状态",
                f"「{result}」的后续处置状态应为{'或'.join(ALLOWED_FOLLOWUP[result])}，实为「{followup}」"
                " (follow-up inconsistent with the result)",
            )

    def _date(self, result: str) -> date | None:
        raw_date = self.cell("检查日期")
        when = _date(raw_date)
        if _text(raw_date) == "":
            if result != NOT_CHECKED:
                self.bad("检查日期", "缺少检查日期 (missing date)")
        elif when is None:
            self.bad("检查日期", f"无法识别的日期「{_text(raw_date)}」(not a date; use 2025-02-18)")
        elif not self.start <= when <= self.end:
            self.bad(
                "检查日期",
                f"日期 {when.isoformat()} 不在 {self.period}（{self.start} 至 {self.end}）内 (date outside the period)",
            )
        return when


# ---------------------------------------------------------------- the ledger


def recorded_task_list(ledger: Ledger, period: str) -> TaskList | None:
    """The latest task list recorded for ``period`` (None if none)."""
    found = [r for r in ledger.records("task_list") if r.payload.get("period") == period]
    return TaskList.from_dict(found[-1].payload) if found else None


def latest_results(ledger: Ledger, period: str) -> dict[str, dict[str, Any]]:
    """The latest recorded entry of each check (by object id) of ``period``, with its record's seq."""
    latest: dict[str, dict[str, Any]] = {}
    for record in ledger.records("results"):
        if record.payload.get("period") != period:
            continue
        for entry in record.payload.get("entries", []):
            latest[entry["object_id"]] = {**entry, "seq": record.seq}
    return latest


@dataclass(frozen=True)
class Recorded:
    """What `record_results` did."""

    seq: int | None  # the results record, None when nothing changed
    new: int
    corrections: int
    unchanged: int


def record_results(ledger: Ledger, tasks: TaskList, entries: list[Entry], source: Path) -> Recorded:
    """Record the task list (once per plan) and the new or changed entries (one ``results`` record)."""
    if not any(
        r.payload.get("plan_json_sha256") == tasks.plan_json_sha256 and r.payload.get("period") == tasks.period
        for r in ledger.records("task_list")
    ):
        ledger.append("task_list", tasks.to_dict())
    latest = latest_results(ledger, tasks.period)
    changed, corrections, unchanged = [], [], 0
    for entry in entries:
        before = latest.get(entry.object_id)
        content = {k: v for k, v in asdict(entry).items() if k != "row"}
        if before is not None and all(before[k] == v for k, v in content.items()):
            unchanged += 1
            continue
        changed.append({**content, "row": entry.row})
        if before is not None:
            corrections.append(entry.object_id)
    if not changed:
        return Recorded(None, 0, 0, unchanged)
    record = ledger.append(
        "results",
        {
            "period": tasks.period,
            "plan_json_sha256": tasks.plan_json_sha256,
            "source": Path(source).name,
            "source_sha256": hashlib.sha256(Path(source).read_bytes()).hexdigest(),
            "entries": changed,
            "corrections": corrections,
        },
    )
    return Recorded(record.seq, len(changed) - len(corrections), len(corrections), unchanged)
