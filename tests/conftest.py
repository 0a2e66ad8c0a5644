"""Shared fixtures of the planner tests: bundled scenarios, rule changes, plan audits, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from shuangsui.checker import check_plan
from shuangsui.models.domain import Scenario, ScenarioRules
from shuangsui.models.loading import load_scenario
from shuangsui.scheduler.cpsat import WORKERS_ENV
from shuangsui.scheduler.result import Plan, SolveResult, SolveStatus

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
FEASIBLE = ("zhaoxian-2025Q1", "stress-per-check", "stress-tight-radiation", "stress-1000")
INFEASIBLE = ("infeasible-missing-specialty", "infeasible-capacity", "infeasible-annual-cap")

_LOADED: dict[str, Scenario] = {}

# Where a scenario says 0 ("all cores"), one CP-SAT worker per solve: the suite runs one test process per
# core (pytest -n 2), so more threads per solve only compete (the CLI runs the tests start inherit it too).
# Tests of other worker counts pass them explicitly.
os.environ.setdefault(WORKERS_ENV, "1")


def _bundled(name: str) -> Scenario:
    """A bundled scenario, loaded once per session (scenarios are immutable)."""
    if name not in _LOADED:
        _LOADED[name] = load_scenario(SCENARIOS / name)
    return _LOADED[name]


def _change_rules(scenario: Scenario, section: str, **values: Any) -> Scenario:
    """`scenario` with some keys of one scenario.toml section changed, validated like the loader does.

    `change_rules(sc, "teams", size=3)` is [teams] size = 3; top-level keys (seed, directed, ...)
    are changed with section="" .
    """
    data = scenario.rules.model_dump(mode="json")
    if section:
        data[section] = {**data[section], **values}
    else:
        data.update(values)
    return scenario.model_copy(update={"rules": ScenarioRules.model_validate(data)})


def _violations_text(violations: list) -> str:
    return "\n".join(f"[{v.rule.value}] {v.message}" for v in violations)


def _assert_plan_ok(scenario: Scenario, result: SolveResult | Plan, status: SolveStatus = SolveStatus.OPTIMAL) -> Plan:
    """The result has a plan of the given status that the independent checker accepts."""
    if isinstance(result, SolveResult):
        conflicts = "; ".join(f"[{c.rule}] {c.message}" for c in result.conflicts)
        assert result.status is status, f"status {result.status.value}: {conflicts}"
        assert result.plan is not None
        plan = result.plan
    else:
        plan = result
    assert plan.status is status
    violations = check_plan(scenario, plan)
    assert violations == [], "checker found violations:\n" + _violations_text(violations)
    return plan


def _cli_command() -> list[str]:
    exe = Path(sys.executable).with_name("shuangsui")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "shuangsui.cli"]


def _run_cli(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`shuangsui ARGS` as a user types it (a real process: entry point, exit code, stderr)."""
    return subprocess.run(
        [*_cli_command(), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        cwd=ROOT,
    )


@pytest.fixture(scope="session")
def bundled() -> Callable[[str], Scenario]:
    return _bundled


@pytest.fixture(scope="session")
def default_scenario() -> Scenario:
    return _bundled("zhaoxian-2025Q1")


@pytest.fixture(scope="session")
def default_solved(default_scenario: Scenario) -> SolveResult:
    """`solve()` of the default scenario with its own settings, once per test process: several test
    modules read the same plan (it is the same on any number of workers, tests/test_determinism.py)."""
    from shuangsui.scheduler import solve

    result = solve(default_scenario)
    _assert_plan_ok(default_scenario, result)
    return result


@pytest.fixture(scope="session")
def change_rules() -> Callable[..., Scenario]:
    return _change_rules


@pytest.fixture(scope="session")
def assert_plan_ok() -> Callable[..., Plan]:
    return _assert_plan_ok


@pytest.fixture(scope="session")
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return _run_cli


@pytest.fixture(scope="session")
def scenarios_dir() -> Path:
    return SCENARIOS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The whole-command / solve ratios the benchmark test recorded, one line per size."""
    ratios = [
        value
        for report in terminalreporter.stats.get("passed", [])
        for key, value in getattr(report, "user_properties", [])
        if key == "whole_over_solve"
    ]
    if ratios:
        terminalreporter.write_sep("-", "whole command / solve per size (tests/test_benchmark_speed.py)")
        for line in sorted(ratios):
            terminalreporter.write_line(str(line))
