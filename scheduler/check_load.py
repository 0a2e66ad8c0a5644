"""Reading plan.json (data contract, section 5) for the checker: every mistake named, no traceback.

Only the structure is checked here (JSON, required fields, types); whether the values obey the
rules is the checker's business. Extra keys are allowed (the contract lets files add fields).
`scenario`, `seed`, `input_digest` and `solver` are optional so that a plan made by hand can be
audited; a missing `input_digest` then shows up as a plan_format violation when the scenario has
one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shuangsui.models.errors import PlanFileInvalid
from shuangsui.scheduler.result import Check, Plan, SolveStatus, Team, Undrawable

MAX_LISTED = 30  # problems shown in one error message

_JSON_TYPE = {
    dict: "object",
    list: "array",
    str: "string",
    bool: "boolean",
    int: "number",
    float: "number",
    type(None): "null",
}
_CHECK_FIELDS = (
    "object_id",
    "tier",
    "credit_risk",
    "draw",
    "mode",
    "team_id",
    "inspector_ids",
    "joint",
    "partner_department",
    "directed",
    "items",
)
_OPTIONAL_STR = ("team_id", "partner_department", "directed")
_LISTS = ("inspector_ids", "items")


def load_plan(path: str | Path) -> Plan:
    """Read plan.json; raise PlanFileInvalid naming the file and every bad field."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise PlanFileInvalid(f"{p}: 无法读取计划文件 (cannot read plan file: {e.strerror or e})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise PlanFileInvalid(f"{p}: 不是 UTF-8 文本 (not UTF-8, byte {e.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise PlanFileInvalid(
            f"{p}: JSON 格式错误，第{e.lineno}行第{e.colno}列 (invalid JSON at "
            f"line {e.lineno}, column {e.colno}: {e.msg})"
        ) from None
    return plan_from_json(data, source=str(p))


def plan_from_json(data: Any, source: str = "plan.json") -> Plan:
    """Build a Plan from parsed JSON, or raise PlanFileInvalid listing every structural problem."""
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


def _kind(value: Any) -> str:
    kind = _JSON_TYPE.get(type(value), type(value).__name__)
    if isinstance(value, list):  # name the first element that is not a string
        odd = next((x for x in value if not isinstance(x, str)), None)
        if odd is not None or any(x is None for x in value):
            kind += f" containing {_kind(odd)}"
    return kind


class _Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def bad(self, where: str, expected: str, value: Any = None, missing: bool = False) -> None:
        if missing:
            self.problems.append(f"{where}: 缺少字段 (missing field, expected {expected})")
        else:
            self.problems.append(
                f"{where}: 应为 {expected}，实为 {_kind(value)} (expected {expected}, got {_kind(value)})"
            )

    def field(self, obj: dict[str, Any], key: str, where: str, expected: str, ok: Any, default: Any = ...) -> Any:
        """obj[key] if `ok(value)`; else record a problem (or use the default when absent)."""
        path = f"{where}.{key}" if where else key
        if key not in obj:
            if default is ...:
                self.bad(path, expected, missing=True)
            return default
        value = obj[key]
        if not ok(value):
            self.bad(path, expected, value)
            return None
        return value

    def text(self, obj: dict[str, Any], key: str, where: str, default: Any = ...) -> Any:
        return self.field(obj, key, where, "string", lambda v: isinstance(v, str), default)

    def text_or_null(self, obj: dict[str, Any], key: str, where: str) -> Any:
        return self.field(obj, key, where, "string or null", lambda v: v is None or isinstance(v, str))

    def strings(self, obj: dict[str, Any], key: str, where: str) -> tuple[str, ...] | None:
        value = self.field(
            obj,
            key,
            where,
            "array of strings",
            lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        )
        return tuple(value) if value is not None else None

    def records(self, data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
        rows = self.field(data, key, "", "array", lambda v: isinstance(v, list))
        out = []
        for n, row in enumerate(rows if isinstance(rows, list) else []):
            where = f"{key}[{n}]"
            if isinstance(row, dict):
                out.append((where, row))
            else:
                self.bad(where, "object", row)
        return out

    def plan(self, data: Any) -> Plan | None:
        if not isinstance(data, dict):
            self.bad("(top level)", "object", data)
            return None
        integer = lambda v: isinstance(v, int) and not isinstance(v, bool)  # noqa: E731
        contract = self.field(data, "contract", "", "integer", integer)
        scenario = self.text(data, "scenario", "", default="")
        period = self.text(data, "period", "")
        seed = self.field(data, "seed", "", "integer", integer, default=0)
        digest = self.text(data, "input_digest", "", default="")
        status, ortools = self.solver(data)
        teams = []
        for where, t in self.records(data, "teams"):
            team_id, ids = self.text(t, "team_id", where), self.strings(t, "inspector_ids", where)
            teams.append(Team(team_id, ids or ()))
        checks = []
        for where, c in self.records(data, "checks"):
            values: dict[str, Any] = {}
            for key in _CHECK_FIELDS:
                if key in _LISTS:
                    values[key] = self.strings(c, key, where)
                elif key in _OPTIONAL_STR:
                    values[key] = self.text_or_null(c, key, where)
                else:
                    values[key] = self.text(c, key, where)
            checks.append(Check(**values))
        undrawable = [
            Undrawable(self.text(u, "object_id", where), self.text(u, "reason", where))
            for where, u in self.records(data, "undrawable")
        ]
        if self.problems:
            return None
        return Plan(
            scenario=scenario,
            period=period,
            seed=seed,
            input_digest=digest,
            status=status,
            ortools=ortools,
            teams=tuple(teams),
            checks=tuple(checks),
            undrawable=tuple(undrawable),
            contract=contract,
        )

    def solver(self, data: dict[str, Any]) -> tuple[SolveStatus, str]:
        solver = self.field(data, "solver", "", "object", lambda v: isinstance(v, dict), default={})
        if not solver:
            return SolveStatus.FEASIBLE, ""
        statuses = [s.value for s in SolveStatus]
        status = self.field(
            solver,
            "status",
            "solver",
            f"one of {', '.join(statuses)}",
            lambda v: v in statuses,
            default=SolveStatus.FEASIBLE.value,
        )
        ortools = self.text(solver, "ortools", "solver", default="")
        return SolveStatus(status or SolveStatus.FEASIBLE), ortools or ""
