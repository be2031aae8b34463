"""Summarization engines: each turns a list of texts into a list of summaries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from summarizer.models import PartKind

# What runs a seq2seq model: "auto" picks CTranslate2 on the CPU when it can, else torch.
BACKENDS = ("auto", "torch", "ctranslate2")


class Engine(Protocol):
    """What the pipeline needs from an engine."""

    name: str
    model_name: str | None
    backend: str | None  # what runs the model, e.g. "ctranslate2-int8"; None without one
    warnings: Sequence[str]  # what the engine could not do as asked, and what it did

    def summarize(self, texts: list[str], kinds: list[PartKind] | None = None) -> list[str]:
        """One summary per text, in order; `kinds` tunes length per part of the report."""
        ...
