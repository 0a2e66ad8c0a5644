"""What every command shares: loading a scenario, failing with an exit code, progress lines."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from shuangsui.models.errors import ShuangsuiError

if TYPE_CHECKING:
    from shuangsui.models.domain import Scenario
    from shuangsui.reports.compare import Run

# Every file `shuangsui plan` may write: a rerun into the same folder replaces or removes each.
# tasks.xlsx, tasks.docx and results-template.xlsx: the task sheets and results template (app.lifecycle).
PLAN_OUTPUTS = (
    "plan.json",
    "plan.xlsx",
    "plan.csv",
    "report.html",
    "feasibility.json",
    "tasks.xlsx",
    "tasks.docx",
    "results-template.xlsx",
)


def fail(error: ShuangsuiError) -> NoReturn:
    click.echo(str(error), err=True)
    sys.exit(error.exit_code)


def load(folder: Path) -> Scenario:
    from shuangsui.models.loading import load_scenario

    try:
        return load_scenario(folder)
    except ShuangsuiError as error:
        fail(error)


def progress(n: int, total: int, label: str) -> Callable[[Run], None]:
    """Print "[n/total] label …" on stderr now and the setting's outcome when it is solved."""
    from shuangsui.reports.compare import STATUS_SHORT

    click.echo(f"[{n}/{total}] {label} … ", err=True, nl=False)

    def done(run: Run) -> None:
        click.echo(f"{STATUS_SHORT[run.result.status.value]}，{run.result.wall_time:.2f} 秒", err=True)

    return done


def list_option(parse: Callable[[str], tuple]) -> Callable[[click.Context, click.Parameter, str | None], tuple | None]:
    """A click callback: the option's text parsed into a tuple, or a usage error (exit 2)."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple | None:
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as error:
            raise click.BadParameter(str(error), ctx=ctx, param=param) from None

    return callback
