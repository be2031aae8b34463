"""Segmentation: what a reader would label each paragraph."""

from __future__ import annotations

import json

import pytest

from summarizer import load, segment
from summarizer.facts import extract_directives, extract_facts
from tests.conftest import ROOT


def test_seed_report_labels_match_a_reader(seed):
    report = segment(seed)
    by_start = {p.text[:30]: p.label for p in report.paragraphs}
    content = [p for p in report.paragraphs if p.label != "other"]
    assert [p.label for p in content] == ["opening", "discussion", "discussion", "conclusion"]
    assert content[0].text.startswith("Chiều 3/7, Ban Chỉ đạo 35")
    assert content[1].text.startswith("6 tháng đầu năm 2024")
    assert content[2].text.startswith("Tại Hội nghị, các đại biểu")
    assert content[3].text.startswith("Phát biểu kết luận Hội nghị")
    for chrome in ("Print Thứ Tư", "QR Code", "Tin khác", "Cẩm Nhung", "Tiện ích thông tin"):
        assert by_start[next(k for k in by_start if k.startswith(chrome))] == "other"
    captions = [p for p in report.paragraphs if p.text.startswith(("Đồng chí", "Các đại biểu"))]
    assert captions and all(p.label == "other" for p in captions)
    lines = [line for line in seed.read_text(encoding="utf-8").split("\n") if line.strip()]
    assert len(report.paragraphs) == len(lines)


FILES = [json.loads(line) for line in (ROOT / "tests/data/segment/files.jsonl").open()]


@pytest.mark.parametrize("record", FILES[1:], ids=[r["id"] for r in FILES[1:]])
def test_example_reports_are_labelled_like_a_reader(record):
    report = segment(load(ROOT / record["source"]))
    assert [p.label for p in report.paragraphs] == record["labels"]


def test_parts_keep_the_usual_order_and_sections_group_them():
    text = "\n".join(
        [
            "Sáng 5/3, UBND xã An Phú tổ chức hội nghị tổng kết công tác năm 2025.",
            "Ông Lê Văn Tâm, Chủ tịch UBND xã chủ trì hội nghị.",
            "Báo cáo cho biết, thu ngân sách đạt 112% dự toán, tăng 8% so với cùng kỳ.",
            "Các đại biểu thảo luận, làm rõ nguyên nhân chậm giải ngân vốn đầu tư công.",
            "Phát biểu kết luận hội nghị, ông Tâm đề nghị các thôn tiếp tục rà soát hộ nghèo.",
        ]
    )
    report = segment(text)
    assert [p.label for p in report.paragraphs] == [
        "opening",
        "opening",
        "discussion",
        "discussion",
        "conclusion",
    ]
    assert [s.kind for s in report.sections] == ["opening", "discussion", "conclusion"]
    assert report.section("discussion").paragraph_indexes == [2, 3]


def test_a_report_without_conclusion_has_no_conclusion_section():
    report = segment(
        "Chiều 2/4, Huyện đoàn Tân Lạc tổ chức hội nghị triển khai nhiệm vụ quý II.\n"
        "Báo cáo tại hội nghị cho biết, quý I toàn huyện kết nạp 85 đoàn viên mới."
    )
    assert report.section("conclusion") is None
    assert [p.label for p in report.paragraphs] == ["opening", "discussion"]


def test_paragraph_per_non_empty_line_in_input_order():
    report = segment("Dòng một.\n\n   \nDòng hai.\n")
    assert [(p.index, p.text) for p in report.paragraphs] == [(0, "Dòng một."), (1, "Dòng hai.")]


def _sentences(report, kind):
    section = report.section(kind)
    return section.sentences if section else []


def test_hard_line_breaks_are_read_as_whole_sentences():
    text = "\n".join(
        [
            "Sở Y tế tỉnh Hà Lam sơ kết công tác 6 tháng đầu năm",
            "Sáng 11/7, Sở Y tế tỉnh Hà Lam tổ chức hội nghị sơ kết công tác 6 tháng đầu",
            "năm 2025. Đồng chí Nguyễn Thị Hoa, Giám đốc Sở chủ trì hội nghị. Báo cáo",
            "tại hội nghị cho biết, 6 tháng đầu năm toàn ngành đã khám bệnh cho 1,2 triệu",
            "lượt người, tăng 8% so với cùng kỳ; tỷ lệ tiêm chủng đầy đủ đạt 96%.",
            "Phát biểu kết luận, đồng chí Nguyễn Thị Hoa đề nghị các đơn vị tiếp tục nâng",
            "cao chất lượng khám chữa bệnh, tăng cường kiểm tra an toàn thực phẩm.",
            "Minh Thu",
        ]
    )
    report = segment(text)
    assert [p.label for p in report.paragraphs] == [
        "other", "opening", "opening", "discussion", "discussion", "conclusion", "conclusion",
        "other",
    ]  # fmt: skip
    assert "Đồng chí Nguyễn Thị Hoa, Giám đốc Sở chủ trì hội nghị." in _sentences(report, "opening")
    assert _sentences(report, "conclusion") == [
        "Phát biểu kết luận, đồng chí Nguyễn Thị Hoa đề nghị các đơn vị tiếp tục nâng cao "
        "chất lượng khám chữa bệnh, tăng cường kiểm tra an toàn thực phẩm."
    ]
    facts = extract_facts(report)
    assert (facts.chair.name, facts.chair.title) == ("Nguyễn Thị Hoa", "Giám đốc Sở")


def test_a_report_pasted_on_one_line_keeps_its_parts_and_drops_the_chrome():
    line = (
        "Trang chủ Tin tức Thứ Năm, 13/03/2025 - 15:20 Kết nối tiêu thụ nông sản Phú Lâm "
        "Sáng nay (13/3), Sở Công Thương tỉnh Phú Lâm tổ chức hội nghị kết nối cung cầu. "
        "Bà Ngô Thị Minh Thư, Phó Giám đốc Sở chủ trì hội nghị. "
        "Theo báo cáo của Sở, năm 2024 các hợp tác xã đã đưa 126 sản phẩm vào siêu thị, "
        "doanh thu đạt 48 tỷ đồng, tăng 21% so với cùng kỳ. "
        "Các đại biểu thảo luận, làm rõ khó khăn về bao bì, truy xuất nguồn gốc. "
        "Phát biểu kết luận, bà Ngô Thị Minh Thư đề nghị các doanh nghiệp tiếp tục ký kết "
        "hợp đồng bao tiêu; giao Phòng Quản lý thương mại theo dõi, báo cáo trước ngày 30/6. "
        "Chia sẻ Facebook Zalo In bài Tin khác"
    )
    report = segment(line)
    assert len(report.paragraphs) == 1
    assert [s.kind for s in report.sections] == ["opening", "discussion", "conclusion"]
    assert _sentences(report, "opening")[0].startswith("Sáng nay (13/3)")
    assert _sentences(report, "conclusion")[0].startswith("Phát biểu kết luận")
    everything = " ".join(s for section in report.sections for s in section.sentences)
    assert "Chia sẻ" not in everything and "Trang chủ" not in everything
    facts = extract_facts(report)
    assert facts.date_iso == "2025-03-13" and facts.organizer == "Sở Công Thương tỉnh Phú Lâm"


def test_a_conclusion_that_starts_mid_paragraph_has_its_own_sentences():
    report = segment(
        "Sáng 26/8, Tỉnh đoàn Thanh Lâm tổ chức hội nghị sơ kết chiến dịch tình nguyện hè.\n"
        "Theo báo cáo, chiến dịch đã huy động 12.460 lượt đoàn viên, làm mới 38 km đường "
        "giao thông nông thôn và xây dựng 27 công trình thanh niên. Tại hội nghị, nhiều ý "
        "kiến cho rằng việc huy động nguồn lực ở một số cơ sở còn hạn chế, công tác truyền "
        "thông chưa thường xuyên. Phát biểu kết luận, đồng chí Lương Thị Ánh đề nghị các cơ "
        "sở đoàn sớm hoàn thành báo cáo tổng kết."
    )
    assert [p.label for p in report.paragraphs] == ["opening", "discussion"]
    conclusion = report.section("conclusion")
    assert conclusion.paragraph_indexes == [1]
    assert [(s.paragraph, s.sentence) for s in conclusion.spans] == [(1, 2)]
    assert conclusion.sentences[0].startswith("Phát biểu kết luận")
    assert all(not s.startswith("Phát biểu") for s in _sentences(report, "discussion"))
    assert [d.paragraph_index for d in extract_directives(report)] == [1]


def test_directions_given_first_are_the_conclusion():
    report = segment(
        "Bình Lâm: Đẩy nhanh giải ngân vốn đầu tư công\n"
        "Đồng chí Lê Quang Hưng, Chủ tịch UBND tỉnh yêu cầu các sở, ngành, địa phương xác "
        "định giải ngân vốn đầu tư công là nhiệm vụ trọng tâm; phấn đấu đến ngày 31/12 giải "
        "ngân đạt trên 95% kế hoạch.\n"
        "Chỉ đạo trên được đưa ra tại cuộc họp trực tuyến do UBND tỉnh Bình Lâm tổ chức "
        "chiều 9/10. Đồng chí Lê Quang Hưng, Chủ tịch UBND tỉnh chủ trì cuộc họp.\n"
        "Theo báo cáo của Sở Tài chính, đến hết ngày 30/9 toàn tỉnh mới giải ngân được "
        "3.519 tỷ đồng, đạt 51,4% kế hoạch."
    )
    assert [p.label for p in report.paragraphs] == [
        "other", "conclusion", "opening", "discussion",
    ]  # fmt: skip
    facts = extract_facts(report)
    assert facts.organizer == "UBND tỉnh Bình Lâm" and facts.chair.name == "Lê Quang Hưng"


def test_captions_that_say_who_concluded_are_not_the_conclusion():
    report = segment(
        "Sáng 5/3, UBND xã An Phú tổ chức hội nghị tổng kết công tác năm 2025.\n"
        "Đồng chí Lê Văn Tâm, Chủ tịch UBND xã phát biểu kết luận hội nghị.\n"
        "Báo cáo cho biết, thu ngân sách đạt 112% dự toán, tăng 8% so với cùng kỳ.\n"
        "Quang cảnh hội nghị.\n"
        "Phát biểu kết luận hội nghị, ông Tâm đề nghị các thôn tiếp tục rà soát hộ nghèo."
    )
    assert [p.label for p in report.paragraphs] == [
        "opening", "other", "discussion", "other", "conclusion",
    ]  # fmt: skip
    assert report.section("conclusion").paragraph_indexes == [4]


def test_a_conclusion_given_as_a_task_list_is_one_part_with_one_directive_per_task():
    tasks = [
        "- Phòng Kinh tế rà soát diện tích lúa bị ảnh hưởng, báo cáo trước ngày 15/10;",
        "- Các xã tăng cường kiểm tra, xử lý vi phạm hành lang đê điều;",
        "+ Trung tâm Dịch vụ nông nghiệp hướng dẫn nông dân chăm sóc lúa sau bão.",
    ]
    report = segment(
        "Sáng 2/10, UBND huyện Phước An tổ chức hội nghị bàn giải pháp khắc phục hậu quả bão.\n"
        "Báo cáo cho biết, bão số 6 làm ngập 1.240 ha lúa, 36 nhà bị tốc mái.\n"
        "Kết luận hội nghị, đồng chí Chủ tịch UBND huyện giao nhiệm vụ:\n" + "\n".join(tasks)
    )
    assert [p.label for p in report.paragraphs][2:] == ["conclusion"] * 4
    directives = extract_directives(report)
    assert [d.paragraph_index for d in directives] == [3, 4, 5]
    assert directives[0].text.startswith("Phòng Kinh tế rà soát")


def test_topics_interleaved_keep_their_own_parts():
    report = segment(
        "Sáng 11/7, Ban Thường vụ Huyện ủy Đông Sơn tổ chức hội nghị cho ý kiến về ba nội dung.\n"
        "Hội nghị nghe báo cáo tình hình thu ngân sách 6 tháng đầu năm, đạt 56,2% dự toán, "
        "tăng 7,6% so với cùng kỳ; giải ngân vốn đầu tư công đạt 38,5% kế hoạch.\n"
        "Về nội dung này, đồng chí Bí thư Huyện ủy kết luận: các xã tập trung tháo gỡ "
        "vướng mắc mặt bằng, khẩn trương giải ngân.\n"
        "Tiếp đó, hội nghị thảo luận dự thảo Đề án phát triển du lịch, theo đó đến năm 2030 "
        "huyện đón 1,2 triệu lượt khách.\n"
        "Về nội dung này, đồng chí Bí thư Huyện ủy kết luận: thống nhất chủ trương, giao "
        "Phòng Văn hóa tiếp thu ý kiến, hoàn chỉnh Đề án."
    )
    assert [p.label for p in report.paragraphs] == [
        "opening", "discussion", "conclusion", "discussion", "conclusion",
    ]  # fmt: skip


def test_minutes_use_their_fields_and_headings():
    report = segment(
        "\n".join(
            [
                "ỦY BAN NHÂN DÂN XÃ PHÚ LÂM",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "BIÊN BẢN",
                "Họp giao ban công tác tháng 3 năm 2025",
                "Thời gian: 8 giờ 00, ngày 05/3/2025.",
                "Địa điểm: Hội trường UBND xã Phú Lâm.",
                "Chủ trì: Ông Trần Văn Bình - Chủ tịch UBND xã.",
                "Thư ký: Bà Lê Thị Hạnh - công chức Văn phòng.",
                "NỘI DUNG CUỘC HỌP",
                "1. Ý kiến của các thành viên",
                "Ông Đỗ Văn Khoa, công chức Địa chính đề nghị UBND xã sớm bố trí kinh phí đo đạc.",
                "2. Kết luận của chủ trì",
                "Giao Văn phòng tổng hợp, tham mưu kế hoạch tháng 4 trước ngày 10/3/2025.",
                "Cuộc họp kết thúc vào lúc 10 giờ 30 cùng ngày.",
                "THƯ KÝ",
                "Lê Thị Hạnh",
            ]
        )
    )
    labels = [p.label for p in report.paragraphs]
    assert labels[:5] == ["other"] * 5
    assert labels[5:9] == ["opening"] * 4
    assert (
        labels[9:]
        == ["other", "discussion", "discussion", "conclusion", "conclusion"] + ["other"] * 3
    )
    facts = extract_facts(report)
    assert facts.organizer == "ỦY BAN NHÂN DÂN XÃ PHÚ LÂM"
    assert (facts.chair.name, facts.date_iso, facts.time) == (
        "Trần Văn Bình", "2025-03-05", "8 giờ 00",
    )  # fmt: skip


def test_a_report_that_starts_with_results_has_no_opening():
    report = segment(
        "Năm 2025, tổ chức Đoàn các cấp trong tỉnh đã kết nạp 4.210 đoàn viên mới, đạt 105% "
        "kế hoạch; xây dựng 126 công trình thanh niên với tổng giá trị 18 tỷ đồng.\n"
        "Các đại biểu thảo luận, chia sẻ kinh nghiệm tập hợp thanh niên công nhân.\n"
        "Phát biểu kết luận, đồng chí Bí thư Tỉnh đoàn đề nghị các cơ sở đoàn tiếp tục đổi "
        "mới phương thức hoạt động."
    )
    assert [s.kind for s in report.sections] == ["discussion", "conclusion"]


def test_portal_chrome_and_bylines_are_other():
    report = segment(
        "\n".join(
            [
                "Trang chủ",
                "Cập nhật: 10:25 | 15/08/2025",
                "Cỡ chữ: A A A",
                "(Cổng TTĐT huyện Đông Sơn) - Sáng 14/8, UBND huyện Đông Sơn tổ chức hội nghị "
                "triển khai nhiệm vụ phòng, chống thiên tai.",
                "Phát biểu kết luận, đồng chí Chủ tịch UBND huyện yêu cầu các xã rà soát "
                "phương án sơ tán dân.",
                "Hà Phương",
                "Lượt xem: 1.234",
                "Tin khác",
            ]
        )
    )
    assert [p.label for p in report.paragraphs] == [
        "other", "other", "other", "opening", "conclusion", "other", "other", "other",
    ]  # fmt: skip
    facts = extract_facts(report)
    assert facts.organizer == "UBND huyện Đông Sơn" and facts.date_iso == "2025-08-14"
