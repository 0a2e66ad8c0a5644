"""The independent plan checker: audits any plan.json against the data contract (version 2, section 3).

It is its own package and shares no code with the planner (`shuangsui.scheduler`) nor the rule
helpers of `shuangsui.models` (tests/test_checker_imports.py enforces it): every rule is re-derived
from the contract text (`checker/contract.py`) and the scenario's directories read as data, so a
bureau can audit a plan made by hand or by another system, and a bug in the planner's arithmetic
cannot hide in the checker too. Every violation is listed, not just the first.

Layout: `plan.py` reads plan.json into the checker's own dataclasses, `core.py` holds the findings and
`evaluate()`, `rules/` has one module per rule family (as `scheduler/rules/`).
"""

from shuangsui.checker.contract import apportion
from shuangsui.checker.core import Evaluation, RuleOutcome, StratumRow, Violation, check_plan, evaluate
from shuangsui.checker.plan import PlanCheck, PlanFile, PlanTeam, PlanUndrawable, load_plan, plan_from_json

__all__ = [
    "Evaluation",
    "PlanCheck",
    "PlanFile",
    "PlanTeam",
    "PlanUndrawable",
    "RuleOutcome",
    "StratumRow",
    "Violation",
    "apportion",
    "check_plan",
    "evaluate",
    "load_plan",
    "plan_from_json",
]
