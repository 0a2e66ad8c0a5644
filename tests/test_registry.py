"""The rule registry (`scheduler.rules.FAMILIES`): each family once, builders in its own module, and
switches that are real: a family switched off for the explanation is really not posted."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model
from shuangsui.checker.rules import RULES
from shuangsui.models.domain import Conflict, Scenario
from shuangsui.models.enums import TeamMode
from shuangsui.models.rules import RuleFamily
from shuangsui.scheduler import rules
from shuangsui.scheduler.complete import build_complete
from shuangsui.scheduler.cpsat import Budget, Outcome, solve_stage
from shuangsui.scheduler.explain import FamilySwitches, conflicting_families
from shuangsui.scheduler.pipeline import solve
from shuangsui.scheduler.problem import Problem

BUILDERS = ("aggregate", "per_check", "standing", "fixed_teams", "fixed_team_filter")
# The conflicting families the bundled infeasible scenarios gave before the registry (feasibility.json).
BUNDLED_CONFLICTS = {
    "infeasible-capacity": ["credit_risk_draws", "capacity"],
    "infeasible-annual-cap": ["credit_risk_draws", "annual_cap"],
    "infeasible-missing-specialty": ["credit_risk_draws", "credit_risk_draws", "specialty"],
}


def test_every_contract_family_is_registered_once_with_the_checkers_name() -> None:
    registered = [f.rule for f in rules.FAMILIES]
    assert sorted(registered) == sorted(RuleFamily)  # each once
    assert {f.name for f in rules.FAMILIES} == {rule.value for rule in RULES}  # the checker's names
    assert set(rules.BY_RULE) == set(RuleFamily)


def test_builders_live_in_the_module_named_after_their_family() -> None:
    for family in rules.FAMILIES:
        for role in BUILDERS:
            builder = getattr(family, role)
            if builder is not None:
                assert builder.__module__ == f"shuangsui.scheduler.rules.{family.name}", (family.name, role)


def test_families_without_builders_say_where_they_are_enforced_and_are_never_switched_off() -> None:
    for family in rules.FAMILIES:
        built = any(getattr(family, role) is not None for role in BUILDERS) or family.narrows_candidates
        assert built or (family.enforced and not family.switchable), family.name
        assert not (built and family.enforced), family.name


def shape(problem: Problem, families: set[RuleFamily] | None, *, staffing_rules: bool) -> tuple[int, int]:
    """(constraints, variables) of the model built with `families` (None: all)."""
    model = cp_model.CpModel()
    build_complete(model, problem, staffing_rules=staffing_rules, families=families)
    return len(model.proto.constraints), len(model.proto.variables)


KINDS = [
    ("zhaoxian-2025Q1", False),  # the draw model (standing teams)
    ("zhaoxian-2025Q1", True),  # the complete standing model
    ("stress-per-check", True),  # the complete per-check model
]


@pytest.mark.parametrize(("name", "staffing_rules"), KINDS)
def test_every_offered_switch_removes_its_family(bundled, name: str, staffing_rules: bool) -> None:
    """Switched off, a family's constraints are gone (avoidance: its candidate filter too)."""
    scenario: Scenario = bundled(name)
    problem = Problem(scenario, scenario.rules.seed)
    standing = scenario.rules.teams.mode is TeamMode.STANDING
    offered = rules.switchable(staffing_rules=staffing_rules, standing=standing)
    assert offered, "nothing to switch"
    constraints, variables = shape(problem, set(offered), staffing_rules=staffing_rules)
    assert (constraints, variables) == shape(problem, None, staffing_rules=staffing_rules)
    for rule in offered:
        fewer, more = shape(problem, set(offered) - {rule}, staffing_rules=staffing_rules)
        family = rules.BY_RULE[rule]
        if family.narrows_candidates:
            assert more > variables, f"{rule}: the avoided pairs are still no candidates"
        else:
            assert fewer < constraints, f"{rule}: switched off but every constraint still posted"


@pytest.mark.parametrize(("name", "staffing_rules"), KINDS)
def test_what_cannot_be_switched_off_is_not_offered_and_always_posted(bundled, name: str, staffing_rules: bool) -> None:
    scenario: Scenario = bundled(name)
    problem = Problem(scenario, scenario.rules.seed)
    standing = scenario.rules.teams.mode is TeamMode.STANDING
    offered = set(rules.switchable(staffing_rules=staffing_rules, standing=standing))
    for family in rules.FAMILIES:
        if not family.switchable:
            assert family.rule not in offered
        elif family.rule not in offered:  # switchable elsewhere, but holds nothing in this model
            assert shape(problem, offered, staffing_rules=staffing_rules) == shape(
                problem, offered | {family.rule}, staffing_rules=staffing_rules
            )
    # Leaving out a family that cannot be switched off changes nothing: it is posted anyway.
    fixed = {f.rule for f in rules.FAMILIES if not f.switchable}
    assert shape(problem, offered, staffing_rules=staffing_rules) == shape(
        problem, offered | fixed, staffing_rules=staffing_rules
    )


def test_avoidance_switched_off_lets_avoided_pairs_be_candidates(bundled) -> None:
    """Per-check mode: avoidance lives in the candidate lists; switched off, an avoided pair is a candidate."""
    scenario: Scenario = bundled("stress-per-check")
    problem = Problem(scenario, scenario.rules.seed)
    avoided = {(o.object_id, k) for o in problem.drawable for k in problem.avoided(o)}
    assert avoided

    def pairs(families: set[RuleFamily]) -> set[tuple[str, int]]:
        model = cp_model.CpModel()
        build_complete(model, problem, families=families)
        names = [v.name for v in model.proto.variables if v.name.startswith("y[")]
        return {(n[2:-1].rsplit(",", 1)[0], int(n[2:-1].rsplit(",", 1)[1])) for n in names}

    everything = set(rules.switchable(staffing_rules=True, standing=False))
    assert not pairs(everything) & avoided
    assert pairs(everything - {RuleFamily.AVOIDANCE}) & avoided


def test_the_core_is_minimal_and_each_switch_makes_the_model_feasible(bundled) -> None:
    """infeasible-capacity: the core found is the one found before the registry; switching either of
    its families off (really not posting it) makes the complete model feasible."""
    scenario: Scenario = bundled("infeasible-capacity")
    problem = Problem(scenario, scenario.rules.seed)
    core = conflicting_families(problem, Budget.start(60, 1, prove=False), staffing_rules=True)
    assert [str(f) for f in core] == ["credit_risk_draws", "capacity"]

    def outcome(families: set[RuleFamily]) -> Outcome:
        model = cp_model.CpModel()
        build_complete(model, problem, families=families)
        return solve_stage(model, "registry test", Budget.start(60, 1, prove=False))[1]

    assert outcome(set(core)) is Outcome.INFEASIBLE
    for family in core:
        assert outcome(set(core) - {family}).found, family


@pytest.mark.parametrize("name", sorted(BUNDLED_CONFLICTS))
def test_bundled_infeasible_scenarios_keep_their_conflict_sets(bundled, name: str) -> None:
    result = solve(bundled(name), workers=1, prove_uniqueness=False)
    assert [str(c.rule) for c in result.conflicts] == BUNDLED_CONFLICTS[name]


def _radiation_avoided(scenario: Scenario) -> Scenario:
    """stress-tight-radiation with one of its three radiation inspectors avoiding every object that
    needs radiation: the conflict then holds avoidance (standing teams)."""
    holders = [i for i in scenario.inspectors if "辐射" in i.specialties]
    needing = [o for o in scenario.objects if any(scenario.item_by_id[x].specialty == "辐射" for x in o.items)]
    extra = tuple(
        Conflict(inspector_id=holders[0].inspector_id, object_id=o.object_id, reason="其他利害关系：测试")
        for o in needing
    )
    return scenario.model_copy(update={"conflicts": (*scenario.conflicts, *extra)})


def _short_staffed(scenario: Scenario) -> Scenario:
    """stress-per-check with every capacity cut to 3: the per-check model cannot staff the draw."""
    people = tuple(i.model_copy(update={"capacity": min(i.capacity, 3)}) for i in scenario.inspectors)
    return scenario.model_copy(update={"inspectors": people})


CORE = ["credit_risk_draws", "capacity", "specialty", "avoidance"]  # of _radiation_avoided
ALL = "all"


def _core(core: list[str]) -> list[tuple[list[str], bool]]:
    """A minimal conflict: infeasible, and feasible without any one of its families."""
    return [(core, True), *(([f for f in core if f != g], False) for g in core)]


SWITCHED = [  # (scenario, change, staffing rules, [(families on, infeasible)])
    ("infeasible-capacity", None, True, _core(["credit_risk_draws", "capacity"])),
    ("infeasible-capacity", None, False, _core(["credit_risk_draws", "capacity"])),
    # avoidance in the conflict: on (its wider candidates forbidden by its literal) and off
    ("stress-tight-radiation", _radiation_avoided, True, [(CORE, True), (CORE[:-1], False)]),
    ("stress-per-check", _short_staffed, True, [([ALL], True), ([ALL, "-capacity"], False)]),
]


def _families(offered: tuple[RuleFamily, ...], names: list[str]) -> set[RuleFamily]:
    if names[0] != ALL:
        return {RuleFamily(n) for n in names}
    return set(offered) - {RuleFamily(n[1:]) for n in names[1:]}


@pytest.mark.parametrize(("name", "change", "staffing_rules", "tried"), SWITCHED)
def test_families_switched_by_literal_are_the_model_built_without_them(
    bundled, name: str, change, staffing_rules: bool, tried: list[tuple[list[str], bool]]
) -> None:
    """The explanation builds one model with a literal per family: with a set of families switched on
    it is infeasible exactly when the model built with only those families is. The sets tried
    include minimal conflicts and the sets one family short of them, so both answers are covered, and
    avoidance switched off and on over its wider candidates."""
    scenario: Scenario = bundled(name) if change is None else change(bundled(name))
    problem = Problem(scenario, scenario.rules.seed)
    standing = scenario.rules.teams.mode is TeamMode.STANDING
    offered = rules.switchable(staffing_rules=staffing_rules, standing=standing)
    budget = Budget.start(120, 1, prove=False)
    switches = FamilySwitches(problem, offered, staffing_rules)

    def built(families: set[RuleFamily]) -> bool:
        model = cp_model.CpModel()
        build_complete(model, problem, staffing_rules=staffing_rules, families=families)
        return solve_stage(model, "registry test", budget)[1] is Outcome.INFEASIBLE

    subsets = [_families(offered, names) for names, _ in tried]
    expected = [infeasible for _, infeasible in tried]
    assert [built(s) for s in subsets] == expected
    assert [switches.infeasible(s, budget) for s in subsets] == expected


def test_avoidance_switched_by_literal_forbids_the_avoided_candidates(bundled) -> None:
    """Per check, the explanation's groups may hold avoided inspectors (for avoidance switched off); with
    its literal on, an avoided inspector put into a group makes the model infeasible."""
    scenario: Scenario = bundled("stress-per-check")
    problem = Problem(scenario, scenario.rules.seed)
    offered = rules.switchable(staffing_rules=True, standing=False)
    switches = FamilySwitches(problem, offered, staffing_rules=True)
    index = {v.name: i for i, v in enumerate(switches.model.proto.variables)}
    avoided = [f"y[{o.object_id},{k}]" for o in problem.drawable for k in sorted(problem.avoided(o))]
    pair = next(name for name in avoided if name in index)
    switches.model.add(switches.model.get_bool_var_from_proto_index(index[pair]) == 1)
    budget = Budget.start(60, 1, prove=False)
    assert switches.infeasible(set(offered), budget)
    assert not switches.infeasible(set(offered) - {RuleFamily.AVOIDANCE}, budget)


def test_teams_allowed_per_key_equals_every_test_on_every_team(default_scenario: Scenario, default_solved) -> None:
    """`TeamsAllowed` keeps the passing teams per key of the object; it must give what running every
    family's test on every team gives, for every object (specialties and avoidance differ by object)."""
    problem = Problem(default_scenario, default_solved.seed)
    index = problem.inspector_index
    members = [tuple(sorted(index[i] for i in team.inspector_ids)) for team in default_solved.plan.teams]
    allowed = rules.TeamsAllowed(problem, members)
    tests = [f.fixed_team_filter for f in rules.FAMILIES if f.fixed_team_filter is not None]
    some_differ = False
    for obj in default_scenario.objects:
        checks = [team_filter(problem, obj)[1] for team_filter in tests]
        expected = [t for t, team in enumerate(members) if all(check(team) for check in checks)]
        assert allowed.of(obj) == expected, obj.object_id
        some_differ |= len(expected) < len(members)
    assert some_differ  # the scenario has objects some teams may not take
    assert len(allowed.passing) < len(default_scenario.objects)  # a scan per key, not per object
