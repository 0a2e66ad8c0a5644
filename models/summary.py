"""A short Chinese summary of a valid scenario, printed by `shuangsui validate`."""

from __future__ import annotations

import unicodedata
from collections import Counter

from shuangsui.models.domain import Scenario
from shuangsui.models.enums import CreditRisk, Tier

NO_SPECIALTY = "(未填专业)"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(width - _width(text), 0)
    return fill + text if right else text + fill


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Rows aligned in columns (CJK characters count double); first column left, others right."""
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(_pad(cell, w, right=i > 0) for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
        for row in [header, *rows]
    ]


def _strata(scenario: Scenario) -> list[str]:
    counts = Counter((o.tier, o.credit_risk) for o in scenario.objects)
    header = ["监管类别 \\ 信用风险", *(f"{r.value}({r.zh})" for r in CreditRisk), "合计"]
    rows = []
    for tier in Tier:
        cells = [counts[tier, risk] for risk in CreditRisk]
        rows.append([tier.zh, *map(str, cells), str(sum(cells))])
    totals = [sum(counts[t, r] for t in Tier) for r in CreditRisk]
    rows.append(["合计", *map(str, totals), str(sum(totals))])
    return table(header, rows)


def _by(label: str, counts: dict[str, Counter[bool]]) -> list[str]:
    rows = [[key, str(c[True]), str(c[False])] for key, c in sorted(counts.items())]
    return table([label, "可抽取", "不可抽取"], rows)


def _inspectors(scenario: Scenario) -> list[str]:
    units: dict[str, Counter[bool]] = {}
    specialties: dict[str, Counter[bool]] = {}
    for person in scenario.inspectors:
        units.setdefault(person.unit, Counter())[person.eligible] += 1
        for specialty in person.specialties or (NO_SPECIALTY,):
            specialties.setdefault(specialty, Counter())[person.eligible] += 1
    eligible = sum(p.eligible for p in scenario.inspectors)
    total = len(scenario.inspectors)
    return [
        f"执法检查人员 (inspectors): 共 {total} 人，可抽取 {eligible} 人（持证且在岗），不可抽取 {total - eligible} 人",
        *("  " + line for line in _by("业务条线", units)),
        "",
        *("  " + line for line in _by("专业领域", specialties)),
    ]


def summarize(scenario: Scenario) -> str:
    """The summary `shuangsui validate` prints for a valid scenario.

    Parameters
    ----------
    scenario
        A loaded scenario.

    Returns
    -------
    str
        Objects by tier x credit class, inspectors by unit and specialty, counts and the digest.
    """
    rules = scenario.rules
    lines = [
        f"场景「{rules.name}」 期间 {rules.period} 随机种子 {rules.seed}",
        "",
        f"检查对象 (objects): 共 {len(scenario.objects)} 个",
        *("  " + line for line in _strata(scenario)),
        "",
        *_inspectors(scenario),
        "",
        f"随机抽查事项 (items): {len(scenario.items)} 项",
        f"回避关系 (conflicts): {len(scenario.conflicts)} 条",
        f"历史检查记录 (history): {len(scenario.history)} 条",
        f"定向抽查 (directed draws): {len(rules.directed)} 个",
        f"输入摘要 (input digest): {scenario.input_digest}",
    ]
    return "\n".join(lines)
