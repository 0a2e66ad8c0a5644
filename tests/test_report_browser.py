"""report.html in headless Chromium: it loads, shows the rule table and needs no network."""

from __future__ import annotations

import subprocess
from pathlib import Path

import external_tools
import pytest
from shuangsui.models.rules import RuleFamily
from shuangsui.reports import write_plan_outputs

try:  # tests/ is on sys.path (pytest's default import mode) unless it becomes a package
    from test_reports import infeasible, small_scenario, solved
except ImportError:  # pragma: no cover
    from tests.test_reports import infeasible, small_scenario, solved


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium (tests/external_tools.py) with the page's console on stderr."""
    return external_tools.chromium(tmp_path, "--enable-logging=stderr", "--v=0", *args)


def page_errors(stderr: str) -> list[str]:
    """Console errors of the page (there is no script, so any would be a broken page)."""
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line or "net::ERR_" in line]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser")
    write_plan_outputs(out, small_scenario(), solved())
    return out / "report.html"


def test_dom_has_rule_table(report: Path, tmp_path: Path) -> None:
    run = chromium(tmp_path, "--dump-dom", report.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    assert 'id="rules"' in dom and 'id="rules-table"' in dom
    rules_section = dom[dom.index('id="rules"') : dom.index('id="strata"')]
    for rule in RuleFamily:
        assert rule.zh in rules_section
    assert dom.count("data:image/png;base64,") == 3
    assert 'id="status-badge"' in dom and "已生成计划" in dom
    assert page_errors(run.stderr) == []


def test_screenshot(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    run = chromium(tmp_path, "--window-size=900,3000", f"--screenshot={shot}", report.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 50_000
    assert page_errors(run.stderr) == []


def test_infeasible_report_loads(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    write_plan_outputs(out, small_scenario(), infeasible())
    run = chromium(tmp_path, "--dump-dom", (out / "report.html").as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    assert "无可行计划" in run.stdout and 'id="conflicts"' in run.stdout
    assert 'id="rules"' in run.stdout
    assert page_errors(run.stderr) == []
