"""A small document model rendered three ways: self-contained HTML, Excel (a sheet per table), .docx.

The notices and the bulletin are built once as a `Document` (title, headings, paragraphs, tables,
figures, signature) and then written by `write_html`, `write_xlsx` and `docx_render.write_docx`, so
the three files always say the same thing.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, StrictUndefined, select_autoescape

Cell = str | int | float


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    """A table; `sheet` names its worksheet in the .xlsx (tables without one stay out of it)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    sheet: str | None = None


@dataclass(frozen=True)
class Figure:
    png: bytes
    caption: str


Block = Heading | Paragraph | Table | Figure


@dataclass
class Document:
    title: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)
    signature: tuple[str, str] = ("", "")  # (organisation, ISO date)
    landscape: bool = False  # wide tables (notices): A4 landscape in the .docx

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def text(self) -> str:
        """Every character of the document (for the embedded font subset)."""
        parts = [self.title, self.subtitle, self.signature[0], "年月日"]
        for b in self.blocks:
            if isinstance(b, Heading | Paragraph):
                parts.append(b.text)
            elif isinstance(b, Table):
                parts += [b.caption, *b.headers, *(str(c) for row in b.rows for c in row)]
            elif isinstance(b, Figure):
                parts.append(b.caption)
        return "".join(parts)


_HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{{ doc.title }}</title>
<style>
{{ font_face }}
body { font-family: 'ReportCJK', 'Noto Sans CJK SC', sans-serif; max-width: 1100px; margin: 2em auto;
       padding: 0 1.5em; color: #1a1a1a; line-height: 1.6; }
h1 { text-align: center; font-size: 1.6em; margin-bottom: .2em; }
.subtitle { text-align: center; color: #555; margin-top: 0; }
h2 { font-size: 1.2em; border-left: 4px solid #1f4e79; padding-left: .5em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin-top: 1.2em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0 1em; font-size: .9em; }
th, td { border: 1px solid #9aa5b1; padding: .25em .5em; vertical-align: top; }
th { background: #e8eef5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: .3em 0; }
figure { margin: 1em 0; text-align: center; }
figure img { max-width: 100%; }
figcaption { color: #444; font-size: .9em; }
.signature { text-align: right; margin-top: 2.5em; }
</style>
</head>
<body>
<h1>{{ doc.title }}</h1>
{% if doc.subtitle %}<p class="subtitle">{{ doc.subtitle }}</p>{% endif %}
{% for b in doc.blocks %}
{% if b.__class__.__name__ == "Heading" %}<h{{ b.level + 1 }}>{{ b.text }}</h{{ b.level + 1 }}>
{% elif b.__class__.__name__ == "Paragraph" %}<p>{{ b.text }}</p>
{% elif b.__class__.__name__ == "Table" %}<table>{% if b.caption %}<caption>{{ b.caption }}</caption>{% endif %}
<thead><tr>{% for h in b.headers %}<th>{{ h }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in b.rows %}<tr>{% for c in row %}
<td{% if c is number %} class="num"{% endif %}>{{ c }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>
{% else %}<figure><img alt="{{ b.caption }}" src="data:image/png;base64,{{ b64(b.png) }}">
<figcaption>{{ b.caption }}</figcaption></figure>
{% endif %}
{% endfor %}
{% if doc.signature[0] %}
<p class="signature">{{ doc.signature[0] }}<br>{{ chinese_date(doc.signature[1]) }}</p>
{% endif %}
</body>
</html>
"""


def render_html(doc: Document) -> str:
    """One self-contained HTML page: CSS, the CJK font subset and the charts are inline."""
    from shuangsui.reports.fonts import css_font_face
    from shuangsui.reports.govdoc import chinese_date

    env = Environment(autoescape=select_autoescape(default=True), undefined=StrictUndefined, trim_blocks=True)
    env.globals["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    env.globals["chinese_date"] = chinese_date
    return env.from_string(_HTML).render(doc=doc, font_face=css_font_face(doc.text() + "0123456789%"))


def write_html(path: Path, doc: Document) -> Path:
    Path(path).write_text(render_html(doc), encoding="utf-8")
    return path


def write_xlsx(path: Path, doc: Document) -> Path:
    """A worksheet per table that names a sheet: the document's title, the caption, then the table."""
    from openpyxl import Workbook  # imported here: plan, which never writes these, does not pay for it
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for block in doc.blocks:
        if not isinstance(block, Table) or block.sheet is None:
            continue
        ws = wb.create_sheet(block.sheet[:31])
        ws.append([doc.title])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([block.caption or doc.subtitle])
        ws.append(list(block.headers))
        for cell in ws[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
        for row in block.rows:
            ws.append(list(row))
        for n, header in enumerate(block.headers, start=1):
            longest = max([len(str(header)), *(len(str(r[n - 1])) for r in block.rows)])
            ws.column_dimensions[ws.cell(row=3, column=n).column_letter].width = min(50, 4 + 1.6 * longest)
        ws.freeze_panes = "A4"
        ws.print_title_rows = "3:3"
    if not wb.worksheets:
        wb.create_sheet("说明").append([doc.title])
    wb.save(path)
    return path
