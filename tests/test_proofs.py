"""Proofs beside the pipeline: the same plan, stages and verdicts as with every proof in line."""

from __future__ import annotations

import random
import time
from dataclasses import replace

import pytest
from ortools.sat.python import cp_model
from shuangsui.models.domain import Scenario
from shuangsui.scheduler import pipeline, uniqueness
from shuangsui.scheduler.cpsat import Budget, ModelInvalid
from shuangsui.scheduler.proofs import Proofs
from shuangsui.scheduler.result import SolveResult, StageStats
from shuangsui.scheduler.uniqueness import PASSED_ON


def _in_line(scenario: Scenario, **kw) -> SolveResult:
    """`solve` with each proof run where its stage ends (ties broken on the spot)."""
    return pipeline._solve(scenario, kw.get("seed"), None, kw.get("workers"), True, True, True, None)


def _stages(result: SolveResult) -> list[tuple[str, str | None]]:
    """Each stage, each proof with its final verdict (whether the first form decided or passed the
    question on to the second-best search depends on its time share, i.e. on the machine's load)."""
    return [(s.name.removesuffix(" (second best)"), s.verdict) for s in result.stages if s.verdict != PASSED_ON]


@pytest.mark.parametrize("workers", [1, 2])
def test_beside_or_in_line_the_same_plan_stages_and_verdicts(default_scenario: Scenario, workers: int) -> None:
    beside = pipeline.solve(default_scenario, workers=workers)
    in_line = _in_line(default_scenario, workers=workers)
    assert beside.plan is not None and in_line.plan is not None
    assert beside.plan.to_json() == in_line.plan.to_json()
    assert _stages(beside) == _stages(in_line)
    assert beside.unique_optimum is True and beside.uniqueness_note == in_line.uniqueness_note
    # Each proof's stages right after the stage it proves.
    names = [s.name for s in beside.stages]
    for k, name in enumerate(names):
        if name.startswith("uniqueness of ") and not name.endswith("(second best)"):
            assert names[k - 1] == name.removeprefix("uniqueness of ")
        if name.endswith("(second best)"):
            assert names[k - 1] == name.removesuffix(" (second best)")


def test_a_tie_found_beside_the_pipeline_is_broken_as_in_line(default_scenario: Scenario, monkeypatch) -> None:
    """Another optimum changes the stage's solution (the tie-break), so every later stage: the
    pipeline plans again with the proofs in line and gives what that gives."""
    first = pipeline.solve(default_scenario)
    optimum = next(s.objective for s in first.stages if s.name == "draw: credit-risk sample")
    real = uniqueness._decide

    def tied(cut, best, name, caps, budget):  # the credit-risk sample's first optimum "has a twin"
        if best != optimum:
            return real(cut, best, name, caps, budget)
        stats = StageStats(f"uniqueness of {name}", "optimal", 0.0, best, best, 0, 0, verdict="another_optimum")
        return False, [stats]

    monkeypatch.setattr(uniqueness, "_decide", tied)
    beside = pipeline.solve(default_scenario)
    in_line = _in_line(default_scenario)
    assert any("tie-break" in name for name, _ in _stages(beside))
    assert _stages(beside) == _stages(in_line)
    assert beside.plan is not None and in_line.plan is not None
    assert beside.plan.to_json() == in_line.plan.to_json()


def _busy_model() -> tuple[cp_model.CpModel, list[tuple[int, cp_model.IntVar]]]:
    """A market-split model (no quick proof either way) with a weighted objective."""
    rng = random.Random(7)
    model = cp_model.CpModel()
    xs = [model.new_bool_var(f"x{k}") for k in range(40)]
    for _ in range(4):
        sizes = [rng.randint(0, 99) for _ in range(40)]
        model.add(sum(a * x for a, x in zip(sizes, xs, strict=True)) == sum(sizes) // 2)
    return model, [(rng.randint(10, 99), x) for x in xs]


def test_a_running_proof_stops_when_asked() -> None:
    model, weighted = _busy_model()
    proofs = Proofs()
    answers: list[bool | None] = []
    stage = StageStats("busy", "optimal", 0.0, None, None, 0, 0)
    cut = model.clone()
    cut.maximize(sum(w * x for w, x in weighted))
    proof = lambda budget: uniqueness._decide(cut, 0, "busy", (60.0, 60.0), budget)  # noqa: E731
    proofs.start(stage, proof, Budget.start(120, 2), answers.append)
    time.sleep(0.3)
    began = time.perf_counter()
    proofs.stop()
    assert time.perf_counter() - began < 10  # its caps are 60 s per form
    assert answers in ([], [None])  # stopped: undecided (or stopped before it began)


def test_a_proof_error_is_raised_where_the_pipeline_waits() -> None:
    model = cp_model.CpModel()
    x = model.new_int_var(0, 3, "x")
    domain = model.proto.variables[x.index].domain
    domain[0], domain[1] = 3, 0  # an empty domain: MODEL_INVALID, a builder's bug
    proofs = Proofs()
    stage = StageStats("broken", "optimal", 0.0, None, None, 0, 0)
    proof = lambda budget: uniqueness._decide(model, 0, "broken", (1, 1), budget)  # noqa: E731
    proofs.start(stage, proof, Budget.start(5, 1), print)
    with pytest.raises(ModelInvalid):
        proofs.wait()
    proofs.wait()  # raised once


def test_proof_stats_are_placed_after_their_stage() -> None:
    proofs = Proofs()
    a, b = (StageStats(n, "optimal", 0.0, None, None, 0, 0) for n in ("a", "b"))
    proof_of_a = replace(a, name="uniqueness of a", verdict="unique")
    proofs.start(a, lambda budget: (True, [proof_of_a]), Budget.start(5, 1), lambda verdict: None)
    assert proofs.place([a, b]) == [a, proof_of_a, b]
    assert not proofs.tie
