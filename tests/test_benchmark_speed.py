"""benchmarks/speed.py measures the whole `shuangsui plan` command against its solve (issue 15).

Marked slow: it runs the real command in fresh processes. No timing is asserted (speed lives in
benchmarks/); the test checks that the benchmark's function yields every figure, sane, and records the
whole-command / solve ratio of this small case.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from shuangsui.scenarios.generator import generate

ROOT = Path(__file__).resolve().parent.parent


def _speed() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_speed", ROOT / "benchmarks" / "speed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_whole_command_against_solve(tmp_path: Path) -> None:
    speed = _speed()
    assert "1500" in speed.CASES and speed.CASES["1500"]["generate"] == {"objects": 1500, "inspectors": 48}
    folder = generate(tmp_path / "scenario", objects=300, inspectors=15)
    row = speed.measure(folder, 2, tmp_path, "small", "300 / 15, standing")
    print(f"\nwhole/solve ratio (300 / 15): {row['ratio']:.2f} ({row['command_s']:.2f} s / {row['solve_s']:.2f} s)")
    (tmp_path / "speed.json").write_text(json.dumps(row), encoding="utf-8")
    assert row["runs"] == 2 and row["exit"] == [0] and row["status"] == "optimal"
    assert row["unique"] == "2/2"
    assert 0 < row["proof_s"] <= row["solve_s"] <= row["command_s"]
    assert row["peak_mb"] > 50  # a Python process with OR-Tools loaded: never a few MB
    assert row["ratio"] >= 1 and row["ratio"] == pytest.approx(row["command_s"] / row["solve_s"], rel=0.5)
    assert row["overhead_s"] > 0
    lines = speed.table([row], 2)
    assert "| 300 / 15, standing | optimal | 2/2 |" in lines[-1] and "command / solve" in lines[-3]
