"""Adjustments (调整): what changed between a published annual plan and the new one, and why.

Both sides are year.json figures (`annual_figures`), so an adjustment can be made against any
published version that was written by `shuangsui year`. "What" compares the rules that the
documents publish (quotas, rates, team size, joint minimums, directed blocks), the planned counts
per quarter and tier, the teams per quarter and the item list; "why" compares the inputs (scenario
rules, directory populations, enforcement staff per unit, items, history, seed).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shuangsui.models.enums import TIER_ZH, Tier
from shuangsui.models.errors import EXIT_INVALID, ShuangsuiError

YEAR_JSON = "year.json"
AREA_ZH = {"rules": "抽查比例与规则", "counts": "季度抽查数量", "teams": "执法小组", "items": "抽查事项"}
RULE_ZH = {
    "quota.special": "特殊监管对象抽查比例",
    "quota.key": "重点监管对象抽查比例",
    "quota.general": "一般监管对象抽查比例",
    "quota.positive": "正面清单企业覆盖比例",
    "credit_min_share": "信用风险分类抽查占比下限",
    "team_mode": "组队方式",
    "team_size": "现场检查每组人数",
    "offsite_size": "科技检查每次人数",
    "offsite_weight": "科技检查工作量折算系数",
    "internal_min_share": "内部联合抽查占比下限",
    "inter_department_min": "每季度部门联合抽查下限",
    "repeat_window": "同一人员不重复检查间隔（季度）",
    "own_township": "本乡镇回避",
    "annual_cap": "同一对象年度检查上限",
    "annual_cap_counts": "年度上限计数范围",
    "directed": "定向抽查",
}
for _risk in "ABCD":
    RULE_ZH[f"multipliers.{_risk}"] = f"信用风险等级{_risk}抽查倍率"


class PreviousInvalid(ShuangsuiError):
    """--previous does not hold a readable year.json."""

    exit_code = EXIT_INVALID


def load_previous(folder: Path, year: int | None = None) -> dict[str, Any]:
    """The year.json of a published version (error with the path when it is missing or unreadable,
    or when it is the plan of another year than `year`)."""
    path = Path(folder) / YEAR_JSON
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PreviousInvalid(
            f"{path}: 找不到已发布版本的 year.json (--previous needs a `shuangsui year` output folder)"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise PreviousInvalid(f"{path}: 无法读取 (unreadable year.json): {err}") from None
    if not isinstance(data, dict) or not {"rules", "tiers", "quarters", "items", "inputs"} <= set(data):
        raise PreviousInvalid(f"{path}: 不是 shuangsui year 写出的 year.json (missing keys)")
    if year is not None and data.get("year") != year:
        raise PreviousInvalid(
            f"{path}: 已发布版本是 {data.get('year')} 年的计划，本次为 {year} 年；调整说明只比较同一年度的版本 "
            f"(--previous is the plan of {data.get('year')}, not {year})"
        )
    return data


def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(_flat(value, f"{prefix}{key}."))
        return out
    return {prefix.rstrip("."): data}


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return "、".join(_text(v) for v in value) or "—"
    if isinstance(value, dict):
        return "；".join(f"{k} {_text(v)}" for k, v in value.items()) or "—"
    return str(value)


PERCENT_KEYS = ("quota.", "credit_min_share", "internal_min_share", "credit_risk.min_share", "joint.internal_min_share")
# scenario.toml keys (as in inputs.rules) -> the names of RULE_ZH.
TOML_KEYS = {
    "teams.mode": "team_mode",
    "teams.size": "team_size",
    "teams.offsite_size": "offsite_size",
    "teams.offsite_weight": "offsite_weight",
    "joint.internal_min_share": "internal_min_share",
    "joint.inter_department_min": "inter_department_min",
    "credit_risk.min_share": "credit_min_share",
    "avoidance.repeat_window": "repeat_window",
    "avoidance.own_township": "own_township",
    "avoidance.annual_cap": "annual_cap",
    "avoidance.annual_cap_counts": "annual_cap_counts",
}


def _rule_text(key: str, value: Any) -> Any:
    """Shares as percentages (0.15 -> 15%), everything else as is."""
    if isinstance(value, int | float) and not isinstance(value, bool) and key.startswith(PERCENT_KEYS):
        return f"{value * 100:g}%"
    return value


def _rule_zh(key: str) -> str:
    """The Chinese name of a scenario.toml key, with the key itself."""
    name = RULE_ZH.get(TOML_KEYS.get(key, key)) or RULE_ZH.get(key.replace("credit_risk.", "", 1))
    return f"{name}（{key}）" if name else f"scenario.toml {key}"


def _change(area: str, subject: str, before: Any, after: Any) -> dict[str, Any]:
    return {
        "area": area,
        "area_zh": AREA_ZH[area],
        "subject": subject,
        "before": _text(before),
        "after": _text(after),
    }


def _rule_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    a, b = (
        _flat({k: v for k, v in old.items() if k != "directed"}),
        _flat({k: v for k, v in new.items() if k != "directed"}),
    )
    out = [
        _change("rules", RULE_ZH.get(k, k), _rule_text(k, a.get(k)), _rule_text(k, b.get(k)))
        for k in sorted(set(a) | set(b))
        if a.get(k) != b.get(k)
    ]

    def blocks(rules: dict[str, Any]) -> list[str]:
        return [f"{d['name']} {d['count']} 家" for d in rules.get("directed", [])]

    if blocks(old) != blocks(new):
        out.append(_change("rules", RULE_ZH["directed"], blocks(old), blocks(new)))
    return out


def _count_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    def index(f: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
        return {(r["period"], r["tier"]): r for r in f["tiers"]}

    a, b = index(old), index(new)
    out = []
    for key in sorted(set(a) | set(b)):
        before, after = a.get(key), b.get(key)
        shown = [(r["required"], r["planned"]) if r else None for r in (before, after)]
        if shown[0] != shown[1]:
            period, tier = key
            out.append(
                _change(
                    "counts",
                    f"{period} {TIER_ZH[Tier(tier)]}",
                    f"应抽 {before['required']}，计划 {before['planned']}" if before else "未规划",
                    f"应抽 {after['required']}，计划 {after['planned']}" if after else "未规划",
                )
            )
    return out


def _team_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    a = {q["period"]: q["teams"] for q in old["quarters"] if q["status"] in ("optimal", "feasible")}
    b = {q["period"]: q["teams"] for q in new["quarters"] if q["status"] in ("optimal", "feasible")}
    return [
        _change("teams", f"{p} 执法小组数", a.get(p), b.get(p)) for p in sorted(set(a) | set(b)) if a.get(p) != b.get(p)
    ]


def _item_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    a = {i["item_id"]: i for i in old["items"]}
    b = {i["item_id"]: i for i in new["items"]}
    out = []
    for item_id in sorted(set(a) | set(b)):
        before, after = a.get(item_id), b.get(item_id)
        if before is None or after is None:
            out.append(
                _change(
                    "items",
                    f"{item_id} {(after or before)['name']}",
                    "列入" if before else "未列入",
                    "列入" if after else "移出清单",
                )
            )
        elif (before["name"], before["legal_basis"], before["modes"]) != (
            after["name"],
            after["legal_basis"],
            after["modes"],
        ):
            out.append(
                _change(
                    "items",
                    f"{item_id} 名称、依据或检查方式",
                    f"{before['name']}；{before['legal_basis']}",
                    f"{after['name']}；{after['legal_basis']}",
                )
            )
    return out


INPUT_ZH = {
    "seed": "公开随机种子",
    "objects": "检查对象总数",
    "inspectors": "执法人员总数",
    "eligible_inspectors": "持证在岗执法人员数",
    "history_rows": "已完成检查记录（history）条数",
    "items": "抽查事项清单",
}


Row = tuple[str, Any, Any]  # a differing input: name, before, after


def _rule_reasons(old: dict[str, Any], new: dict[str, Any]) -> list[Row]:
    a_rules, b_rules = _flat(old["rules"]), _flat(new["rules"])
    return [
        (_rule_zh(key), _rule_text(key, a_rules.get(key)), _rule_text(key, b_rules.get(key)))
        for key in sorted(set(a_rules) | set(b_rules))
        if a_rules.get(key) != b_rules.get(key)
    ]


def _count_reasons(old: dict[str, Any], new: dict[str, Any]) -> list[Row]:
    return [
        (INPUT_ZH[key], old.get(key), new.get(key))
        for key in ("seed", "objects", "inspectors", "eligible_inspectors", "history_rows", "items")
        if old.get(key) != new.get(key)
    ]


def _population_reasons(old: dict[str, Any], new: dict[str, Any]) -> list[Row]:
    rows = []
    for stratum in sorted(set(old["population"]) | set(new["population"])):
        before, after = old["population"].get(stratum, 0), new["population"].get(stratum, 0)
        if before != after:
            tier, risk = stratum.split("/")
            rows.append((f"{TIER_ZH[Tier(tier)]}·信用等级{risk} 对象数", before, after))
    return rows


def _unit_reasons(old: dict[str, Any], new: dict[str, Any]) -> list[Row]:
    rows = []
    for unit in sorted(set(old["units"]) | set(new["units"])):
        before, after = old["units"].get(unit), new["units"].get(unit)
        if before != after:
            show = [f"{u['inspectors']} 人，能力 {u['capacity']} 人次" if u else "无" for u in (before, after)]
            rows.append((f"{unit} 执法力量", *show))
    return rows


def _reasons(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The inputs that differ (each a row: input, before, after)."""
    rows = [
        *_rule_reasons(old, new),
        *_count_reasons(old, new),
        *_population_reasons(old, new),
        *_unit_reasons(old, new),
    ]
    if not rows and old.get("input_digest") != new.get("input_digest"):
        rows.append(("输入数据（名录库其他字段）", old.get("input_digest", "")[:12], new.get("input_digest", "")[:12]))
    return [
        {"input": name, "input_zh": name, "before": _text(before), "after": _text(after)}
        for name, before, after in rows
    ]


def adjustment(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What changed against the published version `old`, and which inputs changed (the reasons)."""
    changes = _rule_changes(old["rules"], new["rules"])
    changes += _count_changes(old, new) + _team_changes(old, new) + _item_changes(old, new)
    return {
        "previous": {
            "scenario": old.get("scenario"),
            "year": old.get("year"),
            "issued": (old.get("document") or {}).get("issued"),
            "input_digest": old["inputs"].get("input_digest"),
            "seed": old.get("seed"),
        },
        "changes": changes,
        "reasons": _reasons(old["inputs"], new["inputs"]),
    }
