"""checker/rules/undrawable.py: the group search behind the undrawable rule.

Objects share a township's answer (the group found avoiding only the township's people) when none of
their own avoided people is in it; otherwise they get a search of their own. Either way the verdict
must be the one a search for the object alone gives, and a group named must be a real one."""

from __future__ import annotations

from shuangsui.checker import contract as k
from shuangsui.checker.core import Context
from shuangsui.checker.plan import as_plan_file
from shuangsui.checker.rules.undrawable import Memo, group_for
from shuangsui.models.domain import Conflict, Scenario


def _assert_exact(scenario: Scenario, plan) -> int:
    """Shared and per-object answers agree on every object and mode; returns how many objects have
    avoided people of their own."""
    ctx = Context(scenario, as_plan_file(plan))
    memo: Memo = {}
    own_count = 0
    for obj in scenario.objects:
        own = ctx.avoided_by_object.get(obj.object_id, set())
        own_count += bool(own)
        township = ctx.living_in.get(obj.township, set()) if scenario.rules.avoidance.own_township else set()
        avoided = own | township
        for mode in (k.ONSITE, k.OFFSITE):
            group, reason = group_for(ctx, obj, mode, memo)
            alone, alone_reason = group_for(ctx, obj, mode)  # no memo: a search for this object only
            assert (group is None) == (alone is None), (obj.object_id, mode)
            if group is None:
                assert reason == alone_reason
                continue
            size = scenario.rules.teams.size if mode == k.ONSITE else scenario.rules.teams.offsite_size
            assert len(group) == size and avoided.isdisjoint(group), (obj.object_id, mode, group)
            if mode == k.ONSITE:
                have = {s for i in group for s in ctx.inspectors[i].specialties}
                assert ctx.required_specialties(obj) <= have
    return own_count


def test_the_default_county(default_scenario: Scenario, default_solved) -> None:
    assert _assert_exact(default_scenario, default_solved.plan) > 0  # its conflicts and history count


def test_with_own_township_avoided(default_scenario: Scenario, default_solved, change_rules) -> None:
    """Inspectors also avoid their home township: the shared answers are per township."""
    changed = change_rules(default_scenario, "avoidance", own_township=True)
    assert _assert_exact(changed, default_solved.plan) > 0


def test_an_object_avoiding_its_townships_group_gets_its_own_search(default_scenario: Scenario, default_solved) -> None:
    """Every member of the group found for the township avoids one object: the shared answer is not
    its answer, and the object still gets the exact verdict (here: drawable by other people)."""
    ctx = Context(default_scenario, as_plan_file(default_solved.plan))
    checked = {c.object_id for c in default_solved.plan.checks}
    obj = next(
        o for o in default_scenario.objects if o.object_id not in checked and not ctx.avoided_by_object.get(o.object_id)
    )
    shared, _ = group_for(ctx, obj, k.ONSITE, {})
    assert shared is not None
    extra = tuple(Conflict(inspector_id=i, object_id=obj.object_id, reason="其他利害关系：测试") for i in shared)
    changed = default_scenario.model_copy(update={"conflicts": (*default_scenario.conflicts, *extra)})
    _assert_exact(changed, default_solved.plan)
    ctx = Context(changed, as_plan_file(default_solved.plan))
    own, _ = group_for(ctx, obj, k.ONSITE, {})
    assert own is not None and set(own).isdisjoint(shared)
