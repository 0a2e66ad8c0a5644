"""Chinese government documents (公文) with python-docx, in the layout of GB/T 9704-2012.

A small API for every formal document shuangsui writes (annual plan, adjustments, notices, task
sheets, bulletins)::

    doc = new_document("某某局2025年度“双随机、一公开”抽查计划")
    heading(doc, "抽查依据", 1)            # 一、抽查依据   (黑体 三号)
    heading(doc, "抽查事项", 2)            # （一）抽查事项 (楷体_GB2312 三号)
    paragraph(doc, "根据……，制定本计划。")  # 仿宋_GB2312 三号, first line indented two characters
    table(doc, ["季度", "抽查数"], [["一季度", 12]], widths=[40, 30])  # widths in mm
    signature(doc, "某某局", date(2025, 2, 15))
    save(doc, path)

Layout: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体 二号
centred; body 仿宋_GB2312 三号 with a fixed line spacing of 28 pt; page numbers "— 1 —" in 宋体
四号 in the footer (odd pages right, even pages left, one character in from the edge); tables 仿宋_GB2312
五号 with a 黑体 header row that repeats on every page (w:tblHeader). Chinese fonts are set on the
east-asian slot (w:eastAsia) and registered in the font table with a fallback (w:altName, GB2312
charset), so Word and WPS substitute 仿宋 / 楷体 / 宋体 where the _GB2312 fonts are not installed.
Headings are numbered from the document itself (一、 / （一） / 1. / （1）), so no state is kept
outside the Document. `save` writes fixed zip timestamps: the same content gives the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from docx import Document as open_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Emu, Inches, Mm, Pt
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

__all__ = [
    "FONT_BODY",
    "FONT_H1",
    "FONT_H2",
    "FONT_TITLE",
    "STYLE_BODY",
    "STYLE_HEADINGS",
    "STYLE_TITLE",
    "chinese_date",
    "chinese_numeral",
    "heading",
    "new_document",
    "page_break",
    "paragraph",
    "save",
    "signature",
    "table",
]

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE = "宋体"
FONT_LATIN = "Times New Roman"
# Fallbacks (w:altName) for machines without the GB2312-era fonts.
FALLBACKS = {FONT_TITLE: "宋体", FONT_BODY: "仿宋", FONT_H2: "楷体", FONT_H1: "SimHei", FONT_PAGE: "SimSun"}

# Chinese type sizes (字号) in points.
SIZE_2 = 22.0  # 二号
SIZE_3 = 16.0  # 三号
SIZE_4 = 14.0  # 四号
SIZE_5 = 10.5  # 五号
LINE = 28.0  # fixed line spacing of the body (22 lines per page)
INDENT = 2 * SIZE_3  # two characters

STYLE_TITLE = "GovTitle"
STYLE_BODY = "GovBody"
STYLE_HEADINGS = {1: "GovHeading1", 2: "GovHeading2", 3: "GovHeading3", 4: "GovHeading4"}
STYLE_TABLE_TEXT = "GovTableText"
STYLE_TABLE_HEAD = "GovTableHead"
STYLE_SIGNATURE = "GovSignature"
TABLE_GRID_ID = "TableGrid"  # the style id of python-docx's built-in "Table Grid"

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1..99 in Chinese numerals: 1 -> 一, 10 -> 十, 12 -> 十二, 25 -> 二十五."""
    if not 1 <= n <= 99:
        raise ValueError(f"heading number out of range: {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def chinese_date(date: dt.date | str) -> str:
    """A date as documents write it (GB/T 9704-2012: Arabic numerals): 2025年2月15日."""
    d = dt.date.fromisoformat(date) if isinstance(date, str) else date
    return f"{d.year}年{d.month}月{d.day}日"


def _set_fonts(rpr_owner: BaseStyle | object, east_asia: str, size: float, bold: bool = False) -> None:
    """Font of a style or run: Latin in Times New Roman, Chinese in `east_asia` (w:eastAsia)."""
    font = rpr_owner.font  # type: ignore[attr-defined]
    font.name = FONT_LATIN
    font.size = Pt(size)
    font.bold = bold
    rpr = rpr_owner.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _paragraph_style(doc: Document, name: str, font: str, size: float, bold: bool = False) -> BaseStyle:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    _set_fonts(style, font, size, bold)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE)
    fmt.widow_control = True
    return style


def _outline_level(style: BaseStyle, level: int) -> None:
    """Show the heading in Word's navigation pane (outline level 0 = level 1)."""
    ppr = style.element.get_or_add_pPr()  # type: ignore[attr-defined]
    node = OxmlElement("w:outlineLvl")
    node.set(qn("w:val"), str(level - 1))
    ppr.append(node)


def _register_fonts(doc: Document) -> None:
    """Add the Chinese fonts to the font table with their fallbacks (w:altName) and the GB2312 charset."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    root = parse_xml(part.blob)
    for name, alt in FALLBACKS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alt), ("w:charset", "86"), ("w:family", "modern"), ("w:pitch", "variable")):
            node = OxmlElement(tag)
            node.set(qn("w:val"), value)
            font.append(node)
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number_footer(paragraph_: Paragraph, align: WD_ALIGN_PARAGRAPH) -> None:
    """'— PAGE —' in 宋体 四号, one character in from the edge."""
    paragraph_.alignment = align
    fmt = paragraph_.paragraph_format
    fmt.left_indent = Pt(SIZE_4) if align == WD_ALIGN_PARAGRAPH.LEFT else None
    fmt.right_indent = Pt(SIZE_4) if align == WD_ALIGN_PARAGRAPH.RIGHT else None

    def run(text: str = "") -> object:
        r = paragraph_.add_run(text)
        _set_fonts(r, FONT_PAGE, SIZE_4)
        return r

    run("— ")
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = run()
        if kind is not None:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        elif instr == "1":
            node = OxmlElement("w:t")
            node.text = "1"
        else:
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = instr
        r._r.append(node)  # type: ignore[attr-defined]
    run(" —")


def _styled(doc: Document, text: str, style: str | None, indent: bool = True) -> Paragraph:
    """`doc.add_paragraph(text, style=style)` for the styles `new_document` adds, whose ids are their
    names: python-docx would scan every style twice per paragraph to find the id (seconds per task list).
    Built as plain elements, the same XML (python-docx's element classes take ~0.25 ms a paragraph);
    `style=None`: no paragraph properties; `indent=False`: `paragraph_format.first_line_indent = Pt(0)`."""
    p = OxmlElement("w:p")
    if style is not None:
        ppr = _element(p, "pPr")
        _element(ppr, "pStyle", val=style)
        if not indent:
            _element(ppr, "ind", firstLine="0")
    _append(doc, p)
    paragraph = Paragraph(p, doc._body)  # type: ignore[arg-type]
    if _PLAIN_TEXT.fullmatch(text):
        _plain_run(p, text)
    else:  # tabs and line breaks: python-docx's own run (w:tab, w:br)
        paragraph.add_run(text)
    return paragraph


def page_break(doc: Document) -> Paragraph:
    """`add_paragraph(doc).add_run().add_break(WD_BREAK.PAGE)`, the same XML."""
    paragraph = add_paragraph(doc)
    _element(_element(paragraph._p, "r"), "br", type="page")
    return paragraph


def _append(doc: Document, block: etree._Element) -> None:
    """Put a paragraph or table at the end of the body, before its section properties (the last
    child): python-docx searches the whole body for them at every block (quadratic in a task list)."""
    body = doc.element.body
    last = next(body.iterchildren(reversed=True), None)  # len(body) would count every child
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(block)
    else:
        body.append(block)


def add_paragraph(doc: Document, text: str = "") -> Paragraph:
    """`doc.add_paragraph(text)`, the same XML (see `_append` and `_styled`)."""
    return _styled(doc, text, None)


# Empty tables (properties and grid, no rows) by (columns, text width, column widths): every task
# sheet's table starts the same, and python-docx takes ~1 ms to build one.
_SHELLS: dict[tuple[int, int, tuple[float, ...] | None], etree._Element] = {}


def _add_table(doc: Document, cols: int, widths: Sequence[float] | None = None) -> Table:
    """`doc.add_table(rows=0, cols=cols)` with `table`'s style, centring and column widths (or
    autofit), the same XML (see `_append`): its width is the text width of the last section, read from
    the body's own section properties (python-docx searches every paragraph for section breaks first).
    Built once per shape (`_SHELLS`), then copied."""
    sectPr = doc.element.body.sectPr
    page = sectPr.page_width or Inches(8.5)  # python-docx's defaults, as in Document._block_width
    width = page - (sectPr.left_margin or Inches(1)) - (sectPr.right_margin or Inches(1))
    key = (cols, int(width), None if widths is None else tuple(widths))
    shell = _SHELLS.get(key)
    if shell is None:
        t = Table(CT_Tbl.new_tbl(0, cols, Emu(width)), doc._body)  # type: ignore[arg-type]
        t._tbl.tblStyle_val = TABLE_GRID_ID  # t.style = "Table Grid" without scanning every style
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = widths is None
        if widths is not None:
            for c, w in enumerate(widths):
                t.columns[c].width = Mm(w)
        shell = _SHELLS[key] = t._tbl
    tbl = copy.deepcopy(shell)
    _append(doc, tbl)
    return Table(tbl, doc._body)  # type: ignore[arg-type]


def new_document(title: str, subtitle: str | None = None) -> Document:
    """A new A4 document with the 公文 styles and the title set.

    Parameters
    ----------
    title : str
        The document title (方正小标宋简体 二号, centred; a long title wraps by itself).
    subtitle : str, optional
        A line under the title in 楷体_GB2312 三号 (e.g. "（公开版）" or "（2025年3月调整）").

    Returns
    -------
    docx.document.Document
        Add content with `heading`, `paragraph`, `table` and `signature`, then `save`.
    """
    doc = open_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(25)
    normal = doc.styles["Normal"]
    _set_fonts(normal, FONT_BODY, SIZE_3)
    _register_fonts(doc)

    _paragraph_style(doc, STYLE_TITLE, FONT_TITLE, SIZE_2).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.styles[STYLE_TITLE].paragraph_format.line_spacing = Pt(36)
    doc.styles[STYLE_TITLE].paragraph_format.space_after = Pt(LINE)
    body = _paragraph_style(doc, STYLE_BODY, FONT_BODY, SIZE_3)
    body.paragraph_format.first_line_indent = Pt(INDENT)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for level, (font, bold) in {
        1: (FONT_H1, False),
        2: (FONT_H2, False),
        3: (FONT_BODY, True),
        4: (FONT_BODY, False),
    }.items():
        style = _paragraph_style(doc, STYLE_HEADINGS[level], font, SIZE_3, bold)
        style.paragraph_format.first_line_indent = Pt(INDENT)
        style.paragraph_format.keep_with_next = True
        _outline_level(style, level)
    for name, font in ((STYLE_TABLE_TEXT, FONT_BODY), (STYLE_TABLE_HEAD, FONT_H1)):
        style = _paragraph_style(doc, name, font, SIZE_5)
        style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph_style(doc, STYLE_SIGNATURE, FONT_BODY, SIZE_3).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_footer(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)

    doc.core_properties.title = title
    doc.core_properties.author = ""
    doc.core_properties.last_modified_by = ""
    doc.core_properties.created = dt.datetime(2000, 1, 1)
    doc.core_properties.modified = dt.datetime(2000, 1, 1)
    doc.core_properties.revision = 1
    _styled(doc, title, STYLE_TITLE)
    if subtitle:
        p = _styled(doc, subtitle, STYLE_TITLE)
        _set_fonts(p.runs[0], FONT_H2, SIZE_3)
        doc.paragraphs[0].paragraph_format.space_after = Pt(0)
    return doc


def _heading_number(doc: Document, level: int) -> int:
    """The number of the next heading of `level`: one more than those since the last higher heading."""
    this = doc.styles[STYLE_HEADINGS[level]].style_id
    higher = {doc.styles[STYLE_HEADINGS[k]].style_id for k in range(1, level)}
    n = 0
    for p in doc.element.body.iterchildren(qn("w:p")):
        style = p.style  # the style id (a lookup by name would scan every style)
        if style == this:
            n += 1
        elif style in higher:
            n = 0
    return n + 1


def heading(doc: Document, text: str, level: int = 1, numbered: bool = True) -> Paragraph:
    """A heading, numbered in the 公文 order: 一、 (黑体), （一） (楷体_GB2312), 1. and （1） (仿宋_GB2312).

    Parameters
    ----------
    doc : Document
    text : str
        The heading without its number.
    level : int
        1 to 4.
    numbered : bool
        False writes `text` as given (numbered headings after it still count it).
    """
    if level not in STYLE_HEADINGS:
        raise ValueError(f"heading level must be 1..4, not {level}")
    if not numbered:  # e.g. one heading per team on a task sheet: any number of them
        return _styled(doc, text, STYLE_HEADINGS[level])
    n = _heading_number(doc, level)
    prefix = {1: f"{chinese_numeral(n)}、", 2: f"（{chinese_numeral(n)}）", 3: f"{n}. ", 4: f"（{n}）"}[level]
    return _styled(doc, prefix + text, STYLE_HEADINGS[level])


def paragraph(doc: Document, text: str, indent: bool = True) -> Paragraph:
    """A body paragraph (仿宋_GB2312 三号, fixed 28 pt lines), first line indented two characters."""
    return _styled(doc, text, STYLE_BODY, indent)


def _row_properties(row: object, header: bool) -> None:
    """Rows never split across pages; the header row repeats on every page (w:tblHeader)."""
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        node = OxmlElement("w:tblHeader")
        node.set(qn("w:val"), "true")
        trpr.append(node)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}" if value != int(value) else str(int(value))
    return str(value)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PLAIN_TEXT = re.compile(r"[^\t\n\r]*")  # text python-docx writes as a single w:t


def _element(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    node = etree.SubElement(parent, _W + tag)
    for name, value in attributes.items():
        node.set(_W + name, value)
    return node


def _plain_run(p: etree._Element, text: str, always: bool = False) -> None:
    """`add_run(text)` for text without tabs or line breaks: a w:r with one w:t (none when empty; an
    empty paragraph has no run unless `always`)."""
    if not text and not always:
        return
    run = _element(p, "r")
    if text:
        t = _element(run, "t")
        t.text = text
        if len(text.strip()) < len(text):
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _row_xml(values: Sequence[object], twips: Sequence[str], style_id: str, header: bool) -> etree._Element:
    """One w:tr as python-docx writes it: cantSplit (and tblHeader), then per cell its width, centred
    vertically, one paragraph of `style_id` (long body text left-aligned) with one run."""
    tr = OxmlElement("w:tr")
    trpr = _element(tr, "trPr")
    _element(trpr, "cantSplit")
    if header:
        _element(trpr, "tblHeader", val="true")
    for value, width in zip(values, twips, strict=True):
        tc = _element(tr, "tc")
        tcpr = _element(tc, "tcPr")
        _element(tcpr, "tcW", type="dxa", w=width)
        _element(tcpr, "vAlign", val="center")
        p = _element(tc, "p")
        ppr = _element(p, "pPr")
        _element(ppr, "pStyle", val=style_id)
        if not header and isinstance(value, str) and len(value) > 12:
            _element(ppr, "jc", val="left")
        text = _cell_text(value)
        if _PLAIN_TEXT.fullmatch(text):
            _plain_run(p, text, always=True)
        else:  # tabs and line breaks: python-docx's own run (w:tab, w:br)
            run = OxmlElement("w:r")
            p.append(run)
            run.text = text  # type: ignore[attr-defined]
    return tr


def _row_text(values: Sequence[object], twips: Sequence[str], style_id: str, header: bool) -> str | None:
    """`_row_xml` as XML text (the same elements, attributes and order), or None when a cell holds a tab
    or a line break (python-docx writes those as w:tab / w:br: left to `_row_xml`)."""
    parts = ["<w:tr><w:trPr><w:cantSplit/>", '<w:tblHeader w:val="true"/>' if header else "", "</w:trPr>"]
    for value, width in zip(values, twips, strict=True):
        text = _cell_text(value)
        if not _PLAIN_TEXT.fullmatch(text):
            return None
        jc = '<w:jc w:val="left"/>' if not header and isinstance(value, str) and len(value) > 12 else ""
        if text:
            space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
            run = f"<w:r><w:t{space}>{xml_escape(text)}</w:t></w:r>"
        else:
            run = "<w:r/>"
        parts.append(
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/><w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{jc}</w:pPr>{run}</w:p></w:tc>'
        )
    parts.append("</w:tr>")
    return "".join(parts)


def table(
    doc: Document,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float] | None = None,
    caption: str | None = None,
) -> Table:
    """A bordered table whose header row repeats on every page (w:tblHeader).

    Parameters
    ----------
    doc : Document
    header : sequence of str
        Column titles (黑体 五号).
    rows : sequence of rows
        Cell values (仿宋_GB2312 五号); numbers are written as integers, or with one decimal.
    widths : sequence of float, optional
        Column widths in millimetres (the text width is 156 mm); equal columns when omitted.
    caption : str, optional
        A centred line above the table (黑体 三号 is too loud for a caption: 仿宋_GB2312 bold).

    Returns
    -------
    docx.table.Table
    """
    if widths is not None and len(widths) != len(header):
        raise ValueError(f"{len(widths)} widths for {len(header)} columns")
    if caption:
        p = _styled(doc, caption, STYLE_BODY)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.keep_with_next = True
        p.runs[0].font.bold = True
    t = _add_table(doc, len(header), widths)
    # The rows are built as plain XML (python-docx's cell API costs ~0.5 ms a cell: seconds per task list);
    # the elements and their order are what that API writes, so the file is byte for byte the same.
    twips = [col.get(qn("w:w")) for col in t._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
    batch: list[str] = []  # rows as XML text, parsed together (one Python object per row, not per element)

    def flush() -> None:
        if batch:
            t._tbl.extend(list(parse_xml(f'<w:tbl xmlns:w="{_W[1:-1]}">{"".join(batch)}</w:tbl>')))
            batch.clear()

    for r, values in enumerate([list(header), *[list(row) for row in rows]]):
        if len(values) != len(header):
            raise ValueError(f"row {r} has {len(values)} cells for {len(header)} columns")
        style = STYLE_TABLE_HEAD if r == 0 else STYLE_TABLE_TEXT
        text = _row_text(values, twips, style, header=r == 0)
        if text is not None:
            batch.append(text)
        else:  # tabs or line breaks in a cell: built element by element
            flush()
            t._tbl.append(_row_xml(values, twips, style, header=r == 0))
    flush()
    # A short gap after the table so following text does not touch the border.
    _styled(doc, "", STYLE_TABLE_TEXT)
    return t


def signature(doc: Document, org: str, date: dt.date | str) -> tuple[Paragraph, Paragraph]:
    """The issuing organ and date, right-aligned: the date four characters in from the right
    margin, the organ centred over the date (GB/T 9704-2012 7.3.5.1 without a seal).

    Returns
    -------
    (Paragraph, Paragraph)
        The organ line and the date line.
    """
    when = chinese_date(date)
    _styled(doc, "", STYLE_BODY)
    _styled(doc, "", STYLE_BODY)

    def width(text: str) -> float:  # in characters: digits and Latin are half width
        return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)

    org_p = _styled(doc, org, STYLE_SIGNATURE)
    org_p.paragraph_format.right_indent = Pt(SIZE_3 * max(0.0, 4 + (width(when) - width(org)) / 2))
    date_p = _styled(doc, when, STYLE_SIGNATURE)
    date_p.paragraph_format.right_indent = Pt(SIZE_3 * 4)
    return org_p, date_p


_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


class _FixedTimeEntries:
    """Where python-docx's package writer puts the parts: zip entries with a fixed time and mode."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=_FIXED_TIME)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        self._archive.writestr(entry, blob)


def save(doc: Document, path: Path | str) -> Path:
    """Write the document; the zip entries get a fixed time, so the same content gives the same bytes.

    What `doc.save` does (`OpcPackage.save`: the same parts in the same order), with each entry
    compressed once into its fixed-time form instead of saved, read back and compressed again."""
    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    parts = package.parts
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = _FixedTimeEntries(archive)
        PackageWriter._write_content_types_stream(entries, parts)
        PackageWriter._write_pkg_rels(entries, package.rels)
        PackageWriter._write_parts(entries, parts)
    target = Path(path)
    target.write_bytes(buffer.getvalue())
    return target
