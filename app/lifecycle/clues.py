"""Follow-up carried forward: objects with findings get a `clue` so the next draw checks them on site.

The contract makes a check on-site whenever the object has a clue, so writing the clue into the
next quarter's objects table is all it takes. An existing clue is kept; the new one is appended.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shuangsui.app.lifecycle.codes import CLUE_RESULTS
from shuangsui.models.domain import InspectionObject, Scenario


def clue_text(period: str, entry: dict[str, Any]) -> str:
    return f"{period}抽查发现问题（{entry['result']}，{entry['followup']}）：{entry['description']}"


def with_clues(
    scenario: Scenario, period: str, latest: dict[str, dict[str, Any]]
) -> tuple[list[InspectionObject], int]:
    """The scenario's objects with a clue added to each object whose latest result is a finding."""
    objects, marked = [], 0
    for obj in scenario.objects:
        entry = latest.get(obj.object_id)
        if entry is not None and entry["result"] in CLUE_RESULTS:
            clue = "；".join(x for x in (obj.clue, clue_text(period, entry)) if x)
            obj = obj.model_copy(update={"clue": clue})
            marked += 1
        objects.append(obj)
    return objects, marked


def write_objects_csv(path: Path, objects: list[InspectionObject]) -> Path:
    """objects.csv as the contract describes it (Chinese headers, UTF-8 with BOM, CRLF)."""
    from shuangsui.scenarios.files import Style, table_text

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(table_text("objects", objects, Style.ZH).encode("utf-8-sig"))
    return path
