"""No input stalls a batch or exhausts the machine.

Time linear in the input for every adversarial shape (measured as a ratio to the same
shape a quarter as long, in the same run), bounded sentences, limits on what a .docx
unpacks to and holds, a per-report time limit, and one output folder shared by two runs.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.shapes import SHAPES, make
from summarizer import Briefing, InputError, Summarizer
from summarizer.batch import MANIFEST, Manifest, read_manifest
from summarizer.cli import main
from summarizer.load import Limits, from_text, load
from summarizer.text import MAX_SENTENCE, split_sentences
from tests.test_bad_input import make_bad

REPORT = (
    "Sáng 20/5, Hội Nông dân huyện Cam Lâm tổ chức hội nghị sơ kết công tác hỗ trợ "
    "nông dân. Đồng chí Huỳnh Văn Phúc, Chủ tịch Hội Nông dân huyện chủ trì hội nghị.\n"
    "Tại hội nghị, các đại biểu thảo luận về vốn vay và tiêu thụ nông sản.\n"
    "Phát biểu kết luận, đồng chí Huỳnh Văn Phúc đề nghị các cơ sở Hội tiếp tục "
    "hướng dẫn hội viên vay vốn đúng mục đích trước ngày 30/6.\n"
)
# Linear time makes a text four times as long take about four times as long (less, with
# the fixed costs); a square law would make it take sixteen times as long. The margin
# is for this machine's noise (a run can take half as long again as the one before).
GROWTH_LIMIT = 8.0


def _seconds(summarizer: Summarizer, text: str, runs: int = 1) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        assert isinstance(summarizer.brief(text), Briefing)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("shape", SHAPES)
def test_briefing_time_grows_linearly_for_every_shape(shape):
    summarizer = Summarizer(engine="extractive", time_limit=None)
    summarizer.brief(REPORT)  # the engine and the cue tables loaded once
    small = _seconds(summarizer, make(shape, 50_000), runs=3)
    large = _seconds(summarizer, make(shape, 200_000), runs=2)
    assert large / small < GROWTH_LIMIT, f"{shape}: {small:.2f} s -> {large:.2f} s"


@pytest.mark.parametrize("shape", ["no-punctuation", "commas-only", "capitalised"])
def test_text_without_sentence_ends_is_cut_into_bounded_sentences(shape):
    text = make(shape, 1_000_000)
    sentences = split_sentences(text)
    assert all(len(s) <= MAX_SENTENCE for s in sentences)
    assert sum(len(s) for s in sentences) >= 0.99 * len(text)  # only spaces are lost
    if shape == "commas-only":  # cut after a comma, not inside a clause
        assert all(s.endswith(",") for s in sentences[:-1])


def test_a_million_short_lines_load_within_raised_limits():
    text = "Xã An Phú\n" * 1_000_000
    with pytest.raises(InputError, match=r"more than 50,000 lines.*--limit paragraphs=N"):
        from_text(text)
    report = from_text(text, limits=Limits(paragraphs=1_000_000))
    assert len(report.paragraphs) == 1_000_000


def test_a_line_over_the_character_limit_is_refused_naming_the_limit(tmp_path):
    path = tmp_path / "mot-dong.txt"
    path.write_text("hội nghị " * 2000, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load(path, limits=Limits(paragraph_chars=10_000))
    assert str(path) in str(error.value) and "--limit paragraph_chars=N" in str(error.value)


# --- .docx: what it unpacks to and what it holds -----------------------------------------


def _docx(tmp_path: Path, name: str, body: list[bytes]) -> Path:
    path = tmp_path / name
    path.write_bytes(make_bad._docx_with_document(make_bad._document(body)))
    return path


def _paragraphs(texts: list[str]) -> list[bytes]:
    return [f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>".encode() for t in texts]


def test_a_docx_that_unpacks_past_the_limit_is_refused_before_it_is_read(tmp_path):
    path = _docx(tmp_path, "bom.docx", _paragraphs(["Hội nghị hội nghị"] * 50_000))
    assert path.stat().st_size < 200_000
    with pytest.raises(InputError) as error:
        load(path, limits=Limits(unzipped=1_000_000))
    assert "unpacks to" in str(error.value) and "--limit unzipped=N" in str(error.value)
    assert len(load(path).paragraphs) == 50_000  # under the default limit it is read


def test_a_docx_with_a_doctype_is_refused(tmp_path):
    path = tmp_path / "laughs.docx"
    path.write_bytes(make_bad._billion_laughs())
    with pytest.raises(InputError, match="DOCTYPE"):
        load(path)


def test_docx_paragraph_and_cell_limits_name_the_file_and_the_limit(tmp_path):
    many = _docx(tmp_path, "nhieu.docx", _paragraphs([f"Mục {i}" for i in range(30)]))
    with pytest.raises(InputError, match=r"nhieu.docx: more than 20 paragraphs"):
        load(many, limits=Limits(paragraphs=20))
    cells = "".join(f"<w:tc><w:p><w:r><w:t>{i}</w:t></w:r></w:p></w:tc>" for i in range(3))
    table = [b"<w:tbl>", *[f"<w:tr>{cells}</w:tr>".encode()] * 10, b"</w:tbl>"]
    path = _docx(tmp_path, "bang.docx", [*_paragraphs(["Biên bản họp"]), *table])
    with pytest.raises(InputError, match=r"more than 20 table cells.*--limit cells=N"):
        load(path, limits=Limits(cells=20))


def test_a_wide_table_row_is_one_line_and_a_narrow_one_a_line_per_cell(tmp_path):
    wide = "".join(f"<w:tc><w:p><w:r><w:t>{i * 10}</w:t></w:r></w:p></w:tc>" for i in range(6))
    narrow = (
        "<w:tc><w:p><w:r><w:t>Chủ trì:</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Ông Tô Văn Hải</w:t></w:r></w:p></w:tc>"
    )
    body = [f"<w:tbl><w:tr>{narrow}</w:tr><w:tr>{wide}</w:tr></w:tbl>".encode()]
    lines = [p.text for p in load(_docx(tmp_path, "bang.docx", body)).paragraphs]
    assert lines == ["Chủ trì:", "Ông Tô Văn Hải", "0 | 10 | 20 | 30 | 40 | 50"]


def test_docx_text_boxes_deleted_text_and_tabs(tmp_path):
    paragraph = (
        "<w:p><w:r><w:t>Hội nghị</w:t></w:r><w:r><w:tab/><w:t>khai mạc</w:t></w:r>"
        "<w:del><w:r><w:delText>bị xóa</w:delText></w:r></w:del>"
        "<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>Hộp chữ</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></w:r></w:p>"
    )
    lines = [p.text for p in load(_docx(tmp_path, "hop.docx", [paragraph.encode()])).paragraphs]
    assert lines == ["Hội nghị khai mạc"]  # the tab is a space once normalized


# --- the command line: limits, folders, time limits ---------------------------------------


def _write(folder: Path, name: str, text: str = REPORT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_limit_option_raises_a_limit_and_a_bad_one_is_a_usage_error(tmp_path, capsys):
    source = _write(tmp_path / "in", "dai.txt", REPORT * 10)
    out = tmp_path / "out"
    args = ["brief", str(source), "-o", str(out), "--engine", "extractive", "-q"]
    assert main([*args, "--limit", "paragraphs=20"]) == 1
    assert "more than 20 lines" in capsys.readouterr().err
    assert main([*args, "--limit", "paragraphs=40"]) == 0
    assert main([*args, "--limit", "sheets=3"]) == 2
    assert "NAME one of bytes" in capsys.readouterr().err


def test_a_folder_with_a_link_back_to_itself_is_read_once(tmp_path):
    folder = tmp_path / "in"
    _write(folder, "a.txt")
    _write(folder / "sub", "b.txt")
    os.symlink("..", folder / "sub" / "vong")
    os.symlink(".", folder / "lap")
    out = tmp_path / "out"
    assert main(["brief", str(folder), "-o", str(out), "--engine", "extractive", "-q"]) == 0
    assert sorted(Path(line["input"]).name for line in read_manifest(out / MANIFEST)) == [
        "a.txt",
        "b.txt",
    ]


def test_files_removed_or_unreadable_during_the_batch_fail_alone(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "in"
    first, unreadable, removed = (_write(folder, f"{n}.txt") for n in ("a", "b", "c"))
    from summarizer import pipeline

    real = pipeline.load

    def during_the_batch(source, **options):
        if Path(source) == first:
            removed.unlink()
        if Path(source) == unreadable:
            raise InputError(f"{source}: permission denied; check the file's access rights")
        return real(source, **options)

    monkeypatch.setattr(pipeline, "load", during_the_batch)
    out = tmp_path / "out"
    assert main(["brief", str(folder), "-o", str(out), "--engine", "extractive", "-q"]) == 1
    err = capsys.readouterr().err
    assert f"{removed}: no such file" in err and f"{unreadable}: permission denied" in err
    assert (out / "a.docx").is_file() and not (out / "c.docx").exists()
    assert len(read_manifest(out / MANIFEST)) == 3


def test_good_reports_are_written_when_one_is_over_its_time_limit(tmp_path, capsys):
    folder = tmp_path / "in"
    for n in range(3):
        _write(folder, f"tot-{n}.txt")
    _write(folder, "dai.txt", make("no-punctuation", 1_400_000))
    out = tmp_path / "out"
    args = ["brief", str(folder), "-o", str(out), "--engine", "extractive", "-q"]
    assert main([*args, "--time-limit", "0.5"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "dai.txt: took longer than 0.5 s" in err[0]
    assert {p.name for p in out.glob("*.docx")} == {f"tot-{n}.docx" for n in range(3)}
    lines = {Path(line["input"]).name: line for line in read_manifest(out / MANIFEST)}
    assert "took longer" in lines["dai.txt"]["error"] and not lines["dai.txt"]["outputs"]


# --- two runs into one folder --------------------------------------------------------------


def _append_lines(folder: str, worker: int, count: int) -> None:
    manifest = Manifest(Path(folder))
    for n in range(count):  # lines far longer than a write buffer
        manifest.add({"input": f"{worker}-{n}", "warnings": ["x" * 50_000], "error": None})
    manifest.close()


def test_manifest_lines_from_several_processes_never_interleave(tmp_path):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_lines, args=(str(tmp_path), w, 25)) for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    raw = (tmp_path / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert len(raw) == 100
    assert sorted(json.loads(line)["input"] for line in raw) == sorted(
        f"{w}-{n}" for w in range(4) for n in range(25)
    )


def test_two_commands_into_one_folder_leave_whole_files_and_manifest(tmp_path):
    folder = tmp_path / "in"
    for n in range(6):
        _write(folder, f"bao-cao-{n}.txt", REPORT.replace("20/5", f"{n + 1}/5"))
    out = tmp_path / "out"
    command = [
        sys.executable, "-m", "summarizer.cli", "brief", str(folder), "-o", str(out),
        "--engine", "extractive", "-q",
    ]  # fmt: skip
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        assert run.wait(120) == 0, run.stderr.read()
    lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 12 and all(json.loads(line)["error"] is None for line in lines)
    import docx

    for n in range(6):
        briefing = Briefing.model_validate_json((out / f"bao-cao-{n}.json").read_bytes())
        assert briefing.facts.date_text == f"Sáng {n + 1}/5"
        assert docx.Document(str(out / f"bao-cao-{n}.docx")).paragraphs
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_long_list_of_short_lines_is_one_block_and_every_line_keeps_a_label():
    from summarizer import segment

    items = [f"Xã An Phú {n}" for n in range(200)]
    report = segment(REPORT + "\n".join(items))
    assert [p.text for p in report.paragraphs][-200:] == items
    labels = {p.label for p in report.paragraphs[-200:]}
    assert len(labels) == 1  # one block, one part
    headings = segment("BIÊN BẢN HỌP\n" + REPORT + "\n".join(items[:10]))
    assert headings.paragraphs[0].label == "other"  # a short line alone is still read alone
