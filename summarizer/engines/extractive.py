"""Weight-free summaries: the best sentences of a text, in their original order."""

from __future__ import annotations

import math
import re
from collections import Counter

from summarizer import prompts
from summarizer.budget import check
from summarizer.models import PartKind
from summarizer.text import fold, split_sentences, syllables


class ExtractiveEngine:
    """Picks source sentences; no model, no torch.

    A part of a report (opening, discussion, conclusion) gets its best-ranked sentences
    by centrality, position and cue phrases, within the part's syllable budget. A text of
    no known part (a news article) gets the sentences that best cover the syllables its
    summary is likely to use, per syllable of summary.
    """

    name = "extractive"
    model_name = None
    backend = None
    warnings: tuple[str, ...] = ()
    batched = False  # nothing is gained by summarizing several reports at once

    def __init__(self) -> None:
        data = prompts.load("cues.vi")
        self._knobs = data["extractive"]
        phrases = [*data["conclusion"]["cues"], *data["discussion"]["cues"]]
        self._cues = re.compile(
            r"(?<!\w)(" + "|".join(re.escape(fold(p)) for p in phrases if p) + r")(?!\w)"
        )

    def summarize(self, texts: list[str], kinds: list[PartKind] | None = None) -> list[str]:
        """One extractive summary per text."""
        kinds_or_none = kinds or [None] * len(texts)
        return [self._one(text, kind) for text, kind in zip(texts, kinds_or_none, strict=True)]

    def _one(self, text: str, kind: PartKind | None) -> str:
        check()
        # A line break ends a sentence, as a paragraph does in a report's sections.
        sentences = [s for line in text.splitlines() for s in split_sentences(line)]
        if not sentences:
            return ""
        tokens = [syllables(s) for s in sentences]
        if kind is None:
            chosen = self._covering(tokens)
        else:
            budgets = self._knobs["budget"]
            chosen = self._ranked(sentences, tokens, budgets.get(kind, budgets["default"]))
        return " ".join(sentences[i] for i in sorted(chosen))

    def _ranked(self, sentences: list[str], tokens: list[list[str]], budget: int) -> list[int]:
        """The best-scored sentences that fit the budget (at least one)."""
        whole = Counter(t for sent in tokens for t in sent)
        whole_norm = math.sqrt(sum(c * c for c in whole.values()))
        scores = [
            self._score(i, sent_tokens, sentence, whole, whole_norm)
            for i, (sentence, sent_tokens) in enumerate(zip(sentences, tokens, strict=True))
        ]
        chosen: list[int] = []
        used = 0
        ranked = sorted(range(len(sentences)), key=lambda i: -scores[i])
        ranked = [i for i in ranked if len(tokens[i]) >= self._knobs["min_syllables"]] or ranked
        for i in ranked:
            length = len(tokens[i])
            if chosen and used + length > budget:
                continue
            chosen.append(i)
            used += length
        return chosen

    def _score(
        self, i: int, tokens: list[str], sentence: str, whole: Counter[str], whole_norm: float
    ) -> float:
        knobs = self._knobs
        if not tokens:
            return -1.0
        own = Counter(tokens)
        dot = sum(count * (whole[t] - count) for t, count in own.items())
        norm = math.sqrt(sum(c * c for c in own.values())) * whole_norm
        centrality = dot / norm if norm else 0.0
        position = 1.0 / (1.0 + i)
        cues = len(self._cues.findall(fold(sentence)))
        score = (
            knobs["centrality"] * centrality + knobs["position"] * position + knobs["cue"] * cues
        )
        if len(tokens) < knobs["min_syllables"]:
            score -= 1.0
        return score

    def _covering(self, tokens: list[list[str]]) -> list[int]:
        """Sentences added while they raise the likely summary syllables per syllable.

        The ratio is (chances of the distinct syllables covered) / (summary syllables +
        `summary_syllables`), an F1 against a summary of that length; the default budget
        caps the length once a sentence is chosen.
        """
        chance = self._chances(tokens)
        padding = self._knobs["coverage"]["summary_syllables"]
        budget = self._knobs["budget"]["default"]
        short = self._knobs["min_syllables"]
        candidates = [i for i, sent in enumerate(tokens) if len(sent) >= short]
        candidates = candidates or [i for i, sent in enumerate(tokens) if sent]
        chosen: list[int] = []
        covered: set[str] = set()
        value, length, best = 0.0, 0, 0.0
        while True:
            pick, pick_gain = None, 0.0
            for i in candidates:
                if i in chosen or (chosen and length + len(tokens[i]) > budget):
                    continue
                gain = sum(chance[t] for t in set(tokens[i]) - covered)
                ratio = (value + gain) / (length + len(tokens[i]) + padding)
                if ratio > best:
                    best, pick, pick_gain = ratio, i, gain
            if pick is None:
                return chosen or [0]
            chosen.append(pick)
            covered.update(tokens[pick])
            value += pick_gain
            length += len(tokens[pick])

    def _chances(self, tokens: list[list[str]]) -> dict[str, float]:
        """How likely each syllable of the text is to appear in its summary (logistic)."""
        knobs = self._knobs["coverage"]
        counts = Counter(t for sent in tokens for t in sent)
        spread = Counter(t for sent in tokens for t in set(sent))
        first: dict[str, int] = {}
        for i, sent in enumerate(tokens):
            for t in sent:
                first.setdefault(t, i)
        n = len(tokens)
        base = knobs["bias"] + knobs["sentences"] * math.log(n)
        chances = {}
        for t, count in counts.items():
            z = (
                base
                + knobs["frequency"] * math.log(count)
                + knobs["spread"] * spread[t] / n
                + knobs["early"] * math.exp(-first[t] / knobs["early_sentences"])
            )
            chances[t] = 1.0 / (1.0 + math.exp(-z))
        return chances
