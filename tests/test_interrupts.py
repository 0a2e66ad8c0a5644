"""Ctrl-C and SIGTERM during a solve (issue 8, item 1): real signals sent to a real `shuangsui` process.

Each run is stopped while CP-SAT is searching (after the command printed that it is solving a
4,000-object scenario, whose solve takes seconds). The process must exit 130 (SIGINT) or 143
(SIGTERM), leave the pre-existing `--out` files byte for byte, and leave no staging folder.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, _cli_command
from shuangsui.models.loading import load_scenario
from shuangsui.scenarios.generator import generate
from shuangsui.scheduler.pipeline import solve

pytestmark = pytest.mark.slow

PREVIOUS = {"plan.json": "一次旧运行的计划\n", "notes.txt": "用户自己的文件\n"}


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("interrupt") / "g4000", objects=4000, inspectors=60)


def used_folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    for name, text in PREVIOUS.items():
        (out / name).write_text(text, encoding="utf-8")
    return out


def interrupt(args: list[str], started: str, signum: int) -> tuple[int, str]:
    """Run `shuangsui ARGS`, send `signum` once `started` appears on stderr; (exit code, stderr)."""
    proc = subprocess.Popen(
        [*_cli_command(), *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    seen = ""
    deadline = time.monotonic() + 120
    while started not in seen:
        char = proc.stderr.read(1)
        assert char and time.monotonic() < deadline, f"never started: {seen!r}"
        seen += char
    time.sleep(0.3)  # well inside the search
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, seen + err + out


def assert_untouched(out: Path) -> None:
    assert [p.name for p in out.parent.iterdir()] == ["out"], "staging folder left beside --out"
    assert {p.name for p in out.iterdir()} == set(PREVIOUS), "staging folder or new file left in --out"
    for name, text in PREVIOUS.items():
        assert (out / name).read_text(encoding="utf-8") == text


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_plan_stops_on_signal(big: Path, tmp_path: Path, signum: int, code: int) -> None:
    out = used_folder(tmp_path)
    args = ["plan", str(big), "--out", str(out), "--workers", "1"]
    returncode, stderr = interrupt(args, "求解中", signum)
    assert returncode == code, stderr
    assert "Traceback" not in stderr
    assert stderr.count("已中断") == 1 and signal.Signals(signum).name in stderr
    assert_untouched(out)


def test_plan_into_new_folder_stops_without_creating_it(big: Path, tmp_path: Path) -> None:
    out = tmp_path / "new" / "out"
    returncode, stderr = interrupt(["plan", str(big), "--out", str(out), "--workers", "1"], "求解中", signal.SIGINT)
    assert returncode == 130, stderr
    assert list(tmp_path.rglob("*")) == [], "the folders made for --out must go again"


def test_compare_stops_on_sigint(big: Path, tmp_path: Path) -> None:
    out = used_folder(tmp_path)
    args = ["compare", str(big), str(big), "--out", str(out), "--workers", "1"]
    returncode, stderr = interrupt(args, "[1/2]", signal.SIGINT)
    assert returncode == 130, stderr
    assert "Traceback" not in stderr
    assert_untouched(out)


def test_compare_stops_its_rule_differences_child(big: Path, tmp_path: Path) -> None:
    """Two rules apart on the same directories: a child solves each rule alone beside the scenarios'
    own solves (`shuangsui compare`). Ctrl-C stops it too, and nothing is written."""
    apart = tmp_path / "apart"
    shutil.copytree(big, apart)
    toml = apart / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    assert "size = 2 " in text and "internal_min_share = 0.3 " in text
    toml.write_text(
        text.replace("size = 2 ", "size = 3 ").replace("internal_min_share = 0.3 ", "internal_min_share = 0.2 ")
    )
    (tmp_path / "run").mkdir()
    out = used_folder(tmp_path / "run")
    args = ["compare", str(big), str(apart), "--out", str(out), "--workers", "1"]
    returncode, stderr = interrupt(args, "[1/2]", signal.SIGINT)
    assert returncode == 130, stderr
    assert "Traceback" not in stderr
    assert_untouched(out)
    time.sleep(0.5)
    left = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
    assert str(out) not in left, "a child of compare outlived it"


def test_sweep_stops_on_sigterm(big: Path, tmp_path: Path) -> None:
    out = used_folder(tmp_path)
    args = ["sweep", str(big), "--team-size", "2,3", "--out", str(out), "--workers", "1"]
    returncode, stderr = interrupt(args, "[1/2]", signal.SIGTERM)
    assert returncode == 143, stderr
    assert "Traceback" not in stderr
    assert_untouched(out)


@pytest.fixture(scope="module")
def big_plan(big: Path, tmp_path_factory) -> Path:
    """The big scenario's plan.json, as `plan` writes it, for the commands that replay or change a plan:
    solved here without the uniqueness proofs (they change no plan) and without the other outputs."""
    result = solve(load_scenario(big), workers=1, prove_uniqueness=False)
    assert result.plan is not None
    path = tmp_path_factory.mktemp("big-plan") / "plan.json"
    path.write_text(result.plan.to_json(), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["verify", "recuse", "year"])
def test_added_commands_stop_on_sigint(big: Path, big_plan: Path, tmp_path: Path, command: str) -> None:
    """Every command that solves (replay, recusal, the year) stops cleanly, writing nothing."""
    out = used_folder(tmp_path)
    first = next(c for c in json.loads(big_plan.read_text())["checks"] if c["mode"] == "onsite")
    args = {
        "verify": (["verify", str(big), str(big_plan)], "重放中"),
        "recuse": (["recuse", str(big), str(big_plan), "--inspector", first["inspector_ids"][0],
                    "--unavailable", "--out", str(out)], "改派中"),
        "year": (["year", str(big), "--out", str(out), "--workers", "1"], "求解中"),
    }[command]  # fmt: skip
    returncode, stderr = interrupt(*args, signal.SIGINT)
    assert returncode == 130, stderr
    assert "Traceback" not in stderr and stderr.count("已中断") == 1
    assert_untouched(out)


START_STOPPED = """
import os, signal, sys

class StopWhileLoading:  # a Ctrl-C that comes while the command line's modules load
    def find_spec(self, name, path=None, target=None):
        if name == "shuangsui.commands":
            os.kill(os.getpid(), signal.{signal})
        return None

sys.meta_path.insert(0, StopWhileLoading())
sys.argv = ["shuangsui", "plan", {scenario!r}, "--out", {out!r}]
from shuangsui.start import run
run()
"""


@pytest.mark.parametrize(("signum", "code"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_stop_while_the_command_line_loads_exits_quietly(tmp_path: Path, signum: str, code: int) -> None:
    """The console script's first ~0.35 s (imports, before a command takes the signals over): exit 130 /
    143 with the one line, no KeyboardInterrupt traceback, nothing written."""
    out = used_folder(tmp_path)
    script = START_STOPPED.format(signal=signum, scenario=str(ROOT / "scenarios" / "zhaoxian-2025Q1"), out=str(out))
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == code, run.stderr
    assert run.stderr == f"已中断 ({signum}, interrupted)：已停止，输出目录未改动 (stopped; --out left unchanged)\n"
    assert_untouched(out)


def test_the_console_script_and_python_m_shuangsui_run_the_command_line() -> None:
    for command in ([*_cli_command(), "--version"], [sys.executable, "-m", "shuangsui", "--version"]):
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert run.returncode == 0 and run.stdout.startswith("shuangsui, version"), (command, run.stderr)
