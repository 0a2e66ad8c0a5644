"""How far the staffing rules bent the draw: the plan's draw against the quota-only draw.

The quota-only draw is the same seeded draw model with only the draw rules (quotas, credit-risk
apportionment, positive list, directed blocks, one check per object, the inter-department minimum):
no capacity, specialty-supply or joint-share totals. With distinct seeded weights its optimum is
unique, so when the staffing totals do not bind the plan draws exactly these objects; every
difference is a draw that capacity (or specialty supply, or the joint share) moved.
"""

from __future__ import annotations

from ortools.sat.python import cp_model
from shuangsui.models.domain import Scenario
from shuangsui.models.enums import Mode
from shuangsui.reports.records import DrawShift
from shuangsui.scheduler import draw, rules
from shuangsui.scheduler.complete import build_complete
from shuangsui.scheduler.cpsat import Budget
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.result import Plan
from shuangsui.scheduler.uniqueness import solve_unique

# The rule families of the draw itself; the staffing totals (capacity, specialty, internal joint) are left out.
DRAW_FAMILIES = rules.DRAW_RULES
QUOTA_DRAW_TIME_LIMIT = 10.0  # seconds; the quota-only draw model is small


def quota_only_draw(scenario: Scenario, seed: int, workers: int | None = None) -> set[str] | None:
    """The object ids the seeded draw takes under the draw rules alone (None: not solved in time)."""
    problem = Problem(scenario, seed)
    model = cp_model.CpModel()
    sel = build_complete(model, problem, staffing_rules=False, families=set(DRAW_FAMILIES))
    weights = draw.draw_weights(problem, seed)
    weighted = [(weights[oid, opt], var) for oid, opt, var in sel.variables()]
    rules = scenario.rules.solver
    budget = Budget.start(QUOTA_DRAW_TIME_LIMIT, rules.workers if workers is None else workers, prove=False)
    solved = solve_unique(model, weighted, "draw (quota only)", budget)
    if not solved.optimal:
        return None
    return set(draw.chosen(solved.solver, sel))


def draw_shift(scenario: Scenario, plan: Plan, workers: int | None = None) -> DrawShift | None:
    """The shift of `plan`'s draw (made with `plan.seed`) against the quota-only draw."""
    quota_only = quota_only_draw(scenario, plan.seed, workers)
    if quota_only is None:
        return None
    drawn = {c.object_id for c in plan.checks}
    by_id = scenario.object_by_id
    return DrawShift(
        moved=len(drawn - quota_only),
        onsite_plan=sum(1 for c in plan.checks if c.mode == Mode.ONSITE.value),
        onsite_quota_only=sum(1 for oid in quota_only if by_id[oid].mode is Mode.ONSITE),
    )
