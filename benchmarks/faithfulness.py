"""Faithfulness of model summaries on vietnews, before and after the guard.

    python benchmarks/faithfulness.py                  # first 300 articles, small model
    python benchmarks/faithfulness.py --limit 100
    python benchmarks/faithfulness.py --write-sample sample.jsonl   # 50 changes to judge
    python benchmarks/faithfulness.py --cache summaries.json   # model output kept for reruns

The shared small model (greedy, CPU, batch 16) summarizes the first --limit articles of
../shared/data/vietnews/val.jsonl. Each summary sentence is checked against its article
twice:
- by the guard's own check (summarizer.guard: numbers, dates, times, codes and names
  compared by value);
- by a stricter check written separately here: every digit sequence and every capitalised
  word not starting the sentence must occur in the article as written (only case and
  tone-mark placement are folded), so "1234" for "1.234" or "Nhà nước" counts.
Both are printed before and after the guard, with ROUGE-1/2/L (benchmarks/rouge.py).

Precision of the guard: benchmarks/data/faithfulness-judged.jsonl holds 50 sentences the
guard changed, each judged by hand as "invented" (the sentence states something the
article does not) or "faithful" (a false alarm). The share of false alarms is printed for
the judged sentences the guard still changes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.rouge import DATA, MODEL, Article, load_articles, score, timed  # noqa: E402
from summarizer.guard import Source, check, items  # noqa: E402
from summarizer.text import normalize_tones, split_sentences  # noqa: E402

JUDGED = ROOT / "benchmarks/data/faithfulness-judged.jsonl"
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")


def strict_unsupported(sentence: str, source: str) -> list[str]:
    """Digit sequences and capitalised words (not the first word) absent from the source."""
    fold = lambda text: normalize_tones(unicodedata.normalize("NFC", text).lower())  # noqa: E731
    source_digits = set(_DIGITS.findall(source))
    source_words = set(_WORD.findall(fold(source)))
    missing = [d for d in _DIGITS.findall(sentence) if d not in source_digits]
    words = _WORD.findall(unicodedata.normalize("NFC", sentence))
    missing += [w for w in words[1:] if w[0].isupper() and fold(w) not in source_words]
    return missing


def summarize(articles: list[Article], model: Path) -> list[str]:
    from summarizer.engines.seq2seq import Seq2SeqEngine

    engine = Seq2SeqEngine(
        model=model, device="cpu", batch_size=16, generation={"num_beams": 1}, progress=False
    )
    return engine.summarize([a.text for a in articles])


def measure(summaries: list[str], articles: list[Article]) -> dict:
    """Sentences with unsupported items, by the guard's check and by the strict one."""
    sentences = guard_bad = strict_bad = 0
    kinds: Counter[str] = Counter()
    for summary, article in zip(summaries, articles, strict=True):
        index = Source(article.text)
        for sentence in split_sentences(summary):
            sentences += 1
            failing = [item for item in items(sentence) if not index.supports(item)]
            guard_bad += bool(failing)
            kinds.update({item.kind for item in failing})
            strict_bad += bool(strict_unsupported(sentence, article.text))
    return {"sentences": sentences, "guard": guard_bad, "strict": strict_bad, "kinds": kinds}


def share(part: int, whole: int) -> str:
    return f"{part:>5} ({100 * part / whole:5.1f}%)" if whole else f"{part:>5}"


def judged_precision(changes: list[tuple[str, str, list[str]]], path: Path) -> None:
    if not path.is_file():
        print(f"\nno hand-judged sample at {path}")
        return
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    current = {(article_id, sentence) for article_id, sentence, _ in changes}
    still = [r for r in records if (r["id"], r["sentence"]) in current]
    invented = [r for r in still if r["verdict"] == "invented"]
    alarms = [r for r in still if r["verdict"] == "faithful"]
    print(
        f"\nhand-judged sample ({path.relative_to(ROOT)}): {len(records)} sentences, "
        f"{len(still)} still changed by the guard"
    )
    if still:
        print(
            f"  really invented: {len(invented)}; false alarms (faithful): {len(alarms)}; "
            f"precision {100 * len(invented) / len(still):.1f}%"
        )
    for record in alarms:
        print(f"  false alarm: {record['sentence']}  [{', '.join(record['unsupported'])}]")
        print(f"    why: {record['note']}")


def write_sample(
    changes: list[tuple[str, str, list[str]]], articles: list[Article], path: Path, size: int
) -> None:
    by_id = {a.id: a for a in articles}
    picked = random.Random(0).sample(changes, min(size, len(changes)))
    with path.open("w", encoding="utf-8") as out:
        for article_id, sentence, unsupported in picked:
            record = {
                "id": article_id,
                "sentence": sentence,
                "unsupported": unsupported,
                "verdict": "",
                "note": "",
                "article": by_id[article_id].text,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(picked)} changed sentences to judge to {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="vietnews JSONL file")
    parser.add_argument("--limit", type=int, default=300, help="first N articles (300)")
    parser.add_argument("--model", type=Path, default=MODEL, help="seq2seq model folder")
    parser.add_argument("--judged", type=Path, default=JUDGED, help="hand-judged changes")
    parser.add_argument("--write-sample", type=Path, help="write 50 changes to judge here")
    parser.add_argument(
        "--cache",
        type=Path,
        help="model summaries: read from this JSON file when it exists, else written to it",
    )
    args = parser.parse_args(argv)
    if not args.data.is_file():
        parser.error(f"{args.data}: not found; pass --data with a vietnews JSONL file")
    if not args.model.is_dir():
        parser.error(f"{args.model}: no such model folder; pass --model")
    articles = load_articles(args.data, args.limit)
    if args.cache and args.cache.is_file():
        summaries = json.loads(args.cache.read_text(encoding="utf-8"))[: len(articles)]
        print(f"{args.data}: {len(articles)} articles; summaries from {args.cache}")
    else:
        summaries, seconds = timed(lambda: summarize(articles, args.model))
        print(f"{args.data}: {len(articles)} articles; {args.model.name} greedy, {seconds:.0f} s")
        if args.cache:
            args.cache.write_text(json.dumps(summaries, ensure_ascii=False), encoding="utf-8")

    results, guard_seconds = timed(
        lambda: [
            check(summary, split_sentences(a.text), "discussion")
            for summary, a in zip(summaries, articles, strict=True)
        ]
    )
    guarded = [r.summary for r in results]
    changes = [
        (a.id, change.original, change.unsupported)
        for a, r in zip(articles, results, strict=True)
        for change in r.changes
    ]
    actions = Counter(change.action for r in results for change in r.changes)

    before, after = measure(summaries, articles), measure(guarded, articles)
    print(f"\n{'':<16}{'sentences':>10}{'unsupported (guard)':>22}{'unsupported (strict)':>23}")
    for name, m in (("before guard", before), ("after guard", after)):
        print(
            f"{name:<16}{m['sentences']:>10}{share(m['guard'], m['sentences']):>22}"
            f"{share(m['strict'], m['sentences']):>23}"
        )
    kinds = ", ".join(f"{kind} {n}" for kind, n in before["kinds"].most_common())
    print(f"before the guard, sentences with an unsupported item of each kind: {kinds}")
    print(
        f"guard: {len(changes)} sentences changed in {sum(bool(r.changes) for r in results)} "
        f"of {len(results)} summaries ({actions['replaced']} replaced by an article "
        f"sentence, {actions['dropped']} dropped), {guard_seconds:.1f} s"
    )

    print(f"\n{'':<16}{'R1':>7}{'R2':>7}{'RL':>7}")
    for name, texts in (("before guard", summaries), ("after guard", guarded)):
        row = score(name, texts, articles, 0.0)
        print(f"{name:<16}{row.rouge1:>7.1f}{row.rouge2:>7.1f}{row.rouge_l:>7.1f}")

    judged_precision(changes, args.judged)
    if args.write_sample:
        write_sample(changes, articles, args.write_sample, 50)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
