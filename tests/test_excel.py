"""reports/excel.py: column widths as Excel and WPS count them."""

from __future__ import annotations

import pytest
from shuangsui.reports.excel import text_width

WIDTHS = [
    ("", 0),
    ("T01", 3),
    ("91130133MA04LNB16Y", 18),
    ("赵县", 4),
    ("HJ-02 排污许可", 14),
    ("（一）ＡＢ", 10),
    ("a\tb", 3),
]


@pytest.mark.parametrize(("text", "width"), WIDTHS)
def test_wide_characters_count_two_columns(text: str, width: int) -> None:
    """CJK and full-width characters take two columns, ASCII one (the ASCII shortcut included)."""
    assert text_width(text) == width
