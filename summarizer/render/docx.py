"""The briefing as a DOCX laid out like a Vietnamese administrative document (Decree 30)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Mm, Pt
from docx.table import _Cell

from summarizer.errors import InputError
from summarizer.models import Briefing
from summarizer.render import (
    Profile,
    ProfileSource,
    date_line,
    digest_rows,
    general_info,
    headings,
    subject,
    task_rows,
    wording,
    write_atomic,
)

FONT = "Times New Roman"
# name: (size pt, bold, italic, alignment, first-line indent cm, space after pt)
STYLES = {
    "Briefing Body": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.27, 6),
    "Briefing Info": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.27, 6),
    "Briefing Heading": (14, True, False, WD_ALIGN_PARAGRAPH.LEFT, 1.27, 6),
    "Briefing Subheading": (14, True, False, WD_ALIGN_PARAGRAPH.LEFT, 1.27, 6),
    "Briefing Title": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Briefing Subject": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 12),
    "Header Parent": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Header Body": (13, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Header Number": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Header Nation": (13, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Header Motto": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Header Date": (14, False, True, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Header Rule": (2, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 6),
    "Recipients Heading": (12, True, True, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
    "Recipients": (11, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
    "Signer Title": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Signer Name": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Briefing Note": (12, False, True, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.27, 6),
    "Page Number": (14, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Task Head": (13, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "Task Cell": (13, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
}
# Columns of the task table: number, task, who leads / supports, deadline (165 mm).
TASK_COLUMNS = (Cm(1.4), Cm(8.1), Cm(4.3), Cm(2.7))  # "STT" on one line
# The digest's tables: meetings (number, date, body, chair, subject) and tasks (number,
# task, deadline, meeting).
MEETING_COLUMNS = (Cm(1.4), Cm(2.6), Cm(4.1), Cm(3.6), Cm(4.8))
DIGEST_TASK_COLUMNS = (Cm(1.4), Cm(7.9), Cm(3.0), Cm(4.2))
# Column widths of the header block (the text area is 210 - 30 - 15 = 165 mm wide).
LEFT_COLUMN, RIGHT_COLUMN = Cm(6.5), Cm(10.0)
# Average advance of a character as a share of the font size (Times New Roman, bold).
_CHAR_EM = {"caps": 0.68, "mixed": 0.5}
# Empty lines left above the signer's name for the signature and the seal.
SIGNATURE_LINES = 4
# Characters XML 1.0 cannot hold (python-docx refuses them): control characters other
# than tab and line breaks, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def write_docx(
    briefing: Briefing, path: str | os.PathLike[str], profile: ProfileSource | None = None
) -> Path:
    """Write the DOCX atomically (temporary file, then rename); returns the path."""
    document = build_document(briefing, profile)
    return write_atomic(Path(path), lambda temporary: document.save(str(temporary)))


def build_document(briefing: Briefing, profile: ProfileSource | None = None):
    """The python-docx Document of a briefing."""
    words = _xml_safe(wording(profile))
    briefing = Briefing.model_validate(_xml_safe(briefing.model_dump()))
    document = _new_document(words)
    _header_block(document, briefing, words)
    document.add_paragraph(words["title"]["title"], style="Briefing Title")
    document.add_paragraph(subject(briefing, words), style="Briefing Subject")
    numbered = headings(briefing, words)
    info = general_info(briefing, words)
    if info:
        document.add_paragraph(numbered["general"], style="Briefing Heading")
        for label, value in info:
            paragraph = document.add_paragraph(style="Briefing Info")
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
    if briefing.sections:
        document.add_paragraph(numbered["content"], style="Briefing Heading")
        for section in briefing.sections:
            document.add_paragraph(numbered[section.kind], style="Briefing Subheading")
            document.add_paragraph(section.summary, style="Briefing Body")
    document.add_paragraph(numbered["directives"], style="Briefing Heading")
    if briefing.directives:
        _task_table(document, task_rows(briefing, words), words["tasks"]["columns"])
    else:
        document.add_paragraph(words["notes"]["no_directives"], style="Briefing Body")
    if briefing.guard_changes:
        note = words["notes"]["corrected"].format(n=len(briefing.guard_changes))
        document.add_paragraph(note, style="Briefing Note")
    _signature_block(document, words)
    return document


def write_digest_docx(digest, path: str | os.PathLike[str], profile=None) -> Path:
    """Write the digest of many meetings as a DOCX, atomically; returns the path."""
    document = build_digest_document(digest, profile)
    return write_atomic(Path(path), lambda temporary: document.save(str(temporary)))


def build_digest_document(digest, profile: ProfileSource | None = None):
    """The python-docx Document of a digest, in the layout of the single briefing."""
    from summarizer.digest import Digest

    words = _xml_safe(wording(profile))
    digest = Digest.model_validate(_xml_safe(digest.model_dump()))
    table = words["digest"]
    document = _new_document(words)
    _header_block(document, digest, words)
    document.add_paragraph(table["title"], style="Briefing Title")
    document.add_paragraph(table["subject"], style="Briefing Subject")
    meetings, groups = digest_rows(digest, words)
    document.add_paragraph(table["meetings"], style="Briefing Heading")
    _task_table(document, meetings, table["meeting_columns"], MEETING_COLUMNS)
    document.add_paragraph(table["points"], style="Briefing Heading")
    for n, meeting in enumerate(digest.meetings, 1):
        when = f" ({meeting.date_text})" if meeting.date_text else ""
        shown = f"{n}. {_capital(meeting.subject or meeting.source)}{when}"
        document.add_paragraph(shown, style="Briefing Subheading")
        document.add_paragraph(meeting.points, style="Briefing Body")
    document.add_paragraph(table["tasks"], style="Briefing Heading")
    for heading, rows in groups:
        document.add_paragraph(heading, style="Briefing Subheading")
        _task_table(document, rows, table["task_columns"], DIGEST_TASK_COLUMNS)
    if not groups:
        document.add_paragraph(table["no_tasks"], style="Briefing Body")
    if digest.failed:
        document.add_paragraph(table["failed"], style="Briefing Heading")
        for failure in digest.failed:
            document.add_paragraph(f"- {failure.error}", style="Briefing Body")
    _signature_block(document, words)
    return document


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _task_table(document, rows: list[tuple[str, ...]], columns: list[str], widths=None) -> None:
    """Rows as a bordered table, its header row repeated on every page."""
    widths = widths or TASK_COLUMNS
    table = document.add_table(rows=1, cols=len(columns))
    _grid(document, table)
    table.autofit = False
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    # style ids set on the XML: python-docx's `Paragraph.style` looks the name up each time
    head, body = document.styles["Task Head"].style_id, document.styles["Task Cell"].style_id
    for cell, title, width in zip(header.cells, columns, widths, strict=True):
        cell.width = width
        cell.paragraphs[0]._p.style = head
        cell.paragraphs[0].add_run(title)
    for row in rows:
        added = table.add_row()
        whole = OxmlElement("w:cantSplit")  # a row is not cut across two pages
        added._tr.get_or_add_trPr().append(whole)
        # the cells of the new row itself: `Row.cells` walks the whole table each time
        cells = [_Cell(tc, table) for tc in added._tr.tc_lst]
        for cell, value, width in zip(cells, row, widths, strict=True):
            cell.width = width
            lines = value.split("\n")
            cell.paragraphs[0]._p.style = body
            cell.paragraphs[0].add_run(lines[0])
            for line in lines[1:]:
                cell.add_paragraph(line)._p.style = body
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width


def _xml_safe(value: Any) -> Any:
    """The strings of a value (nested in lists and dicts) without characters XML refuses."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, list):
        return [_xml_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    return value


def _new_document(words: Profile):
    """An empty document with our styles: python-docx's own, or the profile's template
    (`[document] template`) with its body emptied and its page setup, headers, footers
    and styles kept."""
    template = (words.get("document") or {}).get("template")
    if not template:
        document = Document()
        _define_styles(document)
        _page_setup(document)
        return document
    document = open_template(template)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _define_styles(document, keep_existing=True)
    section = document.sections[-1]
    header = section.header
    if header.is_linked_to_previous or not _has_content(header):
        # a template without its own running header gets the page number of Decree 30
        section.different_first_page_header_footer = True
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.style = document.styles["Page Number"]
        _add_page_field(paragraph)
    return document


_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def open_template(path: str | os.PathLike[str]):
    """The agency's Word file (.docx, or a .dotx template) as a python-docx Document."""
    import io
    import zipfile

    name = str(path)
    advice = "give the agency's letterhead as a .docx or .dotx file saved from Word"
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such template; check the path ({advice})") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read the template ({exc.strerror or exc})") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml")
            if _TEMPLATE_TYPE in types:  # a .dotx: opened as the document it makes
                patched = io.BytesIO()
                with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as out:
                    for entry in archive.infolist():
                        content = archive.read(entry)
                        if entry.filename == "[Content_Types].xml":
                            content = content.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE)
                        out.writestr(entry, content)
                data = patched.getvalue()
        return Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001  (zip, XML or python-docx errors: a bad file)
        raise InputError(
            f"{name}: not a usable Word template ({type(exc).__name__}); {advice}"
        ) from None


def _has_content(part) -> bool:
    """Whether a header or footer shows anything: text, a picture or a table."""
    element = part._element
    return bool(
        "".join(element.itertext()).strip()
        or element.findall(".//" + qn("w:drawing"))
        or element.findall(".//" + qn("w:pict"))
        or element.findall(".//" + qn("w:tbl"))
    )


def _grid(document, table) -> None:
    """Borders on every cell: the template's "Table Grid" style, or borders of our own."""
    try:
        table.style = document.styles["Table Grid"]
        return
    except KeyError:
        pass
    _borders(table, val="single", sz="4", color="000000")


def _page_setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.style = document.styles["Page Number"]
    _add_page_field(paragraph)


def _define_styles(document, keep_existing: bool = False) -> None:
    """Our paragraph styles; with `keep_existing`, a style the document already has by
    that name (a template's "Briefing Body") is left as it is, and so is its Normal."""
    normal = document.styles["Normal"]
    if not keep_existing:
        _set_font(normal, 14)
    present = {style.name for style in document.styles}
    for name, (size, bold, italic, align, indent, after) in STYLES.items():
        if keep_existing and name in present:
            continue
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
    """Issuing body and number on the left, nation, motto and place-date on the right."""
    header = words["header"]
    table = _borderless_table(document, (LEFT_COLUMN, RIGHT_COLUMN))
    left, right = table.rows[0].cells
    body = header["issuing_body"].upper()
    lines: list[tuple[str, str]] = []
    if header.get("parent_body"):
        lines.append((header["parent_body"].upper(), "Header Parent"))
    lines.append((body, "Header Body"))
    _fill(left, lines)
    # the rule under the body: a third to a half of its line
    _rule(left, LEFT_COLUMN, 0.4 * _text_width(body, 13, "caps"))
    _fill(left, [(header["number_line"], "Header Number")], append=True)
    motto = header["motto"]
    _fill(right, [(header["nation"].upper(), "Header Nation"), (motto, "Header Motto")])
    _rule(right, RIGHT_COLUMN, _text_width(motto, 14, "mixed"))  # as long as the motto
    _fill(right, [(date_line(briefing, header), "Header Date")], append=True)
    document.add_paragraph(style="Header Number")


def _text_width(text: str, size_pt: float, case: str) -> Length:
    return Pt(len(text) * _CHAR_EM[case] * size_pt)


def _borderless_table(document, widths: tuple[Length, Length]):
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    _borders(table, val="nil")
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths, strict=True):
        column.width = cell.width = width
    return table


def _borders(table, **attributes: str) -> None:
    """The same border on every edge and between all cells of a table."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for name, value in attributes.items():
            element.set(qn(f"w:{name}"), value)
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _rule(cell, cell_width: Length, length: Length) -> None:
    """A centred horizontal line of the given length under the last paragraph of a cell."""
    length = max(min(length, cell_width), Cm(1.5))
    paragraph = cell.add_paragraph(style="Header Rule")
    side = Emu(int((cell_width - length) / 2))
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


def _fill(cell, lines: list[tuple[str, str]], append: bool = False) -> None:
    for n, (text, style) in enumerate(lines):
        empty_first = n == 0 and not append and not cell.paragraphs[0].text
        paragraph = cell.paragraphs[0] if empty_first else cell.add_paragraph()
        paragraph.style = style
        if text:
            paragraph.add_run(text)


def _signature_block(document, words: Profile) -> None:
    """ "Nơi nhận:" and its list on the left; the signer's title and name on the right."""
    signature = words["signature"]
    document.add_paragraph(style="Briefing Body")
    table = _borderless_table(document, (Cm(7.5), Cm(9.0)))
    left, right = table.rows[0].cells
    _fill(
        left,
        [(signature["recipients_heading"], "Recipients Heading")]
        + [(line, "Recipients") for line in signature["recipients"]],
    )
    lines = [(signature["signer_title"].upper(), "Signer Title")]
    lines += [("", "Signer Name")] * SIGNATURE_LINES
    if signature.get("signer_name"):
        lines.append((signature["signer_name"], "Signer Name"))
    _fill(right, lines)
