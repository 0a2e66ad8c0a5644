"""Writing a `Document` as .docx through `shuangsui.reports.govdoc` (GB/T 9704 公文 layout).

govdoc gives A4 portrait with the 公文 fonts, numbered headings, PAGE footers and tables whose
header row repeats; wide tables (notices, task sheets) turn the section to A4 landscape here.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from shuangsui.app.lifecycle.document import Document, Figure, Heading, Paragraph, Table
from shuangsui.reports import govdoc

PORTRAIT_TEXT_MM = 156.0  # A4 portrait text width with the 公文 margins
LANDSCAPE_TEXT_MM = 257.0  # A4 landscape with 20 mm margins


def landscape(doc: DocxDocument) -> None:
    """Turn the (only) section to A4 landscape with 20 mm side margins."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    section.left_margin = section.right_margin = Mm(20)
    section.footer_distance = Mm(12)


def widths(block: Table, text_width: float) -> list[float]:
    """Column widths (mm) in proportion to each column's typical text length, within the text width."""
    weights = []
    for n, header in enumerate(block.headers):
        cells = sorted(len(str(row[n])) for row in block.rows) or [0]
        weights.append(min(30, max(len(header) + 1, 3, cells[len(cells) * 3 // 4])))
    total = sum(weights)
    return [text_width * w / total for w in weights]


def write_docx(path: Path, source: Document) -> Path:
    """The `Document` as a 公文 .docx (A4; landscape when `source.landscape`)."""
    doc = govdoc.new_document(source.title, source.subtitle or None)
    if source.landscape:
        landscape(doc)
    text_width = LANDSCAPE_TEXT_MM if source.landscape else PORTRAIT_TEXT_MM
    for block in source.blocks:
        if isinstance(block, Heading):
            govdoc.heading(doc, block.text, block.level)
        elif isinstance(block, Paragraph):
            govdoc.paragraph(doc, block.text)
        elif isinstance(block, Table):
            govdoc.table(doc, block.headers, block.rows, widths(block, text_width), block.caption or None)
        elif isinstance(block, Figure):
            doc.add_picture(io.BytesIO(block.png), width=Mm(min(150.0, text_width)))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            caption = govdoc.paragraph(doc, block.caption, indent=False)
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if source.signature[0]:
        govdoc.signature(doc, *source.signature)
    return govdoc.save(doc, path)
