"""`shuangsui recuse` as a use case: find the plan in the ledger, re-staff, write, record, re-check.

The re-staffing model itself is the scheduler's (`scheduler.recusal`); this module puts it between
the ledger (which plan a recusal amends, and its record) and the reports (recusal.json, .html).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shuangsui.checker import Violation, check_plan, plan_from_json
from shuangsui.ledger import Ledger, LedgerError, Record, sha256_hex
from shuangsui.ledger.protocol import recusal_payload
from shuangsui.models.domain import Scenario
from shuangsui.reports.recusal import recusal_html, recusal_json
from shuangsui.scheduler.recusal import RecusalInvalid, RecusalRequest, RecusalResult, recuse, scenario_for_plan


@dataclass(frozen=True)
class Recused:
    """A recusal done: the request, the scheduler's result, the new plan.json and recusal.json."""

    request: RecusalRequest
    result: RecusalResult
    plan_text: str  # the new plan.json
    report: dict[str, Any]  # recusal.json


def amended_record(ledger: Ledger, plan_text: str, plan_json: Path) -> Record:
    """The ledger's record of the plan (or recusal) that `plan_text` is; LedgerError when none, or
    when a recorded recusal has already changed it."""
    digest = sha256_hex(plan_text)
    drawn = [*ledger.records("plan"), *ledger.records("recusal")]
    found = sorted((r for r in drawn if r.payload.get("plan_sha256") == digest), key=lambda r: r.seq)
    if not found:
        raise LedgerError(f"{plan_json} 不在台账中（无记录的计划哈希与之相同）(plan not in the ledger)")
    amends = found[-1]
    later = [r.seq for r in ledger.records("recusal") if r.payload.get("amends_seq") == amends.seq]
    if later:
        raise LedgerError(
            f"记录 #{amends.seq} 的计划已被回避记录 #{later[-1]} 改动：请从改动后的 plan.json 申请 "
            "(plan superseded by a recorded recusal)"
        )
    return amends


def recuse_plan(scenario: Scenario, plan_text: str, request: RecusalRequest) -> Recused:
    """Re-staff the checks `request` affects in the plan `plan_text` made from `scenario`'s inputs.

    Raises RecusalInvalid when the plan was not made from these inputs (or the request is invalid),
    RecusalImpossible when no group and no replacement object exists.
    """
    plan = json.loads(plan_text)
    inputs = scenario_for_plan(scenario, plan)
    if inputs is None:
        raise RecusalInvalid(
            "计划的 input_digest 与场景输入不一致：计划不是由这些输入生成的 (plan not from these inputs)"
        )
    result = recuse(inputs, plan, request)
    return Recused(request, result, result.plan_json(), recusal_json(request, result, inputs.input_digest))


def write_recusal_files(folder: Path, recused: Recused, scenario_name: str) -> None:
    """plan.json, recusal.json and recusal.html into `folder` (an existing staging folder)."""
    (folder / "plan.json").write_text(recused.plan_text, encoding="utf-8")
    report = json.dumps(recused.report, ensure_ascii=False, indent=2) + "\n"
    (folder / "recusal.json").write_text(report, encoding="utf-8")
    html = recusal_html(recused.request, recused.result, scenario_name)
    (folder / "recusal.html").write_text(html, encoding="utf-8")


def record_recusal(ledger: Ledger, amends: Record, recused: Recused, out_dir: Path) -> Record:
    """The ledger record (kind `recusal`) of `recused`, amending the record `amends`."""
    payload = recusal_payload(
        amends,
        recused.request.to_dict(),
        recused.plan_text,
        recused.result.scenario.input_digest,
        recused.report["changes"],
        out_dir,
    )
    return ledger.append("recusal", payload)


def recheck(recused: Recused) -> list[Violation]:
    """The independent checker's violations of the new plan (none expected)."""
    return check_plan(recused.result.scenario, plan_from_json(json.loads(recused.plan_text)))
