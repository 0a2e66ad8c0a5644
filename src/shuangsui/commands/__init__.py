"""The sub-commands of `shuangsui`, one module each; cli.py adds every command listed here."""

from __future__ import annotations

import click

from shuangsui.commands.audit import audit
from shuangsui.commands.batch import batch
from shuangsui.commands.bulletin import bulletin
from shuangsui.commands.check import check
from shuangsui.commands.clues import clues
from shuangsui.commands.commit import commit
from shuangsui.commands.compare import compare
from shuangsui.commands.init import init
from shuangsui.commands.plan import plan
from shuangsui.commands.publish import publish
from shuangsui.commands.recuse import recuse
from shuangsui.commands.results import results
from shuangsui.commands.seed import seed
from shuangsui.commands.sweep import sweep
from shuangsui.commands.validate import validate
from shuangsui.commands.verify import verify
from shuangsui.commands.year import year

COMMANDS: tuple[click.Command, ...] = (
    validate,
    plan,
    check,
    compare,
    sweep,
    init,
    commit,
    seed,
    verify,
    recuse,
    publish,
    results,
    bulletin,
    clues,
    year,
    audit,
    batch,
)
