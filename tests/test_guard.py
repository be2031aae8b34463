"""The faithfulness guard: numbers, dates and names must be in the source."""

from __future__ import annotations

from summarizer.guard import check, checkable_items, unsupported_items

SOURCE = [
    "Chiều 3/7, Ban Chỉ đạo 35 thành phố Hải Phòng tổ chức hội nghị sơ kết.",
    "Đồng chí Đào Khánh Hà chủ trì hội nghị.",
    "Tỷ lệ xử lý thông tin xấu đạt 45,2%, tăng 1.234 trường hợp.",
]


def test_numbers_dates_names_and_acronyms_are_found():
    items = checkable_items("Ngày 3/7, UBND tỉnh Quảng Nam đạt 45,2% và đồng chí Đào Khánh Hà.")
    assert {"3/7", "UBND", "Quảng Nam", "45,2%", "Đào Khánh Hà"} <= set(items)


def test_sentence_initial_capital_alone_is_not_a_name():
    assert checkable_items("Hội nghị đã thành công tốt đẹp.") == []


def test_names_do_not_run_across_punctuation():
    items = checkable_items("Tại Hà Nội, Ban Chỉ đạo họp.")
    assert not any("Nội Ban" in item for item in items)


def test_capitalised_first_word_before_a_name_is_not_required_in_the_source():
    assert unsupported_items("Tại Hà Nội, Ban Chỉ đạo họp.", "Ban Chỉ đạo họp ở Hà Nội.") == []
    assert unsupported_items("Tại Huế, Ban Chỉ đạo họp.", "Ban Chỉ đạo họp ở Hà Nội.") == [
        "Tại Huế"
    ]


def test_supported_items_pass_and_invented_ones_are_reported():
    source = " ".join(SOURCE)
    assert unsupported_items("Đồng chí Đào Khánh Hà chủ trì ngày 3/7.", source) == []
    missing = unsupported_items("Sáng 5/7, đồng chí Nguyễn Văn Nam dự tại Đà Nẵng.", source)
    assert set(missing) == {"5/7", "Nguyễn Văn Nam", "Đà Nẵng"}


def test_invented_sentence_is_replaced_by_the_closest_source_sentence():
    summary = "Tỷ lệ xử lý thông tin xấu đạt 47%, tăng 1.234 trường hợp."
    result = check(summary, SOURCE, "discussion")
    assert result.summary == SOURCE[2]
    assert result.changes[0].action == "replaced"
    assert result.changes[0].unsupported == ["47%"]


def test_unrelated_invented_sentence_is_dropped_and_faithful_one_kept():
    summary = "Ngày 22/12, tại Hà Nội, Quốc hội khai mạc. Đồng chí Đào Khánh Hà chủ trì hội nghị."
    result = check(summary, SOURCE, "opening")
    assert result.summary == "Đồng chí Đào Khánh Hà chủ trì hội nghị."
    assert [c.action for c in result.changes] == ["dropped"]


def test_extractive_sentences_pass_unchanged():
    result = check(" ".join(SOURCE[:2]), SOURCE, "opening")
    assert result.changes == [] and result.summary == " ".join(SOURCE[:2])
