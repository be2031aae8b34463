"""Abstractive summaries with a Hugging Face encoder-decoder (ViT5, BARTpho, T5)."""

from __future__ import annotations

import os
import re
import socket
import sys
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer import prompts
from summarizer.errors import ModelError
from summarizer.models import PartKind
from summarizer.text import normalize_tones, split_sentences

_LOADED: dict[tuple[str, str, str, str | None], tuple[Any, Any]] = {}
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
    """Summarizes texts with an AutoModelForSeq2SeqLM, batched and length-sorted.

    All chunks of all texts in one `summarize` call go through the model together, in
    batches of similar length. `dtype` defaults to bfloat16 on CUDA and float32 on the
    CPU. `quantize="int8"` (CPU only) applies torch dynamic quantization, one scale per
    output channel, to the Linear layers; `"none"` keeps the weights as they are; None
    takes the CPU default of prompts/models.toml. `generation` overrides the generation
    settings of prompts/models.toml. `progress` shows a bar on stderr (None: only on a
    terminal and for more than a few batches).
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
    ) -> None:
        self.model_name = str(model) if model is not None else default_model()
        self.family = family_for(self.model_name)
        if self.family.normalize == "unsupported":
            raise ModelError(f"{self.model_name}: not supported: {self.family.reason}")
        if batch_size is not None and batch_size < 1:
            raise ModelError(f"batch size must be at least 1, not {batch_size}")
        self.local_files_only = local_files_only
        self.device = resolve_device(device)
        cuda = self.device.startswith("cuda")
        if quantize is None:
            quantize = "none" if cuda else prompts.load("models")["cpu"]["quantize"]
        if quantize not in ("none", "int8"):
            raise ModelError(f"unknown quantization '{quantize}'; use int8 or none")
        if quantize == "int8" and cuda:
            raise ModelError("int8 quantization runs on the CPU only; use --device cpu")
        self.quantize = None if quantize == "none" else quantize
        self.dtype = dtype or ("bfloat16" if cuda else "float32")
        if self.dtype not in _DTYPES:
            raise ModelError(f"unknown dtype '{self.dtype}'; use one of {', '.join(_DTYPES)}")
        self.batch_size = batch_size or int(
            prompts.load("models")["batch_size"]["cuda" if cuda else "cpu"]
        )
        self._fits = self.batch_size  # lowered when the GPU runs out of memory
        self.generation = dict(generation or {})
        self.progress = progress
        self.tokenizer, self.model = self._load()

    def _load(self) -> tuple[Any, Any]:
        key = (self.model_name, self.device, self.dtype, self.quantize)
        if key in _LOADED:
            return _LOADED[key]
        import torch
        from transformers import AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
        if self.device == "cpu":
            torch.set_num_threads(os.cpu_count() or 1)

        folder = Path(self.model_name).expanduser()
        is_folder = folder.is_dir()
        looks_like_path = self.model_name.startswith((".", "/", "~")) or (
            self.model_name.count("/") > 1
        )
        if not is_folder and looks_like_path:
            raise ModelError(f"{self.model_name}: no such model folder; check the path")
        source = str(folder) if is_folder else self.model_name
        dtype = getattr(torch, self.dtype)
        attempts = [True] if is_folder or self.local_files_only or _offline() else [True, False]
        error: Exception | None = None
        tokenizer = model = None
        for local_only in attempts:
            if not local_only and not _hub_reachable():
                error = OSError("huggingface.co cannot be reached (offline)")
                break
            try:
                tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=local_only)
                model = self._from_pretrained(source, local_only, dtype)
                break
            except (OSError, ValueError, KeyError, ImportError) as exc:
                tokenizer = model = None
                error = exc
        if tokenizer is None or model is None:
            raise ModelError(self._load_advice(is_folder, error))
        model.to(self.device).eval()
        if self.quantize == "int8":
            with warnings.catch_warnings():  # torch notes its move to torchao on every call
                warnings.simplefilter("ignore")
                quantization = torch.ao.quantization
                model = quantization.quantize_dynamic(
                    model,
                    {torch.nn.Linear: quantization.per_channel_dynamic_qconfig},
                    dtype=torch.qint8,
                    inplace=True,
                )
        _LOADED[key] = (tokenizer, model)
        return tokenizer, model

    def _from_pretrained(self, source: str, local_only: bool, dtype: Any) -> Any:
        """The model; on the CPU with the attention of cpu_attention where the model takes it."""
        from transformers import AutoModelForSeq2SeqLM

        options = {"local_files_only": local_only, "dtype": dtype}
        if self.device == "cpu":
            from summarizer.engines import cpu_attention

            try:
                return AutoModelForSeq2SeqLM.from_pretrained(
                    source, attn_implementation=cpu_attention.register(), **options
                )
            except ValueError as exc:  # a model without pluggable attention
                if "att" not in str(exc):
                    raise
        return AutoModelForSeq2SeqLM.from_pretrained(source, **options)

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
            for settings, batch in batches:
                texts = self._generate([items[n][2] for n in batch], settings)
                for n, text in zip(batch, texts, strict=True):
                    outputs[n] = text
                if bar is not None:
                    bar.update(len(batch))
        finally:
            if bar is not None:
                bar.close()
        return outputs

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
                    generated = self.model.generate(**self._encode_each(encoded), **settings)
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
