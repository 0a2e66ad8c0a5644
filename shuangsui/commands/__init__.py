"""The sub-commands of `shuangsui`, one module each; cli.py adds every command listed here."""

from __future__ import annotations

import click

from shuangsui.commands.check import check
from shuangsui.commands.compare import compare
from shuangsui.commands.plan import plan
from shuangsui.commands.sweep import sweep
from shuangsui.commands.validate import validate
from shuangsui.commands.year import year

COMMANDS: tuple[click.Command, ...] = (
    validate,
    plan,
    check,
    compare,
    sweep,
    year,
)
