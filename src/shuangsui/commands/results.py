"""`shuangsui results`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from shuangsui.commands.common import fail
from shuangsui.commands.helptext import command_help
from shuangsui.models.errors import EXIT_INVALID, EXIT_OK, ShuangsuiError

HELP = command_help(
    "录入检查结果 (results)：校验填好的结果模板，全部无误才记入台账。",
    "FILLED.xlsx 是 plan 写出的 results-template.xlsx 填好后的文件。逐行校验（计划中的检查、期间内的日期、"
    "已知的结果代码、与结果相符的后续处置），列出全部问题（行与列）；再次录入同一检查记为更正。",
    ((EXIT_OK, "已记录 (recorded)"), (EXIT_INVALID, "有问题，未记录任何结果 (invalid input)")),
    "shuangsui results scenarios/zhaoxian-2025Q1 out/q1/plan.json filled.xlsx --ledger out/ledger.sqlite",
)


@click.command(help=HELP, short_help="录入检查结果 (enter and record results)")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.argument("plan_json", type=click.Path(path_type=Path))
@click.argument("filled", type=click.Path(path_type=Path))
@click.option("--ledger", "ledger_path", required=True, type=click.Path(path_type=Path), help="台账文件 (SQLite)")
def results(scenario: Path, plan_json: Path, filled: Path, ledger_path: Path) -> None:
    """录入检查结果 (enter results): validate every row of a filled results-template.xlsx, then record it."""
    from shuangsui.app.lifecycle.results import read_results, record_results
    from shuangsui.app.lifecycle.tasklist import load_task_list
    from shuangsui.ledger import Ledger

    try:
        _, _, tasks = load_task_list(scenario, plan_json)
        entries = read_results(filled, tasks)
        with Ledger.open(ledger_path) as ledger:
            done = record_results(ledger, tasks, entries, filled)
    except ShuangsuiError as error:
        fail(error)
    if done.seq is None:
        click.echo(f"结果无变化，未新增记录 (nothing new): {done.unchanged} 条与台账一致")
    else:
        click.echo(
            f"已记录检查结果 (recorded) 台账记录 #{done.seq}：新录入 {done.new} 条，更正 {done.corrections} 条，"
            f"未变 {done.unchanged} 条"
        )
    sys.exit(EXIT_OK)
