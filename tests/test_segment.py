"""Segmentation: what a reader would label each paragraph."""

from __future__ import annotations

import json

import pytest

from summarizer import segment
from tests.conftest import EXAMPLES, ROOT


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


@pytest.mark.parametrize("name", json.loads((ROOT / "tests/data/example_labels.json").read_text()))
def test_example_reports_are_labelled_like_a_reader(name):
    expected = json.loads((ROOT / "tests/data/example_labels.json").read_text())[name]
    report = segment(EXAMPLES / name)
    assert [p.label for p in report.paragraphs] == expected


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
