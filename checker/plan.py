"""The checker's own reading of plan.json (data contract, section 5): every mistake named, no traceback.

The plan becomes the checker's own frozen dataclasses (`PlanFile`, `PlanTeam`, `PlanCheck`,
`PlanUndrawable`): the checker reads the file as any outside auditor would, never the planner's
objects. Only the structure is checked here (JSON, required fields, types); whether the values obey
the rules is the rule modules' business. Extra keys are allowed (the contract lets files add fields).
`scenario`, `seed`, `input_digest` and `solver` are optional so that a plan made by hand can be
audited. `internal_joint` (contract v2) is optional here too: a version-1 plan is read, then reported
as a plan_format violation rather than refused.

Whatever the bytes, reading either returns a `PlanFile` or raises `PlanFileInvalid` (exit 2) naming
the file and the field: an Excel workbook instead of plan.json, non-UTF-8 text, invalid or too deeply
nested JSON, missing or mistyped fields.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shuangsui.models.errors import PlanFileInvalid

__all__ = ["PlanCheck", "PlanFile", "PlanTeam", "PlanUndrawable", "as_plan_file", "load_plan", "plan_from_json"]

MAX_LISTED = 30  # problems shown in one error message
MAX_DEPTH = 64  # plan.json nests 4 levels; anything deeper than this is not a plan
STATUSES = ("optimal", "feasible")

_ZIP_MAGIC = b"PK\x03\x04"  # .xlsx, .docx: zip archives
_MISSING: Any = object()  # a field that is absent (distinct from null)


@dataclass(frozen=True)
class PlanTeam:
    team_id: str
    inspector_ids: tuple[str, ...]


@dataclass(frozen=True)
class PlanCheck:
    """One entry of `checks`, as written (values not validated against the directory)."""

    object_id: str
    tier: str
    credit_risk: str
    draw: str
    mode: str
    team_id: str | None
    inspector_ids: tuple[str, ...]
    joint: str
    partner_department: str | None
    directed: str | None
    items: tuple[str, ...]
    internal_joint: bool | None = None  # None: the field is absent (a version-1 plan)


@dataclass(frozen=True)
class PlanUndrawable:
    object_id: str
    reason: str


@dataclass(frozen=True)
class PlanFile:
    """plan.json as the checker reads it."""

    contract: int
    period: str
    scenario: str = ""
    seed: int = 0
    input_digest: str = ""
    status: str = "feasible"
    ortools: str = ""
    teams: tuple[PlanTeam, ...] = ()
    checks: tuple[PlanCheck, ...] = ()
    undrawable: tuple[PlanUndrawable, ...] = ()


def load_plan(path: str | Path) -> PlanFile:
    """Read plan.json.

    Parameters
    ----------
    path
        The plan file.

    Returns
    -------
    PlanFile
        The plan as written.

    Raises
    ------
    PlanFileInvalid
        Naming the file and every bad field (exit code 2).
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise PlanFileInvalid(f"{p}: 无法读取计划文件 (cannot read plan file: {e.strerror or e})") from None
    if raw.startswith(_ZIP_MAGIC) or p.suffix.lower() in (".xlsx", ".xls", ".csv"):
        raise PlanFileInvalid(
            f"{p}: 这不是 plan.json；检查需要 shuangsui plan 输出目录中的 plan.json，而不是 plan.xlsx/plan.csv "
            "(needs plan.json, the contract's JSON plan, not the Excel or CSV copy)"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise PlanFileInvalid(
            f"{p}: 不是 UTF-8 文本，第 {e.start} 字节无法解码 (not UTF-8: byte {e.start} cannot be decoded; "
            "plan.json must be UTF-8)"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise PlanFileInvalid(
            f"{p}: JSON 格式错误，第{e.lineno}行第{e.colno}列 (invalid JSON at "
            f"line {e.lineno}, column {e.colno}: {e.msg})"
        ) from None
    except RecursionError:
        raise PlanFileInvalid(f"{p}: JSON 嵌套过深，不是计划文件 (JSON nested too deeply to be a plan)") from None
    except ValueError as e:  # e.g. an integer with more digits than Python converts
        raise PlanFileInvalid(f"{p}: JSON 数值无法读取 (unreadable JSON value: {e})") from None
    return plan_from_json(data, source=str(p))


def plan_from_json(data: Any, source: str = "plan.json") -> PlanFile:
    """Build a `PlanFile` from parsed JSON.

    Parameters
    ----------
    data
        What `json.loads` returned.
    source
        The file name used in messages.

    Raises
    ------
    PlanFileInvalid
        Listing every structural problem, each with its field path.
    """
    if _depth_exceeds(data, MAX_DEPTH):
        raise PlanFileInvalid(
            f"{source}: JSON 嵌套超过 {MAX_DEPTH} 层，不是计划文件 (nested deeper than {MAX_DEPTH} levels)"
        )
    reader = _Reader()
    plan = reader.plan(data)
    if reader.problems or plan is None:
        shown = reader.problems[:MAX_LISTED]
        more = len(reader.problems) - len(shown)
        lines = [
            f"{source}: 计划文件有 {len(reader.problems)} 处错误 (plan file invalid: {len(reader.problems)} problems)"
        ]
        lines += [f"  - {m}" for m in shown]
        if more:
            lines.append(f"  - …… 另有 {more} 处 (and {more} more)")
        raise PlanFileInvalid("\n".join(lines))
    return plan


def as_plan_file(plan: Any) -> PlanFile:
    """The checker's reading of a plan given as a `PlanFile`, a JSON mapping or any object with `to_dict()`.

    A plan made in memory (by the planner or anyone) is read through its JSON form, exactly as the
    file would be, so the checker never depends on the maker's classes.
    """
    if isinstance(plan, PlanFile):
        return plan
    if isinstance(plan, Mapping):
        return plan_from_json(dict(plan))
    to_dict = getattr(plan, "to_dict", None)
    if callable(to_dict):
        return plan_from_json(to_dict())
    raise TypeError(f"not a plan: {type(plan).__name__}")


def _depth_exceeds(data: Any, limit: int) -> bool:
    """Whether containers nest deeper than `limit` (iterative: no recursion on hostile input)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


_JSON_TYPE = {
    dict: "object",
    list: "array",
    str: "string",
    bool: "boolean",
    int: "number",
    float: "number",
    type(None): "null",
}


def _kind(value: Any) -> str:
    kind = _JSON_TYPE.get(type(value), type(value).__name__)
    if isinstance(value, list):  # name the first element that is not a string (one level only)
        odd = next((x for x in value if not isinstance(x, str)), _MISSING)
        if odd is not _MISSING:
            kind += f" containing {_JSON_TYPE.get(type(odd), type(odd).__name__)}"
    return kind


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _string(value: Any) -> bool:
    return isinstance(value, str)


def _string_or_null(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


class _Reader:
    """Collects every structural problem; returns None for a field it could not read."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def field(self, obj: dict[str, Any], key: str, where: str, expected: str, ok: Any, default: Any = _MISSING) -> Any:
        """obj[key] when `ok(value)`; the default when absent and optional; else None and a problem."""
        path = f"{where}.{key}" if where else key
        if key not in obj:
            if default is _MISSING:
                self.problems.append(f"{path}: 缺少字段 (missing field, expected {expected})")
                return None
            return default
        value = obj[key]
        if not ok(value):
            self.problems.append(
                f"{path}: 应为 {expected}，实为 {_kind(value)} (expected {expected}, got {_kind(value)})"
            )
            return None
        return value

    def text(self, obj: dict[str, Any], key: str, where: str) -> str:
        return self.field(obj, key, where, "string", _string) or ""

    def strings(self, obj: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = self.field(obj, key, where, "array of strings", _strings)
        return tuple(value) if value is not None else ()

    def records(self, data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
        rows = self.field(data, key, "", "array", lambda v: isinstance(v, list))
        out = []
        for n, row in enumerate(rows or []):
            where = f"{key}[{n}]"
            if isinstance(row, dict):
                out.append((where, row))
            else:
                self.problems.append(f"{where}: 应为 object，实为 {_kind(row)} (expected object, got {_kind(row)})")
        return out

    def plan(self, data: Any) -> PlanFile | None:
        if not isinstance(data, dict):
            self.problems.append(f"(top level): 应为 object，实为 {_kind(data)} (expected object, got {_kind(data)})")
            return None
        contract = self.field(data, "contract", "", "integer", _integer)
        scenario = self.field(data, "scenario", "", "string", _string, default="")
        period = self.text(data, "period", "")
        seed = self.field(data, "seed", "", "integer", _integer, default=0)
        digest = self.field(data, "input_digest", "", "string", _string, default="")
        status, ortools = self.solver(data)
        teams = [
            PlanTeam(self.text(t, "team_id", where), self.strings(t, "inspector_ids", where))
            for where, t in self.records(data, "teams")
        ]
        checks = [self.check(where, c) for where, c in self.records(data, "checks")]
        undrawable = [
            PlanUndrawable(self.text(u, "object_id", where), self.text(u, "reason", where))
            for where, u in self.records(data, "undrawable")
        ]
        if self.problems:
            return None
        return PlanFile(
            contract=contract,
            period=period,
            scenario=scenario or "",
            seed=seed or 0,
            input_digest=digest or "",
            status=status,
            ortools=ortools,
            teams=tuple(teams),
            checks=tuple(checks),
            undrawable=tuple(undrawable),
        )

    def check(self, where: str, c: dict[str, Any]) -> PlanCheck:
        nullable = {k: self.field(c, k, where, "string or null", _string_or_null) for k in _NULLABLE}
        flag = self.field(c, "internal_joint", where, "boolean", lambda v: isinstance(v, bool), default=None)
        return PlanCheck(
            object_id=self.text(c, "object_id", where),
            tier=self.text(c, "tier", where),
            credit_risk=self.text(c, "credit_risk", where),
            draw=self.text(c, "draw", where),
            mode=self.text(c, "mode", where),
            team_id=nullable["team_id"],
            inspector_ids=self.strings(c, "inspector_ids", where),
            joint=self.text(c, "joint", where),
            partner_department=nullable["partner_department"],
            directed=nullable["directed"],
            items=self.strings(c, "items", where),
            internal_joint=flag,
        )

    def solver(self, data: dict[str, Any]) -> tuple[str, str]:
        solver = self.field(data, "solver", "", "object", lambda v: isinstance(v, dict), default={})
        if not solver:
            return "feasible", ""
        expected = f"one of {', '.join(STATUSES)}"
        status = self.field(solver, "status", "solver", expected, lambda v: v in STATUSES, default="feasible")
        ortools = self.field(solver, "ortools", "solver", "string", _string, default="")
        return status or "feasible", ortools or ""


_NULLABLE = ("team_id", "partner_department", "directed")
