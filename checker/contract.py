"""The contract's arithmetic, written here from the contract text (section 3) alone.

Nothing in this module comes from the planner or from rule helpers in `shuangsui.models`: the
scenario's records are read as plain data (their fields), and every derived fact (exact decimals,
quarters, eligibility, the check's mode, apportionment, specialty cover) is re-derived, so a bug in
the planner's version cannot hide in both.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

# Contract section 1 / 3 code names, as plain strings (the plan file speaks strings).
CREDIT_TIER_NAMES = ("special", "key", "general")
POSITIVE = "positive"
CLASSES = ("A", "B", "C", "D")
HIGHER_RISK_FIRST = ("D", "C", "B", "A")  # apportionment ties go to the higher risk class
ONSITE, OFFSITE = "onsite", "offsite"
CREDIT_RISK, FULL_COVERAGE, DIRECTED = "credit_risk", "full_coverage", "directed"
NONE, INTERNAL, INTER_DEPARTMENT = "none", "internal", "inter_department"
DRAWS = (CREDIT_RISK, FULL_COVERAGE, DIRECTED)
MODES = (ONSITE, OFFSITE)
JOINTS = (NONE, INTERNAL, INTER_DEPARTMENT)
CONTRACT = 2

_PERIOD = re.compile(r"^(\d{4})Q([1-4])$")


def decimal(value: float | int) -> Fraction:
    """The decimal the bureau wrote, exactly: 0.15 -> 3/20, so 0.15 x 20 = 3 (not 3.0000000000000004)."""
    return Fraction(repr(float(value)))


def quarter(period: str) -> int | None:
    """Quarters since year 0 ("2025Q2" -> 8101), None when the text is not a period."""
    m = _PERIOD.match(period)
    return int(m.group(1)) * 4 + int(m.group(2)) - 1 if m else None


def ceil_share(share: Fraction, count: int) -> int:
    """ceil(share x count) in exact arithmetic."""
    return math.ceil(share * count)


def value(enum_or_text: Any) -> str:
    """The code name of an enum member or string (records carry enums, plans carry strings)."""
    return str(getattr(enum_or_text, "value", enum_or_text))


def quota(rules: Any, tier: str) -> Fraction:
    """`quota.<tier>` of scenario.toml, exactly."""
    return decimal(getattr(rules.quota, tier))


def multipliers(rules: Any) -> dict[str, Fraction]:
    """`credit_risk.multipliers` as written (every class the scenario gives), exactly."""
    return {value(c): decimal(m) for c, m in rules.credit_risk.multipliers.items()}


def may_be_drawn(inspector: Any) -> bool:
    """Contract section 2: only certified and available inspectors are drawn."""
    return bool(inspector.certified) and bool(inspector.available)


def base_mode(obj: Any) -> str:
    """Off-site when off-site capable (or positive) and without a clue; otherwise on site."""
    capable = bool(obj.offsite_capable) or value(obj.tier) == POSITIVE
    return OFFSITE if capable and not obj.clue else ONSITE


def expected_mode(obj: Any, draw: str, onsite_items: frozenset[str]) -> str:
    """The mode of a check (contract v2): credit-risk and directed checks of an object with an
    `onsite_required` item are on site; the positive list's full-coverage check keeps `base_mode`."""
    if draw != FULL_COVERAGE and any(i in onsite_items for i in obj.items):
        return ONSITE
    return base_mode(obj)


def block_matches(block: Any, obj: Any) -> bool:
    """A [[directed]] block's filters (industries, townships, tiers; empty = any), ANDed."""
    tiers = {value(t) for t in block.tiers}
    return (
        (not block.industries or obj.industry in block.industries)
        and (not block.townships or obj.township in block.townships)
        and (not tiers or value(obj.tier) in tiers)
    )


def apportion(n: int, populations: Mapping[str, int], weights: Mapping[str, Fraction]) -> dict[str, int]:
    """Contract section 3: n credit-risk draws of a tier among its credit classes.

    Parameters
    ----------
    n
        The tier's draws, ceil(quota x P_t).
    populations
        P_tc per credit class ("A".."D").
    weights
        The multiplier of each class (a class without one gets none).

    Returns
    -------
    dict
        Seats per class. Step 1: a class whose exact share n x w_c / sum(w) (w_c = multiplier x P_tc)
        reaches P_tc gets P_tc and leaves, repeated with what is left of n. Step 2: floors of the
        exact shares, then one seat each by largest fractional part, ties to the higher risk class.
        Multiplier-0 classes get none, so the seats may sum to less than n.
    """
    seats = dict.fromkeys(populations, 0)
    w = {c: weights.get(c, Fraction(0)) * p for c, p in populations.items() if p > 0}
    w = {c: x for c, x in w.items() if x > 0}
    left = n
    while w and left > 0:
        total = sum(w.values())
        full = [c for c in w if left * w[c] / total >= populations[c]]
        if not full:
            break
        for c in full:
            seats[c] = populations[c]
            left -= populations[c]
            del w[c]
    if w and left > 0:
        total = sum(w.values())
        share = {c: left * x / total for c, x in w.items()}
        for c in w:
            seats[c] = math.floor(share[c])
        rest = left - sum(seats[c] for c in w)

        def rank(c: str) -> tuple[Fraction, int]:
            order = HIGHER_RISK_FIRST.index(c) if c in HIGHER_RISK_FIRST else len(HIGHER_RISK_FIRST)
            return (-(share[c] - seats[c]), order)

        for c in sorted(w, key=rank)[:rest]:
            seats[c] += 1
    return seats


def cover(required: Iterable[str], candidates: Sequence[tuple[str, Iterable[str]]], size: int) -> list[str] | None:
    """At most `size` candidates whose specialties together cover `required`, or None.

    Parameters
    ----------
    required
        Specialties to cover.
    candidates
        (inspector id, specialties), in the order to prefer.
    size
        Most people allowed.

    Breadth-first over the sets of covered specialties: the first layer that covers all is the
    fewest people; the ids returned are the first found in candidate order.
    """
    need = sorted(set(required))
    bit = {s: 1 << k for k, s in enumerate(need)}
    full = (1 << len(need)) - 1
    kinds: dict[int, str] = {}
    for inspector_id, specialties in candidates:
        mask = 0
        for s in set(specialties):
            mask |= bit.get(s, 0)
        if mask and mask not in kinds:
            kinds[mask] = inspector_id
    reach: dict[int, list[str]] = {0: []}
    layer = dict(reach)
    for _ in range(size):
        if full in reach:
            break
        nxt: dict[int, list[str]] = {}
        for mask, group in layer.items():
            for kind, inspector_id in kinds.items():
                new = mask | kind
                if new not in reach and new not in nxt:
                    nxt[new] = [*group, inspector_id]
        reach.update(nxt)
        layer = nxt
    return reach.get(full)


def pct(x: Fraction | float) -> str:
    return f"{float(x) * 100:.1f}%"


def num(x: Fraction) -> str:
    """A capacity figure: 3, 3.25, or 1/3 when it is not a short decimal."""
    if x.denominator == 1:
        return str(x.numerator)
    text = f"{float(x):.4f}".rstrip("0")
    return text if Fraction(text) == x else f"{x.numerator}/{x.denominator}"


TIER_ZH = {"special": "特殊监管对象", "key": "重点监管对象", "general": "一般监管对象", "positive": "正面清单企业"}
RISK_ZH = {"A": "低", "B": "一般", "C": "较高", "D": "高"}
MODE_ZH = {ONSITE: "现场检查", OFFSITE: "科技检查"}
