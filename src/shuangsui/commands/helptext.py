"""The help text of every command in one style: Chinese first with the English code names, what the
command writes, its exit codes, and one example (click keeps the \\b blocks as written)."""

from __future__ import annotations

from collections.abc import Sequence

from shuangsui.models.errors import EXIT_INFEASIBLE, EXIT_INVALID, EXIT_OK, EXIT_TIMEOUT, EXIT_VIOLATIONS

EXIT_CODES_TITLE = "退出码 (exit codes):"
EXAMPLE_TITLE = "示例 (example):"
EXIT_SIGINT, EXIT_SIGTERM = 130, 143  # 128 + the signal number (shuangsui.interrupts)
KNOWN_EXIT_CODES = frozenset(
    {EXIT_OK, EXIT_INVALID, EXIT_INFEASIBLE, EXIT_VIOLATIONS, EXIT_TIMEOUT, EXIT_SIGINT, EXIT_SIGTERM}
)
# Commands that solve or write --out: Ctrl-C / SIGTERM stop them with --out unchanged.
INTERRUPTED: tuple[tuple[int, str], ...] = (
    (EXIT_SIGINT, "已中断 Ctrl-C，输出目录未改动 (interrupted)"),
    (EXIT_SIGTERM, "已终止 SIGTERM，输出目录未改动 (terminated)"),
)


def command_help(summary: str, details: str, exit_codes: Sequence[tuple[int, str]], example: str) -> str:
    """`summary` (one line), `details` (a paragraph), the exit codes and one example, for click's `help=`."""
    codes = "\n".join(f"  {code}  {meaning}" for code, meaning in exit_codes)
    parts = [summary, details, f"\b\n{EXIT_CODES_TITLE}\n{codes}", f"\b\n{EXAMPLE_TITLE}\n  {example}"]
    return "\n\n".join(p for p in parts if p)
