"""scenario.toml: the rules, with every unknown key, bad value and missing key located.

A problem's row is the line of the key in the file (when it can be found) and its column the dotted
key path, e.g. `quota.general` or `directed.count` (the message then says which [[directed]] block).
"""

from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path

from pydantic import BaseModel, ValidationError
from shuangsui.models import normalise as n
from shuangsui.models.domain import DirectedDraw, ScenarioRules
from shuangsui.models.enums import CreditRisk, Tier
from shuangsui.models.errors import Problem
from shuangsui.models.messages import pydantic_message, suggest
from shuangsui.models.tables import Unreadable, decode

FILE = "scenario.toml"
Path_ = tuple[str | int, ...]

# Bounds beyond which a number is a typo, not a wish (CP-SAT needs 64-bit coefficients anyway).
MAX_INT = 1_000_000  # counts, sizes, windows
MAX_MULTIPLIER = 1_000.0
LIMITS: dict[str, float] = {"workers": 1024, "time_limit": 7 * 24 * 3600.0, "offsite_weight": 100.0}

_PIECE = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_DOTTED = rf"{_PIECE}(?:\s*\.\s*{_PIECE})*"
_HEADER = re.compile(rf"^\s*(\[\[|\[)\s*({_DOTTED})\s*\]")
_KEY = re.compile(rf"^\s*({_DOTTED})\s*=")
_INLINE_KEY = re.compile(rf"[{{,]\s*({_DOTTED})\s*=")


def _keys(dotted: str) -> tuple[str, ...]:
    return tuple(piece.strip("\"'") for piece in re.findall(_PIECE, dotted))


class KeyLines:
    """Line numbers of tables and keys, found by a light scan of the text (not a TOML parser)."""

    def __init__(self, text: str):
        self.lines: dict[Path_, int] = {}
        current: Path_ = ()
        arrays: dict[Path_, int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if header := _HEADER.match(line):
                current = _keys(header.group(2))
                if header.group(1) == "[[":
                    arrays[current] = arrays.get(current, -1) + 1
                    current = (*current, arrays[current])
                self.lines.setdefault(current, number)
            elif key := _KEY.match(line):
                path = current + _keys(key.group(1))
                self.lines.setdefault(path, number)
                for inner in _INLINE_KEY.finditer(line, key.end()):
                    self.lines.setdefault(path + _keys(inner.group(1)), number)

    def find(self, path: Path_) -> int | None:
        """The line of `path`, or of its closest enclosing table that has one."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None


def column_of(path: Path_) -> str:
    return ".".join(str(p) for p in path if not isinstance(p, int))


def _where(path: Path_) -> str:
    blocks = [p for p in path if isinstance(p, int)]
    return f" (第{blocks[0] + 1}个 [[directed]] 块)" if blocks else ""


class _Checker:
    """Walks the parsed TOML, collecting problems and returning the data pydantic should see."""

    def __init__(self, lines: KeyLines):
        self.lines = lines
        self.problems: list[Problem] = []
        self.reported: set[Path_] = set()

    def problem(self, path: Path_, message: str) -> None:
        self.reported.add(path)
        line, column = self.lines.find(path), column_of(path) or None
        self.problems.append(Problem(FILE, line, column, message + _where(path)))

    def table(self, data: dict, model: type[BaseModel], path: Path_) -> dict:
        out = {}
        for key, value in data.items():
            info = model.model_fields.get(key)
            here = (*path, key)
            if info is None:
                hint = suggest(key, model.model_fields)
                self.problem(here, f"未知的键 (unknown key): {column_of(here)!r}{hint}")
                continue
            checked = self.value(value, info.annotation, here)
            if checked is not _DROP:
                out[key] = checked
        return out

    def value(self, value: object, annotation: object, path: Path_) -> object:
        key = path[-1]
        if key == "multipliers":
            return self.multipliers(value, path)
        if key == "directed":
            return self.directed(value, path)
        if key == "period" and isinstance(value, str):
            return self.cell(n.period, value, path, "期间不能为空 (period is empty)")
        if key == "tiers":
            return self.tiers(value, path)
        if key in ("industries", "townships"):
            return self.names(value)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return self.table(value, annotation, path) if isinstance(value, dict) else value
        if annotation in (int, float) and isinstance(value, bool | str):
            self.problem(path, f"应为数字 (must be a number): {value!r}")
            return _DROP
        if annotation in (int, float) and isinstance(value, int | float):
            return self.number(value, path)
        return value

    def number(self, value: float, path: Path_) -> object:
        """A finite number within a sensible bound (inf, nan, 3000000000 workers are typos)."""
        key = str(path[-1])
        if not math.isfinite(value):
            self.problem(path, f"应为有限数字 (must be a finite number): {value!r}")
            return _DROP
        bound = LIMITS.get(key, MAX_INT if key != "seed" else None)
        if bound is not None and value > bound:
            self.problem(path, f"取值过大 (value too large): {value!r}; 应 <= {bound:g}")
            return _DROP
        return value

    def cell(self, parse: n.Parser, value: object, path: Path_, empty: str) -> object:
        try:
            parsed = parse(value)  # type: ignore[arg-type]
        except n.CellError as err:
            self.problem(path, err.args[0])
            return _DROP
        if parsed in (None, ""):
            self.problem(path, empty)
            return _DROP
        return parsed

    def multipliers(self, value: object, path: Path_) -> object:
        if not isinstance(value, dict):
            return value  # pydantic says "must be a table"
        out: dict[CreditRisk, float] = {}
        for key, weight in value.items():
            here = (*path, key)
            try:
                risk = n.credit_risk(key)
            except n.CellError:
                risk = None
            if not isinstance(risk, CreditRisk):
                message = f"未知的信用风险等级 (unknown credit class): {key!r}; {n.RISK_HINT}"
                self.problem(here, message)
            elif isinstance(weight, bool) or not isinstance(weight, int | float):
                self.problem(here, f"应为数字 (must be a number): {weight!r}")
            elif not math.isfinite(weight):
                self.problem(here, f"应为有限数字 (must be a finite number): {weight!r}")
            elif weight < 0:
                self.problem(here, f"倍数不能为负数 (negative multiplier): {weight}; 应 >= 0")
            elif weight > MAX_MULTIPLIER:
                self.problem(here, f"取值过大 (value too large): {weight!r}; 应 <= {MAX_MULTIPLIER:g}")
            elif risk in out:
                self.problem(here, f"信用风险等级重复 (duplicate credit class): {key!r}")
            else:
                out[risk] = float(weight)
        return out

    def names(self, value: object) -> object:
        """A filter list: a string is split like a table cell; sorted, repeats dropped."""
        words = n.text_list(value) if isinstance(value, str) else value
        if isinstance(words, list | tuple) and all(isinstance(w, str) for w in words):
            return sorted({w.strip() for w in words if w.strip()})
        return value  # pydantic says what is wrong

    def tiers(self, value: object, path: Path_) -> object:
        words = n.text_list(value) if isinstance(value, str) else value
        if not isinstance(words, list | tuple):
            return value  # pydantic says "must be a list"
        tiers = [self.cell(n.tier, w, path, "监管类别不能为空 (empty tier)") for w in words]
        return sorted({t for t in tiers if isinstance(t, Tier)})

    def directed(self, value: object, path: Path_) -> object:
        if not isinstance(value, list):
            self.problem(path, "应写成 [[directed]] 表数组 (must be an array of tables)")
            return _DROP
        blocks: list[object] = []
        names: dict[str, int] = {}
        for index, block in enumerate(value):
            here = (*path, index)
            if not isinstance(block, dict):
                self.problem(here, f"应为表 (must be a table): {block!r}")
                continue
            checked = self.table(block, DirectedDraw, here)
            name = checked.get("name")
            if isinstance(name, str) and name.strip():
                checked["name"] = name = name.strip()
                if name in names:
                    first = names[name] + 1
                    message = f"定向抽查名称重复 (duplicate directed name): {name!r}"
                    self.problem((*here, "name"), f"{message}，与第{first}个 [[directed]] 块相同")
                names.setdefault(name, index)
            blocks.append(checked)
        return blocks


_DROP = object()


def read_rules(path: Path, problems: list[Problem]) -> ScenarioRules | None:
    """Read and validate scenario.toml.

    Parameters
    ----------
    path
        The scenario.toml file.
    problems
        Where every problem found is appended (with the key path as its column).

    Returns
    -------
    ScenarioRules or None
        The rules, or None when any problem was found.
    """
    try:
        text = decode(path.read_bytes())
    except OSError as err:
        problems.append(Problem(FILE, None, None, f"无法读取文件 (unreadable file): {err}"))
        return None
    except Unreadable as err:
        problems.append(Problem(FILE, None, None, err.args[0]))
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = re.search(r"line (\d+)", str(err))
        row = int(line.group(1)) if line else None
        problems.append(Problem(FILE, row, None, f"TOML 语法错误 (invalid TOML syntax): {err}"))
        return None
    checker = _Checker(KeyLines(text))
    cleaned = checker.table(data, ScenarioRules, ())
    rules = None
    try:
        rules = ScenarioRules.model_validate(cleaned)
    except ValidationError as err:
        for error in err.errors():
            located = tuple(error["loc"])
            if _covered(located, checker.reported):
                continue
            message = pydantic_message(error)
            if error["type"] == "missing":
                message = f"缺少必需的键 (missing required key): {column_of(located)}"
            checker.problem(located, message)
    problems.extend(checker.problems)
    return None if checker.problems else rules


def _covered(path: Path_, reported: set[Path_]) -> bool:
    """Already reported by the checker (the same key, a key inside it, or a model-level rule)."""
    if not path:
        return bool(reported)
    return any(r[: len(path)] == path or path[: len(r)] == r for r in reported)
