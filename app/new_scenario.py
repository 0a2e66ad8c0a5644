"""`shuangsui init DIR`: a new scenario folder from the templates, ready for the bureau's directories.

The data files get the Chinese header row only, so nothing of the examples can end up in a plan (an
example conflict row naming an object that does not exist broke freshly pasted folders). The example
rows go to `示例.xlsx`, one sheet per table, beside them; the loader reads only the files it knows
(objects, inspectors, items, conflicts, history and scenario.toml), so 示例.xlsx is never read as data.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

TABLES = ("objects", "inspectors", "items", "conflicts", "history")
SHEET_ZH = {
    "objects": "检查对象名录库",
    "inspectors": "执法检查人员名录库",
    "items": "随机抽查事项清单",
    "conflicts": "回避关系",
    "history": "历史检查记录",
}
EXAMPLES = "示例.xlsx"
RULES = "scenario.toml"


def templates() -> Traversable:
    """The installed templates folder (package data of shuangsui.scenarios)."""
    return resources.files("shuangsui.scenarios") / "templates"


def _csv_rows(source: Traversable) -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"))) if row]


def template_rows(name: str) -> list[list[str]]:
    """Header and example rows of one template table (the examples live apart, in `templates/示例/`)."""
    header = _csv_rows(templates() / f"{name}.csv")[0]
    examples = _csv_rows(templates() / "示例" / f"{name}.csv")[1:]
    return [header, *examples]


def examples_workbook(rows: dict[str, list[list[str]]]) -> Workbook:
    """One sheet per table: the Chinese header and the template's example rows."""
    wb = Workbook()
    wb.remove(wb.active)
    for name in TABLES:
        ws = wb.create_sheet(f"{SHEET_ZH[name]}（{name}）")
        for row in rows[name]:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for column in ws.columns:
            width = max(len(str(c.value or "")) for c in column)  # CJK characters take two columns
            ws.column_dimensions[column[0].column_letter].width = min(60, 2 * width + 2)
    return wb


def write_new_scenario(folder: Path) -> list[Path]:
    """Write scenario.toml (commented), the header-only tables (UTF-8 with BOM) and 示例.xlsx into `folder`."""
    written = []
    rules = folder / RULES
    rules.write_text((templates() / RULES).read_text(encoding="utf-8"), encoding="utf-8")
    written.append(rules)
    rows = {name: template_rows(name) for name in TABLES}
    for name in TABLES:
        path = folder / f"{name}.csv"
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(rows[name][0])
        path.write_text(buffer.getvalue(), encoding="utf-8-sig")
        written.append(path)
    examples = folder / EXAMPLES
    examples_workbook(rows).save(examples)
    written.append(examples)
    return written
