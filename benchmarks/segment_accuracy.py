"""Segmentation, meeting facts and directives against labelled reports.

    python benchmarks/segment_accuracy.py                 # every set, 5-fold cross-validated
    python benchmarks/segment_accuracy.py --shipped       # the shipped weights (fitted on all)
    python benchmarks/segment_accuracy.py my.jsonl --errors  # and a JSONL of {lines, labels}

The sets: our written reports (tests/data/segment/), the real news reports of meetings
and the real portal reports of ../shared/data/meetings, and any files given. By default
every report is scored with weights fitted on the folds it is not in (k-fold over
reports, all sets together), so no figure comes from data its weights were fitted on.

Printed per set: line accuracy (per file and shape for our set), precision / recall / F1
per label, parts starting mid-paragraph found, and per fact (date, chair, organizer,
place) the precision of what is printed and the recall of what the report states; the
directive lines' precision and recall. A fact is right when it equals the label after
folding case and punctuation (dates: the same day and month; an organizer or place may
also begin with the label or be its beginning, at least two words, "TP" and the term
"khoá ..." left aside: "UBND TP Đà Nẵng" for "UBND TP. Đà Nẵng khoá IX").
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.train_segmenter import (  # noqa: E402
    LABELS,
    Doc,
    cross_validate,
    read_set,
    standard_sets,
)
from summarizer import segment  # noqa: E402
from summarizer.facts import extract_directives, extract_facts  # noqa: E402
from summarizer.models import Facts  # noqa: E402
from summarizer.tagger import Tagger  # noqa: E402
from summarizer.text import fold  # noqa: E402

# the module, not the function `summarizer.segment` that shadows it in the package
segment_module = importlib.import_module("summarizer.segment")
_shipped_rules = segment_module._rules
FACTS = ("date", "chair", "organizer", "place")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)\s*(\d{1,2})")
_CLEAN = re.compile(r"[\s.,;:\"“”()\-–]+")
# Words an organizer or place may have or lack and still name the same body or place.
_FILLER = re.compile(r"(?<= )(?:tp|thành phố|khoá \S+|khóa \S+|nhiệm kỳ \S+)(?= )")


def predicted_facts(facts: Facts) -> dict[str, str | None]:
    """The extracted facts in the form the labels use."""
    return {
        "date": facts.date_iso or facts.date_text,
        "chair": facts.chair.name if facts.chair else None,
        "organizer": facts.organizer,
        "place": facts.place,
    }


def _month_day(text: str) -> tuple[int, int] | None:
    iso = re.fullmatch(r"(?:\d{4}|-)-(\d\d)-(\d\d)", text)
    if iso:
        return int(iso.group(2)), int(iso.group(1))
    found = _MONTH_DAY.search(text)
    return (int(found.group(1)), int(found.group(2))) if found else None


def same(name: str, expected: str, got: str) -> bool:
    """Whether a printed fact says what the label says."""
    if name == "date":
        if re.fullmatch(r"\d{4}-\d\d-\d\d", expected) and re.fullmatch(r"\d{4}-\d\d-\d\d", got):
            return expected == got
        want = _month_day(expected)
        return want is not None and want == _month_day(got)
    a, b = (_CLEAN.sub(" ", fold(x)).strip() for x in (expected, got))
    if a == b:
        return True
    if name in ("organizer", "place"):
        words = len(a.split())
        a, b = (_FILLER.sub(" ", f" {x} ").split() for x in (a, b))
        short, long = sorted((a, b), key=len)
        return words >= 2 and bool(short) and long[: len(short)] == short
    return False


@dataclass
class Result:
    """Counts over a labelled set; the figures are properties."""

    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    per_file: dict[str, Counter[str]] = field(default_factory=dict)
    per_shape: dict[str, Counter[str]] = field(default_factory=dict)
    printed: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    stated: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)  # right among the stated
    facts_total: Counter[str] = field(default_factory=Counter)
    directive_tp: int = 0
    directive_predicted: int = 0
    directive_gold: int = 0
    starts_found: int = 0
    starts_total: int = 0
    reports: int = 0
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
        """Exact agreement with the label, an empty fact matching an empty label."""
        return (
            self.right[name + ":exact"] / self.facts_total[name] if self.facts_total[name] else 0.0
        )

    def precision(self, name: str) -> float:
        return self.right[name] / self.printed[name] if self.printed[name] else 1.0

    def recall(self, name: str) -> float:
        return self.found[name] / self.stated[name] if self.stated[name] else 1.0

    @property
    def directive_precision(self) -> float:
        return self.directive_tp / self.directive_predicted if self.directive_predicted else 1.0

    @property
    def directive_recall(self) -> float:
        return self.directive_tp / self.directive_gold if self.directive_gold else 1.0

    def add(self, doc: Doc, weights: Tagger | None) -> None:
        """Segment one report, extract its facts and directives, count agreement."""
        record = doc.record
        result = segment(doc.report, weights=weights)
        got = [p.label for p in result.paragraphs]
        self.reports += 1
        counters = [self.per_file.setdefault(record.get("file", doc.set), Counter())]
        counters += [self.per_shape.setdefault(s, Counter()) for s in record.get("shapes", [])]
        for i, (want, have) in enumerate(zip(doc.labels, got, strict=True)):
            self.confusion[(want, have)] += 1
            for counter in counters:
                counter["total"] += 1
                counter["right"] += want == have
            if want != have:
                text = result.paragraphs[i].text[:100]
                self.errors.append(f"{doc.id}[{i}] {want} → {have}: {text}")
        for start in record.get("starts", []):
            self.starts_total += 1
            hit = _starts_there(result, start)
            self.starts_found += hit
            if not hit:
                self.errors.append(f"{doc.id} start {start['label']}: {start['sentence']}")
        if "facts" in record:
            got_facts = predicted_facts(extract_facts(result))
            for name in FACTS:
                if name not in record["facts"]:
                    continue
                want, have = record["facts"][name], got_facts[name]
                self.facts_total[name] += 1
                hit = want is not None and have is not None and same(name, want, have)
                self.right[name + ":exact"] += hit or (want is None and have is None)
                if have is not None:
                    self.printed[name] += 1
                    self.right[name] += hit
                if want is not None:
                    self.stated[name] += 1
                    self.found[name] += hit
                if (want or have) and not hit:
                    self.errors.append(f"{doc.id} {name}: want {want!r}, got {have!r}")
        if "directives" in record:
            gold = set(record["directives"])
            predicted = {d.paragraph_index for d in extract_directives(result)}
            self.directive_gold += len(gold)
            self.directive_predicted += len(predicted)
            self.directive_tp += len(gold & predicted)


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


def evaluate(docs: list[Doc], weights: Tagger | None = None) -> Result:
    """Scores of one set with the given weights (the shipped ones by default)."""
    result = Result()
    for doc in docs:
        result.add(doc, weights)
    return result


def cross_validated(sets: dict[str, list[Doc]], k: int = 5) -> dict[str, Result]:
    """Per set, every report scored with weights fitted on the folds it is not in."""
    results = {name: Result() for name in sets}
    for _, tagger, held in cross_validate(sets, k):
        for doc in held:
            results[doc.set].add(doc, tagger)
    return results


def ablate_rules(sets: dict[str, list[Doc]], k: int) -> None:
    """Cross-validated accuracy with all the rules of [segment] rules, and without each."""
    rules = dict(segment_module._rules())
    names = list(sets)
    print(f"{'rules':<34}" + "".join(f"{name:>14}" for name in names))
    for left_out in [None, *rules]:
        kept = {k: v for k, v in rules.items() if k != left_out}
        segment_module._rules = lambda kept=kept: kept
        try:
            results = cross_validated(sets, k)
        finally:
            segment_module._rules = _shipped_rules
        label = "all" if left_out is None else f"without {left_out}"
        print(f"{label:<34}" + "".join(f"{results[n].accuracy:>14.1%}" for n in names))


def print_tables(results: dict[str, Result], errors: bool = False) -> None:
    """The tables of every set."""
    for name, result in results.items():
        total = sum(result.confusion.values())
        print(
            f"\n== {name}: {result.reports} reports, {total} lines, accuracy {result.accuracy:.1%}"
        )
        if len(result.per_file) > 1:
            for stem, counts in result.per_file.items():
                print(f"  {stem:<24}{counts['total']:>6}{counts['right'] / counts['total']:>8.1%}")
        if result.per_shape and name == "written":
            print(f"  {'shape':<24}{'lines':>6}{'accuracy':>9}")
            for shape, counts in sorted(result.per_shape.items()):
                print(f"  {shape:<24}{counts['total']:>6}{counts['right'] / counts['total']:>8.1%}")
        print(f"  {'label':<12}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}")
        for label in LABELS:
            precision, recall, f1, support = result.prf(label)
            print(f"  {label:<12}{precision:>10.3f}{recall:>8.3f}{f1:>7.3f}{support:>9}")
        if result.starts_total:
            print(
                f"  parts starting mid-paragraph found: {result.starts_found}/{result.starts_total}"
            )
        if result.facts_total:
            print(f"  {'fact':<12}{'precision':>10}{'recall':>8}{'printed':>9}{'stated':>8}")
            for fact in FACTS:
                if result.facts_total[fact]:
                    print(
                        f"  {fact:<12}{result.precision(fact):>10.1%}"
                        f"{result.recall(fact):>8.1%}{result.printed[fact]:>9}"
                        f"{result.stated[fact]:>8}"
                    )
        if result.directive_gold:
            print(
                f"  directive lines: precision {result.directive_precision:.1%}, recall "
                f"{result.directive_recall:.1%} ({result.directive_gold} labelled)"
            )
        if errors and result.errors:
            print("\n".join("    " + e for e in result.errors))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="more labelled JSONL files")
    parser.add_argument("--cv", type=int, default=5, help="folds (default 5)")
    parser.add_argument("--shipped", action="store_true", help="score the shipped weights")
    parser.add_argument("--errors", action="store_true", help="list what was not matched")
    parser.add_argument(
        "--ablate-rules", action="store_true", help="cross-validate without each [segment] rule"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.ablate_rules:
        ablate_rules(standard_sets(args.paths), args.cv)
        print(f"\n{time.perf_counter() - started:.1f} s")
        return 0
    if args.shipped:
        sets = standard_sets()
        sets.update({p.stem: read_set(p.stem, p) for p in args.paths})
        results = {name: evaluate(docs) for name, docs in sets.items()}
        print("shipped weights (fitted on the standard sets: not a held-out figure for them)")
    else:
        sets = standard_sets(args.paths)
        results = cross_validated(sets, args.cv)
        print(f"{args.cv}-fold cross-validation over reports")
    print_tables(results, args.errors)
    print(f"\n{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
