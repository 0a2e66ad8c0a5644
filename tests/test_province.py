"""The generator's `--province N`: N county folders for `shuangsui batch`, deterministic, each its own
county (seed, size, name), each reproducible from the command recorded in its scenario.toml."""

from __future__ import annotations

import shlex
from pathlib import Path

from shuangsui.models.loading import load_scenario
from shuangsui.scenarios.generator import main


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_province_is_deterministic_and_each_county_differs(tmp_path: Path) -> None:
    args = ["--province", "3", "--objects", "120", "--inspectors", "10", "--quiet"]
    assert main([str(tmp_path / "a"), *args]) == 0
    assert main([str(tmp_path / "b"), *args]) == 0
    first = tree(tmp_path / "a")
    assert first == tree(tmp_path / "b")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["county-01", "county-02", "county-03"]
    counties = [load_scenario(tmp_path / "a" / f"county-0{i}") for i in (1, 2, 3)]
    assert [c.rules.name for c in counties] == [
        "长安区 2025年第一季度",
        "桥西区 2025年第一季度",
        "新华区 2025年第一季度",
    ]
    assert len({c.input_digest for c in counties}) == 3
    assert len({len(c.objects) for c in counties}) > 1  # sizes vary around --objects
    assert all(72 <= len(c.objects) <= 192 for c in counties)


def test_each_county_is_regenerated_by_its_recorded_command(tmp_path: Path) -> None:
    main([str(tmp_path / "p"), "--province", "2", "--objects", "100", "--inspectors", "10", "--quiet"])
    for county in ("county-01", "county-02"):
        recorded = (tmp_path / "p" / county / "scenario.toml").read_text(encoding="utf-8").splitlines()[1]
        argv = shlex.split(recorded.removeprefix("# "))
        assert argv[:4] == ["python", "-m", "shuangsui.scenarios.generator", "OUT"]
        again = tmp_path / "again" / county
        main([str(again), *argv[4:], "--quiet"])
        assert tree(again) == tree(tmp_path / "p" / county)
