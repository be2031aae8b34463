"""Models prepared once and kept on disk: CTranslate2 conversions and int8 weights.

A prepared model lives under `root(kind)`, in a folder named after the model, what was
done to it and a hash of the model's files (names, sizes, modification times) and of the
library versions that did it: a changed model, or a new library, is prepared again. A
folder is written under a temporary name and renamed into place, so an interrupted run
leaves nothing half-written where a later run would look.

Importing this module imports neither torch nor ctranslate2.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

# A temporary folder left by a killed process is removed after this long.
STALE_SECONDS = 3600
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def root(kind: str) -> Path:
    """$SUMMARIZER_CACHE/KIND, else ~/.cache/summarizer/KIND.

    The default sits beside the Hugging Face cache (~/.cache/huggingface); $XDG_CACHE_HOME
    moves both.
    """
    base = os.environ.get("SUMMARIZER_CACHE")
    if base:
        return Path(base).expanduser() / kind
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "summarizer" / kind


def snapshot(model: str, local_only: bool) -> Path:
    """The folder of a hub model in the Hugging Face cache; fetched only if not local_only.

    Raises OSError when the model's config or weights are not there.
    """
    from huggingface_hub import snapshot_download

    found = None
    for weights in ("*.safetensors", "pytorch_model*.bin"):
        patterns = ["*.json", "*.model", "*.txt", weights]
        found = Path(snapshot_download(model, local_files_only=local_only, allow_patterns=patterns))
        if (found / "config.json").is_file() and any(found.glob(weights)):
            return found
    raise OSError(f"{model}: the model's config or weights are not in the local cache ({found})")


def key(folder: Path, how: str, versions: str, name: str | None = None) -> str:
    """The cache folder name of a model folder prepared `how` by these library versions."""
    digest = hashlib.sha256(f"{versions}\n".encode())
    for path in model_files(folder):
        info = path.stat()
        digest.update(f"{path.name}\t{info.st_size}\t{info.st_mtime_ns}\n".encode())
    label = _UNSAFE.sub("-", name or folder.name).strip("-.") or "model"
    return f"{label[-60:]}-{how}-{digest.hexdigest()[:16]}"


def model_files(folder: Path) -> Iterable[Path]:
    """The files of a model folder (links followed, as in the Hugging Face cache)."""
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and p.is_file())


def build(target: Path, marker: str, make: Callable[[Path], None]) -> tuple[Path, float]:
    """`target`, made by `make(folder)` if its `marker` file is not there yet; and the
    seconds that took (0 when it was there)."""
    if (target / marker).is_file():
        return target, 0.0
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(target.parent, target.name)
    started = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        make(staging)
        try:
            staging.rename(target)
        except OSError:
            if not (target / marker).is_file():  # not made meanwhile by another run
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target, time.perf_counter() - started


def _remove_stale(parent: Path, name: str) -> None:
    """Temporary folders of this name left by a killed run, once they are old."""
    now = time.time()
    for path in parent.glob(f".{name}.*.tmp"):
        try:
            if now - path.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass
