"""Tasks read from directives: who leads and supports, the deadline, nothing invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.tasks import SET, score
from summarizer import Summarizer
from summarizer.tasks import read_task

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "meetings"
REAL = REAL / "vietnews-meetings.jsonl"


def test_the_labelled_directives_reach_the_targets():
    rows = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 150
    table, _ = score(rows)
    assert table["assignees"]["exact"] >= 0.90
    assert table["deadline_text"]["exact"] >= 0.95
    for field, figures in table.items():
        assert figures["precision"] >= 0.97, field


def _real_directive_lines() -> list[str]:
    if not REAL.is_file():
        pytest.skip(f"{REAL} not found (../shared is absent)")
    lines = []
    for record in map(json.loads, REAL.read_text(encoding="utf-8").splitlines()):
        lines += [record["lines"][i] for i in record.get("directives") or []]
    return lines


def test_on_real_directive_lines_every_field_is_written_in_the_line():
    lines = _real_directive_lines()
    filled = 0
    for line in lines:
        task = read_task(line, year=2017)
        for name in [*task.assignees, *task.support, *filter(None, [task.lead])]:
            assert name in line, (name, line)
        if task.deadline_text:
            assert task.deadline_text in line
            filled += 1
        if task.deadline_iso:
            day, month = (int(x) for x in task.deadline_iso.split("-")[:0:-1])
            assert f"{day}/{month}" in task.deadline_text
    assert len(lines) > 500 and filled > 20


def test_the_year_of_a_deadline_comes_from_the_text_or_the_report():
    assert read_task("Giao Sở Y tế báo cáo trước ngày 30/6.", 2024).deadline_iso == "2024-06-30"
    assert read_task("Giao Sở Y tế báo cáo trước ngày 30/6/2026.", 2024).deadline_iso == (
        "2026-06-30"
    )
    assert read_task("Giao Sở Y tế báo cáo trước ngày 30/6.", None).deadline_iso is None
    assert read_task("Giao Sở Y tế báo cáo trước ngày 31/2.", 2024).deadline_iso is None


def test_a_speaker_or_a_clause_is_never_an_assignee():
    for text in (
        "Đồng chí nhấn mạnh phải kiên quyết xử lý các vi phạm.",
        "Tiếp tục đẩy mạnh cải cách hành chính.",
        "Ông yêu cầu các nhà khoa học nước ngoài vào cuộc tư vấn ngay cho Bộ.",
        "Bộ Y tế được giao trách nhiệm chỉ đạo các địa phương thu gom hải sản chết.",
    ):
        assert read_task(text).assignees in ([], ["Bộ Y tế"]), text


def test_a_briefing_gives_each_task_its_fields_and_who_issued_it():
    report = (
        "Sáng 14/3/2025, UBND huyện Lạc Giang tổ chức hội nghị sơ kết công tác phòng, chống "
        "hạn mặn. Đồng chí Lê Quang Vinh, Phó Chủ tịch UBND huyện chủ trì hội nghị.\n"
        "Các đại biểu thảo luận về giải pháp điều tiết nước giữa các vùng.\n"
        "Phát biểu kết luận, đồng chí Lê Quang Vinh yêu cầu Phòng Nông nghiệp chủ trì, "
        "phối hợp với Công ty Thủy lợi vận hành hợp lý các trạm bơm trước ngày 31/3; giao "
        "UBND các xã thống kê diện tích thiệt hại, báo cáo UBND huyện trước ngày 5/4."
    )
    briefing = Summarizer(engine="extractive").brief(report)
    tasks = briefing.directives
    assert [t.assignees for t in tasks] == [["Phòng Nông nghiệp"], ["UBND các xã"]]
    assert tasks[0].lead == "Phòng Nông nghiệp" and tasks[0].support == ["Công ty Thủy lợi"]
    assert [t.deadline_iso for t in tasks] == ["2025-03-31", "2025-04-05"]
    assert all(t.issued_by and "Lê Quang Vinh" in t.issued_by for t in tasks)
    data = json.loads(briefing.model_dump_json())
    assert data["directives"][1]["deadline_text"] == "trước ngày 5/4"
