"""`shuangsui year`."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from shuangsui.commands.common import WORKERS, TimeLimit, fail, load, running
from shuangsui.commands.helptext import INTERRUPTED, command_help
from shuangsui.models.errors import (
    EXIT_INFEASIBLE,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_VIOLATIONS,
    ShuangsuiError,
)

if TYPE_CHECKING:
    from shuangsui.app.year import QuarterRun, YearRun
    from shuangsui.ledger import Ledger
    from shuangsui.models.domain import Scenario


HELP = command_help(
    "年度抽查计划 (year)：从场景的季度起规划本年余下各季度，写出年度计划文件（Word/WPS）。",
    "每季度种子由公开种子与期间按公开规则导出，历史记录累加前几季度的计划（预测；每季度开始时仍按当时名录正式抽取）。"
    "写入 DIR：各季度文件夹（与 plan 相同）、year.json、annual-plan.xlsx、report.html、年度抽查计划.docx 及公开版；"
    "--previous 时另写调整说明.docx；--ledger 时登记发布的版本。",
    (
        (EXIT_OK, "各季度均有计划 (annual plan written)"),
        (EXIT_INVALID, "输入有误，未写出任何文件 (invalid input)"),
        (EXIT_INFEASIBLE, "某季度无可行计划，报告指出季度与冲突规则 (no plan for a quarter)"),
        (EXIT_VIOLATIONS, "计划未通过独立校验（内部错误）(violations)"),
        (EXIT_TIMEOUT, "某季度时限内未找到计划 (no plan within the time limit)"),
        *INTERRUPTED,
    ),
    "shuangsui year scenarios/zhaoxian-2025Q1 --out out/year",
)


@click.command(help=HELP, short_help="年度抽查计划 (plan the rest of the year)")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="输出目录")
@click.option("--seed", type=click.IntRange(min=0), help="覆盖场景的公开随机种子 (overrides seed)")
@click.option("--workers", type=WORKERS, help="求解线程数，0 = 全部核心")
@click.option("--time-limit", type=TimeLimit(), help="每个季度的求解时限（秒）")
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    help="已发布版本的输出目录（含 year.json）：写出调整说明 (adjustment against a published version)",
)
@click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(path_type=Path),
    help="台账文件（SQLite）：登记发布的年度计划版本 (record the published version, kind annual_plan)",
)
def year(
    scenario: Path,
    out_dir: Path,
    seed: int | None,
    workers: int | None,
    time_limit: float | None,
    previous: Path | None,
    ledger_path: Path | None,
) -> None:
    """Plan the scenario's quarter and the rest of its year (the help text is HELP)."""
    with running(out_dir):
        from shuangsui.app.year import plan_year
        from shuangsui.app.year_outputs import ANNUAL_FILES, write_year, writer_processes
        from shuangsui.outputs import write_atomically

        started = time.perf_counter()
        loaded = load(scenario)
        published, ledger = _open_inputs(loaded, previous, ledger_path)  # before planning: errors write nothing

        def announce(period: str, q_seed: int) -> Callable[[QuarterRun], None]:
            click.echo(f"求解中 (solving) {period}，种子 {q_seed} … ", err=True, nl=False)
            return lambda run: click.echo(f"{run.result.status.value}，{run.result.wall_time:.2f} 秒", err=True)

        run = plan_year(loaded, seed=seed, workers=workers, time_limit=time_limit, on_quarter=announce)
        outcome: dict = {}

        def write(folder: Path) -> None:
            timings = {"solve": run.wall_time, "total": round(time.perf_counter() - started, 3)}
            outcome.update(write_year(folder, run, published, timings, processes=writer_processes(workers)))

        write_atomically(out_dir, write, owned=(*ANNUAL_FILES, *run.periods))
        violations = _echo_violations(run)
        if run.failed is None:
            _echo_written(run, outcome, out_dir)
            if ledger is not None:
                _record(ledger, out_dir, outcome, violations)
            sys.exit(EXIT_OK if not violations else EXIT_VIOLATIONS)
        if ledger is not None:
            ledger.close()
            click.echo("年度计划未生成，未登记台账 (nothing recorded in the ledger)", err=True)
        sys.exit(_echo_failed(run.failed, out_dir))


def _open_inputs(
    loaded: Scenario, previous: Path | None, ledger_path: Path | None
) -> tuple[dict | None, Ledger | None]:
    """The published version (--previous, of the same year) and the ledger (--ledger); exit 2 if unusable."""
    from shuangsui.app.year import year_of
    from shuangsui.app.year_diff import load_previous

    published = None
    ledger = None
    try:
        if previous is not None:
            published = load_previous(previous, year=year_of(loaded.rules.period))
        if ledger_path is not None:
            from shuangsui.ledger import Ledger

            ledger = Ledger.open(ledger_path)
    except ShuangsuiError as error:
        fail(error)
    return published, ledger


def _echo_violations(run: YearRun) -> int:
    """Print the checker's findings (it ran once per quarter, as the quarter was planned); their count."""
    violations = 0
    for q in run.quarters:
        if q.evaluation is not None:
            for v in q.evaluation.violations:
                violations += 1
                click.echo(f"内部错误 (internal error) {q.period} [{v.rule.value}] {v.message}", err=True)
    return violations


def _echo_written(run: YearRun, outcome: dict[str, Any], out_dir: Path) -> None:
    from shuangsui.app.year_diff import YEAR_JSON

    totals = outcome["totals"]
    share = 100 * (totals["internal_joint_share"] or 0)
    click.echo(
        f"已生成年度计划 (annual plan written): {len(run.quarters)} 个季度，{totals['checks']} 次检查（现场 "
        f"{totals['onsite']}，科技 {totals['offsite']}），内部联合占比 {share:.1f}%"
    )
    if outcome.get("adjustment") is not None:
        click.echo(f"调整内容 (changes): {len(outcome['adjustment']['changes'])} 项，见 调整说明.docx")
    click.echo(f"输出 (outputs): {out_dir}（{YEAR_JSON}、{'、'.join(outcome['documents'])}）")


def _echo_failed(failed: QuarterRun, out_dir: Path) -> int:
    """Say which quarter has no plan and why; the exit code (3 no plan exists, 5 time limit)."""
    from shuangsui.scheduler import SolveStatus

    if failed.result.status is not SolveStatus.INFEASIBLE:
        click.echo(
            f"{failed.period} 在时限内未找到计划 (no plan within the time limit)；可加大 --time-limit 重试", err=True
        )
        return EXIT_TIMEOUT
    click.echo(
        f"全年计划不可行 (no plan for the year): {failed.period} 无可行计划。冲突的规则 (rules in conflict):",
        err=True,
    )
    for c in failed.result.conflicts:
        click.echo(f"  - [{c.rule}] {c.message}", err=True)
    if failed.result.suggestions:
        click.echo("修改建议（均已重新求解验证）(verified suggestions):", err=True)
        for s in failed.result.suggestions:
            click.echo(f"  - [{s.rule}] {s.message}", err=True)
    click.echo(f"年度报告 (report): {out_dir / 'report.html'}；未生成年度抽查计划文件", err=True)
    return EXIT_INFEASIBLE


def _record(ledger: Ledger, out_dir: Path, outcome: dict[str, Any], violations: int) -> None:
    """Record the published version in the ledger (never a plan the checker rejects)."""
    from shuangsui.app.year_ledger import record_annual_plan

    with ledger:
        if violations:
            click.echo("计划未通过独立校验，未登记台账 (nothing recorded in the ledger)", err=True)
            return
        record = record_annual_plan(ledger, out_dir, outcome)
    click.echo(f"已登记台账 (recorded): 第 {record.payload['version']} 版，记录 {record.seq}，哈希 {record.hash}")
