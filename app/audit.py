"""`shuangsui audit`: did every firm have its fair chance? N seeded plans on a Dask cluster.

The N seeds are derived from the scenario's public seed (`audit_seeds`):

    seed_i = int.from_bytes(sha256(f"{seed}:audit:{i}".encode()).digest()[:4], "big") >> 1,  i = 0 .. N-1

(31 bits, like the quarters of `shuangsui year`), so the audit of a scenario is itself reproducible and
nobody chooses the seeds. Each seed is planned as `shuangsui plan` would (without the uniqueness proof,
which never changes a unique optimum) on one CP-SAT thread per task (`workers_per_task`), many tasks at
once. Each task returns the objects of its credit-risk draw and, when the staffing rules moved that draw
away from the quota-only sample, which rule families did it (`scheduler.draw_shift`). The inclusion
arithmetic is `app.inclusion`. A group beyond ±3 z or a stratum with p < 0.001 is flagged, with the rule
families that moved draws of its strata and in how many seeds.

The results depend only on the scenario and N: tasks are collected by index, never by finishing order.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING

from shuangsui.app.cluster import gather, load_files, new_stop_event, stoppable, worker_count
from shuangsui.app.inclusion import Inclusion, analyse
from shuangsui.models.domain import Scenario
from shuangsui.models.enums import Draw
from shuangsui.models.errors import EXIT_INFEASIBLE, EXIT_TIMEOUT, ShuangsuiError
from shuangsui.reports.cluster_records import Audit, Flag, SeedOutcome

if TYPE_CHECKING:
    from distributed import Client, Future


def audit_seeds(seed: int, n: int) -> tuple[int, ...]:
    """The N seeds of an audit of a scenario whose public seed is `seed` (SEED_RULE)."""
    return tuple(
        int.from_bytes(hashlib.sha256(f"{seed}:audit:{i}".encode()).digest()[:4], "big") >> 1 for i in range(n)
    )


def plan_seed(
    files: Mapping[str, bytes], label: str, seed: int, workers: int, time_limit: float | None, stop_event: str | None
) -> SeedOutcome:
    """One seeded plan, on a worker: the scenario comes as the folder's file contents."""
    from shuangsui.scheduler import solve

    with stoppable(stop_event):
        scenario = load_files(files, label)
        result = solve(scenario, seed=seed, time_limit=time_limit, workers=workers, prove_uniqueness=False)
    plan, shift = result.plan, result.draw_shift
    return SeedOutcome(
        seed=seed,
        status=result.status.value,
        included=tuple(sorted(c.object_id for c in plan.checks if c.draw == Draw.CREDIT_RISK)) if plan else (),
        shift_rules=tuple(str(r) for r in shift.rules) if shift else (),
        shift_strata=tuple(shift.strata) if shift else (),
        moved=shift.moved if shift else 0,
        conflicts=tuple(f"[{c.rule}] {c.message}" for c in result.conflicts),
        wall_time=result.wall_time,
    )


class AuditNoPlan(ShuangsuiError):
    """The scenario has no plan (exit 3), or none was found within the time limit (exit 5)."""

    def __init__(self, outcome: SeedOutcome) -> None:
        self.exit_code = EXIT_INFEASIBLE if outcome.status == "infeasible" else EXIT_TIMEOUT
        head = (
            "无可行计划，无法审计 (no plan exists)"
            if outcome.status == "infeasible"
            else "时限内未找到计划，无法审计 (no plan within the time limit)"
        )
        lines = [f"{head}：种子 {outcome.seed}", *(f"  - {c}" for c in outcome.conflicts)]
        lines.append("请先用 shuangsui plan 查看可行性报告 (run shuangsui plan for the feasibility report)")
        super().__init__("\n".join(lines))


def binding_rules(outcomes: tuple[SeedOutcome, ...], strata: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """Per rule family, the seeds in which it moved a credit-risk draw of one of `strata`; most first."""
    wanted = set(strata)
    counts: Counter[str] = Counter()
    for o in outcomes:
        if wanted & set(o.shift_strata):
            counts.update(o.shift_rules)
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def flags(inclusion: Inclusion, outcomes: tuple[SeedOutcome, ...]) -> tuple[Flag, ...]:
    found = [
        Flag("stratum", s.key, "", None, s.p, (s.key,), binding_rules(outcomes, (s.key,)))
        for s in inclusion.strata
        if s.flagged
    ]
    found += [
        Flag("group", g.key, g.zh, g.z, None, g.strata, binding_rules(outcomes, g.strata))
        for g in inclusion.groups
        if g.flagged
    ]
    return tuple(found)


def run_audit(
    client: Client,
    files: Mapping[str, bytes],
    label: str,
    scenario: Scenario,
    n: int,
    *,
    workers_per_task: int = 1,
    time_limit: float | None = None,
) -> Audit:
    """Plan the N audit seeds of `scenario` on the Dask `client` and judge the inclusion frequencies.

    Raises
    ------
    AuditNoPlan
        The first seed has no plan (the scenario is infeasible or too hard for the time limit).
    """
    started = time.perf_counter()
    seeds = audit_seeds(scenario.rules.seed, n)
    stop = new_stop_event()
    shared = client.scatter(dict(files), broadcast=True)

    def submit(seed: int) -> Future:
        return client.submit(plan_seed, shared, label, seed, workers_per_task, time_limit, stop, pure=False)

    # The first seed alone: an infeasible scenario is reported at once, not N times over.
    first = gather(client, [submit(seeds[0])], stop, "审计 (audit)", total=n)[0]
    if not first.planned:
        raise AuditNoPlan(first)
    rest = [submit(s) for s in seeds[1:]]
    outcomes = (first, *gather(client, rest, stop, "审计 (audit)", total=n, offset=1))
    planned = tuple(o for o in outcomes if o.planned)
    included = Counter(oid for o in planned for oid in o.included)
    inclusion = analyse(scenario, included, len(planned))
    return Audit(
        scenario=scenario,
        label=label,
        seeds=seeds,
        outcomes=outcomes,
        inclusion=inclusion,
        flags=flags(inclusion, planned),
        workers_per_task=workers_per_task,
        cluster_workers=worker_count(client),
        wall_time=time.perf_counter() - started,
    )
