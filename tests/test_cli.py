"""The `summarizer` command: brief files and folders, exit codes, segment, stdin."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import summarizer
from summarizer.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_b3b1cc480d78469e.txt"
LABELS = {"opening", "discussion", "conclusion", "other"}

REPORT = (
    "Sáng 20/5, Hội Nông dân huyện Cam Lâm tổ chức hội nghị sơ kết công tác hỗ trợ "
    "nông dân. Đồng chí Huỳnh Văn Phúc, Chủ tịch Hội Nông dân huyện chủ trì hội nghị.\n"
    "\n"
    "Tại hội nghị, các đại biểu thảo luận về vốn vay, giống cây trồng và tiêu thụ "
    "nông sản cho bà con.\n"
    "\n"
    "Phát biểu kết luận, đồng chí Huỳnh Văn Phúc đề nghị các cơ sở Hội tiếp tục "
    "hướng dẫn hội viên vay vốn đúng mục đích; giao Văn phòng Hội theo dõi, tổng hợp "
    "kết quả trước ngày 30/6.\n"
)


def report_file(folder: Path, name: str = "hoi-nong-dan.txt", text: str = REPORT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name != "manifest.jsonl"}


def brief(*args: str) -> int:
    return main(["brief", *args, "--engine", "extractive"])


def test_one_input_and_docx_output_writes_exactly_that_file(tmp_path):
    source = report_file(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "tom-tat.docx"

    assert brief(str(source), "-o", str(target)) == 0

    assert names(out) == {"tom-tat.docx"}
    docx = pytest.importorskip("docx")
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "BÁO CÁO TÓM TẮT" in text


def test_folder_input_writes_every_format_per_report(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for example in ("hoi-nghi-so-ket-6-thang.txt", "phien-hop-ubnd.md"):
        shutil.copy(EXAMPLES / example, inputs / example)
    report_file(inputs)
    out = tmp_path / "out"

    assert brief(str(inputs), "-o", str(out)) == 0

    stems = ["hoi-nghi-so-ket-6-thang", "phien-hop-ubnd", "hoi-nong-dan"]
    assert names(out) == {f"{stem}.{ext}" for stem in stems for ext in ("docx", "json", "md")}
    for stem in stems:
        for ext in ("docx", "json", "md"):
            assert (out / f"{stem}.{ext}").stat().st_size > 0


def test_format_json_writes_only_json(tmp_path):
    inputs = tmp_path / "in"
    report_file(inputs, "mot.txt")
    report_file(inputs, "hai.txt")
    out = tmp_path / "out"

    assert brief(str(inputs), "-o", str(out), "--format", "json") == 0

    assert names(out) == {"mot.json", "hai.json"}


def test_one_bad_input_fails_alone(tmp_path, capsys):
    inputs = tmp_path / "in"
    report_file(inputs, "tot.txt")
    (inputs / "hong.txt").write_bytes(b"\xe0\xe1 abc H\xf4i ngh\xec")
    out = tmp_path / "out"

    code = brief(str(inputs), "-o", str(out))

    assert code == 1
    assert names(out) == {"tot.docx", "tot.json", "tot.md"}
    assert not [name for name in names(out) if name.startswith(".")]
    err = capsys.readouterr().err
    failure_lines = [line for line in err.splitlines() if "hong.txt" in line]
    assert failure_lines, err
    assert all("->" not in line for line in failure_lines)


def test_unknown_format_is_a_usage_error(tmp_path, capsys):
    source = report_file(tmp_path / "in")
    out = tmp_path / "out"

    assert brief(str(source), "-o", str(out), "--format", "odt") == 2

    assert "odt" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())


def test_folder_without_reports_is_a_usage_error(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (inputs / "so-lieu.xlsx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "out"

    assert brief(str(inputs), "-o", str(out)) == 2

    assert capsys.readouterr().err.strip()
    assert not out.exists() or not any(out.iterdir())


def segment_json(capsys, *args: str) -> list[dict]:
    assert main(["segment", *args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"paragraphs"}
    return data["paragraphs"]


def non_empty_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_segment_json_has_one_entry_per_line_in_order(tmp_path, capsys):
    text = REPORT + "\n\nTrần Minh\n"
    paragraphs = segment_json(capsys, str(report_file(tmp_path, text=text)))

    assert [p["index"] for p in paragraphs] == list(range(len(non_empty_lines(text))))
    assert [p["text"] for p in paragraphs] == non_empty_lines(text)
    for paragraph in paragraphs:
        assert set(paragraph) == {"index", "text", "label"}
        assert paragraph["label"] in LABELS


def seed_labels(capsys) -> tuple[list[dict], dict[str, str]]:
    if not SEED.exists():
        pytest.skip(f"seed report {SEED} is not present in this workspace")
    paragraphs = segment_json(capsys, str(SEED))
    return paragraphs, {p["text"]: p["label"] for p in paragraphs}


def label_of(by_text: dict[str, str], start: str) -> str:
    matches = [label for text, label in by_text.items() if text.startswith(start)]
    assert len(matches) == 1, f"expected one paragraph starting {start!r}"
    return matches[0]


def test_segment_seed_keeps_every_line(capsys):
    paragraphs, _ = seed_labels(capsys)
    lines = non_empty_lines(SEED.read_text(encoding="utf-8"))
    assert [p["text"] for p in paragraphs] == lines
    assert all(p["label"] in LABELS for p in paragraphs)


def test_segment_seed_labels_match_a_reader(capsys):
    paragraphs, by_text = seed_labels(capsys)

    assert label_of(by_text, "Chiều 3/7, Ban Chỉ đạo 35") == "opening"
    assert label_of(by_text, "6 tháng đầu năm 2024, Ban Chỉ đạo 35") == "discussion"
    assert label_of(by_text, "Tại Hội nghị, các đại biểu tập trung thảo luận") == "discussion"
    assert label_of(by_text, "Phát biểu kết luận Hội nghị,") == "conclusion"
    assert label_of(by_text, "Print ") == "other"
    for chrome in ("QR Code", "Tin khác", "Cẩm Nhung"):
        assert by_text[chrome] == "other", chrome
    captions = [
        "Các đại biểu trao đổi, thảo luận tại Hội nghị.",
        "Đồng chí Đào Văn Hoàn, Phó Trưởng Ban Tuyên giáo Thành ủy phát biểu tại Hội nghị.",
        "Đồng chí Đào Khánh Hà, Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Thành ủy "
        "phát biểu kết luận tại Hội nghị.",
    ]
    for caption in captions:
        assert by_text[caption] == "other", caption
    assert [p["label"] for p in paragraphs].count("opening") == 1


def stdin_bytes(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_segment_reads_stdin(monkeypatch, capsys):
    stdin_bytes(monkeypatch, REPORT.encode("utf-8"))
    paragraphs = segment_json(capsys, "-")
    assert [p["text"] for p in paragraphs] == non_empty_lines(REPORT)


def test_brief_reads_stdin_and_json_validates(monkeypatch, tmp_path):
    stdin_bytes(monkeypatch, b"\xef\xbb\xbf" + REPORT.encode("utf-8"))
    out = tmp_path / "out"

    assert brief("-", "-o", str(out), "--format", "json") == 0

    assert names(out) == {"stdin.json"}
    briefing = summarizer.Briefing.model_validate_json((out / "stdin.json").read_text("utf-8"))
    assert briefing.engine == "extractive"
    assert {s.kind for s in briefing.sections} >= {"opening", "conclusion"}
    for section in briefing.sections:
        assert section.summary.strip()


def test_json_output_validates_as_briefing(tmp_path):
    target = tmp_path / "ubnd.json"

    assert brief(str(EXAMPLES / "phien-hop-ubnd.md"), "-o", str(target)) == 0

    briefing = summarizer.Briefing.model_validate_json(target.read_text(encoding="utf-8"))
    assert [s.kind for s in briefing.sections] == ["opening", "discussion", "conclusion"]
    assert briefing.directives
    assert "Lý Văn Hậu" in briefing.model_dump_json()


def test_command_runs_as_a_program(tmp_path):
    source = report_file(tmp_path / "in")
    target = tmp_path / "out" / "hoi.json"

    result = subprocess.run(
        [sys.executable, "-m", "summarizer.cli", "brief", str(source), "-o", str(target)]
        + ["--engine", "extractive"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    briefing = summarizer.Briefing.model_validate_json(target.read_text(encoding="utf-8"))
    assert briefing.sections
    assert "hoi-nong-dan.txt" in result.stderr


def test_single_bad_input_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "hong.txt"
    bad.write_bytes(b"\xe0\xe1 abc")
    out = tmp_path / "out"

    assert brief(str(bad), "-o", str(out / "hong.docx")) == 1

    assert not out.exists() or not any(out.iterdir())
    assert "hong.txt" in capsys.readouterr().err


def test_segment_missing_file_fails_naming_it(tmp_path, capsys):
    assert main(["segment", str(tmp_path / "khong-co.txt"), "--json"]) == 1
    captured = capsys.readouterr()
    assert "khong-co.txt" in captured.err
    assert captured.out == ""


def test_rerun_with_output_inside_input_folder_is_stable(tmp_path):
    inputs = tmp_path / "bao-cao"
    report_file(inputs)
    out = inputs / "tom-tat"

    assert brief(str(inputs), "-o", str(out)) == 0
    assert brief(str(inputs), "-o", str(out)) == 0

    assert names(out) == {"hoi-nong-dan.docx", "hoi-nong-dan.json", "hoi-nong-dan.md"}
    text = (out / "hoi-nong-dan.json").read_text(encoding="utf-8")
    briefing = summarizer.Briefing.model_validate_json(text)
    assert Path(briefing.source).parent == inputs


def test_manifest_lists_every_input_as_it_goes_and_names_failures(tmp_path):
    inputs = tmp_path / "in"
    report_file(inputs, "tot.txt")
    (inputs / "rong.txt").write_text("   \n", encoding="utf-8")
    report_file(inputs / "con", "hai.txt")
    out = tmp_path / "out"

    assert brief(str(inputs), "-o", str(out), "--format", "json", "-q") == 1

    from summarizer.batch import read_manifest

    lines = {Path(line["input"]).name: line for line in read_manifest(out / "manifest.jsonl")}
    assert set(lines) == {"tot.txt", "rong.txt", "hai.txt"}
    assert lines["tot.txt"]["outputs"] == [str(out / "tot.json")]
    assert lines["tot.txt"]["engine"] == "extractive" and lines["tot.txt"]["error"] is None
    assert lines["rong.txt"]["outputs"] == [] and "rong.txt" in lines["rong.txt"]["error"]


def test_skip_existing_resumes_without_redoing_finished_reports(tmp_path, capsys):
    inputs = tmp_path / "in"
    for stem in ("mot", "hai", "ba"):
        report_file(inputs, f"{stem}.txt")
    out = tmp_path / "out"
    assert brief(str(inputs / "mot.txt"), str(inputs / "hai.txt"), "-o", str(out)) == 0
    before = (out / "mot.docx").stat().st_mtime_ns
    capsys.readouterr()

    assert brief(str(inputs), "-o", str(out), "--skip-existing") == 0

    err = capsys.readouterr().err
    assert "1 written, 0 failed, 2 skipped" in err
    assert (out / "mot.docx").stat().st_mtime_ns == before
    assert (out / "ba.docx").is_file()
    from summarizer.batch import read_manifest

    skipped = [line for line in read_manifest(out / "manifest.jsonl") if line.get("skipped")]
    assert sorted(Path(line["input"]).name for line in skipped) == ["hai.txt", "mot.txt"]


def test_ctrl_c_keeps_finished_outputs_and_leaves_no_partial_file(tmp_path, monkeypatch, capsys):
    inputs = tmp_path / "in"
    for stem in ("mot", "hai", "ba"):
        report_file(inputs, f"{stem}.txt")
    out = tmp_path / "out"
    from summarizer import render

    real = render.write_atomic
    calls = []

    def interrupted(path, write):
        calls.append(path)
        if path.name == "hai.json":  # Ctrl-C while the second report is being written

            def half(temporary):
                temporary.write_text("{", encoding="utf-8")
                raise KeyboardInterrupt

            return real(path, half)
        return real(path, write)

    monkeypatch.setattr(render, "write_atomic", interrupted)
    monkeypatch.setattr("summarizer.batch.write_atomic", interrupted)
    assert brief(str(inputs), "-o", str(out), "--format", "json,md") == 130
    assert "interrupted" in capsys.readouterr().err
    assert names(out) == {"ba.json", "ba.md"}  # sorted: ba, hai, mot; hai was cut short
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    from summarizer.batch import read_manifest

    assert [Path(line["input"]).name for line in read_manifest(out / "manifest.jsonl")] == [
        "ba.txt"
    ]


def test_segment_json_into_a_pipe_closed_early_prints_no_traceback(tmp_path):
    report = tmp_path / "dai.txt"
    report.write_text("Các đại biểu thảo luận về kế hoạch năm sau.\n" * 20_000, encoding="utf-8")
    command = f"'{sys.executable}' -m summarizer.cli segment '{report}' --json | head -c 100"
    done = subprocess.run(["bash", "-c", command], capture_output=True, timeout=120)
    assert done.stdout.startswith(b"{")
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "BrokenPipe" not in err, err
