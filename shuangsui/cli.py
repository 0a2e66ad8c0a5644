"""The `shuangsui` command line (data contract, section 4).

Exit codes: 0 done, 2 invalid input, 3 no plan exists, 4 violations found, 5 no plan within the time
limit. A user mistake never shows a traceback: it is reported with file, row and column.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import click

from models.errors import (
    EXIT_INFEASIBLE,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_VIOLATIONS,
    ShuangsuiError,
)
from shuangsui import __version__

if TYPE_CHECKING:
    from reports.compare import Run

# Every file `shuangsui plan` may write: a rerun into the same folder replaces or removes each.
PLAN_OUTPUTS = ("plan.json", "plan.xlsx", "plan.csv", "report.html", "feasibility.json")


def _fail(error: ShuangsuiError) -> None:
    click.echo(str(error), err=True)
    sys.exit(error.exit_code)


def _load(folder: Path):
    from models.loading import load_scenario

    try:
        return load_scenario(folder)
    except ShuangsuiError as error:
        _fail(error)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="shuangsui")
def main() -> None:
    """双随机、一公开 抽查计划 (shuangsui): plan, check and explain random inspections."""


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
def validate(scenario: Path) -> None:
    """检查场景文件夹 (validate a scenario folder): every problem with file, row and column."""
    from models.summary import summarize

    loaded = _load(scenario)
    click.echo(summarize(loaded))
    click.echo("校验通过 (valid)")


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="输出目录")
@click.option("--seed", type=click.IntRange(min=0), help="覆盖场景的公开随机种子 (overrides seed)")
@click.option("--workers", type=click.IntRange(min=0), help="求解线程数，0 = 全部核心")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), help="求解时限（秒）")
def plan(scenario: Path, out_dir: Path, seed: int | None, workers: int | None, time_limit: float | None) -> None:
    """生成抽查计划 (build the period's plan): plan.json, plan.xlsx, plan.csv, report.html."""
    from reports import write_plan_outputs
    from scheduler import SolveStatus, solve
    from scheduler.check import check_plan
    from shuangsui.outputs import write_atomically

    loaded = _load(scenario)
    click.echo(f"求解中 (solving) {loaded.rules.name} …", err=True)
    result = solve(loaded, seed=seed, time_limit=time_limit, workers=workers)

    def write(folder: Path) -> None:
        if result.plan is not None:
            (folder / "plan.json").write_text(result.plan.to_json(), encoding="utf-8")
        write_plan_outputs(folder, loaded, result)

    write_atomically(out_dir, write, owned=PLAN_OUTPUTS)
    if result.plan is not None:
        violations = check_plan(loaded, result.plan)
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
        click.echo(f"可行性报告 (feasibility report): {out_dir / 'report.html'}", err=True)
        sys.exit(EXIT_INFEASIBLE)
    click.echo(
        f"在 {time_limit or loaded.rules.solver.time_limit:g} 秒时限内未找到计划 (no plan within the time limit)；"
        "可加大 --time-limit 重试",
        err=True,
    )
    sys.exit(EXIT_TIMEOUT)


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.argument("plan_json", type=click.Path(path_type=Path))
def check(scenario: Path, plan_json: Path) -> None:
    """审核计划 (audit a plan, whoever made it): every rule violation."""
    from scheduler.check import evaluate, load_plan

    loaded = _load(scenario)
    try:
        plan_ = load_plan(plan_json)
    except ShuangsuiError as error:
        _fail(error)
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


def _progress(n: int, total: int, label: str) -> Callable[[Run], None]:
    """Print "[n/total] label …" on stderr now and the setting's outcome when it is solved."""
    from reports.compare import STATUS_SHORT

    click.echo(f"[{n}/{total}] {label} … ", err=True, nl=False)

    def done(run: Run) -> None:
        click.echo(f"{STATUS_SHORT[run.result.status.value]}，{run.result.wall_time:.2f} 秒", err=True)

    return done


@main.command()
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="输出目录")
@click.option("--seed", type=click.IntRange(min=0), help="覆盖各场景的公开随机种子 (overrides seed)")
@click.option("--workers", type=click.IntRange(min=0), help="求解线程数，0 = 全部核心")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), help="每个场景的求解时限（秒）")
def compare(
    scenarios: tuple[Path, ...], out_dir: Path, seed: int | None, workers: int | None, time_limit: float | None
) -> None:
    """对比多个场景 (compare scenarios side by side): compare.html, compare.xlsx, compare.json.

    Each scenario is planned as `shuangsui plan` plans it. Exit 0 when the files are written, whether
    or not every scenario has a plan; 2 on invalid input (nothing written).
    """
    from reports.compare import solve_runs, write_compare
    from shuangsui.outputs import write_atomically

    loaded = [_load(folder) for folder in scenarios]
    runs = solve_runs(loaded, scenarios, seed=seed, time_limit=time_limit, workers=workers, progress=_progress)

    def write(folder: Path) -> None:
        write_compare(folder, runs)

    write_atomically(out_dir, write)
    feasible = sum(1 for run in runs if run.result.plan is not None)
    click.echo(f"已对比 {len(runs)} 个场景，其中 {feasible} 个有可行计划 (compared)")
    click.echo(f"输出 (outputs): {out_dir}")


def _list_option(parse: Callable[[str], tuple]) -> Callable[[click.Context, click.Parameter, str | None], tuple | None]:
    """A click callback: the option's text parsed into a tuple, or a usage error (exit 2)."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple | None:
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as error:
            raise click.BadParameter(str(error), ctx=ctx, param=param) from None

    return callback


def _parse_team_sizes(text: str) -> tuple[int, ...]:
    from reports.sweep import parse_team_sizes

    return parse_team_sizes(text)


def _parse_scales(text: str) -> tuple[Fraction, ...]:
    from reports.sweep import parse_scales

    return parse_scales(text)


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option(
    "--team-size",
    "team_sizes",
    metavar="2,3,4",
    required=True,
    callback=_list_option(_parse_team_sizes),
    help="现场检查每组人数，逗号分隔，例如 2,3,4（每个值 ≥ 2）",
)
@click.option(
    "--capacity-scale",
    "scales",
    metavar="0.8,1.0,1.2",
    default="1.0",
    show_default=True,
    callback=_list_option(_parse_scales),
    help="人员检查能力倍数，逗号分隔，例如 0.8,1.0,1.2；上限 × 倍数后四舍五入取整",
)
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="输出目录")
@click.option("--seed", type=click.IntRange(min=0), help="覆盖场景的公开随机种子 (overrides seed)")
@click.option("--workers", type=click.IntRange(min=0), help="求解线程数，0 = 全部核心")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    help="每个设置的求解时限（秒），默认 10 秒（场景时限更短时用场景时限）",
)
def sweep(
    scenario: Path,
    team_sizes: tuple[int, ...],
    scales: tuple[Fraction, ...],
    out_dir: Path,
    seed: int | None,
    workers: int | None,
    time_limit: float | None,
) -> None:
    """调整每组人数与检查能力 (sweep team size x capacity scale): sweep.html, sweep.xlsx, sweep.json.

    One seeded plan per setting (cartesian product). Exit 0 when the files are written, whatever
    the settings' feasibility; 2 on invalid input or option values (nothing written).
    """
    from reports.sweep import SweepInput, run_sweep, setting_time_limit, write_sweep
    from shuangsui.outputs import write_atomically

    loaded = _load(scenario)
    runs = run_sweep(loaded, team_sizes, scales, seed=seed, time_limit=time_limit, workers=workers, progress=_progress)
    si = SweepInput(
        loaded,
        str(scenario),
        team_sizes,
        scales,
        loaded.rules.seed if seed is None else seed,
        setting_time_limit(loaded, time_limit),
    )

    def write(folder: Path) -> None:
        write_sweep(folder, si, runs)

    write_atomically(out_dir, write)
    found = sum(1 for r in runs if r.run.result.plan is not None)
    click.echo(f"已分析 {len(runs)} 种设置，其中 {found} 种有可行计划 (settings with a plan)")
    click.echo(f"输出 (outputs): {out_dir}")


if __name__ == "__main__":
    main()
