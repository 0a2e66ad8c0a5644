"""`shuangsui recuse`: an inspector leaves one check (conflict) or all (unavailable); the rest is pinned."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from shuangsui.commands.common import fail, load
from shuangsui.commands.helptext import command_help
from shuangsui.commands.ledger_steps import ledger_option, open_ledger
from shuangsui.models.errors import EXIT_INFEASIBLE, EXIT_INVALID, EXIT_OK, EXIT_VIOLATIONS, ShuangsuiError

RECUSAL_OUTPUTS = ("plan.json", "recusal.json", "recusal.html")  # as app.recuse.write_recusal_files writes them


HELP = command_help(
    "回避改派 (recuse)：执法人员申请回避或不在岗时，只改派受影响的检查，其余全部保持不变。",
    "--object O：该人员与对象 O 回避；--unavailable：该人员本期全部检查。无可派小组时按同一种子顺序换入同层下一个对象。"
    "写入 DIR：plan.json、recusal.json、recusal.html；--ledger 时记入台账。",
    (
        (EXIT_OK, "已改派 (re-staffed)"),
        (EXIT_INVALID, "申请有误或计划不在台账中 (invalid request)"),
        (EXIT_INFEASIBLE, "无法改派，也无可换入的对象 (impossible)"),
        (EXIT_VIOLATIONS, "改派结果未通过独立校验（内部错误）(violations)"),
    ),
    "shuangsui recuse scenarios/zhaoxian-2025Q1 out/plan/plan.json --inspector I15 --unavailable --out out/recusal",
)


@click.command(help=HELP, short_help="回避改派 (recusal: re-staff only the affected checks)")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.argument("plan_json", type=click.Path(path_type=Path))
@click.option("--inspector", "inspector_id", required=True, help="申请回避或不在岗的执法人员编号")
@click.option("--object", "object_id", help="回避的检查对象编号 (the object of the declared conflict)")
@click.option("--unavailable", is_flag=True, help="该人员本期不在岗：退出其全部检查 (all of the inspector's checks)")
@click.option("--reason", default="", help="回避理由（记入回避关系 conflicts 的 reason）")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="输出目录")
@ledger_option
def recuse(
    scenario: Path,
    plan_json: Path,
    inspector_id: str,
    object_id: str | None,
    unavailable: bool,
    reason: str,
    out_dir: Path,
    ledger_path: Path | None,
) -> None:
    """回避改派 (recusal): re-staff only the affected checks; plan.json, recusal.json, recusal.html."""
    from shuangsui.app.recuse import amended_record, recheck, record_recusal, recuse_plan, write_recusal_files
    from shuangsui.checker import load_plan
    from shuangsui.outputs import write_atomically
    from shuangsui.scheduler.recusal import RecusalRequest

    if unavailable == (object_id is not None):
        raise click.UsageError("--object 与 --unavailable 必须且只能给一个 (give exactly one of them)")
    click.echo(f"改派中 (re-staffing) {inspector_id} …", err=True)
    loaded = load(scenario)
    try:
        load_plan(plan_json)
        text = plan_json.read_text(encoding="utf-8")
        amends = None
        if ledger_path is not None:
            with open_ledger(ledger_path) as ledger:
                amends = amended_record(ledger, text, plan_json)
        request = RecusalRequest(inspector_id, object_id, unavailable, reason)
        recused = recuse_plan(loaded, text, request)
    except ShuangsuiError as error:
        fail(error)
    result = recused.result
    write_atomically(
        out_dir, lambda folder: write_recusal_files(folder, recused, loaded.rules.name), owned=RECUSAL_OUTPUTS
    )
    if ledger_path is not None and amends is not None:
        with open_ledger(ledger_path) as ledger:
            record = record_recusal(ledger, amends, recused, out_dir)
        click.echo(f"已记入台账 (recorded): 记录 #{record.seq}，改动记录 #{amends.seq} 的计划", err=True)
    for c in result.changes:
        head = f"{c.object_id} → {c.new_object_id}（替换对象 replaced）" if c.replaced else c.object_id
        before = " ".join(filter(None, [c.team_before, "、".join(c.inspectors_before)]))
        after = " ".join(filter(None, [c.team_after, "、".join(c.inspectors_after)]))
        click.echo(f"  {head}: {before} → {after}")
    if result.team_note:
        click.echo(f"  {result.team_note}")
    violations = recheck(recused)
    for v in violations:
        click.echo(f"内部错误 (internal error) [{v.rule.value}] {v.message}", err=True)
    click.echo(
        f"已改派 (recusal done): {len(result.changes)} 次检查改动，其余不变；"
        f"新输入摘要 {result.scenario.input_digest}\n"
        f"输出 (outputs): {out_dir}"
    )
    sys.exit(EXIT_OK if not violations else EXIT_VIOLATIONS)
