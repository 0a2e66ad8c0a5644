"""Recording a published annual plan version in the ledger (台账): one record of kind "annual_plan".

The payload names the bureau, year and version (1 for the first plan of that bureau and year, then
one more per adjustment), the public seed and the derived quarter seeds, the input digests, and the
SHA-256 of every published file (the two .docx documents, year.json and each quarter's plan.json),
so anyone holding the files can show which version was published and that it was not altered.
`adjusts` is the hash of the record of the version it replaces.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from shuangsui.ledger import Ledger, Record

KIND = "annual_plan"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def annual_plan_payload(out_dir: Path, outcome: dict[str, Any], version: int, adjusts: str | None) -> dict[str, Any]:
    """The record's payload for the outputs in `out_dir` (`outcome` as `write_year` returns it)."""
    files = ["year.json", *outcome["documents"]]
    return {
        "bureau": outcome["document"]["bureau"],
        "year": outcome["year"],
        "version": version,
        "issued": outcome["document"]["issued"],
        "adjusts": adjusts,
        "changes": len(outcome["adjustment"]["changes"]) if outcome.get("adjustment") else 0,
        "seed": outcome["seed"],
        "seed_rule": outcome["seed_rule"],
        "input_digest": outcome["inputs"]["input_digest"],
        "quarters": [
            {
                "period": q["period"],
                "seed": q["seed"],
                "input_digest": q["input_digest"],
                "plan_sha256": _sha256(out_dir / q["period"] / "plan.json"),
            }
            for q in outcome["quarters"]
        ],
        "files": {name: _sha256(out_dir / name) for name in files},
    }


def record_annual_plan(ledger: Ledger, out_dir: Path, outcome: dict[str, Any]) -> Record:
    """Append the published version; its number follows the earlier records of the same bureau and year."""
    bureau, year = outcome["document"]["bureau"], outcome["year"]
    earlier = [
        r for r in ledger.records(kind=KIND) if r.payload.get("bureau") == bureau and r.payload.get("year") == year
    ]
    adjusts = earlier[-1].hash if earlier else None
    return ledger.append(KIND, annual_plan_payload(Path(out_dir), outcome, len(earlier) + 1, adjusts))
