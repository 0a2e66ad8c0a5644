"""`shuangsui check`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from shuangsui.commands.common import fail, load
from shuangsui.commands.helptext import command_help
from shuangsui.models.errors import EXIT_INVALID, EXIT_OK, EXIT_VIOLATIONS, ShuangsuiError

HELP = command_help(
    "审核计划 (check)：独立校验程序列出计划的每一处违规，无论计划由谁编制。",
    "SCENARIO 是场景文件夹，PLAN_JSON 是数据约定格式的 plan.json（本程序、人工或其他系统编制均可）。"
    "逐条规则输出要求与实际 (rule families)。",
    (
        (EXIT_OK, "未发现违规 (no violations)"),
        (EXIT_INVALID, "输入有误 (invalid input)"),
        (EXIT_VIOLATIONS, "发现违规 (violations)"),
    ),
    "shuangsui check scenarios/zhaoxian-2025Q1 out/zhaoxian-2025Q1/plan.json",
)


@click.command(help=HELP, short_help="审核计划 (audit a plan, whoever made it)")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.argument("plan_json", type=click.Path(path_type=Path))
def check(scenario: Path, plan_json: Path) -> None:
    """Audit a plan (the help text is HELP)."""
    from shuangsui.checker import evaluate, load_plan

    loaded = load(scenario)
    try:
        plan_ = load_plan(plan_json)
    except ShuangsuiError as error:
        fail(error)
    evaluation = evaluate(loaded, plan_)
    for outcome in evaluation.outcomes:
        mark = "✓" if outcome.ok else "✗"
        click.echo(f"{mark} {outcome.rule.zh} ({outcome.rule.value}): 要求 {outcome.required}；实际 {outcome.achieved}")
    if evaluation.violations:
        click.echo(f"\n发现 {len(evaluation.violations)} 处违规 (violations):")
        for v in evaluation.violations:
            click.echo(f"  - [{v.rule.value}] {v.message}")
        sys.exit(EXIT_VIOLATIONS)
    click.echo("\n未发现违规 (no violations)")
    sys.exit(EXIT_OK)
