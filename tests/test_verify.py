"""verify: replay catches a changed seed, a swapped object, a moved inspector; the ledger audit catches edits."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from shuangsui.app.verify import NotReproduced, verify_plan
from shuangsui.app.verify_ledger import audit_ledger
from shuangsui.ledger import Ledger
from shuangsui.ledger.protocol import commit_payload, draw_records, plan_payload, recusal_payload
from shuangsui.ledger.seed import derive_seed
from shuangsui.models.domain import Scenario
from shuangsui.models.loading import load_scenario
from shuangsui.scheduler import solve
from shuangsui.scheduler.plan_builder import ortools_version
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.recusal import RecusalRequest, recuse
from test_ledger import sqlite_cli


@pytest.fixture(scope="module")
def plan_text(default_scenario: Scenario) -> str:
    result = solve(default_scenario, workers=1)
    assert result.plan is not None
    return result.plan.to_json()


def tamper(plan: dict[str, Any], how: str, scenario: Scenario) -> dict[str, Any]:
    plan = json.loads(json.dumps(plan))
    if how == "seed":
        plan["seed"] += 1
    elif how == "object":  # an undrawn firm of the same stratum, with its own items and mode
        check = next(c for c in plan["checks"] if c["draw"] == "credit_risk" and c["tier"] == "general")
        planned = {c["object_id"] for c in plan["checks"]}
        other = next(
            o
            for o in Problem(scenario).drawable
            if o.object_id not in planned
            and (o.tier.value, o.credit_risk.value) == (check["tier"], check["credit_risk"])
        )
        check.update(object_id=other.object_id, items=list(other.items), mode=other.mode.value)
    elif how == "inspector":
        check = next(c for c in plan["checks"] if c["mode"] == "offsite")
        check["inspector_ids"] = [
            next(i.inspector_id for i in scenario.inspectors if i.inspector_id not in check["inspector_ids"])
        ]
    elif how == "status":
        plan["solver"]["status"] = "feasible"
    return plan


EXPECTED = {
    "seed": "seed changed from 20250215 to 20250216",
    "object": "object swapped",
    "inspector": "inspector_ids differs",
    "status": "cannot be verified by replay",
}


@pytest.mark.parametrize("how", ["seed", "object", "inspector", "status"])
def test_verify_names_the_first_difference(how: str, plan_text: str, default_scenario: Scenario) -> None:
    tampered = json.dumps(tamper(json.loads(plan_text), how, default_scenario), ensure_ascii=False, indent=2) + "\n"
    with pytest.raises(NotReproduced, match=EXPECTED[how]):
        verify_plan(default_scenario, tampered, workers=1)


def test_the_command_exits_4_on_a_swapped_object(
    plan_text: str, default_scenario: Scenario, scenarios_dir: Path, tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    path = tmp_path / "plan.json"
    tampered = tamper(json.loads(plan_text), "object", default_scenario)
    path.write_text(json.dumps(tampered, ensure_ascii=False, indent=2) + "\n", "utf-8")
    done = run_cli("verify", scenarios_dir / "zhaoxian-2025Q1", path, "--workers", "1")
    assert done.returncode == 4, done.stdout + done.stderr
    assert EXPECTED["object"] in done.stderr


def test_verify_reproduces_an_untouched_plan(
    plan_text: str, scenarios_dir: Path, tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(plan_text, encoding="utf-8")
    done = run_cli("verify", scenarios_dir / "zhaoxian-2025Q1", path, "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert "reproduced" in done.stdout


@pytest.fixture(scope="module")
def ledger_run(tmp_path_factory: pytest.TempPathFactory, scenarios_dir: Path) -> dict[str, Path]:
    """A ledger with commit, seed, plan and a recusal, written through the library as the commands do."""
    root = tmp_path_factory.mktemp("audit")
    folder = root / "zx"
    shutil.copytree(scenarios_dir / "zhaoxian-2025Q1", folder)
    scenario = load_scenario(folder)
    path = root / "ledger.sqlite"
    with Ledger.open(path) as ledger:
        ledger.append("commit", commit_payload(scenario, folder, "三方各报一个数", ortools_version()))
        seed, rule = derive_seed(["甲 12", "乙 907", "丙 3"])
        ledger.append("seed", {"values": ["甲 12", "乙 907", "丙 3"], "rule": rule, "seed": seed, "commits": [1]})
        draw = draw_records(ledger, scenario)
        text = solve(scenario, seed=seed, workers=1).plan.to_json()
        (root / "p").mkdir()
        (root / "p" / "plan.json").write_text(text, encoding="utf-8")
        record = ledger.append(
            "plan", plan_payload(draw, scenario, folder, text.encode(), "optimal", ortools_version(), root / "p")
        )
        check = next(c for c in json.loads(text)["checks"] if c["mode"] == "onsite")
        request = RecusalRequest(check["inspector_ids"][0], check["object_id"], reason="同学关系")
        result = recuse(scenario, json.loads(text), request)
        (root / "r").mkdir()
        (root / "r" / "plan.json").write_text(result.plan_json(), encoding="utf-8")
        changes = [c.to_dict() for c in result.changes]
        payload = recusal_payload(
            record, request.to_dict(), result.plan_json(), result.scenario.input_digest, changes, root / "r"
        )
        ledger.append("recusal", payload)
    return {"root": root, "folder": folder, "ledger": path}


def test_verify_ledger_replays_plans_and_recusals(ledger_run: dict[str, Path], run_cli: Callable[..., Any]) -> None:
    done = run_cli("verify", "--ledger", ledger_run["ledger"], "--workers", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "#3 (plan)：重放一致" in done.stdout and "#4 (recusal)：重放一致" in done.stdout


def test_verify_ledger_catches_a_row_edited_with_sqlite3(
    ledger_run: dict[str, Path], tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    ledger = tmp_path / "ledger.sqlite"
    shutil.copy(ledger_run["ledger"], ledger)
    edit = "UPDATE records SET payload = replace(payload, '乙 907', '乙 908') WHERE kind = 'seed'"
    sqlite_cli(ledger, f"DROP TRIGGER records_no_update; {edit};")
    done = run_cli("verify", "--ledger", ledger, "--workers", "1")
    assert done.returncode == 4, done.stdout
    assert "记录 #2 (seed)" in done.stdout and "payload edited" in done.stdout


def test_verify_ledger_catches_an_edited_plan_file_and_follows_moved_scenarios(
    ledger_run: dict[str, Path], tmp_path: Path
) -> None:
    moved = tmp_path / "moved"
    shutil.copytree(ledger_run["folder"], moved / "zx")
    with Ledger.open(ledger_run["ledger"]) as ledger:
        assert audit_ledger(ledger, scenario_root=moved, workers=1).problems == []
        (moved / "zx" / "scenario.toml").write_text(
            (moved / "zx" / "scenario.toml").read_text(encoding="utf-8").replace("size = 2 ", "size = 3 "), "utf-8"
        )
        problems = audit_ledger(ledger, scenario_root=moved, workers=1).problems
        assert any("#3 (plan)" in p and "not the inputs the plan was drawn from" in p for p in problems), problems
        written = ledger_run["root"] / "r" / "plan.json"
        original = written.read_text(encoding="utf-8")
        plan = json.loads(original)
        plan["seed"] += 1
        written.write_text(json.dumps(plan, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        try:
            problems = audit_ledger(ledger, workers=1).problems
        finally:
            written.write_text(original, encoding="utf-8")
        assert any("#4 (recusal)" in p and "edited after it was recorded" in p for p in problems), problems
