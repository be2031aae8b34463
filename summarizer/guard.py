"""Faithfulness: every number, date and name in a summary must be in its source."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.models import GuardChange, PartKind
from summarizer.text import fold, split_sentences, syllables

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_MIN_OVERLAP = 0.35


@dataclass(frozen=True)
class GuardResult:
    """The checked summary and what was changed in it."""

    summary: str
    changes: list[GuardChange]


def checkable_items(sentence: str) -> list[str]:
    """Numbers, dates and proper names (capitalised syllable runs, acronyms) in a sentence.

    >>> checkable_items("Ngày 3/7, đồng chí Đào Khánh Hà dự hội nghị tại Hải Phòng.")
    ['3/7', 'Đào Khánh Hà', 'Hải Phòng']
    """
    items: list[str] = []
    for match in re.finditer(r"\d+(?:[./,]\d+)*(?:\s?%)?", sentence):
        items.append(match.group(0).rstrip(".,"))
    words = list(_WORD.finditer(sentence))
    run: list[str] = []
    first_index = -1
    previous_end = -1
    for position, match in enumerate([*words, None]):
        word = match.group(0) if match else ""
        joined = match is not None and sentence[previous_end : match.start()] == " "
        if run and not joined:
            if _is_name(run, first_index):
                items.append(" ".join(run))
            run = []
        if word and word[0].isupper() and not word.isdigit():
            if not run:
                first_index = position
            run.append(word)
        elif run:
            if _is_name(run, first_index):
                items.append(" ".join(run))
            run = []
        previous_end = match.end() if match else -1
    return items


def _is_name(run: list[str], first_index: int) -> bool:
    if len(run) >= 2:
        return True
    word = run[0]
    if len(word) >= 2 and word.isupper():
        return True
    return first_index > 0


def unsupported_items(sentence: str, source: str) -> list[str]:
    """Items of the sentence that its source does not state."""
    folded_source = " " + " ".join(syllables(source)) + " "
    raw_source = fold(source)
    opening_words = syllables(sentence)[:1]
    missing = []
    for item in checkable_items(sentence):
        if any(ch.isdigit() for ch in item):
            found = fold(item).replace(" ", "") in raw_source.replace(" ", "")
        else:
            words = syllables(item)
            found = " " + " ".join(words) + " " in folded_source
            if not found and len(words) > 1 and words[:1] == opening_words:
                found = " " + " ".join(words[1:]) + " " in folded_source
        if not found:
            missing.append(item)
    return missing


def check(summary: str, source_sentences: list[str], kind: PartKind) -> GuardResult:
    """Replace or drop summary sentences that state what the source does not."""
    source = " ".join(source_sentences)
    kept: list[str] = []
    changes: list[GuardChange] = []
    for sentence in split_sentences(summary):
        missing = unsupported_items(sentence, source)
        if not missing:
            kept.append(sentence)
            continue
        replacement = _closest(sentence, source_sentences, exclude=kept)
        changes.append(
            GuardChange(
                kind=kind,
                original=sentence,
                unsupported=missing,
                action="replaced" if replacement else "dropped",
                replacement=replacement,
            )
        )
        if replacement:
            kept.append(replacement)
    if not kept and source_sentences:
        kept.append(source_sentences[0])
    return GuardResult(summary=" ".join(kept), changes=changes)


def _closest(sentence: str, candidates: list[str], exclude: list[str]) -> str | None:
    """The source sentence sharing the most syllables with the sentence, if close enough."""
    wanted = set(syllables(sentence))
    if not wanted:
        return None
    best, best_score = None, 0.0
    for candidate in candidates:
        if candidate in exclude:
            continue
        score = len(wanted & set(syllables(candidate))) / len(wanted)
        if score > best_score:
            best, best_score = candidate, score
    return best if best_score >= _MIN_OVERLAP else None
