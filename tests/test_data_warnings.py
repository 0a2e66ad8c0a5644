"""Warnings for data that quietly empties the draw (issue 8, item 9): exit 0, printed and reported."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fixtures.scenario_builder import valid_tables, write_scenario
from shuangsui.models import load_scenario
from shuangsui.models.data_warnings import scenario_warnings, undrawable_warnings
from shuangsui.scenarios.generator import generate

ROOT = Path(__file__).resolve().parents[1]


def codes(folder: Path) -> list[tuple[str, str]]:
    return [(w.code, w.subject) for w in scenario_warnings(load_scenario(folder))]


@pytest.mark.parametrize("name", ["zhaoxian-2025Q1", "stress-1000", "stress-per-check", "stress-tight-radiation"])
def test_bundled_scenarios_raise_no_warning(bundled, name: str) -> None:
    assert scenario_warnings(bundled(name)) == []


def test_a_generated_bureau_raises_no_warning(tmp_path: Path) -> None:
    folder = generate(tmp_path / "g", objects=3000, inspectors=80, style="zh")
    assert codes(folder) == []


def test_specialty_nobody_holds_is_warned_with_the_close_spelling(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["items"][0]["specialty"] = "大气环境"
    found = scenario_warnings(load_scenario(write_scenario(tmp_path, tables=tables)))
    first = found[0]
    assert (first.code, first.subject) == ("specialty_without_inspector", "HJ-01")
    assert "「大气」" in first.message and "2 个对象" in first.message


def test_specialty_held_only_by_an_uncertified_inspector_is_warned(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["inspectors"][2]["specialties"] = "土壤"  # I3, not certified
    tables["items"][1]["specialty"] = "土壤"
    assert ("specialty_without_inspector", "HJ-02") in codes(write_scenario(tmp_path, tables=tables))


@pytest.mark.parametrize("cell", ["大气，水", "大气,水"])
def test_list_cell_with_a_comma_is_warned(tmp_path: Path, cell: str) -> None:
    tables = valid_tables()
    tables["inspectors"][0]["specialties"] = cell
    found = scenario_warnings(load_scenario(write_scenario(tmp_path, tables=tables)))
    comma = [w for w in found if w.code == "list_comma"]
    assert [w.subject for w in comma] == ["I1"] and "；" in comma[0].message and "、" in comma[0].message
    assert not any(w.code == "similar_labels" and "，" in w.subject for w in found)


def test_history_ids_with_a_comma_are_warned(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["history"][0]["inspector_ids"] = "I1,I2"
    assert ("list_comma", "2024Q4 O1") in codes(write_scenario(tmp_path, tables=tables))


def test_names_and_ids_equal_but_for_spaces_case_or_punctuation(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["inspectors"][1]["name"] = "张 三"  # I1 is 张三
    tables["items"][1]["item_id"] = "HJ01"  # HJ-01 exists
    tables["objects"][0]["items"] = "HJ-01;HJ01"
    tables["objects"][2]["items"] = "HJ01"
    tables["objects"][1]["township"] = "赵州"  # O1 is in 赵州镇
    found = codes(write_scenario(tmp_path, tables=tables))
    assert ("similar_labels", "张 三 / 张三") in found
    assert ("similar_labels", "HJ-01 / HJ01") in found
    assert ("similar_labels", "赵州 / 赵州镇") in found


def test_ids_differing_in_one_digit_are_not_warned(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["objects"][0]["object_id"] = "91130133MA0N1HEP3L"
    tables["objects"][1]["object_id"] = "91130133MA0N1HEP4L"
    tables["conflicts"][0]["object_id"] = "91130133MA0N1HEP4L"
    assert codes(write_scenario(tmp_path, tables=tables)) == []


def test_undrawable_share_above_five_percent_of_a_tier(default_scenario) -> None:
    general = [o.object_id for o in default_scenario.objects if o.tier.value == "general"]
    few = general[: len(general) // 20]  # 5 %: not more
    assert undrawable_warnings(default_scenario, few) == []
    found = undrawable_warnings(default_scenario, general[: len(few) + 1])
    assert [(w.code, w.subject) for w in found] == [("undrawable_share", "general")]


@pytest.fixture(scope="module")
def misspelled(tmp_path_factory) -> Path:
    """The default scenario with item HJ-08 needing 大气环境 (inspectors hold 大气)."""
    folder = tmp_path_factory.mktemp("warn") / "s"
    folder.mkdir()
    for path in (ROOT / "scenarios" / "zhaoxian-2025Q1").iterdir():
        data = path.read_bytes()
        if path.name == "items.csv":
            text = data.decode("utf-8-sig")
            data = re.sub(r"^(HJ-08,[^,]*),大气,", r"\1,大气环境,", text, flags=re.M).encode("utf-8-sig")
            assert data != path.read_bytes()
        (folder / path.name).write_bytes(data)
    return folder


def test_validate_prints_warnings_and_exits_0(run_cli, misspelled: Path) -> None:
    proc = run_cli("validate", misspelled)
    assert proc.returncode == 0, proc.stderr
    assert "specialty_without_inspector" in proc.stdout and "大气环境" in proc.stdout
    assert "校验通过" in proc.stdout


def test_plan_reports_warnings_and_undrawable_objects_up_front(run_cli, misspelled: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli("plan", misspelled, "--out", out, "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    assert "specialty_without_inspector" in proc.stderr
    data = json.loads((out / "feasibility.json").read_text(encoding="utf-8"))
    found = {(w["code"], w["subject"]) for w in data["warnings"]}
    assert {("specialty_without_inspector", "HJ-08"), ("undrawable_share", "key")} <= found
    html = (out / "report.html").read_text(encoding="utf-8")
    block = html[html.index('id="data-warnings"') : html.index('id="summary"')]
    assert html.index('id="data-warnings"') < html.index('id="summary"'), "warnings come first"
    undrawable = json.loads((out / "plan.json").read_text(encoding="utf-8"))["undrawable"]
    assert undrawable and all(u["object_id"] in block for u in undrawable)
