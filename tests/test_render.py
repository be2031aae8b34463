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
    rows = _task_table(document)
    assert [row[1] for row in rows] == [d.text for d in briefing.directives]
    for directive in briefing.directives:
        assert f"| {directive.text} |" in markdown
    assert "BÁO CÁO TÓM TẮT" in markdown


def _task_table(document) -> list[list[str]]:
    """The rows of the task table (its header checked and left out)."""
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    header = [c.text for c in table.rows[0].cells]
    assert header == ["STT", "Nội dung", "Đơn vị chủ trì / phối hợp", "Thời hạn"]
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def test_tasks_table_gives_who_and_by_when_as_the_text_states(document, briefing):
    rows = _task_table(document)
    assert [row[0] for row in rows] == [str(n) for n in range(1, len(rows) + 1)]
    for row, task in zip(rows, briefing.directives, strict=True):
        assert not row[1].rstrip().endswith(".."), row[1]
        assert row[3] == (task.deadline_text or "")
        if task.deadline_text:
            assert task.deadline_text in task.sentence  # as written, never made up
        for name in [*task.assignees, *task.support]:
            assert name in row[2] and name in task.sentence
    assert any(row[2] for row in rows) and any(row[3] for row in rows)


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


# ---------------------------------------------------------------------------------------
# Decree 30 layout, element by element


def paragraph_format(paragraph, attribute: str):
    """A paragraph-format attribute through the paragraph's style chain."""
    value = getattr(paragraph.paragraph_format, attribute)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.paragraph_format, attribute)
        style = style.base_style
    return value


def has_top_rule(paragraph) -> bool:
    borders = paragraph._p.pPr.find(qn("w:pBdr")) if paragraph._p.pPr is not None else None
    top = borders.find(qn("w:top")) if borders is not None else None
    return top is not None and top.get(qn("w:val")) == "single"


def test_header_and_signature_tables_have_no_borders_and_the_task_table_has(document):
    assert len(document.tables) == 3  # header, tasks, signature
    header, tasks, signature = document.tables
    assert tasks.style.name == "Table Grid" and tasks.rows[0].cells[0].text == "STT"
    for table in (header, signature):
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert borders is not None
        assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_left_header_column_holds_body_rule_and_number(tmp_path, briefing):
    profile = {
        "header": {"parent_body": "Ủy ban nhân dân tỉnh Quảng Trị", "number_line": "Số: 12/BC-VP"}
    }
    path = briefing.to_docx(tmp_path / "left.docx", profile=profile)
    left = docx.Document(str(path)).tables[0].rows[0].cells[0].paragraphs
    texts = [p.text for p in left]
    assert texts[0] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ"
    assert texts[1] == "VĂN PHÒNG"
    parent, body = left[0], left[1]
    assert not resolved(parent, "bold") and 12 <= resolved(parent, "size").pt <= 13
    assert resolved(body, "bold") and 12 <= resolved(body, "size").pt <= 13
    assert has_top_rule(left[2]) and not left[2].text  # the short rule under the body
    assert "Số: 12/BC-VP" in texts[3:]


def test_rules_are_short_under_the_body_and_motto_long(document):
    left, right = document.tables[0].rows[0].cells
    rules = {}
    for name, cell, width in (("left", left, 6.5), ("right", right, 10.0)):
        rule = next(p for p in cell.paragraphs if has_top_rule(p))
        indent = (rule.paragraph_format.left_indent or 0) + (
            rule.paragraph_format.right_indent or 0
        )
        rules[name] = width - docx.shared.Length(indent).cm
    assert 1.4 <= rules["left"] <= 3.5  # a third to a half of "VĂN PHÒNG"
    assert 5.0 <= rules["right"] <= 8.0  # about as long as the motto


def test_date_line_is_italic_with_decree_30_zeros(tmp_path):
    from datetime import datetime

    from summarizer.render import date_line

    july = Briefing(source="x", created=datetime(2024, 7, 3, 9, 0))
    assert date_line(july, {"place": "Hải Phòng"}) == "Hải Phòng, ngày 03 tháng 7 năm 2024"
    february = Briefing(source="x", created=datetime(2025, 2, 14, 9, 0))
    assert date_line(february, {"place": "Huế"}) == "Huế, ngày 14 tháng 02 năm 2025"
    path = july.to_docx(tmp_path / "d.docx", profile={"header": {"place": "Hải Phòng"}})
    right = docx.Document(str(path)).tables[0].rows[0].cells[1].paragraphs
    line = next(p for p in right if p.text.startswith("Hải Phòng, ngày"))
    assert resolved(line, "italic") and 13 <= resolved(line, "size").pt <= 14


def test_title_and_subject_are_bold_and_centred(document, briefing):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for text in ("BÁO CÁO TÓM TẮT", briefing.subject[:1].upper() + briefing.subject[1:]):
        paragraph = next(p for p in document.paragraphs if p.text == text)
        assert resolved(paragraph, "bold")
        assert 13 <= resolved(paragraph, "size").pt <= 14
        assert paragraph_format(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.CENTER


def test_body_paragraphs_are_justified_indented_and_spaced(document, briefing):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    summaries = {s.summary for s in briefing.sections}
    for paragraph in (p for p in document.paragraphs if p.text in summaries):
        assert paragraph_format(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert 1.0 <= paragraph_format(paragraph, "first_line_indent").cm <= 1.27 + 0.01
        assert paragraph_format(paragraph, "space_after").pt >= 6
        assert 1.0 <= paragraph_format(paragraph, "line_spacing") <= 1.5


def test_recipients_and_signer_block(tmp_path, briefing):
    profile = {
        "signature": {
            "signer_title": "Chánh Văn phòng",
            "signer_name": "Lê Thị Thu Hà",
            "recipients": ["- Thường trực Tỉnh ủy (để báo cáo);", "- Lưu: VT, TH."],
        }
    }
    path = briefing.to_docx(tmp_path / "sign.docx", profile=profile)
    left, right = docx.Document(str(path)).tables[-1].rows[0].cells
    heading = left.paragraphs[0]
    assert heading.text == "Nơi nhận:"
    assert resolved(heading, "bold") and resolved(heading, "italic")
    assert resolved(heading, "size").pt == 12
    assert [p.text for p in left.paragraphs[1:]] == profile["signature"]["recipients"]
    assert all(resolved(p, "size").pt == 11 for p in left.paragraphs[1:])
    texts = [p.text for p in right.paragraphs]
    assert texts[0] == "CHÁNH VĂN PHÒNG" and texts[-1] == "Lê Thị Thu Hà"
    assert texts[1:-1] == [""] * (len(texts) - 2) and len(texts) - 2 >= 3  # room to sign
    assert resolved(right.paragraphs[0], "bold") and resolved(right.paragraphs[-1], "bold")


def test_page_number_is_13_to_14_pt_and_centred(document):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.sections[0].header.paragraphs[0]
    assert 13 <= resolved(paragraph, "size").pt <= 14
    assert paragraph_format(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.CENTER


def test_parts_are_numbered_in_the_order_they_appear(tmp_path):
    only = Briefing(
        source="x",
        sections=[
            SectionSummary(kind="discussion", summary="Các đại biểu thảo luận.",
                           paragraph_indexes=[0], engine="extractive"),
            SectionSummary(kind="conclusion", summary="Chủ trì kết luận.",
                           paragraph_indexes=[1], engine="extractive"),
        ],
    )  # fmt: skip
    texts = paragraph_texts(docx.Document(str(only.to_docx(tmp_path / "n.docx"))))
    assert "I. NỘI DUNG CHÍNH" in texts and "II. NHIỆM VỤ, CHỈ ĐẠO" in texts
    assert "1. Thảo luận" in texts and "2. Kết luận" in texts
    assert "1. Thảo luận" in only.to_markdown()


def test_profile_file_and_cli_options_set_the_header_and_signature(tmp_path, briefing):
    from summarizer.cli import main

    profile = tmp_path / "vp.toml"
    profile.write_text(
        '[header]\nissuing_body = "Văn phòng UBND tỉnh"\nplace = "Quảng Trị"\n', encoding="utf-8"
    )
    path = briefing.to_docx(tmp_path / "p.docx", profile=profile)
    header = "\n".join(c.text for c in docx.Document(str(path)).tables[0].rows[0].cells)
    assert "VĂN PHÒNG UBND TỈNH" in header and "Quảng Trị, ngày" in header

    out = tmp_path / "cli.docx"
    code = main([
        "brief", str(EXAMPLES / "phien-hop-ubnd.md"), "-o", str(out), "--engine", "extractive",
        "--profile", str(profile), "--place", "Đông Hà", "--number", "Số: 7/BC-VP",
        "--signer-title", "Chánh Văn phòng", "--signer-name", "Võ Minh Tâm",
        "--recipient", "- Chủ tịch UBND tỉnh;", "--recipient", "- Lưu: VT.", "-q",
    ])  # fmt: skip
    assert code == 0
    made = docx.Document(str(out))
    header = "\n".join(c.text for c in made.tables[0].rows[0].cells)
    signature = "\n".join(c.text for c in made.tables[-1].rows[0].cells)
    assert "VĂN PHÒNG UBND TỈNH" in header and "Đông Hà, ngày" in header
    assert "Số: 7/BC-VP" in header
    assert "CHÁNH VĂN PHÒNG" in signature and "Võ Minh Tâm" in signature
    assert "- Chủ tịch UBND tỉnh;" in signature and "Lãnh đạo" not in signature


def test_bad_profile_file_is_a_clear_error(tmp_path, briefing, capsys):
    from summarizer.cli import main

    bad = tmp_path / "bad.toml"
    bad.write_text("[header\nissuing_body = 1", encoding="utf-8")
    with pytest.raises(summarizer.SummarizerError, match="bad.toml"):
        briefing.to_docx(tmp_path / "x.docx", profile=bad)
    code = main(["brief", str(EXAMPLES / "phien-hop-ubnd.md"), "-o", str(tmp_path / "y.docx"),
                 "--engine", "extractive", "--profile", str(bad)])  # fmt: skip
    assert code == 2 and "bad.toml" in capsys.readouterr().err


def test_markdown_and_json_hold_what_the_docx_holds(document, briefing):
    markdown = briefing.to_markdown()
    texts = "\n".join(all_texts(document))
    data = json.loads(briefing.model_dump_json())
    for section, stored in zip(briefing.sections, data["sections"], strict=True):
        assert section.summary in texts and section.summary in markdown
        assert stored["summary"] == section.summary
    for label_value in ("Chủ trì", briefing.facts.chair.name, briefing.facts.organizer):
        assert label_value in texts and label_value in markdown
    assert data["facts"]["chair"]["name"] == briefing.facts.chair.name
    for shared in ("VĂN PHÒNG", "Số:", "Nơi nhận:", "Lưu: VT.", "NGƯỜI TỔNG HỢP"):
        assert shared in texts and shared in markdown
    assert [d["text"] for d in data["directives"]] == [d.text for d in briefing.directives]
