"""`shuangsui batch`."""

from __future__ import annotations

from pathlib import Path

import click

from shuangsui.commands.common import TimeLimit, cluster_options, running
from shuangsui.commands.helptext import INTERRUPTED, command_help
from shuangsui.models.errors import EXIT_INVALID, EXIT_OK

HELP = command_help(
    "批量编制抽查计划 (batch)：一次为一个市或省的每个县编制计划。",
    "DIR 下每个子文件夹是一个县的场景；在 Dask 集群上并行求解（默认本机 LocalCluster，--scheduler 指向已有集群；"
    "任务只携带场景文件内容，worker 无需共享文件系统）。每个县的输出写入 OUT/子文件夹名/，与 shuangsui plan "
    "写出的文件相同；OUT 下另有汇总 summary.html、summary.xlsx、summary.json：各县可行性与退出码（0/2/3/4/5，"
    "与 plan 相同）、冲突的规则与经验证的修改建议、分类抽查数、联合抽查占比、人员负荷、求解用时。"
    "某县输入有误、不可行或超时不影响其他县。",
    (
        (EXIT_OK, "已写出各县结果与汇总，无论各县是否可行 (files written)"),
        (EXIT_INVALID, "DIR 没有场景子文件夹、选项或集群有误，未写出任何文件 (invalid input)"),
        *INTERRUPTED,
    ),
    "shuangsui batch scenarios/province --out out/province",
)


@click.command(help=HELP, short_help="批量编制各县抽查计划 (plan every county of a folder, on Dask)")
@click.argument("batch_dir", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="输出目录 (output folder)")
@cluster_options("每个县")
@click.option("--time-limit", type=TimeLimit(), help="每个县的求解时限（秒），默认用各县场景的时限")
def batch(
    batch_dir: Path,
    out_dir: Path,
    scheduler: str | None,
    local_workers: int | None,
    workers_per_task: int,
    time_limit: float | None,
) -> None:
    """Plan every county folder under DIR (the help text is HELP)."""
    with running(out_dir, solving=False):  # the searches run on the Dask workers, which the run stops itself
        from shuangsui.app.batch import county_folders, run_batch
        from shuangsui.app.cluster import cluster
        from shuangsui.outputs import write_atomically
        from shuangsui.reports.batch import EXIT_ZH, write_batch

        folders = county_folders(batch_dir)  # exit 2 before any cluster starts
        where = scheduler or f"本机 LocalCluster（{local_workers or '全部核心'} 个 worker）"
        click.echo(f"批量 (batch) {len(folders)} 个县，集群 {where} …", err=True)
        with cluster(scheduler, local_workers) as client:
            done = run_batch(client, batch_dir, workers=workers_per_task, time_limit=time_limit)

        def write(folder: Path) -> None:
            write_batch(folder, done)

        write_atomically(out_dir, write, owned=[c.folder for c in done.counties])
    for c in done.counties:
        line = f"  [{c.exit_code}] {c.folder}：{EXIT_ZH.get(c.exit_code, '')}"
        if c.error:
            line += f"：{c.error.splitlines()[0]}"
        click.echo(line)
    planned = sum(1 for c in done.counties if c.exit_code == 0)
    click.echo(f"已完成 {len(done.counties)} 个县，其中 {planned} 个生成计划 (counties planned)")
    click.echo(f"输出 (outputs): {out_dir}")
