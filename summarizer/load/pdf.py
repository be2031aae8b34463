"""PDF files with a text layer (exported from Word or LibreOffice, or from a portal).

The text is taken with pdfplumber (`summarizer[pdf]`) in the order the page draws it,
which keeps columns apart, with each line's place on the page. From the places, the lines
are joined back into the paragraphs they were typed as: a paragraph ends before extra
space, a first-line indent, a shifted line, a list item, and after a line that stops short
of its column's right edge; centred lines of one title are joined while they fill their
width; a word broken at a hyphen or a soft hyphen at the end of a line is whole again.
Running headers and footers (a line repeated at the top or foot of most pages) and page
numbers are dropped. A PDF without a text layer (a scan) is refused with what to do.
"""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass

from summarizer.budget import check
from summarizer.errors import InputError, SummarizerError
from summarizer.load.limits import Limits, over

SUFFIXES = (".pdf",)

# A running header or footer lies in this share of the page height at its top or foot.
_MARGIN_ZONE = 0.12
# Lines per page at the top and at the foot looked at as a header or footer.
_EDGE_LINES = 3
# A page number by itself: "3", "- 3 -", "Trang 3", "3/12", "Trang 3 / 12".
_PAGE_NUMBER = re.compile(
    r"^(?:trang|page)?\s*[-–—(]?\s*\d{1,4}\s*(?:(?:/|của|trên|of)\s*\d{1,4})?\s*[-–—)]?$",
    re.IGNORECASE,
)
_ENDS_SENTENCE = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_LIST_ITEM = re.compile(r"^(?:[-–+•*▪●◦]\s|\d{1,2}[.)]\s|[a-zđ][.)]\s|[IVX]{1,5}[.)]\s)")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_UNMAPPED = re.compile(r"\(cid:\d+\)")
# At most this share of a PDF's characters may be glyphs its fonts do not map to letters.
_UNMAPPED_SHARE = 0.05
_MIN_CHARS_PER_PAGE = 20
# A line starting up to this many text heights right of a column's edge is indented.
_INDENT_MAX = 6


@dataclass
class Line:
    """One line of a page: its text and its box (points; top measured from the top)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int

    @property
    def size(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


def read(data: bytes, name: str, limits: Limits, suffix: str) -> str:
    """The paragraphs of a PDF's text layer, one per line."""
    pages, heights = _page_lines(data, name, limits)
    text = "".join(line.text for lines in pages for line in lines)
    unmapped = sum(len(m) for m in _UNMAPPED.findall(text))
    shown = len("".join(text.split())) - unmapped
    if shown < _MIN_CHARS_PER_PAGE * max(1, len(pages)):
        raise InputError(
            f"{name}: the PDF has no text layer (it is probably a scanned image); run it "
            "through OCR first (e.g. ocrmypdf -l vie), or use the document it was made from"
        )
    if unmapped > _UNMAPPED_SHARE * len(text):
        raise InputError(
            f"{name}: the PDF's fonts do not say which letters they draw, so its text "
            "cannot be read; export it again from Word (File > Save As > PDF) or run OCR"
        )
    kept = _drop_running_lines(pages, heights)
    return "\n".join(_paragraphs([line for lines in kept for line in lines]))


def _pdfplumber(name: str):
    try:
        import pdfplumber
    except ImportError:
        raise InputError(
            f"{name}: reading PDF needs the pdfplumber package; install it with "
            "pip install 'summarizer[pdf]'"
        ) from None
    return pdfplumber


def _page_lines(data: bytes, name: str, limits: Limits) -> tuple[list[list[Line]], list[float]]:
    """The lines of each page in drawing order, and each page's height."""
    pdfplumber = _pdfplumber(name)
    damaged = (
        f"{name}: not a readable PDF (damaged or cut short); open it and export it "
        "again as PDF, or save the report as .docx"
    )
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError(f"{name}: not a PDF file (no %PDF header); check the file")
    pages, heights = [], []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > limits.pages:
                raise over(name, "pages", limits.pages, "pages", "split the PDF")
            for number, page in enumerate(pdf.pages):
                check()  # a long PDF within the report's time limit
                heights.append(float(page.height))
                found = page.extract_text_lines(use_text_flow=True, return_chars=False)
                pages.append([_line(found_line, number) for found_line in found])
                page.close()  # frees the page's parsed objects
    except SummarizerError:  # an error of ours, the time limit's included
        raise
    except Exception as exc:  # pdfminer's PDFSyntaxError, PDFPasswordIncorrect, ...
        causes = [exc, *exc.args, exc.__context__]
        if any("password" in type(cause).__name__.lower() for cause in causes):
            raise InputError(
                f"{name}: the PDF is protected by a password; open it, save a copy "
                "without the password and try again"
            ) from None
        raise InputError(f"{damaged} ({type(exc).__name__})") from None
    return pages, heights


def _line(found: dict, page: int) -> Line:
    text = " ".join(str(found["text"]).split())
    return Line(text, found["x0"], found["x1"], found["top"], found["bottom"], page)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.casefold().split()))


def _drop_running_lines(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """The pages without their page numbers and running headers and footers."""

    def edges(lines: list[Line], height: float) -> list[Line]:
        ordered = sorted(lines, key=lambda line: line.top)
        top = [ln for ln in ordered[:_EDGE_LINES] if ln.bottom <= height * _MARGIN_ZONE]
        foot = [ln for ln in ordered[-_EDGE_LINES:] if ln.top >= height * (1 - _MARGIN_ZONE)]
        return top + foot

    candidates = [edges(lines, height) for lines, height in zip(pages, heights, strict=True)]
    seen: dict[str, int] = {}
    for lines in candidates:
        for key in {_key(line.text) for line in lines}:
            seen[key] = seen.get(key, 0) + 1
    running = {key for key, count in seen.items() if count >= 2 and count >= 0.5 * len(pages)}
    kept = []
    for lines, edge in zip(pages, candidates, strict=True):
        drop = {
            id(line) for line in edge if _PAGE_NUMBER.match(line.text) or _key(line.text) in running
        }
        kept.append([line for line in lines if id(line) not in drop])
    return kept


@dataclass
class _Layout:
    """What the lines of a document share: text size, line pitch and columns."""

    size: float
    pitch: float
    columns: list[tuple[float, float]]  # (left edge, right edge) of each column
    widths: dict[int, float]  # the widest line centred about each place (in text heights)

    def widest_about(self, middle: float) -> float:
        """The width of the widest line centred where `middle` is."""
        at = round(middle / self.size)
        return max(self.widths.get(at + d, 0.0) for d in (-1, 0, 1))

    def column(self, line: Line) -> tuple[float, float] | None:
        """The column whose left edge the line starts at, if any."""
        for left, right in self.columns:
            if abs(line.x0 - left) <= 0.5 * self.size:
                return left, right
        return None

    def full(self, line: Line, share: float) -> bool:
        """Whether the line reaches across `share` of the column it lies in."""
        for left, right in self.columns:
            if left - 0.5 * self.size <= line.x0 and line.x1 <= right + 2 * self.size:
                return line.x1 - left >= share * (right - left)
        return False


def _paragraphs(lines: list[Line]) -> list[str]:
    """The lines joined into the paragraphs they were typed as."""
    if not lines:
        return []
    layout = _layout(lines)
    paragraphs: list[str] = []
    for i, line in enumerate(lines):
        if i and not _breaks(lines[i - 1], line, layout):
            paragraphs[-1] = _join(paragraphs[-1], line.text)
        else:
            paragraphs.append(line.text)
    return paragraphs


def _layout(lines: list[Line]) -> _Layout:
    size = statistics.median(line.size for line in lines)
    counts: dict[int, list[Line]] = {}
    for line in lines:
        counts.setdefault(round(line.x0), []).append(line)
    needed = max(2, 0.1 * len(lines))
    columns: list[tuple[float, float]] = []
    for x in sorted(x for x, starting in counts.items() if len(starting) >= needed):
        if columns and x - columns[-1][0] <= _INDENT_MAX * size:
            continue  # a first-line indent of the column, or the column's own edge
        ends = sorted(line.x1 for line in lines if abs(line.x0 - x) <= 0.5 * size)
        columns.append((float(x), ends[int(0.9 * (len(ends) - 1))]))
    if not columns:
        columns = [(min(ln.x0 for ln in lines), max(ln.x1 for ln in lines))]
    steps = [
        b.top - a.top
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and 0.5 * size < b.top - a.top < 3 * size
    ]
    pitch = statistics.median(steps) if steps else 1.2 * size
    widths: dict[int, float] = {}
    for line in lines:
        at = round(line.middle / size)
        widths[at] = max(widths.get(at, 0.0), line.x1 - line.x0)
    return _Layout(size, pitch, columns, widths)


def _breaks(prev: Line, line: Line, layout: _Layout) -> bool:
    """Whether `line` starts a paragraph after `prev`."""
    size = layout.size
    ended = _ENDS_SENTENCE.search(prev.text) is not None
    step = line.top - prev.top
    next_line = line.page == prev.page and 0 < step <= 3 * size
    if abs(line.size - prev.size) > 0.2 * size or _LIST_ITEM.match(line.text):
        return True  # a heading's size, or a list item
    if next_line and step > 1.3 * layout.pitch:
        return True  # extra space between paragraphs
    if layout.column(line) is None:
        # not at a column's edge: indented, shifted, or centred; centred lines of one
        # title run on while each fills the width the title's lines take
        centred = abs(line.middle - prev.middle) <= 0.5 * size
        if not (centred and next_line and not ended):
            return True
        return prev.x1 - prev.x0 < 0.8 * layout.widest_about(prev.middle)
    if not layout.full(prev, 0.9 if ended else 0.75):
        return True  # the last line of a paragraph stops short of the right edge
    # a line at the column's edge after a full one: the same paragraph, on the next line,
    # or in a new column or page unless the sentence ended there
    return not next_line and ended


def _join(paragraph: str, line: str) -> str:
    if paragraph.endswith("\u00ad"):
        return paragraph[:-1] + line
    if _HYPHENATED.search(paragraph) and line[:1].isalnum():
        return paragraph + line  # "COVID-" "19", "Bà Rịa-" "Vũng Tàu"
    return f"{paragraph} {line}"
