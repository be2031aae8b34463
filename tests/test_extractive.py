"""The extractive engine: source sentences only, in source order, within budget."""

from __future__ import annotations

import pytest

from summarizer.engines.extractive import ExtractiveEngine
from summarizer.text import split_sentences

TEXT = (
    "Báo cáo cho biết, 6 tháng đầu năm, tổng thu ngân sách đạt 52,3% dự toán. "
    "Công tác cải cách hành chính có chuyển biến. "
    "Giải ngân vốn đầu tư công đạt 41%, thấp hơn cùng kỳ. "
    "Các đại biểu thảo luận nguyên nhân chậm giải ngân và đề xuất giải pháp. "
    "Một số xã chưa hoàn thành chỉ tiêu thu ngân sách do khó khăn về đất đai."
)


def test_summary_is_made_of_source_sentences_in_order():
    summary = ExtractiveEngine().summarize([TEXT], ["discussion"])[0]
    source = split_sentences(TEXT)
    picked = split_sentences(summary)
    assert picked and all(s in source for s in picked)
    assert [source.index(s) for s in picked] == sorted(source.index(s) for s in picked)


def test_opening_summary_is_shorter_than_discussion():
    engine = ExtractiveEngine()
    opening, discussion = engine.summarize([TEXT, TEXT], ["opening", "discussion"])
    assert len(opening) < len(discussion) <= len(TEXT)


def test_empty_text_gives_empty_summary():
    assert ExtractiveEngine().summarize([""]) == [""]


NEWS = (
    "Sáng 12/3, Công an huyện Đô Lương, tỉnh Nghệ An cho biết đã bắt giữ hai đối tượng trộm chó "
    "sau khi được người dân xã Giang Sơn Tây phát hiện. "
    "Theo đó, khoảng 5 giờ sáng cùng ngày, người dân phát hiện hai đối tượng đi xe máy, mang theo "
    "đao và dụng cụ bắt chó. "
    "Thời tiết hôm đó nắng nhẹ. "
    "Người dân đã hô hoán và cùng lực lượng công an xã vây bắt hai đối tượng trộm chó. "
    "Một đối tượng bỏ chạy vào rừng nhưng bị bắt lại sau hai giờ truy đuổi. "
    "Tại cơ quan công an, hai đối tượng khai nhận đã trộm chó ở nhiều xã trong huyện. "
    "Người dân trong xã cho biết họ rất vui. "
    "Số chó trộm được, các đối tượng bán cho một lò mổ ở huyện bên cạnh. "
    "Gần đây, tình trạng trộm chó diễn ra phức tạp tại nhiều địa phương của Nghệ An. "
    "Hiện Công an huyện Đô Lương đang điều tra làm rõ vụ trộm chó."
)


def test_news_text_without_kind_is_summarized_by_its_lead_event():
    summary = ExtractiveEngine().summarize([NEWS])[0]
    source = split_sentences(NEWS)
    picked = split_sentences(summary)
    assert picked and all(s in source for s in picked)
    assert [source.index(s) for s in picked] == sorted(source.index(s) for s in picked)
    assert picked[0] == source[0]
    assert "Thời tiết" not in summary and "rất vui" not in summary
    assert len(summary) < len(NEWS) / 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a city written "TP." inside brackets
            "Bệnh nhân được chuyển đến Bệnh viện Chợ Rẫy (TP. HCM) điều trị. Sức khoẻ đã ổn định.",
            [
                "Bệnh nhân được chuyển đến Bệnh viện Chợ Rẫy (TP. HCM) điều trị.",
                "Sức khoẻ đã ổn định.",
            ],
        ),
        (  # a name cut to its initial, then brackets or a capitalised word
            "Cháu Phạm Thị Ngọc L. (11 tuổi) đã về nhà. Chị Hoàng Thị Ph. Trần kể lại.",
            ["Cháu Phạm Thị Ngọc L. (11 tuổi) đã về nhà.", "Chị Hoàng Thị Ph. Trần kể lại."],
        ),
        (  # initials of a whole name, an address with "Q."
            "Ông N.V. Bình ngụ tại Q. Bình Thạnh. Ông đã khai báo.",
            ["Ông N.V. Bình ngụ tại Q. Bình Thạnh.", "Ông đã khai báo."],
        ),
        (  # a capital letter that really ends a sentence
            "Xe dừng ở làn số 2 của khu vực B. Sau đó tài xế rời đi.",
            ["Xe dừng ở làn số 2 của khu vực B.", "Sau đó tài xế rời đi."],
        ),
    ],
)
def test_sentences_are_not_cut_after_abbreviations_and_initials(text, expected):
    assert split_sentences(text) == expected


def test_a_line_break_ends_a_sentence():
    # Lines without a full stop are separate sentences, not one run-on sentence that
    # the summary would have to keep whole.
    lines = [
        f"Xã {name} đã giải ngân {n} tỷ đồng vốn đầu tư công, hoàn thành sửa chữa "
        f"{n + 2} km đường giao thông nông thôn và kênh mương nội đồng trong tháng {n}"
        for n, name in enumerate(["An Bình", "Tân Lập", "Hòa Thuận", "Phú Mỹ", "Đông Hà"], 3)
    ]
    summary = ExtractiveEngine().summarize(["\n".join(lines)])[0]
    kept = [line for line in lines if line in summary]
    assert 1 <= len(kept) < len(lines)
    assert len(summary) == len(" ".join(kept))
