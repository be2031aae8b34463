"""Segmentation and meeting facts against labelled reports.

    python benchmarks/segment_accuracy.py                      # tests/data/segment/*.jsonl
    python benchmarks/segment_accuracy.py my.jsonl --errors    # any JSONL of {paragraphs, labels}

Prints paragraph accuracy (per file and per shape), per-label precision / recall / F1,
the parts starting mid-paragraph that were found, and exact-match accuracy per fact
(for records that give `facts`). A record may name a file (`source`, relative to the
project root) instead of giving its `paragraphs`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import load, segment  # noqa: E402
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


@dataclass
class Result:
    """Counts over a labelled set; the figures are properties."""

    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    per_file: dict[str, Counter[str]] = field(default_factory=dict)
    per_shape: dict[str, Counter[str]] = field(default_factory=dict)
    fact_hits: Counter[str] = field(default_factory=Counter)
    fact_total: Counter[str] = field(default_factory=Counter)
    starts_found: int = 0
    starts_total: int = 0
    reports: int = 0
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        total = sum(self.confusion.values())
        right = sum(n for (want, have), n in self.confusion.items() if want == have)
        return right / total if total else 0.0

    def prf(self, label: str) -> tuple[float, float, float, int]:
        tp = self.confusion[(label, label)]
        predicted = sum(n for (_, have), n in self.confusion.items() if have == label)
        support = sum(n for (want, _), n in self.confusion.items() if want == label)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1, support

    def fact(self, name: str) -> float:
        return self.fact_hits[name] / self.fact_total[name] if self.fact_total[name] else 0.0


def evaluate(data: list[tuple[str, dict]]) -> Result:
    """Segment and extract facts from every record and count agreement with its labels."""
    result = Result()
    for stem, record in data:
        if "source" in record:
            path = ROOT / record["source"]
            if not path.exists():
                result.skipped.append(f"{record['id']}: {record['source']} not found")
                continue
            doc = segment(load(path))
            paragraphs = [p.text for p in doc.paragraphs]
        else:
            paragraphs = record["paragraphs"]
            doc = segment("\n".join(paragraphs))
        labels = record["labels"]
        got = [p.label for p in doc.paragraphs]
        if len(got) != len(labels):
            result.errors.append(
                f"{record['id']}: {len(got)} paragraphs read, {len(labels)} labelled"
            )
            continue
        result.reports += 1
        counters = [result.per_file.setdefault(stem, Counter())]
        counters += [result.per_shape.setdefault(s, Counter()) for s in record.get("shapes", [])]
        for i, (want, have) in enumerate(zip(labels, got, strict=True)):
            result.confusion[(want, have)] += 1
            for counter in counters:
                counter["total"] += 1
                counter["right"] += want == have
            if want != have:
                result.errors.append(f"{record['id']}[{i}] {want} → {have}: {paragraphs[i][:90]}")
        for start in record.get("starts", []):
            result.starts_total += 1
            found = _starts_there(doc, start)
            result.starts_found += found
            if not found:
                result.errors.append(f"{record['id']} start {start['label']}: {start['sentence']}")
        if "facts" in record:
            got_facts = predicted_facts(extract_facts(doc))
            for name in FACTS:
                if name not in record["facts"]:
                    continue
                result.fact_total[name] += 1
                hit = same(name, record["facts"][name], got_facts[name])
                result.fact_hits[name] += hit
                if not hit and name in ("date", "chair", "organizer"):
                    result.errors.append(
                        f"{record['id']} {name}: want {record['facts'][name]!r}, "
                        f"got {got_facts[name]!r}"
                    )
    return result


def _starts_there(doc, start: dict) -> bool:
    """Whether the sentence that begins with the given words carries the given part."""
    paragraph = doc.paragraphs[start["paragraph"]]
    if start["label"] == "other":
        taken = {
            (span.paragraph, span.sentence) for section in doc.sections for span in section.spans
        }
        return any(
            sentence.startswith(start["sentence"]) and (paragraph.index, k) not in taken
            for k, sentence in enumerate(paragraph.sentences)
        )
    section = doc.section(start["label"])
    return section is not None and any(
        span.paragraph == paragraph.index
        and paragraph.sentences[span.sentence].startswith(start["sentence"])
        for span in section.spans
    )


def report(result: Result, seconds: float, errors: bool) -> None:
    """Print the tables."""
    total = sum(result.confusion.values())
    print(f"{result.reports} reports, {total} paragraphs, {seconds:.2f} s")
    for line in result.skipped:
        print(f"skipped {line}")
    print()
    print(f"{'file':<22}{'paragraphs':>11}{'accuracy':>10}")
    for stem, counts in result.per_file.items():
        print(f"{stem:<22}{counts['total']:>11}{counts['right'] / counts['total']:>10.1%}")
    print(f"{'all':<22}{total:>11}{result.accuracy:>10.1%}")
    if result.per_shape:
        print()
        print(f"{'shape':<22}{'paragraphs':>11}{'accuracy':>10}")
        for shape, counts in sorted(result.per_shape.items()):
            share = counts["right"] / counts["total"]
            print(f"{shape:<22}{counts['total']:>11}{share:>10.1%}")
    print()
    print(f"{'label':<12}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}")
    for label in LABELS:
        precision, recall, f1, support = result.prf(label)
        print(f"{label:<12}{precision:>10.3f}{recall:>8.3f}{f1:>7.3f}{support:>9}")
    if result.starts_total:
        print()
        print(f"parts starting mid-paragraph found: {result.starts_found}/{result.starts_total}")
    if result.fact_total:
        print()
        print(f"{'fact':<14}{'exact match':>12}{'reports':>9}")
        for name in FACTS:
            if result.fact_total[name]:
                print(f"{name:<14}{result.fact(name):>12.1%}{result.fact_total[name]:>9}")
    if errors and result.errors:
        print()
        print("\n".join(result.errors))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "tests/data/segment"])
    parser.add_argument("--errors", action="store_true", help="list what was not matched")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = evaluate(records(args.paths))
    report(result, time.perf_counter() - started, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
