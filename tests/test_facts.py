"""Meeting facts and directives taken from the report, never guessed."""

from __future__ import annotations

import pytest

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


def _facts(text):
    return extract_facts(segment(text))


@pytest.mark.parametrize(
    ("lead", "date_text", "iso", "part_of_day"),
    [
        ("Sáng 11/7/2025", "Sáng 11/7/2025", "2025-07-11", "Sáng"),
        ("Chiều ngày 5-8-2025", "Chiều ngày 5-8-2025", "2025-08-05", "Chiều"),
        ("Sáng nay (15/3/2025)", "Sáng nay (15/3/2025", "2025-03-15", "Sáng"),
        ("Ngày 20 tháng 12 năm 2025", "Ngày 20 tháng 12 năm 2025", "2025-12-20", None),
        ("Ngày 15.7.2024", "Ngày 15.7.2024", "2024-07-15", None),
        ("Tối 2/9", "Tối 2/9", None, "Tối"),
    ],
)
def test_dates_as_written_and_as_iso(lead, date_text, iso, part_of_day):
    facts = _facts(f"{lead}, Hội Nông dân xã Tân Lập tổ chức hội nghị sơ kết công tác Hội.")
    assert facts.date_text.rstrip(")") == date_text.rstrip(")")
    assert (facts.date_iso, facts.time_of_day) == (iso, part_of_day)


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("Ngày 27/12, UBND huyện Tân Lập tổ chức hội nghị tổng kết năm 2024, triển khai "
         "nhiệm vụ năm 2025.", "2024-12-27"),
        ("Ngày 10/1, UBND huyện Tân Lập tổ chức hội nghị tổng kết năm 2024, triển khai "
         "nhiệm vụ năm 2025.", "2025-01-10"),
        ("Ngày 10/1, UBND huyện Tân Lập tổ chức hội nghị tổng kết công tác năm 2024.",
         "2025-01-10"),
        ("Ngày 11/7, UBND huyện Tân Lập tổ chức hội nghị sơ kết 6 tháng đầu năm 2025.",
         "2025-07-11"),
        ("Ngày 11/7, UBND huyện Tân Lập tổ chức hội nghị bàn về quy hoạch đến năm 2030.", None),
    ],
)  # fmt: skip
def test_the_year_comes_from_the_period_the_meeting_is_about(sentence, iso):
    assert _facts(sentence).date_iso == iso


@pytest.mark.parametrize(
    "sentence",
    [
        "Đồng chí Hoàng Minh Sơn, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh chủ trì hội nghị.",
        "Hội nghị do đồng chí Hoàng Minh Sơn, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh chủ trì.",
        "Chủ trì hội nghị có đồng chí Hoàng Minh Sơn, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh.",
        "Hội nghị diễn ra dưới sự chủ trì của đồng chí Hoàng Minh Sơn, Chủ tịch UBND tỉnh.",
        "Chủ tịch UBND tỉnh Hoàng Minh Sơn chủ trì hội nghị.",
        "Đại tá Hoàng Minh Sơn, Giám đốc Công an tỉnh chủ trì hội nghị.",
        "Đoàn chủ tịch hội nghị gồm ông Hoàng Minh Sơn, Tổng Giám đốc và bà Lê Thị Lan.",
        "Chủ tọa kỳ họp gồm các đồng chí: Hoàng Minh Sơn, Chủ tịch HĐND tỉnh; Lê Thị Lan.",
    ],
)
def test_the_chair_in_the_wordings_reports_use(sentence):
    facts = _facts(f"Sáng 3/4, UBND tỉnh Bình Lâm tổ chức hội nghị. {sentence}")
    assert facts.chair is not None and facts.chair.name == "Hoàng Minh Sơn"


@pytest.mark.parametrize(
    ("sentence", "organizer"),
    [
        ("Sáng 5/3, tại hội trường xã, UBND xã An Phú tổ chức hội nghị.", "UBND xã An Phú"),
        ("Hội nghị do Sở Văn hóa, Thể thao và Du lịch tỉnh Hòa Giang tổ chức sáng 5/3.",
         "Sở Văn hóa, Thể thao và Du lịch tỉnh Hòa Giang"),
        ("Ngày 19/5, Trung tâm Khuyến nông tỉnh phối hợp với UBND xã Hưng Phú tổ chức lớp "
         "tập huấn cho 65 nông dân.", "Trung tâm Khuyến nông tỉnh"),
        ("(Cổng TTĐT huyện Đông Sơn) - Ngày 27/12, UBND huyện Đông Sơn tổ chức hội nghị.",
         "UBND huyện Đông Sơn"),
        ("Sáng 15/7, HĐND xã Ea Thanh (huyện Krông Ea) khai mạc kỳ họp thứ 9, khóa XIII.",
         "HĐND xã Ea Thanh"),
        ("Sáng 15/3, tại hội trường Nhà máy số 2, Khu công nghiệp Tân Điền, Công ty cổ phần "
         "Nhựa Minh Lộc tổ chức Hội nghị người lao động.", "Công ty cổ phần Nhựa Minh Lộc"),
    ],
)  # fmt: skip
def test_the_organizer_without_date_place_or_source(sentence, organizer):
    assert _facts(sentence).organizer == organizer


def test_speakers_are_listed_once_without_the_chair():
    facts = _facts(
        "Sáng 3/4, UBND tỉnh Bình Lâm tổ chức hội nghị. Ông Hoàng Minh Sơn, Chủ tịch UBND "
        "tỉnh chủ trì.\n"
        "Báo cáo cho biết, thu ngân sách đạt 56% dự toán. Ông Lê Văn Tú, Giám đốc Sở Tài "
        "chính cho biết còn 12 dự án chậm giải ngân. Bà Trần Thị Mai, Chủ tịch UBND huyện "
        "Tân Lập đề nghị tỉnh hỗ trợ kinh phí. Ông Lê Văn Tú nêu thêm nguyên nhân.\n"
        "Phát biểu kết luận, ông Hoàng Minh Sơn yêu cầu các sở, ngành khẩn trương giải ngân."
    )
    assert [(p.name, p.title) for p in facts.speakers] == [
        ("Lê Văn Tú", "Giám đốc Sở Tài chính"),
        ("Trần Thị Mai", "Chủ tịch UBND huyện Tân Lập"),
    ]


@pytest.mark.parametrize(
    ("text", "organizer"),
    [
        ("Chiều 3/7, Thứ trưởng Nguyễn Văn Hòa cùng đoàn kiểm tra của Bộ Y tế đã có buổi làm "
         "việc với Sở Y tế tỉnh Bình Lâm.", "đoàn kiểm tra của Bộ Y tế"),
        ("Sáng 5-3, tại phiên họp thường kỳ tháng 2 của UBND tỉnh Hà Lam, các sở báo cáo tình "
         "hình giải ngân.", "UBND tỉnh Hà Lam"),
        ("Ngày 9/6, ban Chỉ đạo phòng chống thiên tai tỉnh Lâm Khê đã chủ trì cuộc họp khẩn "
         "về ứng phó bão số 2.", "ban Chỉ đạo phòng chống thiên tai tỉnh Lâm Khê"),
        ("Ngày 12/4, dưới sự chủ trì của Bí thư Tỉnh ủy Lê Văn Hùng, Ban Thường vụ Tỉnh ủy họp "
         "cho ý kiến về đề án sáp nhập xã.", "Ban Thường vụ Tỉnh ủy"),
    ],
)  # fmt: skip
def test_the_organizer_in_the_wordings_of_news_reports(text, organizer):
    assert _facts(text).organizer == organizer


@pytest.mark.parametrize(
    "text",
    [
        "Các đại biểu dự họp đã thảo luận, góp ý về công tác chuẩn bị Đại hội.",
        "Tại hội nghị, ông Trần Văn Bình, Chủ tịch UBND xã cho biết đã họp với các thôn.",
        "Ngày 4/12, Hội nghị Ban Chấp hành bàn nhiều vấn đề trọng tâm của năm 2026.",
    ],
)
def test_no_organizer_rather_than_a_clause_a_person_or_a_kind_of_body(text):
    assert _facts(text).organizer is None


def test_a_meeting_the_source_tells_of_has_its_body_but_not_the_date_of_the_telling():
    facts = _facts(
        "Sáng 1-2, bà Hà Thị Thư, Bí thư Huyện ủy Bình Sơn cho biết Ban Thường vụ Huyện ủy đã "
        "họp và thống nhất kỷ luật cán bộ vi phạm."
    )
    assert facts.organizer == "Ban Thường vụ Huyện ủy"
    assert facts.date_text is None
    assert facts.chair is None


def test_the_one_who_tells_that_a_body_chaired_is_not_the_chair():
    facts = _facts(
        "Ông Đặng Thanh Sơn, Cục trưởng Cục Xử lý vi phạm hành chính, cho biết tuần trước Bộ "
        "Tư pháp đã chủ trì cuộc làm việc với Cục Đăng kiểm."
    )
    assert facts.chair is None


def test_a_leader_who_works_with_an_agency_leads_the_meeting():
    facts = _facts("Sáng 12/9, Thủ tướng Nguyễn Xuân Phúc làm việc với Đại học Quốc gia Hà Nội.")
    assert facts.chair is not None and facts.chair.name == "Nguyễn Xuân Phúc"


def test_the_day_of_a_press_release_is_not_the_day_of_the_meeting():
    facts = _facts(
        "Chiều 8-3, Ủy ban Kiểm tra Trung ương đã có thông cáo báo chí về kỳ họp 34, diễn ra "
        "trong hai ngày 6 và 7-3 tại Hà Nội."
    )
    assert facts.date_text is not None and "8-3" not in facts.date_text
    assert facts.date_text.endswith("7-3")


@pytest.mark.parametrize(
    "sentence",
    [
        "Chủ trì hội nghị, Bí thư Thành ủy Hoàng Minh Sơn cho rằng cần đối thoại nhiều hơn.",
        "Tại buổi làm việc, Bộ trưởng Hoàng Minh Sơn chỉ đạo các đơn vị trả lời thẳng thắn.",
        "Ngày 25-1, Chủ tịch UBND tỉnh Hoàng Minh Sơn đến làm việc với huyện Phú Lâm.",
    ],
)
def test_the_leader_a_lead_clause_says_led_is_the_chair(sentence):
    facts = _facts(sentence)
    assert facts.chair is not None and facts.chair.name == "Hoàng Minh Sơn"
