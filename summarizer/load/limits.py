"""How much one report may hold, and the error for a report over a limit."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from summarizer.errors import InputError


@dataclass(frozen=True)
class Limits:
    """How much one report may hold; over a limit, the report is refused with an error
    that names the file and the limit. Raise one with `Limits(paragraphs=200_000)`, or
    on the command line with `--limit paragraphs=200000`.

    The defaults are far above any meeting report (the longest real ones have a few
    hundred paragraphs) and keep one report within about a minute and 1 GB.
    """

    bytes: int = 5_000_000  # size of a text or Word file, or of standard input
    document_bytes: int = 50_000_000  # a .pdf, .html, .doc, .odt or .rtf file (images, markup)
    pages: int = 2_000  # a .pdf: its pages
    unzipped: int = 50_000_000  # a .docx: the size of all its parts unpacked
    entries: int = 2_000  # a .docx: the files in its archive
    paragraphs: int = 50_000  # lines of text, paragraphs of a .docx, table cells included
    cells: int = 50_000  # a .docx: table cells
    paragraph_chars: int = 1_500_000  # characters in one paragraph or line

    @classmethod
    def parse(cls, settings: list[str]) -> Limits:
        """Limits from `NAME=VALUE` settings ("paragraphs=200000"); unknown names refused."""
        names = [f.name for f in dataclasses.fields(cls)]
        values: dict[str, int] = {}
        for setting in settings:
            name, _, value = setting.partition("=")
            name = name.strip().replace("-", "_")
            if name not in names or not value.strip().isdigit() or int(value) < 1:
                raise InputError(
                    f"--limit {setting}: give NAME=N with N a whole number of at least 1 and "
                    f"NAME one of {', '.join(names)}"
                )
            values[name] = int(value)
        return cls(**values)


MAX_BYTES = Limits.bytes


def over(name: str, what: str, limit: int, field: str, advice: str) -> InputError:
    return InputError(
        f"{name}: more than {limit:,} {what} (the limit); {advice}, "
        f"or raise the limit with --limit {field}=N"
    )
