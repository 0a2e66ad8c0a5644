"""Warnings: data that is valid but quietly empties the draw (exit 0, printed and reported).

Each warning has a code name (English, for feasibility.json) and a Chinese message:

- `specialty_without_inspector`: an item needs a specialty no eligible inspector holds, so every
  object with that item is undrawable (often a spelling: 大气环境 vs 大气);
- `list_comma`: a list cell holds `,` or `，`, which do not separate list entries (`；` `、` do);
- `similar_labels`: two ids, names or labels that differ only in spaces, width, case or
  punctuation, or a label that is another plus one or two characters (赵州 / 赵州镇);
- `undrawable_share`: more than `UNDRAWABLE_SHARE` of a tier's objects cannot be drawn (after
  planning; the report then lists them first).

Realistic data gives none: ids that differ in a digit (I01, I02, 统一社会信用代码) are never
compared for closeness, only for equality after normalising.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from shuangsui.models.domain import Scenario
from shuangsui.models.enums import Tier

UNDRAWABLE_SHARE = 0.05  # of a tier's objects
COMMAS = (",", "，")
_NOISE = re.compile(r"[\s\-_.·•()（）\[\]【】/\\'\"“”‘’:：;；,，、]+")


@dataclass(frozen=True)
class DataWarning:
    """One warning: `code` for machines, `message` (Chinese, with the English gist) for readers."""

    code: str
    message: str
    file: str = ""
    subject: str = ""  # the id or label concerned

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        return f"[{self.code}] {where}{self.message}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _key(label: str) -> str:
    """A label without what people type inconsistently: width, case, spaces, punctuation."""
    if label.isascii():  # NFKC keeps ASCII as it is, and casefold is lower there (most ids)
        return _NOISE.sub("", label.lower())
    return _NOISE.sub("", unicodedata.normalize("NFKC", label).casefold())


def _close(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    return len(short) >= 2 and long_.startswith(short) and len(long_) - len(short) <= 2


# ---------------------------------------------------------------- specialties


def specialty_warnings(scenario: Scenario) -> list[DataWarning]:
    held = {s for i in scenario.inspectors if i.eligible for s in i.specialties}
    objects_with: Counter[str] = Counter(item for o in scenario.objects for item in o.items)
    found = []
    for item in scenario.items:
        if item.specialty in held:
            continue
        close = difflib.get_close_matches(item.specialty, sorted(held), n=1, cutoff=0.5)
        close += [s for s in sorted(held) if not close and _close(s, item.specialty)]
        hint = f"; 人员专业中有「{close[0]}」，是否写法不一致? (did you mean {close[0]!r}?)" if close else ""
        message = (
            f"事项 {item.item_id}「{item.name}」所需专业「{item.specialty}」没有任何在岗持证人员具备 "
            f"(no eligible inspector has this specialty): 含该事项的 {objects_with[item.item_id]} 个对象无法现场检查"
            f"{hint}"
        )
        found.append(DataWarning("specialty_without_inspector", message, "items", item.item_id))
    return found


# ---------------------------------------------------------------- list cells with commas


def comma_warnings(scenario: Scenario) -> list[DataWarning]:
    lists: list[tuple[str, str, str, str, Iterable[str]]] = []
    for o in scenario.objects:
        lists.append(("objects", o.object_id, "联合监管部门", "partner_departments", o.partner_departments))
    for i in scenario.inspectors:
        lists.append(("inspectors", i.inspector_id, "专业领域", "specialties", i.specialties))
    for h in scenario.history:
        lists.append(("history", f"{h.period} {h.object_id}", "检查人员", "inspector_ids", h.inspector_ids))
    found = []
    for file, subject, zh, field, values in lists:
        for value in values:
            if any(c in value for c in COMMAS):
                message = (
                    f"{subject} 的「{zh}」({field}) 含逗号：「{value}」被当作一项 (a comma does not separate "
                    "list entries); 多项请用「；」或「、」分隔"
                )
                found.append(DataWarning("list_comma", message, file, subject))
    return found


# ---------------------------------------------------------------- similar ids, names, labels


def _same_key_pairs(values: Iterable[str]) -> list[tuple[str, str]]:
    """Distinct values that are equal once normalised (linear: ids and names can be many)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for value in values:
        groups[_key(value)].add(value)
    pairs = []
    for group in groups.values():
        ordered = sorted(group)
        pairs += [(ordered[0], other) for other in ordered[1:]]
    return sorted(pairs)


def _close_pairs(values: Iterable[str]) -> list[tuple[str, str]]:
    """Close labels of a vocabulary (a few dozen distinct values, so all pairs are compared)."""
    # Each distinct value once (a township is written on thousands of objects); commas: `list_comma`.
    ordered = sorted(v for v in set(values) if not any(c in v for c in COMMAS))
    return [(a, b) for n, a in enumerate(ordered) for b in ordered[n + 1 :] if _close(a, b)]


def similar_warnings(scenario: Scenario) -> list[DataWarning]:
    """Ids and names equal up to spaces, width, case and punctuation; labels also up to a short suffix."""
    inspectors, objects = scenario.inspectors, scenario.objects
    checks = [
        ("objects", "对象编号", _same_key_pairs(o.object_id for o in objects)),
        ("inspectors", "人员编号", _same_key_pairs(i.inspector_id for i in inspectors)),
        ("items", "事项编号", _same_key_pairs(i.item_id for i in scenario.items)),
        ("inspectors", "姓名", _same_key_pairs(i.name for i in inspectors)),
        ("objects", "单位名称", _same_key_pairs(o.name for o in objects)),
        (
            "inspectors/items",
            "专业",
            _close_pairs([s for i in inspectors for s in i.specialties] + [i.specialty for i in scenario.items]),
        ),
        ("inspectors", "业务条线", _close_pairs(i.unit for i in inspectors)),
        (
            "objects/inspectors",
            "乡镇",
            _close_pairs([o.township for o in objects] + [i.home_township for i in inspectors if i.home_township]),
        ),
        ("objects", "行业类别", _close_pairs(o.industry for o in objects)),
        ("objects", "联合监管部门", _close_pairs(d for o in objects for d in o.partner_departments)),
    ]
    found = []
    for file, zh, pairs in checks:
        for a, b in pairs:
            message = f"{zh}「{a}」与「{b}」非常相近 (suspiciously similar): 是同一个吗? 请统一写法"
            found.append(DataWarning("similar_labels", message, file, f"{a} / {b}"))
    return found


# ---------------------------------------------------------------- after planning


def undrawable_warnings(scenario: Scenario, undrawable: Iterable[str]) -> list[DataWarning]:
    """Tiers where more than `UNDRAWABLE_SHARE` of the objects cannot be drawn."""
    population = Counter(o.tier for o in scenario.objects)
    missing = Counter(scenario.object_by_id[oid].tier for oid in undrawable if oid in scenario.object_by_id)
    found = []
    for tier in Tier:
        if population[tier] and missing[tier] / population[tier] > UNDRAWABLE_SHARE:
            share = missing[tier] / population[tier]
            message = (
                f"{tier.zh}中有 {missing[tier]} 个（{share:.0%}）对象无法抽取 (undrawable objects): 原因见报告"
                "「不可抽对象」，多为专业写法不一致或人员不足"
            )
            found.append(DataWarning("undrawable_share", message, "objects", tier.value))
    return found


_COMPUTED: dict[int, tuple[DataWarning, ...]] = {}  # by id() of a (frozen) scenario, while it lives


def scenario_warnings(scenario: Scenario) -> list[DataWarning]:
    """Every warning about a valid scenario (computed once per scenario: the command line and both
    reports show them, ~0.7 s for 20,000 objects).

    Parameters
    ----------
    scenario
        A loaded scenario.

    Returns
    -------
    list of DataWarning
        Specialties nobody holds, list cells with commas, similar labels: in that stable order.
    """
    key = id(scenario)
    if key not in _COMPUTED:
        _COMPUTED[key] = (*specialty_warnings(scenario), *comma_warnings(scenario), *similar_warnings(scenario))
        weakref.finalize(scenario, _COMPUTED.pop, key, None)
    return list(_COMPUTED[key])


def remember_warnings(scenario: Scenario, warnings: list[DataWarning]) -> None:
    """`warnings` are `scenario_warnings(scenario)`, computed elsewhere (by the process that loaded it)."""
    if id(scenario) not in _COMPUTED:
        _COMPUTED[id(scenario)] = tuple(warnings)
        weakref.finalize(scenario, _COMPUTED.pop, id(scenario), None)


def keep_warnings(scenario: Scenario, digested: Scenario) -> None:
    """`digested` is `scenario` with its input digest set (`models.digest.with_digest`): the same
    warnings, not computed again."""
    if id(scenario) in _COMPUTED and id(digested) not in _COMPUTED:
        _COMPUTED[id(digested)] = _COMPUTED[id(scenario)]
        weakref.finalize(digested, _COMPUTED.pop, id(digested), None)
