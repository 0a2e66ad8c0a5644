"""The import boundary of `checker/`: it must not use the planner nor the shared rule helpers.

Every module of the checker package is parsed (ast). It fails on any import of `shuangsui.scheduler`
(or a relative import reaching it), on importing one of the rule helpers below from anywhere, and on
calling the helpers that are methods or properties of the scenario models (their names are listed
as attribute uses): a bug in shared rule arithmetic would be invisible to both planner and checker.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CHECKER = Path(__file__).resolve().parents[1] / "checker"

FORBIDDEN_MODULES = ("shuangsui.scheduler",)
# Names that hold rule arithmetic in shuangsui.models (functions and constants).
FORBIDDEN_NAMES = frozenset(
    {
        "exact",  # models.domain: decimals as fractions
        "period_index",  # models.domain: quarters
        "PERIOD_RE",
        "DEFAULT_MULTIPLIERS",  # models.domain: default credit-risk multipliers
        "RISK_PRIORITY",  # models.enums: apportionment tie order
        "CREDIT_TIERS",  # models.enums: which tiers are credit-risk drawn
        "apportion",  # scheduler.apportion (also guarded by the module rule)
        "min_cover",
        "stratum_requirements",
        "tier_requirement",
    }
)
# Methods and properties of the pydantic models that are rules, not data.
FORBIDDEN_ATTRIBUTES = frozenset(
    {
        "eligible",  # Inspector.eligible (certified and available)
        "of",  # QuotaRules.of
        "mode",  # InspectionObject.mode (checks' own `.mode` is read via PlanCheck; see allowed below)
        "check_mode",  # Scenario.check_mode
        "onsite_required",  # Scenario.onsite_required (the Item field is read with getattr)
        "required_specialties",  # Scenario.required_specialties
        "matches",  # DirectedDraw.matches
        "counts",  # AvoidanceRules.counts
        "object_by_id",
        "inspector_by_id",
        "item_by_id",
    }
)
# `.mode`, `.eligible` and `.required_specialties` are allowed on the checker's own objects only.
ALLOWED_ATTRIBUTE_OWNERS = {"mode": {"c", "check", "h", "t"}, "required_specialties": {"ctx"}}


def _modules() -> list[Path]:
    return sorted(CHECKER.rglob("*.py"))


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += _import_violations(node)
        elif isinstance(node, ast.ImportFrom):
            found += _import_from_violations(node)
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            owner = node.value.id if isinstance(node.value, ast.Name) else None
            if owner not in ALLOWED_ATTRIBUTE_OWNERS.get(node.attr, set()):
                found.append(f"line {node.lineno}: uses .{node.attr} on {ast.unparse(node.value)}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__":
            found.append(f"line {node.lineno}: __import__")
    return found


def _import_violations(node: ast.Import) -> list[str]:
    return [
        f"line {node.lineno}: import {alias.name}"
        for alias in node.names
        if alias.name.startswith(FORBIDDEN_MODULES) or alias.name.split(".")[-1] in FORBIDDEN_NAMES
    ]


def _import_from_violations(node: ast.ImportFrom) -> list[str]:
    found = []
    module = node.module or ""
    if node.level > 1 or module.startswith(FORBIDDEN_MODULES) or module.split(".")[-1] == "scheduler":
        found.append(f"line {node.lineno}: from {'.' * node.level}{module} import ...")
    if not module.startswith("shuangsui.checker"):
        found += [f"line {node.lineno}: imports {a.name}" for a in node.names if a.name in FORBIDDEN_NAMES]
    return found


def test_checker_has_modules() -> None:
    names = {p.relative_to(CHECKER).as_posix() for p in _modules()}
    assert {"__init__.py", "core.py", "plan.py", "contract.py", "rules/undrawable.py"} <= names
    assert len(names) >= 19  # 4 + rules/__init__ + one per rule family


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(CHECKER).as_posix())
def test_checker_module_imports_no_planner_nor_rule_helpers(path: Path) -> None:
    assert _violations(path) == []


def test_the_boundary_test_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from shuangsui.scheduler.result import Plan\n"
        "from shuangsui.models.domain import exact, period_index\n"
        "from shuangsui.models.enums import RISK_PRIORITY\n"
        "import shuangsui.scheduler.apportion\n"
        "x = scenario.rules.quota.of(tier) or inspector.eligible or obj.mode\n",
        encoding="utf-8",
    )
    found = _violations(bad)
    assert len(found) == 8, found
