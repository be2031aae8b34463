"""Summary quality on vietnews: ROUGE-1/2/L of lead-2, the extractive engine and a model.

    python benchmarks/rouge.py                     # all of val.jsonl; model rows on 300
    python benchmarks/rouge.py --limit 200         # the first 200 articles
    python benchmarks/rouge.py --skip-model        # lead-2 and extractive only
    python benchmarks/rouge.py --backend torch,ctranslate2 --no-beam   # the two backends

Scores are syllable-level F1 x100 (NFC, lowercased, punctuation split off and dropped),
averaged over articles; ROUGE-L is the F1 of the longest common subsequence. The model
rows (the shared vi-t5-news-small: greedy, greedy with the faithfulness guard, beam 4,
greedy int8) run on the CPU over the first --model-limit articles, and lead-2 and the
extractive engine are scored on that subset too. `--backend` names what runs the model
(torch, ctranslate2 or auto; torch's greedy, guard and beam rows in fp32, CTranslate2's
in int8); with several, the model rows are made once per backend and named after it, and
the greedy int8 row (torch's CPU default) is torch's only. Seconds are the time taken to
make the row's summaries (the guard row: the guard alone, on the greedy summaries).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.engines.extractive import ExtractiveEngine  # noqa: E402
from summarizer.guard import check  # noqa: E402
from summarizer.text import split_sentences  # noqa: E402

DATA = ROOT.parent / "shared/data/vietnews/val.jsonl"
MODEL = ROOT.parent / "shared/models/vi-t5-news-small"
_PUNCTUATION = re.compile(r"([^\w\s]|_)")
_WORD = re.compile(r"[^\W_]")
T = TypeVar("T")


@dataclass(frozen=True)
class Article:
    """One vietnews record: its sentences and its reference summary."""

    id: str
    sentences: list[str]
    summary: str

    @property
    def text(self) -> str:
        """The article as stored: one paragraph per line."""
        return "\n".join(self.sentences)


@dataclass(frozen=True)
class Row:
    """The scores of one system on one set of articles."""

    name: str
    articles: int
    rouge1: float
    rouge2: float
    rouge_l: float
    seconds: float
    note: str = ""


def load_articles(path: Path, limit: int | None) -> list[Article]:
    """The first `limit` articles of a vietnews JSONL file (all when None)."""
    articles = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if limit is not None and len(articles) >= limit:
                break
            if line.strip():
                record = json.loads(line)
                sentences = [s.strip() for s in record["article"].split("\n") if s.strip()]
                articles.append(Article(record["id"], sentences, record["summary"]))
    return articles


def tokens(text: str) -> list[str]:
    """Syllable tokens for ROUGE: NFC, lowercased, punctuation split off and dropped.

    >>> tokens("Sáng 1/2, Đà Nẵng đón 52,3% khách.")
    ['sáng', '1', '2', 'đà', 'nẵng', 'đón', '52', '3', 'khách']
    """
    text = _PUNCTUATION.sub(r" \1 ", unicodedata.normalize("NFC", text).lower())
    return [token for token in text.split() if _WORD.search(token)]


def f1(overlap: int, candidate: int, reference: int) -> float:
    """F1 from an overlap count and the two lengths."""
    if not overlap:
        return 0.0
    precision, recall = overlap / candidate, overlap / reference
    return 2 * precision * recall / (precision + recall)


def ngrams(seq: list[str], n: int) -> Counter[tuple[str, ...]]:
    """Counts of the n-grams of a token list."""
    return Counter(tuple(seq[k : k + n]) for k in range(len(seq) - n + 1))


def rouge_n(candidate: list[str], reference: list[str], n: int) -> float:
    """ROUGE-N F1 with clipped n-gram counts."""
    ours, theirs = (ngrams(seq, n) for seq in (candidate, reference))
    return f1(sum((ours & theirs).values()), sum(ours.values()), sum(theirs.values()))


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence of two token lists."""
    previous = [0] * (len(b) + 1)
    for token in a:
        current = [0]
        for j, other in enumerate(b):
            current.append(previous[j] + 1 if token == other else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def rouge_l(candidate: list[str], reference: list[str]) -> float:
    """ROUGE-L F1 (longest common subsequence)."""
    return f1(lcs_length(candidate, reference), len(candidate), len(reference))


def score(
    name: str, summaries: list[str], articles: list[Article], seconds: float, note: str = ""
) -> Row:
    """Mean per-article ROUGE-1/2/L F1 x100 of the summaries against the references."""
    totals = [0.0, 0.0, 0.0]
    for summary, article in zip(summaries, articles, strict=True):
        candidate, reference = tokens(summary), tokens(article.summary)
        totals[0] += rouge_n(candidate, reference, 1)
        totals[1] += rouge_n(candidate, reference, 2)
        totals[2] += rouge_l(candidate, reference)
    count = len(articles)
    r1, r2, rl = (100 * total / count if count else 0.0 for total in totals)
    return Row(name, count, r1, r2, rl, seconds, note)


def timed(make: Callable[[], T]) -> tuple[T, float]:
    """What `make` returns and the seconds it took."""
    started = time.perf_counter()
    made = make()
    return made, time.perf_counter() - started


def baseline_rows(articles: list[Article], suffix: str = "") -> list[Row]:
    """Lead-2 and the extractive engine on the articles."""
    rows = []
    lead, seconds = timed(lambda: [" ".join(a.sentences[:2]) for a in articles])
    rows.append(score(f"lead-2{suffix}", lead, articles, seconds))
    engine = ExtractiveEngine()
    extractive, seconds = timed(lambda: engine.summarize([a.text for a in articles]))
    rows.append(score(f"extractive{suffix}", extractive, articles, seconds))
    return rows


def model_rows(
    articles: list[Article], model: Path, backend: str = "torch", beam: bool = True
) -> Iterator[Row]:
    """The model greedy, greedy with the guard, beam 4 and (torch) greedy int8."""
    from summarizer.engines.seq2seq import Seq2SeqEngine

    texts = [a.text for a in articles]

    def run(generation: dict, quantize: str | None = None) -> tuple[list[str], float, str]:
        engine = Seq2SeqEngine(
            model=model,
            device="cpu",
            batch_size=16,
            quantize=quantize,
            generation=generation,
            progress=False,
            backend=backend,
        )
        summaries, seconds = timed(lambda: engine.summarize(texts))
        return summaries, seconds, f"{model.name} {engine.backend}"

    full = "none" if backend == "torch" else None  # torch's int8 row comes last
    greedy, seconds, name = run({"num_beams": 1}, quantize=full)
    yield score(f"{name} greedy", greedy, articles, seconds)
    checked, seconds = timed(
        lambda: [
            check(summary, split_sentences(a.text), "discussion")
            for summary, a in zip(greedy, articles, strict=True)
        ]
    )
    actions = Counter(change.action for result in checked for change in result.changes)
    note = (
        f"guard changed {sum(bool(r.changes) for r in checked)} of {len(checked)} summaries: "
        f"{actions['replaced']} sentences replaced by source sentences, "
        f"{actions['dropped']} dropped"
    )
    yield score(f"{name} greedy + guard", [r.summary for r in checked], articles, seconds, note)
    if beam:
        summaries, seconds, name = run({"num_beams": 4}, quantize=full)
        yield score(f"{name} beam 4", summaries, articles, seconds)
    if backend == "torch":
        summaries, seconds, name = run({"num_beams": 1}, quantize="int8")
        yield score(f"{name} greedy", summaries, articles, seconds)


def print_row(row: Row) -> None:
    print(
        f"{row.name:<48}{row.articles:>9}{row.rouge1:>7.1f}{row.rouge2:>7.1f}"
        f"{row.rouge_l:>7.1f}{row.seconds:>10.1f}",
        flush=True,
    )
    if row.note:
        print(f"  {row.note}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="vietnews JSONL file")
    parser.add_argument("--limit", type=int, help="use only the first N articles")
    parser.add_argument(
        "--model-limit", type=int, default=300, help="articles for the model rows (300)"
    )
    parser.add_argument("--model", type=Path, default=MODEL, help="seq2seq model folder")
    parser.add_argument("--skip-model", action="store_true", help="lead-2 and extractive only")
    parser.add_argument(
        "--backend",
        default="torch",
        help="what runs the model, comma-separated: torch, ctranslate2, auto (default torch)",
    )
    parser.add_argument("--no-beam", action="store_true", help="leave out the beam 4 rows")
    args = parser.parse_args(argv)
    backends = [b.strip() for b in args.backend.split(",") if b.strip()]
    if not backends or any(b not in ("auto", "torch", "ctranslate2") for b in backends):
        parser.error(f"--backend {args.backend}: use torch, ctranslate2 and/or auto")
    if not args.data.is_file():
        parser.error(f"{args.data}: not found; pass --data with a vietnews JSONL file")
    articles = load_articles(args.data, args.limit)
    subset = articles[: args.model_limit]
    print(f"{args.data}: {len(articles)} articles")
    print(f"{'':<48}{'articles':>9}{'R1':>7}{'R2':>7}{'RL':>7}{'seconds':>10}")
    for row in baseline_rows(articles):
        print_row(row)
    if args.skip_model or not subset:
        return 0
    if not args.model.is_dir():
        parser.error(f"{args.model}: no such model folder; pass --model or --skip-model")
    if len(subset) < len(articles):
        for row in baseline_rows(subset, f" (first {len(subset)})"):
            print_row(row)
    for backend in backends:
        for row in model_rows(subset, args.model, backend, beam=not args.no_beam):
            print_row(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
