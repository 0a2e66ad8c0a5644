"""双随机: where only the quota binds, every object of a stratum is equally likely to be drawn, and the
inspectors are drawn at random too.

A scenario built in code has ample inspectors and capacity, no conflicts or history, and a few
objects needing a rare specialty (辐射) that three inspectors hold. It is solved with hundreds of
seeds; per stratum, the per-object inclusion counts in credit-risk draws must pass a chi-square
test against the uniform expectation, and the rare-specialty objects must be drawn at the rate of
their stratum. Inspectors: everyone takes part, participation and standing-team pairs are uniform.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

import pytest
from scipy.stats import chi2, chisquare
from shuangsui.checker import check_plan
from shuangsui.models.domain import (
    InspectionObject,
    Inspector,
    Item,
    JointRules,
    QuotaRules,
    Scenario,
    ScenarioRules,
    TeamRules,
)
from shuangsui.models.enums import CreditRisk, Draw, Mode, TeamMode, Tier
from shuangsui.scheduler import SolveStatus, solve
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.weights import WEIGHT_BITS, permutation_weights

pytestmark = pytest.mark.slow  # ~20-30 s in all: hundreds of solves

SEEDS = 300
TEAM_SEEDS = 200
ALPHA = 0.001
RARE = "辐射"
RADIATION_STAFF = {"I03", "I09", "I14"}

ITEMS = (
    Item(item_id="HJ-01", name="废气排放", specialty="大气"),
    Item(item_id="HJ-02", name="废水排放", specialty="水"),
    Item(item_id="HJ-04", name="射线装置", specialty=RARE),
)
# Objects per tier and credit class; with the quotas below the contract's apportionment gives
# special 0/1/2/3 (D all drawn), key 1/1/2/2, general 1/4/4/5: 12 strata, 10 of them partly drawn.
LAYOUT = {
    Tier.SPECIAL: {"A": 3, "B": 3, "C": 3, "D": 3},
    Tier.KEY: {"A": 6, "B": 8, "C": 6, "D": 4},
    Tier.GENERAL: {"A": 14, "B": 20, "C": 12, "D": 8},
}
RARE_OBJECTS = {(Tier.KEY, "B"): 2, (Tier.GENERAL, "B"): 5}  # the first ones of these strata need 辐射


def uniform_scenario(mode: TeamMode) -> Scenario:
    objects = []
    n = 0
    for tier, classes in LAYOUT.items():
        for risk, count in classes.items():
            for j in range(count):
                n += 1
                rare = j < RARE_OBJECTS.get((tier, risk), 0)
                items = ("HJ-01", "HJ-04") if rare else (("HJ-01",) if n % 2 else ("HJ-02",))
                objects.append(
                    InspectionObject(
                        object_id=f"O{n:03d}",
                        name=f"企业{n}",
                        township=f"乡镇{n % 5}",
                        industry="化工",
                        tier=tier,
                        credit_risk=CreditRisk(risk),
                        items=items,
                        offsite_capable=n % 4 == 0 and not rare,  # a quarter off-site: never binding
                        # special D is always all drawn, on site but for one: the inter-department
                        # rule (on-site checks with a partner, contract v2) is slack
                        partner_departments=("市场监管",) if (tier, risk) == (Tier.SPECIAL, "D") else (),
                    )
                )
    for k in range(4):  # always all drawn (off-site, so under contract v2 never inter-department checks)
        objects.append(
            InspectionObject(
                object_id=f"P{k}",
                name=f"正面清单{k}",
                township="乡镇0",
                industry="化工",
                tier=Tier.POSITIVE,
                credit_risk=CreditRisk.A,
                items=("HJ-01",),
            )
        )
    inspectors = tuple(
        Inspector(
            inspector_id=f"I{k:02d}",
            name=f"执法员{k}",
            unit="执法大队" if k % 2 else "监测站",
            specialties=("大气", "水", *((RARE,) if f"I{k:02d}" in RADIATION_STAFF else ())),
            capacity=10,  # 160 in all against about 60 needed
        )
        for k in range(16)
    )
    rules = ScenarioRules(
        name="均匀性检验",
        period="2025Q1",
        seed=1,
        quota=QuotaRules(general=0.25),
        teams=TeamRules(mode=mode),
        joint=JointRules(inter_department_min=0),  # v2: chosen on-site checks; not what is tested here
    )
    return Scenario(rules=rules, objects=tuple(objects), inspectors=inspectors, items=ITEMS)


@dataclass
class Runs:
    scenario: Scenario
    seeds: int
    included: Counter = field(default_factory=Counter)  # object id -> credit-risk draws
    participation: Counter = field(default_factory=Counter)  # inspector id -> checks
    pairs: Counter = field(default_factory=Counter)  # standing teams (sorted ids) -> seeds
    groups: dict[str, Counter] = field(default_factory=dict)  # object id -> its groups


def run(scenario: Scenario, seeds: int, audit_every: int = 50) -> Runs:
    runs = Runs(scenario, seeds)
    for seed in range(seeds):
        result = solve(scenario, seed=seed, time_limit=60, prove_uniqueness=False, explain=False)
        assert result.status is SolveStatus.OPTIMAL, (seed, result.status)
        plan = result.plan
        if seed % audit_every == 0:
            assert check_plan(scenario, plan) == []
        for c in plan.checks:
            if c.draw == Draw.CREDIT_RISK:
                runs.included[c.object_id] += 1
            runs.participation.update(c.inspector_ids)
            runs.groups.setdefault(c.object_id, Counter())[c.inspector_ids] += 1
        runs.pairs.update(t.inspector_ids for t in plan.teams)
    return runs


@pytest.fixture(scope="module")
def per_check_runs() -> Runs:
    return run(uniform_scenario(TeamMode.PER_CHECK), SEEDS)


@pytest.fixture(scope="module")
def standing_runs() -> Runs:
    return run(uniform_scenario(TeamMode.STANDING), TEAM_SEEDS)


def strata(scenario: Scenario) -> dict[tuple[Tier, CreditRisk], tuple[int, list[str]]]:
    """(tier, class) -> (required credit-risk draws, object ids), for every credit stratum."""
    required = Problem(scenario).stratum_required
    return {
        key: (need, [o.object_id for o in scenario.objects if (o.tier, o.credit_risk) == key])
        for key, need in required.items()
    }


def stratum_pvalues(counts: list[int], need: int) -> tuple[float, float]:
    """Chi-square of per-object counts against uniform: (scipy's p, p for sampling without replacement).

    Each seed draws exactly `need` of the K objects, so a count is binomial(seeds, f = need / K), not
    Poisson: Pearson's statistic is then about K(1 - f)/(K - 1) x chi2(K - 1). scipy's p-value ignores
    that factor (too lenient when several objects are drawn); the second p-value divides it out.
    """
    k = len(counts)
    result = chisquare(counts)
    scale = k * (1 - need / k) / (k - 1)
    return float(result.pvalue), float(chi2.sf(result.statistic / scale, k - 1))


def test_scenario_is_as_designed() -> None:
    scenario = uniform_scenario(TeamMode.PER_CHECK)
    problem = Problem(scenario)
    assert problem.undrawable == {}
    got = {(t.value, c.value): n for (t, c), n in problem.stratum_required.items()}
    assert [got["special", r] for r in "ABCD"] == [0, 1, 2, 3]
    assert [got["key", r] for r in "ABCD"] == [1, 1, 2, 2]
    assert [got["general", r] for r in "ABCD"] == [1, 4, 4, 5]


def test_every_object_of_a_stratum_equally_likely(per_check_runs: Runs) -> None:
    runs = per_check_runs
    report = []
    tested = 0
    for (tier, risk), (need, ids) in sorted(strata(runs.scenario).items()):
        counts = [runs.included[i] for i in ids]
        assert sum(counts) == need * runs.seeds, (tier, risk)  # exactly the apportioned draws, every seed
        if need in (0, len(ids)):  # nothing to choose: none or all
            assert set(counts) == {need and runs.seeds}
            continue
        raw, p = stratum_pvalues(counts, need)
        report.append(f"{tier.value}/{risk.value}: {need} of {len(ids)}, p = {p:.3f} (scipy's plain p {raw:.3f})")
        tested += 1
        assert raw > ALPHA and p > ALPHA, f"{tier.value}/{risk.value} not uniform: p = {p:.2g}, counts {counts}"
    print(f"\nper-stratum chi-square (credit-risk inclusion over {runs.seeds} seeds):\n  " + "\n  ".join(report))
    assert tested == 10


def test_rare_specialty_objects_drawn_at_the_stratum_rate(per_check_runs: Runs) -> None:
    runs = per_check_runs
    observed = expected = 0.0
    for (tier, risk), (need, ids) in strata(runs.scenario).items():
        rare = ids[: RARE_OBJECTS.get((tier, risk), 0)]
        for oid in rare:
            assert RARE in runs.scenario.required_specialties(runs.scenario.object_by_id[oid])
            observed += runs.included[oid]
            expected += runs.seeds * need / len(ids)
    assert expected > 0
    ratio = observed / expected
    print(f"\n{RARE} objects: drawn {observed:.0f} times, fair {expected:.0f}: ratio {ratio:.3f}")
    assert 0.75 < ratio < 1.25, ratio


def test_every_inspector_takes_part_uniformly(per_check_runs: Runs) -> None:
    runs = per_check_runs
    eligible = [i.inspector_id for i in runs.scenario.inspectors if i.eligible]
    assert all(runs.participation[i] > 0 for i in eligible)
    # Equal capacities, none binding: the expectation (capacity-proportional) is uniform. The
    # radiation staff are needed for the 辐射 checks on top, so they are tested apart.
    common = [i for i in eligible if i not in RADIATION_STAFF]
    counts = [runs.participation[i] for i in common]
    p = chisquare(counts).pvalue
    print(f"\ninspector participation ({runs.seeds} seeds): p = {p:.3f}, counts {dict(runs.participation)}")
    assert p > ALPHA, counts
    mean = sum(counts) / len(counts)
    assert all(runs.participation[i] >= 0.9 * mean for i in RADIATION_STAFF)


def test_groups_of_an_always_drawn_object_vary(per_check_runs: Runs) -> None:
    """The special D objects are drawn every time; their groups are drawn afresh each time."""
    scenario = per_check_runs.scenario
    always = [o for o in scenario.objects if o.tier is Tier.SPECIAL and o.credit_risk is CreditRisk.D]
    assert {o.mode for o in always} == {Mode.ONSITE, Mode.OFFSITE}
    for obj in always:
        groups = per_check_runs.groups[obj.object_id]
        assert sum(groups.values()) == per_check_runs.seeds
        possible = 120 if obj.mode is Mode.ONSITE else 16  # pairs / single inspectors of 16
        assert len(groups) >= possible // 2, f"{obj.object_id}: only {len(groups)} different groups"
        assert max(groups.values()) <= 0.1 * per_check_runs.seeds, groups.most_common(3)


def test_standing_teams_pair_everyone_uniformly(standing_runs: Runs) -> None:
    runs = standing_runs
    ids = sorted(i.inspector_id for i in runs.scenario.inspectors)
    counts = [runs.pairs[pair] for pair in itertools.combinations(ids, 2)]
    assert sum(counts) == runs.seeds * len(ids) // 2  # 8 teams of 2 every time
    assert min(counts) > 0, "some pair of inspectors is never teamed"
    p = chisquare(counts).pvalue
    print(f"\nstanding team pairs ({runs.seeds} seeds): p = {p:.3f}, min {min(counts)}, max {max(counts)}")
    assert p > ALPHA


def test_standing_mode_draw_is_uniform_too(standing_runs: Runs) -> None:
    runs = standing_runs
    for (tier, risk), (need, ids) in strata(runs.scenario).items():
        counts = [runs.included[i] for i in ids]
        if 0 < need < len(ids):
            assert min(stratum_pvalues(counts, need)) > ALPHA, (tier, risk, counts)


def sampled_counts(bias: int) -> dict[tuple[Tier, CreditRisk], tuple[int, list[int]]]:
    """Per stratum: (need, per-object inclusion counts over SEEDS seeds) of a sampler that takes the
    `need` objects of highest seeded weight (the planner's weights, scheduler/weights.py), after adding
    `bias` to the weights of the first two objects of the stratum."""
    result = {}
    for key, (need, ids) in strata(uniform_scenario(TeamMode.PER_CHECK)).items():
        counts = Counter[str]()
        for seed in range(SEEDS):
            weights = permutation_weights(seed, "credit-risk", ids)
            favoured = {oid: weights[oid] + (bias if n < 2 else 0) for n, oid in enumerate(ids)}
            counts.update(sorted(ids, key=favoured.__getitem__, reverse=True)[:need])
        result[key] = (need, [counts[i] for i in ids])
    return result


def test_the_uniformity_test_rejects_biased_weights() -> None:
    """The statistical test above can fail: a sampler favouring two objects per stratum by 1/4 of the
    weights' range is rejected in every stratum with a choice, while the same sampler unbiased passes."""
    tested = 0
    for (tier, risk), (need, counts) in sampled_counts(bias=2**WEIGHT_BITS // 4).items():
        if 0 < need < len(counts):
            tested += 1
            assert max(stratum_pvalues(counts, need)) < ALPHA, (tier, risk, counts)
    assert tested == 10
    for (tier, risk), (need, counts) in sampled_counts(bias=0).items():
        if 0 < need < len(counts):
            assert min(stratum_pvalues(counts, need)) > ALPHA, (tier, risk, counts)
