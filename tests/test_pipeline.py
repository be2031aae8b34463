"""Summarizer.brief_many: streaming, input order, errors as values, bounded windows."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import summarizer
from summarizer import Briefing, Summarizer, SummarizerError, pipeline
from summarizer.budget import TimeLimitError

REPORT = (
    "Sáng 5/3, UBND xã {name} tổ chức hội nghị sơ kết công tác quý I.\n"
    "Ông Lê Văn Tâm, Chủ tịch UBND xã chủ trì hội nghị.\n"
    "Các đại biểu thảo luận về kết quả thu ngân sách đạt 28,5% dự toán.\n"
    "Phát biểu kết luận, ông Tâm đề nghị các thôn tiếp tục rà soát hộ nghèo."
)


def reports(count: int) -> list[str]:
    return [REPORT.format(name=f"An Phú {n}") for n in range(count)]


def test_results_come_in_input_order_with_errors_as_values(tmp_path):
    empty = tmp_path / "rong.txt"
    empty.write_text("  \n", encoding="utf-8")
    sources = [reports(1)[0], empty, tmp_path / "khong-co.txt", reports(2)[1]]
    results = list(Summarizer(engine="extractive").brief_many(sources))
    assert [type(r) for r in results][0] is Briefing and isinstance(results[3], Briefing)
    assert isinstance(results[1], SummarizerError) and "rong.txt" in str(results[1])
    assert isinstance(results[2], SummarizerError) and "khong-co.txt" in str(results[2])
    assert "An Phú 1" in results[3].sections[0].summary


def test_an_unexpected_failure_in_one_report_does_not_end_the_batch(monkeypatch):

    real = pipeline.extract_facts

    def flaky(report):
        if "An Phú 1" in report.paragraphs[0].text:
            raise ValueError("broken table")
        return real(report)

    monkeypatch.setattr(pipeline, "extract_facts", flaky)
    results = list(Summarizer(engine="extractive").brief_many(reports(3)))
    assert isinstance(results[0], Briefing) and isinstance(results[2], Briefing)
    assert isinstance(results[1], SummarizerError)
    assert "ValueError" in str(results[1]) and "broken table" in str(results[1])


def _watched(count: int, pulled: list[int]):
    """`count` reports, noting in `pulled` each one taken from the stream."""
    for n, text in enumerate(reports(count)):
        pulled.append(n)
        yield text


def test_brief_many_streams_one_window_at_a_time():
    pulled: list[int] = []
    batching = Summarizer(engine="extractive", window=4)
    batching.engine.batched = True  # as a seq2seq engine: model calls batched per window
    stream = batching.brief_many(_watched(10, pulled))
    first = next(stream)
    assert isinstance(first, Briefing)
    assert len(pulled) == 4  # only the first window was read
    assert len(list(stream)) == 9 and len(pulled) == 10


def test_an_engine_that_does_not_batch_gives_each_briefing_as_soon_as_it_is_made():
    pulled: list[int] = []
    stream = Summarizer(engine="extractive", window=4).brief_many(_watched(5, pulled))
    assert isinstance(next(stream), Briefing) and len(pulled) == 1


def test_the_reports_before_a_big_one_are_given_before_it_is_segmented(monkeypatch):
    segmented: list[str] = []
    real = pipeline.segment

    def watched(report):
        segmented.append(report.paragraphs[0].text[:20])
        return real(report)

    monkeypatch.setattr(pipeline, "segment", watched)
    big = reports(1)[0] + "\n" + "Các đại biểu thảo luận về kế hoạch năm sau. " * 1500
    batching = Summarizer(engine="extractive", window=8)
    batching.engine.batched = True
    stream = batching.brief_many([*reports(2), big, *reports(1)])
    first, second = next(stream), next(stream)
    assert isinstance(first, Briefing) and isinstance(second, Briefing)
    assert len(segmented) == 2  # the big one is not segmented yet
    assert all(isinstance(r, Briefing) for r in stream)


def test_a_report_over_its_time_limit_is_its_own_error_and_the_others_are_briefed():
    big = "Các đại biểu thảo luận về kế hoạch năm sau, " * 28_000  # 1,232,000 characters
    started = time.monotonic()
    results = list(
        Summarizer(engine="extractive", time_limit=0.3).brief_many(
            [reports(1)[0], big, reports(1)[0]]
        )
    )
    seconds = time.monotonic() - started
    assert isinstance(results[0], Briefing) and isinstance(results[2], Briefing)
    assert isinstance(results[1], TimeLimitError)
    assert "took longer than 0.3 s" in str(results[1]) and "--time-limit" in str(results[1])
    # refused at the limit, not after briefing the whole of it (several seconds)
    untimed = Summarizer(engine="extractive", time_limit=None)
    started_big = time.monotonic()
    assert isinstance(untimed.brief(big), Briefing)
    assert seconds < time.monotonic() - started_big


def test_model_failure_is_reported_for_each_report_of_the_window(monkeypatch):
    engine = Summarizer(engine="extractive")

    def broken(texts, kinds=None):
        raise summarizer.ModelError("the GPU ran out of memory on a single part")

    monkeypatch.setattr(engine.engine, "summarize", broken)
    results = list(engine.brief_many([Path("x.txt"), *reports(2)]))
    assert all(isinstance(r, SummarizerError) for r in results)
    assert "ran out of memory" in str(results[1])
    with pytest.raises(summarizer.ModelError):
        engine.brief(reports(1)[0])


def test_text_that_is_not_vietnamese_or_not_a_meeting_gets_a_warning():
    brief = Summarizer(engine="extractive").brief
    english = (
        "The city council met on Monday to discuss the budget. The mayor opened the session "
        "and thanked the members. They discussed roads, schools and parks for a long time."
    )
    assert any("does not look like Vietnamese" in w for w in brief(english).warnings)
    gold = "Giá vàng hôm nay tăng mạnh. Các chuyên gia cho rằng thị trường còn biến động."
    assert any("no meeting is mentioned" in w for w in brief(gold).warnings)
    assert brief(reports(1)[0]).warnings == []
