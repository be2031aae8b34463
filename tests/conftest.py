"""Shared fixtures: paths to shared assets and a tiny random T5 saved to a folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# The same examples on every run, so CI is repeatable; HYPOTHESIS_PROFILE=explore draws new
# ones (run it when changing the guard, the segmenter or the renderers).
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_b3b1cc480d78469e.txt"
SMALL_MODEL = SHARED / "models" / "vi-t5-news-small"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session", autouse=True)
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Converted models (CTranslate2) go to a folder of this run, not the user's cache."""
    folder = tmp_path_factory.mktemp("summarizer-cache")
    os.environ["SUMMARIZER_CACHE"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def seed() -> Path:
    """The seed report, or a skip when ../shared is absent."""
    if not SEED.is_file():
        pytest.skip(f"seed report not found at {SEED} (../shared is absent)")
    return SEED


@pytest.fixture(scope="session")
def small_model() -> Path:
    """The shared small Vietnamese T5, or a skip when ../shared is absent."""
    if not (SMALL_MODEL / "config.json").is_file():
        pytest.skip(f"shared small model not found at {SMALL_MODEL} (../shared is absent)")
    return SMALL_MODEL


@pytest.fixture(scope="session")
def tiny_t5(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A randomly initialised T5 with a real SentencePiece tokenizer, saved to a folder."""
    import sentencepiece as spm
    import torch
    from transformers import T5Config, T5ForConditionalGeneration, T5Tokenizer

    folder = tmp_path_factory.mktemp("tiny-t5")
    corpus = folder / "corpus.txt"
    corpus.write_text(
        "\n".join(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))),
        encoding="utf-8",
    )
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(folder / "spiece"),
        vocab_size=300,
        hard_vocab_limit=False,
        model_type="unigram",
        pad_id=0,
        eos_id=1,
        unk_id=2,
        bos_id=-1,
        character_coverage=1.0,
        minloglevel=2,
    )
    pieces = spm.SentencePieceProcessor(model_file=str(folder / "spiece.model"))
    vocab = [(pieces.id_to_piece(i), pieces.get_score(i)) for i in range(pieces.get_piece_size())]
    tokenizer = T5Tokenizer(vocab=vocab, extra_ids=0)
    config = T5Config(
        vocab_size=len(tokenizer),
        d_model=32,
        d_ff=64,
        d_kv=8,
        num_layers=2,
        num_decoder_layers=2,
        num_heads=2,
        decoder_start_token_id=0,
        pad_token_id=0,
        eos_token_id=1,
    )
    torch.manual_seed(0)
    model = T5ForConditionalGeneration(config)
    _teach_to_copy_the_lead(model, tokenizer, corpus.read_text(encoding="utf-8"))
    target = folder / "model"
    tokenizer.save_pretrained(target)
    model.save_pretrained(target)
    return target


def _teach_to_copy_the_lead(model, tokenizer, text: str, steps: int = 80) -> None:
    """A few optimizer steps so that the random model emits real pieces, not padding."""
    import torch

    lines = [line for line in text.split("\n") if len(line) > 40][:16]
    batch = tokenizer(lines, return_tensors="pt", padding=True, truncation=True, max_length=64)
    labels = tokenizer(lines, return_tensors="pt", padding=True, truncation=True, max_length=12)
    target = labels["input_ids"].masked_fill(labels["attention_mask"] == 0, -100)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    model.train()
    for _ in range(steps):
        loss = model(**batch, labels=target).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    model.eval()
