"""The DOCX as a person sees it: rendered by LibreOffice, checked in the PDF."""

from __future__ import annotations

import pytest

from tests import render_check

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(render_check.missing_tools()),
        reason=f"needs {', '.join(render_check.missing_tools())} (LibreOffice, poppler-utils)",
    ),
]


def test_rendered_briefings_keep_fonts_text_and_page_numbers(tmp_path, capsys):
    cases = ["phien-hop-ubnd", "bien-ban-hop-giao-ban", "long-part", "opening-only", "digest"]
    args = ["--out", str(tmp_path)] + [arg for case in cases for arg in ("--case", case)]
    code = render_check.main(args)
    report = capsys.readouterr().out
    assert code == 0, report
    assert "long-part: 3 page(s)" in report or "long-part: 2 page(s)" in report
    assert (tmp_path / "long-part-p2.png").is_file()
    assert sorted(p.name for p in tmp_path.glob("opening-only-*.png")) == ["opening-only-p1.png"]
    assert "ok     digest:" in report and (tmp_path / "digest-p2.png").is_file()


def test_format_pdf_writes_the_briefing_as_a_pdf(tmp_path):
    import subprocess

    from summarizer.cli import main

    source = render_check.EXAMPLES / "phien-hop-ubnd.md"
    out = tmp_path / "tom-tat.pdf"
    assert main(["brief", str(source), "-o", str(out), "--engine", "extractive", "-q"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "BÁO CÁO TÓM TẮT" in text
    assert [p.name for p in tmp_path.iterdir()] == ["tom-tat.pdf"]  # nothing else left


def test_format_pdf_without_libreoffice_is_one_clear_error(tmp_path, monkeypatch, capsys):
    import shutil

    from summarizer.cli import main

    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if "office" in name else real(name))
    source = render_check.EXAMPLES / "phien-hop-ubnd.md"
    out = tmp_path / "ra"
    code = main(["brief", str(source), "-o", str(out), "--format", "pdf,json", "-q",
                 "--engine", "extractive"])  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    assert "LibreOffice is not installed" in err and "--format docx" in err
    assert not list(out.glob("*.pdf"))
