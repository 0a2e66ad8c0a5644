"""`shuangsui init DIR` (shuangsui.app.new_scenario): templates without example rows, examples apart."""

from __future__ import annotations

import csv
import subprocess
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook
from shuangsui.app.new_scenario import EXAMPLES, SHEET_ZH, TABLES, templates

CliRun = Callable[..., subprocess.CompletedProcess[str]]
ROOT = Path(__file__).resolve().parent.parent


def test_init_writes_header_only_tables_and_examples_apart(tmp_path: Path, run_cli: CliRun) -> None:
    folder = tmp_path / "zhaoxian-2025Q2"
    run = run_cli("init", folder)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*(f"{t}.csv" for t in TABLES), "scenario.toml", EXAMPLES]
    )
    toml = (folder / "scenario.toml").read_text(encoding="utf-8")
    assert toml == (ROOT / "scenarios" / "templates" / "scenario.toml").read_text(encoding="utf-8")
    assert "# " in toml and "[quota]" in toml  # the commented template
    book = load_workbook(folder / EXAMPLES)
    for table in TABLES:
        template = list(csv.reader((ROOT / "scenarios" / "templates" / f"{table}.csv").open(encoding="utf-8-sig")))
        example = list(
            csv.reader((ROOT / "scenarios" / "templates" / "示例" / f"{table}.csv").open(encoding="utf-8-sig"))
        )
        raw = (folder / f"{table}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel and WPS open it in Chinese
        rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
        assert rows == [template[0]], f"{table}.csv must hold the header only"
        sheet = book[f"{SHEET_ZH[table]}（{table}）"]
        shown = [[("" if v is None else str(v)) for v in r] for r in sheet.iter_rows(values_only=True)]
        assert shown == [template[0], *example[1:]] and len(shown) >= 2, table  # the examples, same header
    assert (templates() / "scenario.toml").is_file()


def test_pasted_examples_validate(tmp_path: Path, run_cli: CliRun) -> None:
    """The examples are a coherent scenario: pasted under the headers, the folder validates."""
    folder = tmp_path / "new"
    assert run_cli("init", folder).returncode == 0
    book = load_workbook(folder / EXAMPLES)
    for table in TABLES:
        rows = [
            [("" if v is None else v) for v in r]
            for r in book[f"{SHEET_ZH[table]}（{table}）"].iter_rows(values_only=True)
        ]
        with (folder / f"{table}.csv").open("w", encoding="utf-8-sig", newline="") as stream:
            csv.writer(stream).writerows(rows)
    run = run_cli("validate", folder)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "校验通过" in run.stdout


def test_fresh_folder_is_empty_not_wrong(tmp_path: Path, run_cli: CliRun) -> None:
    """Validating before pasting says the tables are empty; no example row is taken for data."""
    folder = tmp_path / "new"
    assert run_cli("init", folder).returncode == 0
    run = run_cli("validate", folder)
    assert run.returncode == 2
    assert "objects.csv" in run.stderr and "没有记录" in run.stderr
    assert "91130133MA0D2K5L8W" not in run.stderr  # the example object is nowhere in the data


def test_init_never_overwrites(tmp_path: Path, run_cli: CliRun) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "objects.csv").write_text("mine", encoding="utf-8")
    run = run_cli("init", folder)
    assert run.returncode == 2 and "不为空" in run.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["objects.csv"]
    assert (folder / "objects.csv").read_text(encoding="utf-8") == "mine"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("init", empty).returncode == 0 and (empty / "scenario.toml").exists()
