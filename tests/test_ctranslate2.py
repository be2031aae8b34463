"""The CTranslate2 backend: same summaries as torch, the conversion cache, the fallback."""

from __future__ import annotations

import json
import os
import shutil
import sys
from itertools import islice
from pathlib import Path

import pytest

from summarizer import ModelError, Summarizer
from summarizer.engines import ct2, seq2seq
from summarizer.engines.seq2seq import Seq2SeqEngine

SECTIONS = [
    "Sáng 11/7, Sở Nông nghiệp tổ chức hội nghị sơ kết công tác 6 tháng đầu năm.",
    "Tổng thu ngân sách đạt 52,3% dự toán.",
    "Phát biểu kết luận, đồng chí Bình đề nghị các đơn vị tiếp tục rà soát kế hoạch "
    "đầu tư công và báo cáo trước ngày 30/7.",
    "Hội nghị kết thúc.",
]
REPORT = "\n".join(SECTIONS)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty conversion cache, and no translator kept from earlier tests."""
    monkeypatch.setenv("SUMMARIZER_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(seq2seq, "_TRANSLATORS", {})
    return tmp_path / "cache" / "ct2"


@pytest.fixture
def conversions(monkeypatch) -> list[Path]:
    """The model folders converted while the test runs."""
    seen: list[Path] = []
    real = ct2.convert

    def counting(folder, output, quantization):
        seen.append(Path(folder))
        real(folder, output, quantization)

    monkeypatch.setattr(ct2, "convert", counting)
    return seen


def _engine(model, **options) -> Seq2SeqEngine:
    return Seq2SeqEngine(model=str(model), device="cpu", **options)


def test_greedy_output_equals_torch_fp32_on_the_same_weights(tiny_t5, cache):
    torch_fp32 = _engine(tiny_t5, backend="torch", quantize="none")
    converted = _engine(tiny_t5, backend="ctranslate2", quantize="none")
    assert (torch_fp32.backend, converted.backend) == ("torch-float32", "ctranslate2-float32")
    expected = torch_fp32.summarize(SECTIONS, ["opening", "discussion", "conclusion", None])
    assert all(expected)
    assert converted.summarize(SECTIONS, ["opening", "discussion", "conclusion", None]) == expected


def test_ctranslate2_int8_runs_batched_as_one_at_a_time_on_the_test_model(tiny_t5, cache):
    batched = _engine(tiny_t5, batch_size=8, backend="ctranslate2")
    assert batched.backend == "ctranslate2-int8" and batched.warnings == []
    single = _engine(tiny_t5, batch_size=1, backend="ctranslate2")
    summaries = batched.summarize(SECTIONS)
    assert all(summaries)
    assert summaries == [single.summarize([text])[0] for text in SECTIONS]


def test_second_use_loads_the_conversion_from_the_cache(tiny_t5, cache, conversions):
    first = _engine(tiny_t5, backend="ctranslate2")
    assert conversions == [tiny_t5] and first.conversion_seconds > 0
    assert [p.name.startswith("model-int8-") for p in cache.iterdir()] == [True]
    seq2seq._TRANSLATORS.clear()  # as in a new process
    second = _engine(tiny_t5, backend="ctranslate2")
    assert conversions == [tiny_t5] and second.conversion_seconds == 0
    assert second.summarize(SECTIONS) == first.summarize(SECTIONS)


def test_a_changed_model_is_converted_again(tiny_t5, tmp_path, cache, conversions):
    import torch
    from transformers import AutoModelForSeq2SeqLM

    model = tmp_path / "model"
    shutil.copytree(tiny_t5, model)
    before = _engine(model, backend="ctranslate2", quantize="none").summarize(SECTIONS)
    weights = AutoModelForSeq2SeqLM.from_pretrained(model)
    with torch.no_grad():
        weights.lm_head.weight.copy_(weights.lm_head.weight.roll(1, dims=0))
    weights.save_pretrained(model)
    seq2seq._TRANSLATORS.clear()
    after = _engine(model, backend="ctranslate2", quantize="none").summarize(SECTIONS)
    assert len(conversions) == 2 and len(list(cache.iterdir())) == 2
    seq2seq._LOADED.clear()
    assert after == _engine(model, backend="torch", quantize="none").summarize(SECTIONS)
    assert after != before


def test_an_interrupted_conversion_leaves_nothing_in_the_cache(tiny_t5, cache, monkeypatch):
    real = ct2.convert

    def interrupted(folder, output, quantization):
        (Path(output) / "model.bin").write_bytes(b"half a model")
        raise KeyboardInterrupt

    monkeypatch.setattr(ct2, "convert", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _engine(tiny_t5, backend="ctranslate2")
    assert list(cache.iterdir()) == []
    monkeypatch.setattr(ct2, "convert", real)
    assert _engine(tiny_t5, backend="ctranslate2").summarize(SECTIONS[:1])[0]


def _failing_conversion(monkeypatch):
    def fails(folder, output, quantization):
        raise ValueError("T5 variant not supported by this converter")

    monkeypatch.setattr(ct2, "convert", fails)


def test_a_failed_conversion_falls_back_to_torch_with_the_reason(
    tiny_t5, cache, monkeypatch, capsys
):
    _failing_conversion(monkeypatch)
    briefing = Summarizer(engine="seq2seq", model=str(tiny_t5), device="cpu", backend="auto").brief(
        REPORT
    )
    assert briefing.engine == "seq2seq" and briefing.backend == "torch-int8"
    assert any("variant not supported" in w and "torch" in w for w in briefing.warnings)
    assert "variant not supported" in capsys.readouterr().err
    assert all(s.summary for s in briefing.sections)
    assert not cache.exists() or list(cache.iterdir()) == []


def test_a_failed_conversion_is_an_error_when_ctranslate2_is_asked_for(tiny_t5, cache, monkeypatch):
    _failing_conversion(monkeypatch)
    with pytest.raises(ModelError, match="variant not supported.*--backend torch"):
        Summarizer(model=str(tiny_t5), device="cpu", backend="ctranslate2").brief(REPORT)


def test_without_ctranslate2_torch_runs_and_the_briefing_says_why(tiny_t5, cache, monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # import fails as if not installed
    briefing = Summarizer(engine="auto", model=str(tiny_t5), device="cpu", backend="auto").brief(
        REPORT
    )
    assert briefing.engine == "seq2seq" and briefing.backend == "torch-int8"
    assert any("pip install 'summarizer[fast]'" in w for w in briefing.warnings)


def test_without_ctranslate2_asking_for_it_is_an_error_naming_the_extra(
    tiny_t5, tmp_path, cache, monkeypatch, capsys
):
    from summarizer.cli import main

    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    with pytest.raises(ModelError, match=r"summarizer\[fast\]"):
        Summarizer(model=str(tiny_t5), device="cpu", backend="ctranslate2").brief(REPORT)
    report = tmp_path / "bao-cao.txt"
    report.write_text(REPORT, encoding="utf-8")
    code = main(["brief", str(report), "-o", str(tmp_path / "out"), "--model", str(tiny_t5),
                 "--device", "cpu", "--backend", "ctranslate2", "--quiet"])  # fmt: skip
    assert code == 1
    assert "pip install 'summarizer[fast]'" in capsys.readouterr().err
    assert not (tmp_path / "out" / "bao-cao.docx").exists()


@pytest.mark.parametrize(
    ("backend", "shown"),
    [
        ("torch", "torch-int8"),
        ("ctranslate2", "ctranslate2-int8"),
        ("auto", "ctranslate2-int8"),
        (None, "torch-int8"),
    ],  # fmt: skip
)
def test_command_line_backend_is_recorded_in_briefing_and_manifest(
    tiny_t5, tmp_path, cache, backend, shown
):
    from summarizer.cli import main

    report = tmp_path / "bao-cao.txt"
    report.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out"
    chosen = ["--backend", backend] if backend else []
    code = main(["brief", str(report), "-o", str(out), "--engine", "seq2seq", "--model",
                 str(tiny_t5), "--device", "cpu", "--format", "json", "-q", *chosen])  # fmt: skip
    assert code == 0
    briefing = json.loads((out / "bao-cao.json").read_text(encoding="utf-8"))
    assert (briefing["engine"], briefing["backend"]) == ("seq2seq", shown)
    line = json.loads((out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert (line["engine"], line["backend"]) == ("seq2seq", shown)


def test_command_line_refuses_an_unknown_backend(capsys):
    from summarizer.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["brief", "x.txt", "-o", "out", "--backend", "onnx"])
    assert exit_.value.code == 2
    assert "--backend" in capsys.readouterr().err


def test_an_old_briefing_json_without_backend_still_loads():
    from summarizer.models import Briefing

    old = '{"source": "a.txt", "engine": "seq2seq", "model": "m", "created": "2025-01-02T03:04:05"}'
    assert Briefing.model_validate_json(old).backend is None


def test_a_hub_model_in_the_local_cache_is_converted_offline(tiny_t5, tmp_path):
    import subprocess

    # The layout huggingface_hub writes: refs/main names the snapshot of the files.
    repo = tmp_path / "hf" / "hub" / "models--VietAI--tiny-test-model"
    snapshot = repo / "snapshots" / ("0" * 40)
    shutil.copytree(tiny_t5, snapshot)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("0" * 40)
    code = (
        "from summarizer.engines.seq2seq import Seq2SeqEngine\n"
        "engine = Seq2SeqEngine(model='VietAI/tiny-test-model', device='cpu', backend='auto')\n"
        f"print(engine.backend, bool(engine.summarize([{SECTIONS[0]!r}])[0]))\n"
    )
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf"), "HF_HUB_OFFLINE": "1",
           "SUMMARIZER_CACHE": str(tmp_path / "cache")}  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["ctranslate2-int8", "True"]
    converted = [p.name for p in (tmp_path / "cache" / "ct2").iterdir()]
    assert len(converted) == 1 and converted[0].startswith("VietAI-tiny-test-model-int8-")


def test_a_hub_model_not_cached_offline_is_the_usual_advice(tmp_path, cache, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError, match="not in the local cache.*--model"):
        Seq2SeqEngine(model="VietAI/vit5-base-vietnews-summarization", backend="ctranslate2")
    assert not cache.exists()


def test_a_generation_setting_ctranslate2_lacks_falls_back_to_torch(tiny_t5, cache):
    engine = _engine(tiny_t5, backend="auto", generation={"do_sample": False})
    assert engine.backend == "torch-int8"
    assert any("do_sample" in w for w in engine.warnings)
    with pytest.raises(ModelError, match="do_sample"):
        _engine(tiny_t5, backend="ctranslate2", generation={"do_sample": False})


def test_physical_cores_counts_each_core_once():
    two_cores_four_threads = "".join(
        f"processor\t: {n}\nphysical id\t: 0\ncore id\t\t: {n % 2}\n\n" for n in range(4)
    )
    assert ct2.count_cores(two_cores_four_threads) == 2
    assert ct2.count_cores("processor\t: 0\n\n") == 0  # no core ids: not known
    assert 1 <= ct2.physical_cores() <= len(os.sched_getaffinity(0))


@pytest.mark.slow
@pytest.mark.parametrize(("backend", "least"), [(None, 16), ("ctranslate2", 15)])
def test_small_model_int8_summaries_of_a_part_do_not_depend_on_the_batch(
    small_model, cache, backend, least
):
    data = small_model.parent.parent / "data" / "vietnews" / "val.jsonl"
    if not data.is_file():
        pytest.skip(f"{data} not found")
    batched = _engine(small_model, batch_size=16, generation={"num_beams": 1}, backend=backend)
    assert batched.backend == f"{backend or 'torch'}-int8"
    with data.open(encoding="utf-8") as lines:
        # one model input each: the article's first part that fits the model
        texts = [batched.chunks(json.loads(line)["article"])[0] for line in islice(lines, 16)]
    single = _engine(small_model, batch_size=1, generation={"num_beams": 1}, backend=backend)
    summaries = batched.summarize(texts)
    same = sum(a == single.summarize([t])[0] for a, t in zip(summaries, texts, strict=True))
    assert same >= least  # the default: all of them


def test_digest_takes_the_backend_option_too(tiny_t5, tmp_path, cache, monkeypatch, capsys):
    from summarizer.cli import main

    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    report = tmp_path / "bao-cao.txt"
    report.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "tong-hop.docx"
    args = ["digest", str(report), "-o", str(out), "--engine", "seq2seq", "--model",
            str(tiny_t5), "--device", "cpu", "-q"]  # fmt: skip
    assert main([*args, "--backend", "ctranslate2"]) == 1  # the report is not briefed
    assert "pip install 'summarizer[fast]'" in capsys.readouterr().err
    assert main([*args, "--backend", "torch", "--quantize", "none"]) == 0
    assert out.is_file()
