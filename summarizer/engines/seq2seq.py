"""Abstractive summaries with a Hugging Face encoder-decoder (ViT5, BARTpho, T5)."""

from __future__ import annotations

import ctypes
import os
import re
import socket
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer import prompts
from summarizer.engines import BACKENDS, ct2, model_cache
from summarizer.errors import BackendError, ModelError
from summarizer.models import PartKind
from summarizer.text import normalize_tones, split_sentences

_LOADED: dict[tuple[str, str, str, str | None], tuple[Any, Any]] = {}
_TRANSLATORS: dict[tuple[str, str, int], tuple[Any, Any, dict[str, Any]]] = {}
_DTYPES = ("float32", "bfloat16", "float16")
# Above this many batches a progress bar is shown (on a terminal).
_PROGRESS_MIN_BATCHES = 3
# A merged summary of a long section is summarized again at most this many times.
_MERGE_ROUNDS = 3
_HUB_HOST = ("huggingface.co", 443)


@dataclass(frozen=True)
class Family:
    """How to feed one model family: prefix, input limit, normalization."""

    name: str
    prefix: str
    max_input_tokens: int
    normalize: str
    reason: str = ""


def default_model() -> str:
    """The model used when none is named."""
    return prompts.load("models")["default_model"]


def family_for(model: str) -> Family:
    """The first family in prompts/models.toml whose pattern matches the model id or folder."""
    for name, spec in prompts.load("models")["families"].items():
        if re.search(spec["pattern"], model, re.IGNORECASE):
            return Family(
                name=name,
                prefix=spec["prefix"],
                max_input_tokens=int(spec["max_input_tokens"]),
                normalize=spec["normalize"],
                reason=spec.get("reason", ""),
            )
    raise ModelError(f"{model}: no model family matches; add a 'generic' family to models.toml")


def generation_settings(kind: PartKind | None) -> dict[str, Any]:
    """Generation keyword arguments for one part of the report."""
    table = prompts.load("models")["generation"]
    return {**table["default"], **table.get(kind or "default", {})}


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")


def _hub_reachable(timeout: float = 3.0) -> bool:
    try:
        with socket.create_connection(_HUB_HOST, timeout=timeout):
            return True
    except OSError:
        return False


def _cross_attention_cache() -> str:
    """How torch int8 keeps cross-attention keys and values, "bfloat16" or "float32":
    [cpu] cross_attention_cache in prompts/models.toml, where "auto" means bfloat16 when
    the CPU multiplies bfloat16 in hardware."""
    asked = str(prompts.load("models")["cpu"].get("cross_attention_cache", "auto"))
    if asked not in ("auto", "bfloat16", "float32"):
        raise ModelError(
            f"[cpu] cross_attention_cache = {asked!r} in models.toml; use auto, bfloat16 or float32"
        )
    if asked != "auto":
        return asked
    from summarizer.engines import row_int8

    return "bfloat16" if row_int8.native_bf16() else "float32"


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt() parameters


def _keep_freed_memory() -> bool:
    """Have glibc's malloc keep the memory the process frees for its next allocations,
    where [cpu] keep_freed_memory in prompts/models.toml asks for it and the C library has
    mallopt(); returns whether it was set.

    Each decoding step allocates and frees tensors of a few MB (the logits over the
    vocabulary, the layers' temporaries). By default glibc maps such blocks fresh and
    returns them on free, so every step faults its memory in again page by page. Kept, the
    peak is the same; what was freed is handed back to the system when the process ends.
    """
    if not prompts.load("models")["cpu"].get("keep_freed_memory", True):
        return False
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    largest_mapped = 32 << 20  # blocks under 32 MB come from the heap ...
    return bool(mallopt(_M_MMAP_THRESHOLD, largest_mapped)) and bool(
        mallopt(_M_TRIM_THRESHOLD, 1 << 30)  # ... which is not trimmed below 1 GB free
    )


def _cpu_cache(model: Any, settings: dict[str, Any]) -> dict[str, Any]:
    """generate() keyword for the CPU's decoder cache (summarizer.engines.cpu_cache: its
    self-attention grown in place, its cross-attention kept without a copy); {} with a
    transformers that lacks what it builds on."""
    try:
        from summarizer.engines import cpu_cache
    except ImportError:
        return {}
    return cpu_cache.decoder_cache(model, settings.get("max_new_tokens"))


def resolve_device(device: str) -> str:
    """'auto' becomes 'cuda' when a GPU is usable, else 'cpu'."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device not in ("cpu", "cuda") and not device.startswith("cuda:"):
        raise ModelError(f"unknown device '{device}'; use auto, cpu or cuda")
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise ModelError(
            f"device '{device}' asked for, but no CUDA GPU is usable; use --device cpu"
        )
    return device


class Seq2SeqEngine:
    """Summarizes texts with a Hugging Face encoder-decoder, batched and length-sorted.

    All chunks of all texts in one `summarize` call go through the model together, in
    batches of similar length. `backend` is "torch" (transformers' AutoModelForSeq2SeqLM),
    "ctranslate2" (the model converted once for CTranslate2, CPU only, `summarizer[fast]`)
    or "auto": CTranslate2 on the CPU when it is installed and the model converts, else
    torch, with the reason in `warnings`; None takes `[cpu] backend` of prompts/models.toml.
    On the GPU the backend is torch in bfloat16.

    `quantize="int8"` (CPU only) runs the matrix products in int8: with CTranslate2 with
    a scale per output channel of the weights and per token of the activations, so a
    text's summary does not depend on the texts batched with it; with torch as dynamic
    quantization, whose activation scale covers the whole batch. `"none"` keeps float
    weights; None takes the backend's default of prompts/models.toml (`[cpu.quantize]`).
    `dtype` (torch) defaults to bfloat16 on CUDA and float32 on the CPU; `compute_type`
    (CTranslate2: int8, int8_float32, int16 or float32) defaults to int8 when quantized,
    else float32. `generation` overrides the generation settings of prompts/models.toml.
    `progress` shows a bar on stderr (None: only on a terminal and for more than a few
    batches).
    """

    name = "seq2seq"

    def __init__(
        self,
        model: str | os.PathLike[str] | None = None,
        device: str = "auto",
        batch_size: int | None = None,
        local_files_only: bool | None = None,
        quantize: str | None = None,
        dtype: str | None = None,
        generation: dict[str, Any] | None = None,
        progress: bool | None = None,
        backend: str | None = None,
        compute_type: str | None = None,
    ) -> None:
        self.model_name = str(model) if model is not None else default_model()
        self.family = family_for(self.model_name)
        if self.family.normalize == "unsupported":
            raise ModelError(f"{self.model_name}: not supported: {self.family.reason}")
        if batch_size is not None and batch_size < 1:
            raise ModelError(f"batch size must be at least 1, not {batch_size}")
        cpu = prompts.load("models")["cpu"]
        backend = backend or cpu["backend"]
        if backend not in BACKENDS:
            raise ModelError(f"unknown backend '{backend}'; use {', '.join(BACKENDS)}")
        if quantize not in (None, "none", "int8"):
            raise ModelError(f"unknown quantization '{quantize}'; use int8 or none")
        if dtype is not None and dtype not in _DTYPES:
            raise ModelError(f"unknown dtype '{dtype}'; use one of {', '.join(_DTYPES)}")
        if compute_type is not None and compute_type not in ct2.COMPUTE_TYPES:
            raise ModelError(
                f"unknown compute type '{compute_type}'; use {', '.join(ct2.COMPUTE_TYPES)}"
            )
        self.local_files_only = local_files_only
        if backend == "ctranslate2" and device == "auto":
            device = "cpu"
        self.device = resolve_device(device)
        cuda = self.device.startswith("cuda")
        if cuda and backend == "ctranslate2":
            raise BackendError("the CTranslate2 backend runs on the CPU; use --device cpu")
        if quantize == "int8" and cuda:
            raise ModelError("int8 quantization runs on the CPU only; use --device cpu")
        if backend == "auto" and (cuda or dtype not in (None, "float32")):
            backend = "torch"  # CTranslate2 here computes on the CPU in int8 or float32
        self.batch_size = batch_size or int(
            prompts.load("models")["batch_size"]["cuda" if cuda else "cpu"]
        )
        self._fits = self.batch_size  # lowered when the GPU runs out of memory
        self.generation = dict(generation or {})
        self.progress = progress
        self.warnings: list[str] = []
        self.conversion_seconds = 0.0
        self._asked = (backend, quantize, dtype, compute_type)
        self.tokenizer, self.model = self._load()

    @property
    def backend(self) -> str:
        """What runs the model, with its precision: "ctranslate2-int8", "torch-float32", ..."""
        if self.runtime == "ctranslate2":
            return f"ctranslate2-{self.compute_type}"
        return f"torch-{'int8' if self.quantize else self.dtype}"

    def _settle(self, runtime: str) -> None:
        """Precision of the chosen runtime: what was asked, else its default."""
        _, quantize, dtype, compute_type = self._asked
        cuda = self.device.startswith("cuda")
        defaults = prompts.load("models")["cpu"]["quantize"]
        if quantize is None:
            quantize = "none" if cuda else defaults[runtime]
        self.runtime = runtime
        self.quantize = None if quantize == "none" else quantize
        self.dtype = dtype or ("bfloat16" if cuda else "float32")
        self.compute_type = compute_type or ("int8" if self.quantize else "float32")

    def _load(self) -> tuple[Any, Any]:
        backend = self._asked[0]
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
        self._model_defaults: dict[str, Any] = {}
        if backend != "torch":
            missing = ct2.available()
            if missing is None:
                try:
                    tokenizer, translator, self._model_defaults = self._load_ctranslate2()
                    return tokenizer, translator
                except ct2.Unsupported as exc:
                    if backend == "ctranslate2":
                        message = f"{self.model_name}: {exc}; use --backend torch"
                        raise BackendError(message) from None
                    self.warnings.append(f"CTranslate2 not used, torch instead: {exc}")
            elif backend == "ctranslate2":
                raise BackendError(f"backend ctranslate2 asked for, but {missing}")
            else:
                self.warnings.append(f"CTranslate2 not used, torch instead: {missing}")
        self._settle("torch")
        return self._load_torch()

    def _source(self) -> tuple[str, bool]:
        """The folder or hub id to load from, and whether it is a folder."""
        folder = Path(self.model_name).expanduser()
        is_folder = folder.is_dir()
        looks_like_path = self.model_name.startswith((".", "/", "~")) or (
            self.model_name.count("/") > 1
        )
        if not is_folder and looks_like_path:
            raise ModelError(f"{self.model_name}: no such model folder; check the path")
        return (str(folder) if is_folder else self.model_name), is_folder

    def _first_that_loads(self, is_folder: bool, load) -> Any:
        """`load(local_only)` from the local cache, then from the hub when allowed and
        reachable; a ModelError that says what to do when neither works."""
        attempts = [True] if is_folder or self.local_files_only or _offline() else [True, False]
        error: Exception | None = None
        for local_only in attempts:
            if not local_only and not _hub_reachable():
                error = OSError("huggingface.co cannot be reached (offline)")
                break
            try:
                return load(local_only)
            except (OSError, ValueError, KeyError, ImportError) as exc:
                error = exc
        raise ModelError(self._load_advice(is_folder, error))

    def _load_torch(self) -> tuple[Any, Any]:
        key = (self.model_name, self.device, self.dtype, self.quantize)
        if key in _LOADED:
            return _LOADED[key]
        import torch
        from transformers import AutoTokenizer

        if self.device == "cpu":
            torch.set_num_threads(os.cpu_count() or 1)
            _keep_freed_memory()
        source, is_folder = self._source()
        dtype = getattr(torch, self.dtype)

        def load(local_only: bool) -> tuple[Any, Any]:
            tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=local_only)
            if self.quantize != "int8":
                return tokenizer, self._from_pretrained(source, local_only, dtype)
            from summarizer.engines import row_int8

            folder = Path(source) if is_folder else model_cache.snapshot(source, local_only)
            model, self.conversion_seconds = row_int8.prepared(
                folder,
                None if is_folder else source,
                lambda: self._from_pretrained(source, local_only, dtype).eval(),
                self._attention(),
                bf16_cache=_cross_attention_cache() == "bfloat16",
            )
            return tokenizer, model

        tokenizer, model = self._first_that_loads(is_folder, load)
        model.to(self.device).eval()
        _LOADED[key] = (tokenizer, model)
        return tokenizer, model

    def _load_ctranslate2(self) -> tuple[Any, Any, dict[str, Any]]:
        """The tokenizer, a CTranslate2 translator of the model (converted on first use)
        and the model's own generation defaults.

        Raises ModelError when the model is not there, ct2.Unsupported when it is but
        CTranslate2 cannot run it with these settings.
        """
        self._settle("ctranslate2")
        inter_threads = max(1, int(prompts.load("models")["cpu"].get("inter_threads", 1)))
        key = (self.model_name, self.compute_type, inter_threads)
        if key in _TRANSLATORS:
            return _TRANSLATORS[key]
        from transformers import AutoTokenizer

        source, is_folder = self._source()

        def load(local_only: bool) -> tuple[Any, Path]:
            tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=local_only)
            folder = Path(source) if is_folder else model_cache.snapshot(source, local_only)
            return tokenizer, folder

        tokenizer, folder = self._first_that_loads(is_folder, load)
        defaults = ct2.model_defaults(folder)
        for kind in (None, "opening", "discussion", "conclusion"):
            ct2.options({**defaults, **self.settings(kind)})  # a setting it lacks fails now
        stored = "int8" if self.compute_type.startswith("int8") else self.compute_type
        path, self.conversion_seconds = ct2.converted(folder, stored, None if is_folder else source)
        loaded = (tokenizer, ct2.translator(path, self.compute_type, inter_threads), defaults)
        _TRANSLATORS[key] = loaded
        return loaded

    def _from_pretrained(self, source: str, local_only: bool, dtype: Any) -> Any:
        """The model; on the CPU with the attention of cpu_attention where the model takes it."""
        from transformers import AutoModelForSeq2SeqLM

        options = {"local_files_only": local_only, "dtype": dtype}
        attention = self._attention()
        if attention:
            try:
                return AutoModelForSeq2SeqLM.from_pretrained(
                    source, attn_implementation=attention, **options
                )
            except ValueError as exc:  # a model without pluggable attention
                if "att" not in str(exc):
                    raise
        return AutoModelForSeq2SeqLM.from_pretrained(source, **options)

    def _attention(self) -> str | None:
        """The attention asked of transformers: cpu_attention's on the CPU."""
        if self.device != "cpu":
            return None
        from summarizer.engines import cpu_attention

        return cpu_attention.register()

    def _load_advice(self, is_folder: bool, error: Exception | None) -> str:
        reason = str(error).strip().splitlines()[0] if error else "unknown error"
        if is_folder:
            return (
                f"cannot load model from folder {self.model_name}: {reason}; the folder needs "
                "config.json, the weights and the tokenizer files"
            )
        return (
            f"model '{self.model_name}' is not in the local cache and cannot be downloaded "
            f"({reason}); run once while online to cache it, or pass --model with a local "
            "folder holding the model"
        )

    def _prepare(self, text: str) -> str:
        text = unicodedata.normalize("NFC", " ".join(text.split()))
        return normalize_tones(text) if self.family.normalize == "tone" else text

    def _token_count(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True)["input_ids"])

    def chunks(self, text: str) -> list[str]:
        """The text cut on sentence boundaries into pieces that fit the model's input."""
        limit = self.family.max_input_tokens - self._token_count(self.family.prefix)
        if self._token_count(text) <= limit:
            return [text]
        pieces: list[str] = []
        current: list[str] = []
        for sentence in split_sentences(text):
            for part in self._fit(sentence, limit):
                candidate = " ".join([*current, part])
                if current and self._token_count(candidate) > limit:
                    pieces.append(" ".join(current))
                    current = [part]
                else:
                    current.append(part)
        if current:
            pieces.append(" ".join(current))
        return pieces

    def _fit(self, sentence: str, limit: int) -> list[str]:
        """A sentence longer than the limit, cut between words."""
        if self._token_count(sentence) <= limit:
            return [sentence]
        words, parts, current = sentence.split(), [], []
        for word in words:
            if current and self._token_count(" ".join([*current, word])) > limit:
                parts.append(" ".join(current))
                current = []
            current.append(word)
        if current:
            parts.append(" ".join(current))
        return parts

    def settings(self, kind: PartKind | None) -> dict[str, Any]:
        """Generation settings for one part: models.toml, then the engine's overrides."""
        return {**generation_settings(kind), **self.generation}

    def summarize(self, texts: list[str], kinds: list[PartKind] | None = None) -> list[str]:
        """One summary per text.

        A text longer than the model's input is cut on sentence boundaries, its parts are
        summarized and joined; a joined summary longer than the part's summary length is
        summarized once more (up to a few rounds), so nothing is cut off silently.
        """
        kinds_or_none: list[PartKind | None] = list(kinds) if kinds else [None] * len(texts)
        current = [self._prepare(text) for text in texts]
        pending = [i for i, text in enumerate(current) if text]
        summaries = [""] * len(texts)
        for round_ in range(_MERGE_ROUNDS + 1):
            items = [(i, kinds_or_none[i], c) for i in pending for c in self.chunks(current[i])]
            outputs = self._generate_all(items)
            merged: dict[int, list[str]] = {i: [] for i in pending}
            parts: dict[int, int] = dict.fromkeys(pending, 0)
            for (i, _, _), output in zip(items, outputs, strict=True):
                parts[i] += 1
                if output:
                    merged[i].append(output)
            again = []
            for i in pending:
                summaries[i] = " ".join(merged[i])
                target = int(self.settings(kinds_or_none[i])["max_new_tokens"])
                if (
                    parts[i] > 1
                    and round_ < _MERGE_ROUNDS
                    and (self._token_count(summaries[i]) > target)
                ):
                    again.append(i)
                    current[i] = summaries[i]
            if not again:
                break
            pending = again
        return summaries

    def _batches(
        self, items: list[tuple[int, PartKind | None, str]]
    ) -> list[tuple[dict[str, Any], list[int]]]:
        """(settings, item numbers) per batch: grouped by settings, sorted by length."""
        groups: dict[str, tuple[dict[str, Any], list[int]]] = {}
        for n, (_, kind, _) in enumerate(items):
            settings = self.settings(kind)
            key = repr(sorted(settings.items()))
            groups.setdefault(key, (settings, []))[1].append(n)
        batches = []
        for settings, members in groups.values():
            lengths = {n: self._token_count(items[n][2]) for n in members}
            members.sort(key=lambda n: -lengths[n])
            for start in range(0, len(members), self.batch_size):
                batches.append((settings, members[start : start + self.batch_size]))
        return batches

    def _generate_all(self, items: list[tuple[int, PartKind | None, str]]) -> list[str]:
        outputs = [""] * len(items)
        batches = self._batches(items)
        bar = self._progress_bar(len(batches), sum(len(b) for _, b in batches))
        try:
            if self.runtime == "ctranslate2":
                # Every batch is handed over at once: with inter_threads > 1 several run
                # side by side; they come back in order.
                pending = [(b, self._submit([items[n][2] for n in b], s)) for s, b in batches]
                done = ((batch, self._decode(results)) for batch, results in pending)
            else:
                done = (
                    (batch, self._generate([items[n][2] for n in batch], settings))
                    for settings, batch in batches
                )
            for batch, texts in done:
                for n, text in zip(batch, texts, strict=True):
                    outputs[n] = text
                if bar is not None:
                    bar.update(len(batch))
        finally:
            if bar is not None:
                bar.close()
        return outputs

    def _submit(self, texts: list[str], settings: dict[str, Any]) -> list[Any]:
        """Start CTranslate2 on one batch; one pending result per text."""
        encoded = self.tokenizer(
            [self.family.prefix + text for text in texts],
            truncation=True,
            max_length=self.family.max_input_tokens,
        )["input_ids"]
        tokens = [self.tokenizer.convert_ids_to_tokens(ids) for ids in encoded]
        options = ct2.options({**self._model_defaults, **settings})
        return self.model.translate_batch(tokens, asynchronous=True, max_input_length=0, **options)

    def _decode(self, results: list[Any]) -> list[str]:
        """The texts of CTranslate2's pending results, once they are ready."""
        ids = [self.tokenizer.convert_tokens_to_ids(r.result().hypotheses[0]) for r in results]
        decoded = self.tokenizer.batch_decode(ids, skip_special_tokens=True)
        return [" ".join(text.split()) for text in decoded]

    def _encode_each(self, encoded: Any) -> dict[str, Any]:
        """generate() inputs with the encoder run on each text by itself, without padding.

        On the CPU this is faster than one padded batch (smaller tensors, no attention to
        padding), and a text's encoding does not depend on the texts batched with it.
        """
        import torch
        from transformers.modeling_outputs import BaseModelOutput

        mask = encoded["attention_mask"].bool()
        encoder = self.model.get_encoder()
        hidden: Any = None
        for i in range(mask.shape[0]):
            ids = encoded["input_ids"][i][mask[i]].unsqueeze(0)
            state = encoder(input_ids=ids).last_hidden_state[0]
            if hidden is None:
                hidden = torch.zeros((*mask.shape, state.shape[-1]), dtype=state.dtype)
            hidden[i][mask[i]] = state
        return {
            "encoder_outputs": BaseModelOutput(last_hidden_state=hidden),
            "attention_mask": encoded["attention_mask"],
        }

    def _progress_bar(self, batches: int, total: int) -> Any:
        show = self.progress
        if show is None:
            show = sys.stderr.isatty() and batches > _PROGRESS_MIN_BATCHES
        if not show:
            return None
        from tqdm import tqdm

        return tqdm(total=total, unit="part", desc="summarizing", file=sys.stderr, leave=False)

    def _generate(self, texts: list[str], settings: dict[str, Any]) -> list[str]:
        """Generate for one batch; on CUDA out-of-memory, halve the batch and retry.

        The size that fitted is kept, so later batches do not run out of memory again.
        """
        import torch

        if len(texts) > self._fits:
            return [
                text
                for start in range(0, len(texts), self._fits)
                for text in self._generate(texts[start : start + self._fits], settings)
            ]
        inputs = [self.family.prefix + text for text in texts]
        try:
            encoded = self.tokenizer(
                inputs,
                return_tensors="pt",
                padding=True,
                truncation=True,
                max_length=self.family.max_input_tokens,
            ).to(self.device)
            with torch.inference_mode():
                if self.device == "cpu" and self.model.config.is_encoder_decoder:
                    cache = _cpu_cache(self.model, settings)
                    generated = self.model.generate(
                        **self._encode_each(encoded), **cache, **settings
                    )
                else:
                    generated = self.model.generate(**encoded, **settings)
        except torch.cuda.OutOfMemoryError:
            if len(texts) == 1:
                raise ModelError(
                    f"the GPU ran out of memory on a single part with {self.model_name}; "
                    "use --device cpu or a smaller model"
                ) from None
            torch.cuda.empty_cache()
            self._fits = len(texts) // 2
            return self._generate(texts, settings)
        decoded = self.tokenizer.batch_decode(generated, skip_special_tokens=True)
        return [" ".join(text.split()) for text in decoded]
