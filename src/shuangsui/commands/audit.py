"""`shuangsui audit`."""

from __future__ import annotations

from pathlib import Path

import click

from shuangsui.commands.common import TimeLimit, cluster_options, load, running
from shuangsui.commands.helptext import INTERRUPTED, command_help
from shuangsui.models.errors import EXIT_INFEASIBLE, EXIT_INVALID, EXIT_OK, EXIT_TIMEOUT

MAX_SEEDS = 1_000_000

HELP = command_help(
    "抽取公平性审计 (audit)：按 N 个种子分别求解，检验每个对象是否得到公平的抽中机会。",
    "由场景的公开种子导出 N 个种子（规则见 README），在 Dask 集群上并行求解（默认本机 LocalCluster，"
    "--scheduler 指向已有集群；任务只携带场景文件内容，worker 无需共享文件系统）。统计每个对象在信用风险抽取中的"
    "抽中频率与所在层的公平抽中率（应抽数 ÷ 可抽对象数）、每层的卡方检验 p 值（按不放回抽取校正）、各对象组"
    "（稀缺专业、回避关系、近期已查、现场/非现场、联合检查部门、定向抽查范围）的实际 ÷ 期望与 z 值；"
    "|z| > 3 的组和 p < 0.001 的层被标记（audit.json 的 flagged），并指出起作用的规则。"
    "写入 DIR：audit.html、audit.xlsx、audit.json。",
    (
        (EXIT_OK, "已写出审计结果，无论是否发现偏差 (files written)"),
        (EXIT_INVALID, "输入、选项或集群有误（如 worker 版本不同），未写出任何文件 (invalid input)"),
        (EXIT_INFEASIBLE, "场景不存在可行计划，无法审计，未写出任何文件 (no plan exists)"),
        (EXIT_TIMEOUT, "时限内未找到计划，无法审计，未写出任何文件 (no plan within the time limit)"),
        *INTERRUPTED,
    ),
    "shuangsui audit scenarios/zhaoxian-2025Q1 --seeds 1000 --out out/audit",
)


@click.command(help=HELP, short_help="抽取公平性审计 (inclusion audit over N seeds, on Dask)")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option(
    "--seeds", "n_seeds", required=True, type=click.IntRange(min=2, max=MAX_SEEDS), help="种子数 N (number of seeds)"
)
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="输出目录 (output folder)")
@cluster_options("每个种子")
@click.option("--time-limit", type=TimeLimit(), help="每个种子的求解时限（秒），默认用场景时限")
def audit(
    scenario: Path,
    n_seeds: int,
    out_dir: Path,
    scheduler: str | None,
    local_workers: int | None,
    workers_per_task: int,
    time_limit: float | None,
) -> None:
    """Audit the draw's fairness over N seeds (the help text is HELP)."""
    with running(out_dir, solving=False):  # the searches run on the Dask workers, which the run stops itself
        from shuangsui.app.audit import run_audit
        from shuangsui.app.cluster import cluster, scenario_files
        from shuangsui.outputs import write_atomically
        from shuangsui.reports.audit import audit_dict, write_audit

        loaded = load(scenario)
        files = scenario_files(scenario)
        where = scheduler or f"本机 LocalCluster（{local_workers or '全部核心'} 个 worker）"
        click.echo(f"审计 (audit) {loaded.rules.name}：{n_seeds} 个种子，集群 {where} …", err=True)
        with cluster(scheduler, local_workers) as client:
            audited = run_audit(
                client, files, str(scenario), loaded, n_seeds, workers_per_task=workers_per_task, time_limit=time_limit
            )

        def write(folder: Path) -> None:
            write_audit(folder, audited)

        write_atomically(out_dir, write)
    data = audit_dict(audited)
    rate = data["timings"]["plans_per_second"]
    click.echo(f"已求解 {data['planned']}/{data['seeds']} 个种子，{rate} 个计划/秒 (plans per second)")
    if data["flagged"]:
        click.echo(f"发现偏差 (flagged): {len(data['flagged'])} 项")
        for f in data["flagged"]:
            click.echo(f"  - {f['name_zh']}：{f['reason_zh']}；{f['binding_zh']}")
    else:
        click.echo("未发现偏差 (nothing flagged)：各层与各对象组的抽中频率均与公平抽中率一致")
    click.echo(f"输出 (outputs): {out_dir}")
