"""`shuangsui bulletin`."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from shuangsui.commands.common import fail
from shuangsui.commands.helptext import command_help
from shuangsui.models.errors import EXIT_INVALID, EXIT_OK, ShuangsuiError

BULLETIN_FILES = (
    "bulletin.docx",
    "bulletin.html",
    "bulletin.xlsx",
    "results-notice.docx",
    "results-notice.xlsx",
    "results-notice.html",
)


class NoResults(ShuangsuiError):
    exit_code = EXIT_INVALID


HELP = command_help(
    "季度工作通报 (bulletin)：各小组与条线进度、督办名单、问题发现、后续处置与抽查结果公告。",
    "全部数字来自台账中记录的检查结果（不是计划）。写入 DIR：bulletin.docx / .html / .xlsx 与"
    " results-notice.docx / .html / .xlsx（涉密对象不予公开）。",
    ((EXIT_OK, "已写出通报 (written)"), (EXIT_INVALID, "台账或选项有误 (invalid input)")),
    "shuangsui bulletin --ledger out/ledger.sqlite --period 2025Q1 --as-of 2025-02-28 --out out/q1-bulletin",
)


@click.command(help=HELP, short_help="季度工作通报 (quarterly bulletin)")
@click.option("--ledger", "ledger_path", required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--period", required=True, help="期间，如 2025Q1")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="输出目录")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="统计截止日期，默认今天（不晚于季度末）")
@click.option("--organisation", default="生态环境执法大队", show_default=True, help="落款单位")
def bulletin(ledger_path: Path, period: str, out_dir: Path, as_of: object, organisation: str) -> None:
    """季度工作通报与抽查结果公告 (quarterly bulletin and public results notice) from the ledger."""
    from shuangsui.app.lifecycle.bulletin import RESULTS_NOTICE, results_notice, write_bulletin
    from shuangsui.app.lifecycle.bulletin import bulletin as build
    from shuangsui.app.lifecycle.progress import compute
    from shuangsui.app.lifecycle.publish import file_hashes, record_publication, write_notice
    from shuangsui.app.lifecycle.quarter import quarter_bounds
    from shuangsui.app.lifecycle.results import latest_results, recorded_task_list
    from shuangsui.ledger import Ledger
    from shuangsui.outputs import write_atomically

    try:
        try:
            _, end = quarter_bounds(period)
        except ValueError:
            raise NoResults(f"--period: 期间格式应如 2025Q1 (period must look like 2025Q1), got {period!r}") from None
        if not ledger_path.is_file():
            raise NoResults(f"{ledger_path}: 台账文件不存在 (ledger not found)")
        day = as_of.date() if as_of else min(date.today(), end)  # type: ignore[attr-defined]
        with Ledger.open(ledger_path) as ledger:
            problems = ledger.verify_chain()
            if problems:
                raise NoResults("台账校验失败 (ledger chain broken):\n" + "\n".join(f"  - {p}" for p in problems))
            tasks = recorded_task_list(ledger, period)
            if tasks is None:
                raise NoResults(f"台账中没有 {period} 的检查结果 (no results recorded for {period})")
            latest = latest_results(ledger, period)
            corrections = sum(
                len(r.payload.get("corrections", []))
                for r in ledger.records("results")
                if r.payload.get("period") == period
            )
            figures = compute(tasks, latest, day, corrections)
            doc = build(tasks, figures, organisation, date.today())
            notice, withheld = results_notice(tasks, latest, day, organisation, date.today())

            def write(folder: Path) -> None:
                write_bulletin(folder, doc)
                write_notice(folder, RESULTS_NOTICE, notice)

            write_atomically(out_dir, write, owned=BULLETIN_FILES)
            hashes = file_hashes([out_dir / f"{RESULTS_NOTICE}.{ext}" for ext in ("docx", "xlsx", "html")])
            record = record_publication(
                ledger, "results_notice", tasks, hashes, as_of=day.isoformat(), withheld_confidential=withheld
            )
    except ShuangsuiError as error:
        fail(error)
    click.echo(
        f"季度工作通报 (bulletin) 截至 {day}：计划 {figures.planned}，已完成 {figures.done}，"
        f"发现问题 {figures.findings}，督办 {len(figures.behind)} 个小组"
    )
    click.echo(f"抽查结果公告已记入台账 #{record.seq} (results notice recorded)；输出 (outputs): {out_dir}")
    sys.exit(EXIT_OK)
