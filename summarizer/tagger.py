"""A linear-chain tagger: Viterbi decoding with weights learned elsewhere.

An item is a list of feature names. The score of a label path is the sum of the weights
of (feature, label) over its items and of the transitions between consecutive labels;
the weights are those of a linear-chain CRF (benchmarks/train_segmenter.py fits them).
Pure Python: decoding needs no third-party library.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

Item = Sequence[str]


@dataclass
class Tagger:
    """Weights of a linear-chain model over a fixed label set."""

    labels: tuple[str, ...]
    features: dict[str, list[float]] = field(default_factory=dict)  # name -> weight per label
    transitions: list[list[float]] = field(default_factory=list)  # [from][to]

    def __post_init__(self) -> None:
        k = len(self.labels)
        self.transitions = self.transitions or [[0.0] * k for _ in range(k)]

    def emissions(self, items: Sequence[Item]) -> list[list[float]]:
        """Score of each label for each item, from its features alone."""
        zero = [0.0] * len(self.labels)
        features = self.features
        out = []
        for item in items:
            found = [features[name] for name in item if name in features]
            row = [sum(column) for column in zip(*found, strict=True)] if found else list(zero)
            out.append(row)
        return out

    def decode(
        self, items: Sequence[Item], allowed: Sequence[frozenset[str] | None] | None = None
    ) -> list[str]:
        """The best-scoring label path (Viterbi); item i takes one of `allowed[i]` if given."""
        return self.best_path(self.emissions(items), allowed)

    def best_path(
        self, emissions: list[list[float]], allowed: Sequence[frozenset[str] | None] | None = None
    ) -> list[str]:
        """`decode` from the emissions already computed (they are not changed)."""
        if not emissions:
            return []
        if allowed is not None:
            emissions = [
                row
                if labels is None
                else [w if self.labels[j] in labels else float("-inf") for j, w in enumerate(row)]
                for row, labels in zip(emissions, allowed, strict=True)
            ]
        return [self.labels[s] for s in _viterbi(emissions, self.transitions)]

    def to_json(self, digits: int = 4) -> str:
        """The weights as JSON: rounded, features sorted, all-zero features left out."""

        def rounded(row: list[float]) -> list[float]:
            return [round(w, digits) + 0.0 for w in row]

        data = {
            "labels": list(self.labels),
            "transitions": [rounded(row) for row in self.transitions],
            "features": {
                name: rounded(row)
                for name, row in sorted(self.features.items())
                if any(round(w, digits) for w in row)
            },
        }
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        # one feature per line, so that a refit shows as a readable diff
        return text.replace('],"', '],\n"') + "\n"

    @classmethod
    def from_json(cls, text: str) -> Tagger:
        """Weights written by `to_json`."""
        data = json.loads(text)
        return cls(
            labels=tuple(data["labels"]),
            features=data["features"],
            transitions=data["transitions"],
        )

    @classmethod
    def load(cls, path: Path) -> Tagger:
        """Weights from a JSON file."""
        return cls.from_json(path.read_text(encoding="utf-8"))


def _viterbi(emissions: list[list[float]], transitions: list[list[float]]) -> list[int]:
    k = len(transitions)
    score = list(emissions[0])
    back: list[list[int]] = []
    for row_scores in emissions[1:]:
        row, new = [], []
        for to in range(k):
            best, best_score = 0, float("-inf")
            for frm in range(k):
                candidate = score[frm] + transitions[frm][to]
                if candidate > best_score:
                    best, best_score = frm, candidate
            row.append(best)
            new.append(best_score + row_scores[to])
        back.append(row)
        score = new
    state = max(range(k), key=score.__getitem__)
    path = [state]
    for row in reversed(back):
        state = row[state]
        path.append(state)
    return path[::-1]
