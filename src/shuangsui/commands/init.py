"""`shuangsui init`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from shuangsui.commands.helptext import command_help
from shuangsui.models.errors import EXIT_INVALID, EXIT_OK

HELP = command_help(
    "新建场景文件夹 (init)：从模板生成 scenario.toml 与空白名录表，供粘贴本单位数据。",
    "在 DIR 中写出带中文注释的 scenario.toml（赵县 2025 年实施方案的规则为默认值），objects.csv、"
    "inspectors.csv、items.csv、conflicts.csv、history.csv（只有中文表头，没有示例行），以及示例.xlsx"
    "（每张表一页，含示例行，程序不读取）。DIR 须不存在或为空文件夹，已有文件不会被覆盖。",
    (
        (EXIT_OK, "已新建 (folder created)"),
        (EXIT_INVALID, "DIR 已存在且不为空，未写出任何文件 (folder not empty)"),
    ),
    "shuangsui init zhaoxian-2025Q2",
)


@click.command(help=HELP, short_help="新建场景文件夹 (new scenario folder from the templates)")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Create a scenario folder from the templates (the help text is HELP)."""
    from shuangsui.app.new_scenario import write_new_scenario
    from shuangsui.outputs import write_atomically

    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        click.echo(f"{folder}: 已存在且不为空，未写出任何文件 (exists and is not empty)", err=True)
        sys.exit(EXIT_INVALID)
    write_atomically(folder, write_new_scenario)
    click.echo(f"已新建场景文件夹 (created): {folder}")
    click.echo("下一步：按实施方案修改 scenario.toml，把名录库导出数据粘贴到各 CSV（保留第一行表头），")
    click.echo(f"然后运行 shuangsui validate {folder}。示例行见 示例.xlsx。")
    sys.exit(EXIT_OK)
