"""Verification by replay: re-derive a plan from its inputs and seed and compare it byte for byte.

A plan.json is reproduced when `solve(inputs, seed)` (then each recorded recusal, in order) gives
exactly its bytes. Only plans whose status is ``optimal`` can be replayed: a plan cut short by a time
limit depends on how far the search got. The same OR-Tools version is needed (plans record it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from shuangsui.models.domain import Scenario
from shuangsui.models.errors import EXIT_INVALID, EXIT_VIOLATIONS, ShuangsuiError
from shuangsui.scheduler.recusal import RecusalRequest, recuse, unamend

TOP_FIELDS = ("contract", "scenario", "period", "seed", "input_digest", "solver")


class NotReproduced(ShuangsuiError):
    """The plan differs from its replay, or cannot be replayed (exit 4)."""

    exit_code = EXIT_VIOLATIONS


class WrongInputs(ShuangsuiError):
    """The scenario given is not the one the plan was drawn from (exit 2)."""

    exit_code = EXIT_INVALID


@dataclass(frozen=True)
class Replayed:
    text: str  # the replayed plan.json
    scenario: Scenario  # the inputs of the final plan (recusals applied)


def base_inputs(scenario: Scenario, plan: dict[str, Any]) -> Scenario:
    """The inputs the draw was made from: `scenario` as given, or with the plan's recusals taken out."""
    recusals = plan.get("recusals") or []
    before = recusals[0].get("input_digest_before") if recusals else plan.get("input_digest")
    if scenario.input_digest == before:
        return scenario
    if recusals:
        original = unamend(scenario, [RecusalRequest.from_dict(r) for r in recusals])
        if original.input_digest == before:
            return original
    raise WrongInputs(
        f"场景输入摘要 {scenario.input_digest[:16]}… 与计划抽取时的输入 {str(before)[:16]}… 不一致："
        "这不是抽取所用的数据 (not the inputs the plan was drawn from)"
    )


def replay(
    scenario: Scenario, plan: dict[str, Any], *, seed: int | None = None, workers: int | None = None
) -> Replayed:
    """Solve the draw again with the plan's seed (or `seed`), then apply the plan's recusals.

    Raises
    ------
    NotReproduced
        The plan's status is not optimal, or the replay did not reach proven optimality.
    """
    from shuangsui.scheduler import SolveStatus, solve

    status = (plan.get("solver") or {}).get("status")
    if status != SolveStatus.OPTIMAL.value:
        raise NotReproduced(
            f"计划状态为 {status}（非 optimal：求解曾达到时限），不能通过重放复核 "
            "(a plan whose status is not optimal cannot be verified by replay)"
        )
    base = base_inputs(scenario, plan)
    result = solve(base, seed=int(plan["seed"]) if seed is None else seed, workers=workers, explain=False)
    if result.plan is None or result.status is not SolveStatus.OPTIMAL:
        raise NotReproduced(
            f"重放未得到经证明的最优计划（{result.status.value}），可加大场景的 time_limit 重试 (replay not optimal)"
        )
    text, inputs = result.plan.to_json(), base
    for entry in plan.get("recusals") or []:
        amended = recuse(inputs, json.loads(text), RecusalRequest.from_dict(entry))
        text, inputs = amended.plan_json(), amended.scenario
    return Replayed(text, inputs)


def _ids(rows: list[dict[str, Any]], key: str) -> list[str]:
    return [str(r.get(key)) for r in rows if isinstance(r, dict)]


def first_difference(expected: dict[str, Any], actual: dict[str, Any]) -> str | None:
    """The first way `actual` (the file) differs from `expected` (the replay), in words.

    Parameters
    ----------
    expected
        The replayed plan.json, parsed.
    actual
        The plan.json as found (a user's file: any shape).

    Returns
    -------
    str or None
        The first difference (header fields, then teams, the objects drawn, each check's fields, the
        order of the checks, any other field), in Chinese with the English gist; None if equal.
    """
    for key in TOP_FIELDS:
        if expected.get(key) != actual.get(key):
            return f"字段 {key}：计划为 {actual.get(key)!r}，重放为 {expected.get(key)!r} ({key} differs)"
    found = _team_difference(expected, actual) or _check_difference(expected, actual)
    if found:
        return found
    if _ids(expected.get("checks", []), "object_id") != _ids(actual.get("checks", []), "object_id"):
        return "检查的顺序不同 (checks reordered)"
    for key in dict.fromkeys([*expected, *actual]):
        if expected.get(key) != actual.get(key):
            return f"字段 {key} 不同 ({key} differs)"
    return None


def _team_difference(expected: dict[str, Any], actual: dict[str, Any]) -> str | None:
    want = {t["team_id"]: t["inspector_ids"] for t in expected.get("teams", [])}
    have = {t.get("team_id"): t.get("inspector_ids") for t in actual.get("teams", []) if isinstance(t, dict)}
    for team in sorted(set(want) | set(have), key=str):
        if want.get(team) != have.get(team):
            return f"执法小组 {team} 的成员：计划为 {have.get(team)}，重放为 {want.get(team)} (team {team} changed)"
    return None


def _check_difference(expected: dict[str, Any], actual: dict[str, Any]) -> str | None:
    """Objects drawn instead of others, then the first field of a check that differs."""
    checks_want = {c["object_id"]: c for c in expected.get("checks", [])}
    checks_have = {c.get("object_id"): c for c in actual.get("checks", []) if isinstance(c, dict)}
    extra = [o for o in _ids(actual.get("checks", []), "object_id") if o not in checks_want]
    missing = [o for o in _ids(expected.get("checks", []), "object_id") if o not in checks_have]
    if extra or missing:
        return (
            f"抽中的对象不同：计划中的 {'、'.join(extra) or '（无）'} 按种子不会被抽中，"
            f"重放抽中的是 {'、'.join(missing) or '（无）'} (object swapped: {extra} instead of {missing})"
        )
    for object_id, want_check in checks_want.items():
        have_check = checks_have[object_id]
        for key in dict.fromkeys([*want_check, *have_check]):
            if want_check.get(key) != have_check.get(key):
                what = "检查人员" if key == "inspector_ids" else key
                return (
                    f"对象 {object_id} 的检查的{what}：计划为 {have_check.get(key)}，重放为 {want_check.get(key)} "
                    f"(check of {object_id}: {key} differs)"
                )
    return None


def explain_mismatch(expected_text: str, actual_text: str) -> str:
    """Why two plan texts differ: the first difference in content, else the first differing byte."""
    try:
        actual = json.loads(actual_text)
    except ValueError:
        actual = None
    if isinstance(actual, dict):
        found = first_difference(json.loads(expected_text), actual)
        if found:
            return found
    at = next((n for n, (a, b) in enumerate(zip(expected_text, actual_text, strict=False)) if a != b), None)
    at = min(len(expected_text), len(actual_text)) if at is None else at
    return f"内容相同但字节不同，第一个不同的字符在第 {at} 个 (same content, bytes differ at character {at})"


def recusal_lines(plan: dict[str, Any]) -> str:
    """The recusals a plan went through, one line each (they are part of what is verified)."""
    lines = []
    for n, r in enumerate(plan.get("recusals") or [], start=1):
        what = "本期不在岗 (unavailable)" if r.get("unavailable") else f"回避对象 {r.get('object_id')}"
        reason = f"，理由：{r['reason']}" if r.get("reason") else ""
        lines.append(f"\n  回避改派 {n} (recusal {n}): {r.get('inspector_id')} {what}{reason}")
    return "".join(lines)


def verify_plan(scenario: Scenario, plan_text_: str, *, workers: int | None = None, ortools: str | None = None) -> str:
    """Verify a plan.json text by replay; return a note on success.

    Raises
    ------
    NotReproduced
        Naming the first difference (a changed seed is recognised when the scenario's own seed
        reproduces every check).
    WrongInputs
        The scenario is not the plan's inputs.
    """
    plan = json.loads(plan_text_)
    replayed = replay(scenario, plan, workers=workers)
    note = ""
    if ortools and plan.get("solver", {}).get("ortools") != ortools:
        note = f"（注意：计划由 OR-Tools {plan.get('solver', {}).get('ortools')} 生成，本机为 {ortools}）"
    if replayed.text == plan_text_:
        return f"重放一致 (reproduced){note}" + recusal_lines(plan)
    reason = explain_mismatch(replayed.text, plan_text_)
    own = scenario.rules.seed
    if int(plan["seed"]) != own:
        other = json.loads(replay(scenario, plan, seed=own, workers=workers).text)
        if {**other, "seed": plan["seed"]} == plan:
            reason = (
                f"种子被改动：计划写的种子是 {plan['seed']}，但其抽取结果是场景公开种子 {own} 的结果 "
                f"(seed changed from {own} to {plan['seed']})"
            )
    raise NotReproduced(f"未能复现 (not reproduced): {reason}{note}")
