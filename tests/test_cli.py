"""The command line as a user runs it (data contract, section 4): exit codes, files written, messages.

Every command runs as a real `shuangsui` process, so the entry point, the exit code and the absence
of tracebacks are what a user sees.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from fixtures.scenario_builder import BROKEN
from shuangsui.scenarios.generator import generate

OUTPUTS = {
    "plan.json",
    "plan.xlsx",
    "plan.csv",
    "report.html",
    "feasibility.json",
    "tasks.xlsx",
    "tasks.docx",
    "results-template.xlsx",
}
NO_PLAN_OUTPUTS = {"report.html", "feasibility.json"}
PLAN_FILES = {"plan.json", "plan.xlsx", "plan.csv"}
BROKEN_NAMES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def no_traceback(proc) -> None:
    for stream in (proc.stdout, proc.stderr):
        assert "Traceback" not in stream, stream
        lines = [line for line in stream.splitlines() if line.strip()]
        assert not (lines and re.match(r"^[\w.]+(Error|Exception)\b", lines[-1])), stream


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.fixture(scope="module")
def planned(tmp_path_factory, scenarios_dir: Path, run_cli):
    """`shuangsui plan` of the default scenario: (process, output folder)."""
    out = tmp_path_factory.mktemp("cli") / "out"
    proc = run_cli("plan", scenarios_dir / "zhaoxian-2025Q1", "--out", out)
    return proc, out


# ---------------------------------------------------------------- validate


def test_validate_valid_scenario(run_cli, scenarios_dir: Path, default_scenario) -> None:
    proc = run_cli("validate", scenarios_dir / "zhaoxian-2025Q1")
    assert proc.returncode == 0, proc.stderr
    assert "校验通过" in proc.stdout and "valid" in proc.stdout
    lines = [line.split() for line in proc.stdout.splitlines()]
    assert "检查对象 (objects): 共 500 个" in proc.stdout and "赵县 2025年第一季度" in proc.stdout  # the summary
    assert ["合计", "132", "280", "65", "23", "500"] in lines  # objects by credit class
    assert "执法检查人员 (inspectors): 共 25 人，可抽取 23 人（持证且在岗），不可抽取 2 人" in proc.stdout
    assert default_scenario.input_digest in proc.stdout
    no_traceback(proc)


@pytest.mark.parametrize("name", ["infeasible-capacity", "stress-per-check"])
def test_validate_infeasible_or_gb18030_scenario_is_valid(run_cli, scenarios_dir: Path, name: str) -> None:
    proc = run_cli("validate", scenarios_dir / name)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("name", BROKEN_NAMES)
def test_validate_broken_scenario(run_cli, name: str) -> None:
    proc = run_cli("validate", BROKEN / name)
    assert proc.returncode == 2
    no_traceback(proc)
    text = proc.stdout + proc.stderr
    problems = [line for line in text.splitlines() if line.strip().startswith("- ")]
    assert problems, text
    # every problem names its file; those in a table cell also its row and column
    files = ("objects.csv", "inspectors.csv", "items.csv", "conflicts.csv", "history.csv", "scenario.toml")
    assert all(any(f in line for f in files) for line in problems), problems
    assert any(re.search(r"第\d+行 \(row \d+\) 列「[^」]+」", line) for line in problems), problems


def test_validate_reports_exact_cells(run_cli) -> None:
    proc = run_cli("validate", BROKEN / "gbk_bad_tier")
    assert proc.returncode == 2
    assert "objects.csv 第3行 (row 3) 列「监管类别」" in proc.stderr
    assert "objects.csv 第4行 (row 4) 列「信用风险等级」" in proc.stderr
    assert "重要监管对象" in proc.stderr  # the bad value, decoded from GBK


def test_validate_missing_folder(run_cli, tmp_path: Path) -> None:
    proc = run_cli("validate", tmp_path / "nowhere")
    assert proc.returncode == 2
    no_traceback(proc)


# ---------------------------------------------------------------- plan


def test_plan_writes_all_outputs(planned, default_scenario) -> None:
    proc, out = planned
    assert proc.returncode == 0, proc.stderr
    assert files_in(out) == OUTPUTS
    data = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert data["solver"]["status"] == "optimal"
    assert data["input_digest"] == default_scenario.input_digest
    assert data["seed"] == default_scenario.rules.seed
    assert len(data["checks"]) == 105
    checks = data["checks"]
    # plan.csv: one row per check, in the plan's order, with the plan's ids and groups
    with (out / "plan.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["object_id"], r["draw"], r["mode"], r["inspector_ids"]) for r in rows] == [
        (c["object_id"], c["draw"], c["mode"], ";".join(c["inspector_ids"])) for c in checks
    ]
    # plan.xlsx: the printed plan lists the same objects in the same order, with the period and seed
    book = openpyxl.load_workbook(out / "plan.xlsx", read_only=True)
    assert book.sheetnames == ["抽查计划", "执法小组", "规则执行情况", "分层抽查", "人员工作量", "不可抽对象"]
    sheet = list(book["抽查计划"].iter_rows(values_only=True))
    assert f"随机种子：{data['seed']}" in sheet[1][0] and data["input_digest"] in sheet[1][0]
    assert sheet[2][:3] == ("序号", "检查对象名称", "统一社会信用代码/对象编号")
    assert [row[2] for row in sheet[3:]] == [c["object_id"] for c in checks]
    assert [row[0] for row in sheet[3:]] == list(range(1, 106))
    # feasibility.json: the checker's verdict on this plan
    feasibility = json.loads((out / "feasibility.json").read_text(encoding="utf-8"))
    assert (feasibility["status"], feasibility["plan"], feasibility["checks"]) == ("optimal", True, 105)
    assert feasibility["violations"] == [] and all(rule["ok"] for rule in feasibility["rules"])
    html = (out / "report.html").read_text(encoding="utf-8")
    assert str(data["seed"]) in html and data["input_digest"] in html
    assert str(out) in proc.stdout
    no_traceback(proc)


def test_plan_on_invalid_scenario_writes_nothing(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "new" / "out"
    proc = run_cli("plan", BROKEN / "many_errors", "--out", out)
    assert proc.returncode == 2
    no_traceback(proc)
    assert "第" in proc.stderr and "row" in proc.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # not even the parent, nor a staging folder

    existing = tmp_path / "existing"
    existing.mkdir()
    proc = run_cli("plan", BROKEN / "toml_typos", "--out", existing)
    assert proc.returncode == 2
    assert list(existing.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir()] == ["existing"]


def test_plan_with_invalid_option_writes_nothing(run_cli, scenarios_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for args in (["--seed", "-1"], ["--time-limit", "0"], ["--workers", "x"]):
        proc = run_cli("plan", scenarios_dir / "zhaoxian-2025Q1", "--out", out, *args)
        assert proc.returncode == 2, args
        assert "Traceback" not in proc.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "families"),
    [
        ("infeasible-missing-specialty", {"specialty", "credit_risk_draws"}),
        ("infeasible-annual-cap", {"annual_cap", "credit_risk_draws"}),
    ],
)
def test_plan_on_infeasible_scenario(run_cli, scenarios_dir: Path, tmp_path: Path, name: str, families) -> None:
    out = tmp_path / "out"
    proc = run_cli("plan", scenarios_dir / name, "--out", out)
    assert proc.returncode == 3, proc.stderr
    no_traceback(proc)
    assert files_in(out) == NO_PLAN_OUTPUTS
    for family in families:
        assert f"[{family}]" in proc.stderr, proc.stderr
    feasibility = json.loads((out / "feasibility.json").read_text(encoding="utf-8"))
    assert (feasibility["status"], feasibility["plan"]) == ("infeasible", False)
    assert {c["rule"] for c in feasibility["conflicts"]} == families
    assert "report.html" in proc.stderr


def test_infeasible_plan_into_used_folder_leaves_no_stale_plan(planned, run_cli, scenarios_dir, tmp_path) -> None:
    """Exit 3 into a folder holding an earlier plan: the old plan files go, the user's own files stay."""
    _, earlier = planned
    out = tmp_path / "out"
    shutil.copytree(earlier, out)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    proc = run_cli("plan", scenarios_dir / "infeasible-missing-specialty", "--out", out)
    assert proc.returncode == 3
    assert files_in(out) == NO_PLAN_OUTPUTS | {"notes.txt"}
    feasibility = json.loads((out / "feasibility.json").read_text(encoding="utf-8"))
    assert (feasibility["status"], feasibility["plan"]) == ("infeasible", False)
    assert {c["rule"] for c in feasibility["conflicts"]} == {"credit_risk_draws", "specialty"}


def test_plan_with_tiny_time_limit(run_cli, tmp_path: Path) -> None:
    """5,000 objects in 0.01 s: nothing found, exit 5, the report and feasibility.json say why.

    (In-process tests in test_solve.py cover a solve cut short after a solution: `feasible`.)
    """
    folder = generate(tmp_path / "big", objects=5000, inspectors=150)
    out = tmp_path / "out"
    proc = run_cli("plan", folder, "--out", out, "--time-limit", "0.01")
    no_traceback(proc)
    assert proc.returncode == 5, proc.stderr
    assert files_in(out) == NO_PLAN_OUTPUTS
    assert "在 0.01 秒时限内未找到计划 (no plan within the time limit)；可加大 --time-limit 重试" in proc.stderr
    feasibility = json.loads((out / "feasibility.json").read_text(encoding="utf-8"))
    assert (feasibility["status"], feasibility["plan"], feasibility["conflicts"]) == ("unknown", False, [])


# ---------------------------------------------------------------- check


def test_check_accepts_the_produced_plan(planned, run_cli, scenarios_dir: Path) -> None:
    _, out = planned
    proc = run_cli("check", scenarios_dir / "zhaoxian-2025Q1", out / "plan.json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "未发现违规" in proc.stdout
    no_traceback(proc)


def test_check_finds_a_removed_check(planned, run_cli, scenarios_dir: Path, tmp_path: Path) -> None:
    _, out = planned
    data = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    removed = next(c for c in data["checks"] if c["draw"] == "credit_risk" and c["tier"] == "key")
    data["checks"].remove(removed)
    edited = tmp_path / "plan.json"
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    proc = run_cli("check", scenarios_dir / "zhaoxian-2025Q1", edited)
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "[credit_risk_draws]" in proc.stdout
    no_traceback(proc)


def test_check_finds_an_ineligible_inspector(planned, run_cli, scenarios_dir: Path, tmp_path: Path) -> None:
    _, out = planned
    data = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    offsite = next(c for c in data["checks"] if c["mode"] == "offsite")
    offsite["inspector_ids"] = ["I06"]  # 田涛燕 has no 执法证
    edited = tmp_path / "plan.json"
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    proc = run_cli("check", scenarios_dir / "zhaoxian-2025Q1", edited)
    assert proc.returncode == 4
    assert "I06" in proc.stdout


WRONG_TYPE = (
    '{"contract": 1, "scenario": "x", "period": "2025Q1", "seed": 1, "input_digest": "",'
    ' "solver": {"status": "optimal", "ortools": "9"}, "teams": [], "checks": "many", "undrawable": []}'
)


@pytest.mark.parametrize(
    "content",
    [
        '{"contract": 1, "checks": [',
        "not json at all",
        WRONG_TYPE,
        "[]",
        pytest.param('{"contract": 1, "checks": []}', id="missing-teams"),
    ],
)
def test_check_malformed_plan(run_cli, scenarios_dir: Path, tmp_path: Path, content: str) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(content, encoding="utf-8")
    proc = run_cli("check", scenarios_dir / "zhaoxian-2025Q1", plan)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    no_traceback(proc)
    assert "plan.json" in proc.stderr


def test_check_with_invalid_scenario(planned, run_cli) -> None:
    _, out = planned
    proc = run_cli("check", BROKEN / "many_errors", out / "plan.json")
    assert proc.returncode == 2
    no_traceback(proc)


def test_check_missing_plan_file(run_cli, scenarios_dir: Path, tmp_path: Path) -> None:
    proc = run_cli("check", scenarios_dir / "zhaoxian-2025Q1", tmp_path / "missing.json")
    assert proc.returncode == 2
    no_traceback(proc)


def test_full_quota_with_a_zero_multiplier_is_valid_and_plans_or_says_why(run_cli, scenarios_dir, tmp_path) -> None:
    """`special = 1.0` with multiplier D = 0: valid input; `plan` exits 3 naming the rule (it used to
    crash formatting a Fraction)."""
    folder = tmp_path / "zero"
    shutil.copytree(scenarios_dir / "zhaoxian-2025Q1", folder)
    toml = (folder / "scenario.toml").read_text(encoding="utf-8")
    toml = toml.replace("special = 0.5", "special = 1.0").replace("D = 3.0 }", "D = 0 }")
    (folder / "scenario.toml").write_text(toml, encoding="utf-8")
    assert run_cli("validate", folder).returncode == 0
    proc = run_cli("plan", folder, "--out", tmp_path / "out")
    no_traceback(proc)
    assert proc.returncode == 3, proc.stderr
    assert "[credit_risk_draws]" in proc.stderr and "100%" in proc.stderr


# ---------------------------------------------------------------- a large scenario loaded by the chart helper


def test_a_large_scenario_is_loaded_by_the_chart_helper(tmp_path: Path, scenarios_dir: Path, monkeypatch) -> None:
    """From HELPER_LOADS_FROM bytes the chart helper loads the scenario (and its data warnings) while
    `plan` imports the planner: the same scenario as loaded here, its warnings not computed again."""
    import os

    import shuangsui.models.loading as loading
    from shuangsui.models import data_warnings
    from shuangsui.reports.chart_helper import chart_helper

    from shuangsui.commands import common

    folder = scenarios_dir / "zhaoxian-2025Q1"
    assert common.loading_beside(folder, digest=False) is None  # 86 kB: loaded here
    monkeypatch.setattr(common, "HELPER_LOADS_FROM", 0)
    real = loading.load_scenario

    def recorded(*args, **kwargs):
        (tmp_path / str(os.getpid())).touch()
        return real(*args, **kwargs)

    monkeypatch.setattr(loading, "load_scenario", recorded)  # before the fork: the helper has it too
    with chart_helper(common.loading_beside(folder, digest=False)) as helper:
        loaded = common.load_from(helper.first, folder, digest=False)
        child = helper._process.pid
    assert [p.name for p in tmp_path.iterdir()] == [str(child)]  # loaded in the helper only
    assert loaded == real(folder, digest=False)
    assert id(loaded) in data_warnings._COMPUTED  # remembered from the helper
    assert data_warnings.scenario_warnings(loaded) == data_warnings.scenario_warnings(real(folder, digest=False))


LOADED_BY_HELPER = """
import sys
from shuangsui.commands import common
common.HELPER_LOADS_FROM = 0
sys.argv = ["shuangsui", "plan", {scenario!r}, "--out", {out!r}]
from shuangsui.start import run
run()
"""


def test_an_invalid_large_scenario_is_reported_once(tmp_path: Path) -> None:
    """The helper's load fails; this process loads again to report it: exit 2, every problem listed once."""
    import subprocess
    import sys

    out = tmp_path / "out"
    script = LOADED_BY_HELPER.format(scenario=str(BROKEN / "many_errors"), out=str(out))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    here = subprocess.run(
        [sys.executable, "-m", "shuangsui", "plan", str(BROKEN / "many_errors"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == here.returncode == 2
    no_traceback(proc)
    assert proc.stderr == here.stderr and "第" in proc.stderr
    assert not out.exists()
