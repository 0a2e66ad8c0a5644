"""The calendar of a period (YYYYQn): its first and last day and how much of it has elapsed."""

from __future__ import annotations

from datetime import date, timedelta

from shuangsui.models.domain import PERIOD_RE


def quarter_bounds(period: str) -> tuple[date, date]:
    """First and last day of the quarter ``period`` (e.g. 2025Q1 -> 2025-01-01, 2025-03-31)."""
    match = PERIOD_RE.match(period)
    if not match:
        raise ValueError(f"not a period: {period!r}")
    year, quarter = int(match.group(1)), int(match.group(2))
    start = date(year, 3 * quarter - 2, 1)
    following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, following - timedelta(days=1)


def elapsed_share(period: str, as_of: date) -> float:
    """Share of the quarter's days elapsed at the end of ``as_of`` (0 before it, 1 after it)."""
    start, end = quarter_bounds(period)
    days = (end - start).days + 1
    done = (as_of - start).days + 1
    return min(1.0, max(0.0, done / days))


def window_text(period: str) -> str:
    """The check window in Chinese, e.g. 2025年1月1日至2025年3月31日."""
    start, end = quarter_bounds(period)
    return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"


def period_zh(period: str) -> str:
    """2025Q1 -> 2025年第一季度."""
    match = PERIOD_RE.match(period)
    if not match:
        raise ValueError(f"not a period: {period!r}")
    return f"{match.group(1)}年第{'一二三四'[int(match.group(2)) - 1]}季度"
