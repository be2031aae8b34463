"""Briefings on the agency's own letterhead (`--template`, `[document] template`)."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm, Pt

from summarizer import Summarizer
from summarizer.cli import main
from tests.conftest import EXAMPLES
from tests.formats import convert, png, soffice

REPORT = EXAMPLES / "phien-hop-ubnd.md"
LETTERHEAD = "CÔNG TY CỔ PHẦN CẤP NƯỚC SÔNG LAM"
FOOTER = "Địa chỉ: 25 đường Bờ Sông, phường Trung Đô; điện thoại 0238 3 555 555"


def _template(path: Path, *, header: bool = True, body_style: bool = True) -> Path:
    """A letterhead as an office keeps one: its margins, a logo and name in the header,
    its address in the footer, its own body style, and a line of sample text."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(35), Mm(20)
    section.top_margin = Mm(25)
    if header:
        logo = path.parent / "logo.png"
        logo.write_bytes(png(120, 60))
        paragraph = section.header.paragraphs[0]
        paragraph.add_run().add_picture(str(logo), width=Mm(20))
        paragraph.add_run(LETTERHEAD)
        section.footer.paragraphs[0].text = FOOTER
    if body_style:
        style = document.styles.add_style("Briefing Body", 1)
        style.font.name, style.font.size = "Arial", Pt(12)
    document.add_paragraph("Nội dung mẫu của giấy tiêu đề, được thay bằng báo cáo.")
    document.save(path)
    return path


def _brief(tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "tom-tat.docx"
    code = main(["brief", str(REPORT), "-o", str(out), "--engine", "extractive", "-q", *extra])
    assert code == 0
    return out


def test_the_briefing_is_built_on_the_agency_template(tmp_path):
    template = _template(tmp_path / "giay-tieu-de.docx")
    document = Document(_brief(tmp_path, "--template", str(template)))
    section = document.sections[0]
    margins = (round(section.left_margin.mm), round(section.right_margin.mm))
    assert margins == (35, 20)  # its page setup
    assert LETTERHEAD in section.header.paragraphs[0].text  # its letterhead, logo included
    assert section.header._element.findall(".//{*}drawing")
    assert section.footer.paragraphs[0].text == FOOTER
    body = document.styles["Briefing Body"]  # its style, where the name matches ours
    assert (body.font.name, body.font.size) == ("Arial", Pt(12))
    assert document.styles["Briefing Heading"].font.name == "Times New Roman"  # ours added
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO TÓM TẮT" in texts
    assert not any("giấy tiêu đề" in text for text in texts)  # its sample text is gone
    bodies = [p for p in document.paragraphs if p.style.name == "Briefing Body"]
    assert sum(bool(p.text) for p in bodies) >= 2  # the summaries, in the template style


def test_a_template_without_a_header_gets_the_page_number(tmp_path):
    template = _template(tmp_path / "tron.docx", header=False, body_style=False)
    document = Document(_brief(tmp_path, "--template", str(template)))
    section = document.sections[0]
    assert section.different_first_page_header_footer  # none on the first page (Decree 30)
    assert 'w:instr="PAGE"' in section.header._element.xml
    assert document.styles["Briefing Body"].font.name == "Times New Roman"


def test_a_word_template_file_dotx_is_used_as_well(tmp_path):
    docx = _template(tmp_path / "mau.docx")
    dotx = tmp_path / "mau.dotx"
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(dotx, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(entry, data)
    document = Document(_brief(tmp_path, "--template", str(dotx)))
    assert LETTERHEAD in document.sections[0].header.paragraphs[0].text


def test_a_profile_names_its_template_beside_it(tmp_path):
    folder = tmp_path / "mau"
    folder.mkdir()
    _template(folder / "giay-tieu-de.docx")
    profile = folder / "cong-ty.toml"
    profile.write_text('[document]\ntemplate = "giay-tieu-de.docx"\n', encoding="utf-8")
    document = Document(_brief(tmp_path, "--profile", str(profile)))
    assert LETTERHEAD in document.sections[0].header.paragraphs[0].text


def test_python_callers_pass_the_template_to_to_docx(tmp_path):
    template = _template(tmp_path / "giay-tieu-de.docx")
    briefing = Summarizer(engine="extractive").brief(REPORT)
    document = Document(briefing.to_docx(tmp_path / "b.docx", template=template))
    assert LETTERHEAD in document.sections[0].header.paragraphs[0].text
    plain = Document(briefing.to_docx(tmp_path / "c.docx"))
    assert LETTERHEAD not in plain.sections[0].header._element.xml


def test_the_digest_is_built_on_the_template_too(tmp_path):
    template = _template(tmp_path / "giay-tieu-de.docx")
    out = tmp_path / "tong-hop.docx"
    args = ["digest", str(EXAMPLES), "-o", str(out), "--engine", "extractive", "-q"]
    assert main([*args, "--template", str(template)]) == 0
    assert LETTERHEAD in Document(out).sections[0].header.paragraphs[0].text


@pytest.mark.parametrize("content", [None, b"not a word file", b"PK\x03\x04broken"])
def test_a_bad_template_is_one_usage_error_before_any_work(tmp_path, capsys, content):
    template = tmp_path / "mau.docx"
    if content is not None:
        template.write_bytes(content)
    out = tmp_path / "out"
    code = main(["brief", str(EXAMPLES), "-o", str(out), "--template", str(template), "-q"])
    assert code == 2
    err = capsys.readouterr().err
    assert str(template) in err and ".docx or .dotx" in err
    assert not out.exists() or not list(out.iterdir())


@pytest.mark.skipif(soffice() is None, reason="needs LibreOffice (soffice); .ci/run installs it")
def test_a_pdf_on_the_template_shows_the_letterhead(tmp_path):
    template = _template(tmp_path / "giay-tieu-de.docx")
    pdf = tmp_path / "tom-tat.pdf"
    code = main(["brief", str(REPORT), "-o", str(pdf), "--engine", "extractive", "-q",
                 "--template", str(template)])  # fmt: skip
    assert code == 0
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert LETTERHEAD in text and "BÁO CÁO TÓM TẮT" in text and FOOTER[:20] in text
    # the letterhead's template itself converts the same way: the PDF path is the DOCX's
    assert convert(template, "pdf", tmp_path / "mau").read_bytes().startswith(b"%PDF")


def test_templates_do_not_leak_between_briefings(tmp_path):
    template = _template(tmp_path / "giay-tieu-de.docx")
    first = _brief(tmp_path, "--template", str(template))
    data = io.BytesIO(first.read_bytes())
    again = Summarizer(engine="extractive").brief(REPORT).to_docx(tmp_path / "again.docx")
    assert LETTERHEAD in Document(data).sections[0].header.paragraphs[0].text
    assert LETTERHEAD not in Document(again).sections[0].header._element.xml
