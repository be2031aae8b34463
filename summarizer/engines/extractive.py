"""Weight-free summaries: the best sentences of a text, in their original order."""

from __future__ import annotations

import math
import re
from collections import Counter

from summarizer import prompts
from summarizer.models import PartKind
from summarizer.text import fold, split_sentences, syllables


class ExtractiveEngine:
    """Ranks sentences by centrality, position and cue phrases; no model, no torch."""

    name = "extractive"
    model_name = None

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
        sentences = split_sentences(text)
        if not sentences:
            return ""
        budgets = self._knobs["budget"]
        budget = budgets.get(kind or "default", budgets["default"])
        tokens = [syllables(s) for s in sentences]
        whole = Counter(t for sent in tokens for t in sent)
        scores = [
            self._score(i, sent_tokens, sentence, whole)
            for i, (sentence, sent_tokens) in enumerate(zip(sentences, tokens, strict=True))
        ]
        chosen: list[int] = []
        used = 0
        short = self._knobs["min_syllables"]
        ranked = sorted(range(len(sentences)), key=lambda i: -scores[i])
        ranked = [i for i in ranked if len(tokens[i]) >= short] or ranked
        for i in ranked:
            length = len(tokens[i])
            if chosen and used + length > budget:
                continue
            chosen.append(i)
            used += length
        return " ".join(sentences[i] for i in sorted(chosen))

    def _score(self, i: int, tokens: list[str], sentence: str, whole: Counter[str]) -> float:
        knobs = self._knobs
        if not tokens:
            return -1.0
        own = Counter(tokens)
        dot = sum(count * (whole[t] - count) for t, count in own.items())
        norm = math.sqrt(sum(c * c for c in own.values())) * math.sqrt(
            sum(c * c for c in whole.values())
        )
        centrality = dot / norm if norm else 0.0
        position = 1.0 / (1.0 + i)
        cues = len(self._cues.findall(fold(sentence)))
        score = (
            knobs["centrality"] * centrality + knobs["position"] * position + knobs["cue"] * cues
        )
        if len(tokens) < knobs["min_syllables"]:
            score -= 1.0
        return score
