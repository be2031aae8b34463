"""CTranslate2 for the seq2seq engine on the CPU: the model converted once, kept in a cache.

A model folder is converted with `ctranslate2.converters.TransformersConverter` on its first
use and the result kept under `cache_root()` (summarizer.engines.model_cache: keyed by the
model's files, the stored weight type and the CTranslate2 version; written to a temporary
folder and renamed into place, so an interrupted conversion leaves nothing behind).

Importing this module imports neither ctranslate2 nor torch.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from summarizer.engines import model_cache

INSTALL = "pip install 'summarizer[fast]'"
# Compute types of CTranslate2 on the CPU that this engine offers.
COMPUTE_TYPES = ("int8", "int8_float32", "int16", "float32")
# The engine's generation settings (transformers' names) and CTranslate2's names for them.
OPTIONS = {
    "num_beams": "beam_size",
    "max_new_tokens": "max_decoding_length",
    "min_new_tokens": "min_decoding_length",
    "no_repeat_ngram_size": "no_repeat_ngram_size",
    "length_penalty": "length_penalty",
    "repetition_penalty": "repetition_penalty",
}
# Settings that transformers takes from a model's generation_config.json when the engine
# does not give them; taken from there here too, so both backends generate alike.
MODEL_DEFAULTS = ("no_repeat_ngram_size", "length_penalty", "repetition_penalty")


class Unsupported(Exception):
    """CTranslate2 cannot run this model, or not with these settings."""


def available() -> str | None:
    """None when ctranslate2 can be imported, else why not."""
    try:
        import ctranslate2  # noqa: F401
    except ImportError as exc:
        return f"ctranslate2 is not installed ({exc}); {INSTALL}"
    return None


def cache_root() -> Path:
    """The folder of converted models: $SUMMARIZER_CACHE/ct2, else ~/.cache/summarizer/ct2."""
    return model_cache.root("ct2")


def cache_key(folder: Path, quantization: str, name: str | None = None) -> str:
    """The cache folder name of a model folder converted with this weight type."""
    import ctranslate2

    return model_cache.key(folder, quantization, f"ctranslate2 {ctranslate2.__version__}", name)


def converted(folder: Path, quantization: str, name: str | None = None) -> tuple[Path, float]:
    """The converted model of a folder, and the seconds spent converting it (0 when cached)."""

    def make(staging: Path) -> None:
        try:
            convert(folder, staging, quantization)
        except Exception as exc:  # noqa: BLE001  (any converter failure means: not this way)
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise Unsupported(
                f"cannot convert {folder} ({type(exc).__name__}{': ' + reason if reason else ''})"
            ) from exc

    target = cache_root() / cache_key(folder, quantization, name)
    return model_cache.build(target, "model.bin", make)


def convert(folder: Path, output: Path, quantization: str) -> None:
    """Write the CTranslate2 model of a transformers model folder into `output`."""
    from ctranslate2.converters import TransformersConverter

    TransformersConverter(str(folder)).convert(str(output), quantization=quantization, force=True)


def physical_cores() -> int:
    """CPU cores this process may use, counting each physical core once (no hyperthreads)."""
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count() or 1
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cores = count_cores(info.read())
    except OSError:
        cores = 0
    return max(1, min(usable, cores or usable))


def count_cores(cpuinfo: str) -> int:
    """Distinct (physical id, core id) pairs in the text of /proc/cpuinfo; 0 if none."""
    cores = set()
    for block in cpuinfo.split("\n\n"):
        fields = dict(
            (key.strip(), value.strip())
            for key, _, value in (line.partition(":") for line in block.splitlines())
        )
        if "core id" in fields:
            cores.add((fields.get("physical id", "0"), fields["core id"]))
    return len(cores)


def translator(path: Path, compute_type: str, inter_threads: int = 1) -> Any:
    """A CTranslate2 translator on the CPU, its physical cores shared by `inter_threads`."""
    import ctranslate2

    supported = ctranslate2.get_supported_compute_types("cpu")
    if compute_type not in supported:
        raise Unsupported(
            f"CTranslate2 on this CPU does not offer {compute_type}, only "
            f"{', '.join(sorted(supported))}"
        )
    try:
        return ctranslate2.Translator(
            str(path),
            device="cpu",
            compute_type=compute_type,
            inter_threads=inter_threads,
            intra_threads=max(1, physical_cores() // inter_threads),
        )
    except (RuntimeError, ValueError, OSError) as exc:
        raise Unsupported(f"cannot load {path} ({exc})") from exc


def model_defaults(folder: Path) -> dict[str, Any]:
    """The settings of MODEL_DEFAULTS that the model's generation_config.json gives."""
    import json

    path = folder / "generation_config.json"
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {key: config[key] for key in MODEL_DEFAULTS if config.get(key) is not None}


def options(settings: dict[str, Any]) -> dict[str, Any]:
    """CTranslate2's translate_batch options for the engine's generation settings."""
    unknown = sorted(set(settings) - set(OPTIONS))
    if unknown:
        raise Unsupported(
            f"generation setting {', '.join(unknown)} has no CTranslate2 equivalent; "
            "the torch backend has it"
        )
    return {OPTIONS[key]: value for key, value in settings.items()}
