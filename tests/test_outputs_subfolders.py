"""shuangsui/outputs.py with sub-folders (shuangsui year writes one per quarter): replaced as a whole, never mixed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from shuangsui.outputs import write_atomically


def _write(files: dict[str, str]) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")

    return write


def test_subfolders_are_replaced_and_stale_ones_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_atomically(out, _write({"a.json": "1", "2025Q1/plan.json": "old", "2025Q1/extra.txt": "x", "2025Q2/p": "2"}))
    write_atomically(out, _write({"a.json": "2", "2025Q1/plan.json": "new"}), owned=("2025Q1", "2025Q2", "a.json"))
    assert (out / "a.json").read_text() == "2"
    assert sorted(p.name for p in (out / "2025Q1").iterdir()) == ["plan.json"]
    assert (out / "2025Q1" / "plan.json").read_text() == "new"
    assert not (out / "2025Q2").exists()


def test_failure_leaves_the_folder_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_atomically(out, _write({"2025Q1/plan.json": "kept"}))

    def broken(folder: Path) -> None:
        (folder / "2025Q1").mkdir()
        raise RuntimeError("writer failed")

    with pytest.raises(RuntimeError):
        write_atomically(out, broken, owned=("2025Q1",))
    assert (out / "2025Q1" / "plan.json").read_text() == "kept"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
