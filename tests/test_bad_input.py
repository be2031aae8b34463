"""Bad inputs through the command line: a briefing or one clear error line, nothing else.

The corpus is written by tests/data/bad/make_bad.py (see the README beside it). Every
file must give either a briefing named after it (warnings allowed) or exit code 1 with
one stderr line that names it and says what to do: no traceback, no hang, no output.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest

import summarizer
from summarizer.batch import FORMATS, MANIFEST
from summarizer.cli import main

_MAKE_BAD = Path(__file__).resolve().parent / "data" / "bad" / "make_bad.py"


def _import_make_bad():
    spec = importlib.util.spec_from_file_location("make_bad", _MAKE_BAD)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_bad", module)
    spec.loader.exec_module(module)
    return module


make_bad = _import_make_bad()

# Words that tell the reader what to do next.
INSTRUCTION = re.compile(
    r"\b(save|use|split|give|check|open|name|raise|convert|repair|try)\b", re.IGNORECASE
)
# Characters that must not reach a briefing.
UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff\u00ad]")
# Files that hold the test report itself, only stored differently.
SAME_REPORT = ("utf16le-no-bom.txt", "windows-1258.txt", "nfd.txt", "control-chars.txt")
SECONDS_PER_RUN = 30


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The corpus, written once for the module (one of its files is 20 MB)."""
    folder = tmp_path_factory.mktemp("bad")
    return folder, make_bad.make_corpus(folder)


@pytest.fixture(scope="module")
def clean_summaries() -> list[str]:
    """The section summaries of the test report read from a clean string."""
    briefing = summarizer.Summarizer(engine="extractive").brief(make_bad.REPORT)
    return [s.summary for s in briefing.sections]


def _brief(
    inputs: list[Path], out: Path, capsys: pytest.CaptureFixture, limit: float = SECONDS_PER_RUN
) -> tuple[int, str]:
    capsys.readouterr()
    started = time.monotonic()
    code = main(["brief", *map(str, inputs), "-o", str(out), "--engine", "extractive", "-q"])
    seconds = time.monotonic() - started
    err = capsys.readouterr().err
    assert seconds < limit, f"took {seconds:.1f} s"
    assert "Traceback" not in err, err
    return code, err


def _written(out: Path) -> set[str]:
    """Files in the output folder other than the manifest (temporary files included)."""
    if not out.exists():
        return set()
    return {p.name for p in out.iterdir() if p.name != MANIFEST}


def _outputs(stem: str) -> set[str]:
    return {f"{stem}.{fmt}" for fmt in FORMATS}


# Files that give a briefing, but one the reader is warned about.
WARNED = {
    "english.txt": "does not look like Vietnamese",
    "no-meeting-parts.txt": "no meeting is mentioned",
}


def _check_briefing(path: Path, out: Path) -> dict:
    briefing = json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8"))
    assert briefing["source"] == str(path)
    assert briefing["sections"], briefing
    for section in briefing["sections"]:
        assert section["summary"].strip()
        assert not UNWANTED.search(section["summary"]), section["summary"]
        assert unicodedata.is_normalized("NFC", section["summary"])
    markdown = (out / f"{path.stem}.md").read_text(encoding="utf-8")
    assert not UNWANTED.search(markdown)
    return briefing


def test_the_corpus_holds_every_case(corpus):
    folder, expected = corpus
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected)
    assert set(expected.values()) == {"briefing", "error"}
    assert len({Path(name).stem for name in expected}) == len(expected)
    assert (folder / "huge-20mb.txt").stat().st_size >= 20 * 1024 * 1024
    line = (folder / "one-long-line.txt").read_text(encoding="utf-8")
    assert line.count("\n") == 1 and len(line.rstrip("\n")) == 1_000_000
    line = (folder / "long-line-no-punctuation.txt").read_text(encoding="utf-8")
    assert line.count("\n") == 1 and len(line.rstrip("\n")) == 1_350_000
    assert not re.search(r"[.,;:!?]", line)
    with zipfile.ZipFile(folder / "zip-bomb.docx") as bomb:
        unpacked = sum(entry.file_size for entry in bomb.infolist())
    assert unpacked > 100 * (folder / "zip-bomb.docx").stat().st_size


@pytest.mark.parametrize("name", sorted(make_bad.EXPECTED))
def test_each_file_gives_a_briefing_or_one_clear_error(
    corpus, clean_summaries, tmp_path, capsys, name
):
    folder, expected = corpus
    path = folder / name
    out = tmp_path / "x"
    code, err = _brief([path], out, capsys)
    if expected[name] == "briefing":
        assert code == 0, err
        assert _written(out) == _outputs(path.stem)
        briefing = _check_briefing(path, out)
        if name in SAME_REPORT:
            assert [s["summary"] for s in briefing["sections"]] == clean_summaries
            assert briefing["warnings"] == []
        if name in WARNED:
            assert any(WARNED[name] in w for w in briefing["warnings"]), briefing["warnings"]
    else:
        assert code == 1
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert f"{path}:" in lines[0]
        assert INSTRUCTION.search(lines[0]), lines[0]
        assert _written(out) == set()


def test_the_whole_corpus_at_once(corpus, tmp_path, capsys):
    folder, expected = corpus
    out = tmp_path / "all"
    code, err = _brief([folder], out, capsys, limit=3 * SECONDS_PER_RUN)
    assert code == 1
    good = sorted(name for name, outcome in expected.items() if outcome == "briefing")
    bad = sorted(name for name, outcome in expected.items() if outcome == "error")
    lines = err.strip().splitlines()
    assert len(lines) == len(bad), err
    for name in bad:
        said = [line for line in lines if f"{folder / name}:" in line]
        assert len(said) == 1, (name, err)
        assert INSTRUCTION.search(said[0]), said[0]
    assert _written(out) == set().union(*(_outputs(Path(name).stem) for name in good))
    for name in good:
        _check_briefing(folder / name, out)
    manifest = [json.loads(line) for line in (out / MANIFEST).read_text("utf-8").splitlines()]
    by_input = {Path(line["input"]).name: line for line in manifest}
    assert sorted(by_input) == sorted(expected)
    for name in good:
        assert by_input[name]["error"] is None
        assert {Path(p).name for p in by_input[name]["outputs"]} == _outputs(Path(name).stem)
    for name in bad:
        assert name in by_input[name]["error"] and not by_input[name]["outputs"]


# The files made to exhaust time or memory: each runs alone in a fresh process.
HEAVY = (
    "long-line-no-punctuation.txt",
    "zip-bomb.docx",
    "billion-laughs.docx",
    "many-paragraphs.docx",
    "table-200x200.docx",
)
_PEAK = (
    "import resource, sys\n"
    "from summarizer.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@pytest.mark.parametrize("name", HEAVY)
def test_the_heaviest_files_are_answered_in_seconds_under_1_gb(corpus, tmp_path, name):
    folder, expected = corpus
    command = [sys.executable, "-c", _PEAK, "brief", str(folder / name), "-o", str(tmp_path)]
    run = subprocess.run(
        [*command, "--engine", "extractive", "-q"],
        capture_output=True,
        text=True,
        timeout=SECONDS_PER_RUN * 2,
    )
    lines = run.stderr.strip().splitlines()
    peak_mb = int(lines[-1]) / 1024  # ru_maxrss is in kilobytes on Linux
    assert peak_mb < 1024, f"{name}: {peak_mb:.0f} MB"
    assert run.returncode == (0 if expected[name] == "briefing" else 1), run.stderr
    assert "Traceback" not in run.stderr


# --- the loader on its own ------------------------------------------------------------


def test_utf16_big_endian_without_bom_is_read(tmp_path):
    path = tmp_path / "be.txt"
    path.write_bytes(make_bad.REPORT.encode("utf-16-be"))
    lines = [line for line in make_bad.REPORT.split("\n") if line]
    assert [p.text for p in summarizer.load(path).paragraphs] == lines


@pytest.mark.parametrize(
    "data",
    [
        "Sáng 14/3".encode("utf-16-le") + b"\x00",  # odd length
        bytes(range(32)) * 8 + b"\x00\x00" * 64,  # zeros, but no text
        b"\x07\x00\x01\x00\x1b\x00" * 200,  # every other byte zero: control characters
    ],
    ids=["odd-length", "zeros", "controls"],
)
def test_data_that_only_looks_like_utf16_is_refused(tmp_path, data):
    path = tmp_path / "khong-ro.txt"
    path.write_bytes(data)
    with pytest.raises(summarizer.InputError, match="khong-ro.txt.*save it as UTF-8"):
        summarizer.load(path)


def test_a_short_legacy_text_is_not_guessed(tmp_path):
    path = tmp_path / "ngan.txt"
    path.write_bytes(make_bad.encode_cp1258("Hội nghị tổng kết"))
    with pytest.raises(summarizer.InputError, match="ngan.txt.*not valid UTF-8"):
        summarizer.load(path)


def test_western_european_text_is_not_taken_for_vietnamese(tmp_path):
    french = "Le conseil a examiné le budget de l'école et décidé d'étendre la crèche. " * 4
    path = tmp_path / "francais.txt"
    path.write_bytes(french.encode("cp1252"))
    with pytest.raises(summarizer.InputError, match="francais.txt.*not valid UTF-8"):
        summarizer.load(path)


def test_legacy_encodings_of_capitals_are_recognised(tmp_path):
    heading = "BÁO CÁO KẾT QUẢ HỘI NGHỊ GIAO BAN CÔNG TÁC QUÝ I CỦA ỦY BAN NHÂN DÂN HUYỆN\n"
    text = heading + make_bad.REPORT
    cp1258 = tmp_path / "hoa-1258.txt"
    cp1258.write_bytes(make_bad.encode_cp1258(text))
    assert summarizer.load(cp1258).paragraphs[0].text == heading.strip()
    vni = tmp_path / "hoa-vni.txt"
    vni.write_bytes(make_bad.encode_vni(text))
    with pytest.raises(summarizer.InputError, match="looks like VNI"):
        summarizer.load(vni)
