"""The commitment notice (抽取前公告): what the draw depends on, published before the seed exists."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from shuangsui.ledger.core import Record
from shuangsui.ledger.seed import MAX_DIGITS
from shuangsui.reports import govdoc

BEIJING = timezone(timedelta(hours=8))
COUNT_LABELS = {
    "objects": "检查对象名录库（家）",
    "inspectors": "执法检查人员名录库（人）",
    "items": "随机抽查事项（项）",
    "conflicts": "回避关系（条）",
    "history": "历史检查记录（条）",
}


def beijing_time(iso: str) -> str:
    """An ISO UTC time as 2025年3月20日 10:00:00（北京时间）."""
    t = datetime.fromisoformat(iso).astimezone(BEIJING)
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M:%S}（北京时间）"


@dataclass(frozen=True)
class Section:
    heading: str
    text: str
    mono: str | None = None


def commit_sections(record: Record) -> tuple[str, list[Section], list[list[str]]]:
    """Title, body sections and the population table of a commit record's notice."""
    p = record.payload
    title = f"关于{p['scenario']}“双随机、一公开”抽查抽取依据和随机种子产生方式的公告"
    sections = [
        Section(
            "",
            f"为保证{p['period']}期间“双随机、一公开”抽查的检查对象和执法检查人员抽取公开、公正、可复核，"
            "现在随机种子产生之前，将本次抽取所依据的全部输入数据的摘要和随机种子的产生方式公告如下。"
            "公告之后输入数据不得改动，抽取只能使用按下述方式产生的种子。",
        ),
        Section(
            "一、输入数据摘要",
            "检查对象名录库、执法检查人员名录库、随机抽查事项清单、回避关系、历史检查记录和抽查规则"
            "（抽查比例、信用风险倍率、联合检查要求、回避规则等）的 SHA-256 摘要为：",
            p["input_digest"],
        ),
        Section("二、数据范围", "本次抽取的数据范围见下表；名录库按规定另行公开。"),
        Section(
            "三、随机种子产生方式",
            f"{p['seed_source']}。种子按以下规则换算：只由数字组成的一组数字（如逐个掷骰所得，"
            f"最多 {MAX_DIGITS} 位）即为种子；多方各自提供的数字或文字，按每个值后加换行符连接，"
            "取其 SHA-256 摘要的前 15 位十六进制数换算为整数作为种子。",
        ),
        Section(
            "四、公告时间和台账记录",
            f"本公告于 {beijing_time(record.time)} 记入抽取台账，记录序号 {record.seq}，记录哈希：",
            record.hash,
        ),
        Section(
            "五、复核方法",
            "任何人可使用公开的输入数据和公开的种子，以同一版本的求解器（OR-Tools "
            f"{p['ortools']}）运行 shuangsui verify 重新推演抽取结果，并与公布的抽查计划逐字节比对。",
        ),
    ]
    rows = [[label, str(p["counts"][key])] for key, label in COUNT_LABELS.items()]
    return title, sections, rows


def write_commit_notice(record: Record, folder: Path) -> list[Path]:
    """Write notice.html and notice.docx for a commit record into `folder`; return their paths."""
    title, sections, rows = commit_sections(record)
    issued = datetime.fromisoformat(record.time).astimezone(BEIJING).date()
    signature = [record.payload["scenario"], govdoc.chinese_date(issued)]
    doc = govdoc.new_document(title)
    parts = ['<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">', f"<title>{html.escape(title)}</title>"]
    parts.append(f"<style>{CSS}</style></head><body><main><h1>{html.escape(title)}</h1>")
    for section in sections:
        if section.heading:
            govdoc.heading(doc, section.heading, 1, numbered=False)  # the headings carry their 一、二、…
            parts.append(f"<h2>{html.escape(section.heading)}</h2>")
        body = govdoc.paragraph(doc, section.text)
        if section.mono:  # a digest or hash: monospaced, allowed to break anywhere
            body.add_run(section.mono).font.name = MONO_FONT
        mono = f'<br><code class="digest">{html.escape(section.mono)}</code>' if section.mono else ""
        parts.append(f"<p>{html.escape(section.text)}{mono}</p>")
        if section.heading.startswith("二"):
            govdoc.table(doc, ["项目", "数量"], rows)
            cells = "".join(f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td></tr>" for a, b in rows)
            parts.append(f"<table><thead><tr><th>项目</th><th>数量</th></tr></thead><tbody>{cells}</tbody></table>")
    govdoc.signature(doc, signature[0], issued)
    parts.append("".join(f'<p class="sign">{html.escape(s)}</p>' for s in signature))
    parts.append("</main></body></html>\n")
    paths = [folder / "notice.html", folder / "notice.docx"]
    paths[0].write_text("".join(parts), encoding="utf-8")
    govdoc.save(doc, paths[1])
    return paths


MONO_FONT = "Courier New"
CSS = """
body { font-family: "FangSong", "仿宋_GB2312", "仿宋", "Noto Serif CJK SC", "Noto Sans CJK SC", serif;
  font-size: 16pt; line-height: 1.75; background: #f4f4f4; margin: 0; }
main { max-width: 156mm; margin: 2em auto; padding: 25mm 26mm; background: #fff; }
h1 { font-family: "方正小标宋简体", "Noto Serif CJK SC", "SimSun", serif; font-size: 22pt; text-align: center;
  font-weight: normal; color: #c00; }
h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal;
  margin: .5em 0 0; }
p { text-indent: 2em; margin: 0; }
code.digest { font-family: "DejaVu Sans Mono", monospace; font-size: 11pt; word-break: break-all; }
table { border-collapse: collapse; margin: .5em auto; font-size: 12pt; }
th, td { border: 1px solid #000; padding: 2px 12px; }
p.sign { text-align: right; }
"""
