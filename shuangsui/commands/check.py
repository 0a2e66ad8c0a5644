"""`shuangsui check`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from shuangsui.commands.common import fail, load
from shuangsui.models.errors import EXIT_OK, EXIT_VIOLATIONS, ShuangsuiError


@click.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.argument("plan_json", type=click.Path(path_type=Path))
def check(scenario: Path, plan_json: Path) -> None:
    """审核计划 (audit a plan, whoever made it): every rule violation."""
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
