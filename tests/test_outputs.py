"""Output folders (issue 8, items 2-4): checked before any work, locked, all-or-nothing, any filesystem."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from shuangsui import outputs
from shuangsui.outputs import OutputFolderError, reserved, write_atomically

OLD = {"plan.json": "旧计划\n", "plan.xlsx": "旧表格\n", "report.html": "旧报告\n", "mine.txt": "用户文件\n"}
NEW = {"plan.json": "新计划\n", "plan.xlsx": "新表格\n", "report.html": "新报告\n"}
OWNED = ("plan.json", "plan.xlsx", "plan.csv", "report.html")


def fill(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def contents(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}


def writer(files: dict[str, str]):
    return lambda staging: fill(staging, files)


# ---------------------------------------------------------------- bad --out, before any work


def existing_file(tmp: Path) -> Path:
    (tmp / "out").write_text("x")
    return tmp / "out"


def under_a_file(tmp: Path) -> Path:
    (tmp / "f").write_text("x")
    return tmp / "f" / "sub" / "out"


def virtual(tmp: Path) -> Path:
    return Path("/proc/self/shuangsui-out")


@pytest.mark.parametrize(
    ("make", "reason"),
    [(existing_file, "an existing file"), (under_a_file, "a path under a file"), (virtual, "not writable")],
    ids=["existing-file", "under-a-file", "virtual-filesystem"],
)
def test_bad_out_exits_2_before_solving(run_cli, scenarios_dir: Path, tmp_path: Path, make, reason: str) -> None:
    out = make(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    proc = run_cli("plan", scenarios_dir / "zhaoxian-2025Q1", "--out", out)
    assert proc.returncode == 2, proc.stderr
    assert reason in proc.stderr and "Traceback" not in proc.stderr + proc.stdout
    assert "求解中" not in proc.stderr, "--out must be checked before solving"
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_check_out_dir_names_the_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputFolderError, match=r"f 是文件"):
        outputs.check_out_dir(tmp_path / "f" / "a" / "b")


# ---------------------------------------------------------------- one run's files, never a mix


def test_rerun_replaces_the_set_and_removes_stale_owned_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    fill(out, OLD | {"plan.csv": "旧\n"})
    write_atomically(out, writer(NEW), owned=OWNED)
    assert contents(out) == NEW | {"mine.txt": "用户文件\n"}
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_failed_replacement_restores_the_previous_files(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    fill(out, OLD)
    real = os.replace
    failed: list[str] = []

    def flaky(source, target) -> None:  # the new report.html cannot be moved in, once
        if Path(target) == out / "report.html" and not failed:
            failed.append(str(source))
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(OutputFolderError, match="previous files restored"):
        write_atomically(out, writer(NEW), owned=OWNED)
    assert failed and contents(out) == OLD, "a mix of two runs' files"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_folder_in_the_way_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    fill(out, {"plan.json": "旧计划\n"})
    (out / "report.html").mkdir()
    (out / "report.html" / "keep.txt").write_text("x")
    with pytest.raises(OutputFolderError, match="a folder is in the way"):
        write_atomically(out, writer(NEW), owned=OWNED)
    assert (out / "plan.json").read_text(encoding="utf-8") == "旧计划\n"
    assert (out / "report.html" / "keep.txt").exists()
    assert sorted(p.name for p in out.iterdir()) == ["plan.json", "report.html"]


def test_cross_device_rename_falls_back_to_copy(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    fill(out, OLD)
    calls: list[str] = []

    def cross_device(source, target) -> None:
        calls.append(Path(target).name)
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "replace", cross_device)
    write_atomically(out, writer(NEW), owned=OWNED)
    assert calls, "os.replace was not tried"
    assert contents(out) == NEW | {"mine.txt": "用户文件\n"}
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_failing_writer_leaves_a_new_folder_absent(tmp_path: Path) -> None:
    def broken(staging: Path) -> None:
        (staging / "plan.json").write_text("half")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_atomically(tmp_path / "a" / "out", broken)
    assert list(tmp_path.iterdir()) == []


def test_leftover_staging_of_a_killed_run_is_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    fill(out, OLD)
    (out / f"{outputs.STAGING_PREFIX}dead").mkdir()
    write_atomically(out, writer(NEW), owned=OWNED)
    assert set(contents(out)) == set(NEW) | {"mine.txt"}


# ---------------------------------------------------------------- one run at a time


def test_second_run_into_a_locked_folder_exits_2(run_cli, scenarios_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    fill(out, OLD)
    with reserved(out):  # a first run holds the folder
        proc = run_cli("plan", scenarios_dir / "zhaoxian-2025Q1", "--out", out)
    assert proc.returncode == 2, proc.stderr
    assert "locked by another run" in proc.stderr and "求解中" not in proc.stderr
    assert contents(out) == OLD


def test_lock_is_released_after_the_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_atomically(out, writer(NEW))
    with reserved(out):
        pass
    write_atomically(out, writer(OLD))
    assert contents(out) == OLD
