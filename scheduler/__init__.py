"""The CP-SAT planner: `solve()` builds one period's plan; `check` audits any plan."""

from scheduler.result import Plan, SolveResult, SolveStatus
from scheduler.solve import solve

__all__ = ["Plan", "SolveResult", "SolveStatus", "solve"]
