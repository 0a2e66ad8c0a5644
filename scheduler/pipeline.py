"""`solve()`: the seeded, reproducible planning pipeline.

1. draw: choose targets maximising seeded random weights under the draw rules and necessary
   staffing totals (uniform within each stratum wherever only the quota binds);
2. staffing: per-check groups, or standing teams then their checks, each maximising seeded weights;
3. if the draw cannot be staffed, a tighter draw model chooses again with the same weights: first
   the draw with variable standing teams and their workload totals, then the complete model (draw
   and every staffing rule together), so a plan is found whenever one exists. Each draw model is a
   relaxation of the next, so an optimum that can be staffed is the complete model's optimum.
"""

from __future__ import annotations

import time
from dataclasses import replace

from shuangsui.models.domain import Scenario
from shuangsui.models.enums import TeamMode
from shuangsui.scheduler import draw, staffing
from shuangsui.scheduler.complete import draw_models
from shuangsui.scheduler.cpsat import FEASIBLE, INFEASIBLE, OPTIMAL, Budget
from shuangsui.scheduler.draw_shift import explain_shift
from shuangsui.scheduler.explain import explain_infeasible
from shuangsui.scheduler.plan_builder import build_plan
from shuangsui.scheduler.precheck import precheck
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.proofs import Proofs
from shuangsui.scheduler.result import LeftOut, SolveResult, SolveStatus, StageStats
from shuangsui.scheduler.uniqueness import UNIQUENESS_TIME_CAP, Solved

COMPLETE_DRAW_SHARE = 0.6  # of the time left, for a fallback draw model


def uniqueness_note(solved: list[Solved], proofs: Proofs | None = None) -> tuple[bool | None, str]:
    """Whether every stage's optimum was proven unique, in the reader's words (once `proofs` are done)."""
    if proofs is not None:
        proofs.wait()
    verdicts = {stage.name: stage.verdict for stage in solved}
    names = "、".join(verdicts)
    if all(v is True for v in verdicts.values()):
        return True, f"各阶段（{names}）的最优解均已证明唯一：任何线程数、任何机器重跑都得到同一计划"
    others = [n for n, v in verdicts.items() if v is False]
    if others:
        return False, f"阶段 {'、'.join(others)} 存在同样最优的其他解，不同线程数可能得到不同计划"
    open_ = [n for n, v in verdicts.items() if v is None]
    return None, f"阶段 {'、'.join(open_)} 在 {UNIQUENESS_TIME_CAP:.0f} 秒内未能证明最优解唯一"


def _staff(problem: Problem, drawn: dict, seed: int, budget: Budget) -> staffing.Staffing:
    objects = [problem.scenario.object_by_id[oid] for oid in sorted(drawn)]
    modes = draw.modes_of(problem, drawn)
    if problem.scenario.rules.teams.mode is TeamMode.STANDING:
        return staffing.standing(problem, objects, modes, seed, budget)
    return staffing.per_check(problem, objects, modes, seed, budget)


def solve(
    scenario: Scenario,
    *,
    seed: int | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
    prove_uniqueness: bool = True,
    explain: bool = True,
    name_conflicts: bool = True,
) -> SolveResult:
    """Plan one period. `seed`, `time_limit` and `workers` override the scenario's settings.

    When no plan exists and `explain` is set, the result names the conflicting rule families (the
    suggestions, re-solves of changed scenarios, are the application's: `shuangsui.app.plan`). With a
    plan, `explain` also says which rule moved the credit-risk draw away from the quota-only sample
    (if any did). `name_conflicts=False` skips the search for the families in conflict when the draw
    model has no solution (the pre-check's findings are still named): for re-solves that only ask
    whether a plan exists.

    The uniqueness proofs run beside the pipeline (`scheduler.proofs`); should one find another
    optimum, the period is planned again with every proof in line, breaking the tie where it is found.
    """
    started = time.perf_counter()
    settings = (scenario, seed, time_limit, workers, prove_uniqueness, explain, name_conflicts)
    if not prove_uniqueness:
        return _solve(*settings, None)
    proofs = Proofs()
    try:
        result = _solve(*settings, proofs)
    finally:
        proofs.stop()  # a no-op unless the pipeline ended by an error or a stop request
    if not proofs.tie:
        return result
    again = _solve(*settings, None)
    return replace(again, wall_time=round(time.perf_counter() - started, 3))


def _solve(
    scenario: Scenario,
    seed: int | None,
    time_limit: float | None,
    workers: int | None,
    prove_uniqueness: bool,
    explain: bool,
    name_conflicts: bool,
    proofs: Proofs | None,
) -> SolveResult:
    """`solve`, with the proofs beside the pipeline (`proofs`) or in line (None)."""
    started = time.perf_counter()
    rules = scenario.rules
    seed = rules.seed if seed is None else seed
    budget = Budget.start(
        time_limit or rules.solver.time_limit,
        rules.solver.workers if workers is None else workers,
        prove=prove_uniqueness,
    )
    budget.proofs = proofs
    problem = Problem(scenario, seed)

    def infeasible(conflicts: list, stages: list) -> SolveResult:
        return finish(SolveStatus.INFEASIBLE, stages, plan=None, conflicts=tuple(conflicts))

    def finish(status: SolveStatus, stages: list[StageStats], **kw) -> SolveResult:
        return SolveResult(
            status=status,
            stages=tuple(proofs.place(stages) if proofs else stages),
            wall_time=round(time.perf_counter() - started, 3),
            workers=budget.workers,
            seed=seed,
            left_out=_left_out(problem),
            **kw,
        )

    conflicts = precheck(problem)
    if conflicts:
        return infeasible(conflicts, [])

    stages: list[StageStats] = []
    weights = draw.draw_weights(problem, seed)
    ladder = draw_models(problem)
    for rung, (name, build) in enumerate(ladder):
        last = rung == len(ladder) - 1
        model, sel = build(problem)
        # A fallback draw leaves time for staffing what it drew.
        cap = None if rung == 0 else COMPLETE_DRAW_SHARE * budget.left()
        drew = draw.solve_draw(model, sel, weights, name, budget, time_cap=cap)
        stages += drew.stats
        if drew.status == INFEASIBLE:
            named = explain_infeasible(problem, budget, draw_stage=rung == 0) if name_conflicts else []
            return infeasible(named, stages)
        if not drew.found:
            return finish(SolveStatus.UNKNOWN, stages, plan=None)
        drawn = draw.chosen(drew.solver, sel)
        staffed = _staff(problem, drawn, seed, budget)
        stages += staffed.stats
        if staffed.status != INFEASIBLE or last:
            break
    if staffed.status not in (OPTIMAL, FEASIBLE):
        return finish(SolveStatus.UNKNOWN, stages, plan=None)
    proven = drew.optimal and staffed.proven
    status = SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE
    plan = build_plan(problem, drawn, staffed, status, seed)
    shift = explain_shift(problem, weights, drawn, budget, name if rung else None) if explain else None
    unique, note = None, "未验证最优解是否唯一"
    if prove_uniqueness and proven:
        unique, note = uniqueness_note([*drew.stages, *staffed.solved], proofs)
    return finish(status, stages, plan=plan, unique_optimum=unique, uniqueness_note=note, draw_shift=shift)


def _left_out(problem: Problem) -> tuple[LeftOut, ...]:
    """Standing mode: the eligible inspectors kept out of the teams, and why."""
    if problem.scenario.rules.teams.mode is not TeamMode.STANDING:
        return ()
    people = problem.inspectors
    return tuple(
        LeftOut(people[k].inspector_id, people[k].name, reason)
        for k, reason in sorted(problem.left_out.items(), key=lambda kv: people[kv[0]].inspector_id)
    )
