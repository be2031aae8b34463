"""The briefing as DOCX (Decree 30 layout), Markdown and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import summarizer
from summarizer import Briefing, SectionSummary

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HEADINGS = {"opening": "1. Khai mạc", "discussion": "2. Thảo luận", "conclusion": "3. Kết luận"}


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return summarizer.Summarizer(engine="extractive").brief(EXAMPLES / "phien-hop-ubnd.md")


@pytest.fixture(scope="module")
def written(briefing, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("render") / "ubnd.docx"
    assert briefing.to_docx(path) == path
    return path


@pytest.fixture(scope="module")
def document(written):
    return docx.Document(str(written))


def paragraph_texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def all_texts(document) -> list[str]:
    """Every piece of text in the body, tables, headers and footers."""
    parts = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header):
            parts.append(part._element)
    return ["".join(t.text or "" for t in part.iter(qn("w:t"))) for part in parts]


def resolved(paragraph, attribute: str):
    """A font attribute of a paragraph's text, through its runs and style chain."""
    values = {getattr(run.font, attribute) for run in paragraph.runs if run.text.strip()}
    values.discard(None)
    if values:
        assert len(values) == 1, values
        return values.pop()
    style = paragraph.style
    while style is not None:
        value = getattr(style.font, attribute)
        if value is not None:
            return value
        style = style.base_style
    return None


def test_briefing_fixture_has_all_parts(briefing):
    assert [s.kind for s in briefing.sections] == ["opening", "discussion", "conclusion"]
    assert briefing.directives


def test_page_is_a4_with_decree_30_margins(document):
    section = document.sections[0]
    assert abs(section.page_width.mm - 210) <= 1
    assert abs(section.page_height.mm - 297) <= 1
    slack = 0.05
    assert 20 - slack <= section.top_margin.mm <= 25 + slack
    assert 20 - slack <= section.bottom_margin.mm <= 25 + slack
    assert 30 - slack <= section.left_margin.mm <= 35 + slack
    assert 15 - slack <= section.right_margin.mm <= 20 + slack


def test_header_table_holds_nation_and_motto(document):
    assert document.tables
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    header = "\n".join(cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header
    assert "Độc lập - Tự do - Hạnh phúc" in header
    right = cells[-1]
    assert right.index("CỘNG HÒA") < right.index("Độc lập")


def test_title_and_main_headings_present(document):
    texts = paragraph_texts(document)
    assert "BÁO CÁO TÓM TẮT" in texts
    assert "I. THÔNG TIN CHUNG" in texts
    assert "II. NỘI DUNG CHÍNH" in texts
    assert texts.index("BÁO CÁO TÓM TẮT") < texts.index("I. THÔNG TIN CHUNG")
    assert texts.index("I. THÔNG TIN CHUNG") < texts.index("II. NỘI DUNG CHÍNH")


def test_general_information_names_the_chair(document, briefing):
    assert briefing.facts.chair is not None
    texts = paragraph_texts(document)
    start = texts.index("I. THÔNG TIN CHUNG")
    end = texts.index("II. NỘI DUNG CHÍNH")
    assert any(briefing.facts.chair.name in text for text in texts[start:end])


def test_each_summary_is_under_its_heading_in_order(document, briefing):
    texts = paragraph_texts(document)
    content = texts.index("II. NỘI DUNG CHÍNH")
    previous = content
    for section in briefing.sections:
        heading = texts.index(HEADINGS[section.kind])
        summary = texts.index(section.summary)
        assert previous < heading < summary
        between = texts[heading + 1 : summary]
        assert not any(text in HEADINGS.values() for text in between)
        previous = summary


def test_body_text_is_times_new_roman_13_to_14_pt(document, briefing):
    summaries = {s.summary for s in briefing.sections}
    body = [p for p in document.paragraphs if p.text in summaries]
    assert len(body) == len(summaries)
    for paragraph in body:
        assert resolved(paragraph, "name") == "Times New Roman"
        size = resolved(paragraph, "size")
        assert size is not None
        assert 13 <= size.pt <= 14


def test_page_number_field_in_header_from_page_two(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    simple = section.header._element.iter(qn("w:fldSimple"))
    instructions = [f.get(qn("w:instr"), "") for f in simple]
    instructions += [t.text or "" for t in section.header._element.iter(qn("w:instrText"))]
    assert any("PAGE" in instruction.split() for instruction in instructions), header_xml
    first = section.first_page_header
    assert first.is_linked_to_previous or "PAGE" not in first._element.xml


def test_no_none_anywhere(document, briefing):
    for text in all_texts(document):
        assert "None" not in text
    assert "None" not in briefing.to_markdown()


def test_only_opening_has_no_discussion_or_conclusion_heading(tmp_path):
    only = Briefing(
        source="khai-mac.txt",
        sections=[
            SectionSummary(
                kind="opening",
                summary="Sáng 2/4, Trường Tiểu học Hòa Bình tổ chức lễ khai mạc hội khỏe Phù Đổng.",
                paragraph_indexes=[0],
                engine="extractive",
            )
        ],
    )
    path = only.to_docx(tmp_path / "khai-mac.docx")
    texts = paragraph_texts(docx.Document(str(path)))
    assert "1. Khai mạc" in texts
    assert only.sections[0].summary in texts
    assert "2. Thảo luận" not in texts
    assert "3. Kết luận" not in texts
    for text in all_texts(docx.Document(str(path))):
        assert "None" not in text
    markdown = only.to_markdown()
    assert "Khai mạc" in markdown
    assert "Thảo luận" not in markdown
    assert "None" not in markdown


def test_opening_only_report_from_text_has_no_discussion_heading(tmp_path):
    text = (
        "Sáng 2/4, Trường Tiểu học Hòa Bình tổ chức lễ khai mạc hội khỏe Phù Đổng năm học "
        "2024-2025. Thầy Lương Văn Đức, Hiệu trưởng nhà trường chủ trì buổi lễ."
    )
    briefing = summarizer.Summarizer(engine="extractive").brief(text)
    assert [s.kind for s in briefing.sections] == ["opening"]
    texts = paragraph_texts(docx.Document(str(briefing.to_docx(tmp_path / "le.docx"))))
    assert "2. Thảo luận" not in texts


def test_markdown_has_the_same_summaries_and_directives_as_docx(document, briefing):
    markdown = briefing.to_markdown()
    texts = paragraph_texts(document)
    for section in briefing.sections:
        assert section.summary in markdown
        assert section.summary in texts
        assert HEADINGS[section.kind] in markdown
    for directive in briefing.directives:
        assert directive.text in markdown
        assert any(directive.text in text for text in texts), directive.text
    assert "BÁO CÁO TÓM TẮT" in markdown


def test_directive_lines_are_not_double_punctuated(document, briefing):
    texts = paragraph_texts(document)
    for directive in briefing.directives:
        line = next(text for text in texts if directive.text in text)
        assert not line.rstrip().endswith(".."), line


def test_json_schema_and_round_trip(briefing):
    schema = Briefing.model_json_schema()
    assert {"source", "sections", "directives", "facts", "warnings"} <= set(schema["properties"])
    json.dumps(schema)
    again = Briefing.model_validate_json(briefing.model_dump_json())
    assert again == briefing
    assert json.loads(briefing.model_dump_json())["sections"][0]["kind"] == "opening"


def test_profile_changes_the_issuing_body(briefing, tmp_path):
    body = "Sở Văn hóa và Thể thao tỉnh Khánh Hòa"
    path = briefing.to_docx(tmp_path / "profile.docx", profile={"header": {"issuing_body": body}})
    table = docx.Document(str(path)).tables[0]
    header = "\n".join(cell.text for row in table.rows for cell in row.cells)
    assert body.upper() in header
    assert "VĂN PHÒNG" not in header
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header


def test_to_docx_leaves_no_temporary_files(briefing, tmp_path):
    briefing.to_docx(tmp_path / "a.docx")
    briefing.to_docx(tmp_path / "a.docx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"]


def test_header_lines_follow_decree_30_type_sizes(document):
    right = document.tables[0].rows[0].cells[-1].paragraphs
    nation = next(p for p in right if p.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = next(p for p in right if p.text == "Độc lập - Tự do - Hạnh phúc")
    assert resolved(nation, "bold") and 12 <= resolved(nation, "size").pt <= 13
    assert resolved(motto, "bold") and 13 <= resolved(motto, "size").pt <= 14
    title = next(p for p in document.paragraphs if p.text == "BÁO CÁO TÓM TẮT")
    assert resolved(title, "bold")
