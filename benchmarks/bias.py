"""How much capacity, specialty, avoidance and joint rules bias the draw: measured, not assumed.

Usage: python benchmarks/bias.py [--scenario scenarios/zhaoxian-2025Q1] [--seeds 200] [--out FILE]

The scenario is solved with seeds 0..N-1. Each object's inclusion frequency in credit-risk draws is
compared with the fair rate of its stratum, required / drawable (tier x credit class, after the
contract's apportionment; undrawable objects have no chance by the contract). For groups of objects
that the staffing rules treat differently (needing a specialty, having avoidance constraints,
listing partner departments, on-site or off-site, in a directed block's pool) the table gives

    ratio = observed inclusions / sum over the group of (N x fair rate of the object's stratum)

1.00 is an unbiased draw; z is (observed - expected) / sd under independent draws at the fair rate.
Only strata where the draw has a choice (0 < required < drawable) count: a fully drawn stratum is
unbiased by construction. Per stratum, a chi-square test of the per-object counts against the uniform
expectation gives the p-value (small p: some objects of the stratum are favoured). Each seed draws
exactly `required` of the K drawable objects, so a count is binomial(N, f) and Pearson's statistic is
about K(1 - f)/(K - 1) x chi2(K - 1): the p-value divides that factor out (scipy's plain p-value, which
assumes Poisson counts, is shown too; it is lenient when f is large).
"""

from __future__ import annotations

import argparse
import math
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from scipy.stats import chi2, chisquare

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shuangsui.models.domain import InspectionObject, Scenario  # noqa: E402
from shuangsui.models.enums import CREDIT_TIERS, Draw, Mode  # noqa: E402
from shuangsui.models.loading import load_scenario  # noqa: E402
from shuangsui.scheduler import SolveStatus, solve  # noqa: E402
from shuangsui.scheduler.problem import Problem  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"


def draw_counts(scenario: Scenario, seeds: int, workers: int | None) -> tuple[Counter, float]:
    included: Counter = Counter()
    started = time.perf_counter()
    for seed in range(seeds):
        result = solve(scenario, seed=seed, time_limit=60, workers=workers, prove_uniqueness=False, explain=False)
        if result.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
            raise SystemExit(f"seed {seed}: no plan ({result.status.value})")
        included.update(c.object_id for c in result.plan.checks if c.draw == Draw.CREDIT_RISK)
        if (seed + 1) % 50 == 0:
            print(f"  {seed + 1}/{seeds} seeds, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return included, time.perf_counter() - started


def groups(problem: Problem) -> list[tuple[str, Callable[[InspectionObject], bool]]]:
    sc = problem.scenario
    conflicted = {c.object_id for c in sc.conflicts}
    avoided = problem.avoided_pairs  # conflicts and the repeat window (sparse)

    def mode(o: InspectionObject) -> Mode:  # the mode of its credit-risk check (contract v2)
        return problem.mode(o, Draw.CREDIT_RISK)

    def required(o: InspectionObject) -> frozenset[str]:
        return problem.required(o, mode(o))

    specialties = sorted({s for o in problem.objects for s in required(o)})
    found: list[tuple[str, Callable[[InspectionObject], bool]]] = [("all (strata with a choice)", lambda o: True)]
    for s in specialties:
        found.append((f"on-site, needs {s}", lambda o, s=s: s in required(o)))
    found += [
        ("on-site, needs 2+ specialties", lambda o: len(required(o)) >= 2),
        ("avoidance: any (conflict or repeat window)", lambda o: bool(avoided.get(o.object_id))),
        ("avoidance: conflict (回避关系)", lambda o: o.object_id in conflicted),
        (
            "avoidance: repeat window only",
            lambda o: bool(avoided.get(o.object_id)) and o.object_id not in conflicted,
        ),
        ("avoidance: none", lambda o: not avoided.get(o.object_id)),
        ("with partner departments", lambda o: bool(o.partner_departments)),
        ("without partner departments", lambda o: not o.partner_departments),
        ("on-site", lambda o: mode(o) is Mode.ONSITE),
        ("off-site", lambda o: mode(o) is Mode.OFFSITE),
        ("with a clue (on-site)", lambda o: bool(o.clue)),
    ]
    for block in sc.rules.directed:
        found.append((f"in directed pool 「{block.name}」", lambda o, b=block: b.matches(o)))
    if sc.rules.avoidance.own_township:
        found.append(("own township avoided", lambda o: bool(problem.by_township.get(o.township))))
    return found


def analyse(scenario: Scenario, included: Counter, seeds: int) -> tuple[list[list[str]], list[list[str]]]:
    problem = Problem(scenario)
    drawable: dict = {}
    for o in problem.drawable:
        if o.tier in CREDIT_TIERS:
            drawable.setdefault((o.tier, o.credit_risk), []).append(o)
    fair: dict[str, float] = {}
    strata_rows = []
    order = list(CREDIT_TIERS)
    for (tier, risk), need in sorted(
        problem.stratum_required.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1])
    ):
        pool = drawable.get((tier, risk), [])
        population = sum(1 for o in problem.objects if (o.tier, o.credit_risk) == (tier, risk))
        free = 0 < need < len(pool)
        counts = [included[o.object_id] for o in pool]
        rate = need / len(pool) if pool else 0.0
        if free:
            for o in pool:
                fair[o.object_id] = rate
            test = chisquare(counts)
            k = len(counts)
            p = chi2.sf(test.statistic / (k * (1 - rate) / (k - 1)), k - 1)
            rates = [c / seeds for c in counts]
            spread = f"{min(rates):.3f}–{max(rates):.3f}"
            p_text = f"{p:.3g}" + (" **" if p < 0.001 else "")
            raw_text = f"{test.pvalue:.3g}"
        else:
            spread, p_text, raw_text = "—", "— (no choice)" if pool else "—", "—"
        strata_rows.append(
            [
                tier.value,
                risk.value,
                str(population),
                str(len(pool)),
                str(need),
                f"{rate:.3f}",
                spread,
                p_text,
                raw_text,
            ]
        )
    group_rows = []
    for name, member in groups(problem):
        objs = [o for o in problem.drawable if o.object_id in fair and member(o)]
        if not objs:
            continue
        expected = sum(seeds * fair[o.object_id] for o in objs)
        variance = sum(seeds * fair[o.object_id] * (1 - fair[o.object_id]) for o in objs)
        observed = sum(included[o.object_id] for o in objs)
        ratio = observed / expected if expected else float("nan")
        z = (observed - expected) / math.sqrt(variance) if variance else 0.0
        group_rows.append([name, str(len(objs)), f"{expected:.1f}", str(observed), f"{ratio:.3f}", f"{z:+.1f}"])
    return group_rows, strata_rows


def markdown(header: list[str], rows: list[list[str]], numeric_from: int = 1) -> str:
    align = ["---" if i < numeric_from else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "zhaoxian-2025Q1")
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--workers", type=int, default=None, help="solver threads (default: the scenario's)")
    parser.add_argument("--out", type=Path, default=RESULTS / "bias.md")
    args = parser.parse_args(argv)

    scenario = load_scenario(args.scenario)
    print(f"solving {scenario.rules.name} with seeds 0..{args.seeds - 1} …", file=sys.stderr)
    included, elapsed = draw_counts(scenario, args.seeds, args.workers)
    group_rows, strata_rows = analyse(scenario, included, args.seeds)
    try:
        shown = args.scenario.resolve().relative_to(ROOT)
    except ValueError:
        shown = args.scenario
    text = "\n\n".join(
        [
            f"# Draw bias: {scenario.rules.name} ({shown}), {args.seeds} seeds",
            f"Machine: {platform.machine()}, Python {platform.python_version()}; "
            f"{elapsed:.0f} s for {args.seeds} solves (no uniqueness proofs). "
            "Inclusion = object drawn in a credit-risk draw. Fair rate = required / drawable of its stratum; "
            "only strata with a choice (0 < required < drawable) count. ratio = observed / expected "
            "(1.00 = unbiased); z = (observed − expected) / sd under independent draws.",
            "## Groups",
            markdown(["group", "objects", "expected", "observed", "ratio", "z"], group_rows),
            "## Strata (chi-square of per-object counts against uniform, corrected for drawing without replacement;"
            " ** p < 0.001)",
            markdown(
                [
                    "tier",
                    "class",
                    "population",
                    "drawable",
                    "required",
                    "fair rate",
                    "object rates",
                    "chi-square p",
                    "scipy plain p",
                ],
                strata_rows,
                numeric_from=2,
            ),
        ]
    )
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
