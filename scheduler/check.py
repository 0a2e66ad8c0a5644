"""The independent plan checker: audits any plan.json against the data contract (section 3).

It shares no rule code with the planner's model (`scheduler.rules`, `scheduler.pipeline`): every rule
is re-derived here from the scenario's directories alone, so a bureau can audit a plan made by hand
or by another system. Every violation is listed, not just the first.

Conventions: `slack` is positive (or zero) when a rule holds and negative when it is broken, in the
rule's natural unit (checks, capacity units, percentage points); prohibition rules ("0 violations")
have no numeric slack. The mode of a check for the group, specialty and capacity rules is the mode
the plan declares (the MODE rule separately says whether that mode is the right one).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from shuangsui.models.domain import InspectionObject, Inspector, Scenario, exact, period_index
from shuangsui.models.enums import CREDIT_TIERS, RISK_PRIORITY, CreditRisk, Draw, Joint, Mode, TeamMode, Tier
from shuangsui.models.rules import RuleFamily
from shuangsui.scheduler.check_load import load_plan, plan_from_json
from shuangsui.scheduler.result import Check, Plan

__all__ = [
    "Evaluation",
    "RuleOutcome",
    "StratumRow",
    "Violation",
    "apportion",
    "check_plan",
    "evaluate",
    "load_plan",
    "plan_from_json",
]

R = RuleFamily
DRAWS = {d.value for d in Draw}
MODES = {m.value for m in Mode}
JOINTS = {j.value for j in Joint}


@dataclass(frozen=True)
class Violation:
    rule: RuleFamily
    message: str  # Chinese, concrete: ids, names, numbers
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
    violations: tuple[Violation, ...]
    outcomes: tuple[RuleOutcome, ...]  # one per RuleFamily, in RuleFamily order
    strata: tuple[StratumRow, ...]

    @property
    def ok(self) -> bool:
        return not self.violations

    def of(self, rule: RuleFamily) -> list[Violation]:
        return [v for v in self.violations if v.rule is rule]


def evaluate(scenario: Scenario, plan: Plan) -> Evaluation:
    """Check every rule of the contract; list all violations and one outcome row per rule."""
    return _Audit(scenario, plan).run()


def check_plan(scenario: Scenario, plan: Plan) -> list[Violation]:
    return list(evaluate(scenario, plan).violations)


# ---------------------------------------------------------------- apportionment


def apportion(
    n: int, populations: Mapping[CreditRisk, int], multipliers: Mapping[CreditRisk, Fraction]
) -> dict[CreditRisk, int]:
    """Contract section 3: n draws of a tier among its credit classes, largest remainder method.

    Weights w_c = multiplier_c * P_c. Step 1: classes whose exact share reaches P_c get P_c and
    leave (repeated). Step 2: floors, then one seat each to the largest fractional parts, ties to
    the higher risk class. Classes with multiplier 0 get none, so the result may sum to less than n.
    """
    seats = dict.fromkeys(populations, 0)
    pool = {c: multipliers[c] * p for c, p in populations.items() if p > 0 and multipliers[c] > 0}
    left = n
    while pool and left > 0:  # step 1 (shares only grow as full classes leave)
        total = sum(pool.values())
        full = [c for c, w in pool.items() if left * w / total >= populations[c]]
        if not full:
            break
        for c in full:
            seats[c] = populations[c]
            left -= populations[c]
            del pool[c]
    if pool and left > 0:  # step 2
        total = sum(pool.values())
        shares = {c: left * w / total for c, w in pool.items()}
        for c, share in shares.items():
            seats[c] = math.floor(share)
        rest = left - sum(seats[c] for c in pool)
        order = sorted(pool, key=lambda c: (-(shares[c] - seats[c]), RISK_PRIORITY.index(c)))
        for c in order[:rest]:
            seats[c] += 1
    return seats


# ---------------------------------------------------------------- helpers


def _pct(x: Fraction | float) -> str:
    return f"{float(x) * 100:.1f}%"


def _num(x: Fraction) -> str:
    """A capacity figure: 3, 3.25, or 1/3 when it is not a short decimal."""
    if x.denominator == 1:
        return str(x.numerator)
    text = f"{float(x):.4f}".rstrip("0")
    return text if Fraction(text) == x else f"{x.numerator}/{x.denominator}"


def _expected_mode(obj: InspectionObject) -> Mode:
    # Contract: off-site when off-site capable (or positive) and without a clue.
    capable = obj.offsite_capable or obj.tier is Tier.POSITIVE
    return Mode.OFFSITE if capable and not obj.clue else Mode.ONSITE


def _mode_reason(obj: InspectionObject) -> str:
    if obj.clue:
        return f"有问题线索「{obj.clue}」，须现场检查"
    if obj.tier is Tier.POSITIVE:
        return "正面清单企业且无问题线索，须科技检查"
    if obj.offsite_capable:
        return "具备非现场监管条件且无问题线索，须科技检查"
    return "不具备非现场监管条件，须现场检查"


def _matches(
    block_industries: tuple[str, ...],
    block_townships: tuple[str, ...],
    block_tiers: tuple[Tier, ...],
    obj: InspectionObject,
) -> bool:
    return (
        (not block_industries or obj.industry in block_industries)
        and (not block_townships or obj.township in block_townships)
        and (not block_tiers or obj.tier in block_tiers)
    )


def _min_cover(required: frozenset[str], candidates: list[Inspector], size: int) -> list[Inspector] | None:
    """At most `size` candidates whose specialties cover `required`, or None (BFS over bitmasks)."""
    bit = {s: 1 << k for k, s in enumerate(sorted(required))}
    full = (1 << len(bit)) - 1
    kinds: dict[int, Inspector] = {}
    for insp in candidates:
        mask = sum(bit[s] for s in set(insp.specialties) if s in bit)
        if mask:
            kinds.setdefault(mask, insp)
    reach: dict[int, list[Inspector]] = {0: []}
    layer = dict(reach)
    for _ in range(size):
        if full in reach:
            break
        nxt: dict[int, list[Inspector]] = {}
        for mask, group in layer.items():
            for kind, insp in kinds.items():
                new = mask | kind
                if new not in reach and new not in nxt:
                    nxt[new] = [*group, insp]
        reach.update(nxt)
        layer = nxt
    return reach.get(full)


def _unchecked(rule: RuleFamily) -> RuleOutcome:
    # a family added to models.rules after this checker was written: shown, never hidden
    return RuleOutcome(rule, "—", "本检查器未覆盖 (not checked)", None, True, False)


# ---------------------------------------------------------------- the audit


class _Audit:
    """One evaluation: indexes built once, then one method per rule family."""

    def __init__(self, scenario: Scenario, plan: Plan) -> None:
        self.sc = scenario
        self.rules = scenario.rules
        self.plan = plan
        self.objects = scenario.object_by_id
        self.inspectors = scenario.inspector_by_id
        self.items = scenario.item_by_id
        self.checks = plan.checks
        self.found: dict[RuleFamily, list[Violation]] = {r: [] for r in RuleFamily}
        self.outcomes: dict[RuleFamily, RuleOutcome] = {}
        self.strata: list[StratumRow] = []
        self._index_history()
        self.conflicts = {(c.inspector_id, c.object_id) for c in scenario.conflicts}

    # ------------------------------------------------ indexes and small helpers

    def _index_history(self) -> None:
        now = period_index(self.rules.period)
        window = self.rules.avoidance.repeat_window
        self.recent: set[tuple[str, str]] = set()  # (inspector, object) within the repeat window
        self.this_year: Counter[str] = Counter()  # earlier checks of the object this calendar year
        for h in self.sc.history:
            then = period_index(h.period)
            if 1 <= now - then <= window:
                self.recent.update((i, h.object_id) for i in h.inspector_ids)
            if then // 4 == now // 4 and then < now:
                self.this_year[h.object_id] += 1

    def add(self, rule: RuleFamily, message: str, obj: str | None = None, insp: str | None = None) -> None:
        self.found[rule].append(Violation(rule, message, obj, insp))

    def obj(self, object_id: str) -> str:
        o = self.objects.get(object_id)
        if o is None or o.confidential:  # confidential names never leave the directory
            return f"对象 {object_id}"
        return f"对象 {object_id}（{o.name}）"

    def who(self, inspector_id: str) -> str:
        i = self.inspectors.get(inspector_id)
        return f"人员 {inspector_id}（{i.name}）" if i else f"人员 {inspector_id}"

    def mode_of(self, check: Check) -> Mode:
        """The declared mode; the right one when the declared value is not a mode at all."""
        if check.mode in MODES:
            return Mode(check.mode)
        o = self.objects.get(check.object_id)
        return _expected_mode(o) if o else Mode.ONSITE

    def required_specialties(self, obj: InspectionObject) -> frozenset[str]:
        return frozenset(self.items[i].specialty for i in obj.items if i in self.items)

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

    def prohibition(self, rule: RuleFamily, required: str = "0 处违规", unit: str = "处") -> None:
        n = len(self.found[rule])
        self.outcomes[rule] = RuleOutcome(rule, required, f"{n} {unit}违规", None, n == 0, False)

    def measured(
        self,
        rule: RuleFamily,
        required: str,
        achieved: str,
        slack: float | None,
        tight: bool | None = None,
    ) -> None:
        ok = not self.found[rule]
        if tight is None:
            tight = slack is not None and slack == 0
        self.outcomes[rule] = RuleOutcome(rule, required, achieved, slack, ok, ok and tight)

    # ------------------------------------------------ run

    def run(self) -> Evaluation:
        self.credit_risk_draws()
        self.positive_list()
        self.directed_draws()
        self.credit_share()
        self.mode()
        self.one_check_per_object()
        self.groups()
        self.specialty()
        self.avoidance_rule()
        self.capacity()
        self.annual_cap()
        self.internal_joint()
        self.inter_department()
        self.undrawable()
        self.plan_format()
        return Evaluation(
            violations=tuple(v for r in RuleFamily for v in self.found[r]),
            outcomes=tuple(self.outcomes.get(r) or _unchecked(r) for r in RuleFamily),
            strata=tuple(self.strata),
        )

    # ------------------------------------------------ draws

    def credit_risk_draws(self) -> None:
        pop: Counter[tuple[Tier, CreditRisk]] = Counter((o.tier, o.credit_risk) for o in self.sc.objects)
        drawn: Counter[tuple[Tier, CreditRisk]] = Counter()
        for c in self.checks:
            o = self.objects.get(c.object_id)
            if c.draw != Draw.CREDIT_RISK or o is None:
                continue
            if o.tier in CREDIT_TIERS:
                drawn[o.tier, o.credit_risk] += 1
            else:
                self.add(
                    R.CREDIT_RISK_DRAWS,
                    f"{self.obj(c.object_id)} 是{o.tier.zh}，不能按信用风险"
                    "分类抽取 (draw=credit_risk only for special/key/general)",
                    c.object_id,
                )
        mult = {c: exact(m) for c, m in self.rules.credit_risk.multipliers.items()}
        need_total = got_total = deviation = 0
        parts = []
        for tier in CREDIT_TIERS:
            sizes = {c: pop[tier, c] for c in CreditRisk}
            n = math.ceil(self.rules.quota.of(tier) * sum(sizes.values()))
            seats = apportion(n, sizes, mult)
            if sum(seats.values()) < n:
                self.add(
                    R.CREDIT_RISK_DRAWS,
                    f"{tier.zh}须抽 {n} 次，但信用风险倍数为 0 的类别不参与，"
                    f"最多只能分配 {sum(seats.values())} 次 (multipliers: quota unreachable)",
                )
            got = sum(drawn[tier, c] for c in CreditRisk)
            need_total += n
            got_total += got
            if n or got:
                parts.append(f"{tier.zh} {got}/{n}")
            for c in CreditRisk:
                if not (sizes[c] or seats[c] or drawn[tier, c]):
                    continue
                self.strata.append(StratumRow(tier.value, c.value, sizes[c], seats[c], drawn[tier, c]))
                if drawn[tier, c] != seats[c]:
                    deviation += abs(drawn[tier, c] - seats[c])
                    self.add(
                        R.CREDIT_RISK_DRAWS,
                        f"{tier.zh} {c.value} 类（{c.zh}风险，共 {sizes[c]} 家）"
                        f"应按信用风险抽取 {seats[c]} 次，计划 {drawn[tier, c]} 次",
                    )
        self.measured(
            R.CREDIT_RISK_DRAWS,
            f"每层按配额抽取、按信用类别分配，共 {need_total} 次",
            f"{got_total} 次（" + ("，".join(parts) or "无") + "）",
            -deviation,
        )

    def positive_list(self) -> None:
        population = sum(o.tier is Tier.POSITIVE for o in self.sc.objects)
        need = math.ceil(self.rules.quota.of(Tier.POSITIVE) * population)
        got = 0
        for c in self.checks:
            o = self.objects.get(c.object_id)
            if c.draw != Draw.FULL_COVERAGE or o is None:
                continue
            if o.tier is Tier.POSITIVE:
                got += 1
            else:
                self.add(
                    R.POSITIVE_LIST,
                    f"{self.obj(c.object_id)} 是{o.tier.zh}，不在正面清单，不能标为"
                    "全覆盖检查 (draw=full_coverage only for positive)",
                    c.object_id,
                )
        if got != need:
            self.add(
                R.POSITIVE_LIST,
                f"正面清单企业 {population} 家应有 {need} 次全覆盖检查 (full_coverage)，计划 {got} 次",
            )
        self.measured(
            R.POSITIVE_LIST,
            f"= {need} 次（正面清单 {population} 家的 {_pct(self.rules.quota.of(Tier.POSITIVE))}）",
            f"{got} 次",
            got - need,
        )

    def directed_draws(self) -> None:
        blocks = {b.name: b for b in self.rules.directed}
        counts: Counter[str] = Counter()
        for c in self.checks:
            if c.draw != Draw.DIRECTED:
                if c.directed is not None:
                    self.add(
                        R.DIRECTED_DRAWS,
                        f"{self.obj(c.object_id)} 不是定向抽查（draw={c.draw}），"
                        f"directed 应为 null，实为「{c.directed}」",
                        c.object_id,
                    )
                continue
            block = blocks.get(c.directed) if c.directed is not None else None
            if block is None:
                self.add(
                    R.DIRECTED_DRAWS,
                    f"{self.obj(c.object_id)} 的定向抽查块「{c.directed}」"
                    "不在 scenario.toml 的 [[directed]] 中 (unknown directed block)",
                    c.object_id,
                )
                continue
            counts[block.name] += 1
            o = self.objects.get(c.object_id)
            if o and not _matches(block.industries, block.townships, block.tiers, o):
                self.add(
                    R.DIRECTED_DRAWS,
                    f"{self.obj(c.object_id)}（{o.industry}，{o.township}，"
                    f"{o.tier.zh}）不符合定向抽查「{block.name}」的筛选条件",
                    c.object_id,
                )
        deviation = 0
        for block in self.rules.directed:
            if counts[block.name] != block.count:
                deviation += abs(counts[block.name] - block.count)
                self.add(
                    R.DIRECTED_DRAWS,
                    f"定向抽查「{block.name}」应为 {block.count} 次，计划 {counts[block.name]} 次",
                )
        need = sum(b.count for b in self.rules.directed)
        detail = "，".join(f"{b.name} {b.count}" for b in self.rules.directed)
        self.measured(
            R.DIRECTED_DRAWS,
            f"= {need} 次（{detail}）" if detail else "无定向抽查",
            f"{sum(counts.values())} 次",
            -deviation if self.rules.directed else None,
        )

    def credit_share(self) -> None:
        credit = sum(c.draw == Draw.CREDIT_RISK for c in self.checks)
        directed = sum(c.draw == Draw.DIRECTED for c in self.checks)
        bound = exact(self.rules.credit_risk.min_share)
        required = f"≥ {_pct(bound)}（信用风险抽查 ÷（信用风险 + 定向抽查））"
        if credit + directed == 0:
            self.measured(R.CREDIT_SHARE, required, "无信用风险或定向抽查", None, False)
            return
        share = Fraction(credit, credit + directed)
        if share < bound:
            self.add(
                R.CREDIT_SHARE,
                f"信用风险抽查占比 {credit}/{credit + directed} = {_pct(share)}，低于 {_pct(bound)} (min_share)",
            )
        # tight: one more directed check would break the bound
        tight = Fraction(credit, credit + directed + 1) < bound
        self.measured(
            R.CREDIT_SHARE,
            required,
            f"{credit}/{credit + directed} = {_pct(share)}",
            round(float(share - bound) * 100, 6),
            tight,
        )

    # ------------------------------------------------ per check

    def mode(self) -> None:
        for c in self.checks:
            o = self.objects.get(c.object_id)
            if o is None:
                continue
            want = _expected_mode(o)
            if c.mode != want:
                self.add(
                    R.MODE,
                    f"{self.obj(c.object_id)} 的检查方式应为 {want.value}（{want.zh}）："
                    f"{_mode_reason(o)}；计划为「{c.mode}」",
                    c.object_id,
                )
        self.prohibition(R.MODE)

    def one_check_per_object(self) -> None:
        times = Counter(c.object_id for c in self.checks)
        for object_id, n in times.items():
            if object_id not in self.objects:
                self.add(
                    R.ONE_CHECK_PER_OBJECT,
                    f"对象 {object_id} 不在检查对象名录库中 (unknown object_id)",
                    object_id,
                )
            if n > 1:
                self.add(
                    R.ONE_CHECK_PER_OBJECT,
                    f"{self.obj(object_id)} 本期被检查 {n} 次，每期至多 1 次",
                    object_id,
                )
        self.prohibition(R.ONE_CHECK_PER_OBJECT)

    def _people(self, ids: Iterable[str], where: str, object_id: str | None) -> None:
        """Every inspector exists and is eligible (certified and available)."""
        for i in dict.fromkeys(ids):
            insp = self.inspectors.get(i)
            if insp is None:
                self.add(
                    R.GROUPS,
                    f"{where}：人员 {i} 不在执法检查人员名录库中 (unknown inspector)",
                    object_id,
                    i,
                )
            elif not insp.eligible:
                why = "、".join(
                    w
                    for w, bad in (
                        ("未持执法证", not insp.certified),
                        ("不在岗", not insp.available),
                    )
                    if bad
                )
                self.add(R.GROUPS, f"{where}：{self.who(i)} {why}，不能参加检查", object_id, i)

    def groups(self) -> None:
        t = self.rules.teams
        standing = t.mode is TeamMode.STANDING
        teams: dict[str, tuple[str, ...]] = {}
        if standing:
            self._standing_teams(teams)
        elif self.plan.teams:
            self.add(
                R.GROUPS,
                f"per_check 模式下 teams 应为空，计划列出 {len(self.plan.teams)} 个执法小组",
            )
        for c in self.checks:
            where = f"{self.obj(c.object_id)} 的检查"
            mode = self.mode_of(c)
            need = t.size if mode is Mode.ONSITE else t.offsite_size
            members = set(c.inspector_ids)
            if len(members) != len(c.inspector_ids):
                self.add(R.GROUPS, f"{where}：检查人员重复 {list(c.inspector_ids)}", c.object_id)
            if len(members) != need:
                self.add(
                    R.GROUPS,
                    f"{where}：{mode.zh}须 {need} 名检查人员，计划 {len(members)} 名",
                    c.object_id,
                )
            self._people(c.inspector_ids, where, c.object_id)
            if not standing or mode is Mode.OFFSITE:
                if c.team_id is not None:
                    why = "per_check 模式" if not standing else "科技检查"
                    self.add(
                        R.GROUPS,
                        f"{where}：{why}不属于执法小组，team_id 应为 null，实为「{c.team_id}」",
                        c.object_id,
                    )
                continue
            if c.team_id is None or c.team_id not in teams:
                self.add(
                    R.GROUPS,
                    f"{where}：现场检查须由执法小组承担，team_id「{c.team_id}」不是计划中的小组 (standing teams)",
                    c.object_id,
                )
            elif members != set(teams[c.team_id]):
                self.add(
                    R.GROUPS,
                    f"{where}：检查人员 {sorted(members)} 与小组 {c.team_id} 的成员 {sorted(teams[c.team_id])} 不一致",
                    c.object_id,
                )
        self.prohibition(R.GROUPS)

    def _standing_teams(self, teams: dict[str, tuple[str, ...]]) -> None:
        size = self.rules.teams.size
        member_of: dict[str, list[str]] = defaultdict(list)
        for team in self.plan.teams:
            where = f"执法小组 {team.team_id}"
            if team.team_id in teams:
                self.add(R.GROUPS, f"{where}：小组编号重复 (duplicate team_id)")
                continue
            teams[team.team_id] = team.inspector_ids
            members = set(team.inspector_ids)
            if len(members) != len(team.inspector_ids):
                self.add(R.GROUPS, f"{where}：成员重复 {list(team.inspector_ids)}")
            if len(members) != size:
                self.add(R.GROUPS, f"{where}：须 {size} 名成员，计划 {len(members)} 名")
            self._people(team.inspector_ids, where, None)
            for i in members:
                member_of[i].append(team.team_id)
        for i, ids in member_of.items():
            if len(ids) > 1:
                self.add(
                    R.GROUPS,
                    f"{self.who(i)} 同时属于执法小组 {'、'.join(ids)}，每人至多属于一个小组",
                    None,
                    i,
                )

    def specialty(self) -> None:
        for c in self.checks:
            o = self.objects.get(c.object_id)
            if o is None or self.mode_of(c) is not Mode.ONSITE:
                continue
            have: set[str] = set()
            for i in c.inspector_ids:
                if i in self.inspectors:
                    have.update(self.inspectors[i].specialties)
            missing = self.required_specialties(o) - have
            if missing:
                self.add(
                    R.SPECIALTY,
                    f"{self.obj(c.object_id)} 的现场检查缺少专业 "
                    f"{'、'.join(sorted(missing))}（检查人员 {'、'.join(c.inspector_ids)}）",
                    c.object_id,
                )
        self.prohibition(R.SPECIALTY)

    def avoidance_rule(self) -> None:
        for c in self.checks:
            for i in dict.fromkeys(c.inspector_ids):
                reasons = self.avoidance(i, c.object_id)
                if reasons:
                    self.add(
                        R.AVOIDANCE,
                        f"{self.who(i)} 须回避 {self.obj(c.object_id)}：{'；'.join(reasons)}",
                        c.object_id,
                        i,
                    )
        self.prohibition(R.AVOIDANCE, "0 次违规", "次")

    def capacity(self) -> None:
        weight = exact(self.rules.teams.offsite_weight)
        onsite: Counter[str] = Counter()
        offsite: Counter[str] = Counter()
        for c in self.checks:
            tally = onsite if self.mode_of(c) is Mode.ONSITE else offsite
            tally.update(set(c.inspector_ids))
        worst: tuple[Fraction, str, Fraction, int] | None = None  # (-room, id, load, cap)
        for i in sorted(set(onsite) | set(offsite)):
            insp = self.inspectors.get(i)
            if insp is None:
                continue  # reported by the groups rule
            load = onsite[i] + weight * offsite[i]
            if load > insp.capacity:
                self.add(
                    R.CAPACITY,
                    f"{self.who(i)} 承担现场 {onsite[i]} 次 + 科技 {offsite[i]} 次 × "
                    f"{_num(weight)} = {_num(load)}，超过季度上限 {insp.capacity}",
                    None,
                    i,
                )
            key = (load - insp.capacity, i, load, insp.capacity)
            if worst is None or key[0] > worst[0]:
                worst = key
        required = f"每人 现场 + {_num(weight)} × 科技 ≤ 季度上限"
        if worst is None:
            self.measured(R.CAPACITY, required, "无人参加检查", None, False)
            return
        over, i, load, cap = worst
        use = f"{_pct(load / cap)}" if cap else "∞"
        self.measured(R.CAPACITY, required, f"最紧：{i} {_num(load)}/{cap}（{use}）", float(-over))

    def annual_cap(self) -> None:
        cap = self.rules.avoidance.annual_cap
        most: tuple[int, str] | None = None
        for object_id in dict.fromkeys(c.object_id for c in self.checks):
            if object_id not in self.objects:
                continue
            total = self.this_year[object_id] + 1
            if total > cap:
                self.add(
                    R.ANNUAL_CAP,
                    f"{self.obj(object_id)} 本年度此前已检查 {self.this_year[object_id]} 次，"
                    f"再查 1 次共 {total} 次，超过年度上限 {cap} 次",
                    object_id,
                )
            if most is None or total > most[0]:
                most = (total, object_id)
        required = f"每个对象全年 ≤ {cap} 次（含历史）"
        if most is None:
            self.measured(R.ANNUAL_CAP, required, "无检查", None, False)
            return
        self.measured(R.ANNUAL_CAP, required, f"最多 {most[0]} 次（{most[1]}）", cap - most[0])

    # ------------------------------------------------ joint checks

    def units(self, check: Check) -> set[str]:
        return {self.inspectors[i].unit for i in check.inspector_ids if i in self.inspectors}

    def internal_joint(self) -> None:
        joint = 0
        for c in self.checks:
            n_units = len(self.units(c))
            joint += n_units >= 2
            where = f"{self.obj(c.object_id)} 的检查"
            if c.joint not in JOINTS:
                self.add(
                    R.INTERNAL_JOINT,
                    f"{where}：joint「{c.joint}」应为 none、internal 或 inter_department",
                    c.object_id,
                )
            elif c.joint == Joint.INTERNAL and n_units < 2:
                self.add(
                    R.INTERNAL_JOINT,
                    f"{where}标为内部联合（internal），但检查人员只来自 {n_units} 个业务条线",
                    c.object_id,
                )
            elif c.joint == Joint.NONE and n_units >= 2:
                self.add(
                    R.INTERNAL_JOINT,
                    f"{where}的检查人员来自 {n_units} 个业务条线，joint 应为 internal，实为 none",
                    c.object_id,
                )
        total = len(self.checks)
        bound = exact(self.rules.joint.internal_min_share)
        need = math.ceil(bound * total)
        if joint < need:
            self.add(
                R.INTERNAL_JOINT,
                f"内部联合检查（≥ 2 个业务条线）{joint} 次，少于全部 {total} 次的 "
                f"{_pct(bound)}（{need} 次）(internal_min_share)",
            )
        share = _pct(Fraction(joint, total)) if total else "—"
        self.measured(
            R.INTERNAL_JOINT,
            f"≥ {need} 次（全部 {total} 次的 {_pct(bound)}）",
            f"{joint} 次（{share}）",
            joint - need,
        )

    def inter_department(self) -> None:
        count = 0
        for c in self.checks:
            o = self.objects.get(c.object_id)
            where = f"{self.obj(c.object_id)} 的检查"
            if c.joint != Joint.INTER_DEPARTMENT:
                if c.partner_department is not None:
                    self.add(
                        R.INTER_DEPARTMENT,
                        f"{where}不是部门联合检查，partner_department 应为 null，实为「{c.partner_department}」",
                        c.object_id,
                    )
                continue
            if o is None:
                continue
            if c.partner_department is None or c.partner_department not in o.partner_departments:
                listed = "、".join(o.partner_departments) or "无"
                self.add(
                    R.INTER_DEPARTMENT,
                    f"{where}标为部门联合，但联合部门「{c.partner_department}」"
                    f"不是该对象的联合监管部门（名录：{listed}）",
                    c.object_id,
                )
            else:
                count += 1
        need = self.rules.joint.inter_department_min
        if count < need:
            self.add(
                R.INTER_DEPARTMENT,
                f"部门联合检查 {count} 次，少于 {need} 次 (inter_department_min)",
            )
        self.measured(R.INTER_DEPARTMENT, f"≥ {need} 次", f"{count} 次", count - need)

    # ------------------------------------------------ undrawable objects

    def drawable_by(self, obj: InspectionObject) -> list[str] | None:
        """A group that could check the object (its ids), or None when it is really undrawable."""
        if self.this_year[obj.object_id] + 1 > self.rules.avoidance.annual_cap:
            return None
        t = self.rules.teams
        avoided = self.avoided_by_object.get(obj.object_id, set())
        if self.rules.avoidance.own_township:
            avoided = avoided | self.living_in.get(obj.township, set())
        free = [i for i in self.eligible if i.inspector_id not in avoided]
        if _expected_mode(obj) is Mode.OFFSITE:
            weight = exact(t.offsite_weight)
            able = [i.inspector_id for i in free if i.capacity >= weight]
            return able[: t.offsite_size] if len(able) >= t.offsite_size else None
        able_insp = [i for i in free if i.capacity >= 1]
        if len(able_insp) < t.size:
            return None
        cover = _min_cover(self.required_specialties(obj), able_insp, t.size)
        if cover is None:
            return None
        group = [i.inspector_id for i in cover]
        group += [i.inspector_id for i in able_insp if i.inspector_id not in group]
        return group[: t.size]

    def undrawable(self) -> None:
        # indexes for the drawability test: who must avoid each object
        self.eligible = [i for i in self.sc.inspectors if i.eligible]
        self.avoided_by_object: dict[str, set[str]] = defaultdict(set)
        for inspector_id, object_id in self.conflicts | self.recent:
            self.avoided_by_object[object_id].add(inspector_id)
        self.living_in: dict[str, set[str]] = defaultdict(set)
        for i in self.sc.inspectors:
            if i.home_township:
                self.living_in[i.home_township].add(i.inspector_id)
        checked = {c.object_id for c in self.checks}
        listed = Counter(u.object_id for u in self.plan.undrawable)
        for object_id, n in listed.items():
            o = self.objects.get(object_id)
            if n > 1:
                self.add(
                    R.UNDRAWABLE,
                    f"{self.obj(object_id)} 在 undrawable 中重复列出 {n} 次",
                    object_id,
                )
            if o is None:
                self.add(R.UNDRAWABLE, f"undrawable 中的对象 {object_id} 不在检查对象名录库中", object_id)
                continue
            if object_id in checked:
                self.add(R.UNDRAWABLE, f"{self.obj(object_id)} 列为不可抽取，却在计划中被检查", object_id)
                continue
            group = self.drawable_by(o)
            if group is not None:
                self.add(
                    R.UNDRAWABLE,
                    f"{self.obj(object_id)} 列为不可抽取，但可由 {'、'.join(group)} 检查（{_expected_mode(o).zh}）",
                    object_id,
                )
        self.prohibition(R.UNDRAWABLE, f"所列 {len(listed)} 个对象确实不可抽取且未被检查")

    # ------------------------------------------------ the plan file itself

    def plan_format(self) -> None:
        p = self.plan
        if p.contract != 1:
            self.add(R.PLAN_FORMAT, f"contract 应为 1，实为 {p.contract}")
        if p.period != self.rules.period:
            self.add(R.PLAN_FORMAT, f"计划期间为「{p.period}」，场景期间为 {self.rules.period}（period）")
        digest = self.sc.input_digest
        if digest and p.input_digest != digest:
            self.add(
                R.PLAN_FORMAT,
                f"计划的 input_digest「{p.input_digest[:12]}…」与场景输入 "
                f"{digest[:12]}… 不一致：计划不是由这些输入生成的",
            )
        for c in self.checks:
            if c.draw not in DRAWS:
                self.add(
                    R.PLAN_FORMAT,
                    f"{self.obj(c.object_id)} 的 draw「{c.draw}」应为 credit_risk、full_coverage 或 directed",
                    c.object_id,
                )
            o = self.objects.get(c.object_id)
            if o is None:
                continue
            if c.tier != o.tier:
                self.add(
                    R.PLAN_FORMAT,
                    f"{self.obj(c.object_id)} 的 tier 写为「{c.tier}」，名录为 {o.tier.value}（{o.tier.zh}）",
                    c.object_id,
                )
            if c.credit_risk != o.credit_risk:
                self.add(
                    R.PLAN_FORMAT,
                    f"{self.obj(c.object_id)} 的 credit_risk 写为「{c.credit_risk}」，名录为 {o.credit_risk.value}",
                    c.object_id,
                )
            if set(c.items) != set(o.items):
                extra = sorted(set(c.items) - set(o.items))
                lack = sorted(set(o.items) - set(c.items))
                self.add(
                    R.PLAN_FORMAT,
                    f"{self.obj(c.object_id)} 的抽查事项与名录不一致：多出 {extra or '无'}，缺少 {lack or '无'}",
                    c.object_id,
                )
        self.prohibition(R.PLAN_FORMAT, "contract 1、期间与输入摘要一致，字段与名录一致")
