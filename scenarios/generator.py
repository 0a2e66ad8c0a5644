"""Deterministic scenario generator: a 赵县-like bureau's 两库一单, conflicts and history.

    python -m shuangsui.scenarios.generator OUT [--objects 500] [--inspectors 25] [--seed N]
        [--team-mode standing|per_check] [--own-township] [--directed N] [--variant NAME]
        [--period 2025Q1] [--style mixed|zh|en] [--encoding utf-8-sig|utf-8|gb18030] [--province N]

`--province N` writes N synthetic counties into OUT/county-01 … OUT/county-NN (for `shuangsui batch`):
county i has its own generator seed and size (`province_counties`), the other options are shared.

The same options and seed give byte-identical files: all randomness comes from one
`random.Random(seed)`, nothing is read from the clock or the environment. The default is the
realistic scenario of the source plan (赵县, 2025Q1); `--variant` selects a stress or a deliberately
infeasible variant (see `scenarios.variants`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import math
import random
import shlex
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, TypeVar

from shuangsui.models.domain import (
    AvoidanceRules,
    Conflict,
    DirectedDraw,
    DocumentInfo,
    HistoryCheck,
    InspectionObject,
    Inspector,
    Item,
    Scenario,
    ScenarioRules,
    TeamRules,
    period_index,
)
from shuangsui.models.enums import CREDIT_TIERS, CreditRisk, Mode, TeamMode, Tier
from shuangsui.scenarios import catalog
from shuangsui.scenarios.files import ENCODINGS, TABLES, Style, rules_toml, write_tables
from shuangsui.scenarios.sanity import base_mode, credit_draws, expected_counts, onsite_range

__all__ = ["Builder", "Options", "build", "expected_counts", "generate", "main"]

DEFAULT_SEED = 20250215  # the date of the source plan
DRAW_SEED = 20250215  # the public seed of the draw written to scenario.toml
STYLES = {
    "mixed": {"objects": Style.ZH, "inspectors": Style.ZH, "items": Style.ZH}
    | {"conflicts": Style.EN, "history": Style.EN},
    "zh": dict.fromkeys(TABLES, Style.ZH),
    "en": dict.fromkeys(TABLES, Style.EN),
}
QUARTER_ZH = "一二三四"
T = TypeVar("T")


@dataclass(frozen=True)
class Options:
    """Everything that determines a generated scenario."""

    objects: int = 500
    inspectors: int = 25
    seed: int = DEFAULT_SEED
    team_mode: TeamMode = TeamMode.STANDING
    own_township: bool = False
    document: bool = False  # write the source plan's issuer under [document]
    directed: int = 1
    variant: str = "default"
    period: str | None = None  # None: the variant's period (2025Q1 unless the variant says)
    name: str | None = None  # None: "赵县 2025年第一季度" plus the variant's label
    history_periods: int = 2
    style: str = "mixed"  # table headers: see STYLES
    encoding: str = "utf-8-sig"


# ---------------------------------------------------------------- random helpers


class Weighted(Generic[T]):
    """A fixed weighted choice, prepared once (the hot paths draw from it thousands of times)."""

    def __init__(self, weights: Mapping[T, float]) -> None:
        self.keys = [k for k, w in weights.items() if w > 0]
        self.cum_weights = list(itertools.accumulate(weights[k] for k in self.keys))

    def draw(self, rng: random.Random) -> T:
        return rng.choices(self.keys, cum_weights=self.cum_weights)[0]


class Builder:
    """The seeded random source plus the uniqueness bookkeeping of ids and names."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._codes: set[str] = set()
        self._names: set[str] = set()

    def pick(self, weights: Mapping[T, float] | Weighted[T]) -> T:
        chooser = weights if isinstance(weights, Weighted) else Weighted(weights)
        return chooser.draw(self.rng)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def credit_code(self) -> str:
        """A new 统一社会信用代码 of 赵县 (91130133...) with valid check characters."""
        while True:
            if self.chance(0.6):  # registered since 2015: organisation code MA0 + 5 characters
                body = "MA0" + "".join(self.rng.choice(USCC_ALPHABET[:24]) for _ in range(5))
            else:  # older organisation code: 8 digits
                body = "".join(self.rng.choice("0123456789") for _ in range(8))
            partial = "91130133" + body + _org_check(body)
            code = partial + _uscc_check(partial)
            if code not in self._codes:
                self._codes.add(code)
                return code

    def company_name(self, industry: catalog.Industry, township: str) -> str:
        for attempt in range(50):
            template = self.rng.choice(industry.names)
            name = template.format(
                p=self.pick(PREFIXES),
                z=self.rng.choice(catalog.TRADE_NAME_PARTS),
                t=township,
            )
            if attempt > 20:  # crowded: add the township, as a branch would
                name = name.replace("有限公司", f"{township}分公司", 1)
            if name not in self._names:
                self._names.add(name)
                return name
        return self._numbered(name)

    def person_name(self) -> str:
        for _ in range(50):
            given = "".join(self.rng.choices(catalog.GIVEN_NAME_CHARS, k=self.rng.choice((1, 2, 2))))
            name = self.rng.choice(catalog.SURNAMES) + given
            if name not in self._names:
                self._names.add(name)
                return name
        return self._numbered(name)

    def _numbered(self, name: str) -> str:
        n = 2
        while f"{name}{n}" in self._names:
            n += 1
        self._names.add(f"{name}{n}")
        return f"{name}{n}"


USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_check(body: str) -> str:
    """Check character of an 8-character organisation code (GB 11714)."""
    total = sum(int(ch, 36) * w for ch, w in zip(body, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _uscc_check(partial: str) -> str:
    """18th character of a 统一社会信用代码 (GB 32100)."""
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(partial, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def split(total: int, shares: dict[T, float]) -> dict[T, int]:
    """`total` split by `shares`, largest remainder, ties to the key listed first."""
    weight = sum(shares.values())
    exact = {k: total * s / weight for k, s in shares.items()} if weight else dict.fromkeys(shares, 0)
    counts = {k: math.floor(v) for k, v in exact.items()}
    order = sorted(shares, key=lambda k: -(exact[k] - counts[k]))
    for k in order[: total - sum(counts.values())]:
        counts[k] += 1
    return counts


def _round(x: float) -> int:
    return math.floor(x + 0.5)


# ---------------------------------------------------------------- periods


def shift_period(period: str, quarters: int) -> str:
    index = period_index(period) + quarters
    return f"{index // 4}Q{index % 4 + 1}"


def default_name(period: str, label: str = "") -> str:
    year, quarter = period.split("Q")
    return f"{catalog.COUNTY} {year}年第{QUARTER_ZH[int(quarter) - 1]}季度{label}"


# ---------------------------------------------------------------- objects


def tier_counts(objects: int) -> dict[Tier, int]:
    counts = {t: max(catalog.TIER_MINIMUM[t], _round(s * objects)) for t, s in catalog.TIER_SHARE.items()}
    counts[Tier.GENERAL] = objects - sum(counts.values())
    if counts[Tier.GENERAL] < 1:
        raise ValueError(f"too few objects for the four tiers: {objects}")
    return {t: counts[t] for t in catalog.TIER_ORDER}


PREFIXES = Weighted(catalog.NAME_PREFIXES)
TOWNSHIPS = Weighted(catalog.TOWNSHIPS)
INDUSTRIES_OF = {t: Weighted({i: i.weight(t) for i in catalog.INDUSTRIES}) for t in Tier}
OFFSITE_TIER_FACTOR = {Tier.SPECIAL: 0.5, Tier.KEY: 0.65, Tier.GENERAL: 1.1, Tier.POSITIVE: 1.0}


def make_object(
    b: Builder, tier: Tier, credit: CreditRisk, industry: catalog.Industry | None = None
) -> InspectionObject:
    """One object of the directory; `industry` None draws one typical of the tier."""
    industry = industry or b.pick(INDUSTRIES_OF[tier])
    township = b.pick(TOWNSHIPS)
    positive = tier is Tier.POSITIVE
    return InspectionObject(
        object_id=b.credit_code(),
        name=b.company_name(industry, township),
        township=township,
        industry=industry.name,
        tier=tier,
        credit_risk=credit,
        offsite_capable=positive or b.chance(industry.offsite * OFFSITE_TIER_FACTOR[tier]),
        items=pick_items(b, industry),
        clue=b.rng.choice(catalog.CLUES) if b.chance(catalog.CLUE_SHARE[tier]) else "",
        partner_departments=_partners(b, industry, tier),
        confidential=tier in (Tier.KEY, Tier.GENERAL) and b.chance(catalog.CONFIDENTIAL_SHARE),
    )


def pick_items(b: Builder, industry: catalog.Industry) -> tuple[str, ...]:
    core = [item for item, p in industry.items if p >= 1.0]
    extra = [item for item, p in industry.items if p < 1.0 and b.chance(p)]
    b.rng.shuffle(extra)
    return tuple(sorted((core + extra)[: catalog.MAX_ITEMS]))


def _partners(b: Builder, industry: catalog.Industry, tier: Tier) -> tuple[str, ...]:
    if not b.chance(catalog.PARTNER_SHARE[tier]):
        return ()
    k = 2 if len(industry.partners) > 1 and b.chance(0.3) else 1
    return tuple(b.rng.sample(industry.partners, k))


def make_objects(b: Builder, counts: dict[Tier, int]) -> list[InspectionObject]:
    objects = []
    for tier, n in counts.items():
        for credit, k in split(n, catalog.CREDIT_MIX[tier]).items():
            objects += [make_object(b, tier, credit) for _ in range(k)]
    return objects


def year_ready(objects: list[InspectionObject], rules: ScenarioRules, items: Sequence[Item]) -> list[InspectionObject]:
    """Objects with which a year of quarterly plans exists under the annual cap.

    The annual cap counts on-site checks (contract v2), and a high-risk stratum is drawn at a rate
    above 50 % a quarter (special D at quota 50 % and multiplier 3: 75 %), more than two on-site
    checks a year. So in every credit-risk stratum at least as many objects as the stratum's draws a
    quarter can be checked off-site (online monitoring, 用电监控...): whatever the earlier quarters
    drew, the quarter's draws can be met. Objects of a short stratum without a clue or an on-site
    item get off-site facilities, in generation order (no randomness used).
    """
    onsite_items = {i.item_id for i in items if i.onsite_required}
    scenario = Scenario(rules=rules, objects=tuple(objects), inspectors=(), items=tuple(items))

    def offsite(o: InspectionObject) -> bool:
        return o.offsite_capable and not o.clue and not onsite_items.intersection(o.items)

    changed: dict[str, InspectionObject] = {}
    for tier, draws in credit_draws(scenario).items():
        for credit, n in draws.items():
            stratum = [o for o in objects if o.tier is tier and o.credit_risk is credit]
            short = n - sum(1 for o in stratum if offsite(o))
            able = [
                o for o in stratum if not o.offsite_capable and not o.clue and not onsite_items.intersection(o.items)
            ]
            for o in able[: max(0, short)]:
                changed[o.object_id] = o.model_copy(update={"offsite_capable": True})
    return [changed.get(o.object_id, o) for o in objects]


def as_hospital(b: Builder, obj: InspectionObject, *, xray: bool = True) -> InspectionObject:
    """The object turned into a hospital (with X-ray equipment: needs a 辐射 check)."""
    hospital = catalog.INDUSTRY_BY_NAME[catalog.HOSPITAL]
    items = {catalog.MEDICAL_WASTE_ITEM} | ({catalog.XRAY_ITEM} if xray else set())
    if b.chance(0.5):
        items.add("HJ-09")
    return obj.model_copy(
        update={
            "name": b.company_name(hospital, obj.township),
            "industry": hospital.name,
            "items": tuple(sorted(items)),
            "offsite_capable": False,
            "partner_departments": ("卫生健康",) if obj.partner_departments else (),
        }
    )


def needs_radiation(obj: InspectionObject) -> bool:
    return catalog.XRAY_ITEM in obj.items


# ---------------------------------------------------------------- inspectors


@dataclass(frozen=True)
class Person:
    """A member of staff, current or departed (departed ones appear in history only)."""

    inspector_id: str
    unit: str
    specialties: tuple[str, ...]


def unit_counts(inspectors: int) -> dict[str, int]:
    counts = {u: max(catalog.UNIT_MINIMUM[u], _round(s * inspectors)) for u, s in catalog.UNIT_SHARE.items()}
    counts = {catalog.ENFORCEMENT: inspectors - sum(counts.values()), **counts}
    if counts[catalog.ENFORCEMENT] < 1:
        raise ValueError(f"too few inspectors for the four units: {inspectors}")
    return counts


def _specialties(b: Builder, unit: str) -> tuple[str, ...]:
    options = catalog.UNIT_SPECIALTIES[unit]
    chosen = {s for s, p in options if b.chance(p)}
    for s, _ in sorted(options, key=lambda o: -o[1]):
        if len(chosen) >= 2:
            break
        chosen.add(s)
    return tuple(s for s in catalog.SPECIALTY_ORDER if s in chosen)


def make_staff(b: Builder, inspectors: int) -> tuple[list[Person], list[Person]]:
    """Current staff and the people who left since the history periods (ids interleaved)."""
    departed = max(1, _round(inspectors * 0.06))
    units = [(u, False) for u, n in unit_counts(inspectors).items() for _ in range(n)]
    units += [(catalog.ENFORCEMENT, True)] * departed
    b.rng.shuffle(units)
    width = max(2, len(str(len(units))))
    people = [
        (Person(f"I{k + 1:0{width}d}", unit, _specialties(b, unit)), gone) for k, (unit, gone) in enumerate(units)
    ]
    return [p for p, gone in people if not gone], [p for p, gone in people if gone]


def make_inspectors(b: Builder, staff: list[Person]) -> list[Inspector]:
    """The inspector directory: a couple uncertified or unavailable, home townships, capacity 0."""
    n_off = _round(len(staff) * 0.08)
    candidates = [p for p in staff if p.unit in (catalog.ENFORCEMENT, catalog.MONITORING)]
    off = b.rng.sample(candidates, min(n_off, len(candidates)))
    uncertified = {p.inspector_id for p in off[::2]}
    unavailable = {p.inspector_id for p in off[1::2]}
    staff = cover_specialties(b, staff, excluded={p.inspector_id for p in off})
    homes = _home_townships(b, staff)
    return [
        Inspector(
            inspector_id=p.inspector_id,
            name=b.person_name(),
            unit=p.unit,
            specialties=p.specialties,
            certified=p.inspector_id not in uncertified,
            available=p.inspector_id not in unavailable,
            capacity=0,
            home_township=homes[p.inspector_id],
        )
        for p in staff
    ]


def cover_specialties(b: Builder, staff: list[Person], excluded: set[str]) -> list[Person]:
    """Every specialty but 辐射 held by at least a fifth of the eligible staff (two at least)."""
    eligible = [p for p in staff if p.inspector_id not in excluded]
    wanted = max(2, math.ceil(len(eligible) / 5))
    added: dict[str, set[str]] = {}
    for specialty in catalog.SPECIALTY_ORDER:
        if specialty == catalog.RADIATION:
            continue
        holders = [p for p in eligible if specialty in p.specialties]
        others = [p for p in eligible if specialty not in p.specialties and p.unit != catalog.RADIATION_UNIT]
        for p in b.rng.sample(others, min(len(others), max(0, wanted - len(holders)))):
            added.setdefault(p.inspector_id, set()).add(specialty)
    return [
        Person(
            p.inspector_id,
            p.unit,
            tuple(s for s in catalog.SPECIALTY_ORDER if s in {*p.specialties, *added[p.inspector_id]}),
        )
        if p.inspector_id in added
        else p
        for p in staff
    ]


def _home_townships(b: Builder, staff: list[Person]) -> dict[str, str]:
    """Most staff live in the county seat; radiation specialists in different townships."""
    weights = {t: (6.0 if t == catalog.COUNTY_SEAT else 1.0) for t in catalog.TOWNSHIPS}
    homes = {p.inspector_id: b.pick(weights) for p in staff}
    rare = [p.inspector_id for p in staff if catalog.RADIATION in p.specialties]
    townships = list(catalog.TOWNSHIPS)
    for k, inspector_id in enumerate(rare):
        homes[inspector_id] = townships[k % len(townships)]
    return homes


def set_capacities(
    b: Builder, inspectors: list[Inspector], needed: float, margin: float, jitter: bool = True
) -> list[Inspector]:
    """Capacities whose sum over eligible inspectors is about `margin` x `needed`."""
    eligible = sum(1 for i in inspectors if i.eligible) or 1
    base = max(1, math.ceil(margin * needed / eligible))
    steps = (-1, 0, 0, 1, 1) if jitter else (0,)
    return [i.model_copy(update={"capacity": max(1, base + b.rng.choice(steps))}) for i in inspectors]


# ---------------------------------------------------------------- rules


def make_rules(opts: Options, period: str, name: str) -> ScenarioRules:
    scale = opts.objects / 500
    blocks = [
        DirectedDraw(
            name=t.name,
            industries=t.industries,
            townships=t.townships,
            tiers=t.tiers,
            count=max(1, _round(t.count_per_500 * scale)),
        )
        for t in catalog.DIRECTED_TEMPLATES[: opts.directed]
    ]
    return ScenarioRules(
        name=name,
        period=period,
        seed=DRAW_SEED,
        teams=TeamRules(mode=opts.team_mode),
        avoidance=AvoidanceRules(own_township=opts.own_township),
        directed=tuple(blocks),
        # The source plan's issuer and date (not a rule: outside the input digest).
        document=DocumentInfo(bureau=catalog.BUREAU, issued=dt.date(int(period[:4]), 2, 15))
        if opts.document
        else DocumentInfo(),
    )


# ---------------------------------------------------------------- history and conflicts


def weighted_sample(b: Builder, objects: Sequence[InspectionObject], k: int) -> list:
    """k objects without replacement, higher credit risk more likely (Efraimidis-Spirakis)."""
    weight = {CreditRisk.A: 0.5, CreditRisk.B: 1.0, CreditRisk.C: 1.5, CreditRisk.D: 3.0}
    keyed = sorted(objects, key=lambda o: -(b.rng.random() ** (1 / weight[o.credit_risk])))
    return keyed[:k]


class Roster:
    """Staff of the history periods, current and departed, with the holders of each specialty."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.people = list(people)
        self.holders = {s: [p for p in self.people if s in p.specialties] for s in catalog.SPECIALTY_ORDER}


def history_team(b: Builder, required: frozenset[str], roster: Roster, size: int) -> list[Person]:
    """A plausible group of the past: covers the required specialties when the roster can."""
    team: list[Person] = []
    covered: set[str] = set()
    for specialty in sorted(required, key=lambda s: (len(roster.holders.get(s, ())), s)):
        holders = roster.holders.get(specialty, [])
        if specialty in covered or not holders or len(team) >= size:
            continue
        person = b.rng.choice(holders)
        if person not in team:
            team.append(person)
            covered.update(person.specialties)
    while len(team) < size:
        person = b.rng.choice(roster.people)
        if person not in team:
            team.append(person)
    return team


def history_period(
    b: Builder,
    scenario: Scenario,
    period: str,
    roster: Roster,
    exclude: set[str],
    tiers: Sequence[Tier] = (*CREDIT_TIERS, Tier.POSITIVE),
) -> list[HistoryCheck]:
    """The checks of one past period, drawn roughly as the rules would have drawn them."""
    rules = scenario.rules
    drawn: list[InspectionObject] = []
    for tier in tiers:
        spread = tier is not Tier.POSITIVE  # positive-list enterprises are checked every quarter
        pool = [o for o in scenario.objects if o.tier is tier and not (spread and o.object_id in exclude)]
        n = math.ceil(rules.quota.of(tier) * sum(1 for o in scenario.objects if o.tier is tier))
        drawn += weighted_sample(b, pool, min(n, len(pool)))
    for block in rules.directed[:1]:
        taken = {o.object_id for o in drawn} | exclude
        pool = [o for o in scenario.objects if block.matches(o) and o.object_id not in taken]
        drawn += weighted_sample(b, pool, min(block.count, len(pool)))
    return [past_check(b, scenario, period, o, roster) for o in drawn]


def past_check(b: Builder, scenario: Scenario, period: str, obj: InspectionObject, roster: Roster) -> HistoryCheck:
    mode = base_mode(scenario, obj) if obj.object_id in scenario.object_by_id else obj.mode
    onsite = mode is Mode.ONSITE
    size = scenario.rules.teams.size if onsite else scenario.rules.teams.offsite_size
    required = scenario.required_specialties(obj) if onsite else frozenset()
    team = history_team(b, required, roster, size)
    return HistoryCheck(
        period=period,
        object_id=obj.object_id,
        inspector_ids=tuple(sorted(p.inspector_id for p in team)),
        mode=mode,
    )


def removed_objects(b: Builder, n: int) -> list[InspectionObject]:
    """Enterprises closed since (注销/关停): in history, no longer in the directory."""
    return [make_object(b, Tier.GENERAL, b.pick(catalog.CREDIT_MIX[Tier.GENERAL])) for _ in range(n)]


def make_history(b: Builder, scenario: Scenario, roster: Roster, periods: int) -> list[HistoryCheck]:
    """Checks of the `periods` quarters before the planned one, oldest first.

    Within one calendar year an object is not drawn twice (the bureau spreads its checks), so the
    generic history never exhausts the annual cap by itself.
    """
    rows: list[HistoryCheck] = []
    gone = removed_objects(b, max(2, _round(len(scenario.objects) / 100)))
    for back in range(periods, 0, -1):
        period = shift_period(scenario.rules.period, -back)
        same_year = {h.object_id for h in rows if h.period[:4] == period[:4]}
        rows += history_period(b, scenario, period, roster, same_year)
        rows += [past_check(b, scenario, period, o, roster) for o in gone[back - 1 :: periods]]
    return rows


def make_conflicts(b: Builder, objects: Sequence[InspectionObject], inspectors: Sequence[Inspector]) -> list[Conflict]:
    """About 10 回避 pairs per 500 objects; never a radiation specialist with a 辐射 object."""
    n = max(6, _round(len(objects) / 50))
    pairs: dict[tuple[str, str], str] = {}
    while len(pairs) < n:
        obj = b.rng.choice(objects)
        inspector = b.rng.choice(inspectors)
        if needs_radiation(obj) and catalog.RADIATION in inspector.specialties:
            continue
        pairs.setdefault((inspector.inspector_id, obj.object_id), b.rng.choice(catalog.CONFLICT_REASONS))
    return [Conflict(inspector_id=i, object_id=o, reason=r) for (i, o), r in sorted(pairs.items())]


# ---------------------------------------------------------------- the scenario


def capacity_need(scenario: Scenario, *, worst: bool = True) -> float:
    """Capacity a plan of the scenario uses with the most (or fewest) on-site checks."""
    low, high = onsite_range(scenario, scenario.objects)
    teams = scenario.rules.teams
    total = sum(sum(row.values()) for row in credit_draws(scenario).values())
    total += sum(1 for o in scenario.objects if o.tier is Tier.POSITIVE)
    total += sum(block.count for block in scenario.rules.directed)
    onsite = high if worst else low
    return teams.size * onsite + teams.offsite_size * teams.offsite_weight * (total - onsite)


def build(opts: Options) -> Scenario:
    """The scenario the options describe (nothing written)."""
    from shuangsui.scenarios.variants import VARIANTS  # variants build on this module

    variant = VARIANTS[opts.variant]
    b = Builder(opts.seed)
    period = opts.period or variant.period
    rules = make_rules(opts, period, opts.name or default_name(period, variant.label))
    items = tuple(
        Item(item_id=k, name=n, specialty=s, legal_basis=lb, onsite_required=k in catalog.ONSITE_ITEMS)
        for k, (n, s, lb) in catalog.ITEMS.items()
    )
    made = year_ready(make_objects(b, variant.tier_counts(opts.objects)), rules, items)
    objects = variant.objects(b, made)
    b.rng.shuffle(objects)
    parts = {"rules": rules, "objects": tuple(objects), "items": items}
    staff, departed = make_staff(b, opts.inspectors)
    inspectors = variant.inspectors(b, make_inspectors(b, staff))
    inspectors = variant.capacities(b, inspectors, Scenario(**parts, inspectors=()))
    scenario = Scenario(**parts, inspectors=tuple(inspectors))
    certified = {i.inspector_id for i in inspectors if i.certified}
    roster = Roster([*(p for p in staff if p.inspector_id in certified), *departed])
    history = sorted(variant.history(b, scenario, roster, opts.history_periods), key=lambda h: h.period)
    conflicts = variant.conflicts(b, scenario, make_conflicts(b, objects, inspectors))
    return Scenario(**parts, inspectors=scenario.inspectors, conflicts=conflicts, history=history)


def generate(
    folder: Path | str,
    *,
    objects: int = 500,
    inspectors: int = 25,
    seed: int = DEFAULT_SEED,
    team_mode: TeamMode | str = TeamMode.STANDING,
    own_township: bool = False,
    document: bool = False,
    directed: bool | int = True,
    variant: str = "default",
    period: str | None = None,
    name: str | None = None,
    style: str = "mixed",
    encoding: str = "utf-8-sig",
) -> Path:
    """Write a scenario folder; the same arguments always give byte-identical files."""
    opts = Options(
        objects=objects,
        inspectors=inspectors,
        seed=seed,
        team_mode=TeamMode(team_mode),
        own_township=own_township,
        document=document,
        directed=int(directed),
        variant=variant,
        period=period,
        name=name,
        style=style,
        encoding=encoding,
    )
    return write(build(opts), folder, opts)


def write(scenario: Scenario, folder: Path | str, opts: Options) -> Path:
    """The scenario's six files; scenario.toml names the command that regenerates them."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    header = ("由 shuangsui.scenarios.generator 生成 (generated by):", shlex.join(command(opts)))
    (folder / "scenario.toml").write_text(rules_toml(scenario.rules, header), encoding="utf-8")
    write_tables(scenario, folder, STYLES[opts.style], opts.encoding)
    return folder


# ---------------------------------------------------------------- a province of counties

# The county-level divisions of 石家庄, for the names of a synthetic province's counties.
COUNTY_NAMES = (
    "长安区", "桥西区", "新华区", "井陉矿区", "裕华区", "藁城区", "鹿泉区", "栾城区", "井陉县", "正定县", "行唐县",
    "灵寿县", "高邑县", "深泽县", "赞皇县", "无极县", "平山县", "元氏县", "赵县", "辛集市", "晋州市", "新乐市",
)  # fmt: skip


def province_counties(n: int, opts: Options) -> list[tuple[str, Options]]:
    """N counties (folder name, options): seed `opts.seed + i`; objects and inspectors scaled by a seeded
    factor in [0.6, 1.6] (same ratio as `opts`), named after 石家庄's counties (then 县N)."""
    rng = random.Random(f"province:{opts.seed}:{n}")
    counties = []
    for i in range(1, n + 1):
        factor = rng.uniform(0.6, 1.6)
        place = COUNTY_NAMES[i - 1] if i <= len(COUNTY_NAMES) else f"县{i}"
        county = replace(
            opts,
            seed=opts.seed + i,
            objects=max(60, round(opts.objects * factor)),
            inspectors=max(8, round(opts.inspectors * factor)),
            name=f"{place} {period_zh_of(opts.period or '2025Q1')}",
        )
        counties.append((f"county-{i:02d}", county))
    return counties


def period_zh_of(period: str) -> str:
    """2025Q1 -> 2025年第一季度."""
    return f"{period[:4]}年第{'一二三四'[int(period[-1]) - 1]}季度"


def write_province(folder: Path | str, n: int, opts: Options) -> list[Path]:
    """Write N county scenario folders under `folder` (byte-identical for the same arguments)."""
    return [write(build(county), Path(folder) / sub, county) for sub, county in province_counties(n, opts)]


# ---------------------------------------------------------------- command line


def command(opts: Options, out: str = "OUT") -> list[str]:
    """The shortest command line that generates the scenario of `opts`."""
    default = Options()
    argv = ["python", "-m", "shuangsui.scenarios.generator", out]
    for flag, value in (
        ("--objects", opts.objects),
        ("--inspectors", opts.inspectors),
        ("--seed", opts.seed),
        ("--team-mode", opts.team_mode.value),
        ("--directed", opts.directed),
        ("--variant", opts.variant),
        ("--period", opts.period),
        ("--name", opts.name),
        ("--style", opts.style),
        ("--encoding", opts.encoding),
    ):
        if value != getattr(default, flag[2:].replace("-", "_")):
            argv += [flag, str(value.value if isinstance(value, TeamMode) else value)]
    if opts.own_township:
        argv.append("--own-township")
    if opts.document:
        argv.append("--document")
    return argv


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    from shuangsui.scenarios.variants import VARIANTS

    parser = argparse.ArgumentParser(
        prog="python -m shuangsui.scenarios.generator", description=__doc__.splitlines()[0]
    )
    parser.add_argument("out", type=Path, help="scenario folder to write")
    parser.add_argument("--objects", type=int, default=500)
    parser.add_argument("--inspectors", type=int, default=25)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument("--team-mode", choices=[m.value for m in TeamMode], default="standing")
    parser.add_argument("--own-township", action="store_true", help="own-township avoidance on")
    parser.add_argument("--document", action="store_true", help="[document]: the source plan's issuer and date")
    parser.add_argument(
        "--directed",
        type=int,
        default=1,
        choices=range(len(catalog.DIRECTED_TEMPLATES) + 1),
        help="number of [[directed]] blocks",
    )
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="default")
    parser.add_argument("--period", help="YYYYQn (default: the variant's, 2025Q1)")
    parser.add_argument("--name", help="scenario name (default: 赵县 YYYY年第N季度)")
    parser.add_argument("--style", choices=sorted(STYLES), default="mixed", help="table headers")
    parser.add_argument("--encoding", choices=ENCODINGS, default="utf-8-sig")
    parser.add_argument("--quiet", action="store_true", help="do not print the sanity numbers")
    parser.add_argument(
        "--province", type=int, metavar="N", help="write N synthetic counties into OUT/county-01 … (for batch)"
    )
    args = parser.parse_args(argv)
    if args.province is not None and not 1 <= args.province <= 999:
        parser.error("--province: N must be between 1 and 999")
    return args


def options(args: argparse.Namespace) -> Options:
    """The generator options of parsed command-line arguments."""
    return Options(
        objects=args.objects,
        inspectors=args.inspectors,
        seed=args.seed,
        team_mode=TeamMode(args.team_mode),
        own_township=args.own_township,
        document=args.document,
        directed=args.directed,
        variant=args.variant,
        period=args.period,
        name=args.name,
        style=args.style,
        encoding=args.encoding,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    opts = options(args)
    if args.province:
        for folder in write_province(args.out, args.province, opts):
            if not args.quiet:
                print(f"wrote {folder}")
        return 0
    scenario = build(opts)
    folder = write(scenario, args.out, opts)
    if not args.quiet:
        print(f"wrote {folder}")
        print(expected_counts(scenario).summary())
    return 0


if __name__ == "__main__":
    # Run the imported module's main, not this __main__ copy: the variants import
    # scenarios.generator, and one set of classes must serve both.
    from shuangsui.scenarios.generator import main as _main

    sys.exit(_main())
