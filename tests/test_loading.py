"""Loading features of the data contract (sections 1-3): formats, encodings, headers, cell words."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from fixtures.scenario_builder import VALID_TOML, valid_tables, write_scenario, write_table
from shuangsui.models import Scenario, load_scenario
from shuangsui.models.digest import input_digest
from shuangsui.models.enums import CapCounts, CreditRisk, Draw, Mode, TeamMode, Tier
from shuangsui.models.summary import summarize
from shuangsui.models.xlsx import read_fast, read_openpyxl

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCENARIO = ROOT / "scenarios" / "zhaoxian-2025Q1"


def load(folder: Path, **kwargs: object) -> Scenario:
    return load_scenario(write_scenario(folder, **kwargs))  # type: ignore[arg-type]


def test_valid_scenario_loads_with_digest(tmp_path: Path) -> None:
    scenario = load(tmp_path)
    assert [o.object_id for o in scenario.objects] == ["O1", "O2", "O3"]
    assert scenario.object_by_id["O1"].items == ("HJ-01", "HJ-02")
    assert scenario.object_by_id["O1"].partner_departments == ("市场监管",)
    assert scenario.inspector_by_id["I3"].certified is False
    assert scenario.inspector_by_id["I1"].capacity == 4
    assert scenario.item_by_id["HJ-02"].legal_basis == ""
    assert scenario.conflicts[0].reason == "亲属"
    assert scenario.history[0].inspector_ids == ("I1", "I2")
    assert scenario.history[0].mode is Mode.ONSITE
    assert len(scenario.input_digest) == 64
    assert scenario.input_digest == input_digest(scenario)


def test_accepts_str_path(tmp_path: Path) -> None:
    assert load_scenario(str(write_scenario(tmp_path))).rules.name == "测试场景"


def test_toml_defaults_are_the_contract_values(tmp_path: Path) -> None:
    rules = load(tmp_path).rules
    assert (rules.name, rules.period, rules.seed) == ("测试场景", "2025Q1", 7)
    assert rules.quota.model_dump() == {
        "special": 0.5, "key": 0.25, "general": 0.15, "positive": 1.0,
    }  # fmt: skip
    assert rules.credit_risk.multipliers == {
        CreditRisk.A: 0.5, CreditRisk.B: 1.0, CreditRisk.C: 1.5, CreditRisk.D: 3.0,
    }  # fmt: skip
    assert rules.credit_risk.min_share == 0.80
    assert rules.teams.mode is TeamMode.STANDING
    assert (rules.teams.size, rules.teams.offsite_size, rules.teams.offsite_weight) == (2, 1, 0.25)
    assert (rules.joint.internal_min_share, rules.joint.inter_department_min) == (0.30, 1)
    avoid = rules.avoidance
    assert (avoid.repeat_window, avoid.own_township, avoid.annual_cap) == (1, False, 2)
    assert avoid.annual_cap_counts is CapCounts.ONSITE  # contract v2
    assert rules.directed == ()
    assert (rules.solver.time_limit, rules.solver.workers) == (60, 0)


def test_full_contract_example_toml(tmp_path: Path) -> None:
    toml = (
        VALID_TOML
        + """
[quota]
special = 0.50
key = 0.25
general = 0.15
positive = 1.0
[credit_risk]
multipliers = { A = 0.5, B = 1.0, C = 1.5, D = 3.0 }
min_share = 0.80
[teams]
mode = "per_check"
size = 3
offsite_size = 1
offsite_weight = 0.25
[joint]
internal_min_share = 0.30
inter_department_min = 1
[avoidance]
repeat_window = 2
own_township = true
annual_cap = 2
[[directed]]
name = "涉VOCs行业专项"
industries = ["汽车维修", "包装印刷"]
tiers = ["一般监管对象", "key"]
count = 5
[[directed]]
name = "乡镇专项"
townships = "范庄镇；赵州镇"
count = 0
[solver]
time_limit = 30
workers = 4
"""
    )
    rules = load(tmp_path, toml=toml).rules
    assert rules.teams.mode is TeamMode.PER_CHECK and rules.teams.size == 3
    assert rules.avoidance.own_township is True
    first, second = rules.directed
    assert first.name == "涉VOCs行业专项" and first.count == 5
    assert first.industries == ("包装印刷", "汽车维修")  # order-free lists are sorted
    assert set(first.tiers) == {Tier.GENERAL, Tier.KEY}
    assert second.townships == ("范庄镇", "赵州镇")
    assert rules.solver.workers == 4


def test_multiplier_keys_in_chinese_and_partial(tmp_path: Path) -> None:
    toml = VALID_TOML + '[credit_risk]\nmultipliers = { "高" = 5, a = 0 }\n'
    multipliers = load(tmp_path, toml=toml).rules.credit_risk.multipliers
    assert multipliers[CreditRisk.D] == 5.0
    assert multipliers[CreditRisk.A] == 0.0
    assert multipliers[CreditRisk.B] == 1.0  # not named: default


def test_toml_with_bom_and_full_width_period(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    text = VALID_TOML.replace("2025Q1", "２０２５ｑ１")
    (tmp_path / "scenario.toml").write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert load_scenario(tmp_path).rules.period == "2025Q1"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    scenario = load(tmp_path, encoding=encoding, chinese=["objects", "inspectors"])
    assert scenario.object_by_id["O1"].name == "甲厂"
    assert scenario.inspector_by_id["I2"].unit == "监测站"


def test_utf8_bom_with_english_header(tmp_path: Path) -> None:
    # The BOM must not stick to the first header ("\ufeffobject_id" would be an unknown column).
    scenario = load(tmp_path, encoding="utf-8-sig")
    assert scenario.object_by_id["O1"].township == "赵州镇"


def test_xlsx_tables(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["inspectors"][0]["capacity"] = 4.0  # a float from Excel
    tables["inspectors"][1]["capacity"] = 3  # an int
    tables["objects"][0]["object_id"] = 1001  # an id Excel stored as a number
    tables["objects"][1]["object_id"] = 1002.0
    tables["conflicts"][0]["object_id"] = 1002
    tables["inspectors"][2]["certified"] = False  # an Excel boolean
    tables["objects"][0]["offsite_capable"] = 1
    scenario = load(tmp_path, tables=tables, xlsx=list(tables))
    assert [o.object_id for o in scenario.objects] == ["1001", "1002", "O3"]
    assert scenario.inspector_by_id["I1"].capacity == 4
    assert scenario.inspector_by_id["I3"].certified is False
    assert scenario.object_by_id["1001"].offsite_capable is True
    assert scenario.conflicts[0].object_id == "1002"


def test_xlsx_reads_only_the_first_sheet(tmp_path: Path) -> None:
    write_scenario(tmp_path, xlsx=["items"])
    book = openpyxl.load_workbook(tmp_path / "items.xlsx")
    other = book.create_sheet("说明")
    other.append(["item_id", "name", "specialty"])
    other.append(["X", "x", "x"])
    book.save(tmp_path / "items.xlsx")
    assert [i.item_id for i in load_scenario(tmp_path).items] == ["HJ-01", "HJ-02"]


def test_fast_xlsx_reader_matches_openpyxl(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "n", "f", "b", "text", "empty", "zh"])
    sheet.append([1, 2.5, 3.0, True, " spaced ", None, "中文；列表"])
    sheet.append([])
    sheet["C4"] = "=1+2"
    sheet["G5"] = "只在第五行"
    sheet.append(["末行", None, None, False])
    book.save(tmp_path / "t.xlsx")
    # Trailing empty cells do not count (openpyxl pads rows to the sheet width); a formula
    # without a cached value reads as empty in both.
    assert _trim(read_fast(tmp_path / "t.xlsx")) == _trim(read_openpyxl(tmp_path / "t.xlsx"))


def _trim(rows: list[list[object]]) -> list[list[object]]:
    trimmed = [list(r) for r in rows]
    for row in trimmed:
        while row and row[-1] is None:
            row.pop()
    return trimmed


def test_chinese_and_mixed_headers(tmp_path: Path) -> None:
    tables = valid_tables()
    scenario = load(tmp_path, tables=tables, chinese=["objects", "inspectors", "items",
                                                      "conflicts", "history"])  # fmt: skip
    assert scenario.object_by_id["O1"].tier is Tier.KEY
    mixed = tmp_path / "mixed"
    write_scenario(mixed)
    rows = [{"对象编号" if k == "object_id" else k: v for k, v in r.items()}
            for r in tables["objects"]]  # fmt: skip
    write_table(mixed / "objects.csv", rows)
    assert load_scenario(mixed).input_digest == scenario.input_digest


def test_headers_case_and_spaces_and_extra_columns(tmp_path: Path) -> None:
    tables = valid_tables()
    for row in tables["items"]:
        row[" Item_ID "] = row.pop("item_id")
        row["备注"] = "额外的列"
        row[""] = "无表头的列"
    scenario = load(tmp_path, tables=tables)
    assert [i.item_id for i in scenario.items] == ["HJ-01", "HJ-02"]


def test_list_separators_and_spaces(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["objects"][0]["items"] = " HJ-02 ； HJ-01、;HJ-02 "
    tables["objects"][0]["partner_departments"] = "应急管理、市场监管；;"
    tables["inspectors"][0]["specialties"] = "水 、 大气"
    tables["history"][0]["inspector_ids"] = "I2；I1"
    scenario = load(tmp_path, tables=tables)
    assert scenario.object_by_id["O1"].items == ("HJ-01", "HJ-02")
    # v2: the directory's order of partner departments is kept (the first listed joins checks).
    assert scenario.object_by_id["O1"].partner_departments == ("应急管理", "市场监管")
    assert scenario.inspector_by_id["I1"].specialties == ("大气", "水")
    assert scenario.history[0].inspector_ids == ("I1", "I2")


def test_equal_numbers_and_booleans_in_xlsx_keep_their_own_text(tmp_path: Path) -> None:
    """1, 1.0 and True are equal Python keys; read from XLSX they are different texts."""
    tables = valid_tables()
    for record, cell in zip(tables["objects"], (1, True, "1"), strict=True):
        record["name"] = cell
        record["clue"] = cell
    scenario = load(tmp_path, tables=tables, xlsx=["objects"])
    assert [o.name for o in scenario.objects] == ["1", "true", "1"]
    assert [o.clue for o in scenario.objects] == ["1", "true", "1"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("true", True), ("FALSE", False), ("1", True), ("0", False), ("是", True), ("否", False),
     ("Y", True), ("n", False), ("Yes", True), ("no", False), (" 是 ", True), ("１", True)],
)  # fmt: skip
def test_boolean_words(tmp_path: Path, word: str, expected: bool) -> None:
    tables = valid_tables()
    tables["objects"][0]["confidential"] = word
    tables["inspectors"][0]["available"] = word
    scenario = load(tmp_path, tables=tables)
    assert scenario.object_by_id["O1"].confidential is expected
    assert scenario.inspector_by_id["I1"].available is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("特殊监管对象", Tier.SPECIAL), ("重点监管对象", Tier.KEY), ("一般监管对象", Tier.GENERAL),
     ("正面清单企业", Tier.POSITIVE), ("特殊", Tier.SPECIAL), ("重点", Tier.KEY),
     ("一般", Tier.GENERAL), ("正面清单", Tier.POSITIVE), ("Special", Tier.SPECIAL),
     (" KEY ", Tier.KEY)],
)  # fmt: skip
def test_tier_words(tmp_path: Path, word: str, expected: Tier) -> None:
    tables = valid_tables()
    tables["objects"][0]["tier"] = word
    assert load(tmp_path, tables=tables).object_by_id["O1"].tier is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("低", CreditRisk.A), ("一般", CreditRisk.B), ("较高", CreditRisk.C), ("高", CreditRisk.D),
     ("a", CreditRisk.A), ("Ｄ", CreditRisk.D)],
)  # fmt: skip
def test_credit_risk_words(tmp_path: Path, word: str, expected: CreditRisk) -> None:
    tables = valid_tables()
    tables["objects"][0]["credit_risk"] = word
    assert load(tmp_path, tables=tables).object_by_id["O1"].credit_risk is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("现场检查", Mode.ONSITE), ("科技检查", Mode.OFFSITE), ("现场", Mode.ONSITE),
     ("非现场", Mode.OFFSITE), ("科技", Mode.OFFSITE), ("OFFSITE", Mode.OFFSITE)],
)  # fmt: skip
def test_history_mode_words(tmp_path: Path, word: str, expected: Mode) -> None:
    tables = valid_tables()
    tables["history"][0]["mode"] = word
    assert load(tmp_path, tables=tables).history[0].mode is expected


def test_full_width_ids_and_codes(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["objects"][0]["object_id"] = "Ｏ１"
    tables["objects"][0]["items"] = "ＨＪ－０１；ＨＪ-02"
    tables["inspectors"][0]["inspector_id"] = " Ｉ１ "
    tables["inspectors"][0]["capacity"] = "４"
    tables["conflicts"][0]["inspector_id"] = "Ｉ1"
    tables["history"][0]["period"] = "２０２４Ｑ４"
    scenario = load(tmp_path, tables=tables)
    assert scenario.object_by_id["O1"].items == ("HJ-01", "HJ-02")
    assert scenario.inspector_by_id["I1"].capacity == 4
    assert scenario.conflicts[0].inspector_id == "I1"
    assert scenario.history[0].period == "2024Q4"


def test_empty_optional_cells_take_defaults(tmp_path: Path) -> None:
    tables = valid_tables()
    for field in ("offsite_capable", "clue", "partner_departments", "confidential"):
        tables["objects"][0][field] = "  "
    for field in ("specialties", "certified", "available", "home_township"):
        tables["inspectors"][2][field] = ""
    tables["conflicts"][0]["reason"] = ""
    tables["history"][0]["inspector_ids"] = ""
    scenario = load(tmp_path, tables=tables)
    obj = scenario.object_by_id["O1"]
    assert (obj.offsite_capable, obj.clue, obj.partner_departments, obj.confidential) == (
        False, "", (), False,
    )  # fmt: skip
    person = scenario.inspector_by_id["I3"]
    assert (person.specialties, person.certified, person.available, person.home_township) == (
        (), True, True, "",
    )  # fmt: skip
    assert scenario.conflicts[0].reason == ""
    assert scenario.history[0].inspector_ids == ()


def test_optional_columns_and_files_may_be_absent(tmp_path: Path) -> None:
    tables = valid_tables()
    for row in tables["objects"]:
        for field in ("offsite_capable", "clue", "partner_departments", "confidential"):
            del row[field]
    del tables["conflicts"], tables["history"]
    scenario = load(tmp_path, tables=tables)
    assert scenario.object_by_id["O2"].clue == ""
    assert scenario.conflicts == () and scenario.history == ()


def test_optional_files_with_header_only(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["conflicts"], tables["history"] = [], []
    scenario = load(tmp_path, tables=tables)
    assert scenario.conflicts == () and scenario.history == ()


def test_blank_rows_are_skipped(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    path = tmp_path / "items.csv"
    path.write_text(path.read_text(encoding="utf-8") + ",,,\n\n", encoding="utf-8")
    assert len(load_scenario(tmp_path).items) == 2


def test_file_names_are_found_whatever_their_case(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    (tmp_path / "items.csv").rename(tmp_path / "Items.CSV")
    assert len(load_scenario(tmp_path).items) == 2


def test_records_come_sorted_by_id(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["objects"].reverse()
    tables["inspectors"].reverse()
    scenario = load(tmp_path, tables=tables)
    assert [o.object_id for o in scenario.objects] == ["O1", "O2", "O3"]
    assert [i.inspector_id for i in scenario.inspectors] == ["I1", "I2", "I3"]


def test_summary_in_chinese(tmp_path: Path) -> None:
    scenario = load(tmp_path)
    text = summarize(scenario)
    assert "检查对象 (objects): 共 3 个" in text
    assert "重点监管对象" in text and "合计" in text
    assert "可抽取 2 人" in text and "不可抽取 1 人" in text
    assert "执法大队" in text and "监测站" in text and "大气" in text
    assert "随机抽查事项 (items): 2 项" in text
    assert "回避关系 (conflicts): 1 条" in text and "历史检查记录 (history): 1 条" in text
    assert scenario.input_digest in text
    key_row = next(line for line in text.splitlines() if "重点监管对象" in line)
    assert key_row.split()[1:] == ["0", "0", "1", "0", "1"]  # key x C, total


@pytest.mark.slow
def test_twenty_thousand_objects_load_quickly(tmp_path: Path) -> None:
    tables = valid_tables()
    base = tables["objects"][0]
    tables["objects"] = [
        {**base, "object_id": f"91130{i:08d}", "tier": ["key", "general", "special"][i % 3]} for i in range(20000)
    ]
    tables["conflicts"][0]["object_id"] = "9113000000001"
    write_scenario(tmp_path, tables=tables)
    scenario = load_scenario(tmp_path)
    assert len(scenario.objects) == 20000


def xlsx_chinese_copy(source: Path, target: Path) -> Path:
    """The same scenario saved as XLSX with 中文表头 (rows reversed, for good measure)."""
    import pandas as pd
    from shuangsui.models.tables import SPECS, decode

    target.mkdir()
    (target / "scenario.toml").write_bytes((source / "scenario.toml").read_bytes())
    for spec in SPECS:
        path = source / f"{spec.name}.csv"
        if not path.exists():
            continue
        text = io.StringIO(decode(path.read_bytes()))
        frame = pd.read_csv(text, dtype=str, keep_default_na=False)
        renames = {c.field: c.zh for c in spec.columns}
        frame = frame.rename(columns={h: renames.get(h.strip(), h) for h in frame.columns})
        frame = frame.iloc[::-1]
        frame.to_excel(target / f"{spec.name}.xlsx", index=False)
    return target


def test_xlsx_copy_with_chinese_headers_has_the_same_digest(tmp_path: Path) -> None:
    source = DEFAULT_SCENARIO  # bundled: a deleted folder fails here, it never falls back
    original = load_scenario(source)
    copy = load_scenario(xlsx_chinese_copy(source, tmp_path / "xlsx"))
    assert copy.input_digest == original.input_digest
    assert copy == original


def test_default_scenario_loads() -> None:
    scenario = load_scenario(DEFAULT_SCENARIO)  # bundled: a deleted folder fails, never skips
    assert (len(scenario.objects), len(scenario.inspectors), len(scenario.items)) == (500, 25, 19)
    assert (len(scenario.conflicts), len(scenario.history)) == (10, 215)
    assert "输入摘要" in summarize(scenario)


def test_onsite_required_items_and_annual_cap_counts(tmp_path: Path) -> None:
    """Contract v2: 必须现场检查 (default false) and `annual_cap_counts`."""
    tables = valid_tables()
    for row in tables["items"]:
        row["必须现场检查"] = "是" if row["item_id"] == "HJ-02" else ""
    toml = VALID_TOML + "[avoidance]\nannual_cap_counts = 'all'\n"
    scenario = load(tmp_path, tables=tables, toml=toml)
    assert [i.onsite_required for i in scenario.items] == [False, True]
    assert scenario.rules.avoidance.annual_cap_counts is CapCounts.ALL
    assert scenario.rules.avoidance.counts(Mode.OFFSITE)
    holder = next(o for o in scenario.objects if "HJ-02" in o.items)
    assert scenario.onsite_required(holder)
    assert scenario.check_mode(holder, Draw.CREDIT_RISK) is Mode.ONSITE
    assert scenario.check_mode(holder, Draw.FULL_COVERAGE) is holder.mode
