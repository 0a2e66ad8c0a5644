"""`shuangsui verify`: re-derive a plan from its inputs and seed; or audit a whole ledger."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from shuangsui.commands.common import fail, load
from shuangsui.commands.helptext import command_help
from shuangsui.commands.ledger_steps import ledger_option, open_ledger
from shuangsui.models.errors import EXIT_INVALID, EXIT_OK, EXIT_VIOLATIONS, ShuangsuiError

HELP = command_help(
    "复核抽取 (verify)：由输入与种子重新求解，与计划逐字节比对；或复核整个台账。",
    "SCENARIO PLAN_JSON：重放该计划（及其中记录的回避改派）。--ledger L：检查哈希链、每个计划的承诺先于种子，"
    "并重放台账中的每个计划与回避改派。状态不是 optimal 的计划不能靠重放复核。",
    (
        (EXIT_OK, "重放一致 (reproduced / verified)"),
        (EXIT_INVALID, "输入或台账无法读取 (invalid input)"),
        (EXIT_VIOLATIONS, "不一致，列出第一处差异或每个问题 (not reproduced)"),
    ),
    "shuangsui verify scenarios/zhaoxian-2025Q1 out/plan/plan.json",
)


@click.command(help=HELP, short_help="复核抽取 (verify a plan or a ledger by replay)")
@click.argument("scenario", required=False, type=click.Path(path_type=Path))
@click.argument("plan_json", required=False, type=click.Path(path_type=Path))
@ledger_option
@click.option(
    "--scenario-root",
    type=click.Path(path_type=Path, file_okay=False),
    help="场景文件夹已迁移时：按台账记录的文件夹名在此目录下查找 (relocated scenario folders)",
)
@click.option("--head", help="此前公布的台账哈希：链须包含它 (a published ledger head hash)")
@click.option("--workers", type=click.IntRange(min=0), help="求解线程数，0 = 全部核心")
def verify(
    scenario: Path | None,
    plan_json: Path | None,
    ledger_path: Path | None,
    scenario_root: Path | None,
    head: str | None,
    workers: int | None,
) -> None:
    """复核抽取 (verify by replay): SCENARIO PLAN_JSON, or --ledger L for every plan and recusal in it."""
    if ledger_path is not None:
        if scenario or plan_json:
            raise click.UsageError("--ledger 与 SCENARIO PLAN_JSON 只能二选一 (give a ledger or a plan, not both)")
        verify_ledger(ledger_path, scenario_root, head, workers)
    if scenario is None or plan_json is None:
        raise click.UsageError("需要 SCENARIO PLAN_JSON 或 --ledger (give SCENARIO PLAN_JSON, or --ledger)")
    from shuangsui.app.verify import verify_plan
    from shuangsui.checker import load_plan
    from shuangsui.scheduler.plan_builder import ortools_version

    loaded = load(scenario)
    click.echo(f"重放中 (replaying) {plan_json} …", err=True)
    try:
        load_plan(plan_json)  # the structure, with every problem named (exit 2)
        note = verify_plan(loaded, plan_json.read_text(encoding="utf-8"), workers=workers, ortools=ortools_version())
    except ShuangsuiError as error:
        fail(error)
    click.echo(f"{plan_json}: {note}")
    sys.exit(EXIT_OK)


def verify_ledger(path: Path, root: Path | None, head: str | None, workers: int | None) -> None:
    from shuangsui.app.verify_ledger import audit_ledger

    with open_ledger(path) as ledger:
        count = len(ledger.records())
        audit = audit_ledger(ledger, scenario_root=root, workers=workers, head=head)
    for line in audit.passed:
        click.echo(f"✓ {line}")
    for line in audit.notes:
        click.echo(f"注意 (note): {line}")
    if audit.problems:
        click.echo(f"\n台账复核发现 {len(audit.problems)} 处问题 (problems):")
        for line in audit.problems:
            click.echo(f"  - {line}")
        sys.exit(EXIT_VIOLATIONS)
    click.echo(f"\n台账 {count} 条记录完整，承诺先于种子，全部计划与回避改派重放一致 (ledger verified)")
    sys.exit(EXIT_OK)
