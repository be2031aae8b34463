"""One synthesis of many meetings: the meetings, their main points, and every task by
assignee ("BÁO CÁO TỔNG HỢP").

A digest is made from briefings (made now from reports, or read back from their JSON):
nothing in it re-reads or re-segments a report. It keeps a few lines per meeting and per
task, not the briefings, so a digest of thousands of reports fits in memory.

>>> from summarizer import Summarizer
>>> s = Summarizer(engine="extractive")
>>> digest = make_digest([s.brief("Sáng 5/3/2025, UBND xã An Phú tổ chức hội nghị. "
...     "Phát biểu kết luận, ông Lê Văn Tâm giao Công an xã báo cáo trước ngày 30/3.")])
>>> [group.name for group in digest.tasks], digest.tasks[0].tasks[0].deadline_iso
(['Công an xã'], '2025-03-30')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from pydantic import BaseModel, Field

from summarizer.errors import SummarizerError
from summarizer.models import Briefing
from summarizer.text import fold

# Words that name the same body in two ways, and the level a name may end with.
_SAME = (
    (re.compile(r"\b(?:ủy|uỷ) ban nhân dân\b"), "ubnd"),
    (re.compile(r"\bhội đồng nhân dân\b"), "hđnd"),
    (re.compile(r"\bmặt trận tổ quốc(?: việt nam)?\b"), "mttq"),
    (re.compile(r"\bthành phố\b"), "tp"),
    (re.compile(r"\buỷ\b"), "ủy"),
)
_LEVEL = re.compile(r"(?: (?:tỉnh|huyện|thành phố|tp|thị xã|quận|xã|phường))+$")
_POINT_CHARS = 400  # characters of a meeting's main points


class Meeting(BaseModel):
    """One briefed meeting, as the digest lists it."""

    source: str
    date_iso: str | None = None
    date_text: str | None = None
    body: str | None = None
    chair: str | None = None
    subject: str | None = None
    points: str = ""  # the conclusion first, then the opening, shortened


class Task(BaseModel):
    """A task of one meeting, in the digest."""

    text: str
    deadline_text: str | None = None
    deadline_iso: str | None = None
    support: list[str] = Field(default_factory=list)
    meeting: str  # the meeting's subject or source
    meeting_date: str | None = None
    overdue: bool = False


class AssigneeTasks(BaseModel):
    """The tasks of one body or person, from every meeting."""

    name: str  # as first written
    tasks: list[Task] = Field(default_factory=list)


class Failure(BaseModel):
    """An input that gave no briefing, and why."""

    source: str
    error: str


class Digest(BaseModel):
    """The synthesis of many meetings; its JSON is the digest's output format."""

    created: datetime = Field(default_factory=datetime.now)
    as_of: str  # the day overdue is reckoned from (ISO)
    meetings: list[Meeting] = Field(default_factory=list)
    tasks: list[AssigneeTasks] = Field(default_factory=list)
    unassigned: list[Task] = Field(default_factory=list)  # tasks given to no one named
    failed: list[Failure] = Field(default_factory=list)

    def to_docx(self, path, profile=None, template=None):
        """Write the digest as a Decree 30 style DOCX file; returns the path.

        `template` is the agency's own Word file, as for `Briefing.to_docx`.
        """
        from summarizer.render import with_template
        from summarizer.render.docx import write_digest_docx

        return write_digest_docx(self, path, profile=with_template(profile, template))

    def to_markdown(self, profile=None) -> str:
        """The digest as Markdown."""
        from summarizer.render.markdown import render_digest_markdown

        return render_digest_markdown(self, profile)


CSV_COLUMNS = (
    "Đơn vị", "Nhiệm vụ", "Thời hạn", "Ngày hạn", "Quá hạn", "Phối hợp", "Cuộc họp", "Ngày họp",
)  # fmt: skip


def tasks_csv(digest: Digest) -> str:
    """The task table as CSV (write it as UTF-8 with a BOM: Excel then reads Vietnamese)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    groups = [(g.name, g.tasks) for g in digest.tasks] + [("", digest.unassigned)]
    for name, tasks in groups:
        for t in tasks:
            writer.writerow(
                (
                    name,
                    t.text,
                    t.deadline_text or "",
                    t.deadline_iso or "",
                    "x" if t.overdue else "",
                    "; ".join(t.support),
                    t.meeting,
                    t.meeting_date or "",
                )
            )
    return out.getvalue()


def assignee_key(name: str) -> str:
    """The name folded so that two ways of writing a body meet ("Sở Tài chính tỉnh",
    "Sở Tài chính"; "Ủy ban nhân dân huyện", "UBND huyện" stay apart from "UBND")."""
    key = fold(name)
    for pattern, short in _SAME:
        key = pattern.sub(short, key)
    shorter = _LEVEL.sub("", key)
    return shorter if len(shorter.split()) >= 2 else key


def make_digest(
    briefings: Iterable[Briefing | SummarizerError | tuple[str, str]],
    as_of: date | None = None,
) -> Digest:
    """The digest of briefings, in any order; an error (or a `(source, error)` pair)
    goes to the appendix of inputs that could not be read."""
    today = as_of or date.today()
    digest = Digest(as_of=today.isoformat())
    groups: dict[str, AssigneeTasks] = {}
    for item in briefings:
        if isinstance(item, Briefing):
            _add(digest, groups, item, today)
        elif isinstance(item, tuple):
            digest.failed.append(Failure(source=item[0], error=item[1]))
        else:
            source = str(item).split(": ", 1)[0]
            digest.failed.append(Failure(source=source, error=str(item)))
    digest.meetings.sort(key=lambda m: (m.date_iso or "9999", m.source))
    digest.tasks = sorted(groups.values(), key=lambda g: fold(g.name))
    for group in [*digest.tasks]:
        group.tasks.sort(key=_by_deadline)
    digest.unassigned.sort(key=_by_deadline)
    return digest


def _by_deadline(task: Task) -> tuple:
    return (task.deadline_iso or "9999", task.deadline_text is None, task.meeting_date or "")


def _add(digest: Digest, groups: dict[str, AssigneeTasks], briefing: Briefing, today: date):
    facts = briefing.facts
    parts = {s.kind: s.summary for s in briefing.sections}
    points = " ".join(p for p in (parts.get("conclusion"), parts.get("opening")) if p)
    if len(points) > _POINT_CHARS:
        points = points[:_POINT_CHARS].rsplit(" ", 1)[0] + " …"
    meeting = Meeting(
        source=briefing.source,
        date_iso=facts.date_iso,
        date_text=facts.date_text,
        body=facts.organizer,
        chair=str(facts.chair) if facts.chair else None,
        subject=briefing.subject,
        points=points,
    )
    digest.meetings.append(meeting)
    shown = briefing.subject or briefing.source
    for directive in briefing.directives:
        task = Task(
            text=directive.text,
            deadline_text=directive.deadline_text,
            deadline_iso=directive.deadline_iso,
            support=directive.support,
            meeting=shown,
            meeting_date=facts.date_iso,
            overdue=bool(directive.deadline_iso and directive.deadline_iso < today.isoformat()),
        )
        names = [directive.lead] if directive.lead else directive.assignees
        if not names:
            digest.unassigned.append(task)
        for name in names:
            group = groups.setdefault(assignee_key(name), AssigneeTasks(name=name))
            group.tasks.append(task)
