"""`shuangsui validate`."""

from __future__ import annotations

from pathlib import Path

import click

from shuangsui.commands.common import echo_warnings, load, running


@click.command()
@click.argument("scenario", type=click.Path(path_type=Path))
def validate(scenario: Path) -> None:
    """检查场景文件夹 (validate a scenario folder): every problem with file, row and column."""
    from shuangsui.models.summary import summarize

    with running(solving=False):
        loaded = load(scenario)
    click.echo(summarize(loaded))
    echo_warnings(loaded)
    click.echo("校验通过 (valid)")
