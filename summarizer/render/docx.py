"""The briefing as a DOCX laid out like a Vietnamese administrative document (Decree 30)."""

from __future__ import annotations

import os
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from summarizer.models import Briefing
from summarizer.render import Profile, general_info, subject, wording, write_atomic

FONT = "Times New Roman"
# name: (size pt, bold, italic, alignment, first-line indent cm, space after pt)
STYLES = {
    "Briefing Body": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.27, 6),
    "Briefing Info": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.27, 3),
    "Briefing Heading": (14, True, False, WD_ALIGN_PARAGRAPH.LEFT, 1.27, 6),
    "Briefing Subheading": (14, True, False, WD_ALIGN_PARAGRAPH.LEFT, 1.27, 6),
    "Briefing Title": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Briefing Subject": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 12),
    "Header Body": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Header Body Bold": (13, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Header Nation": (12, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Header Motto": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Header Date": (14, False, True, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Recipients Heading": (12, True, True, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
    "Recipients": (11, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
    "Signer": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Briefing Note": (12, False, True, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.27, 6),
    "Page Number": (14, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
}


def write_docx(
    briefing: Briefing, path: str | os.PathLike[str], profile: Profile | None = None
) -> Path:
    """Write the DOCX atomically (temporary file, then rename); returns the path."""
    document = build_document(briefing, profile)
    return write_atomic(Path(path), lambda temporary: document.save(str(temporary)))


def build_document(briefing: Briefing, profile: Profile | None = None):
    """The python-docx Document of a briefing."""
    words = wording(profile)
    document = Document()
    _page_setup(document)
    _define_styles(document)
    _header_block(document, briefing, words)
    document.add_paragraph(words["title"]["title"], style="Briefing Title")
    document.add_paragraph(subject(briefing, words), style="Briefing Subject")
    headings = words["headings"]
    info = general_info(briefing, words)
    if info:
        document.add_paragraph(headings["general"], style="Briefing Heading")
        for label, value in info:
            paragraph = document.add_paragraph(style="Briefing Info")
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
    if briefing.sections:
        document.add_paragraph(headings["content"], style="Briefing Heading")
        for section in briefing.sections:
            document.add_paragraph(headings[section.kind], style="Briefing Subheading")
            document.add_paragraph(section.summary, style="Briefing Body")
    document.add_paragraph(headings["directives"], style="Briefing Heading")
    if briefing.directives:
        for directive in briefing.directives:
            document.add_paragraph(f"- {directive.text}.", style="Briefing Body")
    else:
        document.add_paragraph(words["notes"]["no_directives"], style="Briefing Body")
    if briefing.guard_changes:
        note = words["notes"]["corrected"].format(n=len(briefing.guard_changes))
        document.add_paragraph(note, style="Briefing Note")
    _signature_block(document, words)
    return document


def _page_setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.style = None
    _add_page_field(paragraph)


def _define_styles(document) -> None:
    normal = document.styles["Normal"]
    _set_font(normal, 14)
    for name, (size, bold, italic, align, indent, after) in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        _set_font(style, size)
        style.font.bold, style.font.italic = bold, italic
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Cm(indent) if indent else Cm(0)
        fmt.space_before, fmt.space_after = Pt(0), Pt(after)
        fmt.line_spacing = 1.15 if name.startswith("Briefing") else 1.0


def _set_font(style, size: int) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _add_page_field(paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _header_block(document, briefing: Briefing, words: Profile) -> None:
    header = words["header"]
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    for column, cell, width in zip(table.columns, (left, right), (Cm(6.0), Cm(10.5)), strict=True):
        column.width = cell.width = width
    lines_left = []
    if header.get("parent_body"):
        lines_left.append((header["parent_body"].upper(), "Header Body"))
    lines_left.append((header["issuing_body"].upper(), "Header Body Bold"))
    lines_left.append(("───────", "Header Body"))
    lines_left.append((header["number_line"], "Header Body"))
    _fill(left, lines_left)
    created = briefing.created
    place = header.get("place") or "......"
    date_line = f"{place}, ngày {created.day:02d} tháng {created.month:02d} năm {created.year}"
    _fill(
        right,
        [
            (header["nation"].upper(), "Header Nation"),
            (header["motto"], "Header Motto"),
            ("──────────────", "Header Body"),
            (date_line, "Header Date"),
        ],
    )
    document.add_paragraph(style="Header Body")


def _fill(cell, lines: list[tuple[str, str]]) -> None:
    first = cell.paragraphs[0]
    for n, (text, style) in enumerate(lines):
        paragraph = first if n == 0 else cell.add_paragraph()
        paragraph.style = style
        paragraph.add_run(text)


def _signature_block(document, words: Profile) -> None:
    signature = words["signature"]
    document.add_paragraph(style="Briefing Body")
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _fill(
        left,
        [(signature["recipients_heading"], "Recipients Heading")]
        + [(line, "Recipients") for line in signature["recipients"]],
    )
    lines = [(signature["signer_title"].upper(), "Signer")] + [("", "Signer")] * 3
    if signature.get("signer_name"):
        lines.append((signature["signer_name"], "Signer"))
    _fill(right, lines)
