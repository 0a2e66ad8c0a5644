"""The input digest: sha256 of a canonical form of a scenario's rules and records.

Canonical form = `model_dump(mode="json")` without `input_digest`, then
- every list whose order means nothing is sorted: an object's `items`, an inspector's
  `specialties`, a history row's `inspector_ids`, and a [[directed]] block's `industries`,
  `townships` and `tiers` (see `SET_FIELDS`);
- the records of each table are sorted (by their canonical JSON text, so by id for unique ids).
The order of the [[directed]] blocks is kept: it is part of the rules as written. So is the order of
an object's `partner_departments` (contract v2: the first listed partner joins inter-department checks).
The JSON is written with sorted keys and no spaces, so the digest does not depend on file format,
encoding, header language or row order, and any changed value changes it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from shuangsui.models.domain import Scenario

SET_FIELDS = frozenset(
    {
        "items",
        "specialties",
        "inspector_ids",
        "industries",
        "townships",
        "tiers",
    }
)
TABLES = ("objects", "inspectors", "items", "conflicts", "history")


def _dumps(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _sets_sorted(record: dict[str, Any]) -> dict[str, Any]:
    return {k: sorted(v) if k in SET_FIELDS and isinstance(v, list) else v for k, v in record.items()}


def canonical(scenario: Scenario) -> dict[str, Any]:
    """The JSON-ready canonical form the digest is taken over."""
    data = scenario.model_dump(mode="json", exclude={"input_digest"})
    for table in TABLES:
        data[table] = sorted((_sets_sorted(r) for r in data[table]), key=_dumps)
    data["rules"]["directed"] = [_sets_sorted(b) for b in data["rules"]["directed"]]
    return data


def canonical_json(scenario: Scenario) -> str:
    """`_dumps(canonical(scenario))`, with each record serialised once (not once to sort, once to write):
    the sorted records' JSON texts are the sort keys themselves, joined as json.dumps joins a list."""
    data = scenario.model_dump(mode="json", exclude={"input_digest"})
    data["rules"]["directed"] = [_sets_sorted(b) for b in data["rules"]["directed"]]
    parts = []
    for key in sorted(data):
        if key in TABLES:
            value = "[" + ",".join(sorted(_dumps(_sets_sorted(r)) for r in data[key])) + "]"
        else:
            value = _dumps(data[key])
        parts.append(f"{_dumps(key)}:{value}")
    return "{" + ",".join(parts) + "}"


def input_digest(scenario: Scenario) -> str:
    """The input digest of a scenario: SHA-256 of its canonical form.

    Parameters
    ----------
    scenario
        The scenario; an `input_digest` already set on it is ignored.

    Returns
    -------
    str
        64 lowercase hex digits, independent of row order, file format, encoding and header language.
    """
    return hashlib.sha256(canonical_json(scenario).encode("utf-8")).hexdigest()


def with_digest(scenario: Scenario, digest: str) -> Scenario:
    """`scenario` with `input_digest` set to `digest` (its `input_digest(scenario)`, computed elsewhere);
    the data warnings already computed for it carry over."""
    from shuangsui.models.data_warnings import keep_warnings

    digested = scenario.model_copy(update={"input_digest": digest})
    keep_warnings(scenario, digested)
    return digested
