"""`shuangsui publish`."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from shuangsui.commands.common import fail
from shuangsui.commands.helptext import command_help
from shuangsui.models.errors import EXIT_INVALID, EXIT_OK, ShuangsuiError

NOTICE_FILES = tuple(f"task-notice.{ext}" for ext in ("docx", "xlsx", "html"))


HELP = command_help(
    "发布抽查任务公告 (publish)：由计划生成公告，涉密对象不予公开。",
    "PLAN_DIR 是 shuangsui plan 的输出目录，--scenario 是它的场景文件夹（输入摘要须与计划一致）。"
    "写入 DIR：task-notice.docx / .xlsx / .html（对象、事项、部门、期间；涉密对象只计数；"
    "执法人员姓名仅在 --with-inspectors 时列出）；--ledger 时记入台账。",
    ((EXIT_OK, "已写出公告 (published)"), (EXIT_INVALID, "输入有误，未写出任何文件 (invalid input)")),
    "shuangsui publish out/q1 --scenario scenarios/zhaoxian-2025Q1 --out out/q1-notice --ledger out/ledger.sqlite",
)


@click.command(help=HELP, short_help="发布抽查任务公告 (publish the task notice)")
@click.argument("plan_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--scenario", "scenario_dir", required=True, type=click.Path(path_type=Path), help="计划所用的场景目录")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="输出目录")
@click.option("--ledger", "ledger_path", type=click.Path(path_type=Path), help="台账文件：记录公告文件的哈希")
@click.option("--with-inspectors", is_flag=True, help="公告中列出执法检查人员姓名")
@click.option("--department", default="生态环境部门", show_default=True, help="检查部门（公告落款）")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="公告日期，默认今天")
def publish(
    plan_dir: Path,
    scenario_dir: Path,
    out_dir: Path,
    ledger_path: Path | None,
    with_inspectors: bool,
    department: str,
    day: object,
) -> None:
    """发布抽查任务公告 (public task notice): .docx, .xlsx, .html; 涉密对象不公开."""
    from shuangsui.app.lifecycle.publish import TASK_NOTICE, file_hashes, record_publication, task_notice, write_notice
    from shuangsui.app.lifecycle.tasklist import load_task_list
    from shuangsui.ledger import Ledger
    from shuangsui.outputs import write_atomically

    when = day.date() if day else date.today()  # type: ignore[attr-defined]
    try:
        _, _, tasks = load_task_list(scenario_dir, plan_dir / "plan.json")
        doc = task_notice(tasks, department, with_inspectors, when)
        write_atomically(out_dir, lambda folder: write_notice(folder, TASK_NOTICE, doc), owned=NOTICE_FILES)
        hashes = file_hashes([out_dir / name for name in NOTICE_FILES])
        if ledger_path is not None:
            with Ledger.open(ledger_path) as ledger:
                record = record_publication(ledger, "task_notice", tasks, hashes, with_inspectors=with_inspectors)
            click.echo(f"已记入台账 (recorded) #{record.seq}，台账哈希 {record.hash}")
    except ShuangsuiError as error:
        fail(error)
    withheld = sum(1 for t in tasks.tasks if t.confidential)
    click.echo(f"抽查任务公告 (task notice): 公开 {len(tasks.tasks) - withheld} 家，涉密 {withheld} 家不予公开")
    for name, digest in hashes.items():
        click.echo(f"  {out_dir / name}  sha256 {digest}")
    sys.exit(EXIT_OK)
