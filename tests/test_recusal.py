"""Recusal after the draw: only the affected checks change, the rest is pinned, the result is checked."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from shuangsui.app.verify import verify_plan
from shuangsui.checker import check_plan, plan_from_json
from shuangsui.models.digest import input_digest
from shuangsui.models.domain import Scenario
from shuangsui.models.enums import Draw
from shuangsui.scheduler import SolveResult, solve
from shuangsui.scheduler.draw import draw_weights
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.recusal import RecusalImpossible, RecusalInvalid, RecusalRequest, recuse


@pytest.fixture(scope="module")
def plan(default_solved: SolveResult) -> dict[str, Any]:
    result = default_solved
    assert result.plan is not None
    return json.loads(result.plan.to_json())


def changed(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    """Object ids of the checks of `before` that are not exactly the same in `after`."""
    new = {c["object_id"]: c for c in after["checks"]}
    return {c["object_id"] for c in before["checks"] if new.get(c["object_id"]) != c}


def audit(scenario: Scenario, plan: dict[str, Any]) -> list[str]:
    return [f"[{v.rule.value}] {v.message}" for v in check_plan(scenario, plan_from_json(plan))]


def test_a_declared_conflict_moves_only_that_check(default_scenario: Scenario, plan: dict[str, Any]) -> None:
    check = next(c for c in plan["checks"] if c["mode"] == "onsite" and c["team_id"])
    who, oid = check["inspector_ids"][0], check["object_id"]
    result = recuse(default_scenario, plan, RecusalRequest(who, oid, reason="亲属关系：配偶在该单位任职"))
    assert changed(plan, result.plan) == {oid}
    moved = next(c for c in result.plan["checks"] if c["object_id"] == oid)
    assert who not in moved["inspector_ids"]
    team = {t["team_id"]: t["inspector_ids"] for t in result.plan["teams"]}[moved["team_id"]]
    assert moved["inspector_ids"] == team  # still a standing team's check
    assert result.plan["teams"] == plan["teams"]
    assert {k: v for k, v in result.plan.items() if k not in ("checks", "input_digest", "recusals")} == {
        k: v for k, v in plan.items() if k not in ("checks", "input_digest")
    }
    assert audit(result.scenario, result.plan) == []
    assert audit(default_scenario, result.plan) != []  # only valid with the conflict in the inputs
    assert recuse(default_scenario, plan, RecusalRequest(who, oid, reason="亲属关系：配偶在该单位任职")) == result


def test_the_recused_plan_passes_check_with_the_conflict_in_conflicts_csv(
    default_scenario: Scenario,
    plan: dict[str, Any],
    scenarios_dir: Path,
    tmp_path: Path,
    run_cli: Callable[..., Any],
) -> None:
    check = next(c for c in plan["checks"] if c["mode"] == "onsite")
    who, oid = check["inspector_ids"][-1], check["object_id"]
    result = recuse(default_scenario, plan, RecusalRequest(who, oid, reason="曾为该单位提供技术服务"))
    folder = tmp_path / "zx"
    shutil.copytree(scenarios_dir / "zhaoxian-2025Q1", folder)
    with (folder / "conflicts.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow([who, oid, "曾为该单位提供技术服务"])
    (tmp_path / "plan.json").write_text(result.plan_json(), encoding="utf-8")
    done = run_cli("check", folder, tmp_path / "plan.json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "未发现违规" in done.stdout
    # verify replays the draw and the recusal, from the folder before or after the conflict was written in
    note = verify_plan(default_scenario, result.plan_json(), workers=1)
    assert "reproduced" in note and f"{who} 回避对象 {oid}，理由：曾为该单位提供技术服务" in note
    done = run_cli("verify", folder, tmp_path / "plan.json", "--workers", "1")
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_unavailable_inspector_leaves_every_check_and_his_team(
    default_scenario: Scenario, plan: dict[str, Any]
) -> None:
    team = plan["teams"][0]
    who = team["inspector_ids"][0]
    mine = {c["object_id"] for c in plan["checks"] if who in c["inspector_ids"]}
    result = recuse(default_scenario, plan, RecusalRequest(who, unavailable=True, reason="病假"))
    assert changed(plan, result.plan) == mine
    assert all(who not in c["inspector_ids"] for c in result.plan["checks"])
    assert all(who not in t["inspector_ids"] for t in result.plan["teams"])
    assert result.scenario.inspector_by_id[who].available is False
    others = [t for t in plan["teams"] if t["team_id"] != team["team_id"]]
    assert [t for t in result.plan["teams"] if t["team_id"] != team["team_id"]] == others
    assert result.team_note and team["team_id"] in result.team_note
    assert audit(result.scenario, result.plan) == []


def test_an_object_no_team_can_take_is_replaced_by_the_next_in_seeded_order(
    bundled: Callable[[str], Scenario], change_rules: Callable[..., Scenario]
) -> None:
    # Without the internal-joint share (which may rule out an off-site replacement staffed by one
    # inspector), the replacement is exactly the next object of the stratum in seeded order. The
    # tight-radiation county has few 辐射 specialists, so some recusal leaves no team for its object.
    scenario = change_rules(bundled("stress-tight-radiation"), "joint", internal_min_share=0.0)
    scenario = scenario.model_copy(update={"input_digest": input_digest(scenario)})
    plan = json.loads(solve(scenario, workers=1).plan.to_json())
    # The first on-site check whose recusal leaves no team able to take it (specialty or avoidance).
    for check in (c for c in plan["checks"] if c["mode"] == "onsite" and c["draw"] == "credit_risk"):
        result = recuse(scenario, plan, RecusalRequest(check["inspector_ids"][0], check["object_id"]))
        if any(c.replaced for c in result.changes):
            break
    else:
        pytest.fail("no recusal in the plan needs a replacement object")
    (change,) = result.changes
    assert changed(plan, result.plan) == {check["object_id"]}
    new = next(c for c in result.plan["checks"] if c["object_id"] == change.new_object_id)
    assert (new["tier"], new["credit_risk"], new["draw"]) == (check["tier"], check["credit_risk"], "credit_risk")
    # It is the undrawn object of the stratum with the largest seeded draw weight.
    problem = Problem(result.scenario, plan["seed"])
    weights = draw_weights(problem, plan["seed"])
    planned = {c["object_id"] for c in plan["checks"]}
    stratum = [
        o.object_id
        for o in problem.drawable
        if o.object_id not in planned and (o.tier.value, o.credit_risk.value) == (check["tier"], check["credit_risk"])
    ]
    assert change.new_object_id == max(stratum, key=lambda o: weights[o, (Draw.CREDIT_RISK, None)])
    assert audit(result.scenario, result.plan) == []


def test_requests_that_do_not_fit_the_plan(default_scenario: Scenario, plan: dict[str, Any]) -> None:
    check = plan["checks"][0]
    outsider = next(
        i.inspector_id
        for i in default_scenario.inspectors
        if all(i.inspector_id not in c["inspector_ids"] for c in plan["checks"])
        or i.inspector_id not in check["inspector_ids"]
    )
    with pytest.raises(RecusalInvalid, match="no such check"):
        recuse(default_scenario, plan, RecusalRequest(outsider, check["object_id"]))
    with pytest.raises(RecusalInvalid, match="unknown inspector"):
        recuse(default_scenario, plan, RecusalRequest("NOBODY", check["object_id"]))
    with pytest.raises(RecusalInvalid, match="not from these inputs"):
        recuse(default_scenario, {**plan, "input_digest": "0" * 64}, RecusalRequest(outsider, unavailable=True))


def test_recusal_fails_when_nothing_can_take_the_check(default_scenario: Scenario, plan: dict[str, Any]) -> None:
    # Every inspector but the check's group is made unavailable: nobody is left to take it over.
    check = next(c for c in plan["checks"] if c["mode"] == "offsite")
    keep = set(check["inspector_ids"])
    inspectors = tuple(
        i if i.inspector_id in keep else i.model_copy(update={"available": False}) for i in default_scenario.inspectors
    )
    scarce = default_scenario.model_copy(update={"inspectors": inspectors})
    scarce = scarce.model_copy(update={"input_digest": input_digest(scarce)})
    with pytest.raises(RecusalImpossible):
        recuse(
            scarce,
            {**plan, "input_digest": scarce.input_digest},
            RecusalRequest(check["inspector_ids"][0], check["object_id"]),
        )


def test_every_recusal_of_a_tight_plan_passes_the_checker(bundled: Callable[[str], Scenario]) -> None:
    # Teams near full capacity and the internal-joint share at its minimum: recusals there move checks
    # to the few teams with room, or replace objects when the checks' own objects cannot be placed.
    scenario = bundled("stress-tight-radiation")
    plan = json.loads(solve(scenario, workers=1).plan.to_json())
    planned = {c["object_id"] for c in plan["checks"]}
    spare = {(o.tier.value, o.credit_risk.value) for o in Problem(scenario).drawable if o.object_id not in planned}
    replaced = done = 0
    # Checks of strata with an undrawn object left (a stratum drawn in full has no replacement).
    # Under contract v2 a few of them cannot be re-staffed at all (no team with room and the
    # internal-joint share at its minimum): those must say so (exit 3), never change other checks.
    for check in (c for c in plan["checks"] if c["mode"] == "onsite" and (c["tier"], c["credit_risk"]) in spare):
        try:
            result = recuse(scenario, plan, RecusalRequest(check["inspector_ids"][1], check["object_id"]))
        except RecusalImpossible:
            continue
        done += 1
        assert changed(plan, result.plan) == {check["object_id"]}
        assert audit(result.scenario, result.plan) == [], check["object_id"]
        replaced += any(c.replaced for c in result.changes)
    assert done >= 5 and replaced > 0
