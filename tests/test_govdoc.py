"""reports/govdoc.py: the 公文 layout, checked in the .docx XML and in LibreOffice's rendering."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from external_tools import docx_to_pdf, ink_fraction, pdf_pages_to_png, pdf_text
from shuangsui.reports import govdoc

TITLE = "某某市生态环境局2025年度“双随机、一公开”抽查计划"


def _build() -> docx.document.Document:
    doc = govdoc.new_document(TITLE, "（公开版）")
    govdoc.heading(doc, "抽查依据", 1)
    govdoc.paragraph(doc, "根据《中华人民共和国环境保护法》，制定本计划。")
    govdoc.heading(doc, "抽查事项", 1)
    govdoc.heading(doc, "现场检查", 2)
    govdoc.heading(doc, "非现场检查", 2)
    govdoc.heading(doc, "内部联合", 1)
    govdoc.heading(doc, "安排", 2)
    rows = [[f"第{i}组", i, i * 0.5] for i in range(1, 61)]
    govdoc.table(doc, ["小组", "人数", "比例"], rows, widths=[60, 48, 48], caption="表1 小组")
    govdoc.signature(doc, "某某市生态环境局", dt.date(2025, 2, 15))
    return doc


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("govdoc")
    path = govdoc.save(_build(), out / "doc.docx")
    return path, docx_to_pdf(path, out)


def test_chinese_numerals_and_dates() -> None:
    assert [govdoc.chinese_numeral(n) for n in (1, 9, 10, 11, 20, 23, 99)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十三",
        "九十九",
    ]
    with pytest.raises(ValueError):
        govdoc.chinese_numeral(0)
    assert govdoc.chinese_date("2025-02-05") == "2025年2月5日"


def test_layout_fonts_and_numbering(rendered: tuple[Path, Path]) -> None:
    doc = docx.Document(str(rendered[0]))
    section = doc.sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.bottom_margin)
    sizes += (section.left_margin, section.right_margin)
    assert [round(s.mm, 1) for s in sizes] == [210, 297, 37, 35, 28, 26]  # stored in twips
    texts = [(p.style.name, p.text) for p in doc.paragraphs if p.text]
    assert texts[0] == (govdoc.STYLE_TITLE, TITLE)
    headings = [t for s, t in texts if s in govdoc.STYLE_HEADINGS.values()]
    assert headings == [
        "一、抽查依据",
        "二、抽查事项",
        "（一）现场检查",
        "（二）非现场检查",
        "三、内部联合",
        "（一）安排",
    ]
    fonts = {
        name: doc.styles[name].element.rPr.rFonts.get(qn("w:eastAsia"))
        for name in (govdoc.STYLE_TITLE, govdoc.STYLE_BODY, govdoc.STYLE_HEADINGS[1], govdoc.STYLE_HEADINGS[2])
    }
    assert fonts == {
        govdoc.STYLE_TITLE: "方正小标宋简体",
        govdoc.STYLE_BODY: "仿宋_GB2312",
        govdoc.STYLE_HEADINGS[1]: "黑体",
        govdoc.STYLE_HEADINGS[2]: "楷体_GB2312",
    }
    assert doc.styles[govdoc.STYLE_TITLE].font.size == Pt(22)
    assert doc.styles[govdoc.STYLE_BODY].font.size == Pt(16)
    assert doc.styles[govdoc.STYLE_BODY].paragraph_format.line_spacing == Pt(28)
    # Fallbacks are registered in the font table.
    font_table = doc.part.part_related_by(docx.opc.constants.RELATIONSHIP_TYPE.FONT_TABLE).blob.decode()
    assert 'w:name="仿宋_GB2312"' in font_table and 'w:altName w:val="仿宋"' in font_table
    # The header row repeats; the page number is a PAGE field in both footers.
    table = doc.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert [c.text for c in table.rows[2].cells] == ["第2组", "2", "1"]
    assert round(table.columns[0].width.mm) == 60
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and "— " in xml
    assert [p.text for p in doc.paragraphs[-2:]] == ["某某市生态环境局", "2025年2月15日"]


def test_renders_with_repeating_header_and_page_numbers(rendered: tuple[Path, Path]) -> None:
    _, pdf = rendered
    text = pdf_text(pdf)
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) >= 2
    # Every page carries its number; the table continues on page 2 under a repeated header row.
    assert "—1—" in "".join(pages[0].split())
    assert "—2—" in "".join(pages[1].split())
    assert "小组" in pages[1] and "人数" in pages[1]
    assert "抽查依据" in pages[0] and "2025年2月15日" in text.replace(" ", "")
    pngs = pdf_pages_to_png(pdf, pdf.parent / "page", 1, 2)
    assert len(pngs) == 2
    assert all(ink_fraction(png) > 0.01 for png in pngs)


def test_save_is_deterministic(tmp_path: Path) -> None:
    a = govdoc.save(_build(), tmp_path / "a.docx").read_bytes()
    b = govdoc.save(_build(), tmp_path / "b.docx").read_bytes()
    assert a == b


def _saved_and_rezipped(doc: docx.document.Document) -> bytes:
    """python-docx's own save, each entry then rewritten with the fixed time and mode."""
    saved, out = io.BytesIO(), io.BytesIO()
    doc.save(saved)
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def test_save_writes_the_parts_python_docx_writes_with_a_fixed_time(tmp_path: Path) -> None:
    """save() compresses each part once: the bytes of python-docx's save with every entry's time fixed."""
    ours = govdoc.save(_build(), tmp_path / "ours.docx").read_bytes()
    assert ours == _saved_and_rezipped(_build())
    with zipfile.ZipFile(tmp_path / "ours.docx") as archive:
        entries = archive.infolist()
        assert {e.date_time for e in entries} == {(1980, 1, 1, 0, 0, 0)}
        assert entries[0].filename == "[Content_Types].xml" and "word/document.xml" in archive.namelist()
    assert docx.Document(str(tmp_path / "ours.docx")).paragraphs[0].text == TITLE


def test_bad_table_shape() -> None:
    doc = govdoc.new_document(TITLE)
    with pytest.raises(ValueError, match="widths"):
        govdoc.table(doc, ["a", "b"], [[1, 2]], widths=[10])
    with pytest.raises(ValueError, match="row 1"):
        govdoc.table(doc, ["a", "b"], [[1]])


def test_unnumbered_headings_have_no_limit() -> None:
    # A task sheet has one heading per team; a city bureau can have more than 99 teams.
    doc = govdoc.new_document("执法小组任务单")
    for k in range(1, 151):
        govdoc.heading(doc, f"执法小组 T{k:03} 现场检查任务", 1, numbered=False)
    texts = [p.text for p in doc.paragraphs if p.text.startswith("执法小组 T")]
    assert len(texts) == 150 and texts[-1] == "执法小组 T150 现场检查任务"


def test_fast_blocks_write_what_python_docx_writes() -> None:
    """`add_paragraph` and the tables append before the section properties directly (python-docx
    searches the body for them at every block), tables copied from a shell built once per shape; the XML
    must be python-docx's own, in landscape too, and each copy a table of its own."""
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Mm
    from lxml import etree

    ours, theirs = govdoc.new_document("标题"), govdoc.new_document("标题")
    for doc in (ours, theirs):
        section = doc.sections[-1]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    widths = (20, 30, 40)
    govdoc.add_paragraph(ours, "正文")
    govdoc.add_paragraph(ours)
    first = govdoc._add_table(ours, 3, widths)
    govdoc._add_table(ours, 3, widths)  # from the shell
    govdoc._add_table(ours, 2)
    theirs.add_paragraph("正文")
    theirs.add_paragraph()
    for cols, shape in ((3, widths), (3, widths), (2, None)):
        t = theirs.add_table(rows=0, cols=cols)
        t._tbl.tblStyle_val = govdoc.TABLE_GRID_ID
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = shape is None
        for c, w in enumerate(shape or ()):
            t.columns[c].width = Mm(w)
    assert etree.tostring(ours.element.body) == etree.tostring(theirs.element.body)
    assert ours.element.body[-1].tag == qn("w:sectPr")
    first.add_row()  # a copy of its own: the other table built from the same shell stays empty
    assert [len(t.rows) for t in ours.tables] == [1, 0, 0]


@pytest.mark.parametrize("text", ["正文", "", " 前后空格 ", "　全角空格　", "a\tb", "两行\n文字", "<&>\"'", "x\r"])
def test_paragraphs_built_as_elements_are_what_python_docx_writes(text: str) -> None:
    """`_styled` (every heading and paragraph), `paragraph(indent=False)` and `page_break` build their
    elements directly: the XML must be python-docx's own, for plain text, spaces, tabs, line breaks."""
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt
    from lxml import etree

    ours, theirs = govdoc.new_document("标题"), govdoc.new_document("标题")
    govdoc.heading(ours, text, 2, numbered=False)
    govdoc.paragraph(ours, text)
    govdoc.paragraph(ours, text, indent=False)
    govdoc.page_break(ours)
    theirs.add_paragraph(text, style=govdoc.STYLE_HEADINGS[2])
    theirs.add_paragraph(text, style=govdoc.STYLE_BODY)
    theirs.add_paragraph(text, style=govdoc.STYLE_BODY).paragraph_format.first_line_indent = Pt(0)
    theirs.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    assert etree.tostring(ours.element.body) == etree.tostring(theirs.element.body)
    assert [p.text for p in ours.paragraphs] == [p.text for p in theirs.paragraphs]
