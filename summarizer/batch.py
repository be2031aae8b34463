"""Writing briefings of many reports: output files, atomic writes and the manifest.

The command line and `summarizer.distributed` share these, so a folder of outputs looks
the same however it was made:

- `output_paths` names the files of one input: `<stem>.docx`, `<stem>.json`, `<stem>.md`;
- `write_outputs` writes them, each to a temporary file in the same folder and then
  renamed, so an interrupted run leaves no half-written file;
- `Manifest` appends one JSON line per input to `OUTDIR/manifest.jsonl` as the run goes:
  `{"input", "outputs", "engine", "model", "backend", "warnings", "error", "seconds"}`
  (`backend`: what ran the model, e.g. "ctranslate2-int8"; null without one). Each line
  is written whole by one call under a file lock, so several runs into one folder at
  once interleave whole lines, never parts of them.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.errors import SummarizerError
from summarizer.models import Briefing
from summarizer.render import ProfileSource, write_atomic

if TYPE_CHECKING:
    from summarizer.pipeline import Source, Summarizer

FORMATS = ("docx", "json", "md")  # written by default
ALL_FORMATS = (*FORMATS, "pdf")  # pdf: the DOCX converted by LibreOffice, when installed
MANIFEST = "manifest.jsonl"


def output_paths(stem: str, folder: Path, formats: tuple[str, ...] = FORMATS) -> dict[str, Path]:
    """The output file of each format for an input named `stem`."""
    return {fmt: folder / f"{stem}.{fmt}" for fmt in formats}


def write_outputs(
    briefing: Briefing, targets: dict[str, Path], profile: ProfileSource | None = None
) -> None:
    """Write the briefing in each format, atomically."""
    from summarizer.render.markdown import render_markdown

    for fmt, path in targets.items():
        if fmt == "docx":
            briefing.to_docx(path, profile=profile)
        elif fmt == "json":
            text = briefing.model_dump_json(indent=2) + "\n"
            write_atomic(path, lambda tmp, text=text: tmp.write_text(text, encoding="utf-8"))
        elif fmt == "md":
            text = render_markdown(briefing, profile)
            write_atomic(path, lambda tmp, text=text: tmp.write_text(text, encoding="utf-8"))
        elif fmt == "pdf":
            write_atomic(path, lambda tmp: _pdf(briefing, tmp, profile))
        else:
            raise SummarizerError(f"unknown format '{fmt}'; use docx, json or md")


def _pdf(briefing: Briefing, target: Path, profile: ProfileSource | None) -> None:
    """The briefing's DOCX converted to PDF by LibreOffice, written to `target`."""
    import shutil
    import tempfile

    from summarizer.load import office

    if office.soffice() is None:
        raise SummarizerError(
            "cannot write PDF: LibreOffice is not installed; install it (Debian: apt-get "
            "install libreoffice-writer-nogui) or use --format docx"
        )
    with tempfile.TemporaryDirectory(prefix="summarizer-pdf-") as scratch:
        folder = Path(scratch)
        source = briefing.to_docx(folder / "briefing.docx", profile=profile)
        try:
            made = office.convert(source, "pdf", folder / "pdf")
        except SummarizerError as exc:
            raise SummarizerError(f"cannot write PDF: {exc}") from None
        shutil.copyfile(made, target)


def brief_and_write(
    summarizer: Summarizer,
    jobs: list[tuple[str, dict[str, Path], Source | SummarizerError]],
    profile: ProfileSource | None = None,
) -> Iterator[tuple[str, dict[str, Path], Briefing | SummarizerError, float]]:
    """Brief each job (shown name, output paths, source or its error) and write its files.

    Yields `(name, paths, result, seconds)` in input order, each as soon as it is written:
    the Briefing, or the SummarizerError of an input that could not be read, briefed or
    written. The model calls are batched across inputs by `Summarizer.brief_many`.
    """
    sources = (source for _, _, source in jobs if not isinstance(source, SummarizerError))
    results = summarizer.brief_many(sources)
    last = time.monotonic()
    for shown, targets, source in jobs:
        result = source if isinstance(source, SummarizerError) else next(results)
        if not isinstance(result, SummarizerError):
            try:
                write_outputs(result, targets, profile)
            except OSError as exc:
                result = SummarizerError(f"{shown}: cannot write output ({exc})")
            except Exception as exc:  # noqa: BLE001  (one input must not end the batch)
                result = SummarizerError(
                    f"{shown}: cannot write output ({type(exc).__name__}: {exc})"
                )
        seconds, last = time.monotonic() - last, time.monotonic()
        yield shown, targets, result, seconds


def outputs_exist(targets: dict[str, Path]) -> bool:
    """Whether every output of an input is already there (for --skip-existing)."""
    return all(path.is_file() and path.stat().st_size > 0 for path in targets.values())


def record(
    source: str,
    targets: dict[str, Path],
    result: Briefing | BaseException | None,
    seconds: float = 0.0,
    skipped: bool = False,
) -> dict[str, Any]:
    """The manifest line of one input: what was written, or why not."""
    line: dict[str, Any] = {
        "input": source,
        "outputs": [str(p) for p in targets.values()] if isinstance(result, Briefing) else [],
        "engine": None,
        "model": None,
        "backend": None,
        "warnings": [],
        "error": None,
        "seconds": round(seconds, 3),
    }
    if skipped:
        line["outputs"] = [str(p) for p in targets.values()]
        line["skipped"] = True
    if isinstance(result, Briefing):
        line.update(
            engine=result.engine,
            model=result.model,
            backend=result.backend,
            warnings=result.warnings,
        )
    elif isinstance(result, BaseException):
        line["error"] = str(result)
    return line


class Manifest:
    """`OUTDIR/manifest.jsonl`, one line per input, each on disk when `add` returns.

    Lines from earlier runs are kept: a resumed run appends to them. Other processes may
    append to the same file at the same time.
    """

    def __init__(self, folder: Path, name: str = MANIFEST) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / name
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
        self._fd: int | None = os.open(self.path, flags, 0o644)

    def add(self, line: dict[str, Any]) -> None:
        data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
        if self._fd is None:
            raise ValueError(f"{self.path}: the manifest is closed")
        with _locked(self._fd):
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
            os.fsync(self._fd)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def _locked(fd: int) -> Iterator[None]:
    """An exclusive lock on an open file, between processes (POSIX or Windows)."""
    try:
        import fcntl
    except ImportError:  # Windows: lock the first byte; appends go past it
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        try:
            yield
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def read_manifest(path: Path) -> list[dict[str, Any]]:
    """The lines of a manifest (a line cut short by an interruption is skipped)."""
    lines = []
    if path.is_file():
        for text in path.read_text(encoding="utf-8").splitlines():
            try:
                lines.append(json.loads(text))
            except json.JSONDecodeError:
                continue
    return lines
