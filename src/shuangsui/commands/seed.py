"""`shuangsui seed`: record the seed of the public ceremony, as entered, after the commit."""

from __future__ import annotations

from pathlib import Path

import click

from shuangsui.commands.common import fail
from shuangsui.commands.helptext import command_help
from shuangsui.commands.ledger_steps import open_ledger, required_ledger_option
from shuangsui.models.errors import EXIT_INVALID, EXIT_OK

HELP = command_help(
    "记录公开摇号的种子 (seed)：按录入原样记入台账，供每个等待种子的承诺使用。",
    "一个全为数字的 --value（如骰子点数）即为种子；多方各给一个数时，种子为其 SHA-256 的前 15 位十六进制数"
    "（规则见 README“公开、可复核的抽取流程”）。",
    ((EXIT_OK, "已记录种子 (seed recorded)"), (EXIT_INVALID, "没有等待种子的承诺或取值有误 (invalid input)")),
    'shuangsui seed --ledger out/ledger.sqlite --value "3 1 4 1 5 2 6 5"',
)


@click.command(help=HELP, short_help="记录公开摇号的种子 (record the ceremony's seed)")
@required_ledger_option
@click.option(
    "--value",
    "values",
    required=True,
    multiple=True,
    help="摇号结果：一组骰子数字，或每方一个 --value（多方数字按 SHA-256 合成）(dice digits or one per party)",
)
def seed(ledger_path: Path, values: tuple[str, ...]) -> None:
    """记录公开摇号的种子 (record the ceremony's seed) for every commit waiting for one."""
    from shuangsui.ledger import LedgerError
    from shuangsui.ledger.protocol import waiting_commits
    from shuangsui.ledger.seed import derive_seed

    try:
        value, rule = derive_seed(values)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--value") from None
    with open_ledger(ledger_path) as ledger:
        waiting = waiting_commits(ledger)
        if not waiting:
            fail(LedgerError("台账中没有等待种子的承诺：请先运行 shuangsui commit (no commit awaits a seed)"))
        record = ledger.append(
            "seed", {"values": list(values), "rule": rule, "seed": value, "commits": [c.seq for c in waiting]}
        )
    names = "、".join(f"#{c.seq} {c.payload.get('scenario', '')}" for c in waiting)
    click.echo(
        f"已记录种子 (seed recorded): {value}（规则 {rule}），台账记录 #{record.seq}，适用于承诺 {names}\n"
        f"记录哈希 (record hash): {record.hash}"
    )
