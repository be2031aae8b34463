"""Read a report from text, a file or stdin into a `Report`.

One reader per file format, each a module of this package with `SUFFIXES` and
`read(data, name, limits, suffix) -> str` (the report's text, one paragraph per line):
`text` (.txt, .md), `docx`, `pdf`, `html` (.html, .htm) and `office` (.doc, .odt, .rtf
through LibreOffice). A module added here with those two names is a new format. Readers that
need an optional library import it when they read, and say which extra installs it.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import pkgutil
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

from summarizer.errors import InputError
from summarizer.load.docx import docx_text
from summarizer.load.limits import MAX_BYTES, Limits, over
from summarizer.load.text import decode_text, strip_markdown
from summarizer.models import Paragraph, Report
from summarizer.text import normalize, split_sentences

__all__ = [
    "MAX_BYTES", "SUFFIXES", "Limits", "decode_text", "docx_text", "from_text", "load",
    "load_file", "load_stdin", "readers", "strip_markdown",
]  # fmt: skip

# the formats whose files are measured against Limits.document_bytes, not Limits.bytes
_DOCUMENTS = (".pdf", ".html", ".htm", ".doc", ".odt", ".rtf")


@cache
def readers() -> dict[str, ModuleType]:
    """The reader module for each file suffix (".pdf": summarizer.load.pdf, ...)."""
    found: dict[str, ModuleType] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("_"):
            continue
        reader = importlib.import_module(f"{__name__}.{module.name}")
        for suffix in getattr(reader, "SUFFIXES", ()):
            found[suffix] = reader
    return found


def _limits(limits: Limits | None, max_bytes: int | None) -> Limits:
    limits = limits or Limits()
    return limits if max_bytes is None else dataclasses.replace(limits, bytes=max_bytes)


def load(
    source: str | os.PathLike[str],
    *,
    max_bytes: int | None = None,
    limits: Limits | None = None,
) -> Report:
    """A report from text (any `str`) or from a file (`pathlib.Path` / `os.PathLike`).

    `limits` bounds what one report may hold (see `Limits`); `max_bytes` is its `bytes`.
    """
    if isinstance(source, str):
        return from_text(source, limits=_limits(limits, max_bytes))
    return load_file(Path(source), limits=_limits(limits, max_bytes))


def from_text(text: str, source: str = "<text>", *, limits: Limits | None = None) -> Report:
    """A report from text: every non-empty line is a paragraph."""
    limits = limits or Limits()
    lines = [line for line in normalize(text).split("\n") if line]
    if len(lines) > limits.paragraphs:
        raise over(source, "lines", limits.paragraphs, "paragraphs", "split the report")
    longest = max(lines, key=len, default="")
    if len(longest) > limits.paragraph_chars:
        raise over(
            source,
            "characters in one line",
            limits.paragraph_chars,
            "paragraph_chars",
            "break the text into paragraphs",
        )
    paragraphs = [
        Paragraph(index=i, text=line, sentences=split_sentences(line))
        for i, line in enumerate(lines)
    ]
    return Report(source=source, paragraphs=paragraphs)


def load_file(path: Path, *, max_bytes: int | None = None, limits: Limits | None = None) -> Report:
    """A report from a file of one of the SUFFIXES (.txt, .md, .docx, .pdf, .html, ...)."""
    limits = _limits(limits, max_bytes)
    name = str(path)
    suffix = path.suffix.lower()
    reader = readers().get(suffix)
    if reader is None:
        raise InputError(
            f"{name}: unsupported file type '{suffix}'; use one of {', '.join(SUFFIXES)}"
        )
    data = _read_bytes(path, name, suffix, limits)
    text = reader.read(data, name, limits, suffix)
    report = from_text(text, source=name, limits=limits)
    if not report.paragraphs:
        raise InputError(
            f"{name}: the file holds no text; check that it is the right file and saved"
        )
    return report


def _read_bytes(path: Path, name: str, suffix: str, limits: Limits) -> bytes:
    """The file's bytes, refused past its size limit before they are read."""
    field = "document_bytes" if suffix in _DOCUMENTS else "bytes"
    limit = getattr(limits, field)
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > limit:
                raise InputError(
                    f"{name}: {size / 1e6:.1f} MB is over the {limit / 1e6:.1f} MB "
                    f"limit; split the file or raise the limit (--limit {field}=N)"
                )
            data = file.read(limit + 1)
        if len(data) > limit:  # grown since it was measured
            raise InputError(
                f"{name}: over the {limit / 1e6:.1f} MB limit; split the file "
                f"or raise the limit (--limit {field}=N)"
            )
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder; give a file") from None
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; check the path and the name") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied; check the file's access rights") from None
    except OSError as exc:
        raise InputError(
            f"{name}: cannot be read ({exc.strerror or exc}); check the file and try again"
        ) from None
    return data


def load_stdin(*, max_bytes: int | None = None, limits: Limits | None = None) -> Report:
    """A report from standard input (UTF-8 or UTF-16 with BOM)."""
    limits = _limits(limits, max_bytes)
    data = sys.stdin.buffer.read(limits.bytes + 1)
    if len(data) > limits.bytes:
        raise InputError(
            f"<stdin>: over the {limits.bytes / 1e6:.1f} MB limit; split the input "
            "or raise the limit (--limit bytes=N)"
        )
    report = from_text(decode_text(data, "<stdin>"), source="<stdin>", limits=limits)
    if not report.paragraphs:
        raise InputError("<stdin>: no text received; pipe a report into the command")
    return report


SUFFIXES = tuple(sorted(readers()))
