"""Renderers of a Briefing: DOCX (Decree 30 layout) and Markdown, sharing one wording."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from summarizer import prompts
from summarizer.models import Briefing

Profile = dict[str, Any]


def wording(profile: Profile | None = None) -> Profile:
    """Fixed wording from prompts/briefing.vi.toml, with a profile's tables merged over it."""
    base = prompts.load("briefing.vi")
    merged = {table: dict(values) for table, values in base.items()}
    for table, values in (profile or {}).items():
        if isinstance(values, dict):
            merged.setdefault(table, {}).update(values)
        else:
            merged[table] = values
    return merged


def general_info(briefing: Briefing, words: Profile) -> list[tuple[str, str]]:
    """The (label, value) lines of the general-information part; missing facts left out."""
    facts, labels = briefing.facts, words["labels"]
    when = " ".join(
        part
        for part in (
            f"{facts.time}," if facts.time else None,
            facts.time_of_day
            if facts.time_of_day and facts.time_of_day not in (facts.date_text or "")
            else None,
            facts.date_text,
            f"({facts.date_iso})" if facts.date_iso else None,
        )
        if part
    )
    lines = [
        (labels["time"], when),
        (labels["place"], facts.place or ""),
        (labels["organizer"], facts.organizer or ""),
        (labels["chair"], str(facts.chair) if facts.chair else ""),
        (labels["participants"], "; ".join(facts.participants)),
        (labels["speakers"], "; ".join(str(p) for p in facts.speakers)),
    ]
    return [(label, value) for label, value in lines if value]


def subject(briefing: Briefing, words: Profile) -> str:
    """The meeting the briefing is about."""
    return briefing.subject or words["title"]["subject_fallback"]


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Call `write` on a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path
