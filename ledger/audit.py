"""`verify --ledger`: the chain, the order commit → seed → plan, and a replay of every plan and recusal."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from shuangsui.ledger.core import Ledger, Record, sha256_hex
from shuangsui.ledger.protocol import first_seed_after
from shuangsui.ledger.replay import Replayed, base_inputs, explain_mismatch, replay
from shuangsui.models.errors import ShuangsuiError
from shuangsui.scheduler.recusal import RecusalRequest, recuse


@dataclass
class Audit:
    problems: list[str] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def scenario_folder(recorded: str, root: Path | None) -> Path:
    """The recorded scenario folder, or the folder of the same name under `root` (--scenario-root)."""
    return Path(recorded) if root is None else Path(root) / Path(recorded).name


def audit_ledger(
    ledger: Ledger, *, scenario_root: Path | None = None, workers: int | None = None, head: str | None = None
) -> Audit:
    """Check the chain, each plan's commit and seed, and replay every plan and recusal.

    Parameters
    ----------
    ledger
        The open ledger.
    scenario_root
        Where to find the recorded scenario folders by name (None: at their recorded paths).
    workers
        CP-SAT workers for the replays (None: the scenario's setting).
    head
        The head hash the chain must end in (None: not checked).

    Returns
    -------
    Audit
        Problems (each one a failure), checks passed, and notes (e.g. a scenario committed twice).
    """
    audit = Audit(problems=ledger.verify_chain(head=head))
    records = ledger.records()
    by_seq = {r.seq: r for r in records}
    replayed: dict[int, Replayed] = {}
    audit.notes += _repeated_commits(records)
    for r in records:
        if r.kind not in ("plan", "recusal"):
            continue
        try:
            problem = _replay_record(r, by_seq, records, replayed, scenario_root, workers)
        except ShuangsuiError as error:
            problem = f"记录 #{r.seq} ({r.kind})：无法重放 (cannot replay): {error}"
        except (KeyError, TypeError, ValueError) as error:
            problem = f"记录 #{r.seq} ({r.kind})：记录内容不完整 (malformed payload): {error!r}"
        if problem:
            audit.problems.append(problem)
        else:
            _compare(audit, r, replayed[r.seq].text)
    return audit


def _repeated_commits(records: list[Record]) -> list[str]:
    """A note for each scenario and period committed more than once."""
    commits: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in records:
        if r.kind == "commit":
            commits[str(r.payload.get("scenario")), str(r.payload.get("period"))].append(r.seq)
    return [
        f"「{name}」{period} 承诺了 {len(seqs)} 次（记录 {'、'.join(f'#{s}' for s in seqs)}）：请核实原因 "
        "(committed more than once)"
        for (name, period), seqs in sorted(commits.items())
        if len(seqs) > 1
    ]


def _replay_record(
    r: Record,
    by_seq: dict[int, Record],
    records: list[Record],
    replayed: dict[int, Replayed],
    scenario_root: Path | None,
    workers: int | None,
) -> str | None:
    """Replay one plan or recusal record into `replayed`; the problem that stops it, if any."""
    from shuangsui.models.loading import load_scenario

    if r.kind == "recusal":
        base = replayed.get(int(r.payload["amends_seq"]))
        if base is None:
            return f"记录 #{r.seq} (recusal)：所改计划（#{r.payload['amends_seq']}）未能重放"
        amended = recuse(base.scenario, json.loads(base.text), RecusalRequest.from_dict(r.payload["request"]))
        replayed[r.seq] = Replayed(amended.plan_json(), amended.scenario)
        return None
    order = _order_problem(r, by_seq, records)
    if order:
        return order
    folder = scenario_folder(r.payload["scenario_path"], scenario_root)
    # The folder may hold the recusals written into its files later: base_inputs takes them out.
    recusals = [{**q.payload["request"], "input_digest_before": p} for q, p in _recusals_of(r, records)]
    plan = {
        "seed": r.payload["seed"],
        "solver": {"status": r.payload["status"]},
        "input_digest": r.payload["input_digest"],
        "recusals": recusals,
    }
    scenario = base_inputs(load_scenario(folder), plan)
    replayed[r.seq] = replay(scenario, {**plan, "recusals": []}, workers=workers)
    return None


def _order_problem(plan: Record, by_seq: dict[int, Record], records: list[Record]) -> str | None:
    """Why the plan's commit and seed are not in order (None when they are)."""
    p = plan.payload
    commit, seed = by_seq.get(int(p.get("commit_seq", 0))), by_seq.get(int(p.get("seed_seq", 0)))
    where = f"记录 #{plan.seq} (plan)"
    if commit is None or commit.kind != "commit" or commit.payload.get("input_digest") != p.get("input_digest"):
        return f"{where}：没有对应输入摘要的承诺记录 (no commit of its inputs)"
    if seed is None or seed.kind != "seed":
        return f"{where}：没有对应的种子记录 (no seed record)"
    if not commit.seq < seed.seq < plan.seq:
        return f"{where}：承诺 #{commit.seq} 未早于种子 #{seed.seq} (commit did not precede the seed)"
    if first_seed_after(records, commit.seq) is not seed:
        return f"{where}：所用种子 #{seed.seq} 不是承诺后的第一个种子 (not the first seed after the commit)"
    if seed.payload.get("seed") != p.get("seed"):
        return f"{where}：计划种子 {p.get('seed')} 与种子记录 {seed.payload.get('seed')} 不同 (seed changed)"
    return None


def _compare(audit: Audit, record: Record, text: str) -> None:
    """The replay against the recorded hash, and the plan.json still in the output folder against both."""
    where = f"记录 #{record.seq} ({record.kind})"
    written = Path(str(record.payload.get("out_dir", ""))) / "plan.json"
    on_disk = written.read_text(encoding="utf-8") if written.is_file() else None
    if sha256_hex(text) != record.payload.get("plan_sha256"):
        detail = f"；与 {written} 比较：{explain_mismatch(text, on_disk)}" if on_disk is not None else ""
        audit.problems.append(f"{where}：重放结果与记录的 plan.json 哈希不同 (not reproduced){detail}")
    elif on_disk is not None and on_disk != text:
        audit.problems.append(
            f"{where}：{written} 已被改动，与台账记录的计划不同 (plan.json edited after it was recorded)："
            + explain_mismatch(text, on_disk)
        )
    else:
        audit.passed.append(f"{where}：重放一致 (reproduced)")


def _recusals_of(plan: Record, records: list[Record]) -> list[tuple[Record, str]]:
    """The recusal records amending `plan` (directly or through earlier recusals), each with the input
    digest before it."""
    chain: dict[int, str] = {plan.seq: str(plan.payload.get("input_digest"))}
    found = []
    for r in records:
        amends = r.payload.get("amends_seq") if r.kind == "recusal" else None
        if amends in chain:
            found.append((r, chain[amends]))
            chain[r.seq] = str(r.payload.get("input_digest"))
    return found
