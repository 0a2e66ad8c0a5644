"""The templates (issue 8, item 10): a freshly pasted folder validates; examples live apart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from shuangsui.models import load_scenario
from shuangsui.models.errors import ScenarioInvalid

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "scenarios" / "templates"
DEFAULT = ROOT / "scenarios" / "zhaoxian-2025Q1"


def test_the_example_folder_is_valid() -> None:
    scenario = load_scenario(TEMPLATES / "示例")
    assert len(scenario.objects) == len(scenario.inspectors) == len(scenario.conflicts) == 1


def test_an_unfilled_copy_names_only_the_tables_to_fill(tmp_path: Path) -> None:
    folder = shutil.copytree(TEMPLATES, tmp_path / "new")
    with pytest.raises(ScenarioInvalid) as info:
        load_scenario(folder)
    assert sorted(p.file for p in info.value.problems) == ["inspectors.csv", "items.csv", "objects.csv"]
    assert all("no records" in p.message for p in info.value.problems)


def test_a_freshly_pasted_folder_validates(tmp_path: Path) -> None:
    """Copy the templates, paste a bureau's three directories under the headers, touch nothing else."""
    folder = shutil.copytree(TEMPLATES, tmp_path / "new")
    for table in ("objects", "inspectors", "items"):
        rows = (DEFAULT / f"{table}.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
        with (folder / f"{table}.csv").open("a", encoding="utf-8", newline="") as stream:
            stream.write("\r\n".join(rows) + "\r\n")
    scenario = load_scenario(folder)
    assert len(scenario.objects) == 500 and scenario.conflicts == () and scenario.history == ()
