"""Contract v2, rule 2: inter-department checks are chosen on-site checks with the first listed partner."""

from __future__ import annotations

import pytest
from shuangsui.models.domain import Scenario
from shuangsui.models.enums import Joint, Mode
from shuangsui.scheduler import solve
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.rules.inter_department import choose


@pytest.fixture(scope="module")
def three(default_scenario: Scenario, change_rules) -> tuple[Scenario, object]:
    """The default county asking for 3 inter-department checks; the partner lists reversed where
    they name two departments, so that "first listed" differs from "alphabetically first"."""
    swapped = tuple(
        o.model_copy(update={"partner_departments": tuple(sorted(o.partner_departments, reverse=True))})
        for o in default_scenario.objects
    )
    scenario = change_rules(default_scenario.model_copy(update={"objects": swapped}), "joint", inter_department_min=3)
    return scenario, solve(scenario, workers=1, explain=False)


def test_joint_checks_are_on_site_with_the_first_listed_partner(three, assert_plan_ok) -> None:
    scenario, result = three
    plan = assert_plan_ok(scenario, result)
    joint = [c for c in plan.checks if c.joint == Joint.INTER_DEPARTMENT]
    assert len(joint) == 3  # exactly the minimum
    for c in joint:
        listed = scenario.object_by_id[c.object_id].partner_departments
        assert c.mode == Mode.ONSITE and c.partner_department == listed[0]
    others = [c for c in plan.checks if c.joint != Joint.INTER_DEPARTMENT]
    assert all(c.partner_department is None for c in others)
    assert all(c.joint == (Joint.INTERNAL if c.internal_joint else Joint.NONE) for c in others)
    units = {i.inspector_id: i.unit for i in scenario.inspectors}
    assert all(c.internal_joint == (len({units[i] for i in c.inspector_ids}) >= 2) for c in plan.checks)
    # Off-site checks of objects with partners stay ordinary checks.
    offsite = [
        c for c in plan.checks if c.mode == Mode.OFFSITE and scenario.object_by_id[c.object_id].partner_departments
    ]
    assert offsite and all(c.partner_department is None for c in offsite)


def test_which_checks_are_joint_is_part_of_the_seeded_draw(three) -> None:
    scenario, result = three
    problem = Problem(scenario)
    modes = {c.object_id: Mode(c.mode) for c in result.plan.checks}
    chosen = [choose(problem, modes, seed) for seed in range(8)]
    assert len({frozenset(c) for c in chosen}) > 1  # the seed decides
    listed = {oid: scenario.object_by_id[oid].partner_departments for c in chosen for oid in c}
    assert all(partner == listed[oid][0] for c in chosen for oid, partner in c.items())
    assert any(names[0] != min(names) for names in listed.values())  # first listed, not alphabetical
    assert choose(problem, modes, result.plan.seed) == {
        c.object_id: c.partner_department for c in result.plan.checks if c.joint == Joint.INTER_DEPARTMENT
    }
