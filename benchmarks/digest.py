"""Digest of many briefings: time and peak memory as the number of reports grows.

Writes N briefing JSONs (the briefing of one generated report, with its date, body and
tasks varied), then runs `summarizer digest FOLDER -o digest.docx --format docx,csv` in a
fresh process and prints its wall time and peak RSS. Memory should not grow with N: the
digest reads one briefing at a time and keeps a few lines per meeting and task.

    .venv/bin/python -m benchmarks.digest              # 100 and 1,000 reports
    .venv/bin/python -m benchmarks.digest --sizes 50
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summarizer import Summarizer

REPORT = (
    "Sáng {day}/{month}/2025, UBND huyện {place} tổ chức hội nghị giao ban tháng {month}. "
    "Đồng chí Lê Quang Vinh, Chủ tịch UBND huyện chủ trì hội nghị.\n"
    "Các đại biểu thảo luận về tiến độ giải ngân vốn và công tác phòng chống thiên tai.\n"
    "Phát biểu kết luận, đồng chí Lê Quang Vinh giao Phòng Tài chính - Kế hoạch rà soát các "
    "khoản chi trước ngày {due}/{month}; yêu cầu UBND xã {place} báo cáo tình hình thiệt hại "
    "trong tháng {month}; giao Phòng Nông nghiệp chủ trì, phối hợp với Trạm Khuyến nông "
    "hướng dẫn nông dân xuống giống trước ngày 28/{month}."
)
PLACES = ("An Phú", "Bình Minh", "Tân Hòa", "Lạc Giang", "Phước Long", "Hòa Bình")
_PEAK = (
    "import resource, sys\n"
    "from summarizer.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def write_briefings(folder: Path, count: int) -> None:
    """`count` briefing JSONs: a few real briefings copied with other sources."""
    s = Summarizer(engine="extractive")
    made = [
        s.brief(
            REPORT.format(day=1 + n % 27, month=1 + n % 12, due=15 + n % 10, place=PLACES[n % 6])
        )
        for n in range(24)
    ]
    for n in range(count):
        briefing = made[n % len(made)].model_copy(update={"source": f"bao-cao-{n:05d}.txt"})
        (folder / f"bao-cao-{n:05d}.json").write_text(briefing.model_dump_json(), "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000")
    args = parser.parse_args(argv)
    print(f"{'reports':>8}{'seconds':>10}{'peak RSS MB':>13}{'docx KB':>9}")
    for count in (int(n) for n in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "briefs"
            folder.mkdir()
            write_briefings(folder, count)
            out = Path(tmp) / "digest.docx"
            started = time.perf_counter()
            run = subprocess.run(
                [sys.executable, "-c", _PEAK, "digest", str(folder), "-o", str(out),
                 "--format", "docx,csv", "--as-of", "2025-07-01", "-q"],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            seconds = time.perf_counter() - started
            peak_mb = int(run.stderr.strip().splitlines()[-1]) / 1024
            size = out.stat().st_size / 1024
            print(f"{count:>8}{seconds:>10.1f}{peak_mb:>13.0f}{size:>9.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
