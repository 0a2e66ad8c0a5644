"""`shuangsui compare`."""

from __future__ import annotations

from pathlib import Path

import click

from shuangsui.commands.common import WORKERS, TimeLimit, load, progress, running
from shuangsui.commands.helptext import INTERRUPTED, command_help
from shuangsui.models.errors import EXIT_INVALID, EXIT_OK

HELP = command_help(
    "对比多个场景 (compare)：逐一求解、排序并给出推荐，说明规则差异的代价。",
    "每个场景按 shuangsui plan 的方式求解并经独立校验；按同一标准排序（有计划、执法小组不少于 2 个、"
    "抽取不受人员能力影响、负荷均衡、未编组人员少、内部联合占比高），以第一个场景为基准列出不同的规则及其代价。"
    "写入 DIR：compare.html、compare.xlsx、compare.json。",
    (
        (EXIT_OK, "已写出对比结果，无论各场景是否可行 (files written)"),
        (EXIT_INVALID, "输入有误，未写出任何文件 (invalid input)"),
        *INTERRUPTED,
    ),
    "shuangsui compare scenarios/zhaoxian-2025Q1 scenarios/stress-per-check --out out/compare",
)


@click.command(help=HELP, short_help="对比多个场景并推荐 (compare scenarios, recommend one)")
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="输出目录 (output folder)")
@click.option("--seed", type=click.IntRange(min=0), help="覆盖各场景的公开随机种子 (overrides seed)")
@click.option("--workers", type=WORKERS, help="求解线程数，0 = 全部核心 (workers)")
@click.option("--time-limit", type=TimeLimit(), help="每个场景的求解时限（秒）(time limit per scenario)")
def compare(
    scenarios: tuple[Path, ...], out_dir: Path, seed: int | None, workers: int | None, time_limit: float | None
) -> None:
    """Compare scenarios side by side (the help text is HELP)."""
    from shuangsui.app.compare import alone_changes, change_jobs, compare_runs, costs_of, solve_runs
    from shuangsui.outputs import write_atomically
    from shuangsui.reports.background import Aside
    from shuangsui.reports.chart_helper import chart_helper

    # The chart child is forked first: it imports matplotlib on the other core while this process
    # solves. The rule differences solved alone depend on the inputs only: a second child solves them
    # on the core the scenarios' own solves leave idle (most of them use one), and only there; what it
    # has not finished when they are needed is solved here (`Aside`).
    # The charts are started as soon as the scenarios are solved; the draw shifts, the workbook and
    # the page's writers and compare.json follow here while they are drawn.
    from shuangsui.scheduler import cpsat  # noqa: F401  (before the fork: see commands.plan.helper_first)

    with chart_helper() as helper, running(out_dir):
        loaded = [load(folder) for folder in scenarios]
        changes = alone_changes(loaded)
        alone = Aside(change_jobs(changes, seed=seed, time_limit=time_limit, workers=workers))
        try:
            solved = solve_runs(
                loaded, scenarios, seed=seed, time_limit=time_limit, workers=workers, progress=progress,
                measure_shift=False,
            )  # fmt: skip
            from shuangsui.reports.compare import compare_dict, start_charts, write_compare

            charts = start_charts(solved, helper)
            try:
                measured = [run.with_shift(workers) for run in solved]
                costs = costs_of(changes, alone.results())
                compared = compare_runs(measured, alone=costs, seed=seed, time_limit=time_limit, workers=workers)

                def write(folder: Path) -> None:
                    write_compare(folder, compared, charts)

                write_atomically(out_dir, write)
            finally:
                charts.close()  # a no-op once the charts were collected
        finally:
            alone.close()  # a no-op once its results were collected
    runs = compared.runs
    feasible = sum(1 for run in runs if run.result.plan is not None)
    click.echo(f"已对比 {len(runs)} 个场景，其中 {feasible} 个有可行计划 (compared)")
    words = compare_dict(compared)["recommendation"]
    click.echo(words["best"])
    if words["runner_up"]:
        click.echo(words["runner_up"])
    click.echo(f"输出 (outputs): {out_dir}")
