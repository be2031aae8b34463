"""The seq2seq engine: loading from a folder, chunking, batching, fallback."""

from __future__ import annotations

import sys

import pytest

from summarizer import ModelError, Summarizer
from summarizer.engines.seq2seq import Seq2SeqEngine, family_for

SECTIONS = [
    "Sáng 11/7, Sở Nông nghiệp tổ chức hội nghị sơ kết. Đồng chí Trần Văn Bình chủ trì.",
    "Báo cáo cho biết, 6 tháng đầu năm, tổng thu ngân sách đạt 52,3% dự toán.",
    "Phát biểu kết luận, đồng chí Bình đề nghị các đơn vị tiếp tục rà soát kế hoạch.",
]


def test_tiny_model_loads_from_folder_and_summarizes_a_batch(tiny_t5):
    engine = Seq2SeqEngine(model=str(tiny_t5), device="cpu", batch_size=2)
    summaries = engine.summarize(SECTIONS, ["opening", "discussion", "conclusion"])
    assert len(summaries) == len(SECTIONS)
    assert all(isinstance(s, str) and s for s in summaries)


def test_batched_greedy_output_equals_one_at_a_time(tiny_t5):
    def engine(batch_size):
        return Seq2SeqEngine(model=str(tiny_t5), device="cpu", batch_size=batch_size,
                             quantize="none", backend="torch")  # fmt: skip

    batched = engine(8).summarize(SECTIONS)
    assert batched == [engine(1).summarize([text])[0] for text in SECTIONS]


def test_long_section_is_cut_on_sentence_boundaries_into_fitting_chunks(tiny_t5):
    engine = Seq2SeqEngine(model=str(tiny_t5), device="cpu")
    sentence = "Các đại biểu thảo luận về kết quả thu ngân sách và kế hoạch của thành phố."
    text = " ".join([sentence] * 200)
    chunks = engine.chunks(text)
    limit = engine.family.max_input_tokens
    assert len(chunks) > 1
    assert all(engine._token_count(c) <= limit for c in chunks)
    assert all(c.endswith(".") for c in chunks)
    assert " ".join(chunks) == text
    assert engine.summarize([text])[0]


def test_missing_folder_is_a_clear_model_error(tmp_path):
    with pytest.raises(ModelError, match="no-such-model"):
        Seq2SeqEngine(model=str(tmp_path / "no-such-model"), device="cpu")


def test_unavailable_hub_model_offline_fails_fast_with_advice(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    with pytest.raises(ModelError, match="--model"):
        Seq2SeqEngine(model="VietAI/vit5-base-vietnews-summarization", device="cpu")


def test_auto_engine_falls_back_to_extractive_with_a_warning(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    briefing = Summarizer(engine="auto").brief(SECTIONS[0] + "\n" + SECTIONS[2])
    assert briefing.engine == "extractive"
    assert any("extractive" in w for w in briefing.warnings)
    assert "extractive" in capsys.readouterr().err


@pytest.mark.parametrize("engine", ["auto", "seq2seq"])
def test_unreachable_hub_without_offline_setting_is_handled(monkeypatch, tmp_path, engine):
    # No HF_HUB_OFFLINE: the model is not cached and huggingface.co does not answer.
    from summarizer.engines import seq2seq

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    monkeypatch.setattr(seq2seq, "_hub_reachable", lambda timeout=3.0: False)
    if engine == "seq2seq":
        with pytest.raises(ModelError, match="cannot be reached"):
            Summarizer(engine=engine).brief(SECTIONS[0])
    else:
        assert Summarizer(engine=engine).brief(SECTIONS[0]).engine == "extractive"


def test_seq2seq_engine_named_explicitly_does_not_fall_back(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    with pytest.raises(ModelError):
        Summarizer(engine="seq2seq").brief(SECTIONS[0])


def test_word_segmented_bartpho_is_refused_with_a_reason():
    with pytest.raises(ModelError, match="word-segmented"):
        Seq2SeqEngine(model="vinai/bartpho-word", device="cpu")


def test_model_families_come_from_prompts():
    assert family_for("VietAI/vit5-large-vietnews-summarization").prefix == "vietnews: "
    assert family_for("../shared/models/vi-t5-news-small").max_input_tokens == 448
    assert family_for("someone/unknown-model").name == "generic"


def test_briefing_with_tiny_model_goes_through_the_guard(tiny_t5, seed):
    briefing = Summarizer(engine="seq2seq", model=str(tiny_t5), device="cpu").brief(seed)
    assert briefing.engine == "seq2seq"
    assert [s.kind for s in briefing.sections] == ["opening", "discussion", "conclusion"]
    assert all(s.summary for s in briefing.sections)


@pytest.mark.slow
def test_small_vietnamese_model_briefs_the_seed_without_invented_facts(small_model, seed):
    from summarizer.guard import unsupported_items
    from summarizer.segment import segment

    report = segment(seed)
    raw = Summarizer(engine="seq2seq", model=str(small_model), device="cpu", guard=False)
    unguarded = raw.brief(report)
    invented = [
        item
        for summary in unguarded.sections
        for item in unsupported_items(summary.summary, report.section(summary.kind).text)
    ]
    assert invented, "the small model is known to invent dates and places"
    assert unguarded.guard_changes == []

    briefing = Summarizer(engine="seq2seq", model=str(small_model), device="cpu").brief(report)
    assert briefing.model == str(small_model)
    for summary in briefing.sections:
        source = report.section(summary.kind)
        assert summary.summary
        assert unsupported_items(summary.summary, source.text) == []
    # the guard's work is recorded and shown to the reader
    assert {item for c in briefing.guard_changes for item in c.unsupported} >= set(invented)
    note = f"{len(briefing.guard_changes)} câu tóm tắt đã được thay"
    assert note in briefing.to_markdown()


def test_import_does_not_load_torch():
    import subprocess

    code = (
        "import sys, summarizer, summarizer.cli, summarizer.engines.seq2seq; "
        "print(*(m in sys.modules for m in ('torch', 'transformers', 'ctranslate2')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def _spy_inputs(engine, monkeypatch):
    """Record every batch of texts the engine hands to the model."""
    seen: list[list[str]] = []
    real = engine._generate

    def spy(texts, settings):
        seen.append(list(texts))
        return real(texts, settings)

    monkeypatch.setattr(engine, "_generate", spy)
    return seen


def test_a_5000_syllable_section_is_summarized_in_fitting_parts_then_again(tiny_t5, monkeypatch):
    engine = Seq2SeqEngine(model=str(tiny_t5), device="cpu", batch_size=16, backend="torch")
    sentences = [
        f"Trong tháng {i % 12 + 1}, xã {i} đã giải ngân {i * 3} tỷ đồng vốn đầu tư công, "
        "hoàn thành việc sửa chữa đường giao thông nông thôn và kênh mương nội đồng."
        for i in range(200)
    ]
    text = " ".join(sentences)
    assert len(text.split()) >= 5000
    seen = _spy_inputs(engine, monkeypatch)
    summary = engine.summarize([text], ["discussion"])[0]
    fed = [t for batch in seen for t in batch]
    limit = engine.family.max_input_tokens
    assert all(engine._token_count(t) <= limit for t in fed)
    first_round = engine.chunks(engine._prepare(text))
    assert " ".join(first_round) == text  # every sentence reaches the model
    assert len(fed) > len(first_round)  # the joined parts were summarized once more
    assert summary


def test_cuda_out_of_memory_halves_the_batch_and_keeps_every_output(tiny_t5, monkeypatch):
    import torch

    engine = Seq2SeqEngine(model=str(tiny_t5), device="cpu", batch_size=4, backend="torch")
    expected = engine.summarize(SECTIONS * 3)
    real_generate = engine.model.generate
    tried: list[int] = []
    done: list[int] = []

    def generate(**kwargs):
        size = kwargs["attention_mask"].shape[0]
        tried.append(size)
        if size > 2:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory (simulated)")
        done.append(size)
        return real_generate(**kwargs)

    monkeypatch.setattr(engine.model, "generate", generate)
    assert engine.summarize(SECTIONS * 3) == expected
    # Batches of 4, 4 and 1: the first runs out of memory and is halved; the second
    # starts at the size that fitted.
    assert tried == [4, 2, 2, 2, 2, 1] and sum(done) == 9


def test_out_of_memory_on_a_single_part_is_a_clear_error(tiny_t5, monkeypatch):
    import torch

    engine = Seq2SeqEngine(model=str(tiny_t5), device="cpu", batch_size=1, backend="torch")

    def generate(**kwargs):
        raise torch.cuda.OutOfMemoryError("CUDA out of memory (simulated)")

    monkeypatch.setattr(engine.model, "generate", generate)
    with pytest.raises(ModelError, match="--device cpu"):
        engine.summarize(SECTIONS[:1])


def test_progress_bar_only_when_asked_or_on_a_terminal(tiny_t5, capsys):
    quiet = Seq2SeqEngine(model=str(tiny_t5), device="cpu", batch_size=1)
    quiet.summarize(SECTIONS * 3)  # stderr is not a terminal under pytest
    assert "summarizing" not in capsys.readouterr().err
    shown = Seq2SeqEngine(model=str(tiny_t5), device="cpu", batch_size=1, progress=True)
    shown.summarize(SECTIONS * 3)
    assert "summarizing" in capsys.readouterr().err


def test_int8_quantization_runs_on_the_cpu_and_bad_options_are_refused(tiny_t5):
    from summarizer.engines.row_int8 import RowInt8Linear

    engine = Seq2SeqEngine(model=str(tiny_t5), device="cpu", quantize="int8", backend="torch")
    assert any(isinstance(m, RowInt8Linear) for m in engine.model.modules())
    assert all(engine.summarize(SECTIONS))
    with pytest.raises(ModelError, match="int8"):
        Seq2SeqEngine(model=str(tiny_t5), device="cpu", quantize="int4")
    with pytest.raises(ModelError, match="dtype"):
        Seq2SeqEngine(model=str(tiny_t5), device="cpu", dtype="float8")


def test_generation_settings_can_be_overridden(tiny_t5):
    short = Seq2SeqEngine(
        model=str(tiny_t5), device="cpu", generation={"max_new_tokens": 2, "min_new_tokens": 1}
    )
    assert short.settings("discussion")["max_new_tokens"] == 2
    assert all(short._token_count(s) <= 3 for s in short.summarize(SECTIONS))


def test_bartpho_input_gets_its_tone_mark_placement():
    from summarizer.text import normalize_tones

    assert family_for("vinai/bartpho-syllable").normalize == "tone"
    assert normalize_tones("Hòa Bình, thủy lợi, khỏe, quý, hoàng, HÒA") == (
        "Hoà Bình, thuỷ lợi, khoẻ, quý, hoàng, HOÀ"
    )


def test_command_line_int8_and_quiet(tiny_t5, tmp_path, capsys):
    from summarizer.cli import main

    report = tmp_path / "bao-cao.txt"
    report.write_text("\n".join(SECTIONS), encoding="utf-8")
    code = main(
        ["brief", str(report), "-o", str(tmp_path / "out"), "--engine", "seq2seq",
         "--model", str(tiny_t5), "--device", "cpu", "--quantize", "int8", "--format", "json",
         "--quiet"]
    )  # fmt: skip
    assert code == 0
    assert capsys.readouterr().err == ""
    assert (tmp_path / "out" / "bao-cao.json").exists()


def test_the_cpu_default_is_int8_and_a_summary_does_not_depend_on_its_batch(tiny_t5):
    engine = Seq2SeqEngine(model=str(tiny_t5), device="cpu", batch_size=8)
    assert engine.backend == "torch-int8"
    texts = [text * n for text in SECTIONS for n in (1, 2, 3)]  # lengths that differ
    batched = engine.summarize(texts)
    assert all(batched)
    assert batched == [engine.summarize([text])[0] for text in texts]


def test_row_int8_layers_give_each_row_what_it_gives_alone():
    import torch

    from summarizer.engines.row_int8 import RowInt8Linear

    torch.manual_seed(0)
    linear = torch.nn.Linear(64, 32)
    layer = RowInt8Linear(linear)
    rows = torch.randn(9, 64) * torch.logspace(-2, 2, 9).unsqueeze(1)  # scales far apart
    together = layer(rows)
    assert torch.equal(together, torch.cat([layer(row.unsqueeze(0)) for row in rows]))
    exact = linear(rows)
    assert torch.allclose(together, exact, rtol=0.05, atol=0.05 * exact.abs().max().item())


def _int8_engine(model, **options):
    return Seq2SeqEngine(model=str(model), device="cpu", quantize="int8", backend="torch",
                         progress=False, **options)  # fmt: skip


def test_int8_weights_are_prepared_once_and_later_loads_skip_the_float_model(
    tiny_t5, tmp_path, monkeypatch
):
    from transformers import AutoModelForSeq2SeqLM

    from summarizer.engines import seq2seq

    monkeypatch.setenv("SUMMARIZER_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(seq2seq, "_LOADED", {})
    first = _int8_engine(tiny_t5)
    expected = first.summarize(SECTIONS)
    assert first.conversion_seconds > 0
    (prepared,) = (tmp_path / "cache" / "int8").iterdir()
    assert (prepared / "model.safetensors").is_file()

    def no_float_model(*args, **kwargs):
        raise AssertionError("the float32 model was loaded again")

    monkeypatch.setattr(seq2seq, "_LOADED", {})
    monkeypatch.setattr(AutoModelForSeq2SeqLM, "from_pretrained", no_float_model)
    again = _int8_engine(tiny_t5)
    assert again.summarize(SECTIONS) == expected
    assert again.conversion_seconds == 0
    assert [p.name for p in (tmp_path / "cache" / "int8").iterdir()] == [prepared.name]


def test_a_changed_model_or_a_damaged_cache_is_prepared_again(tiny_t5, tmp_path, monkeypatch):
    import shutil

    from summarizer.engines import seq2seq

    model = tmp_path / "model"
    shutil.copytree(tiny_t5, model)
    monkeypatch.setenv("SUMMARIZER_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(seq2seq, "_LOADED", {})
    expected = _int8_engine(model).summarize(SECTIONS)
    (prepared,) = (tmp_path / "cache" / "int8").iterdir()
    (prepared / "model.safetensors").write_bytes(b"not weights")  # damaged on disk
    monkeypatch.setattr(seq2seq, "_LOADED", {})
    assert _int8_engine(model).summarize(SECTIONS) == expected
    assert (prepared / "model.safetensors").stat().st_size > 1000  # prepared again
    config = model / "config.json"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(seq2seq, "_LOADED", {})
    changed = _int8_engine(model)
    assert changed.summarize(SECTIONS) == expected
    assert changed.conversion_seconds > 0
    assert len(list((tmp_path / "cache" / "int8").iterdir())) == 2


def test_int8_runs_when_the_cache_cannot_be_written(tiny_t5, tmp_path, monkeypatch):
    from summarizer.engines import seq2seq

    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("SUMMARIZER_CACHE", str(blocked))
    monkeypatch.setattr(seq2seq, "_LOADED", {})
    assert all(_int8_engine(tiny_t5).summarize(SECTIONS))


@pytest.mark.parametrize("cache", ["bfloat16", "float32"])
def test_cross_attention_cache_setting_keeps_summaries_independent_of_the_batch(
    tiny_t5, monkeypatch, cache
):
    import torch

    from summarizer.engines import seq2seq
    from summarizer.engines.row_int8 import RowInt8Linear

    monkeypatch.setattr(seq2seq, "_LOADED", {})
    monkeypatch.setattr(seq2seq, "_cross_attention_cache", lambda: cache)
    engine = _int8_engine(tiny_t5, batch_size=8)
    cross = [
        m for name, m in engine.model.named_modules()
        if isinstance(m, RowInt8Linear) and ".EncDecAttention." in name and name[-1] in "kv"
    ]  # fmt: skip
    assert cross
    assert all(m.out_dtype == (torch.bfloat16 if cache == "bfloat16" else None) for m in cross)
    texts = [text * n for text in SECTIONS for n in (1, 2, 3)]
    batched = engine.summarize(texts)
    assert all(batched)
    assert batched == [engine.summarize([text])[0] for text in texts]


def test_a_bad_cross_attention_cache_setting_is_named(monkeypatch):
    from summarizer.engines import seq2seq

    real = seq2seq.prompts.load

    def models_toml(name):
        data = real(name)
        return {**data, "cpu": {**data["cpu"], "cross_attention_cache": "fp8"}}

    monkeypatch.setattr(seq2seq.prompts, "load", models_toml)
    with pytest.raises(ModelError, match="cross_attention_cache"):
        seq2seq._cross_attention_cache()


def test_a_bart_family_model_comes_back_from_the_int8_cache_the_same(tmp_path, monkeypatch):
    import torch
    from transformers import AutoModelForSeq2SeqLM, MBartConfig, MBartForConditionalGeneration

    from summarizer.engines import cpu_attention, row_int8

    monkeypatch.setenv("SUMMARIZER_CACHE", str(tmp_path / "cache"))
    sizes = {
        f"{part}_{size}": n
        for part in ("encoder", "decoder")
        for size, n in (("layers", 2), ("attention_heads", 4), ("ffn_dim", 64))
    }
    config = MBartConfig(vocab_size=120, d_model=32, max_position_embeddings=64, **sizes)
    torch.manual_seed(0)
    MBartForConditionalGeneration(config).save_pretrained(tmp_path / "mbart")
    attention = cpu_attention.register()

    def build():
        return AutoModelForSeq2SeqLM.from_pretrained(
            tmp_path / "mbart", attn_implementation=attention
        ).eval()

    fresh, seconds = row_int8.prepared(tmp_path / "mbart", None, build, attention)
    cached, again = row_int8.prepared(tmp_path / "mbart", None, build, attention)
    assert seconds > 0 and again == 0
    assert cached.model.shared.weight is cached.model.decoder.embed_tokens.weight
    ids = torch.randint(3, 120, (2, 10), generator=torch.Generator().manual_seed(1))
    with torch.inference_mode():
        expected = fresh.generate(input_ids=ids, max_new_tokens=8, num_beams=1)
        assert torch.equal(cached.generate(input_ids=ids, max_new_tokens=8, num_beams=1), expected)


def test_int8_layers_that_share_an_input_give_what_they_give_apart(tiny_t5, monkeypatch):
    from summarizer.engines import row_int8, seq2seq

    monkeypatch.setattr(seq2seq, "_LOADED", {})
    joined = _int8_engine(tiny_t5, batch_size=8)
    assert any(isinstance(m, row_int8.RowInt8Linear) and m.shared for m in joined.model.modules())
    texts = [text * n for text in SECTIONS for n in (1, 2)]
    expected = joined.summarize(texts)
    monkeypatch.setattr(seq2seq, "_LOADED", {})
    monkeypatch.setattr(row_int8, "share_inputs", lambda model: 0)
    apart = _int8_engine(tiny_t5, batch_size=8)
    assert not any(
        isinstance(m, row_int8.RowInt8Linear) and m.shared for m in apart.model.modules()
    )
    assert apart.summarize(texts) == expected


def test_shared_input_products_equal_the_separate_ones():
    import torch

    from summarizer.engines.row_int8 import RowInt8Linear, SharedInput

    torch.manual_seed(0)
    layers = [RowInt8Linear(torch.nn.Linear(64, n)) for n in (32, 48, 32)]
    x = torch.randn(5, 7, 64) * torch.logspace(-2, 2, 7).unsqueeze(1)
    other = torch.randn(2, 64)
    apart = [layer(x) for layer in layers]
    apart_other = [layer(other) for layer in layers]
    SharedInput(layers)
    assert all(torch.equal(layer(x), a) for layer, a in zip(layers, apart, strict=True))
    # out of turn, with another input than the first layer's: computed alone, the same
    assert torch.equal(layers[2](other), apart_other[2])
    assert torch.equal(layers[1](other), apart_other[1])


def test_the_growing_self_attention_cache_gives_transformers_results_and_stays_in_place(
    small_model,
):
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from summarizer.engines import cpu_cache

    model = AutoModelForSeq2SeqLM.from_pretrained(small_model).eval()
    tokenizer = AutoTokenizer.from_pretrained(small_model)
    encoded = tokenizer(SECTIONS, return_tensors="pt", padding=True)
    for options in ({"num_beams": 1}, {"num_beams": 3, "no_repeat_ngram_size": 3}):
        settings = {"max_new_tokens": 40, "min_new_tokens": 40, **options}
        with torch.inference_mode():
            expected = model.generate(**encoded, **settings)
            growing = cpu_cache.decoder_cache(model, settings["max_new_tokens"])
            assert torch.equal(model.generate(**encoded, **growing, **settings), expected)
    layer = next(iter(growing.values())).self_attention_cache.layers[0]
    assert layer.keys.shape[-2] == 40  # the start token and 39 fed back, in one buffer ...
    assert layer.keys.data_ptr() == layer.room[0].data_ptr()
    assert layer.room[0].shape[-2] <= 41  # ... no larger than generate could fill


def test_a_growing_cache_layer_makes_room_and_survives_a_reorder():
    import torch

    from summarizer.engines.cpu_cache import GrowingLayer

    layer, plain = GrowingLayer(), torch.empty(2, 3, 0, 4)
    for step in range(150):  # past its first room, and past it again
        new = torch.full((2, 3, 1, 4), float(step))
        new[1] += 1000
        keys, _ = layer.update(new, new.clone())
        plain = torch.cat([plain, new], dim=-2)
        assert torch.equal(keys, plain)
        if step == 70:  # a beam search picks the second row for both
            layer.reorder_cache(torch.tensor([1, 1]))
            plain = plain[[1, 1]]
            assert torch.equal(layer.keys, plain)


def test_int8_products_in_blocks_and_a_shared_encoder_input_change_no_number(monkeypatch):
    import torch

    from summarizer.engines import row_int8

    torch.manual_seed(0)
    layers = [row_int8.RowInt8Linear(torch.nn.Linear(64, 48)) for _ in range(3)]
    layers[2].out_dtype = torch.bfloat16
    x = torch.randn(3, 7, 64) * torch.logspace(-2, 2, 7).unsqueeze(1)
    other = x.flip(0)
    alone = [(layer(x), layer(other)) for layer in layers]
    monkeypatch.setattr(row_int8, "_CHUNK", 4)  # 21 rows: six blocks
    from summarizer.engines.last_tensor import LastTensor

    shared = LastTensor(row_int8._quantize_in_blocks)
    for layer in layers:
        layer.inputs = shared
    for _ in range(2):  # the second input is quantized again, not taken from the first
        for layer, (first, second) in zip(layers, alone, strict=True):
            assert torch.equal(layer(x), first)
            assert torch.equal(layer(other), second)
    assert layers[2](x).dtype == torch.bfloat16


@pytest.mark.parametrize("keep", [True, False])
def test_keeping_freed_memory_follows_its_setting(monkeypatch, keep):
    from summarizer.engines import seq2seq

    real = seq2seq.prompts.load
    calls = []

    class FakeLibc:
        def mallopt(self, parameter, value):
            calls.append((parameter, value))
            return 1

    def models_toml(name):
        data = real(name)
        return {**data, "cpu": {**data["cpu"], "keep_freed_memory": keep}}

    monkeypatch.setattr(seq2seq.prompts, "load", models_toml)
    monkeypatch.setattr(seq2seq.sys, "platform", "linux")
    monkeypatch.setattr(seq2seq.ctypes, "CDLL", lambda name: FakeLibc())
    assert seq2seq._keep_freed_memory() is keep
    assert bool(calls) is keep  # nothing asked of malloc when the setting is false


def test_layers_stored_joined_come_back_joined_without_a_copy():
    import torch

    from summarizer.engines import row_int8

    stored = torch.arange(24, dtype=torch.int8)  # one block of memory, as a file's tensors
    parts = [stored[0:8].view(2, 4), stored[8:20].view(3, 4), stored[20:24].view(1, 4)]
    joined = row_int8._joined(parts)
    assert torch.equal(joined, torch.cat(parts))
    assert joined.data_ptr() == stored.data_ptr()  # the same memory, not a copy
    apart = [stored[0:8].view(2, 4), stored[12:24].view(3, 4)]  # a gap between them
    copy = row_int8._joined(apart)
    assert torch.equal(copy, torch.cat(apart)) and copy.data_ptr() != stored.data_ptr()


def test_cross_attention_laid_out_by_heads_gives_the_same_summaries(tiny_t5, monkeypatch):
    from summarizer.engines import row_int8, seq2seq

    monkeypatch.setattr(seq2seq, "_LOADED", {})
    engine = _int8_engine(tiny_t5, batch_size=4)
    laid_out = [
        m for m in engine.model.modules() if isinstance(m, row_int8.RowInt8Linear) and m.head_size
    ]
    assert len(laid_out) == 2 * engine.model.config.num_decoder_layers  # keys and values
    texts = [text * n for text in SECTIONS for n in (1, 3)]
    expected = engine.summarize(texts)
    for layer in laid_out:
        layer.head_size = None
    assert engine.summarize(texts) == expected
