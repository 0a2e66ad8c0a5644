"""Cell parsers: one raw spreadsheet cell in, one normalised value out (or `CellError`).

A raw cell is what CSV or openpyxl gives: a string, a number, a bool, a date, or None. Every parser
strips spaces and turns an empty cell into `EMPTY`-like values ("" or ()) so the caller can apply
the contract's default or report a missing required value.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime, time

from shuangsui.models.domain import PERIOD_RE
from shuangsui.models.enums import CreditRisk, Mode, Tier

Cell = str | int | float | bool | date | datetime | time | None
Parser = Callable[[Cell], object]

LIST_SEPARATORS = re.compile(r"[;；、]")


class CellError(ValueError):
    """A cell value that cannot be read; `args[0]` is the Chinese message with the English code."""


_INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_ODD_SPACE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f]")
_ODD = re.compile(f"{_INVISIBLE.pattern}|{_ODD_SPACE.pattern}")


def clean(value: str) -> str:
    """Zero-width and direction marks, BOMs and soft hyphens removed; no-break and other odd
    spaces made plain spaces (pasted from web pages or Word, they would make a second person)."""
    if value.isascii() or not _ODD.search(value):  # one scan for the common case: nothing to clean
        return value
    return _ODD_SPACE.sub(" ", _INVISIBLE.sub("", value))


def text(cell: Cell) -> str:
    """Plain text: numbers from XLSX lose a trailing ".0", spaces around are dropped."""
    if type(cell) is str:
        return clean(cell).strip()
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date | time):
        return cell.isoformat()
    return str(cell).strip()


def code(cell: Cell) -> str:
    """Ids and codes: text, full-width letters and digits made half-width (NFKC)."""
    value = text(cell)
    if value.isascii():  # NFKC leaves ASCII as it is (most ids): skip it
        return value
    return unicodedata.normalize("NFKC", value).strip()


MAX_COUNT = 1_000_000  # e.g. a quarter's checks of one inspector; beyond it a typo (1e30)
MAX_EXACT_DIGITS = 15  # Excel keeps 15 significant digits of a number
_SCIENTIFIC = re.compile(r"^[+-]?\d(\.\d+)?[eE]\+?\d+$")
TEXT_HINT = "请把该列设置为「文本」格式后重新输入编号 (format the column as text and re-enter the ids)"


def identifier(cell: Cell) -> str:
    """An id (like `code`); an id Excel stored as a number of more than 15 digits is refused,
    since Excel has already replaced its last digits (a 统一社会信用代码 ending …149824)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and abs(cell) >= 10**MAX_EXACT_DIGITS:
        shown = f"{cell:.0f}" if math.isfinite(cell) else str(cell)
        raise CellError(
            f"编号被 Excel 存成了超过 15 位的数字，末几位已丢失 (id stored as a number): {shown}; {TEXT_HINT}"
        )
    value = code(cell)
    if _SCIENTIFIC.match(value):
        raise CellError(f"编号被 Excel 存成了科学计数法 (id in scientific notation): {value!r}; {TEXT_HINT}")
    return value


def identifier_list(cell: Cell) -> tuple[str, ...]:
    """A list of ids, each checked like `identifier`."""
    if not isinstance(cell, str):
        identifier(cell)  # a number: the same check as a single id
    return tuple(identifier(part) for part in code_list(cell))


def _split(value: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for part in LIST_SEPARATORS.split(value):
        part = part.strip()
        if part:
            seen.setdefault(part)
    return tuple(seen)


def text_list(cell: Cell) -> tuple[str, ...]:
    """Texts separated by `;`, `；` or `、` (items stripped, empties and repeats dropped)."""
    return _split(text(cell))


def code_list(cell: Cell) -> tuple[str, ...]:
    """A list of ids, each normalised like `code`."""
    return _split(code(cell))


_BOOL_WORDS = {
    "true": True, "false": False, "1": True, "0": False, "是": True, "否": False,
    "y": True, "n": False, "yes": True, "no": False, "t": True, "f": False,
}  # fmt: skip


def boolean(cell: Cell) -> bool | None:
    """true/false, 1/0, 是/否, Y/N, yes/no (any case); None when empty."""
    if isinstance(cell, bool):
        return cell
    word = code(cell).casefold()
    if not word:
        return None
    if word in _BOOL_WORDS:
        return _BOOL_WORDS[word]
    hint = "应为 true/false、1/0、是/否、Y/N"
    raise CellError(f"布尔值无效 (invalid boolean): {text(cell)!r}; {hint}")


def _words(pairs: Mapping[str, object], *aliases: tuple[str, object]) -> dict[str, object]:
    table = {k.casefold(): v for k, v in pairs.items()}
    table.update((k.casefold(), v) for k, v in aliases)
    return table


_TIERS = _words(
    {t.value: t for t in Tier} | {t.zh: t for t in Tier},
    ("特殊", Tier.SPECIAL), ("重点", Tier.KEY), ("一般", Tier.GENERAL), ("正面清单", Tier.POSITIVE),
)  # fmt: skip
_RISKS = _words({r.value: r for r in CreditRisk} | {r.zh: r for r in CreditRisk})
_MODES = _words(
    {m.value: m for m in Mode} | {m.zh: m for m in Mode},
    ("现场", Mode.ONSITE), ("非现场", Mode.OFFSITE), ("非现场检查", Mode.OFFSITE),
    ("科技", Mode.OFFSITE), ("on-site", Mode.ONSITE), ("off-site", Mode.OFFSITE),
)  # fmt: skip

TIER_HINT = "应为 special/key/general/positive 或 " + "/".join(t.zh for t in Tier)
RISK_HINT = "应为 A/B/C/D 或 " + "/".join(r.zh for r in CreditRisk)
MODE_HINT = "应为 onsite/offsite 或 现场检查/科技检查"


def _enum(table: dict[str, object], label: str, hint: str) -> Parser:
    def parse(cell: Cell) -> object:
        word = code(cell)
        if not word:
            return None
        try:
            return table[word.casefold()]
        except KeyError:
            raise CellError(f"{label}: {word!r}; {hint}") from None

    return parse


tier = _enum(_TIERS, "监管类别取值无效 (invalid tier)", TIER_HINT)
credit_risk = _enum(_RISKS, "信用风险等级取值无效 (invalid credit risk)", RISK_HINT)
mode = _enum(_MODES, "检查方式取值无效 (invalid mode)", MODE_HINT)


def count(cell: Cell) -> int | None:
    """An integer >= 0 ("3", 3, 3.0 and "３" are all 3); None when empty."""
    if isinstance(cell, bool):
        raise CellError(f"应为整数 (not an integer): {cell!r}")
    if isinstance(cell, int):
        value = cell
    else:
        raw = code(cell)
        if not raw:
            return None
        try:
            number = float(raw)
        except ValueError:
            raise CellError(f"应为整数 (not an integer): {raw!r}") from None
        if not number.is_integer():
            raise CellError(f"应为整数 (not an integer): {raw!r}")
        value = int(number)
    if value < 0:
        raise CellError(f"不能为负数 (negative value): {value}; 应为 >= 0 的整数")
    if value > MAX_COUNT:
        raise CellError(f"取值过大 (value too large): {value:g}; 应 <= {MAX_COUNT}")
    return value


def period(cell: Cell) -> str:
    """A period like 2024Q4 (full-width and lower-case q accepted); "" when empty."""
    value = code(cell).upper()
    if value and not PERIOD_RE.match(value):
        raise CellError(f"期间格式无效 (invalid period): {value!r}; 应为 YYYYQn，如 2024Q4")
    return value
