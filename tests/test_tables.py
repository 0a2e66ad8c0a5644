"""Reading tables without silent loss (issue 8, items 5-7): CSV quotes, XLSX sheets, ids."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from fixtures.scenario_builder import valid_tables, write_scenario
from shuangsui.models import load_scenario
from shuangsui.models.errors import ScenarioInvalid
from shuangsui.models.xlsx import SheetChoice, read_fast, read_openpyxl

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "zhaoxian-2025Q1"


def problems(folder: Path) -> list[str]:
    with pytest.raises(ScenarioInvalid) as info:
        load_scenario(folder)
    return [str(p) for p in info.value.problems]


def copy_default(tmp_path: Path) -> Path:
    folder = tmp_path / "s"
    folder.mkdir()
    for path in DEFAULT.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


# ---------------------------------------------------------------- CSV quotes


def test_stray_quote_in_last_column_is_an_error_naming_the_row(tmp_path: Path) -> None:
    folder = copy_default(tmp_path)
    path = folder / "inspectors.csv"
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    count = len(lines) - 1
    lines[5] += ',"见备注'  # row 6: a quote opens and never closes
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems(folder)
    assert len(found) == 1 and found[0].startswith("inspectors.csv 第6行"), found
    assert "unbalanced quote" in found[0]
    assert count == 25


def test_quote_closed_rows_later_is_an_error_too(tmp_path: Path) -> None:
    folder = copy_default(tmp_path)
    path = folder / "inspectors.csv"
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    lines[5] += ',"备注'
    lines[9] += ',备注"'  # the quote closes four lines later: rows 7-10 would vanish
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems(folder)
    assert len(found) == 1 and "第6行" in found[0] and "lines 6-10" in found[0], found


def test_quoted_cell_over_two_lines_without_rows_inside_is_kept(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["items"][0]["legal_basis"] = "《大气污染防治法》\n第十九条"
    scenario = load_scenario(write_scenario(tmp_path, tables=tables))
    assert scenario.item_by_id["HJ-01"].legal_basis == "《大气污染防治法》\n第十九条"
    assert len(scenario.items) == 2


# ---------------------------------------------------------------- XLSX sheets


def workbook(path: Path, sheets: list[tuple[str, list[list[object]], str]], active: int) -> Path:
    """An XLSX with (title, rows, state) sheets and the given active tab (written into workbook.xml)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows, state in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    book.save(path)
    with zipfile.ZipFile(path) as old:
        parts = {name: old.read(name) for name in old.namelist()}
    xml = parts["xl/workbook.xml"].decode()
    parts["xl/workbook.xml"] = re.sub(r'activeTab="\d+"', f'activeTab="{active}"', xml).encode()
    with zipfile.ZipFile(path, "w") as new:
        for name, data in parts.items():
            new.writestr(name, data)
    return path


ITEMS = [["item_id", "name", "specialty"], ["HJ-01", "废气", "大气"], ["HJ-02", "废水", "水"]]
OLD_ITEMS = [["item_id", "name", "specialty"], ["OLD-1", "旧事项", "大气"]]


def test_hidden_first_sheet_is_never_read(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    (tmp_path / "items.csv").unlink()
    workbook(tmp_path / "items.xlsx", [("旧名录", OLD_ITEMS, "hidden"), ("事项", ITEMS, "visible")], active=1)
    assert [i.item_id for i in load_scenario(tmp_path).items] == ["HJ-01", "HJ-02"]


def test_hidden_active_sheet_reads_the_only_visible_sheet_with_data(tmp_path: Path) -> None:
    sheets = [("旧名录", OLD_ITEMS, "hidden"), ("空白", [], "visible"), ("事项", ITEMS, "visible")]
    path = workbook(tmp_path / "items.xlsx", sheets, active=0)
    assert read_fast(path)[1][0] == "HJ-01"
    assert read_openpyxl(path)[1][0] == "HJ-01"


def test_several_candidate_sheets_are_refused_naming_them(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    (tmp_path / "items.csv").unlink()
    sheets = [("旧名录", OLD_ITEMS, "hidden"), ("事项A", ITEMS, "visible"), ("事项B", ITEMS, "visible")]
    path = workbook(tmp_path / "items.xlsx", sheets, active=0)
    found = problems(tmp_path)
    assert len(found) == 1 and "「事项A」、「事项B」" in found[0] and "旧名录" not in found[0], found
    with pytest.raises(SheetChoice):
        read_openpyxl(path)


# ---------------------------------------------------------------- ids


@pytest.mark.parametrize("mark", ["\u200b", "\ufeff", "\u00a0", "\u2060", "\u200e"])
def test_invisible_characters_do_not_make_a_second_person(tmp_path: Path, mark: str) -> None:
    tables = valid_tables()
    tables["conflicts"][0]["inspector_id"] = f"I1{mark}"
    tables["inspectors"][1]["name"] = f"李{mark}四" if mark != "\u00a0" else "李四\u00a0"
    scenario = load_scenario(write_scenario(tmp_path, tables=tables))
    assert scenario.conflicts[0].inspector_id == "I1"
    assert scenario.inspector_by_id["I2"].name == "李四"


def test_long_numeric_id_from_excel_is_refused(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["objects"][0]["object_id"] = 911301276683149824  # an 18-digit 统一社会信用代码 as a number
    tables["objects"][1]["object_id"] = 123456789012345  # 15 digits: exact, accepted
    tables["conflicts"][0]["object_id"] = 123456789012345
    write_scenario(tmp_path, tables=tables, xlsx=["objects", "conflicts"])
    found = problems(tmp_path)
    assert len(found) == 1, found
    assert found[0].startswith("objects.xlsx 第2行 (row 2) 列「object_id」") and "文本" in found[0]


def test_scientific_notation_id_from_csv_is_refused(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["objects"][0]["object_id"] = "9.11301E+17"
    found = problems(write_scenario(tmp_path, tables=tables))
    assert any("scientific notation" in p and "第2行" in p for p in found), found
