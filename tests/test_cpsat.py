"""The solver boundary: CP-SAT statuses are mapped once to `Outcome`; no raw integers beyond it."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest
from ortools.sat.python import cp_model
from shuangsui.scheduler import searches
from shuangsui.scheduler.cpsat import Budget, ModelInvalid, Outcome, outcome, solve_stage
from shuangsui.scheduler.pipeline import solve
from shuangsui.scheduler.recusal import RecusalRequest, recuse
from shuangsui.scheduler.uniqueness import solve_unique


def test_every_cp_sat_status_is_mapped_or_refused() -> None:
    assert outcome(cp_model.OPTIMAL) is Outcome.OPTIMAL
    assert outcome(cp_model.FEASIBLE) is Outcome.FEASIBLE
    assert outcome(cp_model.INFEASIBLE) is Outcome.INFEASIBLE
    assert outcome(cp_model.UNKNOWN) is Outcome.UNKNOWN
    with pytest.raises(ModelInvalid):
        outcome(cp_model.MODEL_INVALID)


def test_stages_report_outcomes() -> None:
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{k}") for k in range(3)]
    model.add(sum(x) == 1)
    solved = solve_unique(model, [(3, x[0]), (2, x[1]), (1, x[2])], "toy", Budget.start(5, 1))
    assert solved.status is Outcome.OPTIMAL and solved.verdict is True and solved.found
    model.add(x[0] + x[1] + x[2] == 2)
    _, status, stats = solve_stage(model, "toy", Budget.start(5, 1))
    assert status is Outcome.INFEASIBLE and stats.status == "infeasible" and not status.found


def _market_split(seed: int = 7, n: int = 40) -> tuple[cp_model.CpModel, int]:
    """Four equal-sum constraints over 40 bools (no solution, and no quick proof of that); the
    objective's trivial bound (the sum of its weights) is returned beside the model."""
    import random

    rng = random.Random(seed)
    model = cp_model.CpModel()
    xs = [model.new_bool_var(f"x{k}") for k in range(n)]
    for _ in range(4):
        sizes = [rng.randint(0, 99) for _ in range(n)]
        model.add(sum(a * x for a, x in zip(sizes, xs, strict=True)) == sum(sizes) // 2)
    values = [rng.randint(10, 99) for _ in range(n)]
    model.maximize(sum(v * x for v, x in zip(values, xs, strict=True)))
    return model, sum(values)


def test_a_search_stops_once_its_bound_is_below_the_limit() -> None:
    """A uniqueness proof needs only a bound below the optimum: the search stops there, long before
    its time cap (this model keeps CP-SAT busy until the cap otherwise)."""
    model, trivial = _market_split()
    solver, status, stats = solve_stage(model, "bound", Budget.start(60, 2), stop_below=trivial)
    assert status is Outcome.UNKNOWN and solver.best_objective_bound < trivial
    assert stats.wall_time < 20


def test_a_proof_stage_records_its_verdict() -> None:
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{k}") for k in range(3)]
    model.add(sum(x) == 1)
    solved = solve_unique(model, [(3, x[0]), (2, x[1]), (1, x[2])], "toy", Budget.start(5, 1))
    assert [s.verdict for s in solved.stats] == [None, "unique"]


def test_an_invalid_model_is_a_bug_not_a_status() -> None:
    model = cp_model.CpModel()
    x = model.new_int_var(0, 3, "x")
    domain = model.proto.variables[x.index].domain
    domain[0], domain[1] = 3, 0  # an empty domain: CP-SAT says MODEL_INVALID
    with pytest.raises(ModelInvalid):
        solve_stage(model, "broken", Budget.start(5, 1))


def test_a_solve_carries_only_outcomes(default_solved) -> None:
    result = default_solved
    assert {s.status for s in result.stages} <= {o.value for o in Outcome}


ROOT = Path(__file__).resolve().parents[1]
PROJECT = [ROOT / name for name in ("models", "scheduler", "checker", "ledger", "reports", "app", "src")]
BOUNDARY = ROOT / "scheduler" / "cpsat.py"
RAW_STATUSES = {"OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN", "MODEL_INVALID"}
SEARCHES = {"solve", "Solve", "solve_with_solution_callback", "SolveWithSolutionCallback"}
# The only places that start a CP-SAT search: the boundary, and the stoppable runners installed as its
# `searches.runner` (Ctrl-C in one process; a Dask run's stop event on a worker).
SEARCH_ALLOWED = {BOUNDARY, ROOT / "src" / "shuangsui" / "interrupts.py", ROOT / "app" / "cluster.py"}
PLANNER_MODULES = {"pipeline", "scheduler"}


def is_search(call: ast.Call) -> bool:
    """`x.solve(...)` on a CP-SAT solver; the planner's own `pipeline.solve` / `scheduler.solve` are not."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in SEARCHES:
        return False
    return not (isinstance(func.value, ast.Name) and func.value.id in PLANNER_MODULES)


def raw_solver_uses(path: Path, source: str | None = None) -> list[str]:
    """Raw CP-SAT statuses, status names and direct searches in a module outside the boundary."""
    text = path.read_text(encoding="utf-8") if source is None else source
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Attribute):
            if node.attr in RAW_STATUSES and isinstance(node.value, ast.Name) and node.value.id == "cp_model":
                found.append(f"{path.name}:{node.lineno} cp_model.{node.attr}")
            elif node.attr in ("StatusName", "status_name"):
                found.append(f"{path.name}:{node.lineno} .{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module == "ortools.sat.python.cp_model":
            names = {alias.name for alias in node.names} & RAW_STATUSES
            found += [f"{path.name}:{node.lineno} imports {name}" for name in sorted(names)]
        elif isinstance(node, ast.Call) and is_search(node) and path not in SEARCH_ALLOWED:
            found.append(f"{path.name}:{node.lineno} .{node.func.attr}(...)")  # type: ignore[attr-defined]
    return found


def test_no_raw_cp_sat_status_or_search_beyond_the_boundary() -> None:
    found = [
        use
        for folder in PROJECT
        for path in sorted(folder.rglob("*.py"))
        if path != BOUNDARY
        for use in raw_solver_uses(path)
    ]
    assert not found, found


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ("status = solver.solve(model)\n", True),
        ("if status == cp_model.OPTIMAL:\n    pass\n", True),
        ("from ortools.sat.python.cp_model import FEASIBLE\n", True),
        ("print(solver.StatusName())\n", True),
        ("status = cpsat.run(solver, model, 'x')\n", False),
        ("if status is Outcome.OPTIMAL:\n    pass\n", False),
    ],
)
def test_the_boundary_scan_catches_raw_uses(source: str, caught: bool) -> None:
    assert bool(raw_solver_uses(ROOT / "scheduler" / "probe.py", source)) is caught


def test_every_search_of_the_recusal_goes_through_the_boundary(
    default_scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The recusal model's searches pass the runner swapped in (`searches.runner`: stoppable) and its
    status is mapped by `outcome`."""
    result = solve(default_scenario, workers=1, explain=False)
    plan = json.loads(result.plan.to_json())
    check = next(c for c in plan["checks"] if c["mode"] == "onsite" and c["team_id"])
    request = RecusalRequest(check["inspector_ids"][0], check["object_id"], reason="亲属关系")
    seen: list[str] = []

    def counting(solver: cp_model.CpSolver, model: cp_model.CpModel) -> Any:
        seen.append("search")
        return solver.solve(model)

    monkeypatch.setattr(searches, "runner", counting)
    recuse(default_scenario, plan, request)
    assert seen  # each lexicographic objective of the recusal is one search through the runner
    monkeypatch.setattr(searches, "runner", lambda solver, model: cp_model.MODEL_INVALID)
    with pytest.raises(ModelInvalid):
        recuse(default_scenario, plan, request)


def test_all_cores_is_the_environment_setting_else_the_machine(monkeypatch) -> None:
    import os

    from shuangsui.scheduler.cpsat import WORKERS_ENV, Budget, all_cores

    monkeypatch.setenv(WORKERS_ENV, "3")
    assert all_cores() == 3 and Budget.start(10, 0).workers == 3 and Budget.start(10, 5).workers == 5
    for ignored in ("", "0", "-2", "two"):
        monkeypatch.setenv(WORKERS_ENV, ignored)
        assert all_cores() == (os.cpu_count() or 1)
