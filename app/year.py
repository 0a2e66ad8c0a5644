"""The year (年度抽查计划): the scenario's quarter and every later quarter of its calendar year, in order.

Each quarter is planned as `shuangsui plan` would plan it, with two differences:

- its seed is derived from the public seed and the period (`quarter_seed`): the first 4 bytes of
  SHA-256 of the UTF-8 text ``f"{seed}:{period}"`` as a big-endian integer, shifted right to 31 bits
  (``sha256(b"20250215:2025Q2")`` -> 1379992179), so every quarter's draw is public and reproducible,
  and no quarter's draw can be predicted from another's;
- its history is the given history plus the checks planned for the earlier quarters of the year
  (a projection: the real draw of each quarter is made at its start, with the directories of then).

The rules (quotas, teams, directed blocks, ...) are the same every quarter. The year is infeasible
when a quarter is: planning stops there, and that quarter's result names the rules in conflict and
the verified suggestions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from shuangsui.app.plan import plan_period, verdict
from shuangsui.checker import Evaluation
from shuangsui.models.digest import input_digest
from shuangsui.models.domain import HistoryCheck, Scenario, period_index
from shuangsui.models.enums import Mode
from shuangsui.scheduler import SolveStatus
from shuangsui.scheduler.result import SolveResult

QUARTER_ZH = ("第一季度", "第二季度", "第三季度", "第四季度")
SEED_RULE = 'int.from_bytes(sha256(f"{seed}:{period}".encode("utf-8")).digest()[:4], "big") >> 1'


def quarter_seed(seed: int, period: str) -> int:
    """The seed of one quarter: 31 bits of SHA-256 of ``f"{seed}:{period}"`` (see the module doc)."""
    digest = hashlib.sha256(f"{seed}:{period}".encode()).digest()
    return int.from_bytes(digest[:4], "big") >> 1


def year_of(period: str) -> int:
    return period_index(period) // 4


def quarters_from(start: str) -> tuple[str, ...]:
    """`start` and the later quarters of its year: 2025Q2 -> 2025Q2, 2025Q3, 2025Q4."""
    index = period_index(start)
    return tuple(f"{index // 4}Q{q + 1}" for q in range(index % 4, 4))


def period_zh(period: str) -> str:
    """2025Q3 -> 2025年第三季度."""
    index = period_index(period)
    return f"{index // 4}年{QUARTER_ZH[index % 4]}"


def quarter_name(name: str, start: str, period: str) -> str:
    """The scenario name for `period`: the start quarter's words replaced, else the period appended."""
    if period == start:
        return name
    for old in (period_zh(start), start):
        if old in name:
            return name.replace(old, period_zh(period) if old != start else period)
    return f"{name}（{period_zh(period)}）"


def projected(plan_checks: tuple, period: str) -> tuple[HistoryCheck, ...]:
    """A quarter's planned checks as history rows of that period."""
    return tuple(
        HistoryCheck(
            period=period, object_id=c.object_id, inspector_ids=tuple(sorted(c.inspector_ids)), mode=Mode(c.mode)
        )
        for c in plan_checks
    )


def quarter_scenario(base: Scenario, period: str, seed: int, history: tuple[HistoryCheck, ...]) -> Scenario:
    """`base` for `period`: its name, period and seed set, `history` in place of the given one."""
    rules = base.rules.model_copy(
        update={"name": quarter_name(base.rules.name, base.rules.period, period), "period": period, "seed": seed}
    )
    scenario = base.model_copy(update={"rules": rules, "history": history})
    return scenario.model_copy(update={"input_digest": input_digest(scenario)})


@dataclass(frozen=True)
class QuarterRun:
    """One quarter: its scenario (history extended), its solve result and the checker's verdict."""

    period: str
    seed: int
    scenario: Scenario
    result: SolveResult
    evaluation: Evaluation | None = None  # the independent checker's, run once (None without a plan)

    @property
    def planned(self) -> bool:
        return self.result.plan is not None


@dataclass(frozen=True)
class YearRun:
    """The quarters planned, in order; planning stops at the first quarter without a plan."""

    base: Scenario
    seed: int  # the public seed
    periods: tuple[str, ...]  # every quarter the year should plan
    quarters: tuple[QuarterRun, ...]

    @property
    def year(self) -> int:
        return year_of(self.periods[0])

    @property
    def failed(self) -> QuarterRun | None:
        """The quarter without a plan (infeasible or out of time), if any."""
        return next((q for q in self.quarters if not q.planned), None)

    @property
    def status(self) -> SolveStatus:
        """infeasible / unknown as the failed quarter; feasible if a quarter is; else optimal."""
        if self.failed is not None:
            return self.failed.result.status
        if any(q.result.status is SolveStatus.FEASIBLE for q in self.quarters):
            return SolveStatus.FEASIBLE
        return SolveStatus.OPTIMAL

    @property
    def unplanned(self) -> tuple[str, ...]:
        """Quarters never reached because an earlier one has no plan."""
        return self.periods[len(self.quarters) :]

    @property
    def wall_time(self) -> float:
        return round(sum(q.result.wall_time for q in self.quarters), 3)


def plan_year(
    base: Scenario,
    *,
    seed: int | None = None,
    workers: int | None = None,
    time_limit: float | None = None,
    on_quarter: Callable[[str, int], Callable[[QuarterRun], None]] | None = None,
) -> YearRun:
    """Plan `base`'s quarter and the later quarters of its year, each on the projected history.

    Parameters
    ----------
    base : Scenario
        The loaded scenario; its `period` is the first quarter planned.
    seed : int, optional
        The public seed (default: the scenario's); each quarter's seed is `quarter_seed(seed, period)`.
    workers, time_limit : optional
        As `shuangsui plan`; the time limit applies to each quarter.
    on_quarter : callable, optional
        Called with (period, seed) before a quarter is solved; returns a callable given the result.

    Returns
    -------
    YearRun
    """
    public = base.rules.seed if seed is None else seed
    periods = quarters_from(base.rules.period)
    history = base.history
    runs: list[QuarterRun] = []
    for period in periods:
        q_seed = quarter_seed(public, period)
        done = on_quarter(period, q_seed) if on_quarter else None
        scenario = quarter_scenario(base, period, q_seed, history)
        result = plan_period(scenario, seed=q_seed, time_limit=time_limit, workers=workers)
        run = QuarterRun(period, q_seed, scenario, result, verdict(scenario, result))
        runs.append(run)
        if done:
            done(run)
        if result.plan is None:
            break
        history = history + projected(result.plan.checks, period)
    return YearRun(base=base, seed=public, periods=periods, quarters=tuple(runs))
