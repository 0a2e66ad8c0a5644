"""Commands that never solve or draw do not import OR-Tools or matplotlib (issue 15: fast where the user waits).

Each case runs the real command line in a fresh interpreter and lists the heavy modules it loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Runs `shuangsui ARGS...` in this interpreter, then prints the exit code and the heavy modules loaded.
PROBE = """
import json, sys
from shuangsui.cli import main
code = 0
try:
    main(sys.argv[1:], standalone_mode=True)
except SystemExit as stop:
    code = stop.code or 0
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"ortools", "matplotlib", "pandas"})
print(json.dumps({"code": code, "heavy": loaded}), file=sys.stderr)
"""


def probe(*args: str) -> tuple[dict, str]:
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    report = json.loads(run.stderr.strip().splitlines()[-1])
    return report, run.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--help",), "双随机、一公开抽查计划"),
        (("plan", "--help"), "--allow-below-minimum"),
        (("validate", "--help"), "validate"),
        (("validate", "scenarios/zhaoxian-2025Q1"), "校验通过"),
    ],
)
def test_no_solver_or_charts_imported(args: tuple[str, ...], expected: str) -> None:
    report, out = probe(*args)
    assert report["code"] == 0 and expected in out
    assert report["heavy"] == []


def test_the_probe_sees_heavy_imports(tmp_path: Path) -> None:
    """The probe is not blind: `plan` solves, and its process has OR-Tools loaded."""
    report, out = probe("plan", "scenarios/zhaoxian-2025Q1", "--out", str(tmp_path / "out"))
    assert report["code"] == 0 and "已生成计划" in out
    assert "ortools" in report["heavy"]


def test_plan_solves_without_importing_pandas(tmp_path: Path) -> None:
    """OR-Tools' cp_model imports pandas (~0.3 s) for helpers `plan` never calls: it is not loaded."""
    report, out = probe("plan", "scenarios/zhaoxian-2025Q1", "--out", str(tmp_path / "out"))
    assert report["code"] == 0 and "已生成计划" in out
    assert report["heavy"] == ["ortools"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("compare", "scenarios/zhaoxian-2025Q1"), "compare.html"),
        (("sweep", "scenarios/zhaoxian-2025Q1", "--team-size", "3,4", "--capacity-scale", "1.0"), "sweep.html"),
    ],
)
def test_compare_and_sweep_draw_their_charts_in_the_child(args: tuple[str, ...], expected: str, tmp_path: Path) -> None:
    """The chart child forked at the start imports matplotlib; the solving process never does."""
    out = tmp_path / "out"
    report, _ = probe(*args, "--out", str(out))
    assert report["code"] == 0 and report["heavy"] == ["ortools"]
    page = (out / expected).read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") >= 2


# cp_model imported through the hook, then its pandas helpers used: they get the real pandas.
HELPERS = """
import sys
import shuangsui.scheduler
from ortools.sat.python import cp_model
assert "pandas" not in sys.modules
import pandas as pd
model = cp_model.CpModel()
series = model.new_int_var_series("x", pd.Index(["a", "b"]), 0, 5)
assert isinstance(series, pd.Series) and list(series.index) == ["a", "b"]
model.add(series.sum() == 7)
solver = cp_model.CpSolver()
assert solver.solve(model) == cp_model.OPTIMAL and sum(solver.values(series)) == 7
print("ok")
"""


def test_cp_models_pandas_helpers_still_work() -> None:
    run = subprocess.run([sys.executable, "-c", HELPERS], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr


def test_writers_are_imported_only_when_writing() -> None:
    """`plan` solves with the use case imported; the writers' libraries (Jinja2, XlsxWriter, python-docx,
    ~0.2 s) are imported when writing, after the charts went to the child (off the critical path)."""
    code = "import sys, shuangsui.app.plan; print(sorted({'jinja2', 'xlsxwriter', 'docx'} & set(sys.modules)))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0 and run.stdout.strip() == "[]", run.stdout + run.stderr


# Runs `shuangsui ARGS...` and prints which writers were loaded when the first CP-SAT pipeline started.
SOLVE_PROBE = """
import json, sys
import shuangsui.scheduler as scheduler
import shuangsui.scheduler.pipeline as pipeline
first = []
real = pipeline.solve
def solve(*args, **kwargs):
    if not first:
        first.append(sorted(m for m in ("jinja2", "xlsxwriter", "docx", "matplotlib") if m in sys.modules))
    return real(*args, **kwargs)
pipeline.solve = scheduler.solve = solve
from shuangsui.cli import main
code = 0
try:
    main(sys.argv[1:], standalone_mode=True)
except SystemExit as stop:
    code = stop.code or 0
print(json.dumps({"code": code, "loaded": first[0] if first else None}), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ("plan", "scenarios/zhaoxian-2025Q1"),
        ("compare", "scenarios/zhaoxian-2025Q1", "scenarios/stress-per-check"),
        ("sweep", "scenarios/zhaoxian-2025Q1", "--team-size", "3,4"),
    ],
)
def test_writers_are_imported_after_the_solve_starts(args: tuple[str, ...], tmp_path: Path) -> None:
    """The workbook, page and Word writers (XlsxWriter, jinja2, python-docx) load once there is
    something to write: their imports are not in front of the solve."""
    run = subprocess.run(
        [sys.executable, "-c", SOLVE_PROBE, *args, "--out", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip
    report = json.loads(run.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, run.stderr
    assert report["loaded"] == []


# Runs `shuangsui ARGS...` and prints, for each chart helper forked, whether OR-Tools was loaded then.
FORK_PROBE = """
import json, sys
import shuangsui.reports.background as background
from shuangsui.commands import common
common.HELPER_LOADS_FROM = int(sys.argv.pop(1))
at_fork = []
real = background._start
def start(target, payload, duplex):
    if target is background._serve:
        at_fork.append("ortools" in sys.modules)
    return real(target, payload, duplex)
background._start = start
from shuangsui.cli import main
code = 0
try:
    main(sys.argv[1:], standalone_mode=True)
except SystemExit as stop:
    code = stop.code or 0
print(json.dumps({"code": code, "ortools_at_fork": at_fork}), file=sys.stderr)
"""


@pytest.mark.parametrize(("loads_from", "before"), [(0, True), (10**9, False)])
def test_plan_forks_its_chart_helper_before_importing_or_tools_when_it_loads(
    tmp_path: Path, loads_from: int, before: bool
) -> None:
    """A helper that loads the scenario does so while this process imports OR-Tools (~0.13 s): making
    searches stoppable (`interrupts`) does not import it first. A small scenario's helper is forked after
    the import (`commands.plan.helper_first`)."""
    args = [str(loads_from), "plan", "scenarios/zhaoxian-2025Q1", "--out", str(tmp_path / "out")]
    run = subprocess.run(
        [sys.executable, "-c", FORK_PROBE, *args], capture_output=True, text=True, cwd=ROOT, timeout=300, check=False
    )
    report = json.loads(run.stderr.strip().splitlines()[-1])
    assert report == {"code": 0, "ortools_at_fork": [not before]}, run.stderr
