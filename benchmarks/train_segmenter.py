"""Fit the segmenter's weights to labelled reports and write prompts/segment.weights.json.

    python benchmarks/train_segmenter.py                 # fit on all sets, write the weights
    python benchmarks/train_segmenter.py --cv 5          # cross-validated figures only
    python benchmarks/train_segmenter.py extra.jsonl     # add your own labelled reports

The sets: tests/data/segment/*.jsonl (written for this project), and, when ../shared is
beside the project, the real news reports of meetings and the real portal reports of
../shared/data/meetings. A JSONL file of your own holds records of `{"paragraphs" or
"lines", "labels"}` (optionally "starts", as in tests/data/segment/README.md).

The learner is a linear-chain CRF (python-crfsuite, L-BFGS with L2 regularisation; in
the `dev` extra); its settings are [segment.training] in prompts/cues.vi.toml. The same
data gives the same weights. The segmenter itself decodes with summarizer.tagger and
does not need python-crfsuite.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import load, prompts  # noqa: E402
from summarizer.models import Report  # noqa: E402
from summarizer.segment import LABELS, WEIGHTS, sequence  # noqa: E402
from summarizer.tagger import Tagger  # noqa: E402

WRITTEN = ROOT / "tests/data/segment"
MEETINGS = ROOT.parent / "shared/data/meetings"
REAL_NEWS = MEETINGS / "vietnews-meetings.jsonl"
REAL_PORTAL = MEETINGS / "portal-reports.jsonl"


@dataclass
class Doc:
    """One labelled report: its set, id, text lines and line labels."""

    set: str
    id: str
    record: dict
    report: Report

    @property
    def labels(self) -> list[str]:
        return self.record["labels"]


def read_set(name: str, path: Path) -> list[Doc]:
    """The labelled reports of a JSONL file or a folder of them (meeting reports only)."""
    docs = []
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    for file in files:
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            record = json.loads(line)
            if record.get("meeting") is False:
                continue
            record.setdefault("id", f"{file.stem}:{n}")
            record["file"] = file.stem
            if "source" in record:
                source = ROOT / record["source"]
                if not source.exists():
                    continue
                report = load(source)
            else:
                lines = record.get("paragraphs") or record["lines"]
                report = load("\n".join(lines))
            if len(report.paragraphs) != len(record["labels"]):
                raise ValueError(f"{file}: {record['id']}: lines and labels differ in number")
            docs.append(Doc(name, str(record["id"]), record, report))
    return docs


def standard_sets(extra: list[Path] = ()) -> dict[str, list[Doc]]:
    """Our written set, the real sets when ../shared is there, and any extra files."""
    sets = {"written": read_set("written", WRITTEN)}
    if REAL_NEWS.exists():
        sets["real-news"] = read_set("real-news", REAL_NEWS)
    if REAL_PORTAL.exists():
        sets["real-portal"] = read_set("real-portal", REAL_PORTAL)
    for path in extra:
        sets[path.stem] = read_set(path.stem, path)
    return sets


@dataclass
class Example:
    """The sentences of one report: their features and labels."""

    items: list[list[str]]
    labels: list[str]
    weight: int = 1  # how many times the report counts in training


def example(doc: Doc) -> Example:
    """The sentence features of a report and the label of each sentence.

    A sentence takes the label of the line it starts on. Where a part begins inside a
    line (`starts`), the sentences from there on take that part, and those before it
    the line's label, or, when the part that begins is the line's own, the label of the
    line before.
    """
    read = sequence(doc.report)
    all_blocks = read.blocks
    labels = doc.labels
    where = []  # (line, sentence text) of every sentence
    for block in all_blocks:
        for offset, sentence in zip(block.offsets, block.sentences, strict=True):
            k = max(j for j, begin in enumerate(block.line_offsets) if begin <= offset)
            where.append((block.lines[k], sentence))
    gold = [labels[line] for line, _ in where]
    for start in doc.record.get("starts", []):
        line = start["paragraph"]
        on_line = [i for i, (ln, _) in enumerate(where) if ln == line]
        at = next((i for i in on_line if where[i][1].startswith(start["sentence"])), None)
        if at is None:
            continue
        before = labels[line]
        if before == start["label"]:
            before = labels[line - 1] if line else labels[line]
        for i in on_line:
            gold[i] = start["label"] if i >= at else before
    weight = int(_settings()["weight"].get(doc.set, 1))
    return Example(items=read.items, labels=gold, weight=weight)


def _settings() -> dict:
    return prompts.load("cues.vi")["segment"]["training"]


def train(examples: list[Example]) -> Tagger:
    """A linear-chain CRF fitted to the examples, as a Tagger."""
    try:
        import pycrfsuite
    except ImportError as error:
        raise SystemExit("training needs python-crfsuite: pip install -e '.[dev]'") from error
    settings = _settings()
    trainer = pycrfsuite.Trainer(verbose=False)
    for ex in examples:
        for _ in range(ex.weight):
            trainer.append([{name: 1.0 for name in item} for item in ex.items], ex.labels)
    trainer.set_params(
        {
            "c1": float(settings["c1"]),
            "c2": float(settings["c2"]),
            "max_iterations": int(settings["max_iterations"]),
            "feature.possible_transitions": True,
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "model.crfsuite")
        trainer.train(path)
        reader = pycrfsuite.Tagger()
        reader.open(path)
        info = reader.info()
        reader.close()
    tagger = Tagger(LABELS)
    for (name, label), weight in info.state_features.items():
        tagger.features.setdefault(name, [0.0] * len(LABELS))[LABELS.index(label)] = weight
    for (frm, to), weight in info.transitions.items():
        tagger.transitions[LABELS.index(frm)][LABELS.index(to)] = weight
    return tagger


def fit(docs: list[Doc]) -> Tagger:
    """Weights fitted to the given reports."""
    return train([example(d) for d in docs])


def fold_of(doc: Doc, k: int) -> int:
    """A report's fold: a stable hash of its set and id."""
    return zlib.crc32(f"{doc.set}:{doc.id}".encode()) % k


def cross_validate(sets: dict[str, list[Doc]], k: int):
    """For each fold, weights fitted on the other folds of every set: yields
    (fold, tagger, held-out reports)."""
    everything = [d for docs in sets.values() for d in docs]
    examples = {id(d): example(d) for d in everything}
    for f in range(k):
        tagger = train([examples[id(d)] for d in everything if fold_of(d, k) != f])
        yield f, tagger, [d for d in everything if fold_of(d, k) == f]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("extra", nargs="*", type=Path, help="more labelled JSONL files")
    parser.add_argument("--cv", type=int, default=0, help="k-fold cross-validation only")
    parser.add_argument("--out", type=Path, default=prompts.prompts_dir() / WEIGHTS)
    args = parser.parse_args(argv)
    sets = standard_sets(args.extra)
    for name, docs in sets.items():
        print(f"{name}: {len(docs)} reports, {sum(len(d.labels) for d in docs)} lines")
    if args.cv:
        from benchmarks.segment_accuracy import cross_validated, print_tables

        print_tables(cross_validated(sets, args.cv))
        return 0
    tagger = fit([d for docs in sets.values() for d in docs])
    args.out.write_text(tagger.to_json(), encoding="utf-8")
    print(f"{len(tagger.features)} features -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
