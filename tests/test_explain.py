"""When no plan exists: the conflicting rule families, in concrete numbers, and suggestions that work.

Every suggestion is applied here to the scenario, independently of the planner's own verification,
and the changed scenario must give a plan that the independent checker accepts.
"""

from __future__ import annotations

import re

import pytest
from ortools.sat.python import cp_model
from shuangsui.app.plan import plan_period
from shuangsui.app.suggest import apply_change
from shuangsui.checker import check_plan
from shuangsui.models.domain import DirectedDraw, Scenario
from shuangsui.models.rules import RuleFamily
from shuangsui.reports.labels import NO_RESOURCE_CHANGE, resource_note
from shuangsui.scheduler import SolveStatus
from shuangsui.scheduler.complete import build_complete
from shuangsui.scheduler.cpsat import Budget, Outcome, solve_stage
from shuangsui.scheduler.precheck import precheck
from shuangsui.scheduler.problem import Problem

TIME_LIMIT = 60
# The keys of scenario.toml that are minimums the bureau is bound to (contract v2 reading of issue 7).
MINIMUMS = {
    "quota.special",
    "quota.key",
    "quota.general",
    "quota.positive",
    "credit_risk.min_share",
    "joint.internal_min_share",
    "joint.inter_department_min",
}


def solved(scenario: Scenario, **kw: object):
    return plan_period(scenario, time_limit=TIME_LIMIT, **kw)


def rules_of(result) -> set[str]:
    return {str(c.rule) for c in result.conflicts}


def message_of(result, rule: RuleFamily) -> str:
    return "\n".join(c.message for c in result.conflicts if c.rule == rule)


def assert_resources_only(result) -> None:
    """No suggestion goes below a rule's minimum unless the user asked for it."""
    for s in result.suggestions:
        assert not s.below_minimum and not MINIMUMS & set(s.change), s
        assert "低于规则要求" not in s.message


def assert_suggestions_work(scenario: Scenario, result, change_rules) -> list[str]:
    """Every suggestion is verified, and applying it gives a plan the checker accepts."""
    assert result.suggestions, "no suggestion"
    worked = []
    for s in result.suggestions:
        assert s.verified and s.change and s.message
        assert s.rule in {f.value for f in RuleFamily}
        changed = apply_change(scenario, s.change)
        fixed = solved(changed, prove_uniqueness=False, explain=False)
        assert fixed.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE), (s.change, fixed.status)
        violations = check_plan(changed, fixed.plan)
        assert violations == [], (s.change, [v.message for v in violations])
        worked.append(s.rule)
    return worked


# ---------------------------------------------------------------- bundled infeasible scenarios


def test_missing_specialty(bundled, change_rules) -> None:
    scenario = bundled("infeasible-missing-specialty")
    result = solved(scenario)
    assert result.status is SolveStatus.INFEASIBLE and result.plan is None
    assert RuleFamily.SPECIALTY in rules_of(result)
    text = message_of(result, RuleFamily.SPECIALTY)
    assert "辐射" in text and re.search(r"\d+ 家", text), text
    draws = message_of(result, RuleFamily.CREDIT_RISK_DRAWS)
    assert "需抽 2 家" in draws and "可抽仅 0 家" in draws, draws  # special C and D: 2 each, none drawable
    assert_resources_only(result)
    worked = assert_suggestions_work(scenario, result, change_rules)
    assert RuleFamily.SPECIALTY in worked


def test_capacity_shortfall(bundled, change_rules) -> None:
    scenario = bundled("infeasible-capacity")
    result = solved(scenario)
    assert result.status is SolveStatus.INFEASIBLE and result.plan is None
    assert RuleFamily.CAPACITY in rules_of(result)
    text = message_of(result, RuleFamily.CAPACITY)
    # 35 on-site checks of 2 people (+ off-site) need 72; the 9 eligible inspectors have 54
    assert re.search(r"\b72\b", text) and re.search(r"\b54\b", text) and re.search(r"\b35\b", text), text
    assert_resources_only(result)
    worked = assert_suggestions_work(scenario, result, change_rules)
    assert RuleFamily.CAPACITY in worked


def test_annual_cap(bundled, change_rules) -> None:
    scenario = bundled("infeasible-annual-cap")
    result = solved(scenario)
    assert result.status is SolveStatus.INFEASIBLE and result.plan is None
    assert RuleFamily.ANNUAL_CAP in rules_of(result)
    text = message_of(result, RuleFamily.ANNUAL_CAP)
    assert "已现场检查 2 次" in text and "上限 2 次" in text, text
    assert_resources_only(result)
    worked = assert_suggestions_work(scenario, result, change_rules)
    assert RuleFamily.ANNUAL_CAP in worked
    changes = [s.change for s in result.suggestions if s.rule == RuleFamily.ANNUAL_CAP]
    assert {"avoidance.annual_cap": 3} in changes


# ---------------------------------------------------------------- infeasible cases built in code


@pytest.mark.slow
def test_internal_joint_share_too_high(default_scenario, change_rules) -> None:
    """95 % of 105 checks = 100 joint checks, but off-site checks have one person (>= 20 of them):
    no resource change helps, and the share is lowered only when asked (marked below minimum)."""
    scenario = change_rules(default_scenario, "joint", internal_min_share=0.95)
    result = solved(scenario, allow_below_minimum=True)
    assert result.status is SolveStatus.INFEASIBLE and result.plan is None
    assert RuleFamily.INTERNAL_JOINT in rules_of(result)
    text = message_of(result, RuleFamily.INTERNAL_JOINT)
    assert re.search(r"\b100\b", text) and re.search(r"\b105\b", text), text
    assert result.suggestions and all(s.below_minimum and "低于规则要求" in s.message for s in result.suggestions)
    assert resource_note(result.suggestions, True).startswith(NO_RESOURCE_CHANGE)
    worked = assert_suggestions_work(scenario, result, change_rules)
    assert RuleFamily.INTERNAL_JOINT in worked


def onsite_partners(scenario: Scenario) -> int:
    problem = Problem(scenario)
    return sum(1 for o in problem.drawable if o.partner_departments and "onsite" in problem.modes(o))


def test_inter_department_minimum_above_partner_objects(default_scenario, change_rules) -> None:
    partners = onsite_partners(default_scenario)
    assert 20 <= partners < sum(1 for o in default_scenario.objects if o.partner_departments)
    scenario = change_rules(default_scenario, "joint", inter_department_min=partners + 9)
    result = solved(scenario, explain=False)
    assert result.status is SolveStatus.INFEASIBLE and result.plan is None
    assert RuleFamily.INTER_DEPARTMENT in rules_of(result)
    text = message_of(result, RuleFamily.INTER_DEPARTMENT)
    assert re.search(rf"\b{partners + 9}\b", text) and re.search(rf"\b{partners}\b", text), text
    assert result.suggestions == ()  # explain=False: no suggestion search


def test_minimum_kept_unless_asked(default_scenario, change_rules) -> None:
    """No resource change gives more on-site objects with partners: without the option there is no
    suggestion and the result says so; with it, the minimum is lowered and marked."""
    partners = onsite_partners(default_scenario)
    scenario = change_rules(default_scenario, "joint", inter_department_min=partners + 1)
    kept = solved(scenario)
    assert kept.status is SolveStatus.INFEASIBLE and kept.suggestions == ()
    note = resource_note(kept.suggestions, False)
    assert note and note.startswith(NO_RESOURCE_CHANGE) and "--allow-below-minimum" in note
    lowered = solved(scenario, allow_below_minimum=True)
    (s,) = lowered.suggestions
    assert s.below_minimum and s.change == {"joint.inter_department_min": partners}
    assert "低于规则要求" in s.message


def test_credit_share_below_minimum(default_scenario, change_rules) -> None:
    """80 credit-risk draws and 30 directed: 72.7 % < 80 %."""
    block = DirectedDraw(name="大量定向", tiers=("general",), count=30).model_dump(mode="json")
    scenario = change_rules(default_scenario, "", directed=[block])
    result = solved(scenario)
    assert result.status is SolveStatus.INFEASIBLE and result.plan is None
    assert RuleFamily.CREDIT_SHARE in rules_of(result)
    text = message_of(result, RuleFamily.CREDIT_SHARE)
    assert re.search(r"\b80\b", text) and re.search(r"\b30\b", text), text
    worked = assert_suggestions_work(scenario, result, change_rules)
    assert RuleFamily.CREDIT_SHARE in worked or RuleFamily.DIRECTED_DRAWS in worked


@pytest.mark.parametrize("name", ["infeasible-missing-specialty", "infeasible-annual-cap"])
def test_conflicts_without_suggestions_when_not_asked(bundled, name: str) -> None:
    result = solved(bundled(name), explain=False)
    assert result.status is SolveStatus.INFEASIBLE
    assert result.conflicts and result.suggestions == ()
    assert all(str(c.rule) in {f.value for f in RuleFamily} and c.message for c in result.conflicts)


@pytest.mark.slow
def test_two_independent_conflicts_get_one_combined_suggestion_that_works(default_scenario, change_rules) -> None:
    # The inter-department minimum exceeds the objects with partners (a count conflict, found first),
    # and the joint share is out of reach: no single change can make a plan exist.
    scenario = change_rules(default_scenario, "joint", internal_min_share=0.9, inter_department_min=60)
    result = solved(scenario, allow_below_minimum=True)
    assert result.status is SolveStatus.INFEASIBLE
    combined = [s for s in result.suggestions if "+" in s.rule]
    assert combined, result.suggestions
    for suggestion in combined:
        assert suggestion.message.startswith("同时修改")
        assert {"joint.inter_department_min"} <= set(suggestion.change)
        fixed = apply_change(scenario, suggestion.change)
        assert solved(fixed, explain=False).status is SolveStatus.OPTIMAL


# ---------------------------------------------------------------- the conflict set is minimal


def model_status(problem: Problem, families: set[RuleFamily], *, staffing_rules: bool) -> Outcome:
    """CP-SAT's verdict on the model built with only `families` switched on (explain.py's switches:
    `build_complete(..., families=...)`); `staffing_rules=False` is the draw model, staffing as totals."""
    model = cp_model.CpModel()
    build_complete(model, problem, staffing_rules=staffing_rules, families=families)
    _, status, _ = solve_stage(model, "minimality", Budget.start(TIME_LIMIT, 2))
    return status


def test_model_conflict_set_is_minimal(bundled) -> None:
    """infeasible-capacity: the reported families cannot hold together, and dropping any one of them
    (the other families of the set kept) gives a model with a solution."""
    scenario = bundled("infeasible-capacity")
    result = solved(scenario, explain=False)
    core = {RuleFamily(c.rule) for c in result.conflicts}
    assert core == {RuleFamily.CREDIT_RISK_DRAWS, RuleFamily.CAPACITY}
    problem = Problem(scenario)
    # the explanation searched the draw model when the draw alone was infeasible, else the complete one
    staffing = model_status(problem, core, staffing_rules=False) is not Outcome.INFEASIBLE
    assert model_status(problem, core, staffing_rules=staffing) is Outcome.INFEASIBLE
    for family in core:
        assert model_status(problem, core - {family}, staffing_rules=staffing).found, family


@pytest.mark.parametrize(
    ("name", "data_rule"),
    [("infeasible-missing-specialty", RuleFamily.SPECIALTY), ("infeasible-annual-cap", RuleFamily.ANNUAL_CAP)],
)
def test_count_conflict_set_is_minimal(bundled, change_rules, monkeypatch, name: str, data_rule: RuleFamily) -> None:
    """The two bundled scenarios whose conflict is visible from counts (precheck): the credit-risk
    draws and a rule that makes objects undrawable. Without the draws' rule the complete model (every
    other family on) has a solution; without the other rule (the cap lifted; specialties not required)
    nothing is undrawable by it, no count conflict is left and the complete model has a solution too."""
    scenario = bundled(name)
    result = solved(scenario, explain=False)
    assert {RuleFamily(c.rule) for c in result.conflicts} == {RuleFamily.CREDIT_RISK_DRAWS, data_rule}
    assert not result.stages  # found from counts, before any model
    every = set(RuleFamily)  # every family on (families that cannot be switched off are always on)
    problem = Problem(scenario)
    assert problem.undrawable and model_status(problem, every, staffing_rules=True) is Outcome.INFEASIBLE
    assert model_status(problem, every - {RuleFamily.CREDIT_RISK_DRAWS}, staffing_rules=True).found

    if data_rule is RuleFamily.ANNUAL_CAP:
        lifted = Problem(change_rules(scenario, "avoidance", annual_cap=99))
    else:
        monkeypatch.setattr(Problem, "required", lambda self, obj, mode: frozenset())
        lifted = Problem(scenario)
    assert not [u for u in lifted.undrawable.values() if u.rule is data_rule] and precheck(lifted) == []
    assert model_status(lifted, every, staffing_rules=True).found


def test_a_re_solve_names_conflicts_only_when_asked(default_scenario, change_rules, monkeypatch) -> None:
    """Suggestion re-solves that only ask whether a plan exists skip the conflict search; a later
    question that needs the families in conflict solves again and gets them."""
    import shuangsui.app.suggest as suggest_module

    calls: list[bool] = []
    real = suggest_module.solve

    def counting(scenario: Scenario, **kw):
        calls.append(kw["name_conflicts"])
        return real(scenario, **kw)

    monkeypatch.setattr(suggest_module, "solve", counting)
    scenario = change_rules(default_scenario, "joint", internal_min_share=0.95)
    solves = suggest_module._Solves(60.0)
    assert solves.run(scenario, conflicts=False) == (False, set())
    assert solves.run(scenario, conflicts=False) == (False, set())  # cached
    found, named = solves.run(scenario)
    assert not found and RuleFamily.INTERNAL_JOINT.value in named
    assert solves.run(scenario, conflicts=False) == (False, named)  # the fuller answer is kept
    assert calls == [False, True]
    assert solved(scenario, explain=False).conflicts  # `plan` itself still names them
