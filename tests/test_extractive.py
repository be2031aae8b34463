"""The extractive engine: source sentences only, in source order, within budget."""

from __future__ import annotations

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
