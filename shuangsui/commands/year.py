"""`shuangsui year`."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from shuangsui.commands.common import fail, load
from shuangsui.models.errors import EXIT_INFEASIBLE, EXIT_OK, EXIT_TIMEOUT, EXIT_VIOLATIONS, ShuangsuiError

if TYPE_CHECKING:
    from shuangsui.app.year import QuarterRun
    from shuangsui.ledger import Ledger


@click.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="输出目录")
@click.option("--seed", type=click.IntRange(min=0), help="覆盖场景的公开随机种子 (overrides seed)")
@click.option("--workers", type=click.IntRange(min=0), help="求解线程数，0 = 全部核心")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), help="每个季度的求解时限（秒）")
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
    """年度抽查计划 (plan the scenario's quarter and the rest of its year): DIR/2025Q1/ …, year.json,
    annual-plan.xlsx, report.html, 年度抽查计划.docx and its 公开版, with --previous 调整说明.docx.

    Exit 0 when every quarter has a plan, 2 on invalid input (nothing written), 3 when a quarter has
    none (the report names it, the rules in conflict and verified suggestions), 5 when a quarter
    found none within the time limit. With --ledger a feasible year is recorded as a new version.
    """
    from shuangsui.app.year import plan_year
    from shuangsui.app.year_diff import YEAR_JSON, load_previous
    from shuangsui.app.year_outputs import ANNUAL_FILES, write_year, writer_processes
    from shuangsui.outputs import write_atomically
    from shuangsui.scheduler import SolveStatus
    from shuangsui.scheduler.check import check_plan

    started = time.perf_counter()
    loaded = load(scenario)
    published = None
    if previous is not None:
        try:
            published = load_previous(previous)
        except ShuangsuiError as error:
            fail(error)

    ledger = None
    if ledger_path is not None:
        from shuangsui.ledger import Ledger

        try:
            ledger = Ledger.open(ledger_path)  # before planning: a bad ledger writes nothing
        except ShuangsuiError as error:
            fail(error)

    def announce(period: str, q_seed: int) -> Callable[[QuarterRun], None]:
        click.echo(f"求解中 (solving) {period}，种子 {q_seed} … ", err=True, nl=False)
        return lambda run: click.echo(f"{run.result.status.value}，{run.result.wall_time:.2f} 秒", err=True)

    run = plan_year(loaded, seed=seed, workers=workers, time_limit=time_limit, on_quarter=announce)
    outcome: dict = {}

    def write(folder: Path) -> None:
        timings = {"solve": run.wall_time, "total": round(time.perf_counter() - started, 3)}
        outcome.update(write_year(folder, run, published, timings, processes=writer_processes(workers)))

    owned = (*ANNUAL_FILES, *run.periods)
    write_atomically(out_dir, write, owned=owned)
    violations = 0
    for q in run.quarters:
        if q.result.plan is not None:
            for v in check_plan(q.scenario, q.result.plan):
                violations += 1
                click.echo(f"内部错误 (internal error) {q.period} [{v.rule.value}] {v.message}", err=True)
    failed = run.failed
    if failed is None:
        totals = outcome["totals"]
        share = 100 * (totals["internal_joint_share"] or 0)
        click.echo(
            f"已生成年度计划 (annual plan written): {len(run.quarters)} 个季度，{totals['checks']} 次检查（现场 "
            f"{totals['onsite']}，科技 {totals['offsite']}），内部联合占比 {share:.1f}%"
        )
        if ledger is not None:
            _record(ledger, out_dir, outcome, violations)
        if outcome.get("adjustment") is not None:
            click.echo(f"调整内容 (changes): {len(outcome['adjustment']['changes'])} 项，见 调整说明.docx")
        click.echo(f"输出 (outputs): {out_dir}（{YEAR_JSON}、{'、'.join(outcome['documents'])}）")
        sys.exit(EXIT_OK if not violations else EXIT_VIOLATIONS)
    if ledger is not None:
        ledger.close()
        click.echo("年度计划未生成，未登记台账 (nothing recorded in the ledger)", err=True)
    if failed.result.status is SolveStatus.INFEASIBLE:
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
        sys.exit(EXIT_INFEASIBLE)
    click.echo(
        f"{failed.period} 在时限内未找到计划 (no plan within the time limit)；可加大 --time-limit 重试", err=True
    )
    sys.exit(EXIT_TIMEOUT)


def _record(ledger: Ledger, out_dir: Path, outcome: dict[str, Any], violations: int) -> None:
    """Record the published version in the ledger (never a plan the checker rejects)."""
    from shuangsui.app.year_ledger import record_annual_plan

    with ledger:
        if violations:
            click.echo("计划未通过独立校验，未登记台账 (nothing recorded in the ledger)", err=True)
            return
        record = record_annual_plan(ledger, out_dir, outcome)
    click.echo(f"已登记台账 (recorded): 第 {record.payload['version']} 版，记录 {record.seq}，哈希 {record.hash}")
