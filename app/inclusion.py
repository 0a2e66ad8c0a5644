"""Inclusion frequencies of the credit-risk draw over many seeds, against each stratum's fair rate.

Each object's inclusion count (over N seeded plans) is compared with the fair rate of its stratum,
required / drawable (tier x credit class, after the contract's apportionment; undrawable objects have
no chance by the contract). Only strata where the draw has a choice (0 < required < drawable) count:
a fully drawn stratum is unbiased by construction.

- Per stratum: Pearson's chi-square of the per-object counts against the uniform expectation. Each
  seed draws exactly `required` of the K drawable objects (sampling without replacement), so a count
  is binomial(N, f) and the statistic is about K(1 - f)/(K - 1) x chi2(K - 1): the p-value divides
  that factor out. The plain p-value (Poisson counts, what scipy's `chisquare` gives) is kept too.
- Per group of objects the staffing rules treat differently: ratio = observed / expected with
  expected = sum over the group of N x fair rate, and z = (observed - expected) / sd under
  independent draws at the fair rate.

`benchmarks/bias.py` and `shuangsui audit` (app/audit.py) both use this module. No scipy here: the
chi-square tail for integer degrees of freedom is exact from the incomplete gamma recurrence.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from shuangsui.models.domain import InspectionObject, Scenario
from shuangsui.models.enums import CREDIT_TIERS, CreditRisk, Draw, Mode, Tier
from shuangsui.reports.cluster_records import GroupResult, Inclusion, ObjectResult, StratumResult
from shuangsui.scheduler.problem import Problem


def chi2_sf(x: float, df: int) -> float:
    """P(chi2(df) > x) for an integer df >= 1, exact up to rounding.

    Q(a, y) is the regularised upper incomplete gamma function, chi2_sf(x, df) = Q(df/2, x/2), and
    Q(a + 1, y) = Q(a, y) + y^a e^-y / Gamma(a + 1), from Q(1/2, y) = erfc(sqrt y) or Q(1, y) = e^-y.
    The terms are summed in log space, so large x and df neither overflow nor underflow early.
    """
    if df < 1:
        raise ValueError(f"degrees of freedom must be >= 1: {df}")
    if x <= 0:
        return 1.0
    y = x / 2
    a = 0.5 if df % 2 else 1.0
    total = math.erfc(math.sqrt(y)) if df % 2 else math.exp(-y)
    while a < df / 2:
        total += math.exp(a * math.log(y) - y - math.lgamma(a + 1))
        a += 1
    return min(1.0, total)


def corrected_p(counts: list[int], rate: float) -> tuple[float, float, float]:
    """(statistic, p corrected for drawing without replacement, plain Poisson p) of per-object counts."""
    k = len(counts)
    mean = sum(counts) / k
    statistic = sum((c - mean) ** 2 for c in counts) / mean if mean else 0.0
    plain = chi2_sf(statistic, k - 1)
    factor = k * (1 - rate) / (k - 1)
    return statistic, chi2_sf(statistic / factor, k - 1) if factor > 0 else 1.0, plain


@dataclass(frozen=True)
class Group:
    """A kind of object that the staffing rules may treat differently."""

    key: str  # English code name
    zh: str  # Chinese label
    member: Callable[[InspectionObject], bool]


def groups(problem: Problem) -> list[Group]:
    """The groups the audit and benchmarks/bias.py report: specialties, avoidance, partners, mode, directed pools."""
    sc = problem.scenario
    conflicted = {c.object_id for c in sc.conflicts}
    avoided = problem.avoided_pairs  # conflicts and the repeat window (sparse)

    def mode(o: InspectionObject) -> Mode:  # the mode of its credit-risk check (contract v2)
        return problem.mode(o, Draw.CREDIT_RISK)

    def required(o: InspectionObject) -> frozenset[str]:
        return problem.required(o, mode(o))

    # A specialty is scarce when fewer eligible inspectors hold it than the median specialty.
    holders = Counter(s for p in sc.inspectors if p.eligible for s in p.specialties)
    specialties = sorted({s for o in problem.objects for s in required(o)})
    found = [Group("all", "全部（有抽取余地的层）", lambda o: True)]

    def needs(specialty: str) -> Callable[[InspectionObject], bool]:
        return lambda o: specialty in required(o)

    for s in specialties:
        found.append(Group(f"needs:{s}", f"现场检查需{s}专业（{holders[s]} 名持证人员）", needs(s)))
    found += [
        Group("needs:2+", "现场检查需 2 个以上专业", lambda o: len(required(o)) >= 2),
        Group("avoidance:any", "有回避（回避关系或近期已查）", lambda o: bool(avoided.get(o.object_id))),
        Group("avoidance:conflict", "有回避关系", lambda o: o.object_id in conflicted),
        Group(
            "avoidance:repeat_window",
            "仅因近期已查而回避",
            lambda o: bool(avoided.get(o.object_id)) and o.object_id not in conflicted,
        ),
        Group("avoidance:none", "无回避", lambda o: not avoided.get(o.object_id)),
        Group("partners:yes", "有联合检查部门", lambda o: bool(o.partner_departments)),
        Group("partners:no", "无联合检查部门", lambda o: not o.partner_departments),
        Group("mode:onsite", "现场检查", lambda o: mode(o) is Mode.ONSITE),
        Group("mode:offsite", "非现场（科技）检查", lambda o: mode(o) is Mode.OFFSITE),
        Group("clue", "有问题线索（现场）", lambda o: bool(o.clue)),
    ]
    for block in sc.rules.directed:
        found.append(Group(f"directed:{block.name}", f"属定向抽查「{block.name}」范围", block.matches))
    if sc.rules.avoidance.own_township:
        found.append(
            Group("own_township", "所在乡镇有本乡镇人员回避", lambda o: bool(problem.by_township.get(o.township)))
        )
    return found


def analyse(scenario: Scenario, included: Mapping[str, int], seeds: int) -> Inclusion:
    """Inclusion of every drawable object over `seeds` plans against the fair rate of its stratum."""
    problem = Problem(scenario)
    pools: dict[tuple[Tier, CreditRisk], list[InspectionObject]] = {}
    for o in problem.drawable:
        if o.tier in CREDIT_TIERS:
            pools.setdefault((o.tier, o.credit_risk), []).append(o)
    population = Counter((o.tier, o.credit_risk) for o in problem.objects)
    order = list(CREDIT_TIERS)
    fair: dict[str, float] = {}
    strata: list[StratumResult] = []
    objects: list[ObjectResult] = []
    for (tier, risk), need in sorted(
        problem.stratum_required.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1])
    ):
        pool = sorted(pools.get((tier, risk), []), key=lambda o: o.object_id)
        rate = need / len(pool) if pool else 0.0
        free = 0 < need < len(pool)
        counts = [included.get(o.object_id, 0) for o in pool]
        stat = p = plain = None
        low = high = None
        if free:
            fair.update(dict.fromkeys((o.object_id for o in pool), rate))
            stat, p, plain = corrected_p(counts, rate)
            low, high = min(counts) / seeds, max(counts) / seeds
        strata.append(
            StratumResult(tier, risk, population[(tier, risk)], len(pool), need, rate, free, low, high, stat, p, plain)
        )
        key = f"{tier.value}/{risk.value}"
        objects += [
            ObjectResult(o.object_id, o.name, key, c, c / seeds, rate) for o, c in zip(pool, counts, strict=True)
        ]
    by_id = scenario.object_by_id
    results: list[GroupResult] = []
    for group in groups(problem):
        members = [o for o in problem.drawable if o.object_id in fair and group.member(o)]
        if not members:
            continue
        expected = sum(seeds * fair[o.object_id] for o in members)
        variance = sum(seeds * fair[o.object_id] * (1 - fair[o.object_id]) for o in members)
        observed = sum(included.get(o.object_id, 0) for o in members)
        keys = sorted({f"{by_id[o.object_id].tier.value}/{by_id[o.object_id].credit_risk.value}" for o in members})
        results.append(
            GroupResult(
                group.key,
                group.zh,
                len(members),
                expected,
                observed,
                observed / expected if expected else None,
                (observed - expected) / math.sqrt(variance) if variance else 0.0,
                tuple(keys),
            )
        )
    return Inclusion(seeds, tuple(strata), tuple(results), tuple(objects))
