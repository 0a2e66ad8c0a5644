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
about K(1 - f)/(K - 1) x chi2(K - 1): the p-value divides that factor out (the plain p-value, which
assumes Poisson counts, is shown too; it is lenient when f is large). The arithmetic and the groups are
`shuangsui.app.inclusion`, which `shuangsui audit` uses too (the audit runs the seeds on Dask).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shuangsui.app import inclusion  # noqa: E402
from shuangsui.models.domain import Scenario  # noqa: E402
from shuangsui.models.enums import Draw  # noqa: E402
from shuangsui.models.loading import load_scenario  # noqa: E402
from shuangsui.scheduler import SolveStatus, solve  # noqa: E402

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


def analyse(scenario: Scenario, included: Counter, seeds: int) -> tuple[list[list[str]], list[list[str]]]:
    """The group and stratum rows of the report; the arithmetic is `shuangsui.app.inclusion`."""
    result = inclusion.analyse(scenario, included, seeds)
    strata_rows = []
    for s in result.strata:
        if s.free and s.p is not None:
            spread = f"{s.rate_min:.3f}–{s.rate_max:.3f}"
            p_text = f"{s.p:.3g}" + (" **" if s.flagged else "")
            raw_text = f"{s.p_plain:.3g}"
        else:
            spread, p_text, raw_text = "—", "— (no choice)" if s.drawable else "—", "—"
        row = [s.tier.value, s.risk.value, str(s.population), str(s.drawable), str(s.required), f"{s.fair_rate:.3f}"]
        strata_rows.append([*row, spread, p_text, raw_text])
    group_rows = [
        [g.key, str(g.objects), f"{g.expected:.1f}", str(g.observed), f"{g.ratio:.3f}", f"{g.z:+.1f}"]
        for g in result.groups
    ]
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
                    "plain p",
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
