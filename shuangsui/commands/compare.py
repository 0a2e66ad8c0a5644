"""`shuangsui compare`."""

from __future__ import annotations

from pathlib import Path

import click

from shuangsui.commands.common import WORKERS, TimeLimit, load, progress, running


@click.command()
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="输出目录")
@click.option("--seed", type=click.IntRange(min=0), help="覆盖各场景的公开随机种子 (overrides seed)")
@click.option("--workers", type=WORKERS, help="求解线程数，0 = 全部核心")
@click.option("--time-limit", type=TimeLimit(), help="每个场景的求解时限（秒）")
def compare(
    scenarios: tuple[Path, ...], out_dir: Path, seed: int | None, workers: int | None, time_limit: float | None
) -> None:
    """对比多个场景 (compare scenarios side by side): compare.html, compare.xlsx, compare.json.

    Each scenario is planned as `shuangsui plan` plans it. Exit 0 when the files are written, whether
    or not every scenario has a plan; 2 on invalid input (nothing written); 130 / 143 on Ctrl-C /
    SIGTERM (`--out` unchanged).
    """
    from shuangsui.outputs import write_atomically
    from shuangsui.reports.compare import solve_runs, write_compare

    with running(out_dir):
        loaded = [load(folder) for folder in scenarios]
        runs = solve_runs(loaded, scenarios, seed=seed, time_limit=time_limit, workers=workers, progress=progress)

        def write(folder: Path) -> None:
            write_compare(folder, runs)

        write_atomically(out_dir, write)
    feasible = sum(1 for run in runs if run.result.plan is not None)
    click.echo(f"已对比 {len(runs)} 个场景，其中 {feasible} 个有可行计划 (compared)")
    click.echo(f"输出 (outputs): {out_dir}")
