"""PDF text libraries on Vietnamese PDFs as offices export them, side by side.

    .venv/bin/python benchmarks/pdf_readers.py            # needs LibreOffice (soffice)

The PDFs are made here by LibreOffice from the example reports and the seed: typed as a
report in Word would be (Times New Roman 14 and DejaVu Sans 12, justified, first-line
indent, a running header and page numbers on a long one, two columns on another), and
the example minutes .docx as it is (a layout table of two header blocks), and, when
Chromium is installed, a portal page (tests/formats.portal_html) printed to PDF by it.
Each library's
raw page text is compared with the words of the source:

- words: share of the source's words found in the text (as a multiset);
- not NFC: characters whose Unicode form is not NFC (decomposed diacritics);
- glued: words of the output made of two source words run together (a lost space);
- other: other words the source does not have (pieces of a cut word, page numbers,
  header words);
- order: whether the paragraphs' first words all come, in the source's order;
- chrome: running header and page-number lines left in the text;
- ms/page: extraction time per page (best of 3).

Then the project's reader (`summarizer.load`, on pdfplumber with the text flow) is scored
on whole paragraphs: the share of the source's paragraphs it gives back exactly.
Libraries that are not installed are listed as such (pypdf and pymupdf are not
dependencies of the project: `pip install pypdf pymupdf` to include them).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import Summarizer  # noqa: E402
from summarizer.load import load_file  # noqa: E402
from tests.formats import (  # noqa: E402
    HEADER,
    convert,
    in_two_columns,
    portal_html,
    soffice,
    typed_docx,
)

SEED = ROOT.parent / "shared" / "seeds" / "000_b3b1cc480d78469e.txt"
EXAMPLES = ROOT / "examples"
PRINTED = "portal page, Chromium print"


def make_pdfs(folder: Path) -> list[tuple[str, Path, list[str]]]:
    """(case, PDF, source paragraphs) for each case."""
    sources = [EXAMPLES / "hoi-nghi-so-ket-6-thang.txt", EXAMPLES / "phien-hop-ubnd.md"]
    if SEED.is_file():
        sources.append(SEED)
    cases = []
    for source in sources:
        lines = [p.text for p in load_file(source).paragraphs]
        stem = source.stem[:12]
        typed = typed_docx(lines, folder / f"{stem}-times.docx")
        cases.append((f"{stem} Times 14", convert(typed, "pdf", folder), lines))
        typed = typed_docx(lines, folder / f"{stem}-dejavu.docx", font="DejaVu Sans", size=12)
        cases.append((f"{stem} DejaVu 12", convert(typed, "pdf", folder), lines))
    lines = [p.text for p in load_file(sources[0]).paragraphs][:10] * 3
    long = typed_docx(lines, folder / "long-header.docx", header=HEADER)
    cases.append(("3 pages, header, page no.", convert(long, "pdf", folder), lines))
    lines = [p.text for p in load_file(sources[0]).paragraphs][:10]
    columns = in_two_columns(typed_docx(lines, folder / "two-columns.docx", size=12))
    cases.append(("two columns", convert(columns, "pdf", folder), lines))
    minutes = EXAMPLES / "bien-ban-hop-giao-ban.docx"
    lines = [p.text for p in load_file(minutes).paragraphs]
    cases.append(("minutes .docx (tables)", convert(minutes, "pdf", folder), lines))
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser:  # a portal page printed to PDF by a browser (Skia), menus and all
        lines = [p.text for p in load_file(sources[0]).paragraphs]
        page = folder / "portal.html"
        page.write_text(
            portal_html(lines, title=1, body=range(2, 11), captions={3, 6, 9},
                        published="2025-07-11T16:40:00+07:00"),
            encoding="utf-8",
        )  # fmt: skip
        printed = folder / "portal-chromium.pdf"
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={folder / 'chromium'}",
             f"--print-to-pdf={printed}", page.as_uri()],
            capture_output=True, timeout=120, check=False,
        )  # fmt: skip
        if printed.is_file():
            cases.append((PRINTED, printed, lines))
    return cases


# --------------------------------------------------------------------------- libraries


def with_pypdf(path: Path) -> list[str]:
    import pypdf

    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def with_pdfplumber(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def with_pdfplumber_flow(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [page.extract_text(use_text_flow=True) or "" for page in pdf.pages]


def with_pymupdf(path: Path) -> list[str]:
    import pymupdf

    with pymupdf.open(path) as document:
        return [page.get_text() for page in document]


LIBRARIES = {
    "pypdf": with_pypdf,
    "pdfplumber": with_pdfplumber,
    "pdfplumber flow": with_pdfplumber_flow,
    "pymupdf": with_pymupdf,
}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+(?:[-/.,]\w+)*", unicodedata.normalize("NFC", text))


def score(pages: list[str], lines: list[str]) -> dict[str, float | int | bool]:
    text = "\n".join(pages)
    got, want = _words(text), _words("\n".join(lines))
    found = sum((Counter(want) & Counter(got)).values())
    known = set(want)
    glued = other = 0
    for word in set(got) - known:
        if any(word[:i] in known and word[i:] in known for i in range(1, len(word))):
            glued += 1
        else:
            other += 1
    starts = [" ".join(_words(line)[:4]) for line in lines if len(_words(line)) >= 4]
    flat, place, in_order = " ".join(got), 0, True
    for start in starts:
        place = flat.find(start, place)
        if place < 0:
            in_order = False
            break
    page_numbers = sum(bool(re.fullmatch(r"\s*\d{1,3}\s*", line)) for line in text.split("\n"))
    headers = text.count(HEADER)
    return {
        "words": found / max(1, len(want)),
        "not_nfc": sum(1 for c in text if unicodedata.normalize("NFC", c) != c),
        "glued": glued,
        "other": other,
        "order": in_order,
        "chrome": page_numbers + headers,
    }


def timed(function, path: Path, repeat: int = 3) -> tuple[list[str], float]:
    best, pages = float("inf"), []
    for _ in range(repeat):
        start = time.perf_counter()
        pages = function(path)
        best = min(best, time.perf_counter() - start)
    return pages, best / max(1, len(pages))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, default=None, help="folder to keep the PDFs in")
    args = parser.parse_args(argv)
    if soffice() is None:
        print("needs LibreOffice (soffice) to make the PDFs", file=sys.stderr)
        return 2
    folder = args.keep or Path(tempfile.mkdtemp(prefix="pdf-readers-"))
    folder.mkdir(parents=True, exist_ok=True)
    cases = make_pdfs(folder)
    available = {}
    for name, function in LIBRARIES.items():
        try:
            function(cases[0][1])
            available[name] = function
        except ImportError:
            print(f"{name}: not installed")
    header = f"{'case':28} {'library':16} {'words':>6} {'!NFC':>5} {'glued':>5} {'other':>5}"
    print(header + f" {'order':>5} {'chrome':>6} {'ms/page':>8}")
    totals: dict[str, list[float]] = {name: [] for name in available}
    for case, pdf, lines in cases:
        for name, function in available.items():
            pages, seconds = timed(function, pdf)
            s = score(pages, lines)
            totals[name].append(seconds)
            print(
                f"{case:28} {name:16} {s['words']:6.1%} {s['not_nfc']:5d} {s['glued']:5d} "
                f"{s['other']:5d} {'yes' if s['order'] else 'NO':>5} {s['chrome']:6d} "
                f"{seconds * 1000:8.1f}"
            )
    print()
    for name, times in totals.items():
        print(f"{name:16} mean {sum(times) / len(times) * 1000:.1f} ms/page")
    print("\nsummarizer.load (pdfplumber, text flow, paragraphs rebuilt, chrome dropped):")
    for case, pdf, lines in cases:
        if case == PRINTED:  # the page's menus are in it: its briefing is what counts
            engine = Summarizer(engine="extractive")
            got, want = engine.brief(pdf), engine.brief(EXAMPLES / "hoi-nghi-so-ket-6-thang.txt")
            same = got.facts == want.facts and [(s.kind, s.summary) for s in got.sections] == [
                (s.kind, s.summary) for s in want.sections
            ]
            print(f"{case:28} briefing (facts, sections) {'the same as' if same else 'NOT'} "
                  "the .txt's")  # fmt: skip
            continue
        start = time.perf_counter()
        got = [p.text for p in load_file(pdf).paragraphs]
        seconds = time.perf_counter() - start
        same = sum(1 for a, b in zip(got, lines, strict=False) if a == b)
        exact = "exact" if got == lines else f"{len(got)} vs {len(lines)} paragraphs"
        print(f"{case:28} {same / len(lines):6.1%} of paragraphs  {exact:24} {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
