"""Pydantic models passed between the stages; their JSON is the output format."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from summarizer.render import Profile

Label = Literal["opening", "discussion", "conclusion", "other"]
PartKind = Literal["opening", "discussion", "conclusion"]
PARTS: tuple[PartKind, ...] = ("opening", "discussion", "conclusion")
_SENTENCE_ENDS = (".", "!", "?", "…", ";", ":", '"', "”", ")")


class Paragraph(BaseModel):
    """One non-empty line of the input, with its sentences and its part.

    In a report typed with hard line breaks, a line's `sentences` are the whole
    sentences that begin on it (a sentence may run on over the next lines).
    """

    index: int
    text: str
    sentences: list[str] = Field(default_factory=list)
    label: Label = "other"


class Report(BaseModel):
    """A loaded meeting report: where it came from and its paragraphs."""

    source: str = "<text>"
    paragraphs: list[Paragraph]

    @property
    def text(self) -> str:
        """The report as plain text, one paragraph per line."""
        return "\n".join(p.text for p in self.paragraphs)


class Span(BaseModel):
    """Where a sentence is: its paragraph and its place in `Paragraph.sentences`."""

    paragraph: int
    sentence: int


class Section(BaseModel):
    """One part of a report (opening, discussion or conclusion) and its sentences.

    A part can begin in the middle of a paragraph: `spans` says which sentences of
    which paragraphs it holds; `paragraph_indexes` lists the paragraphs labelled with it.
    """

    kind: PartKind
    paragraph_indexes: list[int]
    sentences: list[str]
    spans: list[Span] = Field(default_factory=list)

    @property
    def text(self) -> str:
        """The section's sentences as one text; a heading line gets a closing full stop."""
        return " ".join(s if s.endswith(_SENTENCE_ENDS) else f"{s}." for s in self.sentences)


class SegmentedReport(Report):
    """A report whose paragraphs carry labels, grouped into sections."""

    sections: list[Section] = Field(default_factory=list)

    def section(self, kind: PartKind) -> Section | None:
        """The section of that kind, if the report has one."""
        return next((s for s in self.sections if s.kind == kind), None)


class Person(BaseModel):
    """A named person with the title given in the report."""

    name: str
    title: str = ""

    def __str__(self) -> str:
        return f"{self.name}, {self.title}" if self.title else self.name


class Facts(BaseModel):
    """Who, when and where of the meeting, as stated in the report."""

    meeting: str | None = None
    date_text: str | None = None
    date_iso: str | None = None
    time_of_day: str | None = None
    time: str | None = None
    place: str | None = None
    organizer: str | None = None
    chair: Person | None = None
    participants: list[str] = Field(default_factory=list)
    speakers: list[Person] = Field(default_factory=list)


class Directive(BaseModel):
    """A task or instruction from the conclusion, pointing to its source sentence.

    `assignees` (the bodies or people it is given to), `lead` and `support` ("chủ trì,
    phối hợp với ..."), `deadline_text` and `deadline_iso` are as the text states them
    (see `summarizer.tasks`); a field the text does not state is empty. `issued_by` is
    the meeting's chair, when the report names one.
    """

    text: str
    paragraph_index: int
    sentence: str
    assignees: list[str] = Field(default_factory=list)
    lead: str | None = None
    support: list[str] = Field(default_factory=list)
    deadline_text: str | None = None
    deadline_iso: str | None = None
    issued_by: str | None = None


class GuardChange(BaseModel):
    """A summary sentence the faithfulness guard replaced or dropped."""

    kind: PartKind
    original: str
    unsupported: list[str]
    action: Literal["replaced", "dropped"]
    replacement: str | None = None


class SectionSummary(BaseModel):
    """The summary of one part of the report."""

    kind: PartKind
    summary: str
    paragraph_indexes: list[int]
    engine: str


class Briefing(BaseModel):
    """A briefing of one meeting report: facts, part summaries, directives, warnings."""

    source: str
    subject: str | None = None
    facts: Facts = Field(default_factory=Facts)
    sections: list[SectionSummary] = Field(default_factory=list)
    directives: list[Directive] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    guard_changes: list[GuardChange] = Field(default_factory=list)
    engine: str = "extractive"
    model: str | None = None
    # what ran the model and in which precision, e.g. "ctranslate2-int8", "torch-float32"
    backend: str | None = None
    created: datetime = Field(default_factory=lambda: datetime.now().replace(microsecond=0))

    def section(self, kind: PartKind) -> SectionSummary | None:
        """The summary of that part, if the report has it."""
        return next((s for s in self.sections if s.kind == kind), None)

    def to_markdown(self, profile: Profile | str | Path | None = None) -> str:
        """The briefing as Markdown (`profile`: a dict of tables or a TOML file)."""
        from summarizer.render.markdown import render_markdown

        return render_markdown(self, profile)

    def to_docx(
        self,
        path: str | Path,
        profile: Profile | str | Path | None = None,
        template: str | Path | None = None,
    ) -> Path:
        """Write the briefing as a Decree 30 style DOCX file; returns the path.

        `profile` overrides prompts/briefing.vi.toml: a dict of tables or a TOML file.
        `template` is the agency's own Word file (.docx or .dotx): the briefing is built on
        it, keeping its page setup, headers, footers and the styles it names like ours.
        """
        from summarizer.render import with_template
        from summarizer.render.docx import write_docx

        return write_docx(self, path, profile=with_template(profile, template))
