"""The checker's core: findings, the audit context built once, `evaluate()` and `check_plan()`.

Every rule family (models/rules.py `RuleFamily`) has one module in `checker/rules/` with one function
`check(ctx, out)`: it reads the context (the scenario's directories and the plan, both as data) and
records violations and the family's outcome row in `out`. The context computes all of its indexes
in its constructor and is never changed afterwards, so the rule modules can run in any order.

Conventions: `slack` is positive (or zero) when a rule holds and negative when it is broken, in the
rule's natural unit (checks, capacity units, percentage points); prohibition rules ("0 violations")
have no numeric slack. The mode of a check for the group, specialty and capacity rules is the mode
the plan declares (the MODE rule separately says whether that mode is the right one).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from shuangsui.checker import contract as k
from shuangsui.checker.plan import PlanCheck, PlanFile, as_plan_file
from shuangsui.models.domain import Scenario
from shuangsui.models.rules import RuleFamily

__all__ = ["Context", "Evaluation", "Findings", "RuleOutcome", "StratumRow", "Violation", "check_plan", "evaluate"]


@dataclass(frozen=True)
class Violation:
    """One broken rule: the family, a concrete Chinese message, and the object / inspector concerned."""

    rule: RuleFamily
    message: str
    object_id: str | None = None
    inspector_id: str | None = None


@dataclass(frozen=True)
class RuleOutcome:
    """One row of the rule table in reports."""

    rule: RuleFamily
    required: str  # e.g. "≥ 33 次（全部 110 次的 30%）"
    achieved: str  # e.g. "41 次（37.3%）"
    slack: float | None  # >= 0 when the rule holds; None for prohibitions
    ok: bool
    tight: bool  # holds with no room left (slack 0, or a share within one check of its bound)


@dataclass(frozen=True)
class StratumRow:
    """Tier x credit class: population, required credit-risk draws, drawn credit-risk checks."""

    tier: str
    credit_risk: str
    population: int
    required: int
    drawn: int


@dataclass(frozen=True)
class Evaluation:
    """Everything the checker found: violations (in RuleFamily order), one outcome per family, strata."""

    violations: tuple[Violation, ...]
    outcomes: tuple[RuleOutcome, ...]
    strata: tuple[StratumRow, ...]

    @property
    def ok(self) -> bool:
        return not self.violations

    def of(self, rule: RuleFamily) -> list[Violation]:
        return [v for v in self.violations if v.rule is rule]


@dataclass
class Findings:
    """What the rule modules record (the only thing they write)."""

    found: dict[RuleFamily, list[Violation]] = field(default_factory=lambda: {r: [] for r in RuleFamily})
    outcomes: dict[RuleFamily, RuleOutcome] = field(default_factory=dict)
    strata: list[StratumRow] = field(default_factory=list)

    def add(self, rule: RuleFamily, message: str, obj: str | None = None, insp: str | None = None) -> None:
        self.found[rule].append(Violation(rule, message, obj, insp))

    def prohibition(self, rule: RuleFamily, required: str = "0 处违规", unit: str = "处") -> None:
        n = len(self.found[rule])
        self.outcomes[rule] = RuleOutcome(rule, required, f"{n} {unit}违规", None, n == 0, False)

    def measured(
        self, rule: RuleFamily, required: str, achieved: str, slack: float | None, tight: bool | None = None
    ) -> None:
        ok = not self.found[rule]
        if tight is None:
            tight = slack is not None and slack == 0
        self.outcomes[rule] = RuleOutcome(rule, required, achieved, slack, ok, ok and tight)


class Context:
    """The scenario and the plan, with every index the rules need, computed once here."""

    def __init__(self, scenario: Scenario, plan: PlanFile) -> None:
        self.sc = scenario
        self.rules = scenario.rules
        self.plan = plan
        self.checks: tuple[PlanCheck, ...] = plan.checks
        self.objects = {o.object_id: o for o in scenario.objects}
        self.inspectors = {i.inspector_id: i for i in scenario.inspectors}
        self.items = {i.item_id: i for i in scenario.items}
        # v2 fields, read defensively so that the checker reads any scenario model
        self.onsite_items = frozenset(i.item_id for i in scenario.items if getattr(i, "onsite_required", False))
        avoidance = self.rules.avoidance
        self.cap_counts_all = k.value(getattr(avoidance, "annual_cap_counts", "onsite")) == "all"
        self.conflicts = {(c.inspector_id, c.object_id) for c in scenario.conflicts}
        self.recent, self.year_onsite, self.year_all = self._history()
        self.may_check = [i for i in scenario.inspectors if k.may_be_drawn(i)]
        self._able_by_load: dict[Fraction, list[Any]] = {}  # filled by able(): the same for every object
        self.avoided_by_object: dict[str, set[str]] = defaultdict(set)
        for inspector_id, object_id in self.conflicts | self.recent:
            self.avoided_by_object[object_id].add(inspector_id)
        self.living_in: dict[str, set[str]] = defaultdict(set)
        for i in scenario.inspectors:
            if i.home_township:
                self.living_in[i.home_township].add(i.inspector_id)

    def able(self, load: Fraction) -> list[Any]:
        """The inspectors who may be drawn and have capacity for one check of `load` (computed once per load)."""
        if load not in self._able_by_load:
            self._able_by_load[load] = [i for i in self.may_check if i.capacity >= load]
        return self._able_by_load[load]

    def _history(self) -> tuple[set[tuple[str, str]], Counter[str], Counter[str]]:
        """(inspector, object) pairs within the repeat window; earlier on-site / all checks this year."""
        now = k.quarter(self.rules.period)
        window = self.rules.avoidance.repeat_window
        recent: set[tuple[str, str]] = set()
        onsite: Counter[str] = Counter()
        every: Counter[str] = Counter()
        for h in self.sc.history:
            then = k.quarter(h.period)
            if now is None or then is None:
                continue
            if 1 <= now - then <= window:
                recent.update((i, h.object_id) for i in h.inspector_ids)
            if then // 4 == now // 4 and then < now:
                every[h.object_id] += 1
                onsite[h.object_id] += k.value(h.mode) == k.ONSITE
        return recent, onsite, every

    # ------------------------------------------------ small helpers (pure)

    def obj(self, object_id: str) -> str:
        o = self.objects.get(object_id)
        if o is None or o.confidential:  # confidential names never leave the directory
            return f"对象 {object_id}"
        return f"对象 {object_id}（{o.name}）"

    def who(self, inspector_id: str) -> str:
        i = self.inspectors.get(inspector_id)
        return f"人员 {inspector_id}（{i.name}）" if i else f"人员 {inspector_id}"

    def mode_of(self, check: PlanCheck) -> str:
        """The declared mode; the right one when the declared value is not a mode at all."""
        if check.mode in k.MODES:
            return check.mode
        o = self.objects.get(check.object_id)
        return self.expected_mode(o, check.draw) if o else k.ONSITE

    def expected_mode(self, obj: Any, draw: str) -> str:
        return k.expected_mode(obj, draw, self.onsite_items)

    def required_specialties(self, obj: Any) -> frozenset[str]:
        return frozenset(self.items[i].specialty for i in obj.items if i in self.items)

    def year_count(self, object_id: str) -> int:
        """Earlier checks of the object this calendar year that count toward the annual cap."""
        return (self.year_all if self.cap_counts_all else self.year_onsite)[object_id]

    def counts_toward_cap(self, mode: str) -> bool:
        return self.cap_counts_all or mode == k.ONSITE

    def avoidance(self, inspector_id: str, object_id: str) -> list[str]:
        """Why this inspector must not check this object (empty: he may)."""
        reasons = []
        if (inspector_id, object_id) in self.conflicts:
            reasons.append("回避关系 (conflicts)")
        if (inspector_id, object_id) in self.recent:
            reasons.append(f"近 {self.rules.avoidance.repeat_window} 期内检查过该对象 (repeat_window)")
        if self.rules.avoidance.own_township:
            i, o = self.inspectors.get(inspector_id), self.objects.get(object_id)
            if i and o and i.home_township and i.home_township == o.township:
                reasons.append(f"本人所在乡镇「{o.township}」(own_township)")
        return reasons

    def units(self, check: PlanCheck) -> set[str]:
        return {self.inspectors[i].unit for i in check.inspector_ids if i in self.inspectors}


def evaluate(scenario: Scenario, plan: Any) -> Evaluation:
    """Check every rule of the contract against a plan.

    Parameters
    ----------
    scenario
        The scenario (read as data only).
    plan
        A `PlanFile` (from `load_plan`), a plan.json mapping, or any plan object with `to_dict()`
        (such as the planner's), which is read through its JSON form.

    Returns
    -------
    Evaluation
        All violations and one outcome row per rule family, in `RuleFamily` order.
    """
    from shuangsui.checker.rules import RULES

    ctx = Context(scenario, as_plan_file(plan))
    out = Findings()
    for rule in RuleFamily:
        check = RULES.get(rule)
        if check is not None:
            check(ctx, out)
    return Evaluation(
        violations=tuple(v for r in RuleFamily for v in out.found[r]),
        outcomes=tuple(out.outcomes.get(r) or _unchecked(r) for r in RuleFamily),
        strata=tuple(out.strata),
    )


def check_plan(scenario: Scenario, plan: Any) -> list[Violation]:
    """The violations of `evaluate(scenario, plan)`, as a list.

    Parameters
    ----------
    scenario
        The scenario (read as data only).
    plan
        As for `evaluate`: a `PlanFile`, a plan.json mapping or a plan object with `to_dict()`.

    Returns
    -------
    list of Violation
        Every violation, in rule-family order; empty when the plan obeys every rule.
    """
    return list(evaluate(scenario, plan).violations)


def _unchecked(rule: RuleFamily) -> RuleOutcome:
    # a family added to models.rules after this checker was written: shown, never hidden
    return RuleOutcome(rule, "—", "本检查器未覆盖 (not checked)", None, True, False)
