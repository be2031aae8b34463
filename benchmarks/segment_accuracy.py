"""Segmentation and meeting facts against labelled reports.

    python benchmarks/segment_accuracy.py                      # tests/data/segment/*.jsonl
    python benchmarks/segment_accuracy.py my.jsonl --errors    # any JSONL of {paragraphs, labels}

Prints paragraph accuracy, per-label precision / recall / F1, mid-paragraph part
starts found, and exact-match accuracy per fact (for records that give `facts`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import segment  # noqa: E402
from summarizer.facts import extract_facts  # noqa: E402
from summarizer.models import Facts  # noqa: E402
from summarizer.text import fold  # noqa: E402

LABELS = ("opening", "discussion", "conclusion", "other")
FACTS = ("date", "chair", "organizer", "time_of_day", "place", "meeting")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)\s*(\d{1,2})")


def records(paths: list[Path]) -> list[tuple[str, dict]]:
    """(file stem, record) for every line of every JSONL file."""
    out = []
    for path in paths:
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        for file in files:
            for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
                if line.strip():
                    record = json.loads(line)
                    record.setdefault("id", f"{file.stem}:{n}")
                    out.append((file.stem, record))
    return out


def predicted_facts(facts: Facts) -> dict[str, str | None]:
    """The extracted facts in the form the labelled records use."""
    date = facts.date_iso
    if date is None and facts.date_text:
        found = _MONTH_DAY.search(facts.date_text)
        date = f"--{int(found.group(2)):02d}-{int(found.group(1)):02d}" if found else None
    return {
        "date": date,
        "chair": facts.chair.name if facts.chair else None,
        "organizer": facts.organizer,
        "time_of_day": facts.time_of_day,
        "place": facts.place,
        "meeting": facts.meeting,
    }


def same(field: str, expected: str | None, got: str | None) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    if field == "date":
        return expected == got
    clean = re.compile(r"[\s.,;:\"“”]+")
    return clean.sub(" ", fold(expected)).strip() == clean.sub(" ", fold(got)).strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "tests/data/segment"])
    parser.add_argument("--errors", action="store_true", help="list misclassified paragraphs")
    args = parser.parse_args(argv)

    data = records(args.paths)
    confusion: Counter[tuple[str, str]] = Counter()
    per_file: dict[str, Counter[str]] = {}
    fact_hits: Counter[str] = Counter()
    fact_total: Counter[str] = Counter()
    starts_found = starts_total = 0
    errors: list[str] = []
    started = time.perf_counter()
    for stem, record in data:
        paragraphs, labels = record["paragraphs"], record["labels"]
        doc = segment("\n".join(paragraphs))
        got = [p.label for p in doc.paragraphs]
        if len(got) != len(labels):
            errors.append(f"{record['id']}: {len(got)} paragraphs read, {len(labels)} labelled")
            continue
        counts = per_file.setdefault(stem, Counter())
        for i, (want, have) in enumerate(zip(labels, got, strict=True)):
            confusion[(want, have)] += 1
            counts["total"] += 1
            counts["right"] += want == have
            if want != have:
                errors.append(f"{record['id']}[{i}] {want} → {have}: {paragraphs[i][:90]}")
        for start in record.get("starts", []):
            starts_total += 1
            section = doc.section(start["label"]) if start["label"] != "other" else None
            found = section is not None and any(
                span.paragraph == start["paragraph"]
                and doc.paragraphs[span.paragraph]
                .sentences[span.sentence]
                .startswith(start["sentence"])
                for span in section.spans
            )
            starts_found += found
            if not found:
                errors.append(f"{record['id']} start {start['label']}: {start['sentence'][:60]}")
        if "facts" in record:
            got_facts = predicted_facts(extract_facts(doc))
            for field in FACTS:
                if field not in record["facts"]:
                    continue
                fact_total[field] += 1
                hit = same(field, record["facts"][field], got_facts[field])
                fact_hits[field] += hit
                if not hit and field in ("date", "chair", "organizer"):
                    errors.append(
                        f"{record['id']} {field}: want {record['facts'][field]!r}, "
                        f"got {got_facts[field]!r}"
                    )
    seconds = time.perf_counter() - started

    total = sum(confusion.values())
    right = sum(n for (want, have), n in confusion.items() if want == have)
    print(f"{len(data)} reports, {total} paragraphs, {seconds:.2f} s")
    print()
    print(f"{'file':<22}{'paragraphs':>11}{'accuracy':>10}")
    for stem, counts in per_file.items():
        print(f"{stem:<22}{counts['total']:>11}{counts['right'] / counts['total']:>10.1%}")
    print(f"{'all':<22}{total:>11}{right / max(total, 1):>10.1%}")
    print()
    print(f"{'label':<12}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}")
    for label in LABELS:
        tp = confusion[(label, label)]
        predicted = sum(n for (_, have), n in confusion.items() if have == label)
        support = sum(n for (want, _), n in confusion.items() if want == label)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{label:<12}{precision:>10.3f}{recall:>8.3f}{f1:>7.3f}{support:>9}")
    if starts_total:
        print()
        print(f"parts starting mid-paragraph found: {starts_found}/{starts_total}")
    if fact_total:
        print()
        print(f"{'fact':<14}{'exact match':>12}{'reports':>9}")
        for field in FACTS:
            if fact_total[field]:
                share = fact_hits[field] / fact_total[field]
                print(f"{field:<14}{share:>12.1%}{fact_total[field]:>9}")
    if args.errors and errors:
        print()
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
