"""Read a report from text, a .txt/.md/.docx file or stdin into a `Report`."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

from summarizer.errors import InputError
from summarizer.models import Paragraph, Report
from summarizer.text import normalize, split_sentences

MAX_BYTES = 5 * 1024 * 1024
SUFFIXES = (".txt", ".md", ".docx")

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_QUOTE = re.compile(r"^\s*>\s?")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(
    r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__"
    r"|(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"
)


def load(source: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Report:
    """A report from text (any `str`) or from a file (`pathlib.Path` / `os.PathLike`)."""
    if isinstance(source, str):
        return from_text(source)
    return load_file(Path(source), max_bytes=max_bytes)


def from_text(text: str, source: str = "<text>") -> Report:
    """A report from text: every non-empty line is a paragraph."""
    lines = [line for line in normalize(text).split("\n") if line]
    paragraphs = [
        Paragraph(index=i, text=line, sentences=split_sentences(line))
        for i, line in enumerate(lines)
    ]
    return Report(source=source, paragraphs=paragraphs)


def load_file(path: Path, *, max_bytes: int = MAX_BYTES) -> Report:
    """A report from a .txt, .md or .docx file."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{name}: unsupported file type '{suffix}'; use .txt, .md or .docx")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{name}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.1f} MB limit; "
                "split the file or raise the limit (max_bytes)"
            )
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder; give a file") from None
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; check the path and the name") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied; check the file's access rights") from None
    if suffix == ".docx":
        text = docx_text(data, name)
    else:
        text = decode_text(data, name)
        if suffix == ".md":
            text = strip_markdown(text)
    report = from_text(text, source=name)
    if not report.paragraphs:
        raise InputError(
            f"{name}: the file holds no text; check that it is the right file and saved"
        )
    return report


def load_stdin(*, max_bytes: int = MAX_BYTES) -> Report:
    """A report from standard input (UTF-8 or UTF-16 with BOM)."""
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"<stdin>: over the {max_bytes / 1e6:.1f} MB limit; split the input")
    report = from_text(decode_text(data, "<stdin>"), source="<stdin>")
    if not report.paragraphs:
        raise InputError("<stdin>: no text received; pipe a report into the command")
    return report


def decode_text(data: bytes, name: str) -> str:
    """Text of a file in UTF-8 (with or without BOM) or UTF-16 with BOM."""
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif data.startswith(b"PK\x03\x04"):
        raise InputError(f"{name}: looks like a Word or zip file; name it .docx or save as .txt")
    elif b"\x00" in data[:4096]:
        raise InputError(
            f"{name}: binary data or UTF-16 without a byte-order mark; save it as UTF-8 text"
        )
    else:
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid {encoding.upper()} text (byte {exc.start}); "
            "it may use a legacy Vietnamese encoding (TCVN3, VNI, Windows-1258): "
            "save it as UTF-8 and try again"
        ) from None


def strip_markdown(text: str) -> str:
    """Markdown to plain text lines: headings, quotes, links and emphasis marks removed."""
    lines = []
    for line in text.split("\n"):
        line = _MD_QUOTE.sub("", _MD_HEADING.sub("", line))
        line = _MD_EMPHASIS.sub(_emphasis_text, _MD_LINK.sub(r"\1", line))
        lines.append(line)
    return "\n".join(lines)


def _emphasis_text(match: re.Match[str]) -> str:
    return next(group for group in match.groups() if group is not None)


def docx_text(data: bytes, name: str) -> str:
    """Paragraphs and table cells of a Word document, in body order, one per line."""
    if not data.startswith(b"PK\x03\x04"):
        raise InputError(
            f"{name}: not a Word document (zip header missing); save it as .docx or .txt"
        )
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for damaged files
        raise InputError(
            f"{name}: not a readable Word document ({type(exc).__name__}); "
            "open it in Word and save it again as .docx, or save it as .txt"
        ) from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            lines.extend(_table_lines(block))
        else:
            lines.append(block.text.replace("\n", " "))
    return "\n".join(lines)


def _table_lines(table) -> list[str]:
    """Cell paragraphs row by row; a merged cell is read once."""
    lines: list[str] = []
    seen: set[object] = set()
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            lines.extend(p.text.replace("\n", " ") for p in cell.paragraphs)
            for inner in cell.tables:
                lines.extend(_table_lines(inner))
    return lines
