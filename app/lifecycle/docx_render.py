"""Writing a `Document` as .docx with the Chinese government document conventions.

A4, GB/T 9704 margins, title in 方正小标宋简体, body in 仿宋_GB2312, headings in 黑体 / 楷体_GB2312
(each with east-asian fallbacks set through w:eastAsia), tables with a repeating header row, page
numbers ("— N —") in the footer.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.text.run import Run
from shuangsui.app.lifecycle.document import Document, Figure, Heading, Paragraph, Table

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312"}
# What Word / LibreOffice use when a government font is not installed.
FALLBACK = {"方正小标宋简体": "SimSun", "仿宋_GB2312": "FangSong", "黑体": "SimHei", "楷体_GB2312": "KaiTi"}


def set_font(run: Run, name: str, size: float, bold: bool = False) -> None:
    """Font of a run: ``name`` for east-asian text (w:eastAsia), a fallback for the rest."""
    run.font.name = FALLBACK.get(name, name)
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:hint"), "eastAsia")


def new_document(landscape: bool = False) -> DocxDocument:
    """An empty A4 document (portrait or landscape) with body style and a page-number footer."""
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    if landscape:
        section.top_margin, section.bottom_margin = Mm(25), Mm(20)
        section.left_margin = section.right_margin = Mm(20)
    normal = doc.styles["Normal"]
    normal.font.name = FALLBACK[BODY_FONT]
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer)
    return doc


def _page_number(paragraph) -> None:  # type: ignore[no-untyped-def]
    set_font(paragraph.add_run("— "), "宋体", 14)
    run = paragraph.add_run()
    set_font(run, "宋体", 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text.strip() == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._element.append(el)
    set_font(paragraph.add_run(" —"), "宋体", 14)


def title(doc: DocxDocument, text: str, subtitle: str = "", size: float = 22) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(p.add_run(text), TITLE_FONT, size)
    if subtitle:
        s = doc.add_paragraph()
        s.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(s.add_run(subtitle), "楷体_GB2312", 16)


def heading(doc: DocxDocument, text: str, level: int = 1) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    set_font(p.add_run(text), HEADING_FONTS.get(level, "黑体"), 16, bold=level == 2)


def paragraph(doc: DocxDocument, text: str, size: float = 16) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(2 * size)
    p.paragraph_format.line_spacing = Pt(28 if size >= 16 else size * 1.5)
    set_font(p.add_run(text), BODY_FONT, size)


def table(doc: DocxDocument, headers: tuple[str, ...], rows, size: float = 10.5, widths=None) -> DocxTable:  # type: ignore[no-untyped-def]
    """A bordered table whose first row repeats on every page (w:tblHeader)."""
    t = doc.add_table(rows=1, cols=len(headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = t.rows[0]
    head._tr.get_or_add_trPr().append(_on("w:tblHeader"))
    for cell, text in zip(head.cells, headers, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(cell.paragraphs[0].add_run(str(text)), "黑体", size)
    for row in rows:
        cells = t.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            set_font(cell.paragraphs[0].add_run("" if value is None else str(value)), BODY_FONT, size)
    if widths:
        t.autofit = False
        for column, w in zip(t.columns, widths, strict=True):
            column.width = Mm(w)
        for row in t.rows:
            for cell, w in zip(row.cells, widths, strict=True):
                cell.width = Mm(w)
    return t


def _on(tag: str) -> OxmlElement:
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    return el


def signature(doc: DocxDocument, organisation: str, day: str) -> None:
    for text in ("", organisation, day):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(32)
        set_font(p.add_run(text), BODY_FONT, 16)


def save(doc: DocxDocument, path: Path) -> Path:
    doc.core_properties.author = "shuangsui"
    doc.save(str(path))
    return path


def _widths(block: Table, text_width: float) -> list[float]:
    """Column widths (mm) in proportion to each column's typical text length, within the text width."""
    weights = []
    for n, header in enumerate(block.headers):
        cells = [len(str(row[n])) for row in block.rows] or [0]
        weights.append(min(30, max(len(header), 2, sorted(cells)[len(cells) * 3 // 4])))
    total = sum(weights)
    return [text_width * w / total for w in weights]


def write_docx(path: Path, source: Document) -> Path:
    """The `Document` as .docx (portrait A4; tables in 10.5 pt)."""
    doc = new_document(landscape=source.landscape)
    title(doc, source.title, source.subtitle)
    for block in source.blocks:
        if isinstance(block, Heading):
            heading(doc, block.text, block.level)
        elif isinstance(block, Paragraph):
            paragraph(doc, block.text)
        elif isinstance(block, Table):
            if block.caption:
                cap = doc.add_paragraph()
                cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
                set_font(cap.add_run(block.caption), "黑体", 12)
            table(doc, block.headers, block.rows, widths=_widths(block, 257 if source.landscape else 156))
        elif isinstance(block, Figure):
            doc.add_picture(io.BytesIO(block.png), width=Mm(150))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            cap = doc.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_font(cap.add_run(block.caption), "楷体_GB2312", 12)
    if source.signature[0]:
        signature(doc, *source.signature)
    return save(doc, path)
