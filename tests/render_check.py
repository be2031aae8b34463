"""Render briefings to PDF and PNG with LibreOffice and check them as a reader sees them.

    .venv/bin/python -m tests.render_check          # the PNGs under docs/, a line per case
    .venv/bin/python -m tests.render_check --out /tmp/pages --dpi 100

Each case (the seed report when ../shared is there, every report in examples/, a briefing
with one very long part and one with only an opening) is briefed with the extractive
engine, written as DOCX, converted by `soffice --headless --convert-to pdf` and checked:
- every font in the PDF is embedded and is Times New Roman or a metric-compatible
  substitute (Liberation Serif, Tinos), so no Vietnamese letter fell back to another font;
- the text extracted from the PDF (pdftotext) holds the title, the subject and every part
  summary letter for letter, and the words of every task of the task table in order;
- the first page has no page number; every later page starts with its number;
- the long briefing runs onto a second page.
Page images (pdftoppm) are written as <case>-p<N>.png. Needs LibreOffice and poppler-utils
(Debian: libreoffice-writer, poppler-utils).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared/seeds/000_b3b1cc480d78469e.txt"
EXAMPLES = ROOT / "examples"
TOOLS = ("soffice", "pdffonts", "pdftotext", "pdfinfo", "pdftoppm")
SERIF = re.compile(r"TimesNewRoman|Times-?New-?Roman|LiberationSerif|Tinos", re.IGNORECASE)


@dataclass
class Case:
    name: str
    briefing: object  # summarizer.Briefing, or a summarizer.digest.Digest
    min_pages: int = 1


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def cases(names: list[str] | None = None) -> list[Case]:
    """The briefings to render: seed, examples, a long one and an opening-only one."""
    import summarizer
    from summarizer import Briefing, SectionSummary

    brief = summarizer.Summarizer(engine="extractive").brief
    found: list[Case] = []
    if SEED.is_file():
        found.append(Case("seed", brief(SEED)))
    for path in sorted(EXAMPLES.iterdir()):
        if path.suffix in (".txt", ".md", ".docx"):
            found.append(Case(path.stem, brief(path)))
    base = found[-1].briefing
    paragraph = " ".join(s.summary for s in base.sections)
    long = base.model_copy(deep=True)
    long.sections = [
        SectionSummary(
            kind=s.kind,
            summary=" ".join([s.summary] + [paragraph] * (3 if s.kind == "discussion" else 0)),
            paragraph_indexes=s.paragraph_indexes,
            engine=s.engine,
        )
        for s in base.sections
    ]
    found.append(Case("long-part", long, min_pages=2))
    opening = Briefing(
        source="khai-mac.txt",
        subject="lễ khai mạc Hội khỏe Phù Đổng trường Tiểu học Hòa Bình",
        sections=[
            SectionSummary(
                kind="opening",
                summary="Sáng 2/4, Trường Tiểu học Hòa Bình tổ chức lễ khai mạc Hội khỏe Phù "
                "Đổng năm học 2024-2025. Thầy Lương Văn Đức, Hiệu trưởng, chủ trì buổi lễ.",
                paragraph_indexes=[0],
                engine="extractive",
            )
        ],
    )
    found.append(Case("opening-only", opening))
    found.append(Case("digest", _digest([c.briefing for c in found[:-2]]), min_pages=2))
    return [c for c in found if not names or c.name in names]


def _digest(briefings: list):
    """The digest of the example briefings and of 50 generated reports."""
    from datetime import date

    import summarizer
    from benchmarks.digest import PLACES, REPORT
    from summarizer.digest import make_digest

    brief = summarizer.Summarizer(engine="extractive").brief
    generated = [
        brief(REPORT.format(day=1 + n % 27, month=1 + n % 12, due=15 + n % 10, place=PLACES[n % 6]))
        for n in range(50)
    ]
    return make_digest([*briefings, *generated, ("mat.txt", "mat.txt: no such file")],
                       as_of=date(2025, 7, 1))  # fmt: skip


def _run(command: list[str], timeout: int = 300) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])} ... failed: {done.stderr.strip()[-400:]}")
    return done.stdout


def to_pdf(docx_files: list[Path], folder: Path) -> None:
    """One LibreOffice run for all files, with a profile of its own (no user settings)."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        _run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *map(str, docx_files),
            ]
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _flat(text: str) -> str:
    """NFC, single spaces, without lone dashes: pdftotext drops a dash that ends a line."""
    words = unicodedata.normalize("NFC", text).split()
    return " ".join(word for word in words if word not in ("-", "–", "—"))


def check_pdf(case: Case, pdf: Path) -> tuple[list[str], int]:
    """Problems a reader would see, and the page count."""
    problems = []
    for line in _run(["pdffonts", str(pdf)]).splitlines()[2:]:
        name, emb = line.split()[0], line.split()[-5]
        if emb != "yes":
            problems.append(f"font {name} is not embedded")
        if not SERIF.search(name):
            problems.append(f"font {name} is not Times New Roman or a metric-compatible one")
    info = _run(["pdfinfo", str(pdf)])
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    if pages < case.min_pages:
        problems.append(f"{pages} page(s); expected at least {case.min_pages}")
    body = []
    for page in range(1, pages + 1):
        text = _run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"]).strip()
        first, _, rest = text.partition("\n")
        if page == 1:
            if first.strip().isdigit():
                problems.append("page 1 carries a page number")
            body.append(text)
        elif first.strip() != str(page):
            problems.append(f"page {page} does not start with its number (found {first!r})")
        else:
            body.append(rest)
    flat = _flat(" ".join(body))
    briefing = case.briefing
    from summarizer.digest import Digest
    from summarizer.render import subject, wording

    words = wording()
    if isinstance(briefing, Digest):
        wanted = [words["digest"]["title"], words["digest"]["failed"]]
        wanted += [m.points for m in briefing.meetings]
        cells = [t.text for g in briefing.tasks for t in g.tasks]
        cells += [m.subject or m.source for m in briefing.meetings]
    else:
        wanted = [words["title"]["title"], subject(briefing, words)]
        wanted += [s.summary for s in briefing.sections]
        cells = [d.text for d in briefing.directives]
    for text in wanted:
        if _flat(text) not in flat:
            problems.append(f"text not found in the PDF: {text[:60]!r}")
    # a table cell wraps beside the other cells of its row: its words, in order
    for text in cells:
        if not _in_order(_flat(text).split(), flat.split()):
            problems.append(f"table text not found in the PDF: {text[:60]!r}")
    return problems, pages


def _in_order(words: list[str], text: list[str]) -> bool:
    """The words stand in the text in this order (other words may come between)."""
    found = iter(text)
    return all(word in found for word in words)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder of the PNGs")
    parser.add_argument("--dpi", type=int, default=60, help="PNG resolution (60)")
    parser.add_argument("--case", action="append", help="only these cases (by name)")
    args = parser.parse_args(argv)
    if missing_tools():
        print(f"render check: missing {', '.join(missing_tools())}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        chosen = cases(args.case)
        files = [case.briefing.to_docx(folder / f"{case.name}.docx") for case in chosen]
        to_pdf(files, folder)
        for case in chosen:
            pdf = folder / f"{case.name}.pdf"
            problems, pages = check_pdf(case, pdf)
            for old in args.out.glob(f"{case.name}-p*.png"):
                old.unlink()
            _run(["pdftoppm", "-png", "-r", str(args.dpi), str(pdf), str(args.out / case.name)])
            for image in args.out.glob(f"{case.name}-*.png"):  # pdftoppm names pages -1, -01
                image.rename(args.out / f"{case.name}-p{int(image.stem.rsplit('-', 1)[1])}.png")
            status = "ok" if not problems else "FAILED"
            print(f"{status:<7}{case.name}: {pages} page(s)")
            for problem in problems:
                print(f"         {problem}")
            failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
