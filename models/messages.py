"""Chinese messages (with the English code name) for pydantic validation errors."""

from __future__ import annotations

import difflib
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


def suggest(word: str, choices: Iterable[str]) -> str:
    """'; 是否应为 'quota'? (did you mean 'quota'?)' when a close choice exists, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; 是否应为 {close[0]!r}? (did you mean {close[0]!r}?)" if close else ""
