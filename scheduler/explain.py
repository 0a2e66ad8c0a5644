"""Why no plan exists (first version: filled in by the feasibility-core work)."""

from scheduler.cpsat import Budget
from scheduler.problem import Problem
from scheduler.result import Conflicting


def explain_infeasible(problem: Problem, budget: Budget) -> list[Conflicting]:
    return []
