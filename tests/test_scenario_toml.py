"""Non-finite and absurd numbers are refused at validation, exit 2 (issue 8, item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.scenario_builder import VALID_TOML, valid_tables, write_scenario
from shuangsui.models import load_scenario
from shuangsui.models.errors import ScenarioInvalid


def problems(folder: Path) -> list[str]:
    with pytest.raises(ScenarioInvalid) as info:
        load_scenario(folder)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("toml", "column", "reason"),
    [
        ("[teams]\noffsite_weight = inf\n", "teams.offsite_weight", "finite"),
        ("[teams]\noffsite_weight = nan\n", "teams.offsite_weight", "finite"),
        ("[credit_risk]\nmultipliers = { A = inf }\n", "credit_risk.multipliers.A", "finite"),
        ("[credit_risk]\nmultipliers = { D = nan }\n", "credit_risk.multipliers.D", "finite"),
        ("[credit_risk]\nmultipliers = { D = 1e300 }\n", "credit_risk.multipliers.D", "too large"),
        ("[solver]\nworkers = 3000000000\n", "solver.workers", "too large"),
        ("[solver]\ntime_limit = nan\n", "solver.time_limit", "finite"),
        ("[solver]\ntime_limit = inf\n", "solver.time_limit", "finite"),
        ("[quota]\ngeneral = nan\n", "quota.general", "finite"),
        ("[teams]\nsize = 3000000000\n", "teams.size", "too large"),
    ],
)
def test_absurd_rule_values_are_problems(tmp_path: Path, toml: str, column: str, reason: str) -> None:
    found = problems(write_scenario(tmp_path, toml=VALID_TOML + toml))
    assert len(found) == 1 and f"列「{column}」" in found[0] and reason in found[0], found


def test_huge_capacity_is_a_problem(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["inspectors"][0]["capacity"] = "1e30"
    found = problems(write_scenario(tmp_path, tables=tables))
    assert len(found) == 1 and "第2行" in found[0] and "too large" in found[0], found


def test_large_seed_is_still_accepted(tmp_path: Path) -> None:
    toml = VALID_TOML.replace("seed = 7", "seed = 9007199254740993")
    assert load_scenario(write_scenario(tmp_path, toml=toml)).rules.seed == 9007199254740993


@pytest.mark.parametrize(
    ("option", "value"),
    [("--time-limit", "nan"), ("--time-limit", "inf"), ("--time-limit", "-1"), ("--workers", "3000000000")],
)
def test_absurd_options_exit_2(run_cli, scenarios_dir: Path, tmp_path: Path, option: str, value: str) -> None:
    proc = run_cli("plan", scenarios_dir / "zhaoxian-2025Q1", "--out", tmp_path / "out", option, value)
    assert proc.returncode == 2, proc.stderr
    assert option in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()
