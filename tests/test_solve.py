"""`solve()` makes plans the independent checker accepts, under every rule setting a bureau may write.

Each test solves a scenario (bundled, generated or changed in code) and asserts: status optimal, no
violation found by `shuangsui.checker` (which shares no rule code with the planner), and the property
the changed rule promises, asserted directly on the plan. The last part checks the plan.json format
of the data contract, section 5.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from conftest import FEASIBLE
from ortools.sat.python import cp_model
from shuangsui.checker import apportion, check_plan
from shuangsui.models.domain import (
    AvoidanceRules,
    DirectedDraw,
    HistoryCheck,
    InspectionObject,
    Inspector,
    Item,
    JointRules,
    QuotaRules,
    Scenario,
    ScenarioRules,
    exact,
    period_index,
)
from shuangsui.models.enums import CREDIT_TIERS, CreditRisk, Draw, Mode, TeamMode, Tier
from shuangsui.models.loading import load_scenario
from shuangsui.scenarios.generator import generate
from shuangsui.scheduler import SolveStatus, searches, solve

TIME_LIMIT = 60

PLAN_KEYS = ["contract", "scenario", "period", "seed", "input_digest", "solver", "teams", "checks", "undrawable"]
CHECK_KEYS = {
    "object_id", "tier", "credit_risk", "draw", "mode", "team_id", "inspector_ids",
    "joint", "internal_joint", "partner_department", "directed", "items",
}  # fmt: skip


def solved(scenario: Scenario, **kw: Any):
    return solve(scenario, **{"time_limit": TIME_LIMIT, **kw})


def units_of(scenario: Scenario, ids: tuple[str, ...]) -> set[str]:
    return {scenario.inspector_by_id[i].unit for i in ids}


def assert_group_sizes(scenario: Scenario, plan) -> None:
    teams = scenario.rules.teams
    for c in plan.checks:
        want = teams.size if c.mode == Mode.ONSITE else teams.offsite_size
        assert len(c.inspector_ids) == want, (c.object_id, c.mode, c.inspector_ids)
        assert len(set(c.inspector_ids)) == want


def assert_standing_teams(scenario: Scenario, plan) -> None:
    """Teams T01.. of exactly `size` distinct people, each in one team; on-site checks are theirs."""
    size = scenario.rules.teams.size
    width = max(2, len(str(len(plan.teams))))
    assert [t.team_id for t in plan.teams] == [f"T{n:0{width}d}" for n in range(1, len(plan.teams) + 1)]
    members = [i for t in plan.teams for i in t.inspector_ids]
    assert len(members) == len(set(members)), "an inspector is in two teams"
    for t in plan.teams:
        assert len(t.inspector_ids) == size
        assert all(scenario.inspector_by_id[i].eligible for i in t.inspector_ids)
    by_id = {t.team_id: set(t.inspector_ids) for t in plan.teams}
    for c in plan.checks:
        if c.mode == Mode.ONSITE:
            assert c.team_id in by_id, c
            assert set(c.inspector_ids) == by_id[c.team_id]
        else:
            assert c.team_id is None, c


# ---------------------------------------------------------------- bundled scenarios


@pytest.mark.parametrize("name", FEASIBLE)
def test_bundled_feasible_scenario(name: str, bundled, assert_plan_ok) -> None:
    scenario = bundled(name)
    result = solved(scenario)
    plan = assert_plan_ok(scenario, result)
    assert result.unique_optimum is True, result.uniqueness_note  # the reproducibility promise
    assert plan.input_digest == scenario.input_digest
    assert plan.seed == scenario.rules.seed
    assert_group_sizes(scenario, plan)
    if scenario.rules.teams.mode is TeamMode.STANDING:
        assert plan.teams
        assert_standing_teams(scenario, plan)
    else:
        assert plan.teams == ()
        assert all(c.team_id is None for c in plan.checks)


# ---------------------------------------------------------------- generated scenarios


@pytest.mark.parametrize("mode", ["standing", "per_check"])
def test_generated_1000_objects(tmp_path: Path, mode: str, assert_plan_ok) -> None:
    scenario = load_scenario(generate(tmp_path / "s", objects=1000, inspectors=40, seed=11, team_mode=mode))
    assert len(scenario.objects) == 1000
    plan = assert_plan_ok(scenario, solved(scenario))
    assert_group_sizes(scenario, plan)
    assert bool(plan.teams) == (mode == "standing")


@pytest.mark.slow
def test_generated_5000_standing_own_township_directed(tmp_path: Path, assert_plan_ok) -> None:
    folder = generate(tmp_path / "s", objects=5000, inspectors=150, team_mode="standing", own_township=True, directed=2)
    scenario = load_scenario(folder)
    assert scenario.rules.avoidance.own_township and len(scenario.rules.directed) == 2
    plan = assert_plan_ok(scenario, solved(scenario))
    assert_standing_teams(scenario, plan)
    for block in scenario.rules.directed:
        assert sum(c.directed == block.name for c in plan.checks) == block.count
    home = {i.inspector_id: i.home_township for i in scenario.inspectors}
    for c in plan.checks:
        township = scenario.object_by_id[c.object_id].township
        assert all(home[i] != township for i in c.inspector_ids)


# ---------------------------------------------------------------- rules changed in code


def test_team_size_3_standing(default_scenario, change_rules, assert_plan_ok) -> None:
    scenario = change_rules(default_scenario, "teams", size=3)
    plan = assert_plan_ok(scenario, solved(scenario))
    assert_standing_teams(scenario, plan)
    assert_group_sizes(scenario, plan)
    assert any(c.mode == Mode.ONSITE for c in plan.checks)


def test_team_size_3_per_check(default_scenario, change_rules, assert_plan_ok) -> None:
    scenario = change_rules(default_scenario, "teams", size=3, mode="per_check")
    plan = assert_plan_ok(scenario, solved(scenario))
    assert plan.teams == ()
    assert all(c.team_id is None for c in plan.checks)
    assert_group_sizes(scenario, plan)


@pytest.mark.parametrize("mode", [pytest.param("standing", marks=pytest.mark.slow), "per_check"])
def test_offsite_groups_of_two_can_be_joint(default_scenario, change_rules, assert_plan_ok, mode: str) -> None:
    """offsite_size 2: off-site checks by two people, which then count for the internal joint share.

    90 % joint of 105 checks needs 95 mixed-unit checks; at most 85 checks can be on-site (20 are
    positive-list, always off-site), so at least 10 off-site checks must be joint.
    """
    scenario = change_rules(default_scenario, "teams", offsite_size=2, mode=mode)
    scenario = change_rules(scenario, "joint", internal_min_share=0.9)
    plan = assert_plan_ok(scenario, solved(scenario))
    assert_group_sizes(scenario, plan)
    offsite = [c for c in plan.checks if c.mode == Mode.OFFSITE]
    assert offsite and all(c.team_id is None for c in offsite)
    joint_offsite = [c for c in offsite if len(units_of(scenario, c.inspector_ids)) >= 2]
    assert len(joint_offsite) >= 10
    mixed = sum(len(units_of(scenario, c.inspector_ids)) >= 2 for c in plan.checks)
    assert mixed >= math.ceil(Fraction(9, 10) * len(plan.checks))


def test_own_township_avoidance(default_scenario, default_solved, change_rules, assert_plan_ok) -> None:
    scenario = change_rules(default_scenario, "avoidance", own_township=True)
    plan = assert_plan_ok(scenario, solved(scenario))
    home = {i.inspector_id: i.home_township for i in scenario.inspectors}
    met = [
        (c.object_id, i)
        for c in plan.checks
        for i in c.inspector_ids
        if home[i] and home[i] == scenario.object_by_id[c.object_id].township
    ]
    assert met == []
    # The rule really constrains this scenario: without it the same seed meets an own township.
    loose = default_solved.plan
    assert any(
        home[i] == default_scenario.object_by_id[c.object_id].township for c in loose.checks for i in c.inspector_ids
    )


def test_repeat_window_2(default_scenario, change_rules, assert_plan_ok) -> None:
    scenario = change_rules(default_scenario, "avoidance", repeat_window=2)
    plan = assert_plan_ok(scenario, solved(scenario))
    now = period_index(scenario.rules.period)
    recent = {
        (h.object_id, i) for h in scenario.history if 1 <= now - period_index(h.period) <= 2 for i in h.inspector_ids
    }
    assert {p.period for p in scenario.history} >= {"2024Q3", "2024Q4"}  # both periods are in the window
    assert [(c.object_id, i) for c in plan.checks for i in c.inspector_ids if (c.object_id, i) in recent] == []


def test_multiplier_zero_class_gets_no_draws(default_scenario, change_rules, assert_plan_ok) -> None:
    scenario = change_rules(default_scenario, "credit_risk", multipliers={"A": 0.0, "B": 1.0, "C": 1.5, "D": 3.0})
    plan = assert_plan_ok(scenario, solved(scenario))
    credit = [c for c in plan.checks if c.draw == Draw.CREDIT_RISK]
    assert not [c for c in credit if c.credit_risk == "A"]
    for tier in CREDIT_TIERS:  # the tier quotas still hold, from classes B-D
        pop = sum(o.tier is tier for o in scenario.objects)
        need = math.ceil(scenario.rules.quota.of(tier) * pop)
        assert sum(c.tier == tier for c in credit) == need


def test_directed_block_with_tier_and_township_filters(default_scenario, change_rules, assert_plan_ok) -> None:
    block = DirectedDraw(
        name="城区重点一般专项", tiers=(Tier.KEY, Tier.GENERAL), townships=("赵州镇", "范庄镇"), count=6
    )
    scenario = change_rules(default_scenario, "", directed=[block.model_dump(mode="json")])
    plan = assert_plan_ok(scenario, solved(scenario))
    directed = [c for c in plan.checks if c.draw == Draw.DIRECTED]
    assert len(directed) == 6
    for c in directed:
        obj = scenario.object_by_id[c.object_id]
        assert c.directed == block.name
        assert obj.tier in block.tiers and obj.township in block.townships
    assert all(c.directed is None for c in plan.checks if c.draw != Draw.DIRECTED)


def test_positive_quota_half(default_scenario, change_rules, assert_plan_ok) -> None:
    scenario = change_rules(default_scenario, "quota", positive=0.5)
    plan = assert_plan_ok(scenario, solved(scenario))
    positives = sum(o.tier is Tier.POSITIVE for o in scenario.objects)
    full = [c for c in plan.checks if c.draw == Draw.FULL_COVERAGE]
    assert len(full) == math.ceil(Fraction(1, 2) * positives)
    assert all(c.tier == Tier.POSITIVE and c.mode == Mode.OFFSITE for c in full)


@pytest.mark.parametrize(
    ("share", "mode"),
    [
        (0.0, "standing"),
        (0.0, "per_check"),
        pytest.param(0.5, "standing", marks=pytest.mark.slow),  # staged teams fail; complete model: ~20 s
        (0.5, "per_check"),
    ],
)
def test_internal_min_share(default_scenario, change_rules, assert_plan_ok, share: float, mode: str) -> None:
    scenario = change_rules(default_scenario, "joint", internal_min_share=share)
    scenario = change_rules(scenario, "teams", mode=mode)
    # the complete model (0.5, standing) takes ~23 s on one CP-SAT worker, ~8 s on two (with the max_lp
    # subsolver): fewer CPU seconds, so two workers here. A wide limit keeps a loaded machine from cutting
    # it short (the plan, once proven optimal and unique, is the same whatever the limit and workers).
    plan = assert_plan_ok(scenario, solved(scenario, time_limit=300, workers=2))
    mixed = sum(len(units_of(scenario, c.inspector_ids)) >= 2 for c in plan.checks)
    assert mixed >= math.ceil(exact(share) * len(plan.checks))
    for c in plan.checks:  # the label follows the units (or names a partner department)
        if c.joint == "internal":
            assert len(units_of(scenario, c.inspector_ids)) >= 2
        if c.joint == "inter_department":
            assert c.partner_department in scenario.object_by_id[c.object_id].partner_departments


def test_credit_risk_apportionment_exact(default_scenario, default_solved, assert_plan_ok) -> None:
    """Exactly the contract's apportionment per (tier, class): the README's 0/1/2/3, 1/4/2/1, 8/37/13/8."""
    plan = assert_plan_ok(default_scenario, default_solved)
    drawn = Counter((c.tier, c.credit_risk) for c in plan.checks if c.draw == Draw.CREDIT_RISK)
    expected = {
        "special": (0, 1, 2, 3),
        "key": (1, 4, 2, 1),
        "general": (8, 37, 13, 8),
    }
    for tier, counts in expected.items():
        assert tuple(drawn[tier, r] for r in "ABCD") == counts, tier
        pops = Counter(o.credit_risk for o in default_scenario.objects if o.tier == tier)
        mult = {c: exact(m) for c, m in default_scenario.rules.credit_risk.multipliers.items()}
        need = math.ceil(default_scenario.rules.quota.of(Tier(tier)) * sum(pops.values()))
        assert tuple(apportion(need, {c: pops[c] for c in CreditRisk}, mult)[c] for c in CreditRisk) == counts
    assert sum(c.draw == Draw.FULL_COVERAGE for c in plan.checks) == 20
    assert sum(c.draw == Draw.DIRECTED for c in plan.checks) == 5
    assert len({c.object_id for c in plan.checks}) == len(plan.checks) == 105


def test_undrawable_objects_listed_with_reason(bundled, change_rules, assert_plan_ok) -> None:
    """Objects ruled out by the annual cap or a missing specialty are listed, never checked."""
    scenario = change_rules(bundled("infeasible-annual-cap"), "quota", special=0.0)
    plan = assert_plan_ok(scenario, solved(scenario))
    reasons = {u.object_id: u.reason for u in plan.undrawable}
    assert len(reasons) >= 5
    assert sum("annual_cap" in r for r in reasons.values()) >= 5
    assert not set(reasons) & {c.object_id for c in plan.checks}
    assert [u.object_id for u in plan.undrawable] == sorted(reasons)

    scenario = change_rules(bundled("infeasible-missing-specialty"), "quota", special=0.0)
    plan = assert_plan_ok(scenario, solved(scenario))
    assert plan.undrawable
    assert all("辐射" in u.reason for u in plan.undrawable)
    assert not {u.object_id for u in plan.undrawable} & {c.object_id for c in plan.checks}


def _stopped_early(monkeypatch: pytest.MonkeyPatch, **parameters: float | bool) -> None:
    """Every CP-SAT search stops as a time limit would stop it, deterministically on any machine:
    `stop_after_first_solution` (a solution, optimality unproven) or `max_deterministic_time = 0`
    (nothing found)."""

    def run(solver: cp_model.CpSolver, model: cp_model.CpModel) -> int:
        for name, value in parameters.items():
            setattr(solver.parameters, name, value)
        return cp_model.CpSolver.solve(solver, model)

    monkeypatch.setattr(searches, "runner", run)


def test_plan_cut_short_is_feasible_not_reproducible(default_scenario, monkeypatch) -> None:
    """A plan found when a solve was cut short is valid but marked `feasible`, not reproducible."""
    _stopped_early(monkeypatch, stop_after_first_solution=True)
    result = solve(default_scenario, explain=False)
    assert result.status is SolveStatus.FEASIBLE
    assert result.plan is not None and result.plan.status is SolveStatus.FEASIBLE
    assert result.reproducible is False
    assert result.unique_optimum is None
    assert json.loads(result.plan.to_json())["solver"]["status"] == "feasible"
    assert check_plan(default_scenario, result.plan) == []


def test_nothing_found_within_the_time_limit_is_unknown(default_scenario, monkeypatch) -> None:
    """No solution within the limit: status `unknown`, no plan, and the pipeline stops at the first stage."""
    _stopped_early(monkeypatch, max_deterministic_time=0.0)
    result = solve(default_scenario, explain=False)
    assert result.status is SolveStatus.UNKNOWN
    assert result.plan is None
    assert [(s.name, s.status) for s in result.stages] == [("draw: credit-risk sample", "unknown")]


def test_hand_built_scenario_with_undrawable_objects(assert_plan_ok) -> None:
    """A scenario written in code (not loaded): undrawable by annual cap and by specialty."""
    scenario = Scenario(
        rules=ScenarioRules(
            name="小县", period="2025Q2", seed=3, quota=QuotaRules(general=0.5),
            avoidance=AvoidanceRules(own_township=True), joint=JointRules(inter_department_min=0),
            directed=(DirectedDraw(name="印刷专项", industries=("包装印刷",), count=1),),
        ),
        objects=tuple(
            InspectionObject(object_id=oid, name=f"{oid}厂", township=town, industry=ind, tier=tier,
                             credit_risk=CreditRisk(risk), items=items, offsite_capable=off)
            for oid, town, ind, tier, risk, items, off in [
                ("S1", "城关", "化工", Tier.SPECIAL, "D", ("HJ-01",), False),
                ("S2", "北关", "化工", Tier.SPECIAL, "C", ("HJ-02",), False),
                ("K1", "城关", "化工", Tier.KEY, "B", ("HJ-04",), False),  # needs 辐射: nobody eligible
                ("K2", "北关", "化工", Tier.KEY, "D", ("HJ-01", "HJ-02"), False),
                ("G1", "城关", "包装印刷", Tier.GENERAL, "A", ("HJ-01",), True),
                ("G2", "北关", "化工", Tier.GENERAL, "B", ("HJ-02",), False),  # annual cap reached
                ("G3", "城关", "化工", Tier.GENERAL, "D", ("HJ-01",), False),
                ("G4", "北关", "化工", Tier.GENERAL, "C", ("HJ-02",), False),
                ("P1", "城关", "化工", Tier.POSITIVE, "A", ("HJ-01",), True),
            ]
        ),
        inspectors=(
            Inspector(inspector_id="I1", name="甲", unit="执法大队", specialties=("大气", "水"), capacity=4,
                      home_township="城关"),
            Inspector(inspector_id="I2", name="乙", unit="监测站", specialties=("大气",), capacity=4),
            Inspector(inspector_id="I3", name="丙", unit="执法大队", specialties=("水",), capacity=4,
                      home_township="北关"),
            Inspector(inspector_id="I4", name="丁", unit="监测站", specialties=("水", "大气"), capacity=4),
            Inspector(inspector_id="I5", name="戊", unit="辐射站", specialties=("辐射",), capacity=4,
                      available=False),
        ),
        items=(
            Item(item_id="HJ-01", name="废气", specialty="大气"),
            Item(item_id="HJ-02", name="废水", specialty="水"),
            Item(item_id="HJ-04", name="射线装置", specialty="辐射"),
        ),
        history=(
            # v2: on-site checks count toward the cap
            HistoryCheck(period="2025Q1", object_id="G2", inspector_ids=("I1", "I2"), mode=Mode.ONSITE),
            HistoryCheck(period="2025Q1", object_id="G2", inspector_ids=("I2", "I4"), mode=Mode.ONSITE),
        ),
    )  # fmt: skip
    plan = assert_plan_ok(scenario, solved(scenario))
    assert {u.object_id: u.reason.split(":")[0] for u in plan.undrawable} == {"G2": "annual_cap", "K1": "specialty"}
    assert not {"G2", "K1"} & {c.object_id for c in plan.checks}
    assert {c.object_id for c in plan.checks if c.draw == Draw.DIRECTED} == {"G1"}


# ---------------------------------------------------------------- plan.json format (contract, section 5)


@pytest.fixture(scope="module")
def standing_plan(default_solved):
    return default_solved.plan


@pytest.fixture(scope="module")
def per_check_plan(bundled):
    return solved(bundled("stress-per-check")).plan


def test_plan_json_keys_exactly_as_contract(standing_plan, default_scenario) -> None:
    data = json.loads(standing_plan.to_json())
    assert list(data) == PLAN_KEYS
    assert data["contract"] == 2
    assert data["scenario"] == default_scenario.rules.name
    assert data["period"] == default_scenario.rules.period
    assert data["seed"] == default_scenario.rules.seed
    assert data["input_digest"] == default_scenario.input_digest
    assert re.fullmatch(r"[0-9a-f]{64}", data["input_digest"])
    assert set(data["solver"]) == {"status", "ortools"}
    assert data["solver"]["status"] == "optimal"
    from importlib.metadata import version

    assert data["solver"]["ortools"] == version("ortools")
    assert re.fullmatch(r"\d+\.\d+\.\d+", data["solver"]["ortools"])
    for team in data["teams"]:
        assert set(team) == {"team_id", "inspector_ids"}
    for check in data["checks"]:
        assert set(check) == CHECK_KEYS
        assert check["draw"] in {"credit_risk", "full_coverage", "directed"}
        assert check["mode"] in {"onsite", "offsite"}
        assert check["joint"] in {"none", "internal", "inter_department"}
        assert (check["draw"] == "directed") == (check["directed"] is not None)
        assert (check["joint"] == "inter_department") == (check["partner_department"] is not None)
        assert isinstance(check["inspector_ids"], list) and isinstance(check["items"], list)
        obj = default_scenario.object_by_id[check["object_id"]]
        assert check["tier"] == obj.tier.value and check["credit_risk"] == obj.credit_risk.value
        assert check["mode"] == obj.mode.value
        assert tuple(check["items"]) == obj.items
    assert isinstance(data["undrawable"], list)


def test_plan_json_is_canonical_text(standing_plan) -> None:
    text = standing_plan.to_json()
    assert text.endswith("\n") and "赵县" in text  # UTF-8, Chinese kept readable
    for word in ("time", "wall", "date", "/work", "tmp"):
        assert word not in json.dumps(list(json.loads(text))), word
    data = json.loads(text)
    assert json.dumps(data, ensure_ascii=False, indent=2) + "\n" == text


def test_plan_json_standing_teams(standing_plan, default_scenario) -> None:
    data = json.loads(standing_plan.to_json())
    size = default_scenario.rules.teams.size
    assert [t["team_id"] for t in data["teams"]] == [f"T{n:02d}" for n in range(1, len(data["teams"]) + 1)]
    assert all(len(t["inspector_ids"]) == size for t in data["teams"])
    assert len(data["teams"]) == len({i.inspector_id for i in default_scenario.inspectors if i.eligible}) // size
    teams = {t["team_id"]: t["inspector_ids"] for t in data["teams"]}
    for check in data["checks"]:
        if check["mode"] == "onsite":
            assert teams[check["team_id"]] == check["inspector_ids"]
        else:
            assert check["team_id"] is None


def test_plan_json_per_check_has_no_teams(per_check_plan) -> None:
    data = json.loads(per_check_plan.to_json())
    assert data["teams"] == []
    assert all(c["team_id"] is None for c in data["checks"])
    assert {c["directed"] for c in data["checks"]} == {None, "涉VOCs行业专项", "重点乡镇涉气行业专项"}


def test_plan_json_undrawable_entries(bundled, change_rules) -> None:
    scenario = change_rules(bundled("infeasible-annual-cap"), "quota", special=0.0)
    data = json.loads(solved(scenario).plan.to_json())
    assert data["undrawable"]
    for entry in data["undrawable"]:
        assert set(entry) == {"object_id", "reason"}
        assert entry["object_id"] in scenario.object_by_id and entry["reason"].strip()


def test_infeasible_result_has_no_plan(bundled) -> None:
    result = solved(bundled("infeasible-annual-cap"), explain=False)
    assert result.status is SolveStatus.INFEASIBLE and result.plan is None
    assert result.conflicts
