"""Word documents (.docx): paragraphs and table cells in body order, read as a stream."""

from __future__ import annotations

import io
import zipfile

from summarizer.errors import InputError
from summarizer.load.limits import Limits, over

SUFFIXES = (".docx",)


def read(data: bytes, name: str, limits: Limits, suffix: str) -> str:
    """The text of a .docx file, one paragraph or table row per line."""
    return docx_text(data, name, limits)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH, _TABLE, _ROW, _CELL = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_BODY, _CONTROL, _CONTROL_CONTENT = f"{_W}body", f"{_W}sdt", f"{_W}sdtContent"
# what a paragraph's text is made of, as Word shows it
_RUN_TEXT = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}br": " ", f"{_W}cr": " "}
_RUN_TEXT[f"{_W}noBreakHyphen"] = "-"
# text that is not part of the paragraph's line: text boxes, deleted text, field codes
_NOT_TEXT = {f"{_W}txbxContent", f"{_W}del", f"{_W}pPr", f"{_W}rPr", f"{_W}fldData"}
_WIDE_ROW = 4  # cells in a row of a layout table; a wider row is a row of figures
_PROLOG = 4096  # bytes of a part read for its XML declaration and DOCTYPE
_MAIN_PART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def docx_text(data: bytes, name: str, limits: Limits | None = None) -> str:
    """Paragraphs and table cells of a Word document, in body order, one per line.

    The archive is checked before anything is unpacked (number of files, unpacked size:
    a zip bomb is refused), and the document is read as a stream, so memory stays bounded
    whatever the file holds; a DOCTYPE (never written by Word; the "billion laughs"
    attack) is refused.
    """
    limits = limits or Limits()
    if not data.startswith(b"PK\x03\x04"):
        raise InputError(
            f"{name}: not a Word document (zip header missing); save it as .docx or .txt"
        )
    damaged = InputError(
        f"{name}: a damaged Word document (cut short or broken); open it in Word to "
        "repair it and save it again, or save it as .txt"
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise damaged from None
    if len(entries) > limits.entries:
        raise over(
            name, "files in the Word archive", limits.entries, "entries",
            "save it again from Word",
        )  # fmt: skip
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.unzipped:
        raise InputError(
            f"{name}: the Word document unpacks to {unpacked / 1e6:,.0f} MB, over the "
            f"{limits.unzipped / 1e6:,.0f} MB limit (a damaged file, or one made to exhaust "
            "memory); save it again from Word, or raise the limit (--limit unzipped=N)"
        )
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise InputError(
            f"{name}: a zip archive, not a Word document; give the .docx file itself "
            "or save the report as .txt"
        )
    try:
        part = _main_part(archive, names)
        with archive.open(part) as stream:
            prolog = stream.read(_PROLOG)
        if b"<!DOCTYPE" in prolog.upper():
            raise InputError(
                f"{name}: the Word document declares a DOCTYPE, which Word never "
                "writes (such files are made to exhaust memory); open it in Word and "
                "save it again, or save it as .txt"
            )
        with archive.open(part) as stream:
            return "\n".join(_body_lines(stream, name, limits))
    except InputError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError):
        raise damaged from None
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a broken document
        raise InputError(
            f"{name}: not a readable Word document ({type(exc).__name__}); "
            "open it in Word and save it again as .docx, or save it as .txt"
        ) from None


def _main_part(archive: zipfile.ZipFile, names: set[str]) -> str:
    """The name of the document part, as the package's relationships give it."""
    from lxml import etree

    if "_rels/.rels" in names and archive.getinfo("_rels/.rels").file_size < 1_000_000:
        root = etree.fromstring(archive.read("_rels/.rels"), _parser())
        for rel in root:
            if rel.get("Type") == _MAIN_PART and rel.get("Target"):
                target = rel.get("Target").lstrip("/")
                if target in names:
                    return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise KeyError("no document part")


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _body_lines(stream, name: str, limits: Limits):
    """The lines of the document's body, read block by block from a stream."""
    from lxml import etree

    counts = {"paragraphs": 0, "cells": 0}
    events = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    for event, element in events:
        if event != "end" or element.tag not in (_PARAGRAPH, _TABLE):
            continue
        parent = element.getparent()
        if parent is None or parent.tag not in (_BODY, _CONTROL_CONTENT):
            continue
        if parent.tag == _CONTROL_CONTENT and _inside_table(parent):
            continue
        if element.tag == _PARAGRAPH:
            yield _counted(_paragraph_text(element), counts, name, limits)
        else:
            yield from _table_lines(element, counts, name, limits)
        # a block read is dropped, so that memory holds one block at a time
        element.clear()
        while element.getprevious() is not None:
            del parent[0]


def _inside_table(element) -> bool:
    while element is not None:
        if element.tag == _CELL:
            return True
        element = element.getparent()
    return False


def _counted(text: str, counts: dict[str, int], name: str, limits: Limits) -> str:
    counts["paragraphs"] += 1
    if counts["paragraphs"] > limits.paragraphs:
        raise over(
            name, "paragraphs", limits.paragraphs, "paragraphs",
            "split the document",
        )  # fmt: skip
    if len(text) > limits.paragraph_chars:
        raise over(
            name, "characters in one paragraph", limits.paragraph_chars,
            "paragraph_chars", "break it into paragraphs",
        )  # fmt: skip
    return text


def _paragraph_text(paragraph) -> str:
    """The text of a paragraph as Word shows it on its line (text boxes left out)."""
    parts: list[str] = []
    stack = [iter(paragraph)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if not isinstance(tag, str) or tag in _NOT_TEXT:
            continue
        if tag in _RUN_TEXT:
            shown = _RUN_TEXT[tag]
            parts.append(child.text or "" if shown is None else shown)
        elif len(child):
            stack.append(iter(child))
    return "".join(parts).replace("\n", " ")


def _table_lines(table, counts: dict[str, int], name: str, limits: Limits) -> list[str]:
    """Cell paragraphs row by row; a merged cell is read once, nested tables in place."""
    lines: list[str] = []
    for row in table.iterchildren(_ROW):
        cells = list(row.iterchildren(_CELL))
        counts["cells"] += len(cells)
        if counts["cells"] > limits.cells:
            raise over(
                name, "table cells", limits.cells, "cells",
                "split the document",
            )  # fmt: skip
        if len(cells) > _WIDE_ROW:  # a row of figures: one line, its cells side by side
            texts = (" ".join(_cell_texts(cell)) for cell in cells if not _continues_merge(cell))
            line = " | ".join(text for text in texts if text.strip())
            lines.append(_counted(line, counts, name, limits))
            continue
        for cell in cells:
            if _continues_merge(cell):
                continue
            for block in _cell_blocks(cell):
                if block.tag == _TABLE:
                    lines.extend(_table_lines(block, counts, name, limits))
                else:
                    lines.append(_counted(_paragraph_text(block), counts, name, limits))
    return lines


def _cell_texts(cell) -> list[str]:
    """Every paragraph of a cell, nested tables included, in order."""
    texts: list[str] = []
    for block in _cell_blocks(cell):
        if block.tag == _TABLE:
            for row in block.iterchildren(_ROW):
                for inner in row.iterchildren(_CELL):
                    texts.extend(_cell_texts(inner))
        else:
            texts.append(_paragraph_text(block))
    return texts


def _cell_blocks(cell):
    for child in cell:
        if child.tag in (_PARAGRAPH, _TABLE):
            yield child
        elif child.tag == _CONTROL:
            for content in child.iterchildren(_CONTROL_CONTENT):
                yield from _cell_blocks(content)


def _continues_merge(cell) -> bool:
    """A cell under a vertically merged one (its text is the one above)."""
    properties = cell.find(f"{_W}tcPr")
    if properties is None:
        return False
    merge = properties.find(f"{_W}vMerge")
    return merge is not None and merge.get(f"{_W}val", "continue") == "continue"
