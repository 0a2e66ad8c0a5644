"""`shuangsui sweep`."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import click

from shuangsui.commands.common import WORKERS, TimeLimit, list_option, load, progress, running
from shuangsui.commands.helptext import INTERRUPTED, command_help
from shuangsui.models.errors import EXIT_INVALID, EXIT_OK


def _parse_team_sizes(text: str) -> tuple[int, ...]:
    from shuangsui.app.sweep import parse_team_sizes

    return parse_team_sizes(text)


def _parse_scales(text: str) -> tuple[Fraction, ...]:
    from shuangsui.app.sweep import parse_scales

    return parse_scales(text)


HELP = command_help(
    "调整每组人数与检查能力 (sweep)：逐一求解每种设置，推荐每组人数。",
    "对 --team-size 与 --capacity-scale 的每种组合按公开随机种子求解一次；按同一标准排序（有计划、"
    "执法小组不少于 2 个、抽取不受人员能力影响、负荷均衡、未编组人员少、内部联合占比高），"
    "给出推荐与次选及理由。写入 DIR：sweep.html、sweep.xlsx、sweep.json。",
    (
        (EXIT_OK, "已写出分析结果，无论各设置是否可行 (files written)"),
        (EXIT_INVALID, "输入或选项有误，未写出任何文件 (invalid input)"),
        *INTERRUPTED,
    ),
    "shuangsui sweep scenarios/zhaoxian-2025Q1 --team-size 2,3,4 --out out/sweep",
)


@click.command(help=HELP, short_help="调整每组人数与检查能力并推荐 (sweep team size, recommend one)")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option(
    "--team-size",
    "team_sizes",
    metavar="2,3,4",
    required=True,
    callback=list_option(_parse_team_sizes),
    help="现场检查每组人数，逗号分隔，例如 2,3,4（每个值 ≥ 2）",
)
@click.option(
    "--capacity-scale",
    "scales",
    metavar="0.8,1.0,1.2",
    default="1.0",
    show_default=True,
    callback=list_option(_parse_scales),
    help="人员检查能力倍数，逗号分隔，例如 0.8,1.0,1.2；上限 × 倍数后四舍五入取整",
)
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="输出目录 (output folder)")
@click.option("--seed", type=click.IntRange(min=0), help="覆盖场景的公开随机种子 (overrides seed)")
@click.option("--workers", type=WORKERS, help="求解线程数，0 = 全部核心")
@click.option(
    "--time-limit",
    type=TimeLimit(),
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
    """Sweep team size x capacity scale (the help text is HELP)."""
    from shuangsui.app.sweep import sweep as run_sweep
    from shuangsui.outputs import write_atomically
    from shuangsui.reports.chart_helper import chart_helper

    # The chart child is forked first: it imports matplotlib on the other core while this process solves.
    # The writers are imported once the settings are solved (XlsxWriter and jinja2 while the charts are drawn).
    from shuangsui.scheduler import cpsat  # noqa: F401  (before the fork: see commands.plan.helper_first)

    with chart_helper() as charts, running(out_dir):
        loaded = load(scenario)
        swept = run_sweep(
            loaded,
            str(scenario),
            team_sizes,
            scales,
            seed=seed,
            time_limit=time_limit,
            workers=workers,
            progress=progress,
        )
        from shuangsui.reports.sweep import sweep_dict, write_sweep

        def write(folder: Path) -> None:
            write_sweep(folder, swept, helper=charts)

        write_atomically(out_dir, write)
    found = sum(1 for r in swept.runs if r.run.result.plan is not None)
    click.echo(f"已分析 {len(swept.runs)} 种设置，其中 {found} 种有可行计划 (settings with a plan)")
    words = sweep_dict(swept)["recommendation"]
    click.echo(words["best"])
    if words["runner_up"]:
        click.echo(words["runner_up"])
    click.echo(f"输出 (outputs): {out_dir}")
