"""Briefings of very large archives on Ray Data (`pip install 'summarizer[ray]'`).

The same pipeline as the command line, spread over the workers of a Ray cluster:

    import ray
    from summarizer.distributed import run

    ray.init(address="auto")
    ds = ray.data.from_items([{"path": str(p)} for p in sorted(archive.rglob("*.docx"))])
    lines = run(ds, "/shared/briefings", engine="seq2seq", num_gpus_per_actor=1)

Input rows have a `path` column (a .txt, .md or .docx file) or a `text` column (the
report itself), and optionally an `id` column that names the outputs. Without an id the
outputs are named after the file (`<stem>.docx`, `.json`, `.md`), or after a hash of the
text (`text-<12 hex digits>`), so rerunning a dataset writes the same files again.

- `brief_dataset(ds, output_dir, ...)` is lazy: it returns a dataset of one row per
  input, the manifest line of that input (`input`, `outputs`, `engine`, `model`,
  `backend`, `warnings`, `error`, `seconds`; `outputs` and `warnings` as JSON strings).
  A pool of `concurrency` actors does the work; each actor builds one `Summarizer` when
  it starts, so a model is loaded once per actor, and briefs `window` reports per call,
  with the model calls of those reports batched together. Each briefing is written by the actor
  that made it, atomically, as in `summarizer.batch`.
- `write_manifest(rows, output_dir)` appends such rows to `OUTDIR/manifest.jsonl`, the
  file the command line writes, with `outputs` and `warnings` as lists again.
- `run(ds, output_dir, ...)` does both: it runs the dataset, writes the manifest as rows
  arrive and returns its lines.

A failing input (unreadable file, empty text) gets a row with its `error` and no
outputs; the other inputs go on. `output_dir` must be a folder that every worker can
write (a shared file system on a cluster), and `summarizer` must be installed on every
worker. Output names must be unique across the dataset: when two inputs share a file
name (same stem in different folders), give the rows an `id`; `write_manifest` adds a
warning to the later of two rows whose outputs have the same name.

Importing this module imports neither Ray nor torch; they are loaded when used.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.batch import FORMATS, Manifest, brief_and_write, output_paths, record
from summarizer.errors import InputError, SummarizerError
from summarizer.models import Report
from summarizer.render import ProfileSource, load_profile

if TYPE_CHECKING:
    import numpy as np
    import ray.data

COLUMNS = ("input", "outputs", "engine", "model", "backend", "warnings", "error", "seconds")
# Manifest fields that are lists, carried through the dataset as JSON strings.
LIST_COLUMNS = ("outputs", "warnings")

_UNSAFE_NAME = re.compile(r"[\\/\x00-\x1f]")


def brief_dataset(
    ds: ray.data.Dataset,
    output_dir: str | os.PathLike[str],
    *,
    engine: str = "auto",
    model: str | os.PathLike[str] | None = None,
    device: str = "auto",
    formats: Sequence[str] = FORMATS,
    profile: ProfileSource | None = None,
    guard: bool = True,
    batch_size: int | None = None,
    concurrency: int | tuple[int, int] = 2,
    num_gpus_per_actor: float = 0,
    window: int = 32,
) -> ray.data.Dataset:
    """A lazy dataset of manifest rows, one per input row of `ds`; outputs are written
    to `output_dir` when it runs (iterate, `materialize()` or `run`).

    `engine`, `model`, `device`, `guard` and `batch_size` (sections per model call) are
    those of `Summarizer`; with `num_gpus_per_actor` over 0 each actor asks Ray for that
    share of a GPU and runs the model on `cuda`. `concurrency` is the number of actors,
    or `(min, max)` for a pool that Ray grows and shrinks. `window` is the number of
    reports an actor briefs per call. `profile` is a dict of wording tables or a TOML
    file, read here once.
    """
    _ray()
    from ray.data import ActorPoolStrategy

    chosen = tuple(formats)
    unknown = [fmt for fmt in chosen if fmt not in FORMATS]
    if unknown or not chosen:
        shown = ", ".join(unknown) or "(none)"
        raise SummarizerError(f"unknown format {shown}; use docx, json or md")
    if isinstance(concurrency, int):
        if concurrency < 1:
            raise SummarizerError("concurrency must be at least 1")
        compute = ActorPoolStrategy(size=concurrency)
    else:
        low, high = concurrency
        if not 1 <= low <= high:
            raise SummarizerError("concurrency (min, max) needs 1 <= min <= max")
        compute = ActorPoolStrategy(min_size=low, max_size=high)
    if num_gpus_per_actor < 0:
        raise SummarizerError("num_gpus_per_actor cannot be negative")
    if isinstance(profile, (str, os.PathLike)):
        profile = load_profile(profile)
    folder = Path(output_dir).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    window = max(1, window)
    return ds.map_batches(
        BriefActor,
        fn_constructor_kwargs={
            "output_dir": str(folder),
            "formats": chosen,
            "profile": profile,
            "summarizer_options": {
                "engine": engine,
                "model": None if model is None else str(model),
                "device": "cuda" if num_gpus_per_actor > 0 else device,
                "batch_size": batch_size,
                "guard": guard,
                "window": window,
                "progress": False,
            },
        },
        batch_size=window,
        batch_format="numpy",
        compute=compute,
        num_gpus=num_gpus_per_actor,
    )


def write_manifest(
    rows: Iterable[dict[str, Any]], output_dir: str | os.PathLike[str]
) -> list[dict[str, Any]]:
    """Append rows of `brief_dataset` to `OUTDIR/manifest.jsonl`, each as it comes;
    returns the manifest lines (with `outputs` and `warnings` as lists)."""
    lines: list[dict[str, Any]] = []
    owners: dict[str, str] = {}
    with Manifest(Path(output_dir)) as manifest:
        for row in rows:
            line = manifest_line(row)
            for output in line["outputs"]:
                earlier = owners.setdefault(output, line["input"])
                if earlier != line["input"]:
                    line["warnings"].append(
                        f"{output} is also the output of {earlier}, so one overwrote the "
                        "other; give the rows distinct ids"
                    )
                    break
            manifest.add(line)
            lines.append(line)
    return lines


def run(
    ds: ray.data.Dataset, output_dir: str | os.PathLike[str], **options: Any
) -> list[dict[str, Any]]:
    """Brief every row of `ds` into `output_dir` and write its manifest as rows finish.

    `options` are those of `brief_dataset`. Returns the manifest lines in the order they
    were written (which is not the input order).
    """
    results = brief_dataset(ds, output_dir, **options)
    return write_manifest(results.iter_rows(), output_dir)


def manifest_line(row: dict[str, Any]) -> dict[str, Any]:
    """A row of `brief_dataset` as a manifest line: list fields decoded from JSON."""
    line = {key: row.get(key) for key in COLUMNS}
    for key in LIST_COLUMNS:
        value = line[key]
        line[key] = json.loads(value) if isinstance(value, str) else list(value or [])
    line["seconds"] = float(line["seconds"] or 0.0)
    return line


class BriefActor:
    """One worker of the actor pool: a `Summarizer` built once, called per batch."""

    def __init__(
        self,
        output_dir: str,
        formats: tuple[str, ...],
        profile: dict[str, Any] | None,
        summarizer_options: dict[str, Any],
    ) -> None:
        from summarizer.pipeline import Summarizer

        self.folder = Path(output_dir)
        self.formats = formats
        self.profile = profile
        self.summarizer = Summarizer(**summarizer_options)
        # Load the model now: once per actor, and a model that cannot load stops the
        # run at its start instead of failing every batch.
        self.engine = self.summarizer.engine

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        import numpy as np

        size = len(next(iter(batch.values()))) if batch else 0
        rows = [{key: _cell(values[n]) for key, values in batch.items()} for n in range(size)]
        jobs = [
            (shown, output_paths(stem, self.folder, self.formats), source)
            for shown, stem, source in (_input(row, n) for n, row in enumerate(rows))
        ]
        lines = []
        for shown, targets, result, seconds in brief_and_write(self.summarizer, jobs, self.profile):
            line = record(shown, targets, result, seconds)
            for key in LIST_COLUMNS:
                line[key] = json.dumps(line[key], ensure_ascii=False)
            lines.append(line)
        columns = {key: np.array([line[key] for line in lines], dtype=object) for key in COLUMNS}
        columns["seconds"] = np.array([line["seconds"] for line in lines], dtype=np.float64)
        return columns


def _input(row: dict[str, Any], n: int) -> tuple[str, str, Path | Report | SummarizerError]:
    """The shown name, the output stem and the source (or its error) of one row."""
    from summarizer.load import from_text

    name = None if row.get("id") in (None, "") else str(row["id"])
    path, text = row.get("path"), row.get("text")
    if path not in (None, ""):
        path = Path(str(path))
        return str(path), _stem(name or path.stem), path
    if text is not None:
        text = str(text)
        name = name or "text-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
        report = from_text(text, source=name)
        if not report.paragraphs:
            return name, _stem(name), InputError(f"{name}: the text is empty; give a report")
        return name, _stem(name), report
    name = name or f"row {n}"
    return name, _stem(name), InputError(f"{name}: the row has no 'path' and no 'text'")


def _stem(name: str) -> str:
    """A file name from an id: no folders, not hidden (hidden names are temporary files)."""
    return _UNSAFE_NAME.sub("_", name).lstrip(".") or "_"


def _cell(value: Any) -> Any:
    """A value of a batch as plain Python; None for a missing value (None or NaN)."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _ray() -> Any:
    """The `ray` module, or a SummarizerError that says how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise SummarizerError("Ray is not installed; pip install 'summarizer[ray]'") from None
    return ray
