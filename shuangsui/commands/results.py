"""`shuangsui results`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from shuangsui.commands.common import fail
from shuangsui.models.errors import EXIT_OK, ShuangsuiError


@click.command()
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
