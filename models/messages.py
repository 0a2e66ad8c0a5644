"""Chinese messages (with the English code name) for pydantic validation errors."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from pydantic_core import ErrorDetails

_BY_TYPE = {
    "missing": "缺少必填项 (required value missing)",
    "string_too_short": "不能为空 (must not be empty)",
    "too_short": "不能为空 (must not be empty)",
    "string_type": "应为文本 (must be a string)",
    "int_type": "应为整数 (must be an integer)",
    "int_parsing": "应为整数 (must be an integer)",
    "int_from_float": "应为整数 (must be an integer)",
    "float_type": "应为数字 (must be a number)",
    "float_parsing": "应为数字 (must be a number)",
    "bool_type": "应为 true/false (must be a boolean)",
    "bool_parsing": "应为 true/false (must be a boolean)",
    "model_type": "应为表 (must be a table)",
    "model_attributes_type": "应为表 (must be a table)",
    "dict_type": "应为表 (must be a table)",
    "tuple_type": "应为列表 (must be a list)",
    "list_type": "应为列表 (must be a list)",
    "enum": "取值无效 (invalid value)",
    "extra_forbidden": "未知的键 (unknown key)",
}
_BOUNDS = {
    "greater_than_equal": ">=",
    "greater_than": ">",
    "less_than_equal": "<=",
    "less_than": "<",
}


def pydantic_message(error: ErrorDetails) -> str:
    """One error of a `ValidationError`, as a message for a `Problem`."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind in _BOUNDS:
        bound = next(iter(ctx.values()), "?")
        return f"取值超出范围 (out of range): {value!r}; 应 {_BOUNDS[kind]} {bound}"
    if kind == "enum":
        expected = str(ctx.get("expected", "")).replace("' or '", "'/'").replace("', '", "'/'")
        return f"取值无效 (invalid value): {value!r}; 应为 {expected}"
    if kind == "value_error":
        return f"取值无效 (invalid value): {ctx.get('error', error['msg'])}"
    base = _BY_TYPE.get(kind, f"取值无效 ({kind})")
    return base if kind == "missing" else f"{base}: {value!r}"


def _did_you_mean(choice: str) -> str:
    return f"; 是否应为 {choice!r}? (did you mean {choice!r}?)"


def suggest(word: str, choices: Iterable[str]) -> str:
    """'; 是否应为 'quota'? (did you mean 'quota'?)' when a close choice exists, else ''.

    For key names (words), where a misspelling is close in letters; ids use `IdHints`.
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return _did_you_mean(close[0]) if close else ""


_LOOKALIKE = str.maketrans("oilzsb", "011258")  # letters typed for digits (after casefold)
_ID_NOISE = re.compile(r"[\s\-_.·/\\]+")
_PADDING = re.compile(r"(?<!\d)0+(?=\d)")


def id_key(value: str) -> str:
    """An id as a typo leaves it recognisable: width, case, separators, look-alike letters, zero padding."""
    text = unicodedata.normalize("NFKC", value).casefold().translate(_LOOKALIKE)
    return _PADDING.sub("", _ID_NOISE.sub("", text))


class IdHints:
    """ "Did you mean" for unknown ids: only a known id the unknown one equals up to `id_key`.

    Ids are often sequential (I01, I02; HJ-01, HJ-02), so ids merely close in letters are
    unrelated people or items: they are never suggested.
    """

    def __init__(self, known: Iterable[str]) -> None:
        self.by_key: dict[str, list[str]] = defaultdict(list)
        for value in sorted(known):
            self.by_key[id_key(value)].append(value)

    def __call__(self, unknown: str) -> str:
        found = self.by_key.get(id_key(unknown), [])
        return _did_you_mean(found[0]) if len(found) == 1 else ""
