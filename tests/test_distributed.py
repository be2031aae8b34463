"""Ray Data runs: outputs per input, error rows, the manifest, no temporary files left."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from summarizer.batch import MANIFEST, read_manifest  # noqa: E402
from summarizer.distributed import brief_dataset, run, write_manifest  # noqa: E402
from summarizer.errors import SummarizerError  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    # Ray's own settings warn about their renamed options when a local Ray starts.
    pytest.mark.filterwarnings("ignore::DeprecationWarning:ray"),
]

FORMATS = ("docx", "json", "md")
COMMUNES = ["An Phú", "Tân Lập", "Hòa Bình", "Phú Mỹ", "Thạnh Lợi", "Vĩnh Hưng", "Đồng Tâm"]
CHAIRS = [
    ("Lê Văn Tâm", "Tâm"),
    ("Nguyễn Thị Hoa", "Hoa"),
    ("Trần Quốc Bảo", "Bảo"),
    ("Phạm Minh Khang", "Khang"),
    ("Võ Thị Lan", "Lan"),
]
TOPICS = [
    ("công tác phòng, chống dịch bệnh trên đàn gia súc", "tiêm phòng vắc xin cho đàn bò"),
    ("chương trình xây dựng nông thôn mới", "làm đường giao thông nông thôn"),
    ("công tác thu ngân sách quý I", "thu thuế sử dụng đất phi nông nghiệp"),
    ("công tác chuyển đổi số", "hướng dẫn người dân dùng dịch vụ công trực tuyến"),
    ("kế hoạch phòng, chống thiên tai", "gia cố bờ bao và kênh mương nội đồng"),
    ("công tác cải cách hành chính", "giải quyết hồ sơ đúng hạn tại bộ phận một cửa"),
]
UNITS = ["Văn phòng UBND xã", "Công an xã", "Ban Chỉ huy Quân sự xã", "Hội Nông dân xã"]


def report_text(n: int) -> str:
    """A short meeting report, different for each `n`."""
    commune = COMMUNES[n % len(COMMUNES)]
    name, short = CHAIRS[n % len(CHAIRS)]
    topic, task = TOPICS[n % len(TOPICS)]
    unit = UNITS[n % len(UNITS)]
    day, month = 1 + n % 28, 1 + n % 12
    return (
        f"Sáng {day}/{month}, UBND xã {commune} tổ chức hội nghị sơ kết {topic}. "
        f"Ông {name}, Chủ tịch UBND xã chủ trì hội nghị.\n"
        "\n"
        f"Theo báo cáo, trong thời gian qua xã đã tập trung {task}, đạt {50 + n}% kế hoạch "
        f"năm. Tại hội nghị, đại diện {unit} và các thôn thảo luận về khó khăn, vướng mắc "
        "trong triển khai.\n"
        "\n"
        f"Phát biểu kết luận, ông {short} đề nghị các ngành, các thôn tiếp tục {task}; "
        f"giao {unit} theo dõi, tổng hợp kết quả, báo cáo UBND xã trước ngày "
        f"{1 + (n + 10) % 28}/{1 + (month % 12)}.\n"
    )


def write_reports(folder: Path, count: int = 50) -> list[Path]:
    """`count` reports as .txt, .md and .docx files."""
    import docx

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        text = report_text(n)
        if n % 10 == 3:
            path = folder / f"bao-cao-{n:02d}.docx"
            document = docx.Document()
            for line in text.split("\n"):
                if line:
                    document.add_paragraph(line)
            document.save(path)
        elif n % 10 == 7:
            path = folder / f"bao-cao-{n:02d}.md"
            path.write_text("# Tin hội nghị\n\n" + text, encoding="utf-8")
        else:
            path = folder / f"bao-cao-{n:02d}.txt"
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def ray_local():
    """A local Ray with two CPUs, shut down after the module."""
    ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False)
    yield ray
    ray.shutdown()


def test_run_writes_outputs_errors_and_manifest(ray_local, tmp_path: Path) -> None:
    good = write_reports(tmp_path / "in")
    bad = tmp_path / "in" / "rong.txt"
    bad.write_text("", encoding="utf-8")
    out = tmp_path / "out"
    ds = ray.data.from_items([{"path": str(p)} for p in [*good, bad]])

    lines = run(ds, out, engine="extractive", concurrency=2, window=8)

    assert len(lines) == len(good) + 1
    by_input = {line["input"]: line for line in lines}
    assert set(by_input) == {str(p) for p in [*good, bad]}
    for path in good:
        line = by_input[str(path)]
        assert line["error"] is None, line
        assert line["engine"] == "extractive"
        assert line["outputs"] == [str(out / f"{path.stem}.{fmt}") for fmt in FORMATS]
        for fmt in FORMATS:
            assert (out / f"{path.stem}.{fmt}").stat().st_size > 0
    briefing = json.loads((out / "bao-cao-00.json").read_text(encoding="utf-8"))
    assert briefing["source"] == str(good[0])
    assert [s["kind"] for s in briefing["sections"]] == ["opening", "discussion", "conclusion"]

    error = by_input[str(bad)]
    assert error["outputs"] == [] and error["engine"] is None
    assert str(bad) in error["error"] and "no text" in error["error"]
    assert not any(out.glob("rong.*"))

    manifest = read_manifest(out / MANIFEST)
    assert len(manifest) == len(good) + 1
    assert {line["input"] for line in manifest} == set(by_input)
    assert manifest == lines
    names = {p.name for p in out.iterdir()}
    assert not [name for name in names if name.startswith(".")]
    assert names == {MANIFEST} | {f"{p.stem}.{fmt}" for p in good for fmt in FORMATS}


def test_text_rows_named_by_id_or_hash(ray_local, tmp_path: Path) -> None:
    rows = [
        {"id": "xa-an-phu", "text": report_text(0)},
        {"id": None, "text": report_text(1)},
        {"id": "trong", "text": "   \n"},
    ]
    out = tmp_path / "out"

    results = brief_dataset(
        ray.data.from_items(rows), out, engine="extractive", formats=("json",), concurrency=1
    ).take_all()
    again = brief_dataset(
        ray.data.from_items(rows[1:2]), out, engine="extractive", formats=("json",), concurrency=1
    ).take_all()

    by_input = {row["input"]: row for row in results}
    assert set(json.loads(by_input["xa-an-phu"]["outputs"])) == {str(out / "xa-an-phu.json")}
    hashed = [name for name in by_input if name.startswith("text-")]
    assert len(hashed) == 1 and again[0]["input"] == hashed[0]
    assert (out / f"{hashed[0]}.json").is_file()
    assert "trong" in by_input["trong"]["error"] and by_input["trong"]["outputs"] == "[]"
    assert not (out / MANIFEST).exists()


def test_unknown_format_is_refused(ray_local, tmp_path: Path) -> None:
    ds = ray.data.from_items([{"text": report_text(2)}])
    with pytest.raises(SummarizerError, match="pdf"):
        brief_dataset(ds, tmp_path, engine="extractive", formats=("pdf",))


def test_write_manifest_decodes_lists_and_warns_of_shared_names(tmp_path: Path) -> None:
    out = str(tmp_path / "a.json")
    rows = [
        {
            "input": "x/a.txt",
            "outputs": json.dumps([out]),
            "engine": "extractive",
            "model": None,
            "warnings": "[]",
            "error": None,
            "seconds": 0.5,
        },
        {
            "input": "y/a.txt",
            "outputs": json.dumps([out]),
            "engine": "extractive",
            "model": None,
            "warnings": "[]",
            "error": None,
            "seconds": 0.25,
        },
    ]

    lines = write_manifest(rows, tmp_path)

    assert lines == read_manifest(tmp_path / MANIFEST)
    assert lines[0]["outputs"] == [out] and lines[0]["warnings"] == []
    assert "x/a.txt" in lines[1]["warnings"][0] and "distinct ids" in lines[1]["warnings"][0]
