"""Summarization engines: each turns a list of texts into a list of summaries."""

from __future__ import annotations

from typing import Protocol

from summarizer.models import PartKind


class Engine(Protocol):
    """What the pipeline needs from an engine."""

    name: str
    model_name: str | None

    def summarize(self, texts: list[str], kinds: list[PartKind] | None = None) -> list[str]:
        """One summary per text, in order; `kinds` tunes length per part of the report."""
        ...
