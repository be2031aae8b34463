"""The digest of many meetings: meetings by date, tasks by assignee, failures named."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import docx

from summarizer import Summarizer
from summarizer.cli import main
from summarizer.digest import Digest, assignee_key, make_digest

REPORTS = {
    "giao-ban-thang-8.txt": (
        "Sáng 5/8/2025, UBND tỉnh Lạc Giang tổ chức họp giao ban tháng 8. Đồng chí Lê Quang "
        "Vinh, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp.\n"
        "Các đại biểu thảo luận về tiến độ giải ngân vốn đầu tư công.\n"
        "Phát biểu kết luận, đồng chí Lê Quang Vinh giao Sở Tài chính tỉnh rà soát các khoản "
        "chi trước ngày 20/8; yêu cầu Sở Xây dựng báo cáo tiến độ các công trình trong tháng 9."
    ),
    "hop-chuyen-de.txt": (
        "Chiều 12/7/2025, UBND tỉnh Lạc Giang tổ chức cuộc họp chuyên đề về phòng chống hạn "
        "mặn. Đồng chí Trần Minh Khoa, Chủ tịch UBND tỉnh chủ trì cuộc họp.\n"
        "Các đại biểu thảo luận về giải pháp điều tiết nước.\n"
        "Kết luận cuộc họp, đồng chí Trần Minh Khoa giao Sở Tài chính chủ trì, phối hợp với "
        "Sở Nông nghiệp bố trí kinh phí chống hạn trước ngày 30/7; tiếp tục tuyên truyền cho "
        "người dân tiết kiệm nước."
    ),
}


def _briefings():
    s = Summarizer(engine="extractive")
    return [s.brief(text) for text in REPORTS.values()]


def test_bodies_written_two_ways_meet_and_others_stay_apart():
    assert assignee_key("Sở Tài chính tỉnh") == assignee_key("Sở Tài chính")
    assert assignee_key("Ủy ban nhân dân huyện Gia Lâm") == assignee_key("UBND huyện Gia Lâm")
    assert assignee_key("Sở Tài chính") != assignee_key("Sở Xây dựng")
    assert assignee_key("UBND tỉnh") != assignee_key("UBND huyện")


def test_meetings_in_date_order_tasks_by_assignee_by_deadline_overdue_marked():
    digest = make_digest([*_briefings(), ("mat.txt", "mat.txt: no such file")], date(2025, 8, 10))
    assert [m.date_iso for m in digest.meetings] == ["2025-07-12", "2025-08-05"]
    groups = {g.name: g.tasks for g in digest.tasks}
    finance = next(tasks for name, tasks in groups.items() if name.startswith("Sở Tài chính"))
    assert [t.deadline_iso for t in finance] == ["2025-07-30", "2025-08-20"]  # both meetings
    assert [t.overdue for t in finance] == [True, False]
    assert finance[0].support == ["Sở Nông nghiệp"]
    assert [t.deadline_text for t in groups["Sở Xây dựng"]] == ["trong tháng 9"]
    assert any("tuyên truyền" in t.text for t in digest.unassigned)
    assert [f.source for f in digest.failed] == ["mat.txt"]


def test_the_digest_docx_has_the_meetings_table_and_a_task_table_per_assignee(tmp_path):
    digest = make_digest([*_briefings(), ("mat.txt", "mat.txt: no such file")], date(2025, 8, 10))
    document = docx.Document(str(digest.to_docx(tmp_path / "tong-hop.docx")))
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO TỔNG HỢP" in texts and "PHỤ LỤC: CÁC BÁO CÁO KHÔNG ĐỌC ĐƯỢC" in texts
    meetings = next(t for t in document.tables if t.rows[0].cells[1].text == "Ngày")
    assert [r.cells[1].text for r in meetings.rows[1:]] == ["Chiều 12/7/2025", "Sáng 5/8/2025"]
    assert "Trần Minh Khoa" in meetings.rows[1].cells[3].text
    task_tables = [t for t in document.tables if t.rows[0].cells[-1].text == "Cuộc họp"]
    assert len(task_tables) == len(digest.tasks) + 1  # and the tasks given to no one named
    finance = task_tables[[g.name for g in digest.tasks].index(digest.tasks[0].name)]
    deadlines = [r.cells[2].text for r in finance.rows[1:]]
    assert deadlines == ["trước ngày 30/7 (quá hạn)", "trước ngày 20/8"]
    headings = [p.text for p in document.paragraphs if p.style.name == "Briefing Subheading"]
    assert any(h.endswith(": 2 nhiệm vụ") for h in headings)


def test_summarizer_digest_takes_reports_and_briefings_together():
    s = Summarizer(engine="extractive")
    briefing = s.brief(REPORTS["hop-chuyen-de.txt"])
    digest = s.digest([REPORTS["giao-ban-thang-8.txt"], briefing], as_of=date(2025, 8, 1))
    assert len(digest.meetings) == 2 and not digest.failed


def test_digest_command_reads_briefing_jsons_and_reports_and_names_what_it_cannot(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    briefs = tmp_path / "briefs"
    assert main(["brief", str(folder / "hop-chuyen-de.txt"), "-o", str(briefs), "-q",
                 "--engine", "extractive", "--format", "json"]) == 0  # fmt: skip
    (folder / "hong.json").write_text("{not json", encoding="utf-8")
    out = tmp_path / "tong-hop.docx"
    code = main([
        "digest", str(folder / "giao-ban-thang-8.txt"), str(briefs), str(folder / "hong.json"),
        "-o", str(out), "--format", "docx,json,md,csv", "--engine", "extractive",
        "--as-of", "2025-08-10", "-q",
    ])  # fmt: skip
    assert code == 1  # one input could not be read; the digest is still written
    digest = Digest.model_validate_json(out.with_suffix(".json").read_bytes())
    assert len(digest.meetings) == 2 and [Path(f.source).name for f in digest.failed] == [
        "hong.json"
    ]
    raw = out.with_suffix(".csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads the Vietnamese right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Đơn vị", "Nhiệm vụ", "Thời hạn"]
    assert any(row[0].startswith("Sở Tài chính") and row[4] == "x" for row in rows[1:])
    markdown = out.with_suffix(".md").read_text(encoding="utf-8")
    assert "# BÁO CÁO TỔNG HỢP" in markdown and "| trước ngày 20/8 |" in markdown
    assert json.loads(out.with_suffix(".json").read_text("utf-8"))["as_of"] == "2025-08-10"
