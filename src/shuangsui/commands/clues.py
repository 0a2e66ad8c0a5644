"""`shuangsui clues`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from shuangsui.commands.common import fail, load
from shuangsui.commands.helptext import command_help
from shuangsui.models.errors import EXIT_INVALID, EXIT_OK, ShuangsuiError


class NoTaskList(ShuangsuiError):
    exit_code = EXIT_INVALID


HELP = command_help(
    "导出问题线索 (clues)：本期发现问题的对象写入下期名录的问题线索列，下期抽中时现场检查。",
    "写出场景的 objects.csv（中文表头），对最新结果为发现问题的对象填入 clue。",
    ((EXIT_OK, "已写出 (written)"), (EXIT_INVALID, "台账或输入有误 (invalid input)")),
    "shuangsui clues --ledger out/l.sqlite --period 2025Q1 --scenario scenarios/zhaoxian-2025Q1 --out next/objects.csv",
)


@click.command(help=HELP, short_help="导出问题线索 (carry findings forward as clues)")
@click.option("--ledger", "ledger_path", required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--period", required=True, help="结果所属期间，如 2025Q1")
@click.option("--scenario", "scenario_dir", required=True, type=click.Path(path_type=Path), help="该期间的场景目录")
@click.option("--out", "out_csv", required=True, type=click.Path(path_type=Path), help="输出 objects.csv")
def clues(ledger_path: Path, period: str, scenario_dir: Path, out_csv: Path) -> None:
    """问题线索结转 (carry findings forward): objects.csv with a clue on every object with findings."""
    from shuangsui.app.lifecycle.clues import with_clues, write_objects_csv
    from shuangsui.app.lifecycle.results import latest_results, recorded_task_list
    from shuangsui.ledger import Ledger

    scenario = load(scenario_dir)
    try:
        if not ledger_path.is_file():
            raise NoTaskList(f"{ledger_path}: 台账文件不存在 (ledger not found)")
        with Ledger.open(ledger_path) as ledger:
            if recorded_task_list(ledger, period) is None:
                raise NoTaskList(f"台账中没有 {period} 的检查结果 (no results recorded for {period})")
            latest = latest_results(ledger, period)
    except ShuangsuiError as error:
        fail(error)
    objects, marked = with_clues(scenario, period, latest)
    write_objects_csv(out_csv, objects)
    click.echo(f"已写出 (written) {out_csv}：{len(objects)} 家对象，其中 {marked} 家新增问题线索（下期现场检查）")
    sys.exit(EXIT_OK)
