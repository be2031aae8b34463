"""Meeting facts and directives taken from the report, never guessed."""

from __future__ import annotations

from summarizer import segment
from summarizer.facts import extract_directives, extract_facts
from tests.conftest import EXAMPLES


def test_seed_facts(seed):
    facts = extract_facts(segment(seed))
    assert facts.date_iso == "2024-07-03"
    assert facts.time_of_day == "Chiều"
    assert facts.organizer == "Ban Chỉ đạo 35 thành phố"
    assert facts.chair is not None and facts.chair.name == "Đào Khánh Hà"
    assert "Trưởng Ban Tuyên giáo" in facts.chair.title
    assert facts.meeting.startswith("Hội nghị sơ kết")


def test_minutes_fields_give_the_facts():
    report = segment(EXAMPLES / "bien-ban-hop-giao-ban.docx")
    facts = extract_facts(report)
    assert facts.date_iso == "2025-10-06"
    assert facts.chair is not None and facts.chair.name == "Phạm Đức Thuận"
    assert facts.place and facts.place.startswith("Phòng họp")
    assert len(facts.participants) >= 2


def test_seed_directives_point_to_the_conclusion(seed):
    report = segment(seed)
    directives = extract_directives(report)
    conclusion = report.section("conclusion").paragraph_indexes
    assert len(directives) >= 4
    assert all(d.paragraph_index in conclusion for d in directives)
    assert any(d.text.startswith("Tăng cường phủ xanh") for d in directives)
    assert all(d.text in d.sentence or d.text[1:] in d.sentence for d in directives)


def test_no_date_in_report_means_no_date_fact():
    facts = extract_facts(segment("Công ty An Bình tổ chức hội nghị khách hàng tại Huế."))
    assert facts.date_text is None and facts.date_iso is None
    assert facts.organizer == "Công ty An Bình"
