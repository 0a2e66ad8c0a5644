"""The order of a public draw in the ledger: commit → seed → plan (→ recusal, publication, results).

Payloads written by shuangsui (English keys; every other kind is free-form):

- ``commit``: ``scenario``, ``period``, ``input_digest``, ``scenario_path`` (absolute), ``seed_source``,
  ``counts`` (objects, inspectors, items, conflicts, history), ``ortools``.
- ``seed``: ``values`` (as entered), ``rule`` (``digits`` or ``sha256-lines``, see `shuangsui.ledger.seed`),
  ``seed``, ``commits`` (the ``seq`` of every commit still waiting for a seed: this seed serves them).
- ``plan``: ``commit_seq``, ``seed_seq``, ``seed``, ``scenario``, ``period``, ``input_digest``,
  ``scenario_path``, ``plan_sha256`` (of the plan.json bytes), ``status``, ``ortools``, ``out_dir``.
- ``recusal``: ``amends_seq`` (the plan or recusal record of the plan amended), ``request``,
  ``plan_sha256`` (of the new plan.json), ``input_digest`` (of the amended inputs), ``changes``, ``out_dir``.

A scenario may be drawn only with the first seed recorded after the first commit of its digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shuangsui.ledger.core import Ledger, LedgerError, Record
from shuangsui.models.domain import Scenario


class NotCommitted(LedgerError):
    """`plan --ledger` refused: the inputs were not committed before the seed, or changed since (exit 2)."""


@dataclass(frozen=True)
class DrawRecords:
    """The commit and seed records a plan must be drawn from."""

    commit: Record
    seed: Record

    @property
    def seed_value(self) -> int:
        return int(self.seed.payload["seed"])


def counts(scenario: Scenario) -> dict[str, int]:
    return {name: len(getattr(scenario, name)) for name in ("objects", "inspectors", "items", "conflicts", "history")}


def commit_payload(scenario: Scenario, folder: Path, seed_source: str, ortools: str) -> dict[str, Any]:
    return {
        "scenario": scenario.rules.name,
        "period": scenario.rules.period,
        "input_digest": scenario.input_digest,
        "scenario_path": str(Path(folder).resolve()),
        "seed_source": seed_source,
        "counts": counts(scenario),
        "ortools": ortools,
    }


def waiting_commits(ledger: Ledger) -> list[Record]:
    """Commits recorded after the last seed: the ones the next seed will serve."""
    waiting: list[Record] = []
    for record in ledger.records():
        if record.kind == "commit":
            waiting.append(record)
        elif record.kind == "seed":
            waiting = []
    return waiting


def first_seed_after(records: list[Record], seq: int) -> Record | None:
    return next((r for r in records if r.kind == "seed" and r.seq > seq), None)


def draw_records(ledger: Ledger, scenario: Scenario) -> DrawRecords:
    """The commit of this scenario's digest and the seed recorded after it.

    Raises
    ------
    NotCommitted
        The digest was never committed (the message says when the same scenario was committed with
        other files: they changed since), or no seed was recorded after its commit.
    """
    records = ledger.records()
    digest = scenario.input_digest
    commits = [r for r in records if r.kind == "commit" and r.payload.get("input_digest") == digest]
    if not commits:
        same = [
            r
            for r in records
            if r.kind == "commit"
            and r.payload.get("scenario") == scenario.rules.name
            and r.payload.get("period") == scenario.rules.period
        ]
        if same:
            last = same[-1]
            raise NotCommitted(
                f"场景「{scenario.rules.name}」的输入摘要 {digest[:16]}… 与台账记录 #{last.seq} 承诺的 "
                f"{str(last.payload.get('input_digest'))[:16]}… 不同：承诺后场景文件已被修改，拒绝抽取 "
                "(scenario files changed since the commit)"
            )
        raise NotCommitted(
            f"场景「{scenario.rules.name}」（输入摘要 {digest[:16]}…）未在台账中承诺，拒绝抽取；"
            "请先运行 shuangsui commit (scenario not committed)"
        )
    commit = commits[0]
    seed = first_seed_after(records, commit.seq)
    if seed is None:
        raise NotCommitted(
            f"台账记录 #{commit.seq} 承诺之后尚未记录种子，拒绝抽取；请在公开摇号后运行 shuangsui seed "
            "(no seed recorded after the commit)"
        )
    return DrawRecords(commit, seed)


def plan_payload(
    draw: DrawRecords, scenario: Scenario, folder: Path, plan_json: bytes, status: str, ortools: str, out_dir: Path
) -> dict[str, Any]:
    from shuangsui.ledger.core import sha256_hex

    return {
        "commit_seq": draw.commit.seq,
        "seed_seq": draw.seed.seq,
        "seed": draw.seed_value,
        "scenario": scenario.rules.name,
        "period": scenario.rules.period,
        "input_digest": scenario.input_digest,
        "scenario_path": str(Path(folder).resolve()),
        "plan_sha256": sha256_hex(plan_json.decode("utf-8")),
        "status": status,
        "ortools": ortools,
        "out_dir": str(Path(out_dir).resolve()),
    }


def recusal_payload(
    amends: Record,
    request: dict[str, Any],
    plan_json: str,
    input_digest: str,
    changes: list[dict[str, Any]],
    out_dir: Path,
) -> dict[str, Any]:
    from shuangsui.ledger.core import sha256_hex

    return {
        "amends_seq": amends.seq,
        "request": request,
        "plan_sha256": sha256_hex(plan_json),
        "input_digest": input_digest,
        "changes": changes,
        "out_dir": str(Path(out_dir).resolve()),
    }
