"""Unique optima: the proof, and the tie-break when two selections have the same weight."""

from ortools.sat.python import cp_model
from shuangsui.scheduler import uniqueness
from shuangsui.scheduler.cpsat import Budget
from shuangsui.scheduler.uniqueness import solve_unique


def _pick(weights: list[int], count: int) -> tuple[cp_model.CpModel, list[cp_model.IntVar]]:
    model = cp_model.CpModel()
    xs = [model.new_bool_var(f"x{i}") for i in range(len(weights))]
    model.add(sum(xs) == count)
    return model, xs


def test_distinct_weights_give_a_proven_unique_optimum() -> None:
    model, xs = _pick([5, 9, 7, 1], 2)
    solved = solve_unique(model, list(zip([5, 9, 7, 1], xs, strict=True)), "pick", Budget.start(10, 2))
    assert solved.optimal and solved.verdict is True
    assert [solved.solver.boolean_value(x) for x in xs] == [False, True, True, False]


def test_a_tie_is_broken_and_the_result_is_the_same_on_any_threads() -> None:
    # Pairs without 4 beside 2 or 3: {1, 4} and {2, 3} both weigh 5, the optimum. The tie-break must
    # pick one of them, always the same one.
    weights = [1, 4, 2, 3]
    picks = set()
    for workers in (1, 2, 8):
        model, xs = _pick(weights, 2)
        model.add(xs[1] + xs[2] <= 1)
        model.add(xs[1] + xs[3] <= 1)
        solved = solve_unique(model, list(zip(weights, xs, strict=True)), "pick", Budget.start(10, workers))
        assert solved.optimal and solved.verdict is True
        assert any("tie-break" in s.name for s in solved.stats)
        proofs = [s.verdict for s in solved.stats if s.name.startswith("uniqueness of")]
        assert proofs[0] == "another_optimum" and proofs[-1] == "unique"
        chosen = tuple(w for w, x in zip(weights, xs, strict=True) if solved.solver.boolean_value(x))
        assert sum(chosen) == 5  # still optimal for the original weights
        picks.add(chosen)
    assert len(picks) == 1


def test_without_proof_nothing_is_claimed() -> None:
    model, xs = _pick([4, 6, 3, 7], 2)
    solved = solve_unique(model, list(zip([4, 6, 3, 7], xs, strict=True)), "pick", Budget.start(10, 2, prove=False))
    assert solved.optimal and solved.verdict is None


def test_a_proof_the_first_form_leaves_open_is_decided_by_the_second_best(monkeypatch) -> None:
    """With no time for the "as good" form, the second-best search decides: unique, or a tie found."""
    monkeypatch.setattr(uniqueness, "AS_GOOD_MIN", 1e-9)
    monkeypatch.setattr(uniqueness, "AS_GOOD_SHARE", 0.0)
    model, xs = _pick([5, 9, 7, 1], 2)
    solved = solve_unique(model, list(zip([5, 9, 7, 1], xs, strict=True)), "pick", Budget.start(10, 2))
    assert solved.verdict is True
    assert [(s.name, s.verdict) for s in solved.stats[1:]] == [
        ("uniqueness of pick", "passed_on"),
        ("uniqueness of pick (second best)", "unique"),
    ]
    model, xs = _pick([1, 4, 2, 3], 2)  # {1, 4} and {2, 3} tie
    model.add(xs[1] + xs[2] <= 1)
    model.add(xs[1] + xs[3] <= 1)
    solved = solve_unique(model, list(zip([1, 4, 2, 3], xs, strict=True)), "pick", Budget.start(10, 2))
    assert solved.stats[2].verdict == "another_optimum" and any("tie-break" in s.name for s in solved.stats)


def test_a_stage_with_nothing_weighted_is_unique() -> None:
    """No weighted decision (e.g. no credit-risk draw at all): nothing can differ, the proof says unique."""
    model = cp_model.CpModel()
    model.new_bool_var("unweighted")
    solved = solve_unique(model, [], "empty", Budget.start(10, 2))
    assert solved.optimal and solved.verdict is True
    assert [s.verdict for s in solved.stats[1:]] == ["unique"]
