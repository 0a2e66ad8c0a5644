"""Checks across rows and files: unique ids and references that must exist.

They look at every row whose id could be read (even rows with other problems), so one bad cell
does not cascade into "unknown id" problems elsewhere. A reference is only checked against a
table that was read completely (its file exists and has its id column).
"""

from __future__ import annotations

from shuangsui.models.errors import Problem
from shuangsui.models.messages import IdHints
from shuangsui.models.tables import Table


def check_unique(table: Table, problems: list[Problem]) -> None:
    key = table.spec.key
    if key is None:
        return
    rows: dict[str, list[int]] = {}
    for record in table.records:
        value = record.values.get(key)
        if isinstance(value, str):
            rows.setdefault(value, []).append(record.row)
    for value, found in rows.items():
        if len(found) < 2:
            continue
        listed = "、".join(str(r) for r in found)
        for row in found[1:]:
            message = f"编号重复 (duplicate id): {value!r} 出现在第 {listed} 行 (rows {listed})"
            problems.append(Problem(table.file or "", row, table.column(key), message))


def known_ids(table: Table) -> set[str] | None:
    """Ids of a completely read table, None when references to it cannot be checked."""
    key = table.spec.key
    if not table.complete or key is None:
        return None
    return {v for r in table.records if isinstance(v := r.values.get(key), str)}


def check_references(table: Table, column: str, target: Table, label: str, problems: list[Problem]) -> None:
    """Every id in `column` of `table` (a single id or a list of ids) exists in `target`."""
    known = known_ids(target)
    if known is None:
        return
    hints: IdHints | None = None
    for record in table.records:
        value = record.values.get(column)
        ids = value if isinstance(value, tuple) else (value,) if isinstance(value, str) else ()
        for unknown in (i for i in ids if i not in known):
            hints = hints or IdHints(known)
            hint = hints(unknown)
            message = f"未知的{label}: {unknown!r}，{target.file} 中没有该编号{hint}"
            problems.append(Problem(table.file or "", record.row, table.column(column), message))


def cross_check(tables: dict[str, Table], problems: list[Problem]) -> None:
    for table in tables.values():
        check_unique(table, problems)
    objects, inspectors, items = tables["objects"], tables["inspectors"], tables["items"]
    conflicts = tables["conflicts"]
    check_references(objects, "items", items, "事项编号 (unknown item id)", problems)
    check_references(conflicts, "inspector_id", inspectors, "人员编号 (unknown inspector id)", problems)
    check_references(conflicts, "object_id", objects, "对象编号 (unknown object id)", problems)
