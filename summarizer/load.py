"""Read a report from text, a .txt/.md/.docx file or stdin into a `Report`."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import InputError
from summarizer.models import Paragraph, Report
from summarizer.text import normalize, split_sentences

SUFFIXES = (".txt", ".md", ".docx")


@dataclass(frozen=True)
class Limits:
    """How much one report may hold; over a limit, the report is refused with an error
    that names the file and the limit. Raise one with `Limits(paragraphs=200_000)`, or
    on the command line with `--limit paragraphs=200000`.

    The defaults are far above any meeting report (the longest real ones have a few
    hundred paragraphs) and keep one report within about a minute and 1 GB.
    """

    bytes: int = 5_000_000  # size of a file or of standard input
    unzipped: int = 50_000_000  # a .docx: the size of all its parts unpacked
    entries: int = 2_000  # a .docx: the files in its archive
    paragraphs: int = 50_000  # lines of text, paragraphs of a .docx, table cells included
    cells: int = 50_000  # a .docx: table cells
    paragraph_chars: int = 1_500_000  # characters in one paragraph or line

    @classmethod
    def parse(cls, settings: list[str]) -> Limits:
        """Limits from `NAME=VALUE` settings ("paragraphs=200000"); unknown names refused."""
        names = [f.name for f in dataclasses.fields(cls)]
        values: dict[str, int] = {}
        for setting in settings:
            name, _, value = setting.partition("=")
            name = name.strip().replace("-", "_")
            if name not in names or not value.strip().isdigit() or int(value) < 1:
                raise InputError(
                    f"--limit {setting}: give NAME=N with N a whole number of at least 1 and "
                    f"NAME one of {', '.join(names)}"
                )
            values[name] = int(value)
        return cls(**values)


MAX_BYTES = Limits.bytes


def _over(name: str, what: str, limit: int, field: str, advice: str) -> InputError:
    return InputError(
        f"{name}: more than {limit:,} {what} (the limit); {advice}, "
        f"or raise the limit with --limit {field}=N"
    )


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_QUOTE = re.compile(r"^\s*>\s?")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(
    r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__"
    r"|(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"
)


def _limits(limits: Limits | None, max_bytes: int | None) -> Limits:
    limits = limits or Limits()
    return limits if max_bytes is None else dataclasses.replace(limits, bytes=max_bytes)


def load(
    source: str | os.PathLike[str],
    *,
    max_bytes: int | None = None,
    limits: Limits | None = None,
) -> Report:
    """A report from text (any `str`) or from a file (`pathlib.Path` / `os.PathLike`).

    `limits` bounds what one report may hold (see `Limits`); `max_bytes` is its `bytes`.
    """
    if isinstance(source, str):
        return from_text(source, limits=_limits(limits, max_bytes))
    return load_file(Path(source), limits=_limits(limits, max_bytes))


def from_text(text: str, source: str = "<text>", *, limits: Limits | None = None) -> Report:
    """A report from text: every non-empty line is a paragraph."""
    limits = limits or Limits()
    lines = [line for line in normalize(text).split("\n") if line]
    if len(lines) > limits.paragraphs:
        raise _over(source, "lines", limits.paragraphs, "paragraphs", "split the report")
    longest = max(lines, key=len, default="")
    if len(longest) > limits.paragraph_chars:
        raise _over(
            source,
            "characters in one line",
            limits.paragraph_chars,
            "paragraph_chars",
            "break the text into paragraphs",
        )
    paragraphs = [
        Paragraph(index=i, text=line, sentences=split_sentences(line))
        for i, line in enumerate(lines)
    ]
    return Report(source=source, paragraphs=paragraphs)


def load_file(path: Path, *, max_bytes: int | None = None, limits: Limits | None = None) -> Report:
    """A report from a .txt, .md or .docx file."""
    limits = _limits(limits, max_bytes)
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{name}: unsupported file type '{suffix}'; use .txt, .md or .docx")
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > limits.bytes:
                raise InputError(
                    f"{name}: {size / 1e6:.1f} MB is over the {limits.bytes / 1e6:.1f} MB "
                    "limit; split the file or raise the limit (--limit bytes=N)"
                )
            data = file.read(limits.bytes + 1)
        if len(data) > limits.bytes:  # grown since it was measured
            raise InputError(
                f"{name}: over the {limits.bytes / 1e6:.1f} MB limit; split the file "
                "or raise the limit (--limit bytes=N)"
            )
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder; give a file") from None
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; check the path and the name") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied; check the file's access rights") from None
    except OSError as exc:
        raise InputError(
            f"{name}: cannot be read ({exc.strerror or exc}); check the file and try again"
        ) from None
    if suffix == ".docx":
        text = docx_text(data, name, limits)
    else:
        text = decode_text(data, name)
        if suffix == ".md":
            text = strip_markdown(text)
    report = from_text(text, source=name, limits=limits)
    if not report.paragraphs:
        raise InputError(
            f"{name}: the file holds no text; check that it is the right file and saved"
        )
    return report


def load_stdin(*, max_bytes: int | None = None, limits: Limits | None = None) -> Report:
    """A report from standard input (UTF-8 or UTF-16 with BOM)."""
    limits = _limits(limits, max_bytes)
    data = sys.stdin.buffer.read(limits.bytes + 1)
    if len(data) > limits.bytes:
        raise InputError(
            f"<stdin>: over the {limits.bytes / 1e6:.1f} MB limit; split the input "
            "or raise the limit (--limit bytes=N)"
        )
    report = from_text(decode_text(data, "<stdin>"), source="<stdin>", limits=limits)
    if not report.paragraphs:
        raise InputError("<stdin>: no text received; pipe a report into the command")
    return report


def decode_text(data: bytes, name: str) -> str:
    """Text of a file in UTF-8 (with or without BOM), UTF-16 or Windows-1258.

    UTF-16 without a byte-order mark and Windows-1258 (cp1258) are taken only when the
    result is clearly text (clearly Vietnamese, for cp1258); VNI and TCVN3 (ABC) files
    are recognised and refused with what to do.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif data.startswith(b"PK\x03\x04"):
        raise InputError(f"{name}: looks like a Word or zip file; name it .docx or save as .txt")
    elif b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        if not _few_nuls(data[:4096]):
            raise InputError(
                f"{name}: binary data or UTF-16 without a byte-order mark; save it as UTF-8 text"
            )
        encoding = "utf-8"  # a stray NUL in a text file: read it, normalize drops it
    else:
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8":
            text = _legacy_vietnamese(data, name)
            if text is not None:
                return text
        raise InputError(
            f"{name}: not valid {encoding.upper()} text (byte {exc.start}); "
            "it may use a legacy Vietnamese encoding (TCVN3, VNI, Windows-1258): "
            "save it as UTF-8 and try again"
        ) from None


# ---------------------------------------------------------------------------------------
# Encodings other than UTF-8: UTF-16 without a byte-order mark, Windows-1258, VNI, TCVN3

_SAMPLE = 64 * 1024  # bytes looked at to recognise an encoding


def _few_nuls(sample: bytes) -> bool:
    """A NUL or two in text (a bad copy), not the many of binary data or UTF-16."""
    return sample.count(0) <= max(2, len(sample) // 1000)


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 data without a byte-order mark, when that is sure; else None.

    Sure means: the high byte of most characters is zero (the odd bytes for little
    endian, the even ones for big endian) and almost never the low byte, the whole file
    decodes, and what it gives is mostly letters, digits, spaces and punctuation.
    """
    if len(data) % 2 or len(data) < 4:
        return None
    sample = data[:_SAMPLE]
    even, odd = sample[0::2], sample[1::2]
    even_zero, odd_zero = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_zero >= 0.3 and even_zero <= 0.02:
        encoding = "utf-16-le"
    elif even_zero >= 0.3 and odd_zero <= 0.02:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _mostly_text(text[: _SAMPLE // 2]) else None


def _mostly_text(text: str) -> bool:
    """Letters, digits and punctuation, hardly any control or unassigned characters."""
    shown = [c for c in text if not c.isspace()]
    if not shown:
        return False
    categories = [unicodedata.category(c) for c in shown]
    wordy = sum(cat[0] in "LNP" for cat in categories)
    odd = sum(cat in ("Cc", "Cn", "Co", "Cs") for cat in categories)
    return wordy >= 0.8 * len(shown) and odd <= 0.01 * len(shown)


_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
_TONE_MARKS = frozenset((_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT))
_VIETNAMESE_VOWELS = "aăâeêioôơuưy"
# Letters of Vietnamese beyond ASCII: vowels with their marks, and đ.
_VIETNAMESE_LETTERS = frozenset(
    "đĐ"
    + "".join(
        unicodedata.normalize("NFC", vowel + tone)
        for vowel in _VIETNAMESE_VOWELS + _VIETNAMESE_VOWELS.upper()
        for tone in ("", *_TONE_MARKS)
    )
)
_PUNCTUATION = frozenset("“”‘’–—…•°·«»₫§©®±×÷€\u00a0")
# A syllable with its tone mark taken off: onset, vowels, final consonant.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?"
    r"(?:iêu|yêu|oai|oao|oay|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu"
    r"|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy"
    r"|ưa|ưi|ưu|ươ|yê|[aăâeêioôơuưy])"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_WORD = re.compile(r"[^\W\d_]+")

# TCVN3 (ABC): one byte per letter. The toned vowels of each base vowel, in the order
# grave, hook, tilde, acute, dot below; capitals exist only without a tone mark.
_TCVN3_TONED = {
    "a": b"\xb5\xb6\xb7\xb8\xb9",
    "ă": b"\xbb\xbc\xbd\xbe\xc6",
    "â": b"\xc7\xc8\xc9\xca\xcb",
    "e": b"\xcc\xce\xcf\xd0\xd1",
    "ê": b"\xd2\xd3\xd4\xd5\xd6",
    "i": b"\xd7\xd8\xdc\xdd\xde",
    "o": b"\xdf\xe1\xe2\xe3\xe4",
    "ô": b"\xe5\xe6\xe7\xe8\xe9",
    "ơ": b"\xea\xeb\xec\xed\xee",
    "u": b"\xef\xf1\xf2\xf3\xf4",
    "ư": b"\xf5\xf6\xf7\xf8\xf9",
    "y": b"\xfa\xfb\xfc\xfd\xfe",
}
_TCVN3 = {
    **{b: c for b, c in zip(b"\xa1\xa2\xa3\xa4\xa5\xa6\xa7", "ĂÂÊÔƠƯĐ", strict=True)},
    **{b: c for b, c in zip(b"\xa8\xa9\xaa\xab\xac\xad\xae", "ăâêôơưđ", strict=True)},
    **{
        code: unicodedata.normalize("NFC", vowel + tone)
        for vowel, codes in _TCVN3_TONED.items()
        for code, tone in zip(codes, (_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT), strict=True)
    },
}
_TCVN3_TABLE = {code: _TCVN3.get(code, "\ufffd") for code in range(0x80, 0x100)}

# VNI-Windows: a vowel is the ASCII letter followed by a mark byte; a few letters are
# one byte. Shown as Windows-1252, "Hội nghị" is "Hoäi nghò". Capitals take the
# capital form of the mark byte.
_VNI_MARKS = {
    "ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRCUMFLEX, "á": _CIRCUMFLEX + _ACUTE, "à": _CIRCUMFLEX + _GRAVE,
    "å": _CIRCUMFLEX + _HOOK, "ã": _CIRCUMFLEX + _TILDE, "ä": _CIRCUMFLEX + _DOT,
    "ê": _BREVE, "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE,
    "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE, "ë": _BREVE + _DOT,
}  # fmt: skip
_VNI_MARKS.update({byte.upper(): marks for byte, marks in _VNI_MARKS.items()})
_VNI_LETTERS = {
    "ñ": "đ", "ô": "ơ", "ö": "ư", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
}  # fmt: skip
_VNI_LETTERS.update({byte.upper(): letter.upper() for byte, letter in _VNI_LETTERS.items()})
_VNI_VOWEL = re.compile("([aeiouyAEIOUYôöÔÖ])([" + "".join(_VNI_MARKS) + "])")


def _from_vni(data: bytes) -> str:
    text = data.decode("latin-1")
    text = _VNI_VOWEL.sub(
        lambda m: _VNI_LETTERS.get(m.group(1), m.group(1)) + _VNI_MARKS[m.group(2)], text
    )
    return unicodedata.normalize("NFC", text.translate(str.maketrans(_VNI_LETTERS)))


def _from_tcvn3(data: bytes) -> str:
    return data.decode("latin-1").translate(_TCVN3_TABLE)


def _from_cp1258(data: bytes) -> str | None:
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None


def _vietnamese_share(text: str) -> float:
    """How clearly the text is Vietnamese: 0 (not at all) to 1.

    Counts the words with letters beyond ASCII: nearly all of them must be Vietnamese
    syllables (a wrong decoding gives letters no syllable has, or vowels in an
    impossible order), they must be a good share of all words, and there must be
    hardly any other characters beyond ASCII (symbols, stray marks, controls).
    """
    words = _WORD.findall(text)
    marked = [w for w in words if not w.isascii()]
    if len(marked) < 8 or len(marked) < 0.2 * len(words):
        return 0.0
    syllables = sum(_is_syllable(w) for w in marked)
    beyond = [c for c in text if not c.isascii()]
    odd = sum(c not in _VIETNAMESE_LETTERS and c not in _PUNCTUATION for c in beyond)
    if odd > 0.02 * len(beyond):
        return 0.0
    return syllables / len(marked)


def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(c in _TONE_MARKS for c in decomposed)
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return tones <= 1 and _SYLLABLE.fullmatch(bare) is not None


def _legacy_vietnamese(data: bytes, name: str) -> str | None:
    """Windows-1258 text, decoded; VNI or TCVN3 refused by name; None if none is clear."""
    sample = data[:_SAMPLE]
    candidates = {
        "cp1258": _from_cp1258(sample),
        "VNI": _from_vni(sample),
        "TCVN3 (ABC)": _from_tcvn3(sample),
    }
    shares = {
        encoding: _vietnamese_share(text)
        for encoding, text in candidates.items()
        if text is not None
    }
    best = max(shares, key=shares.__getitem__)
    if shares[best] < 0.9:
        return None
    if best == "cp1258":
        return _from_cp1258(data)
    raise InputError(
        f"{name}: looks like {best} text, a legacy Vietnamese encoding; convert it to "
        "Unicode (UTF-8), e.g. with UniKey's converter, and try again"
    )


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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH, _TABLE, _ROW, _CELL = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_BODY, _CONTROL, _CONTROL_CONTENT = f"{_W}body", f"{_W}sdt", f"{_W}sdtContent"
# what a paragraph's text is made of, as Word shows it
_RUN_TEXT = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}br": " ", f"{_W}cr": " "}
_RUN_TEXT[f"{_W}noBreakHyphen"] = "-"
# text that is not part of the paragraph's line: text boxes, deleted text, field codes
_NOT_TEXT = {f"{_W}txbxContent", f"{_W}del", f"{_W}pPr", f"{_W}rPr", f"{_W}fldData"}
_WIDE_ROW = 4  # cells in a row of a layout table; a wider row is a row of figures
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
        raise _over(
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
    checked = False
    for event, element in events:
        if not checked:
            checked = True
            if element.getroottree().docinfo.doctype:
                raise InputError(
                    f"{name}: the Word document declares a DOCTYPE, which Word never "
                    "writes (such files are made to exhaust memory); open it in Word and "
                    "save it again, or save it as .txt"
                )
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
        raise _over(
            name, "paragraphs", limits.paragraphs, "paragraphs",
            "split the document",
        )  # fmt: skip
    if len(text) > limits.paragraph_chars:
        raise _over(
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
            raise _over(
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
