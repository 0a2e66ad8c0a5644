"""`shuangsui compare`."""

from __future__ import annotations

from pathlib import Path

import click

from shuangsui.commands.common import load, progress


@click.command()
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
    from shuangsui.app.compare import compare_scenarios
    from shuangsui.outputs import write_atomically
    from shuangsui.reports.compare import compare_dict, write_compare

    loaded = [load(folder) for folder in scenarios]
    compared = compare_scenarios(
        loaded, scenarios, seed=seed, time_limit=time_limit, workers=workers, progress=progress
    )

    def write(folder: Path) -> None:
        write_compare(folder, compared)

    write_atomically(out_dir, write)
    runs = compared.runs
    feasible = sum(1 for run in runs if run.result.plan is not None)
    click.echo(f"已对比 {len(runs)} 个场景，其中 {feasible} 个有可行计划 (compared)")
    words = compare_dict(compared)["recommendation"]
    click.echo(words["best"])
    if words["runner_up"]:
        click.echo(words["runner_up"])
    click.echo(f"输出 (outputs): {out_dir}")
