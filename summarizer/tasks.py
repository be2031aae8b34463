"""Who must do what, by when: the fields of a task read from a directive's text.

A directive ("Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát ..., báo cáo
UBND tỉnh trước ngày 30/6/2025") gives its task to whoever is named after a word of
assigning (or at the head of the sentence), up to the first word of the work; "chủ
trì" makes that body the lead and "phối hợp với ..." names the support. The deadline is
the first phrase of time (prompts/tasks.vi.toml), as written, with its date when the
text fixes a day (the year from the report when the text leaves it out). A field the
text does not state stays empty.

>>> task = read_task("Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát hồ sơ "
...                  "trước ngày 30/6.", year=2025)
>>> task.assignees, task.lead, task.support, task.deadline_text, task.deadline_iso
(['Sở Tài chính'], 'Sở Tài chính', ['Sở Xây dựng'], 'trước ngày 30/6', '2025-06-30')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from summarizer import prompts


@dataclass
class TaskFields:
    """What a directive states of its task; empty where it states nothing."""

    assignees: list[str] = field(default_factory=list)
    lead: str | None = None
    support: list[str] = field(default_factory=list)
    deadline_text: str | None = None
    deadline_iso: str | None = None


@dataclass(frozen=True)
class _Words:
    assign: re.Pattern[str]
    heads: re.Pattern[str]
    action: re.Pattern[str]
    no_split_after: tuple[str, ...]
    name_words: re.Pattern[str]
    longest: int
    deadlines: list[re.Pattern[str]]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _words() -> _Words:
    data = prompts.load("tasks.vi")
    a = data["assignee"]
    return _Words(
        assign=re.compile(rf"(?<!\w)(?:{_alternation([w.lower() for w in a['assign']])})\s+"),
        heads=re.compile(rf"(?:{_alternation(a['heads'])})(?!\w)"),
        action=re.compile(rf"(?<!\w)(?:{_alternation(a['actions'])})(?!\w)"),
        no_split_after=tuple(a["no_split_after"]),
        name_words=re.compile(rf"(?:{_alternation(a['name_words'])})(?!\w)"),
        longest=int(a["longest"]),
        deadlines=[re.compile(p) for p in data["deadline"]["patterns"]],
    )


_DAY = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?")
_PERSON = re.compile(r"[Đđ]ồng chí(?: |$)")
_SUPPORT = re.compile(r"(?<!\w)phối hợp(?: chặt chẽ)?(?: với)?\s+")


def read_task(text: str, year: int | None = None) -> TaskFields:
    """The task of one directive; `year` is the report's, for dates written without one."""
    words = _words()
    task = TaskFields()
    lowered = text.lower()  # same length as the text: positions carry over
    named = _assignee(text, lowered, words)
    if named is not None:
        start, end = named
        task.assignees = _split(text[start:end], words)
        after = lowered[end:].lstrip(" ,")
        if after.startswith("chủ trì"):
            if len(task.assignees) == 1:
                task.lead = task.assignees[0]
            after = after[len("chủ trì") :].lstrip(" ,")
        support = _SUPPORT.match(after)
        if support is not None:
            begin = len(lowered) - len(after) + support.end()
            stop = _name_end(text, lowered, begin, words)
            if stop is not None:
                task.support = _split(text[begin:stop], words)
    task.deadline_text, task.deadline_iso = _deadline(text, lowered, year, words)
    return task


def _assignee(text: str, lowered: str, words: _Words) -> tuple[int, int] | None:
    """Where the name of whoever is given the task is in the text."""
    for match in words.assign.finditer(lowered):
        if lowered[: match.start()].endswith("được "):  # "Bộ Y tế được giao ...": the subject
            break
        end = _name_end(text, lowered, match.end(), words)
        if end is not None:
            return match.end(), end
    if words.heads.match(text):  # "Các sở, ngành tập trung ...", "Sở Y tế chủ trì ..."
        end = _name_end(text, lowered, 0, words)
        if end is not None:
            return 0, end
    return None


def _name_end(text: str, lowered: str, start: int, words: _Words) -> int | None:
    """The end of a name that starts at `start` and runs up to the first word of work."""
    if not words.heads.match(text, start):
        return None
    # a word of work written with a capital is part of a name ("Sở Xây dựng")
    action = words.action.search(lowered, start)
    while action is not None and (
        text[action.start()].isupper() or _after_head(text, action.start(), words)
    ):
        action = words.action.search(lowered, action.end())
    if action is None:
        return None
    end = action.start()
    name = text[start:end].rstrip(" ,")
    if not name or len(name.split()) > words.longest or any(c in name for c in ".;:()"):
        return None
    if not _name_like(name, words):
        return None
    person = _PERSON.match(name)
    if person and not name[person.end() :][:1].isupper():
        return None  # "Đồng chí nhấn mạnh ...": a speaker, not whom a task is given
    return start + len(name)


def _name_like(name: str, words: _Words) -> bool:
    """Every word after the first is capitalised, a number, a word names hold, or the
    second syllable of a capitalised word ("Tài chính", "Y tế", "Công an")."""
    head = words.heads.match(name)
    rest = name[head.end() if head else 0 :]
    position, free = 0, bool(head) and head.group(0)[:1].isupper()
    while position < len(rest):
        if rest[position] in " ,-–":
            position += 1
            continue
        known = words.name_words.match(rest, position)
        if known is not None:
            position, free = known.end(), False
            continue
        word_end = position
        while word_end < len(rest) and rest[word_end] not in " ,":
            word_end += 1
        word = rest[position:word_end]
        if word[:1].isupper() or word[:1].isdigit():
            free = True
        elif free:
            free = False
        else:
            return False
        position = word_end
    return True


def _after_head(text: str, at: int, words: _Words) -> bool:
    """The word before `at` is a head word alone: "Ban chấp hành", "Ban chỉ đạo"."""
    before = text[max(0, at - 12) : at].rstrip()
    word = before.rsplit(" ", 1)[-1]
    return bool(word) and word[0].isupper() and words.heads.fullmatch(word) is not None


def _split(names: str, words: _Words) -> list[str]:
    """A list of bodies as its names; a name with commas or "và" inside stays whole."""
    pieces = [p.strip() for p in names.split(", ")]
    if not all(p and words.heads.match(p) for p in pieces):
        return [names.strip()]
    out: list[str] = []
    for piece in pieces:
        left, joined, right = piece.partition(" và ")
        both = joined and words.heads.match(right) and not left.startswith(words.no_split_after)
        out.extend([left, right] if both else [piece])
    return out


def _deadline(
    text: str, lowered: str, year: int | None, words: _Words
) -> tuple[str | None, str | None]:
    for pattern in words.deadlines:
        match = pattern.search(lowered)
        if match is None:
            continue
        shown = text[match.start() : match.end()].strip(" ,")
        return shown, _day(shown, year)
    return None, None


def _day(shown: str, year: int | None) -> str | None:
    """The date a deadline fixes ("trước ngày 30/6" → 30 June), if it fixes one."""
    found = _DAY.search(shown)
    if found is None or "hằng" in shown:
        return None
    day, month = int(found.group(1)), int(found.group(2))
    full_year = int(found.group(3)) if found.group(3) else year
    if full_year is None:
        return None
    try:
        return date(full_year, month, day).isoformat()
    except ValueError:
        return None
