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
