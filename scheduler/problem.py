"""Problem data derived from a scenario once, shared by every stage of the solve.

Inspectors and objects get integer indices; avoidance is stored sparsely (the pairs to avoid), so
allowed inspector lists are only ever built for objects that are drawn.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

from shuangsui.models.domain import InspectionObject, Inspector, Scenario, exact, period_index
from shuangsui.models.enums import CREDIT_TIERS, CreditRisk, Draw, Mode, Tier
from shuangsui.models.rules import RuleFamily
from shuangsui.scheduler.apportion import positive_requirement, stratum_requirements

DrawOption = tuple[Draw, str | None]  # (draw, directed block name)


@dataclass(frozen=True)
class Undrawable:
    rule: RuleFamily
    reason: str


@dataclass
class Problem:
    scenario: Scenario
    seed: int | None = None  # the draw's public seed (None: the scenario's)
    inspectors: list[Inspector] = field(init=False)
    objects: list[InspectionObject] = field(init=False)
    capacity_scale: int = field(init=False)  # capacity units per on-site check
    offsite_load: int = field(init=False)  # capacity units per off-site check

    def __post_init__(self) -> None:
        sc = self.scenario
        if self.seed is None:
            self.seed = sc.rules.seed
        self.inspectors = [i for i in sc.inspectors if i.eligible]
        self.objects = list(sc.objects)
        weight = exact(sc.rules.teams.offsite_weight)
        self.capacity_scale = weight.denominator
        self.offsite_load = weight.numerator

    # ------------------------------------------------------------ inspectors

    @cached_property
    def capacity(self) -> list[int]:
        return [i.capacity * self.capacity_scale for i in self.inspectors]

    @cached_property
    def inspector_index(self) -> dict[str, int]:
        return {insp.inspector_id: k for k, insp in enumerate(self.inspectors)}

    @cached_property
    def units(self) -> list[str]:
        return sorted({i.unit for i in self.inspectors})

    @cached_property
    def by_township(self) -> dict[str, set[int]]:
        groups: dict[str, set[int]] = defaultdict(set)
        for k, insp in enumerate(self.inspectors):
            if insp.home_township:
                groups[insp.home_township].add(k)
        return groups

    # ------------------------------------------------------------ objects

    def group_size(self, obj: InspectionObject) -> int:
        teams = self.scenario.rules.teams
        return teams.size if obj.mode is Mode.ONSITE else teams.offsite_size

    def load(self, obj: InspectionObject) -> int:
        return self.capacity_scale if obj.mode is Mode.ONSITE else self.offsite_load

    def required(self, obj: InspectionObject) -> frozenset[str]:
        """Specialties an on-site check must cover (off-site checks have no specialty rule)."""
        if obj.mode is Mode.OFFSITE:
            return frozenset()
        return self.scenario.required_specialties(obj)

    @cached_property
    def avoided_pairs(self) -> dict[str, set[int]]:
        """Per object id: inspectors excluded by conflicts and the repeat window (sparse)."""
        sc = self.scenario
        avoided: dict[str, set[int]] = defaultdict(set)
        for c in sc.conflicts:
            if c.inspector_id in self.inspector_index:
                avoided[c.object_id].add(self.inspector_index[c.inspector_id])
        now = period_index(sc.rules.period)
        window = sc.rules.avoidance.repeat_window
        for h in sc.history:
            if 1 <= now - period_index(h.period) <= window:
                for iid in h.inspector_ids:
                    if iid in self.inspector_index:
                        avoided[h.object_id].add(self.inspector_index[iid])
        return avoided

    def avoided(self, obj: InspectionObject) -> set[int]:
        """All inspectors this object must not meet (conflicts, repeat window, own township)."""
        result = set(self.avoided_pairs.get(obj.object_id, ()))
        if self.scenario.rules.avoidance.own_township:
            result |= self.by_township.get(obj.township, set())
        return result

    def allowed(self, obj: InspectionObject) -> list[int]:
        """Inspectors who may check the object, with capacity for at least this one check."""
        avoided = self.avoided(obj)
        load = self.load(obj)
        return [k for k in range(len(self.inspectors)) if k not in avoided and self.capacity[k] >= load]

    @cached_property
    def history_this_year(self) -> dict[str, int]:
        """Checks per object in earlier periods of the planned period's calendar year."""
        now = period_index(self.scenario.rules.period)
        counts: dict[str, int] = defaultdict(int)
        for h in self.scenario.history:
            then = period_index(h.period)
            if then // 4 == now // 4 and then < now:
                counts[h.object_id] += 1
        return counts

    # ------------------------------------------------------------ drawability

    @cached_property
    def undrawable(self) -> dict[str, Undrawable]:
        """Objects that no eligible group could check, with the first reason found."""
        result: dict[str, Undrawable] = {}
        cache: dict[tuple, Undrawable | None] = {}
        cap = self.scenario.rules.avoidance.annual_cap
        for obj in self.objects:
            done = self.history_this_year.get(obj.object_id, 0)
            if done + 1 > cap:
                result[obj.object_id] = Undrawable(
                    RuleFamily.ANNUAL_CAP,
                    f"annual_cap: 本年度已检查 {done} 次，达到年度上限 {cap} 次",
                )
                continue
            avoided = frozenset(self.avoided(obj))
            key = (obj.mode, self.required(obj), avoided)
            if key not in cache:
                cache[key] = self._staffing_obstacle(obj, avoided)
            if cache[key] is not None:
                result[obj.object_id] = cache[key]
        return result

    @cached_property
    def _able(self) -> dict[int, list[int]]:
        """Per load (on-site or off-site units): inspectors with capacity for one such check."""
        loads = {self.capacity_scale, self.offsite_load}
        return {load: [k for k, cap in enumerate(self.capacity) if cap >= load] for load in loads}

    @cached_property
    def _holders(self) -> dict[str, set[int]]:
        holders: dict[str, set[int]] = defaultdict(set)
        for k in self._able[self.capacity_scale]:
            for s in self.inspectors[k].specialties:
                holders[s].add(k)
        return holders

    def _staffing_obstacle(self, obj: InspectionObject, avoided: frozenset[int]) -> Undrawable | None:
        size, load, required = self.group_size(obj), self.load(obj), self.required(obj)
        able = self._able[load]
        if len(able) < size:
            return Undrawable(RuleFamily.CAPACITY, f"capacity: 有检查能力的执法人员不足 {size} 人")
        allowed = len(able) - len(avoided.intersection(able))
        if allowed < size:
            return Undrawable(RuleFamily.AVOIDANCE, f"avoidance: 回避后可派执法人员不足 {size} 人（仅 {allowed} 人）")
        missing = sorted(s for s in required if not self._holders.get(s, set()) - avoided)
        if missing:
            return Undrawable(RuleFamily.SPECIALTY, f"specialty: 无具备{'、'.join(missing)}专业的可派执法人员")
        # One holder per specialty covers `required` with |required| people: only more needs a search.
        if len(required) > size:
            specialties = [set(self.inspectors[k].specialties) for k in able if k not in avoided]
            if min_cover(required, specialties) > size:
                return Undrawable(
                    RuleFamily.SPECIALTY,
                    f"specialty: {size} 人的检查组无法覆盖所需专业 {'、'.join(sorted(required))}",
                )
        return None

    # ------------------------------------------------------------ standing teams

    def team_onsite_bound(self, specialty: str | None = None) -> int:
        """Most on-site checks the standing teams could take (needing `specialty`, if given).

        A team takes at most its weakest member's capacity. Over disjoint teams of `size` the sum of
        minima is largest when the capacities, sorted, are cut into consecutive blocks; a team that
        holds `specialty` takes at most its holder's capacity, and holders are in distinct teams.
        """
        size = self.scenario.rules.teams.size
        caps = sorted((c // self.capacity_scale for c in self.capacity if c >= self.capacity_scale), reverse=True)
        count = len(caps) // size
        total = sum(caps[t * size + size - 1] for t in range(count))
        if specialty is None:
            return total
        holders = sorted(
            (
                c // self.capacity_scale
                for k, c in enumerate(self.capacity)
                if c >= self.capacity_scale and specialty in self.inspectors[k].specialties
            ),
            reverse=True,
        )
        return min(total, sum(holders[:count]))

    # ------------------------------------------------------------ draws

    @cached_property
    def stratum_required(self) -> dict[tuple[Tier, CreditRisk], int]:
        return stratum_requirements(self.scenario)

    @cached_property
    def positive_required(self) -> int:
        return positive_requirement(self.scenario)

    @cached_property
    def total_checks(self) -> int:
        directed = sum(b.count for b in self.scenario.rules.directed)
        return sum(self.stratum_required.values()) + self.positive_required + directed

    @cached_property
    def joint_required(self) -> int:
        share = exact(self.scenario.rules.joint.internal_min_share)
        return -(-share.numerator * self.total_checks // share.denominator)

    def options(self, obj: InspectionObject) -> list[DrawOption]:
        """The draws this object may be part of (empty when undrawable)."""
        if obj.object_id in self.undrawable:
            return []
        opts: list[DrawOption] = []
        if obj.tier in CREDIT_TIERS:
            opts.append((Draw.CREDIT_RISK, None))
        elif obj.tier is Tier.POSITIVE:
            opts.append((Draw.FULL_COVERAGE, None))
        opts.extend((Draw.DIRECTED, b.name) for b in self.scenario.rules.directed if b.matches(obj))
        return opts

    @cached_property
    def drawable(self) -> list[InspectionObject]:
        return [o for o in self.objects if o.object_id not in self.undrawable]

    @cached_property
    def credit_share(self) -> Fraction:
        credit = sum(self.stratum_required.values())
        directed = sum(b.count for b in self.scenario.rules.directed)
        return Fraction(credit, credit + directed) if credit + directed else Fraction(1)


def min_cover(required: frozenset[str], specialties: list[set[str]]) -> int:
    """Fewest inspectors whose specialties cover `required` (breadth-first over subsets)."""
    if not required:
        return 0
    index = {s: b for b, s in enumerate(sorted(required))}
    full = (1 << len(index)) - 1
    masks = {sum(1 << index[s] for s in spec if s in index) for spec in specialties} - {0}
    frontier, seen, depth = {0}, {0}, 0
    while frontier:
        depth += 1
        frontier = {m | p for m in frontier for p in masks} - seen
        if full in frontier:
            return depth
        seen |= frontier
    return len(specialties) + 1
