"""Writing a scenario folder exactly as the data contract describes it (section 1 and 3).

Two table styles: `zh` (Chinese headers and values, lists joined with 、, 是/否) as a bureau's
spreadsheet export looks, and `en` (code names, `;`, true/false). CSV rows end with CRLF as Excel
writes them; the encoding is UTF-8 with BOM (Excel's "CSV UTF-8"), plain UTF-8 or GB18030.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from shuangsui.models.domain import Scenario, ScenarioRules
from shuangsui.models.enums import CREDIT_RISK_ZH, TIER_ZH, CreditRisk, Mode, Tier


class Style(StrEnum):
    ZH = "zh"
    EN = "en"


# (field, 中文表头) per table, in the contract's order.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "objects": (
        ("object_id", "对象编号"),
        ("name", "单位名称"),
        ("township", "所属乡镇"),
        ("industry", "行业类别"),
        ("tier", "监管类别"),
        ("credit_risk", "信用风险等级"),
        ("offsite_capable", "具备非现场监管条件"),
        ("items", "抽查事项"),
        ("clue", "问题线索"),
        ("partner_departments", "联合监管部门"),
        ("confidential", "涉密"),
    ),
    "inspectors": (
        ("inspector_id", "人员编号"),
        ("name", "姓名"),
        ("unit", "业务条线"),
        ("specialties", "专业领域"),
        ("certified", "持执法证"),
        ("available", "在岗"),
        ("capacity", "季度检查上限"),
        ("home_township", "所在乡镇"),
    ),
    "items": (
        ("item_id", "事项编号"),
        ("name", "事项名称"),
        ("specialty", "所需专业"),
        ("legal_basis", "检查依据"),
        ("onsite_required", "必须现场检查"),
    ),
    "conflicts": (("inspector_id", "人员编号"), ("object_id", "对象编号"), ("reason", "回避原因")),
    "history": (
        ("period", "期间"),
        ("object_id", "对象编号"),
        ("inspector_ids", "检查人员"),
        ("mode", "检查方式"),
    ),
}
TABLES = tuple(COLUMNS)
ENCODINGS = ("utf-8-sig", "utf-8", "gb18030")


def _cell(value: Any, style: Style) -> str:
    """One value as the style writes it."""
    if isinstance(value, bool):
        return ("是" if value else "否") if style is Style.ZH else ("true" if value else "false")
    if isinstance(value, tuple | list):
        return ("、" if style is Style.ZH else ";").join(_cell(v, style) for v in value)
    if style is Style.ZH and isinstance(value, Tier):
        return TIER_ZH[value]
    if style is Style.ZH and isinstance(value, CreditRisk):
        return CREDIT_RISK_ZH[value]
    if style is Style.ZH and isinstance(value, Mode):
        return value.zh
    return str(value)


def table_text(table: str, records: Sequence[BaseModel], style: Style) -> str:
    """The CSV text of one table (header row, then one row per record)."""
    columns = COLUMNS[table]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([zh if style is Style.ZH else name for name, zh in columns])
    for record in records:
        writer.writerow([_cell(getattr(record, name), style) for name, _ in columns])
    return buffer.getvalue()


def write_tables(
    scenario: Scenario,
    folder: Path,
    styles: dict[str, Style],
    encoding: str = "utf-8-sig",
) -> None:
    """objects.csv ... history.csv of the scenario into `folder`."""
    records: dict[str, Sequence[BaseModel]] = {
        "objects": scenario.objects,
        "inspectors": scenario.inspectors,
        "items": scenario.items,
        "conflicts": scenario.conflicts,
        "history": scenario.history,
    }
    for table in TABLES:
        text = table_text(table, records[table], styles[table])
        (folder / f"{table}.csv").write_bytes(text.encode(encoding))


# ---------------------------------------------------------------- scenario.toml


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


# (section, comment, ((key, comment), ...)) in the order of the contract's example.
SECTIONS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "quota",
        "minimum share of each tier checked in the period",
        (
            ("special", ""),
            ("key", ""),
            ("general", "general objects not on the positive list"),
            ("positive", "positive-list enterprises: off-site coverage"),
        ),
    ),
    (
        "credit_risk",
        "",
        (
            ("multipliers", "relative draw rate per credit class"),
            ("min_share", "share of drawn checks that come from the credit-risk strata"),
        ),
    ),
    (
        "teams",
        "",
        (
            ("mode", '"standing": teams fixed for the period; "per_check": a group per check'),
            ("size", "inspectors per on-site check (>= 2)"),
            ("offsite_size", "inspectors per off-site check"),
            ("offsite_weight", "capacity an off-site check uses, relative to an on-site one"),
        ),
    ),
    (
        "joint",
        "",
        (
            ("internal_min_share", "checks done by inspectors of >= 2 units, over all checks"),
            ("inter_department_min", "checks done together with a partner department"),
        ),
    ),
    (
        "avoidance",
        "",
        (
            (
                "repeat_window",
                "an inspector does not check an object he checked in the last N periods",
            ),
            ("own_township", "true: no inspector checks objects of his home township"),
            ("annual_cap", "at most N on-site checks of one object per calendar year, history included"),
            ("annual_cap_counts", 'v2: "onsite" (default) or "all" (off-site checks count too)'),
        ),
    ),
)
SOLVER = (("time_limit", "seconds"), ("workers", "0 = all cores"))
DOCUMENT = (("bureau", "issuing bureau"), ("issued", "issuing date of the annual plan"))
DIRECTED_KEYS = ("industries", "townships", "tiers")


def _value(value: Any) -> str:
    """A TOML value: 60 not 60.0, strings quoted, the credit multipliers as an inline table."""
    if isinstance(value, dict):
        pairs = ", ".join(f"{getattr(k, 'value', k)} = {_value(v)}" for k, v in value.items())
        return "{ " + pairs + " }"
    if isinstance(value, float) and value.is_integer() and abs(value) >= 10:
        return str(int(value))
    return _toml(value)


def _line(key: str, value: Any, comment: str = "") -> str:
    text = f"{key} = {_value(value)}"
    return f"{text:<33} # {comment}" if comment else text


def _section(name: str, comment: str, model: BaseModel, keys: tuple[tuple[str, str], ...]) -> list:
    head = f"[{name}]"
    lines = [f"{head:<33} # {comment}" if comment else head]
    return lines + [_line(key, getattr(model, key), note) for key, note in keys]


def rules_toml(rules: ScenarioRules, header: Sequence[str] = ()) -> str:
    """scenario.toml in the layout of the contract's example, comments included."""
    lines = [
        *(f"# {h}" for h in header),
        _line("name", rules.name),
        _line("period", rules.period, "YYYYQn"),
        _line("seed", rules.seed, "public seed of the draw"),
    ]
    for name, comment, keys in SECTIONS:
        lines += ["", *_section(name, comment, getattr(rules, name), keys)]
    for block in rules.directed:
        lines += ["", f"{'[[directed]]':<33} # directed draw (定向抽查)", _line("name", block.name)]
        lines += [_line(k, [str(v) for v in getattr(block, k)]) for k in DIRECTED_KEYS if getattr(block, k)]
        lines.append(_line("count", block.count))
    lines += ["", *_section("solver", "", rules.solver, SOLVER)]
    if rules.document.bureau or rules.document.issued:
        lines += ["", f"{'[document]':<33} # issuer of the formal documents (not a planning rule)"]
        lines += [_line(k, getattr(rules.document, k), note) for k, note in DOCUMENT if getattr(rules.document, k)]
    return "\n".join(lines) + "\n"
