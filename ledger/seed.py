"""The public seed from a seed ceremony: dice digits, or several parties' numbers combined.

Rule ``digits``: a single value made only of digits (spaces, commas, hyphens between them allowed,
e.g. dice rolled one by one: ``3 1 4 1 5 2 6 5``) is the seed itself, read as one decimal number
(at most 18 digits).

Rule ``sha256-lines``: anything else (several values, one per party, or a text such as a public
lottery result) is combined as SHA-256 of the values, each stripped of surrounding spaces and followed
by a newline, and the first 15 hex digits of the digest read as a hexadecimal number (0 … 2^60 − 1).
Anyone can recompute it: ``printf '%s\\n' V1 V2 V3 | sha256sum | cut -c1-15``, then convert from hex.
No single party can steer such a seed once the others' values are unknown to it.
"""

from __future__ import annotations

import hashlib
import re

DIGITS = "digits"
SHA256_LINES = "sha256-lines"
_DIGITS = re.compile(r"[0-9]+(?:[\s,，、-]*[0-9]+)*")
MAX_DIGITS = 18


def derive_seed(values: list[str] | tuple[str, ...]) -> tuple[int, str]:
    """The seed and the name of the rule that gave it (`DIGITS` or `SHA256_LINES`).

    Raises
    ------
    ValueError
        No value, an empty value, or more than 18 dice digits.
    """
    cleaned = [v.strip() for v in values]
    if not cleaned or any(not v for v in cleaned):
        raise ValueError("种子不能为空 (empty seed value)")
    if len(cleaned) == 1 and _DIGITS.fullmatch(cleaned[0]):
        digits = re.sub(r"[^0-9]", "", cleaned[0])
        if len(digits) > MAX_DIGITS:
            raise ValueError(f"数字种子最多 {MAX_DIGITS} 位 (at most {MAX_DIGITS} digits), 实为 {len(digits)} 位")
        return int(digits), DIGITS
    text = "".join(v + "\n" for v in cleaned)
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:15], 16), SHA256_LINES
