"""`shuangsui commit`: record the inputs' digest and the seed method before the seed exists."""

from __future__ import annotations

from pathlib import Path

import click

from shuangsui.commands.common import load
from shuangsui.commands.helptext import command_help
from shuangsui.commands.ledger_steps import open_ledger, required_ledger_option
from shuangsui.models.errors import EXIT_INVALID, EXIT_OK

NOTICE_OUTPUTS = ("notice.html", "notice.docx")


HELP = command_help(
    "抽取前承诺 (commit)：在种子产生之前，把输入摘要与种子取得方式记入台账，并写出公告。",
    "记录 SCENARIO 的输入摘要 (input digest) 与 --seed-source 所述的种子取得方式（如公开摇号的时间地点），"
    "写入 DIR：notice.html 与 notice.docx（公告：摘要、种子方式、时间、台账记录哈希）。",
    ((EXIT_OK, "已记录并写出公告 (committed)"), (EXIT_INVALID, "输入或台账有误，未记录 (invalid input)")),
    'shuangsui commit scenarios/zhaoxian-2025Q1 --seed-source "公开摇号：2025-03-28 10:00 现场掷骰" '
    "--ledger out/ledger.sqlite --out out/notice",
)


@click.command(help=HELP, short_help="抽取前承诺输入 (commit the inputs before the seed)")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option(
    "--seed-source",
    required=True,
    help="随机种子的产生方式，如「公开摇号：2025-03-28 10:00 现场掷骰」(how the seed will be obtained)",
)
@required_ledger_option
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="公告输出目录")
def commit(scenario: Path, seed_source: str, ledger_path: Path, out_dir: Path) -> None:
    """抽取前承诺 (commit the inputs before the seed): ledger record + 公告 notice.html/.docx."""
    from shuangsui.app.notice import write_commit_notice
    from shuangsui.ledger.protocol import commit_payload
    from shuangsui.outputs import write_atomically
    from shuangsui.scheduler.plan_builder import ortools_version

    if not seed_source.strip():
        raise click.BadParameter("不能为空 (empty)", param_hint="--seed-source")
    loaded = load(scenario)
    with open_ledger(ledger_path, create=True) as ledger:
        record = ledger.append("commit", commit_payload(loaded, scenario, seed_source.strip(), ortools_version()))
    write_atomically(out_dir, lambda folder: write_commit_notice(record, folder), owned=NOTICE_OUTPUTS)
    click.echo(
        f"已承诺 (committed): 台账记录 #{record.seq}，输入摘要 {loaded.input_digest}\n"
        f"记录哈希 (record hash): {record.hash}\n"
        f"公告 (notice): {out_dir / 'notice.html'}，{out_dir / 'notice.docx'}"
    )
