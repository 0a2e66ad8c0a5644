"""What the commands share about the ledger: the `--ledger` option, opening it, the plan's records."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from shuangsui.commands.common import fail
from shuangsui.models.errors import ShuangsuiError

if TYPE_CHECKING:
    from shuangsui.ledger import Ledger
    from shuangsui.ledger.protocol import DrawRecords
    from shuangsui.models.domain import Scenario
    from shuangsui.scheduler.result import Plan

ledger_option = click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="台账文件 (ledger file, SQLite)；不给则不记录 (nothing is recorded without it)",
)
required_ledger_option = click.option(
    "--ledger",
    "ledger_path",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="台账文件 (ledger file, SQLite)",
)


def open_ledger(path: Path, create: bool = False) -> Ledger:
    """The ledger at `path`, or exit 2; only `commit` creates a new one (`create`)."""
    from shuangsui.ledger import Ledger, LedgerError

    if not create and not Path(path).is_file():
        fail(LedgerError(f"{path}: 台账文件不存在，请先运行 shuangsui commit (ledger not found)"))
    try:
        return Ledger.open(path)
    except ShuangsuiError as error:
        fail(error)


def draw_from_ledger(path: Path | None, scenario: Scenario, seed: int | None) -> DrawRecords | None:
    """For `plan --ledger`: the committed draw's records, or exit 2 (not committed, changed, no seed)."""
    if path is None:
        return None
    from shuangsui.ledger import LedgerError
    from shuangsui.ledger.protocol import draw_records

    with open_ledger(path) as ledger:
        try:
            draw = draw_records(ledger, scenario)
        except ShuangsuiError as error:
            fail(error)
    if seed is not None and seed != draw.seed_value:
        fail(
            LedgerError(
                f"--seed {seed} 与台账记录 #{draw.seed.seq} 的公开种子 {draw.seed_value} 不同，拒绝抽取 "
                "(with --ledger the seed comes from the ledger)"
            )
        )
    click.echo(
        f"台账 (ledger): 承诺 #{draw.commit.seq}，种子 #{draw.seed.seq} = {draw.seed_value}",
        err=True,
    )
    return draw


def record_plan(
    path: Path | None, draw: DrawRecords | None, scenario: Scenario, folder: Path, out_dir: Path, plan: Plan
) -> None:
    """Append the plan record (its plan.json hash and seed) after the plan was written."""
    if path is None or draw is None:
        return
    from shuangsui.ledger.protocol import plan_payload

    with open_ledger(path) as ledger:
        record = ledger.append(
            "plan",
            plan_payload(
                draw, scenario, folder, plan.to_json().encode("utf-8"), plan.status.value, plan.ortools, out_dir
            ),
        )
    click.echo(f"已记入台账 (recorded): 记录 #{record.seq}，哈希 {record.hash}", err=True)
