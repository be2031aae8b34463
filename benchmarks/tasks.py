"""Task fields read from directive sentences, against a labelled set.

For each field (assignees, lead, support, deadline_text, deadline_iso): exact match
over all sentences (an empty field expected and left empty counts as a match),
precision (of the fields filled, how many are right) and recall (of the fields stated,
how many are found right). The set is tests/data/tasks/directives.jsonl (written for
this project; its README gives the labelling rules); the reports' year is 2025.

    .venv/bin/python -m benchmarks.tasks [SET.jsonl] [--errors]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from summarizer.tasks import read_task

SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "tasks" / "directives.jsonl"
FIELDS = ("assignees", "lead", "support", "deadline_text", "deadline_iso")
YEAR = 2025


def score(rows: list[dict]) -> tuple[dict[str, dict[str, float]], list[tuple]]:
    """Per field: exact, precision, recall, filled, stated; and the mismatches."""
    counts = {f: {"exact": 0, "right": 0, "filled": 0, "stated": 0} for f in FIELDS}
    errors = []
    for row in rows:
        got = vars(read_task(row["text"], year=YEAR))
        for f in FIELDS:
            want, have = row[f] or None, got[f] or None
            c = counts[f]
            c["exact"] += want == have
            c["filled"] += have is not None
            c["stated"] += want is not None
            c["right"] += have is not None and want == have
            if want != have:
                errors.append((f, row["text"], want, have))
    n = len(rows)
    table = {
        f: {
            "exact": c["exact"] / n,
            "precision": c["right"] / c["filled"] if c["filled"] else 1.0,
            "recall": c["right"] / c["stated"] if c["stated"] else 1.0,
            "filled": c["filled"],
            "stated": c["stated"],
        }
        for f, c in counts.items()
    }
    return table, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set", nargs="?", type=Path, default=SET)
    parser.add_argument("--errors", action="store_true", help="print each mismatch")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines()]
    table, errors = score(rows)
    print(f"{args.set.name}: {len(rows)} directive sentences")
    print(f"{'field':<15}{'exact':>8}{'precision':>11}{'recall':>8}{'filled':>8}{'stated':>8}")
    for f, r in table.items():
        print(
            f"{f:<15}{r['exact']:>8.1%}{r['precision']:>11.1%}{r['recall']:>8.1%}"
            f"{r['filled']:>8}{r['stated']:>8}"
        )
    if args.errors:
        for f, text, want, have in errors:
            print(f"\n[{f}] {text}\n  want: {want}\n  have: {have}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
