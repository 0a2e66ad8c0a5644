"""The smallest rule changes that make a plan exist, each verified by solving again.

For every rule family in conflict the candidate changes are searched (numbers by bisection on the
grid a planner would write: 1 % for shares, 1 for counts), and only changes under which `solve()`
finds a plan are proposed, smallest first. The quotas and shares of scenario.toml are minimums the
bureau is bound to: suggestions change resources (capacity, team size, a specialty, avoidance
options, directed counts), and lower a minimum only when the user allows it (`below_minimum`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction

from shuangsui.models.domain import Scenario, exact
from shuangsui.models.enums import CREDIT_TIERS, CapCounts, Tier
from shuangsui.models.rules import RuleFamily
from shuangsui.scheduler.pipeline import solve
from shuangsui.scheduler.result import SolveStatus, Suggestion

VERIFY_TIME_LIMIT = 10.0
SUGGEST_TIME_BUDGET = 90.0


class _Solves:
    """Re-solves of changed scenarios, cached, within one time budget."""

    def __init__(self, budget: float) -> None:
        self.deadline = time.monotonic() + budget
        self.cache: dict[str, tuple[bool, set[str] | None]] = {}  # conflicts None: not searched for

    def run(self, scenario: Scenario, conflicts: bool = True) -> tuple[bool, set[str]] | None:
        """(a plan exists, the rule families in conflict), or None when the budget is spent.

        `conflicts=False`: only whether a plan exists is wanted, and without a plan the families in
        conflict are not searched for (a set of them may then be incomplete): ~5x cheaper per re-solve.
        """
        if time.monotonic() > self.deadline:
            return None
        key = scenario.model_dump_json()
        cached = self.cache.get(key)
        if cached is None or (conflicts and cached[1] is None):
            result = solve(
                scenario, time_limit=VERIFY_TIME_LIMIT, prove_uniqueness=False, explain=False, name_conflicts=conflicts
            )
            found = result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
            families = {str(c.rule) for c in result.conflicts}
            cached = self.cache[key] = (found, families if conflicts or found else None)
        return cached[0], cached[1] or set()


class _Verifier:
    """Does a changed scenario work: a plan exists (or, for one step of a combined change, the
    family `resolves` is no longer among the conflicts)?"""

    def __init__(self, solves: _Solves, resolves: str | None = None) -> None:
        self.solves = solves
        self.resolves = resolves

    def feasible(self, scenario: Scenario) -> bool | None:
        outcome = self.solves.run(scenario, conflicts=self.resolves is not None)
        if outcome is None:
            return None
        found, conflicts = outcome
        return found or (self.resolves is not None and self.resolves not in conflicts)


def _largest(low: int, high: int, works: Callable[[int], bool | None]) -> int | None:
    """The largest v in [low, high] with works(v).

    Feasibility need not hold all the way down (cutting a quota too far can break the credit share),
    so a coarse descending probe first finds a working value, then bisection the largest one above it.
    """
    if high < low:
        return None
    step = max(1, (high - low) // 10)
    probes = list(range(high, low - 1, -step))
    if probes[-1] != low:
        probes.append(low)
    failed = high + 1
    for value in probes:
        if works(value):
            break
        failed = value
    else:
        return None
    best, top = value, failed - 1
    while best < top:
        mid = (best + top + 1) // 2
        if works(mid):
            best = mid
        else:
            top = mid - 1
    return best


def _smallest(low: int, high: int, works: Callable[[int], bool | None]) -> int | None:
    if not works(high):
        return None
    while low < high:
        mid = (low + high) // 2
        if works(mid):
            high = mid
        else:
            low = mid + 1
    return low


def _pct(x: Fraction | float) -> str:
    return f"{float(x) * 100:.0f}%"


def _set(scenario: Scenario, section: str, key: str, value: float | int) -> Scenario:
    rules = getattr(scenario.rules, section)
    return scenario.with_rules(**{section: rules.model_copy(update={key: value})})


def _lower(
    scenario: Scenario,
    check: _Verifier,
    rule: RuleFamily,
    path: str,
    label: str,
    *,
    unit: str = "%",
    floor: int = 0,
) -> Suggestion | None:
    """The mildest lowering of one numeric rule (`section.key`) under which a plan exists.

    Shares move on the 1 % grid a planner would write, counts by one.
    """
    section, key = path.split(".")
    current = getattr(getattr(scenario.rules, section), key)
    if unit == "%":
        top = math.ceil(exact(current) * 100) - 1  # the largest whole percent below `current`
        found = _largest(floor, top, lambda p: check.feasible(_set(scenario, section, key, p / 100)))
        value = None if found is None else found / 100
        old, new = _pct(current), None if value is None else _pct(value)
    else:
        top = current - 1
        value = _largest(floor, top, lambda n: check.feasible(_set(scenario, section, key, n)))
        old, new = f"{current} {unit}", f"{value} {unit}"
    if top < floor or value is None:
        return None
    return Suggestion(rule.value, f"把{label}从 {old} 降到 {new}", {path: value}, True)


def _quota(scenario: Scenario, check: _Verifier, tier: Tier) -> Suggestion | None:
    rule = RuleFamily.CREDIT_RISK_DRAWS if tier in CREDIT_TIERS else RuleFamily.POSITIVE_LIST
    return _lower(scenario, check, rule, f"quota.{tier.value}", f"{tier.zh}抽查比例")


def _directed(scenario: Scenario, check: _Verifier) -> list[Suggestion]:
    found = []
    blocks = scenario.rules.directed
    for index, block in enumerate(blocks):
        if block.count == 0:
            continue

        def make(n: int, index: int = index) -> Scenario:
            changed = list(blocks)
            changed[index] = blocks[index].model_copy(update={"count": n})
            return scenario.with_rules(directed=tuple(changed))

        n = _largest(0, block.count - 1, lambda v: check.feasible(make(v)))
        if n is not None:
            found.append(
                Suggestion(
                    RuleFamily.DIRECTED_DRAWS.value,
                    f"把定向抽查「{block.name}」从 {block.count} 家减到 {n} 家",
                    {f"directed[{block.name}].count": n},
                    True,
                )
            )
    return found


def _capacity(scenario: Scenario, check: _Verifier) -> Suggestion | None:
    def make(extra: int) -> Scenario:
        people = tuple(
            i.model_copy(update={"capacity": i.capacity + extra}) if i.eligible else i for i in scenario.inspectors
        )
        return scenario.model_copy(update={"inspectors": people})

    top = max(10, max((i.capacity for i in scenario.inspectors), default=0) * 2)
    extra = _smallest(1, top, lambda v: check.feasible(make(v)))
    if extra is None:
        return None
    return Suggestion(
        RuleFamily.CAPACITY.value,
        f"每名可派执法人员本期检查上限增加 {extra} 次（或增派人员）",
        {"inspectors.capacity": f"+{extra}"},
        True,
    )


def _specialties(scenario: Scenario, check: _Verifier) -> list[Suggestion]:
    """Give a specialty to the inspector(s) with most capacity who lack it: one, then two."""
    needed = sorted({scenario.item_by_id[i].specialty for o in scenario.objects for i in o.items})
    found = []
    for s in needed:
        lacking = sorted(
            (i for i in scenario.inspectors if i.eligible and s not in i.specialties),
            key=lambda i: (-i.capacity, i.inspector_id),
        )
        for count in (1, 2, 3):
            chosen = {i.inspector_id for i in lacking[:count]}
            if len(chosen) < count:
                break
            people = tuple(
                i.model_copy(update={"specialties": tuple(sorted({*i.specialties, s}))})
                if i.inspector_id in chosen
                else i
                for i in scenario.inspectors
            )
            if check.feasible(scenario.model_copy(update={"inspectors": people})):
                names = "、".join(f"{i.name}({i.inspector_id})" for i in lacking[:count])
                found.append(
                    Suggestion(
                        RuleFamily.SPECIALTY.value,
                        f"为 {names} 增加「{s}」专业资格（或增派具备{s}专业的执法人员 {count} 名）",
                        {"inspectors.specialties": {i.inspector_id: s for i in lacking[:count]}},
                        True,
                    )
                )
                break
    return found


def _avoidance(scenario: Scenario, check: _Verifier) -> list[Suggestion]:
    rules = scenario.rules.avoidance
    found = []
    if rules.own_township:
        changed = scenario.with_rules(avoidance=rules.model_copy(update={"own_township": False}))
        if check.feasible(changed):
            found.append(
                Suggestion(
                    RuleFamily.AVOIDANCE.value,
                    "取消本乡镇回避（own_township = false）",
                    {"avoidance.own_township": False},
                    True,
                )
            )
    if rules.repeat_window > 0:
        changed = scenario.with_rules(avoidance=rules.model_copy(update={"repeat_window": 0}))
        if check.feasible(changed):
            found.append(
                Suggestion(
                    RuleFamily.AVOIDANCE.value,
                    "取消近期检查人员回避（repeat_window = 0）",
                    {"avoidance.repeat_window": 0},
                    True,
                )
            )
    return found


def _annual_cap(scenario: Scenario, check: _Verifier) -> list[Suggestion]:
    """Avoidance options of the annual cap: count on-site checks only (v2 default), or one more."""
    rules = scenario.rules.avoidance
    if rules.annual_cap_counts is CapCounts.ALL:
        changed = scenario.with_rules(avoidance=rules.model_copy(update={"annual_cap_counts": CapCounts.ONSITE}))
        if check.feasible(changed):
            return [
                Suggestion(
                    RuleFamily.ANNUAL_CAP.value,
                    '年度抽查次数上限只计现场检查（annual_cap_counts = "onsite"）',
                    {"avoidance.annual_cap_counts": CapCounts.ONSITE.value},
                    True,
                )
            ]
    cap = rules.annual_cap
    changed = scenario.with_rules(avoidance=rules.model_copy(update={"annual_cap": cap + 1}))
    if check.feasible(changed):
        return [
            Suggestion(
                RuleFamily.ANNUAL_CAP.value,
                f"把年度抽查次数上限从 {cap} 次提高到 {cap + 1} 次",
                {"avoidance.annual_cap": cap + 1},
                True,
            )
        ]
    return []


def apply_change(scenario: Scenario, change: dict) -> Scenario:
    """A suggestion's machine-readable `change`, applied to the scenario."""
    for key, value in change.items():
        if key == "inspectors.capacity":  # "+3": every eligible inspector
            extra = int(str(value).lstrip("+"))
            people = tuple(
                i.model_copy(update={"capacity": i.capacity + extra}) if i.eligible else i for i in scenario.inspectors
            )
            scenario = scenario.model_copy(update={"inspectors": people})
        elif key == "inspectors.specialties":  # {inspector_id: specialty}
            people = tuple(
                i.model_copy(update={"specialties": tuple(sorted({*i.specialties, value[i.inspector_id]}))})
                if i.inspector_id in value
                else i
                for i in scenario.inspectors
            )
            scenario = scenario.model_copy(update={"inspectors": people})
        elif key.startswith("directed["):  # directed[NAME].count
            name = key[len("directed[") : -len("].count")]
            blocks = tuple(
                b.model_copy(update={"count": value}) if b.name == name else b for b in scenario.rules.directed
            )
            scenario = scenario.with_rules(directed=blocks)
        else:  # section.key of scenario.toml
            section, name = key.split(".")
            scenario = _set(scenario, section, name, value)
    return scenario


def suggest(scenario: Scenario, families: set[str], *, allow_below_minimum: bool = False) -> list[Suggestion]:
    """Verified changes for the given conflicting rule families: single changes where one suffices,
    otherwise combined changes (first steps each resolving one conflict, then a single change that
    makes a plan exist), verified as a whole.

    Resources are changed first (capacity, team size, a specialty, avoidance options, directed
    counts). A rule's minimum (quotas, credit share, positive coverage, joint shares) is lowered
    only with `allow_below_minimum`, and such suggestions say so (`below_minimum`)."""
    solves = _Solves(SUGGEST_TIME_BUDGET)
    found = _search(scenario, families, solves, below=False)
    if allow_below_minimum and not found:
        solves.deadline = time.monotonic() + SUGGEST_TIME_BUDGET  # its own budget; solves stay cached
        found = _search(scenario, families, solves, below=True)
    return found


def _search(scenario: Scenario, families: set[str], solves: _Solves, *, below: bool) -> list[Suggestion]:
    made: list[Suggestion] = []
    changed = scenario
    for _ in range(MAX_STEPS):
        outcome = solves.run(changed)
        if outcome is None:
            return []
        found, conflicts = outcome
        if found:  # the resolving steps alone made a plan exist
            return [_combine(made)] if made else []
        finishing = _single_changes(changed, conflicts | set(families), _Verifier(solves), below)
        if finishing:
            return [_combine([*made, last]) for last in finishing]
        step = _resolving_step(changed, conflicts, solves, below)
        if step is None:
            return []
        made.append(step)
        changed = apply_change(changed, step.change)
    return []


MAX_STEPS = 3


def _resolving_step(scenario: Scenario, conflicts: set[str], solves: _Solves, below: bool) -> Suggestion | None:
    """The first change (in rule order) that takes one conflicting family out of the conflict."""
    for target in (f.value for f in RuleFamily if f.value in conflicts):
        options = _single_changes(scenario, {target}, _Verifier(solves, resolves=target), below)
        if options:
            return options[0]
    return None


def _combine(steps: list[Suggestion]) -> Suggestion:
    if len(steps) == 1:
        return steps[0]
    rules = "+".join(dict.fromkeys(s.rule for s in steps))
    change = {k: v for s in steps for k, v in s.change.items()}
    below = any(s.below_minimum for s in steps)
    return Suggestion(rules, "同时修改：" + "；".join(s.message for s in steps), change, True, below)


# The draws' pools are short when objects are undrawable (specialty, avoidance, annual cap).
_POOLS = {RuleFamily.CREDIT_RISK_DRAWS, RuleFamily.POSITIVE_LIST, RuleFamily.INTER_DEPARTMENT}
_STAFF = {RuleFamily.CAPACITY, RuleFamily.GROUPS, RuleFamily.INTERNAL_JOINT}


def _resource_changes(scenario: Scenario, families: set[str], check: _Verifier) -> list[Suggestion | None]:
    """Changes of resources only, for the families they can help: capacity and team size (staff),
    specialties, avoidance options and the annual cap (pools of undrawable objects), directed counts."""
    found: list[Suggestion | None] = []
    if families & (_STAFF | {RuleFamily.SPECIALTY}):
        found.append(_capacity(scenario, check))
        found.append(_lower(scenario, check, RuleFamily.GROUPS, "teams.size", "现场检查组人数", unit="人", floor=2))
    if families & (_POOLS | {RuleFamily.SPECIALTY}):
        found += _specialties(scenario, check)
    if families & (_POOLS | _STAFF | {RuleFamily.AVOIDANCE, RuleFamily.SPECIALTY}):
        found += _avoidance(scenario, check)
    if families & (_POOLS | {RuleFamily.ANNUAL_CAP}):
        found += _annual_cap(scenario, check)
    if families & (_STAFF | {RuleFamily.DIRECTED_DRAWS, RuleFamily.CREDIT_SHARE, RuleFamily.SPECIALTY}):
        found += _directed(scenario, check)
    return found


def _below_minimum_changes(scenario: Scenario, families: set[str], check: _Verifier) -> list[Suggestion | None]:
    """Lowering a rule's minimum: quotas, credit share, positive coverage, joint shares."""
    found: list[Suggestion | None] = []
    if (
        RuleFamily.CREDIT_RISK_DRAWS in families
        or RuleFamily.INTERNAL_JOINT in families
        or RuleFamily.CAPACITY in families
    ):
        found += [_quota(scenario, check, t) for t in CREDIT_TIERS]
    if RuleFamily.POSITIVE_LIST in families or RuleFamily.INTERNAL_JOINT in families:
        found.append(_quota(scenario, check, Tier.POSITIVE))
    if RuleFamily.INTERNAL_JOINT in families:
        found.append(
            _lower(scenario, check, RuleFamily.INTERNAL_JOINT, "joint.internal_min_share", "内部联合抽查占比要求")
        )
    if RuleFamily.INTER_DEPARTMENT in families:
        found.append(
            _lower(
                scenario,
                check,
                RuleFamily.INTER_DEPARTMENT,
                "joint.inter_department_min",
                "部门联合抽查次数要求",
                unit="次",
            )
        )
    if RuleFamily.CREDIT_SHARE in families:
        found.append(_lower(scenario, check, RuleFamily.CREDIT_SHARE, "credit_risk.min_share", "信用风险抽查占比要求"))
    kept = [replace(s, below_minimum=True, message=s.message + "（低于规则要求）") for s in found if s is not None]
    # A tier quota cut to 0 is a last resort: offer it only when nothing else works.
    useful = [s for s in kept if not any(k.startswith("quota.") and v == 0 for k, v in s.change.items())]
    return list(useful or kept)


def _single_changes(scenario: Scenario, families: set[str], check: _Verifier, below: bool) -> list[Suggestion]:
    """Resource changes that work; with `below`, changes of a rule's minimum when none does."""
    kept = [s for s in _resource_changes(scenario, families, check) if s is not None]
    if kept or not below:
        return kept
    return [s for s in _below_minimum_changes(scenario, families, check) if s is not None]
