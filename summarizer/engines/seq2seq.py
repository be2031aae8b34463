"""Abstractive summaries with a Hugging Face encoder-decoder (ViT5, BARTpho, T5)."""

from __future__ import annotations

import os
import re
import socket
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer import prompts
from summarizer.errors import ModelError
from summarizer.models import PartKind
from summarizer.text import split_sentences

_LOADED: dict[tuple[str, str], tuple[Any, Any]] = {}
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
    """Summarizes texts with an AutoModelForSeq2SeqLM, batched and length-sorted."""

    name = "seq2seq"

    def __init__(
        self,
        model: str | os.PathLike[str] | None = None,
        device: str = "auto",
        batch_size: int = 8,
        local_files_only: bool | None = None,
    ) -> None:
        self.model_name = str(model) if model is not None else default_model()
        self.family = family_for(self.model_name)
        if self.family.normalize == "unsupported":
            raise ModelError(f"{self.model_name}: not supported: {self.family.reason}")
        if batch_size < 1:
            raise ModelError(f"batch size must be at least 1, not {batch_size}")
        self.batch_size = batch_size
        self.local_files_only = local_files_only
        self.device = resolve_device(device)
        self.tokenizer, self.model = self._load()

    def _load(self) -> tuple[Any, Any]:
        key = (self.model_name, self.device)
        if key in _LOADED:
            return _LOADED[key]
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()

        folder = Path(self.model_name).expanduser()
        is_folder = folder.is_dir()
        looks_like_path = self.model_name.startswith((".", "/", "~")) or (
            self.model_name.count("/") > 1
        )
        if not is_folder and looks_like_path:
            raise ModelError(f"{self.model_name}: no such model folder; check the path")
        source = str(folder) if is_folder else self.model_name
        dtype = torch.bfloat16 if self.device.startswith("cuda") else torch.float32
        attempts = [True] if is_folder or self.local_files_only or _offline() else [True, False]
        error: Exception | None = None
        for local_only in attempts:
            if not local_only and not _hub_reachable():
                error = OSError("huggingface.co cannot be reached (offline)")
                break
            try:
                tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=local_only)
                model = AutoModelForSeq2SeqLM.from_pretrained(
                    source, local_files_only=local_only, dtype=dtype
                )
                break
            except (OSError, ValueError, KeyError, ImportError) as exc:
                error = exc
        else:
            tokenizer = model = None
        if tokenizer is None or model is None:
            raise ModelError(self._load_advice(is_folder, error))
        model.to(self.device).eval()
        _LOADED[key] = (tokenizer, model)
        return tokenizer, model

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
        return unicodedata.normalize("NFC", " ".join(text.split()))

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

    def summarize(self, texts: list[str], kinds: list[PartKind] | None = None) -> list[str]:
        """One summary per text; long texts are summarized in parts and joined."""
        kinds_or_none: list[PartKind | None] = list(kinds) if kinds else [None] * len(texts)
        items: list[tuple[int, PartKind | None, str]] = []
        for i, (text, kind) in enumerate(zip(texts, kinds_or_none, strict=True)):
            prepared = self._prepare(text)
            if prepared:
                items.extend((i, kind, chunk) for chunk in self.chunks(prepared))
        outputs = self._generate_all(items)
        merged: list[list[str]] = [[] for _ in texts]
        for (i, _, _), output in zip(items, outputs, strict=True):
            if output:
                merged[i].append(output)
        return [" ".join(parts) for parts in merged]

    def _generate_all(self, items: list[tuple[int, PartKind | None, str]]) -> list[str]:
        import torch

        outputs = [""] * len(items)
        groups: dict[PartKind | None, list[int]] = {}
        for n, (_, kind, _) in enumerate(items):
            groups.setdefault(kind, []).append(n)
        for kind, members in groups.items():
            settings = generation_settings(kind)
            members.sort(key=lambda n: -len(items[n][2]))
            for start in range(0, len(members), self.batch_size):
                batch = members[start : start + self.batch_size]
                inputs = [self.family.prefix + items[n][2] for n in batch]
                encoded = self.tokenizer(
                    inputs,
                    return_tensors="pt",
                    padding=True,
                    truncation=True,
                    max_length=self.family.max_input_tokens,
                ).to(self.device)
                with torch.inference_mode():
                    generated = self.model.generate(**encoded, **settings)
                texts = self.tokenizer.batch_decode(generated, skip_special_tokens=True)
                for n, text in zip(batch, texts, strict=True):
                    outputs[n] = " ".join(text.split())
        return outputs
