"""`shuangsui validate`."""

from __future__ import annotations

from pathlib import Path

import click

from shuangsui.commands.common import echo_warnings, load, running
from shuangsui.commands.helptext import command_help
from shuangsui.models.errors import EXIT_INVALID, EXIT_OK

HELP = command_help(
    "检查场景文件夹 (validate)：列出所有问题，注明文件、行与列。",
    "SCENARIO 是场景文件夹（scenario.toml 与 objects / inspectors / items 等表）。通过时给出概况："
    "各监管类别与信用等级的对象数、各业务条线与专业的人员数、输入摘要 (input digest)。有警告时也列出 (warnings)。",
    ((EXIT_OK, "校验通过 (valid)"), (EXIT_INVALID, "输入有误，已列出全部问题 (invalid input)")),
    "shuangsui validate scenarios/zhaoxian-2025Q1",
)


@click.command(help=HELP, short_help="检查场景文件夹 (validate a scenario folder)")
@click.argument("scenario", type=click.Path(path_type=Path))
def validate(scenario: Path) -> None:
    """Validate a scenario folder (the help text is HELP)."""
    from shuangsui.models.summary import summarize

    with running(solving=False):
        loaded = load(scenario)
    click.echo(summarize(loaded))
    echo_warnings(loaded)
    click.echo("校验通过 (valid)")
