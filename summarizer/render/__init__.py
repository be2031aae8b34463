"""Renderers of a Briefing: DOCX (Decree 30 layout) and Markdown, sharing one wording."""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from summarizer import prompts
from summarizer.errors import InputError
from summarizer.models import Briefing

Profile = dict[str, Any]
# A profile as a dict of tables, or the path of its TOML file.
ProfileSource = Profile | str | os.PathLike[str]


def load_profile(path: str | os.PathLike[str]) -> Profile:
    """A briefing profile: a TOML file whose tables override prompts/briefing.vi.toml."""
    try:
        with open(path, "rb") as handle:
            profile = tomllib.load(handle)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        message = f"{path}: cannot read the profile ({exc}); give a UTF-8 TOML file"
        raise InputError(message) from None
    document = profile.get("document")
    if isinstance(document, dict) and isinstance(document.get("template"), str):
        # a template named in a profile is found beside the profile
        document["template"] = str(Path(path).parent / Path(document["template"]).expanduser())
    return profile


def with_template(
    profile: ProfileSource | None, template: str | os.PathLike[str] | None
) -> ProfileSource | None:
    """The profile with `[document] template` set to `template` (when one is given)."""
    if template is None:
        return profile
    if isinstance(profile, (str, os.PathLike)):
        profile = load_profile(profile)
    merged = {table: dict(values) if isinstance(values, dict) else values
              for table, values in (profile or {}).items()}  # fmt: skip
    merged.setdefault("document", {})["template"] = str(template)
    return merged


def wording(profile: ProfileSource | None = None) -> Profile:
    """Fixed wording from prompts/briefing.vi.toml, with a profile's tables merged over it.

    `profile` is a dict of tables or the path of a TOML profile file.
    """
    if isinstance(profile, (str, os.PathLike)):
        profile = load_profile(profile)
    base = prompts.load("briefing.vi")
    merged = {table: dict(values) for table, values in base.items()}
    for table, values in (profile or {}).items():
        if isinstance(values, dict):
            merged.setdefault(table, {}).update(values)
        else:
            merged[table] = values
    return merged


def task_rows(briefing: Briefing, words: Profile) -> list[tuple[str, str, str, str]]:
    """The rows of the task table: number, task, who leads / supports, deadline."""
    rows = []
    for n, task in enumerate(briefing.directives, 1):
        who = task.lead or "; ".join(task.assignees)
        if task.support:
            support = words["tasks"]["support"] + "; ".join(task.support)
            who = f"{who}\n{support}" if who else support
        rows.append((str(n), task.text, who, task.deadline_text or ""))
    return rows


def digest_rows(digest, words: Profile):
    """The rows of the digest's tables: meetings, and each assignee's tasks.

    Returns (meeting rows, [(assignee heading, task rows)]); a deadline already passed is
    marked, one the text does not give reads "Chưa nêu".
    """
    table = words["digest"]
    meetings = [
        (str(n), m.date_text or "", m.body or "", m.chair or "", _capital(m.subject or m.source))
        for n, m in enumerate(digest.meetings, 1)
    ]
    groups = [(g.name, g.tasks) for g in digest.tasks]
    if digest.unassigned:
        groups.append((table["unassigned"], digest.unassigned))
    out = []
    for name, tasks in groups:
        rows = []
        for n, task in enumerate(tasks, 1):
            deadline = task.deadline_text or table["no_deadline"]
            if task.overdue:
                deadline = f"{deadline} ({table['overdue']})"
            when = f" ({_day_month_year(task.meeting_date)})" if task.meeting_date else ""
            rows.append((str(n), task.text, deadline, f"{_capital(task.meeting)}{when}"))
        out.append((f"{name}: {table['count'].format(n=len(tasks))}", rows))
    return meetings, out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _day_month_year(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(day)}/{int(month)}/{year}"


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


def date_line(briefing: Briefing, header: Profile) -> str:
    """ "Hải Phòng, ngày 03 tháng 7 năm 2024": a zero before days under 10 and months 1-2."""
    created = briefing.created
    month = f"{created.month:02d}" if created.month <= 2 else str(created.month)
    place = header.get("place") or "......"
    return f"{place}, ngày {created.day:02d} tháng {month} năm {created.year}"


def headings(briefing: Briefing, words: Profile) -> dict[str, str]:
    """The headings of the parts the briefing has, numbered in the order they appear.

    "I., II., III." for the main parts and "1., 2., 3." for the part summaries, so a
    briefing without general information starts at "I. NỘI DUNG CHÍNH".
    """
    table = words["headings"]
    main = ["general"] if general_info(briefing, words) else []
    main += ["content"] if briefing.sections else []
    main.append("directives")
    numbered = {
        key: f"{_ROMAN[n]}. {_ROMAN_PREFIX.sub('', table[key])}" for n, key in enumerate(main)
    }
    for n, section in enumerate(briefing.sections, start=1):
        numbered[section.kind] = f"{n}. {_NUMBER_PREFIX.sub('', table[section.kind])}"
    return numbered


_ROMAN = ["I", "II", "III", "IV", "V"]
_ROMAN_PREFIX = re.compile(r"^[IVX]+\.\s*")
_NUMBER_PREFIX = re.compile(r"^\d+\.\s*")


def subject(briefing: Briefing, words: Profile) -> str:
    """The meeting the briefing is about."""
    text = briefing.subject or words["title"]["subject_fallback"]
    return text[:1].upper() + text[1:]


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
