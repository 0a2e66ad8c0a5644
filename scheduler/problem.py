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
from shuangsui.models.enums import CREDIT_TIERS, CapCounts, CreditRisk, Draw, Mode, Tier
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
    _modes: dict[tuple[str, Draw], Mode] = field(init=False, default_factory=dict, repr=False, compare=False)
    _required: dict[str, frozenset[str]] = field(init=False, default_factory=dict, repr=False, compare=False)

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

    def mode(self, obj: InspectionObject, draw: Draw) -> Mode:
        """The mode of a check of `obj` by `draw` (contract v2: `onsite_required` items)."""
        key = (obj.object_id, draw)
        found = self._modes.get(key)
        if found is None:  # asked hundreds of thousands of times while the models are built
            found = self._modes[key] = self.scenario.check_mode(obj, draw)
        return found

    def group_size(self, mode: Mode) -> int:
        teams = self.scenario.rules.teams
        return teams.size if mode is Mode.ONSITE else teams.offsite_size

    def load(self, mode: Mode) -> int:
        return self.capacity_scale if mode is Mode.ONSITE else self.offsite_load

    def required(self, obj: InspectionObject, mode: Mode) -> frozenset[str]:
        """Specialties an on-site check must cover (off-site checks have no specialty rule)."""
        if mode is Mode.OFFSITE:
            return frozenset()
        found = self._required.get(obj.object_id)
        if found is None:  # asked for every candidate team and inspector while the models are built
            found = self._required[obj.object_id] = self.scenario.required_specialties(obj)
        return found

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

    @cached_property
    def team_specialties(self) -> dict[tuple[int, ...], frozenset[str]]:
        """The specialties of each team asked about so far (filled by `specialties_of`)."""
        return {}

    def specialties_of(self, members: tuple[int, ...]) -> frozenset[str]:
        """The specialties a team holds together (kept: thousands of objects ask about the same teams)."""
        have = self.team_specialties.get(members)
        if have is None:
            have = frozenset(s for k in members for s in self.inspectors[k].specialties)
            self.team_specialties[members] = have
        return have

    def avoided(self, obj: InspectionObject) -> set[int]:
        """All inspectors this object must not meet (conflicts, repeat window, own township)."""
        result = set(self.avoided_pairs.get(obj.object_id, ()))
        if self.scenario.rules.avoidance.own_township:
            result |= self.by_township.get(obj.township, set())
        return result

    def allowed(self, obj: InspectionObject, mode: Mode) -> list[int]:
        """Inspectors who may check the object, with capacity for at least this one check."""
        avoided = self.avoided(obj)
        load = self.load(mode)
        return [k for k in range(len(self.inspectors)) if k not in avoided and self.capacity[k] >= load]

    def able(self, obj: InspectionObject, mode: Mode) -> list[int]:
        """Inspectors with capacity for at least this one check, avoidance ignored (the candidates
        when the explanation switches the avoidance rule off)."""
        load = self.load(mode)
        return [k for k in range(len(self.inspectors)) if self.capacity[k] >= load]

    @cached_property
    def history_this_year(self) -> dict[str, int]:
        """Checks per object that count toward the annual cap (v2: on-site ones by default), in
        earlier periods of the planned period's calendar year."""
        now = period_index(self.scenario.rules.period)
        avoidance = self.scenario.rules.avoidance
        counts: dict[str, int] = defaultdict(int)
        for h in self.scenario.history:
            then = period_index(h.period)
            if then // 4 == now // 4 and then < now and avoidance.counts(h.mode):
                counts[h.object_id] += 1
        return counts

    # ------------------------------------------------------------ drawability

    def _candidate_options(self, obj: InspectionObject) -> list[DrawOption]:
        opts: list[DrawOption] = []
        if obj.tier in CREDIT_TIERS:
            opts.append((Draw.CREDIT_RISK, None))
        elif obj.tier is Tier.POSITIVE:
            opts.append((Draw.FULL_COVERAGE, None))
        opts.extend((Draw.DIRECTED, b.name) for b in self.scenario.rules.directed if b.matches(obj))
        return opts

    def obstacle(self, obj: InspectionObject, mode: Mode) -> Undrawable | None:
        """Why no eligible group could check `obj` in `mode` (None: some group could)."""
        avoidance = self.scenario.rules.avoidance
        done = self.history_this_year.get(obj.object_id, 0)
        if done + int(avoidance.counts(mode)) > avoidance.annual_cap:
            counted = "" if avoidance.annual_cap_counts is CapCounts.ALL else "现场"
            return Undrawable(
                RuleFamily.ANNUAL_CAP,
                f"annual_cap: 本年度已{counted}检查 {done} 次，达到年度上限 {avoidance.annual_cap} 次",
            )
        avoided = frozenset(self.avoided(obj))
        key = (mode, self.required(obj, mode), avoided)
        if key not in self._obstacles:
            self._obstacles[key] = self._staffing_obstacle(obj, mode, avoided)
        return self._obstacles[key]

    @cached_property
    def _obstacles(self) -> dict[tuple, Undrawable | None]:
        return {}

    @cached_property
    def _options(self) -> dict[str, list[DrawOption]]:
        """Per object: the draws it may be part of (those whose check some group could do)."""
        result: dict[str, list[DrawOption]] = {}
        for obj in self.objects:
            modes: dict[Mode, bool] = {}
            kept = []
            for opt in self._candidate_options(obj):
                mode = self.mode(obj, opt[0])
                if mode not in modes:
                    modes[mode] = self.obstacle(obj, mode) is None
                if modes[mode]:
                    kept.append(opt)
            result[obj.object_id] = kept
        return result

    @cached_property
    def undrawable(self) -> dict[str, Undrawable]:
        """Objects that no eligible group could check, with the reason of their first draw."""
        result: dict[str, Undrawable] = {}
        for obj in self.objects:
            if not self._options[obj.object_id]:
                first = self._candidate_options(obj)[0]
                reason = self.obstacle(obj, self.mode(obj, first[0]))
                assert reason is not None
                result[obj.object_id] = reason
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

    def _staffing_obstacle(self, obj: InspectionObject, mode: Mode, avoided: frozenset[int]) -> Undrawable | None:
        size, load, required = self.group_size(mode), self.load(mode), self.required(obj, mode)
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

    @cached_property
    def left_out(self) -> dict[int, str]:
        """Eligible inspectors kept out of standing teams, with the reason (Chinese).

        A team member must be able to take its on-site checks: one without capacity for a single
        on-site check, or who must avoid every drawable object with an on-site check, could only
        make his team useless. Off-site checks are not team work: he may still do those.
        """
        onsite = [o for o in self.drawable if Mode.ONSITE in self.modes(o)]
        avoiding: dict[int, int] = defaultdict(int)
        for obj in onsite:
            for k in self.avoided(obj):
                avoiding[k] += 1
        result: dict[int, str] = {}
        for k in range(len(self.inspectors)):
            if self.capacity[k] < self.capacity_scale:
                result[k] = "本期检查上限不足一次现场检查"
            elif onsite and avoiding[k] == len(onsite):
                result[k] = f"须回避全部 {len(onsite)} 家可现场检查的对象（利害关系、近期检查过或本乡镇）"
        return result

    def team_onsite_bound(self, specialty: str | None = None) -> int:
        """Most on-site checks the standing teams could take (needing `specialty`, if given).

        A team takes at most its weakest member's capacity. Over disjoint teams of `size` the sum of
        minima is largest when the capacities, sorted, are cut into consecutive blocks; a team that
        holds `specialty` takes at most its holder's capacity, and holders are in distinct teams.
        """
        size = self.scenario.rules.teams.size
        pool = [k for k in range(len(self.inspectors)) if k not in self.left_out]
        caps = sorted((self.capacity[k] // self.capacity_scale for k in pool), reverse=True)
        count = len(caps) // size
        total = sum(caps[t * size + size - 1] for t in range(count))
        if specialty is None:
            return total
        holders = sorted(
            (self.capacity[k] // self.capacity_scale for k in pool if specialty in self.inspectors[k].specialties),
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
        return self._options[obj.object_id]

    def modes(self, obj: InspectionObject) -> set[Mode]:
        """The modes the object's possible checks would have."""
        return {self.mode(obj, draw) for draw, _ in self.options(obj)}

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
