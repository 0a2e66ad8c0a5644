"""benchmarks/speed.py measures the whole `shuangsui plan` command against its solve (issue 15).

Marked slow: it runs the real command in fresh processes. No timing is asserted (speed lives in
benchmarks/); the test checks that the benchmark's function yields every figure, sane, and records the
whole-command / solve ratio per size.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from shuangsui.scenarios.generator import generate
from shuangsui.scheduler.cpsat import WORKERS_ENV

ROOT = Path(__file__).resolve().parent.parent


def _speed() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_speed", ROOT / "benchmarks" / "speed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.parametrize("case", ["default", "1500"])
def test_whole_command_against_solve(case: str, tmp_path: Path, record_property, monkeypatch) -> None:
    """Per size: the bundled county (500 objects / 25 inspectors) and a generated 1,500 / 48 (the
    larger ones are benchmarks/speed.py's, minutes each). The ratio is recorded (`record_property`,
    listed at the end of the test run by conftest), never asserted against a time."""
    monkeypatch.delenv(WORKERS_ENV, raising=False)  # the command as a user runs it: all cores
    speed = _speed()
    spec = speed.CASES[case]
    folder = spec.get("folder") or generate(tmp_path / "scenario", **spec["generate"])
    row = speed.measure(folder, 2, tmp_path, case, spec["label"])
    record_property(
        "whole_over_solve",
        f"{spec['label']}: {row['ratio']:.2f} ({row['command_s']:.2f} s / {row['solve_s']:.2f} s, "
        f"overhead {row['overhead_s']:.2f} s)",
    )
    (tmp_path / "speed.json").write_text(json.dumps(row), encoding="utf-8")
    assert row["runs"] == 2 and row["exit"] == [0] and row["status"] == "optimal"
    assert row["unique"] == "2/2"
    assert 0 < row["proof_s"] <= row["solve_s"] <= row["command_s"]
    assert row["peak_mb"] > 50  # a Python process with OR-Tools loaded: never a few MB
    assert row["ratio"] >= 1 and row["ratio"] == pytest.approx(row["command_s"] / row["solve_s"], rel=0.5)
    assert row["overhead_s"] > 0
    lines = speed.table([row], 2)
    assert f"| {spec['label']} | optimal | 2/2 |" in lines[-1] and "command / solve" in lines[-3]
