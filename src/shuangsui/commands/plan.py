"""`shuangsui plan`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from shuangsui.commands.common import (
    PLAN_OUTPUTS,
    WORKERS,
    TimeLimit,
    echo_warnings,
    load_from,
    loading_beside,
    running,
)
from shuangsui.commands.helptext import INTERRUPTED, command_help
from shuangsui.commands.ledger_steps import draw_from_ledger, ledger_option, record_plan
from shuangsui.models.errors import EXIT_INFEASIBLE, EXIT_INVALID, EXIT_OK, EXIT_TIMEOUT, EXIT_VIOLATIONS

if TYPE_CHECKING:
    from shuangsui.models.data_warnings import DataWarning
    from shuangsui.models.domain import Scenario

HELP = command_help(
    "生成抽查计划 (plan)：按公开随机种子抽取检查对象并组成执法小组。",
    "写入 DIR：plan.json（数据约定格式，机读）、plan.xlsx（中文，可直接打印下发）、plan.csv、"
    "report.html（可行性报告）、feasibility.json。无可行计划时仍写出报告，列出冲突的规则与经验证的修改建议"
    "（默认只改资源；--allow-below-minimum 才允许低于规则要求）。--ledger：种子取自台账，计划记入台账。",
    (
        (EXIT_OK, "已生成计划 (plan written)"),
        (EXIT_INVALID, "输入有误或台账拒绝，未写出任何文件 (invalid input)"),
        (EXIT_INFEASIBLE, "不存在可行计划，已写出可行性报告 (no plan exists)"),
        (EXIT_VIOLATIONS, "计划未通过独立校验（内部错误）(violations)"),
        (EXIT_TIMEOUT, "时限内未找到计划 (no plan within the time limit)"),
        *INTERRUPTED,
    ),
    "shuangsui plan scenarios/zhaoxian-2025Q1 --out out/zhaoxian-2025Q1",
)


def helper_first(scenario: Path, with_digest: bool) -> Callable[[], tuple[Scenario, list[DataWarning]]] | None:
    """The chart helper's first job: loading a large scenario while this process imports the planner
    (`commands.common.loading_beside`). A small scenario is loaded here, and OR-Tools (~0.13 s) is
    imported before the helper is forked: the helper's preparation then runs beside the solve rather
    than beside this process's start (1,500 objects, 20 interleaved pairs: whole `plan` 1.88 -> 1.78 s)."""
    loading = loading_beside(scenario, digest=with_digest)
    if loading is None:
        from shuangsui.scheduler import cpsat  # noqa: F401
    return loading


@click.command(help=HELP, short_help="生成抽查计划 (build the period's plan)")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="输出目录 (output folder)")
@click.option("--seed", type=click.IntRange(min=0), help="覆盖场景的公开随机种子 (overrides seed)")
@click.option("--workers", type=WORKERS, help="求解线程数，0 = 全部核心 (workers)")
@click.option("--time-limit", type=TimeLimit(), help="求解时限（秒）(time limit, seconds)")
@click.option(
    "--allow-below-minimum",
    is_flag=True,
    help="无可行计划时，修改建议也可降低抽查比例等最低要求（标明“低于规则要求”）",
)
@ledger_option
def plan(
    scenario: Path,
    out_dir: Path,
    seed: int | None,
    workers: int | None,
    time_limit: float | None,
    allow_below_minimum: bool,
    ledger_path: Path | None,
) -> None:
    """Build the period's plan (the help text is HELP)."""
    from shuangsui.reports.chart_helper import chart_helper

    # The chart child is forked first, before the scenario is loaded: it imports matplotlib on the
    # other core while this process loads, solves and checks. A large scenario it loads first, while
    # this process imports the planner.
    with_digest = ledger_path is not None  # with --ledger the committed draw is looked up by the digest
    loading = helper_first(scenario, with_digest)
    with chart_helper(loading) as charts, running(out_dir):
        from shuangsui.app.plan import digest_beside, plan_period, prepare_helper, with_input_digest, write_plan_files
        from shuangsui.checker import Evaluation
        from shuangsui.outputs import write_atomically
        from shuangsui.reports.labels import resource_note
        from shuangsui.scheduler import SolveStatus

        # The input digest is computed by a child beside the planner (it goes on the plan once solved),
        # except with --ledger.
        loaded, digest = digest_beside(load_from(charts.first, scenario, digest=with_digest))
        prepare_helper(charts, loaded)
        try:
            echo_warnings(loaded, err=True)
            draw = draw_from_ledger(ledger_path, loaded, seed)  # with --ledger: the committed draw's seed, or exit 2
            seed = draw.seed_value if draw else seed
            click.echo(f"求解中 (solving) {loaded.rules.name} …", err=True)
            result = plan_period(
                loaded, seed=seed, time_limit=time_limit, workers=workers, allow_below_minimum=allow_below_minimum
            )
            loaded, result = with_input_digest(loaded, result, digest.result())
        finally:
            digest.close()
        checked: list[Evaluation | None] = []

        def write(folder: Path) -> None:
            # The checker runs once, beside the task sheets' child (`write_plan_files`).
            checked.append(write_plan_files(folder, loaded, result, helper=charts))

        write_atomically(out_dir, write, owned=PLAN_OUTPUTS)
        evaluation = checked[0]
        if result.plan is not None and evaluation is not None:
            record_plan(ledger_path, draw, loaded, scenario, out_dir, result.plan)
            violations = evaluation.violations
            for v in violations:
                click.echo(f"内部错误 (internal error) [{v.rule.value}] {v.message}", err=True)
            plan_ = result.plan
            onsite = sum(1 for c in plan_.checks if c.mode == "onsite")
            click.echo(
                f"已生成计划 (plan written): {len(plan_.checks)} 次检查（现场 {onsite}，"
                f"科技 {len(plan_.checks) - onsite}），{len(plan_.teams)} 个执法小组，"
                f"状态 {plan_.status.value}，种子 {plan_.seed}，用时 {result.wall_time:.2f} 秒"
            )
            if plan_.status is SolveStatus.FEASIBLE:
                click.echo("注意：求解达到时限，计划有效但不能由种子复现 (not reproducible)", err=True)
            click.echo(f"输出 (outputs): {out_dir}")
            sys.exit(EXIT_OK if not violations else EXIT_VIOLATIONS)
        if result.status is SolveStatus.INFEASIBLE:
            click.echo("无可行计划 (no plan exists)。冲突的规则 (rules in conflict):", err=True)
            for c in result.conflicts:
                click.echo(f"  - [{c.rule}] {c.message}", err=True)
            if result.suggestions:
                click.echo("修改建议（均已重新求解验证）(verified suggestions):", err=True)
                for s in result.suggestions:
                    click.echo(f"  - [{s.rule}] {s.message}", err=True)
            note = resource_note(result.suggestions, allow_below_minimum)
            if note:
                click.echo(note, err=True)
            click.echo(f"可行性报告 (feasibility report): {out_dir / 'report.html'}", err=True)
            sys.exit(EXIT_INFEASIBLE)
        click.echo(
            f"在 {time_limit or loaded.rules.solver.time_limit:g} 秒时限内未找到计划 (no plan within the time limit)；"
            "可加大 --time-limit 重试",
            err=True,
        )
        sys.exit(EXIT_TIMEOUT)
