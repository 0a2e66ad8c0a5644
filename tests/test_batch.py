"""`shuangsui batch` on a Dask LocalCluster: a good, a bad-input and an infeasible county are each
reported with the exit code `plan` gives, the batch goes on, the good county's folder holds exactly
what `plan` writes, and 1 or 2 workers give the same summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import SCENARIOS, _run_cli

COUNTIES = ("a-good", "b-bad", "c-infeasible")


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("batch") / "province"
    root.mkdir()
    shutil.copytree(SCENARIOS / "zhaoxian-2025Q1", root / "a-good")
    shutil.copytree(SCENARIOS / "zhaoxian-2025Q1", root / "b-bad")
    objects = root / "b-bad" / "objects.csv"
    lines = objects.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    assert "一般监管对象" in lines[1]
    lines[1] = lines[1].replace("一般监管对象", "一般对象X", 1)
    objects.write_text("".join(lines), encoding="utf-8-sig")
    shutil.copytree(SCENARIOS / "infeasible-missing-specialty", root / "c-infeasible")
    (root / ".hidden").mkdir()  # not a county
    return root


@pytest.fixture(scope="module")
def outputs(province: Path, tmp_path_factory) -> dict[int, tuple[Path, object]]:
    base = tmp_path_factory.mktemp("batch-out")
    runs = {}
    for workers in (2, 1):
        out = base / f"w{workers}"
        runs[workers] = (out, _run_cli("batch", province, "--out", out, "--local-workers", str(workers)))
    return runs


def summary(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_each_county_is_reported_with_its_exit_code_and_the_batch_goes_on(outputs, province: Path) -> None:
    out, run = outputs[2]
    assert run.returncode == 0, run.stderr
    data = summary(out)
    by_folder = {c["folder"]: c for c in data["counties"]}
    assert list(by_folder) == list(COUNTIES)
    assert [by_folder[f]["exit_code"] for f in COUNTIES] == [0, 2, 3]
    assert data["exit_codes"] == {"0": 1, "2": 1, "3": 1}
    bad = by_folder["b-bad"]
    assert bad["status"] == "invalid" and "b-bad/objects.csv 第2行" in bad["error"] and "一般对象X" in bad["error"]
    infeasible = by_folder["c-infeasible"]
    assert infeasible["status"] == "infeasible" and infeasible["conflicts"]
    assert infeasible["suggestions"] and all(s["verified"] for s in infeasible["suggestions"])
    good = by_folder["a-good"]
    assert good["status"] == "optimal" and good["checks"] == 105
    assert {t["tier"]: (t["required"], t["drawn"]) for t in good["tiers"]}["general"] == (66, 66)
    assert good["joint"]["internal_share"] >= good["joint"]["internal_min_share"]
    assert good["utilisation"]["max"] >= good["utilisation"]["median"] > 0
    assert "[2] b-bad" in run.stdout and "[3] c-infeasible" in run.stdout


def test_county_folders_hold_what_plan_writes(outputs, tmp_path: Path) -> None:
    out, _ = outputs[2]
    assert sorted(p.name for p in out.iterdir()) == [
        "a-good",
        "c-infeasible",
        "summary.html",
        "summary.json",
        "summary.xlsx",
    ]
    planned = tmp_path / "plan"
    run = _run_cli("plan", SCENARIOS / "zhaoxian-2025Q1", "--out", planned)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (out / "a-good").iterdir()) == sorted(p.name for p in planned.iterdir())
    for name in ("plan.json", "plan.csv", "plan.xlsx"):  # the files made to be byte-identical per run
        assert (out / "a-good" / name).read_bytes() == (planned / name).read_bytes(), name
    infeasible = _run_cli("plan", SCENARIOS / "infeasible-missing-specialty", "--out", tmp_path / "inf")
    assert infeasible.returncode == 3
    assert sorted(p.name for p in (out / "c-infeasible").iterdir()) == sorted(
        p.name for p in (tmp_path / "inf").iterdir()
    )


def test_one_and_two_workers_give_the_same_summary(outputs) -> None:
    (two, _), (one, run) = outputs[2], outputs[1]
    assert run.returncode == 0, run.stderr
    a, b = summary(one), summary(two)
    assert a["timings"]["cluster_workers"] == 1 and b["timings"]["cluster_workers"] == 2
    del a["timings"], b["timings"]
    assert a == b
    assert (one / "a-good" / "plan.json").read_bytes() == (two / "a-good" / "plan.json").read_bytes()


def test_summary_workbook_and_page(outputs) -> None:
    out, _ = outputs[2]
    book = openpyxl.load_workbook(out / "summary.xlsx")
    assert book.sheetnames == ["各县结果", "各县分类抽查", "问题与修改建议"]
    cells = [str(c.value) for row in book["各县结果"].iter_rows() for c in row]
    assert "c-infeasible" in cells and "不存在可行计划" in cells
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert "2 个县未能生成计划" in html and "b-bad" in html and "data:image/png;base64," in html


def test_a_folder_without_counties_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    run = _run_cli("batch", tmp_path / "empty", "--out", tmp_path / "out")
    assert run.returncode == 2 and "没有场景文件夹" in run.stderr
    assert not (tmp_path / "out").exists()
