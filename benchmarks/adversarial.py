"""Briefing time per 100,000 characters for adversarial text, at growing lengths.

For each shape of `benchmarks/shapes.py` (no punctuation, only commas, capitalised
words, digits and dates, one enormous paragraph, a million short lines, cue words,
hard-wrapped text, and an ordinary report as the baseline) the extractive briefing is
timed at each length (best of `--runs`) and printed as seconds per 100k characters;
linear time shows as a flat row. `spread` is the largest over the smallest figure of a
row (flat: at most 1.3), `vs report` the shape's figure at the longest length over the
ordinary report's, both from this one run.

    .venv/bin/python -m benchmarks.adversarial                      # 100k, 400k, 1.6M
    .venv/bin/python -m benchmarks.adversarial --sizes 50000,200000 --runs 3
"""

from __future__ import annotations

import argparse
import time

from benchmarks.shapes import SHAPES, make
from summarizer import Summarizer
from summarizer.load import Limits

UNLIMITED = Limits(bytes=10**9, paragraphs=10**8, paragraph_chars=10**9)


def timed(summarizer: Summarizer, text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        summarizer.brief(text)
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,400000,1600000")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    shapes = args.shapes.split(",")
    summarizer = Summarizer(engine="extractive", time_limit=None, limits=UNLIMITED)
    summarizer.brief(make("report", 2_000))
    header = "".join(f"{f'{n:,}':>12}" for n in sizes)
    print(f"seconds per 100k characters (extractive briefing, best of {args.runs})")
    print(f"{'shape':<16}{header}{'spread':>9}{'vs report':>11}")
    baseline = None
    for shape in ["report", *[s for s in shapes if s != "report"]]:
        per = []
        for n in sizes:
            per.append(timed(summarizer, make(shape, n), args.runs) / n * 100_000)
        baseline = baseline or per[-1]
        spread = max(per) / min(per)
        cells = "".join(f"{p:>12.3f}" for p in per)
        print(
            f"{shape:<16}{cells}{spread:>9.2f}{per[-1] / baseline:>11.2f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
