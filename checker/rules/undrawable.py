"""undrawable (contract v2, issue 7): the plan's `undrawable` list is correct AND complete.

An object is undrawable when no eligible group could check it in any mode its draws would give it:
the annual cap is reached for that mode, fewer than the group size of eligible inspectors are free of
avoidance and have capacity for that one check, or (on site) no such group of `size` covers its
required specialties. Every such object that the plan does not check must be listed; every listed one
must really be undrawable, unchecked, known and listed once.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from typing import Any

from shuangsui.checker import contract as k
from shuangsui.checker.core import Context, Findings
from shuangsui.models.rules import RuleFamily

RULE = RuleFamily.UNDRAWABLE
LISTED = 10  # ids named in one summary message


def modes(ctx: Context, obj: Any) -> list[str]:
    """The modes the object's possible draws give it: its tier's draw and any matching directed block."""
    tier = k.value(obj.tier)
    draws = [k.FULL_COVERAGE if tier == k.POSITIVE else k.CREDIT_RISK]
    if any(b.count > 0 and k.block_matches(b, obj) for b in ctx.rules.directed):
        draws.append(k.DIRECTED)
    return sorted({ctx.expected_mode(obj, d) for d in draws})


Group = tuple[list[str] | None, str]
Memo = dict[tuple[str, frozenset[str], frozenset[str]], Group]


def group_for(ctx: Context, obj: Any, mode: str, memo: Memo | None = None) -> Group:
    """A group that could check `obj` in `mode` (its ids), or None and the reason it cannot.

    Past the annual cap the answer depends only on the mode, the people avoided and the specialties
    required: `memo` keeps it by those (thousands of objects share a handful of answers). An object's
    own avoided people (conflicts, recent checks) are few: a group found for its township's alone
    that none of them is in is a group for the object too, so most objects need no search of their own."""
    cap = ctx.rules.avoidance.annual_cap
    done = ctx.year_count(obj.object_id)
    if done + ctx.counts_toward_cap(mode) > cap:
        return None, f"annual_cap: 本年度已检查 {done} 次，达到年度上限 {cap} 次"
    own = ctx.avoided_by_object.get(obj.object_id, set())
    shared = ctx.living_in.get(obj.township, set()) if ctx.rules.avoidance.own_township else set()
    required = ctx.required_specialties(obj) if mode == k.ONSITE else frozenset()
    if memo is not None and own:
        group, _ = _remembered(ctx, memo, (mode, frozenset(shared), frozenset(required)))
        if group is not None and own.isdisjoint(group):
            return group, ""
    return _remembered(ctx, memo, (mode, frozenset(own | shared), frozenset(required)))


def _remembered(ctx: Context, memo: Memo | None, key: tuple[str, frozenset[str], frozenset[str]]) -> Group:
    if memo is not None and key in memo:
        return memo[key]
    found = _group(ctx, *key)
    if memo is not None:
        memo[key] = found
    return found


def _group(ctx: Context, mode: str, avoided: frozenset[str], required: frozenset[str]) -> Group:
    t = ctx.rules.teams
    size = t.size if mode == k.ONSITE else t.offsite_size
    load = Fraction(1) if mode == k.ONSITE else k.decimal(t.offsite_weight)
    able = ctx.able(load)
    if len(able) < size:
        return None, f"capacity: 有检查能力的执法人员不足 {size} 人"
    free = [i for i in able if i.inspector_id not in avoided]
    if len(free) < size:
        return None, f"avoidance: 回避后可派执法人员不足 {size} 人（仅 {len(free)} 人）"
    if mode == k.OFFSITE:
        return [i.inspector_id for i in free[:size]], ""
    found = k.cover(required, [(i.inspector_id, i.specialties) for i in free], size)
    if found is None:
        return None, f"specialty: {size} 人的检查组无法覆盖所需专业 {'、'.join(sorted(required))}"
    group = found + [i.inspector_id for i in free if i.inspector_id not in found]
    return group[:size], ""


def drawable_by(ctx: Context, obj: Any, memo: Memo | None = None) -> tuple[list[str] | None, str, str]:
    """(group, mode, "") for the first mode some group could check it in; else (None, mode, reason)."""
    reason, last = "", k.ONSITE
    for mode in modes(ctx, obj):
        group, why = group_for(ctx, obj, mode, memo)
        if group is not None:
            return group, mode, ""
        reason, last = reason or why, mode
    return None, last, reason


def check(ctx: Context, out: Findings) -> None:
    """Listed objects are really undrawable (and unchecked); unlisted unchecked objects are drawable."""
    checked = {c.object_id for c in ctx.checks}
    listed = Counter(u.object_id for u in ctx.plan.undrawable)
    missing: list[tuple[str, str]] = []
    memo: Memo = {}
    for object_id, n in listed.items():
        if n > 1:
            out.add(RULE, f"{ctx.obj(object_id)} 在 undrawable 中重复列出 {n} 次", object_id)
        if object_id not in ctx.objects:
            out.add(RULE, f"undrawable 中的对象 {object_id} 不在检查对象名录库中", object_id)
        elif object_id in checked:
            out.add(RULE, f"{ctx.obj(object_id)} 列为不可抽取，却在计划中被检查", object_id)
    for obj in ctx.sc.objects:
        oid = obj.object_id
        if oid in checked:
            continue
        group, mode, reason = drawable_by(ctx, obj, memo)
        if oid in listed and group is not None:
            out.add(RULE, f"{ctx.obj(oid)} 列为不可抽取，但可由 {'、'.join(group)} 检查（{k.MODE_ZH[mode]}）", oid)
        elif oid not in listed and group is None:
            missing.append((oid, reason))
    for oid, reason in missing:
        out.add(RULE, f"{ctx.obj(oid)} 无任何可派检查组（{reason}），但未列入 undrawable (incomplete)", oid)
    required = f"所列 {len(listed)} 个对象确实不可抽取且未被检查；不可抽取的对象全部列出"
    out.prohibition(RULE, required)
