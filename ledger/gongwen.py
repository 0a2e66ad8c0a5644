"""A small .docx writer in Chinese government document style (党政机关公文格式, GB/T 9704).

A4; margins 37/35/28/26 mm; title 方正小标宋简体 二号 (22 pt) centred; body 仿宋_GB2312 三号 (16 pt),
first-line indent of two characters, fixed 28 pt line spacing; level-1 headings 黑体, level-2 楷体_GB2312;
page numbers "— n —" in the footer (宋体 四号); tables whose header row repeats on every page.
Each Chinese font is set on w:eastAsia with a fallback for the Latin text, so Word, WPS and
LibreOffice pick a CJK font even where the official one is not installed.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312"}
LATIN_FONT = "Times New Roman"


def _font(run: Run, east_asia: str, size: float, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


class GongwenDocument:
    """Build a notice paragraph by paragraph, then `save` it."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        normal = self.doc.styles["Normal"]
        normal.font.name = LATIN_FONT
        normal.font.size = Pt(16)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
        self._page_numbers(section.footer.paragraphs[0])

    @staticmethod
    def _page_numbers(paragraph: Paragraph) -> None:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run("— "), "宋体", 14)
        run = paragraph.add_run()
        _font(run, "宋体", 14)
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                field = OxmlElement("w:fldChar")
                field.set(qn("w:fldCharType"), kind)
            else:
                field = OxmlElement("w:instrText")
                field.set(qn("xml:space"), "preserve")
                field.text = text
            run._element.append(field)
        _font(paragraph.add_run(" —"), "宋体", 14)

    def _paragraph(self, indent: bool = True) -> Paragraph:
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28)
        fmt.space_before = fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = Pt(32)
        return p

    def title(self, text: str) -> None:
        p = self._paragraph(indent=False)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.line_spacing = Pt(36)
        p.paragraph_format.space_after = Pt(28)
        _font(p.add_run(text), TITLE_FONT, 22)

    def heading(self, text: str, level: int = 1) -> None:
        _font(self._paragraph().add_run(text), HEADING_FONTS[level], 16)

    def body(self, text: str, mono: str | None = None) -> None:
        p = self._paragraph()
        _font(p.add_run(text), BODY_FONT, 16)
        if mono:
            p.add_run().add_break()
            run = p.add_run(mono)
            _font(run, BODY_FONT, 12)
            run.font.name = "Courier New"

    def signature(self, *lines: str) -> None:
        for line in lines:
            p = self._paragraph(indent=False)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _font(p.add_run(line), BODY_FONT, 16)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        head = table.rows[0]
        head._tr.get_or_add_trPr().append(_on("w:tblHeader"))
        for cell, text in zip(head.cells, header, strict=True):
            _font(cell.paragraphs[0].add_run(text), HEADING_FONTS[1], 12)
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                _font(cell.paragraphs[0].add_run(text), BODY_FONT, 12)

    def save(self, path: Path) -> None:
        self.doc.save(str(path))


def _on(tag: str) -> BaseOxmlElement:
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    return element
