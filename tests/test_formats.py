"""The files offices exchange: PDF, saved web pages, Word 97-2003 and OpenDocument.

Each input is made here from a report of examples/ (or the seed) the way an office makes
it: typed in Word and exported as PDF by LibreOffice, saved as .doc or .odt, or served
by a portal as a web page. Its briefing must be the briefing of the report it was made
from, in facts, sections and directives.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from docx import Document

from summarizer import Summarizer
from summarizer.cli import main
from summarizer.errors import InputError
from summarizer.load import SUFFIXES, Limits, load_file
from summarizer.load.pdf import Line, _paragraphs
from tests.conftest import EXAMPLES, SEED
from tests.formats import (
    HEADER,
    convert,
    in_two_columns,
    png,
    portal_html,
    soffice,
    typed_docx,
)

needs_libreoffice = pytest.mark.skipif(
    soffice() is None, reason="needs LibreOffice (soffice); .ci/run installs it"
)

# (name, source): the reports the other formats are made from
SOURCES = {
    "hoi-nghi": EXAMPLES / "hoi-nghi-so-ket-6-thang.txt",
    "phien-hop": EXAMPLES / "phien-hop-ubnd.md",
    "bien-ban": EXAMPLES / "bien-ban-hop-giao-ban.docx",
    "seed": SEED,
}


def _lines(path: Path) -> list[str]:
    return [p.text for p in load_file(path).paragraphs]


def _same_briefing(made: Path, source: Path) -> None:
    engine = Summarizer(engine="extractive")
    got, want = engine.brief(made), engine.brief(source)
    assert got.facts == want.facts
    assert got.subject == want.subject
    assert [(s.kind, s.summary) for s in got.sections] == [
        (s.kind, s.summary) for s in want.sections
    ]
    assert got.directives == want.directives


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """PDF, .doc and .odt files of the example reports, as LibreOffice writes them."""
    if soffice() is None:
        pytest.skip("needs LibreOffice (soffice); .ci/run installs it")
    folder = tmp_path_factory.mktemp("formats")
    files: dict[str, Path] = {}
    for name, source in SOURCES.items():
        if not source.is_file():
            continue
        if source.suffix == ".docx":
            typed = folder / f"{name}.docx"
            typed.write_bytes(source.read_bytes())
        else:
            typed = typed_docx(_lines(source), folder / f"{name}.docx")
        files[f"{name}.pdf"] = convert(typed, "pdf", folder)
    for name in ("bien-ban", "hoi-nghi"):
        files[f"{name}.doc"] = convert(folder / f"{name}.docx", "doc", folder)
        files[f"{name}.odt"] = convert(folder / f"{name}.docx", "odt", folder)
        files[f"{name}.rtf"] = convert(folder / f"{name}.docx", "rtf", folder)
    return files


def test_every_format_has_its_reader():
    assert set(SUFFIXES) >= {
        ".txt",
        ".md",
        ".docx",
        ".pdf",
        ".html",
        ".htm",
        ".doc",
        ".odt",
        ".rtf",
    }


# --- PDF --------------------------------------------------------------------------------


@needs_libreoffice
@pytest.mark.parametrize("name", ["hoi-nghi", "phien-hop", "bien-ban", "seed"])
def test_a_pdf_gives_the_briefing_of_the_report_it_was_exported_from(made, name):
    if f"{name}.pdf" not in made:
        pytest.skip(f"{SOURCES[name]} not found (../shared is absent)")
    pdf = made[f"{name}.pdf"]
    assert _lines(pdf) == _lines(SOURCES[name])  # paragraphs rebuilt, letters intact
    _same_briefing(pdf, SOURCES[name])


@needs_libreoffice
def test_a_long_pdf_loses_its_running_header_and_page_numbers(tmp_path):
    lines = _lines(EXAMPLES / "hoi-nghi-so-ket-6-thang.txt")[:10] * 3
    pdf = convert(typed_docx(lines, tmp_path / "dai.docx", header=HEADER), "pdf", tmp_path)
    got = _lines(pdf)
    assert got == lines  # no header line, no page number, paragraphs across pages whole


@needs_libreoffice
def test_a_pdf_in_two_columns_is_read_column_by_column(tmp_path):
    lines = _lines(EXAMPLES / "hoi-nghi-so-ket-6-thang.txt")[:10]
    typed = in_two_columns(typed_docx(lines, tmp_path / "cot.docx", size=12))
    assert _lines(convert(typed, "pdf", tmp_path)) == lines


def test_words_broken_at_a_hyphen_at_the_end_of_a_line_are_whole_again():
    def line(text, top, x1=500.0):
        return Line(text, 100.0, x1, top, top + 12, 0)

    lines = [
        line("Tỉnh Bà Rịa-", 100),
        line("Vũng Tàu đã hoàn thành tiêm chủng phòng COVID-", 114),
        line("19 và công bố cổng thông tin (web\u00ad", 128),
        line("site) của Sở Y tế.", 142, 200),
    ]
    assert _paragraphs(lines) == [
        "Tỉnh Bà Rịa-Vũng Tàu đã hoàn thành tiêm chủng phòng COVID-19 và công bố cổng "
        "thông tin (website) của Sở Y tế."
    ]


@needs_libreoffice
def test_a_scanned_pdf_says_it_needs_ocr(tmp_path):
    picture = tmp_path / "trang.png"
    picture.write_bytes(png())
    document = Document()
    document.add_picture(str(picture))
    document.save(tmp_path / "scan.docx")
    pdf = convert(tmp_path / "scan.docx", "pdf", tmp_path)
    with pytest.raises(InputError, match="no text layer.*OCR") as caught:
        load_file(pdf)
    assert str(pdf) in str(caught.value)


@needs_libreoffice
def test_a_pdf_with_a_password_says_so(made, tmp_path):
    options = (
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"mat-khau"}}'
    )
    source = tmp_path / "khoa.docx"
    source.write_bytes((made["hoi-nghi.pdf"].parent / "hoi-nghi.docx").read_bytes())
    import subprocess

    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", options, "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    with pytest.raises(InputError, match="protected by a password"):
        load_file(tmp_path / "khoa.pdf")


@needs_libreoffice
def test_a_damaged_or_misnamed_pdf_is_a_clear_error(made, tmp_path):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(made["hoi-nghi.pdf"].read_bytes()[:2000])
    with pytest.raises(InputError, match="not a readable PDF"):
        load_file(cut)
    text = tmp_path / "bao-cao.pdf"
    text.write_text("Sáng 5/3, UBND xã tổ chức hội nghị.", encoding="utf-8")
    with pytest.raises(InputError, match="not a PDF file"):
        load_file(text)
    misnamed = tmp_path / "bao-cao.txt"
    misnamed.write_bytes(made["hoi-nghi.pdf"].read_bytes())
    with pytest.raises(InputError, match="looks like a PDF file; name it .pdf"):
        load_file(misnamed)


@needs_libreoffice
def test_a_pdf_over_the_page_limit_is_refused(made):
    with pytest.raises(InputError, match="more than 1 pages.*--limit pages=N"):
        load_file(made["hoi-nghi.pdf"], limits=Limits(pages=1))


def test_without_pdfplumber_a_pdf_names_the_extra_to_install(tmp_path, monkeypatch):
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    with pytest.raises(InputError, match=r"pip install 'summarizer\[pdf\]'"):
        load_file(pdf)


# --- .doc and .odt ----------------------------------------------------------------------


@needs_libreoffice
@pytest.mark.parametrize(
    "made_name", ["bien-ban.doc", "bien-ban.odt", "bien-ban.rtf", "hoi-nghi.doc", "hoi-nghi.rtf"]
)
def test_word_97_and_opendocument_files_give_the_same_briefing(made, made_name):
    name = made_name.split(".")[0]
    source = SOURCES[name] if name == "bien-ban" else made[f"{name}.pdf"].with_suffix(".docx")
    _same_briefing(made[made_name], source)


def test_without_libreoffice_a_doc_file_says_what_to_do(tmp_path, monkeypatch, capsys):
    import shutil

    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if "office" in name else real(name))
    old = tmp_path / "bien-ban.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    good = tmp_path / "ok.txt"
    good.write_text((EXAMPLES / "hoi-nghi-so-ket-6-thang.txt").read_text(encoding="utf-8"))
    out = tmp_path / "out"
    assert main(["brief", str(old), str(good), "-o", str(out), "-q", "--engine", "extractive"])
    err = capsys.readouterr().err
    assert f"{old}: reading a Word 97-2003 file needs LibreOffice" in err
    assert "save the file as .docx" in err
    assert (out / "ok.docx").is_file() and not (out / "bien-ban.docx").exists()


@needs_libreoffice
def test_a_damaged_doc_file_is_a_clear_error(tmp_path):
    broken = tmp_path / "hong.doc"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x07" * 3000)
    with pytest.raises(InputError, match=r"hong\.doc: .*save it as \.docx"):
        load_file(broken)


# --- saved web pages --------------------------------------------------------------------


def _page(name: str) -> tuple[str, Path]:
    if name == "hoi-nghi":
        lines = _lines(SOURCES[name])
        return portal_html(
            lines, title=1, body=range(2, 11), captions={3, 6, 9},
            published="2025-07-11T16:40:00+07:00",
        ), SOURCES[name]  # fmt: skip
    if not SEED.is_file():
        pytest.skip(f"seed report not found at {SEED} (../shared is absent)")
    lines = _lines(SEED)
    return portal_html(
        lines, title=None, body=range(1, 9), captions={2, 4, 6},
        published="2024-07-03T16:24:00+07:00",
    ), SEED  # fmt: skip


@pytest.mark.parametrize("name", ["hoi-nghi", "seed"])
def test_a_saved_portal_page_gives_the_briefing_of_its_article(tmp_path, name):
    page, source = _page(name)
    path = tmp_path / f"{name}.html"
    path.write_text(page, encoding="utf-8")
    lines = _lines(path)
    assert not {"Trang chủ", "Tìm kiếm", "Dịch vụ công"} & set(lines)  # the menus are gone
    assert not any("Bản quyền" in line for line in lines)  # and the footer
    assert "Quang cảnh Hội nghị." in lines or "Các đại biểu trao đổi, thảo luận tại Hội nghị." in (
        lines
    )  # a caption stays a line of its own
    _same_briefing(path, source)


def test_the_page_date_is_the_dateline(tmp_path):
    page, _ = _page("hoi-nghi")
    page = page.replace("Sáng 11/7,", "Sáng thứ Sáu,")  # the text no longer names the date
    path = tmp_path / "trang.html"
    path.write_text(page, encoding="utf-8")
    assert _lines(path)[0] == "11/07/2025"


@needs_libreoffice
def test_minutes_saved_as_a_web_page_give_the_briefing_of_the_docx(made, tmp_path):
    source = SOURCES["bien-ban"]
    page = convert(made["bien-ban.pdf"].with_suffix(".docx"), "html", tmp_path)
    assert 'name="created"' in page.read_text(encoding="utf-8")  # the file's date only
    assert _lines(page) == _lines(source)  # header table a line per paragraph, no dateline
    _same_briefing(page, source)


def test_a_publication_date_given_as_structured_data_is_the_dateline(tmp_path):
    page, _ = _page("hoi-nghi")
    meta = '<meta property="article:published_time" content="2025-07-11T16:40:00+07:00">'
    data = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2025-07-12T08:00:00+07:00"}</script>'
    )
    page = page.replace(meta, data)
    path = tmp_path / "trang.html"
    path.write_text(page, encoding="utf-8")
    assert _lines(path)[0] == "12/07/2025"


def test_a_page_without_an_article_is_a_clear_error(tmp_path):
    path = tmp_path / "trang-chu.html"  # a page whose article a script would have loaded
    path.write_text(
        '<html><head><script src="/app.js"></script></head><body><div id="app"></div>'
        "<noscript></noscript></body></html>"
    )
    with pytest.raises(InputError, match="no article text found"):
        load_file(path)


def test_without_trafilatura_a_page_names_the_extra_to_install(tmp_path, monkeypatch):
    path = tmp_path / "trang.html"
    path.write_text("<html><body><p>Sáng 5/3, UBND xã tổ chức hội nghị.</p></body></html>")
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(InputError, match=r"pip install 'summarizer\[html\]'"):
        load_file(path)


def test_a_folder_of_mixed_formats_is_briefed_file_by_file(tmp_path, capsys):
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    page, _ = _page("hoi-nghi")
    (folder / "trang.html").write_text(page, encoding="utf-8")
    (folder / "bien-ban.docx").write_bytes(SOURCES["bien-ban"].read_bytes())
    (folder / "hong.pdf").write_bytes(b"%PDF-1.7\n% cut short")
    out = tmp_path / "out"
    assert main(["brief", str(folder), "-o", str(out), "-q", "--engine", "extractive"]) == 1
    assert {p.name for p in out.glob("*.docx")} == {"trang.docx", "bien-ban.docx"}
    assert "hong.pdf: not a readable PDF" in capsys.readouterr().err


@needs_libreoffice
def test_a_pdf_over_the_time_limit_is_a_time_limit_error_not_a_damaged_file(made):
    from summarizer.budget import TimeLimitError

    results = list(
        Summarizer(engine="extractive", time_limit=1e-6).brief_many([made["hoi-nghi.pdf"]])
    )
    assert isinstance(results[0], TimeLimitError), results[0]
