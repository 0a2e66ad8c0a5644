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


def test_the_first_form_gets_its_share_of_the_solve_but_at_most_its_cap(monkeypatch) -> None:
    """The "as good" form's time limit: half the stage's solve time (at least AS_GOOD_MIN), but never
    more than `as_good_cap` (the assignment stages' AS_GOOD_CAP_ASSIGNMENT)."""
    caps: list[float | None] = []
    real = uniqueness.solve_stage

    def recorded(model, name, budget, **options):  # type: ignore[no-untyped-def]
        caps.append(options.get("time_cap"))
        return real(model, name, budget, **options)

    monkeypatch.setattr(uniqueness, "solve_stage", recorded)
    model, xs = _pick([5, 9, 7, 1], 2)
    solver = cp_model.CpSolver()
    model.maximize(sum(w * x for w, x in zip([5, 9, 7, 1], xs, strict=True)))
    solver.solve(model)
    weighted = list(zip([5, 9, 7, 1], xs, strict=True))
    for solve_time, cap, expected in [(0.1, 10.0, 0.5), (6.0, 10.0, 3.0), (6.0, 1.0, 1.0), (60.0, 10.0, 10.0)]:
        caps.clear()
        proof = uniqueness.cut_off_proof(model, weighted, solver, "pick", 10.0, solve_time=solve_time, as_good_cap=cap)
        assert proof(Budget.start(10, 2))[0] is True
        assert caps == [expected]
    assert uniqueness.AS_GOOD_CAP_ASSIGNMENT < 2 * uniqueness.AS_GOOD_MIN + uniqueness.UNIQUENESS_TIME_CAP


def test_assignment_stages_cap_their_first_form(monkeypatch, scenarios_dir) -> None:  # type: ignore[no-untyped-def]
    """`assign` and `groups` pass AS_GOOD_CAP_ASSIGNMENT to their proofs; team formation and the draw do not."""
    from shuangsui.models.loading import load_scenario
    from shuangsui.scheduler.pipeline import solve

    caps: dict[str, float] = {}
    real = uniqueness.cut_off_proof

    def recorded(model, weighted, solver, name, time_cap, **options):  # type: ignore[no-untyped-def]
        caps[name] = options["as_good_cap"]
        return real(model, weighted, solver, name, time_cap, **options)

    monkeypatch.setattr(uniqueness, "cut_off_proof", recorded)
    for scenario in ("zhaoxian-2025Q1", "stress-per-check"):
        solve(load_scenario(scenarios_dir / scenario))
    assert caps["assign"] == caps["groups"] == uniqueness.AS_GOOD_CAP_ASSIGNMENT
    assert caps["teams"] == uniqueness.UNIQUENESS_TIME_CAP
    assert all(cap == uniqueness.UNIQUENESS_TIME_CAP for name, cap in caps.items() if name.startswith("draw"))


def test_objective_and_cut_written_directly_are_what_or_tools_writes() -> None:
    """`maximize` and `_cut_off` write the proto themselves (for speed): the same model text as
    `model.maximize(sum(...))` and `model.add(sum(...) >= 1)`, whatever the order of the terms, with
    a variable twice, a zero weight, a negated literal or no term at all."""
    import random

    rng = random.Random(5)
    for trial in range(200):
        model = cp_model.CpModel()
        xs = [model.new_bool_var(f"x{i}") for i in range(rng.randrange(0, 40))]
        picked = rng.sample(xs, rng.randrange(0, len(xs) + 1))
        weighted: list = [(rng.randrange(1, 2**24), x) for x in picked]
        if weighted and trial % 4 == 1:
            weighted.append(weighted[0])
        if weighted and trial % 4 == 2:
            weighted[-1] = (0, weighted[-1][1])
        if weighted and trial % 4 == 3:
            weighted[0] = (weighted[0][0], ~weighted[0][1])
        values = [rng.random() < 0.3 for _ in weighted]
        ours, theirs = model.clone(), model.clone()
        uniqueness.maximize(
            ours, [(w, ours.get_bool_var_from_proto_index(v.index)) if v.index >= 0 else (w, v) for w, v in weighted]
        )
        theirs.maximize(sum(w * v for w, v in weighted))
        assert str(ours.proto) == str(theirs.proto), trial
        if trial % 4 in (0, 1):  # the cut's weights do not matter, its variables do
            cut = uniqueness._cut_off(model, weighted, values)
            expected = model.clone()
            twins = [expected.get_bool_var_from_proto_index(v.index) for _, v in weighted]
            expected.add(sum((1 - t) if on else t for t, on in zip(twins, values, strict=True)) >= 1)
            assert str(cut.proto) == str(expected.proto), trial
