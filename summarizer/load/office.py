"""Word 97-2003 (.doc), OpenDocument (.odt) and RTF files, converted to .docx by LibreOffice.

LibreOffice (`soffice --headless`) is run with a profile of its own in a scratch folder,
at most CONVERT_SECONDS per file; the .docx it writes is read like any other. Without
LibreOffice the file is refused with what to do. `convert` is also how briefings become
PDF files.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from summarizer.errors import InputError, SummarizerError
from summarizer.load import docx
from summarizer.load.limits import Limits

SUFFIXES = (".doc", ".odt", ".rtf")
_KINDS = {".doc": "Word 97-2003", ".odt": "OpenDocument", ".rtf": "Rich Text (RTF)"}
CONVERT_SECONDS = 120


def read(data: bytes, name: str, limits: Limits, suffix: str) -> str:
    """The text of a .doc, .odt or .rtf file, through its .docx conversion."""
    kind = _KINDS[suffix]
    if soffice() is None:
        raise InputError(
            f"{name}: reading a {kind} file needs LibreOffice; install it (Debian: apt-get "
            "install libreoffice-writer-nogui; Windows: libreoffice.org) or save the file "
            "as .docx"
        )
    with tempfile.TemporaryDirectory(prefix="summarizer-office-") as scratch:
        folder = Path(scratch)
        source = folder / f"report{suffix}"
        source.write_bytes(data)
        try:
            converted = convert(source, "docx", folder / "out")
        except SummarizerError as exc:
            raise InputError(
                f"{name}: cannot read the {kind} file: {exc}; open it and save it as .docx"
            ) from None
        text = docx.docx_text(converted.read_bytes(), name, limits)
    if not _wordy(text):
        raise InputError(
            f"{name}: the {kind} file is damaged (LibreOffice finds no text in it); open it "
            "in Word and save it as .docx"
        )
    return text


def _wordy(text: str) -> bool:
    """Text that is mostly letters and spaces, as a report is, not the debris of a
    damaged file LibreOffice read as text."""
    sample = text[:100_000]
    if not sample.strip():
        return True  # empty: said as such by the loader
    return sum(c.isalpha() or c.isspace() for c in sample) >= 0.6 * len(sample)


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, fmt: str, folder: Path, seconds: float = CONVERT_SECONDS) -> Path:
    """`source` converted by LibreOffice to `fmt` ("docx", "pdf") in `folder`.

    Raises SummarizerError when LibreOffice is missing, takes longer than `seconds` or
    writes nothing.
    """
    command = soffice()
    if command is None:
        raise SummarizerError("LibreOffice is not installed")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="summarizer-lo-") as profile:
        process = subprocess.Popen(
            [command, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", fmt, "--outdir", str(folder), str(source)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,  # its helper processes go with it on a timeout
        )  # fmt: skip
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise SummarizerError(f"LibreOffice took longer than {seconds:g} s") from None
        except BaseException:  # Ctrl-C: LibreOffice must not run on
            _kill_group(process)
            raise
    made = folder / f"{source.stem}.{fmt}"
    if not made.is_file() or made.stat().st_size == 0:
        raise SummarizerError("LibreOffice could not convert the file (damaged?)")
    return made


def _kill_group(process: subprocess.Popen) -> None:
    import os
    import signal

    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except OSError:
        pass
    process.wait()
