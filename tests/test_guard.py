"""The faithfulness guard: numbers, dates, times and names must be in the source."""

from __future__ import annotations

import pytest

from summarizer.guard import Source, check, checkable_items, unsupported_items

SOURCE = [
    "Chiều 3/7, Ban Chỉ đạo 35 thành phố Hải Phòng tổ chức hội nghị sơ kết 6 tháng đầu năm.",
    "Bà Đào Khánh Hà, Phó Chủ tịch UBND thành phố chủ trì hội nghị.",
    "Tỷ lệ xử lý thông tin xấu đạt 45,2%, tăng 1.234 trường hợp so với quý I.",
    "Tổng vốn đầu tư đạt 3.200 triệu đồng; Uỷ ban nhân dân quận Lê Chân xếp thứ 2.",
    "Hội nghị kết thúc lúc 16 giờ 30 phút cùng ngày; kế hoạch ban hành ngày 15 tháng 6 năm 2024.",
    "Thực hiện Nghị quyết số 35-NQ/TW, Quốc lộ 5 được mở rộng.",
]
TEXT = " ".join(SOURCE)


def missing(sentence: str) -> list[str]:
    return unsupported_items(sentence, TEXT)


def test_items_of_each_kind_are_read_as_written():
    items = checkable_items(
        "Ngày 03/07/2024, UBND tỉnh Quảng Nam đạt 45,2% và 3,2 tỷ đồng lúc 14h30, "
        "quý II, 6 tháng đầu năm, Quốc lộ 1A, đồng chí Đào Khánh Hà."
    )
    assert items == [
        "03/07/2024",
        "UBND",
        "Quảng Nam",
        "45,2%",
        "3,2 tỷ đồng",
        "14h30",
        "quý II",
        "6 tháng đầu năm",
        "Quốc",
        "1A",
        "Đào Khánh Hà",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Tăng 1234 trường hợp.",  # 1.234 written without the thousands dot
        "Vốn đầu tư đạt 3,2 tỷ đồng.",  # 3.200 triệu in another scale
        "Vốn đầu tư đạt 3.200.000.000 đ.",
        "Tỷ lệ đạt 45,2 phần trăm.",
        "Quận Lê Chân xếp thứ 2.",
        "Hội nghị diễn ra ngày 3 tháng 7.",  # 3/7 in words
        "Chiều ngày 3/7, hội nghị khai mạc.",
        "Kế hoạch ban hành ngày 15/6/2024.",
        "Kế hoạch ban hành tháng 6/2024.",
        "Hội nghị kết thúc lúc 16h30.",
        "Kết quả quý 1 được đánh giá cao.",
        "Sơ kết 6 tháng đầu năm.",
        "Thực hiện Nghị quyết 35, Quốc lộ 5 được mở rộng.",
    ],
)
def test_numbers_and_dates_written_another_way_are_supported(sentence):
    assert missing(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        ("Tăng 1.243 trường hợp.", "1.243"),
        ("Tăng 32 trường hợp.", "32"),  # not the 3,2 of the source
        ("Vốn đầu tư đạt 3,2 triệu đồng.", "3,2 triệu đồng"),  # the source says 3.200 triệu
        ("Tỷ lệ đạt 47%.", "47%"),
        ("Vốn đầu tư đạt 3,2 tỷ USD.", "3,2 tỷ USD"),  # the source's money is in đồng
        ("Quận Lê Chân xếp thứ 7.", "7"),
        ("Sáng 3/7, hội nghị khai mạc.", "Sáng 3/7"),  # the source says chiều
        ("Hội nghị diễn ra ngày 4/7.", "4/7"),
        ("Kế hoạch ban hành ngày 15/6/2025.", "15/6/2025"),
        ("Hội nghị kết thúc lúc 17h.", "17h"),
        ("Kết quả quý III được đánh giá cao.", "quý III"),
        ("Sơ kết 9 tháng đầu năm.", "9 tháng đầu năm"),
        ("Kế hoạch ban hành tháng 8.", "tháng 8"),
    ],
)
def test_invented_numbers_and_dates_are_reported(sentence, item):
    assert missing(sentence) == [item]


def test_names_must_be_in_the_source_as_one_run():
    assert missing("Đồng chí Đào Khánh Hà chủ trì tại Hải Phòng.") == []
    assert missing("Bà Đào Hà chủ trì.") == ["Đào Hà"]  # both syllables, not in one run
    assert missing("Đồng chí Nguyễn Văn Nam dự tại Đà Nẵng.") == ["Nguyễn Văn Nam", "Đà Nẵng"]
    # two names side by side, the second starting with a surname
    assert missing("Đại diện Hải Phòng Đào Khánh Hà phát biểu.") == []
    assert missing("Đại diện Hải Phòng Đào Hà phát biểu.") == ["Hải Phòng Đào Hà"]


def test_case_and_tone_mark_placement_are_folded():
    assert missing("Ủy ban nhân dân quận Lê Chân họp.") == []  # the source writes "Uỷ"
    assert unsupported_items("Thành phố Hải Phòng họp.", "THÀNH PHỐ HẢI PHÒNG HỌP.") == []
    assert unsupported_items("Tỉnh Hòa Bình họp.", "Tỉnh Hoà Bình họp.") == []


def test_acronyms_are_names():
    assert missing("UBND thành phố chủ trì.") == []
    assert missing("MTTQ thành phố chủ trì.") == ["MTTQ"]
    assert missing("Hội nghị của HĐND thành phố.") == ["HĐND"]


def test_sentence_initial_and_common_capitalised_words_are_not_names():
    assert checkable_items("Hội nghị đã thành công tốt đẹp.") == []
    assert checkable_items("Các cấp ủy Đảng và Nhà nước quan tâm.") == []
    assert missing("Theo bà Đào Khánh Hà, kết quả đạt cao.") == []
    assert missing("Tại Hải Phòng, hội nghị diễn ra.") == []
    assert missing("Tại Huế, hội nghị diễn ra.") == ["Huế"]


def test_names_do_not_run_across_punctuation():
    items = checkable_items("Tại Hà Nội, Ban Chỉ đạo họp.")
    assert not any("Nội Ban" in item for item in items)


def test_a_title_before_a_name_must_be_the_one_the_source_gives():
    assert missing("Phó Chủ tịch Đào Khánh Hà chủ trì.") == []
    assert missing("Đồng chí Đào Khánh Hà chủ trì.") == []  # no claim about who she is
    assert missing("Chủ tịch Đào Khánh Hà chủ trì.") == ["Chủ tịch Đào Khánh Hà"]
    assert missing("Ông Đào Khánh Hà chủ trì.") == []  # sentence-initial: the name is checked
    assert missing("Hội nghị do ông Đào Khánh Hà chủ trì.") == ["ông Đào Khánh Hà"]


def test_source_is_read_once_and_reused():
    index = Source(TEXT)
    assert unsupported_items("Tăng 1.234 trường hợp.", index) == []
    assert unsupported_items("Tăng 1.235 trường hợp.", index) == ["1.235"]


def test_invented_sentence_is_replaced_by_the_closest_source_sentence():
    summary = "Tỷ lệ xử lý thông tin xấu đạt 47%, tăng 1.234 trường hợp so với quý I."
    result = check(summary, SOURCE, "discussion")
    assert result.summary == SOURCE[2]
    assert result.changes[0].action == "replaced"
    assert result.changes[0].unsupported == ["47%"]
    assert result.changes[0].original == summary


def test_unrelated_invented_sentence_is_dropped_and_faithful_one_kept():
    summary = "Ngày 22/12, tại Hà Nội, Quốc hội khai mạc. Bà Đào Khánh Hà chủ trì hội nghị."
    result = check(summary, SOURCE, "opening")
    assert result.summary == "Bà Đào Khánh Hà chủ trì hội nghị."
    assert [c.action for c in result.changes] == ["dropped"]
    assert result.changes[0].replacement is None


def test_extractive_sentences_pass_unchanged():
    result = check(" ".join(SOURCE[:3]), SOURCE, "opening")
    assert result.changes == [] and result.summary == " ".join(SOURCE[:3])


def test_every_sentence_of_the_source_passes_against_it():
    for sentence in SOURCE:
        assert missing(sentence) == [], sentence
