"""Batch briefing of a folder of reports: wall time, reports per second and peak memory.

    .venv/bin/python benchmarks/batch.py                       # extractive 100 and 1,000, model 100
    .venv/bin/python benchmarks/batch.py --skip-model
    .venv/bin/python benchmarks/batch.py --counts 100,1000,3000
    .venv/bin/python benchmarks/batch.py --curve 1500   # peak RSS every 250 reports, one run

Reports are generated from templates (invented agencies, people and figures; each report
has an opening, a discussion with figures and a conclusion with tasks) and written as .txt
files. Each run is the command a user types, `summarizer brief FOLDER -o OUT` (DOCX, JSON
and Markdown per report and the manifest), in a fresh process, so its peak RSS is its own.
The model run uses the shared small model (../shared/models/vi-t5-news-small) on the CPU.
Peak RSS should not grow with the number of reports: `brief_many` holds one window of
reports (32) at a time.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT.parent / "shared/models/vi-t5-news-small"
RESULT_MARK = "@@result "

PLACES = ["An Phú", "Tân Lập", "Hòa Bình", "Phú Mỹ", "Đông Sơn", "Thanh Hà", "Bình Minh"]
BODIES = ["UBND xã", "UBND phường", "Sở Nông nghiệp và Môi trường tỉnh", "Ban Tuyên giáo huyện",
          "Công ty Cổ phần Cấp nước", "Trường THPT"]  # fmt: skip
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Thanh", "Quốc", "Ngọc"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hải", "Lan", "Long", "Nam", "Tâm", "Thu"]
TOPICS = ["thu ngân sách", "giải ngân vốn đầu tư công", "chuyển đổi số", "cải cách hành chính",
          "xây dựng nông thôn mới", "phòng, chống thiên tai", "an toàn giao thông"]  # fmt: skip


def make_report(rng: random.Random, n: int) -> str:
    """One generated meeting report."""

    def person() -> str:
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"

    body = f"{rng.choice(BODIES)} {rng.choice(PLACES)}"
    chair, speakers = person(), [person() for _ in range(rng.randint(1, 3))]
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    topics = rng.sample(TOPICS, 3)
    lines = [
        f"Sáng {day}/{month}, {body} tổ chức hội nghị sơ kết công tác {topics[0]} "
        f"6 tháng đầu năm 2025 (số {n}).",
        f"Ông {chair}, Chủ tịch {body} chủ trì hội nghị. Dự hội nghị có lãnh đạo các phòng, "
        "ban và đại diện các thôn, tổ dân phố.",
        f"Báo cáo tại hội nghị cho biết, 6 tháng đầu năm, kết quả {topics[0]} đạt "
        f"{rng.randint(30, 99)},{rng.randint(0, 9)}% kế hoạch, tăng {rng.randint(1, 20)}% so "
        f"với cùng kỳ; {topics[1]} đạt {rng.randint(100, 999)} tỷ đồng.",
    ]
    for speaker in speakers:
        lines.append(
            f"Tại hội nghị, ông {speaker} đề nghị làm rõ nguyên nhân chậm tiến độ {topics[1]} "
            f"và đề xuất giải pháp cho {topics[2]} trong những tháng cuối năm."
        )
    lines += [
        f"Phát biểu kết luận, ông {chair} ghi nhận kết quả đạt được và đề nghị các đơn vị "
        f"tập trung {topics[1]}, hoàn thành trước ngày {rng.randint(1, 28)}/{rng.randint(9, 12)}.",
        f"- Giao Văn phòng theo dõi, đôn đốc {topics[2]}, báo cáo kết quả hằng tháng.",
        f"- Các thôn rà soát, triển khai {topics[0]} theo kế hoạch.",
    ]
    return "\n".join(lines) + "\n"


def write_reports(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(count)
    for n in range(count):
        (folder / f"bao-cao-{n:05d}.txt").write_text(make_report(rng, n), encoding="utf-8")


def worker(spec: dict) -> dict:
    """Run the command in this process and measure it."""
    sys.path.insert(0, str(ROOT))
    from summarizer.cli import main

    args = ["brief", spec["inputs"], "-o", spec["out"], "--engine", spec["engine"], "-q"]
    if spec.get("model"):
        args += ["--model", spec["model"], "--device", "cpu"]
    started = time.perf_counter()
    code = main(args)
    seconds = time.perf_counter() - started
    manifest = Path(spec["out"]) / "manifest.jsonl"
    lines = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    return {
        "code": code,
        "seconds": seconds,
        "written": sum(1 for line in lines if not line["error"]),
        "failed": sum(1 for line in lines if line["error"]),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def curve(count: int, step: int = 250) -> None:
    """Peak RSS after every `step` reports of one `brief_many` run (extractive)."""
    sys.path.insert(0, str(ROOT))
    from summarizer import Summarizer
    from summarizer.batch import output_paths, write_outputs

    with tempfile.TemporaryDirectory(prefix="summarizer-curve-") as scratch:
        folder, out = Path(scratch) / "in", Path(scratch) / "out"
        write_reports(folder, count)
        out.mkdir()
        print(f"{'reports':>8}{'peak RSS MB':>13}")
        files = sorted(folder.iterdir())
        for n, briefing in enumerate(Summarizer(engine="extractive").brief_many(files), 1):
            write_outputs(briefing, output_paths(f"r{n:05d}", out))
            if n % step == 0 or n == count:
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"{n:>8}{rss:>13.0f}", flush=True)


def run(engine: str, count: int, scratch: Path, model: Path | None = None) -> dict:
    inputs = scratch / f"in-{count}"
    if not inputs.is_dir():
        write_reports(inputs, count)
    out = scratch / f"out-{engine}-{count}"
    spec = {"inputs": str(inputs), "out": str(out), "engine": engine}
    if model:
        spec["model"] = str(model)
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", json.dumps(spec)],
        capture_output=True,
        text=True,
        env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin", "TOKENIZERS_PARALLELISM": "false"},
        check=False,
    )
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return {"engine": engine, "reports": count, **json.loads(line[len(RESULT_MARK) :])}
    raise SystemExit(f"{engine} on {count} reports failed:\n{proc.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--counts", default="100,1000", help="extractive runs (100,1000)")
    parser.add_argument("--model-count", type=int, default=100, help="reports for the model")
    parser.add_argument("--model", type=Path, default=MODEL, help="seq2seq model folder")
    parser.add_argument("--skip-model", action="store_true", help="extractive runs only")
    parser.add_argument("--curve", type=int, help="only: peak RSS along one run of N reports")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.curve:
        curve(args.curve)
        return 0
    if args.worker:
        print(RESULT_MARK + json.dumps(worker(json.loads(args.worker))), flush=True)
        return 0
    runs = [("extractive", int(c), None) for c in args.counts.split(",") if c.strip()]
    if not args.skip_model:
        if not args.model.is_dir():
            parser.error(f"{args.model}: no such model folder; pass --model or --skip-model")
        runs.append(("seq2seq", args.model_count, args.model))
    print(f"{'engine':<12}{'reports':>8}{'written':>9}{'failed':>8}{'seconds':>9}"
          f"{'reports/s':>11}{'peak RSS MB':>13}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="summarizer-batch-") as scratch:
        for engine, count, model in runs:
            row = run(engine, count, Path(scratch), model)
            print(
                f"{engine:<12}{count:>8}{row['written']:>9}{row['failed']:>8}"
                f"{row['seconds']:>9.1f}{count / row['seconds']:>11.1f}{row['peak_rss_mb']:>13.0f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
