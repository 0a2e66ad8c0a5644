"""Every command's --help: Chinese first, exit codes, one example; the top-level list is not cut off."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner
from shuangsui.models.errors import EXIT_INVALID, EXIT_OK

from shuangsui.cli import main
from shuangsui.commands import COMMANDS
from shuangsui.commands.helptext import EXAMPLE_TITLE, EXIT_CODES_TITLE, KNOWN_EXIT_CODES

CJK = re.compile(r"[\u4e00-\u9fff]")


def help_of(*args: str) -> str:
    run = CliRunner().invoke(main, [*args, "--help"], terminal_width=200)
    assert run.exit_code == 0, run.output
    return run.output


def section(text: str, title: str) -> list[str]:
    """The indented lines under `title` (up to the next blank line)."""
    lines = text.splitlines()
    start = lines.index(next(line for line in lines if line.strip() == title)) + 1
    block = []
    for line in lines[start:]:
        if not line.strip():
            break
        block.append(line.strip())
    return block


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_command_lists_its_exit_codes_and_an_example(command: click.Command) -> None:
    text = help_of(command.name)
    summary = text.split("\n\n")[1].strip()
    assert CJK.match(summary), f"help of {command.name} should start in Chinese: {summary!r}"
    assert f"({command.name})" in summary, "the English code name follows the Chinese one"
    codes = [int(line.split()[0]) for line in section(text, EXIT_CODES_TITLE)]
    assert codes and set(codes) <= KNOWN_EXIT_CODES, codes
    assert EXIT_OK in codes and EXIT_INVALID in codes, codes
    (example,) = section(text, EXAMPLE_TITLE)
    assert example.startswith(f"shuangsui {command.name} ")


def test_top_level_summaries_are_not_cut_off() -> None:
    text = help_of()
    for command in COMMANDS:
        line = next(line for line in text.splitlines() if line.strip().startswith(f"{command.name} "))
        assert "..." not in line and command.get_short_help_str(limit=200) in line
        assert CJK.search(line), line
    assert EXIT_CODES_TITLE in text


def test_plan_lists_every_exit_code_it_uses() -> None:
    codes = [int(line.split()[0]) for line in section(help_of("plan"), EXIT_CODES_TITLE)]
    assert codes == [0, 2, 3, 4, 5, 130, 143]
    assert [int(line.split()[0]) for line in section(help_of("check"), EXIT_CODES_TITLE)] == [0, 2, 4]
