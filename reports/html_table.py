"""The HTML of a report table, as base.html's `render_table` macro writes it.

Written in Python: a 20,000-object plan's tables have ~50,000 cells, which the Jinja loop took ~1 s
to write (this: ~0.2 s). The markup is byte for byte the one the macro's template gave
(tests/test_templates.py keeps that template and compares).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from markupsafe import Markup, escape
from shuangsui.reports.tables import display

NUMERIC_KINDS = frozenset({"int", "float", "percent"})
EMPTY = Markup('<p class="empty">无</p>')
# Tags after a cell's value: (column key, the row's mark) -> tag; "diff" goes after the first cell.
RULE_TAGS = {"tight": ' <span class="tag tight">紧张</span>', "conflict": ' <span class="tag bad">冲突</span>'}
SECRET_TAG = ' <span class="tag secret">涉密</span>'
DIFF_TAG = ' <span class="tag diff">不同</span>'


def table_html(t: Any, id: str | None = None, hide: Collection[str] = (), cls: str = "") -> Markup:
    """`t` (a `reports.tables.Table`, or any object with `columns`, `rows` and `mark(index)`) as a
    table of class "grid `cls`" with the columns not in `hide`; "无" when it has no rows."""
    if not t.rows:
        return EMPTY
    cols = [c for c in t.columns if c.key not in hide]
    named = f' id="{escape(id)}"' if id else ""
    parts = [f'<table{named} class="grid {escape(cls)}">\n  <thead><tr>']
    parts += [f"<th>{escape(c.zh)}</th>" for c in cols]
    parts.append("</tr></thead>\n  <tbody>")
    opening = [
        (c, f'      <td class="k-{escape(c.kind)} c-{escape(c.key)}{" num" if c.kind in NUMERIC_KINDS else ""}">')
        for c in cols
    ]
    for index, row in enumerate(t.rows):
        mark = t.mark(index)
        parts.append(f'    <tr class="{escape(mark)}">' if mark else "    <tr>")
        for n, (c, td) in enumerate(opening):
            key = c.key
            parts += (td, escape(display(row[key], c.kind)))
            if key == "slack" and row.get("slack_unit"):
                parts.append(f" {escape(row['slack_unit'])}")
            if key == "name" and row.get("confidential"):
                parts.append(SECRET_TAG)
            if key == "rule" and mark in RULE_TAGS:
                parts.append(RULE_TAGS[mark])
            if n == 0 and mark == "diff":
                parts.append(DIFF_TAG)
            parts.append("</td>")
        parts.append("    </tr>")
    parts.append("  </tbody>\n</table>")
    return Markup("".join(parts))
