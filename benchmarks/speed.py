"""Speed of the seq2seq engine against the naive one-section-at-a-time loop.

    .venv/bin/python benchmarks/speed.py                                   # both models, CPU
    .venv/bin/python benchmarks/speed.py --model small --settings fp32:8,int8:16,ct2-int8:16
    .venv/bin/python benchmarks/speed.py --device cuda --sections 256 --naive-sections 64
    .venv/bin/python benchmarks/speed.py --model vit5-base --profile int8:16   # where time goes

Inputs are N sections of vietnews validation articles (sentences joined until a section
holds ~500 tokens; 380-440 for the small model, whose input limit is 448). Every setting
forces the same output length (min_new_tokens = max_new_tokens = T), greedy, with
no_repeat_ngram_size 0. The naive baseline is what a user would write: one section at a
time through `model.generate` in fp32. The engine settings go through `Seq2SeqEngine`
(length-sorted batches): torch in fp32, bf16 or int8 (int8 inputs scaled per row; its
cross-attention cache as the CPU's default has it, `int8-kv32` in float32), or
CTranslate2 (`ct2-int8`, `ct2-int8_float32`, ...: its compute type). Each setting runs in
a fresh subprocess, so load time and peak RSS are its own and the engine's model cache
plays no part. Before the int8 settings the model is prepared once, from scratch, into a
cache under --cache-dir (converted for CTranslate2; for torch int8, its quantized weights
written), and the time and peak RSS of that first use are printed: the timed runs load
what was prepared, as every use after the first does.

Models: `small` is ../shared/models/vi-t5-news-small; `vit5-base` is a ViT5-base-shaped T5
with random weights (built once under --cache-dir; speed does not depend on weight values
when the output length is forced). For the small model the share of sections whose batched
greedy output (batch 16, the model's normal settings) equals one-at-a-time output is
printed too, for torch fp32, int8 and bf16 and CTranslate2 int8 and int8_float32.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

# Only the standard library is imported at module level: the parent process stays small, as
# a child started from it inherits its peak RSS (Linux keeps ru_maxrss across exec).

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared/data/vietnews/val.jsonl"
SMALL = ROOT.parent / "shared/models/vi-t5-news-small"
CACHE = Path(tempfile.gettempdir()) / "summarizer-bench"
RANDOM_FOLDER = "vit5-base-random"  # the name matches the 'vit5' family in models.toml
# Section length in tokens (with the end-of-sequence token), per model.
TARGETS = {"small": (380, 440), "vit5-base": (420, 512)}
# Engine settings by name: Seq2SeqEngine's backend, dtype, quantize and compute_type.
PRECISIONS = {
    "fp32": ("torch", "float32", "none", None),
    "bf16": ("torch", "bfloat16", "none", None),
    "fp16": ("torch", "float16", "none", None),
    "int8": ("torch", "float32", "int8", None),
    "int8-kv32": ("torch", "float32", "int8", None),  # cross-attention cache in float32
    "ct2-int8": ("ctranslate2", None, "int8", "int8"),
    "ct2-int8_float32": ("ctranslate2", None, "int8", "int8_float32"),
    "ct2-int16": ("ctranslate2", None, "none", "int16"),
    "ct2-fp32": ("ctranslate2", None, "none", "float32"),
}
DEFAULT_SETTINGS = {
    "cpu": "fp32:8,fp32:16,fp32:32,int8:8,int8:16,int8:32,ct2-int8:8,ct2-int8:16,ct2-int8:32,"
    "ct2-int8_float32:8,ct2-int8_float32:16,ct2-int8_float32:32",
    "cuda": "bf16:32,bf16:64,bf16:128",
}
EQUIVALENCE_BATCH = 16
# each checked for batched against one-at-a-time output (small model)
EQUIVALENCE_SETTINGS = ["fp32", "int8", "bf16", "ct2-int8", "ct2-int8_float32"]
CONVERTED = "ct2-cache"  # under --cache-dir: the SUMMARIZER_CACHE of the workers
WARMUP_SECTIONS = 2
RESULT_MARK = "@@result "
VIT5_BASE = {
    "vocab_size": 36096,
    "d_model": 768,
    "d_ff": 3072,
    "d_kv": 64,
    "num_layers": 12,
    "num_decoder_layers": 12,
    "num_heads": 12,
    "feed_forward_proj": "relu",
    "tie_word_embeddings": True,
    "decoder_start_token_id": 0,
    "pad_token_id": 0,
    "eos_token_id": 1,
}


# ---------------------------------------------------------------------------------------
# Workers: each runs in its own process and prints one result line.


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _environment(device: str) -> dict[str, Any]:
    import torch

    info: dict[str, Any] = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    if device.startswith("cuda"):
        info["gpu"] = torch.cuda.get_device_name(device)
        info["gpu_peak_mb"] = torch.cuda.max_memory_allocated(device) / 2**20
    return info


def _sync(device: str) -> None:
    if device.startswith("cuda"):
        import torch

        torch.cuda.synchronize(device)


def _random_vit5_base(folder: Path, tokenizer_from: Path) -> None:
    """A ViT5-base-shaped T5 with random weights and the small model's tokenizer."""
    if (folder / "config.json").is_file() and (folder / "tokenizer.json").is_file():
        return
    import torch
    from transformers import AutoTokenizer, T5Config, T5ForConditionalGeneration

    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    staging.chmod(0o755)
    torch.manual_seed(0)
    T5ForConditionalGeneration(T5Config(**VIT5_BASE)).save_pretrained(staging)
    AutoTokenizer.from_pretrained(tokenizer_from).save_pretrained(staging)
    try:
        staging.rename(folder)
    except OSError:  # built meanwhile by another run
        shutil.rmtree(staging, ignore_errors=True)


def _sentences(path: Path):
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                for sentence in json.loads(line)["article"].split("\n"):
                    sentence = unicodedata.normalize("NFC", " ".join(sentence.split()))
                    if sentence:
                        yield sentence


def _build_sections(tokenizer: Any, data: Path, count: int, low: int, high: int) -> list[str]:
    """`count` sections of `low`..`high` tokens: article sentences joined up to a target.

    The target is drawn per section; a sentence that does not fit is kept for the next one.
    """
    rng = random.Random(0)
    stream = _sentences(data)
    pending: list[str] = []
    sections = []

    def tokens(text: str) -> int:
        return len(tokenizer(text)["input_ids"])

    while len(sections) < count:
        target, parts, size = rng.randint(low, high), [], 0
        while size < target:
            try:
                sentence = pending.pop() if pending else next(stream)
            except StopIteration:
                raise SystemExit(f"{data}: too few articles for {count} sections") from None
            grown = tokens(" ".join([*parts, sentence]))
            # Past the target a last sentence is taken when that ends nearer the target.
            nearer = grown <= high and (size < low or grown - target < target - size)
            if grown <= target or nearer:
                parts, size = [*parts, sentence], grown
            elif size >= low:
                pending.append(sentence)  # starts the next section
                break
            # else: a sentence too long to fit at all is dropped
        sections.append(" ".join(parts))
    return sections


def work_prepare(spec: dict[str, Any]) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from transformers import AutoTokenizer

    from summarizer.engines.seq2seq import family_for

    folder = Path(spec["folder"])
    if spec["model"] == "vit5-base":
        _random_vit5_base(folder, Path(spec["small"]))
    tokenizer = AutoTokenizer.from_pretrained(folder)
    low, high = TARGETS[spec["model"]]
    sections = _build_sections(tokenizer, Path(spec["data"]), spec["sections"], low, high)
    lengths = [len(tokenizer(s)["input_ids"]) for s in sections]
    out = Path(spec["out"])
    out.write_text(json.dumps(sections, ensure_ascii=False), encoding="utf-8")
    return {"limit": family_for(str(folder)).max_input_tokens, "lengths": lengths}


def work_naive(spec: dict[str, Any]) -> dict[str, Any]:
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    device, new, limit = spec["device"], spec["new_tokens"], spec["limit"]
    sections = json.loads(Path(spec["sections_file"]).read_text(encoding="utf-8"))
    sections = sections[: spec.get("naive_sections") or len(sections)]

    start = time.perf_counter()
    tok = AutoTokenizer.from_pretrained(spec["folder"])
    model = AutoModelForSeq2SeqLM.from_pretrained(spec["folder"], dtype=torch.float32)
    model.to(device).eval()
    _sync(device)
    load_s = time.perf_counter() - start
    lengths: set[int] = set()

    def run(texts: list[str]) -> list[str]:
        outputs = []
        for text in texts:
            enc = tok(text, return_tensors="pt", truncation=True, max_length=limit).to(device)
            with torch.inference_mode():
                # Greedy, no n-gram blocking, as in every setting (the small model's
                # generation_config.json would otherwise use 4 beams and n-gram size 3).
                out = model.generate(
                    **enc,
                    min_new_tokens=new,
                    max_new_tokens=new,
                    num_beams=1,
                    no_repeat_ngram_size=0,
                )
            lengths.add(out.shape[1] - 1)
            outputs.append(tok.decode(out[0], skip_special_tokens=True))
        return outputs

    return _timed(run, sections, lengths, load_s, device)


def work_engine(spec: dict[str, Any]) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    import torch  # noqa: F401  (imported before timing: import time is not load time)
    import transformers  # noqa: F401

    from summarizer.engines import seq2seq
    from summarizer.engines.seq2seq import Seq2SeqEngine

    device, new = spec["device"], spec["new_tokens"]
    sections = json.loads(Path(spec["sections_file"]).read_text(encoding="utf-8"))
    backend, dtype, quantize, compute_type = PRECISIONS[spec["precision"]]
    if spec["precision"].endswith("-kv32"):
        seq2seq._cross_attention_cache = lambda: "float32"
    generation = {
        "min_new_tokens": new,
        "max_new_tokens": new,
        "num_beams": 1,
        "no_repeat_ngram_size": 0,
    }
    start = time.perf_counter()
    engine = Seq2SeqEngine(
        model=spec["folder"],
        device=device,
        batch_size=spec["batch"],
        dtype=dtype,
        quantize=quantize,
        generation=generation,
        progress=False,
        backend=backend,
        compute_type=compute_type,
    )
    _sync(device)
    load_s = time.perf_counter() - start
    if engine.backend.split("-")[0] != backend or engine.conversion_seconds:
        raise SystemExit(f"{engine.backend} ran, converted in the timed run: {engine.warnings}")

    lengths: set[int] = set()
    if backend == "ctranslate2":
        decode = engine._decode

        def counting_decode(results: list[Any]) -> list[str]:
            lengths.update(len(r.result().hypotheses[0]) for r in results)
            return decode(results)

        engine._decode = counting_decode  # checks the forced length; nothing else
    else:
        generate = engine.model.generate

        def counting_generate(*args: Any, **kwargs: Any) -> Any:
            out = generate(*args, **kwargs)
            lengths.add(out.shape[1] - 1)
            return out

        engine.model.generate = counting_generate  # checks the forced length; nothing else
    result = _timed(engine.summarize, sections, lengths, load_s, device)
    if backend == "ctranslate2":  # intra_threads of CTranslate2, not torch's
        from summarizer import prompts
        from summarizer.engines import ct2

        inter = max(1, int(prompts.load("models")["cpu"].get("inter_threads", 1)))
        result["threads"] = max(1, ct2.physical_cores() // inter)
    return result


def work_convert(spec: dict[str, Any]) -> dict[str, Any]:
    """The first use of the model with CTranslate2 (conversion) or torch int8 (quantized
    weights written), into an empty cache."""
    sys.path.insert(0, str(ROOT))
    import torch  # noqa: F401  (imported before timing, as in the engine worker)
    import transformers  # noqa: F401

    from summarizer.engines import model_cache
    from summarizer.engines.seq2seq import Seq2SeqEngine

    backend = spec["backend"]
    folder = model_cache.root("ct2" if backend == "ctranslate2" else "int8")
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    engine = Seq2SeqEngine(model=spec["folder"], device="cpu", backend=backend, quantize="int8",
                           progress=False)  # fmt: skip
    first_use_s = time.perf_counter() - start
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    library = "ctranslate2" if backend == "ctranslate2" else "torch"
    return {
        "convert_s": engine.conversion_seconds,
        "first_use_s": first_use_s,
        "converted_mb": size / 2**20,
        "library": f"{library} {__import__(library).__version__}",
    }


def _timed(
    run: Any, sections: list[str], lengths: set[int], load_s: float, device: str
) -> dict[str, Any]:
    """Warm up on a few sections, then time `run` over all of them."""
    run(sections[:WARMUP_SECTIONS])
    lengths.clear()
    _sync(device)
    start = time.perf_counter()
    run(sections)
    _sync(device)
    generate_s = time.perf_counter() - start
    return {
        "load_s": load_s,
        "generate_s": generate_s,
        "sections": len(sections),
        "new_tokens": sorted(lengths),
        **_environment(device),
    }


# Operator names of the profile, by what they do.
OP_GROUPS = [
    ("matrix products of Linear layers", ("linear", "addmm", "mm", "_int_mm", "matmul")),
    ("attention", ("attention", "bmm", "softmax", "masked_fill")),
    ("self-attention cache growth", ("cat",)),
    ("choosing the next token", ("where", "argmax", "isin", "topk")),
]


def _op_group(name: str) -> str:
    short = name.split("::")[-1].lower()
    for label, keys in OP_GROUPS:
        if any(short == key or key in short and key != "mm" for key in keys):
            return label
    return "norms, residuals, copies, other"


def _machine_rates(quantize: str | None, dtype: str) -> dict[str, float]:
    """Memory bandwidth (GB/s) and matrix-product rate (GMAC/s) at the encoder's shape."""
    import torch

    big = torch.ones(100_000_000)
    big.sum()
    start = time.perf_counter()
    for _ in range(5):
        big.sum()
    bandwidth = 5 * big.numel() * 4 / (time.perf_counter() - start) / 1e9
    del big
    m, k, n = 512, 768, 3072
    layer = torch.nn.Sequential(torch.nn.Linear(k, n, bias=False)).to(getattr(torch, dtype))
    if quantize == "int8":
        from summarizer.engines import row_int8

        layer = row_int8.quantize(layer)
    x = torch.randn(m, k, dtype=getattr(torch, dtype))
    with torch.inference_mode():
        layer(x)
        start = time.perf_counter()
        for _ in range(20):
            layer(x)
    rate = 20 * m * k * n / (time.perf_counter() - start) / 1e9
    return {"bandwidth_gbs": bandwidth, "matmul_gmacs": rate}


def work_profile(spec: dict[str, Any]) -> dict[str, Any]:
    """Where the engine's time goes on one setting, and what the hardware allows."""
    sys.path.insert(0, str(ROOT))
    import warnings

    import torch
    from torch.profiler import ProfilerActivity, profile

    from summarizer.engines.seq2seq import Seq2SeqEngine

    warnings.simplefilter("ignore")
    new, batch = spec["new_tokens"], spec["batch"]
    sections = json.loads(Path(spec["sections_file"]).read_text(encoding="utf-8"))
    sections = sections[: max(batch, len(sections) // batch * batch)]
    _, dtype, quantize, _ = PRECISIONS[spec["precision"]]
    forced = {"min_new_tokens": new, "max_new_tokens": new, "num_beams": 1,
              "no_repeat_ngram_size": 0}  # fmt: skip
    engine = Seq2SeqEngine(model=spec["folder"], device="cpu", batch_size=batch, dtype=dtype,
                           quantize=quantize, generation=forced, progress=False,
                           backend="torch")  # fmt: skip
    model, tokenizer = engine.model, engine.tokenizer
    engine.summarize(sections[:WARMUP_SECTIONS])

    def encode(texts: list[str]) -> dict[str, Any]:
        return engine._encode_each(tokenizer(texts, return_tensors="pt", padding=True))

    batches = [sections[i : i + batch] for i in range(0, len(sections), batch)]
    with torch.inference_mode():
        start = time.perf_counter()
        encoded = [encode(texts) for texts in batches]
        encoder_s = time.perf_counter() - start
        start = time.perf_counter()
        for inputs in encoded:
            model.generate(**inputs, **forced)
        decoder_s = time.perf_counter() - start
        one = encode(sections[:1])
        start = time.perf_counter()
        model.generate(**one, **forced)
        single_step_ms = (time.perf_counter() - start) / new * 1000
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            model.generate(**encoded[0], **forced)
    groups: dict[str, float] = {}
    for event in prof.key_averages():
        label = _op_group(event.key)
        groups[label] = groups.get(label, 0.0) + event.self_cpu_time_total / 1e6
    config = model.config
    inner = config.num_heads * config.d_kv
    ff = config.d_ff * (3 if "gated" in config.feed_forward_proj else 2)
    lengths = [len(tokenizer(text)["input_ids"]) for text in sections]
    return {
        "sections": len(sections),
        "encoder_s": encoder_s,
        "decoder_s": decoder_s,
        "single_step_ms": single_step_ms,
        "batch_step_ms": decoder_s / len(batches) / new * 1000,
        "groups": groups,
        "encoder_macs": sum(lengths)
        / len(lengths)
        * config.num_layers
        * (4 * config.d_model * inner + ff * config.d_model),
        "cross_bytes_per_step": sum(lengths)
        / len(lengths)
        * config.num_decoder_layers
        * 2
        * inner
        * (1 if dtype == "float32" else 0.5)
        * 4,
        **_machine_rates(engine.quantize, dtype),
        **_environment("cpu"),
    }


def work_equivalence(spec: dict[str, Any]) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from summarizer.engines.seq2seq import Seq2SeqEngine

    sections = json.loads(Path(spec["sections_file"]).read_text(encoding="utf-8"))
    backend, dtype, quantize, compute_type = PRECISIONS[spec["precision"]]
    common = {
        "model": spec["folder"],
        "device": spec["device"],
        "backend": backend,
        "dtype": dtype,
        "quantize": quantize,
        "compute_type": compute_type,
        "generation": {"num_beams": 1},
        "progress": False,
    }
    batched = Seq2SeqEngine(batch_size=EQUIVALENCE_BATCH, **common).summarize(sections)
    single_engine = Seq2SeqEngine(batch_size=1, **common)
    single = [single_engine.summarize([text])[0] for text in sections]
    same = [a == b for a, b in zip(batched, single, strict=True)]
    first = same.index(False) if False in same else None
    return {
        "identical": sum(same),
        "sections": len(sections),
        "first_difference": None
        if first is None
        else {"section": first, "batched": batched[first], "single": single[first]},
    }


WORKERS = {
    "prepare": work_prepare,
    "naive": work_naive,
    "engine": work_engine,
    "convert": work_convert,
    "equivalence": work_equivalence,
    "profile": work_profile,
}


def worker_main(spec_json: str) -> None:
    spec = json.loads(spec_json)
    result = WORKERS[spec["job"]](spec)
    result["peak_rss_mb"] = _peak_rss_mb()
    sys.stdout.write(RESULT_MARK + json.dumps(result, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------------------
# Parent: starts one worker per setting and prints the tables.


def run_worker(spec: dict[str, Any]) -> dict[str, Any]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    if spec.get("converted"):
        env["SUMMARIZER_CACHE"] = spec["converted"]
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK) :])
    tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
    return {"error": f"worker exited {proc.returncode}:\n{tail}"}


def parse_settings(text: str, device: str) -> list[tuple[str, int]]:
    settings = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        precision, _, batch = item.partition(":")
        if precision not in PRECISIONS or not batch.isdigit() or int(batch) < 1:
            raise argparse.ArgumentTypeError(
                f"bad setting '{item}': use PRECISION:BATCH, PRECISION one of "
                f"{', '.join(PRECISIONS)}, e.g. fp32:8,int8:16"
            )
        if device.startswith("cuda") and (precision == "int8" or precision.startswith("ct2")):
            raise argparse.ArgumentTypeError(f"{precision} runs on the CPU only")
        settings.append((precision, int(batch)))
    return settings


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_model(name: str, args: argparse.Namespace, settings: list[tuple[str, int]]) -> dict:
    folder = args.small_model if name == "small" else args.cache_dir / RANDOM_FOLDER
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    sections_file = args.cache_dir / f"sections-{name}-{args.sections}.json"
    base = {
        "model": name,
        "folder": str(folder),
        "device": args.device,
        "new_tokens": args.new_tokens,
        "sections_file": str(sections_file),
        "converted": str(args.cache_dir / CONVERTED / name),
    }
    log(f"[{name}] preparing {args.sections} sections")
    prepared = run_worker(
        {
            **base,
            "job": "prepare",
            "sections": args.sections,
            "out": str(sections_file),
            "data": str(args.data),
            "small": str(args.small_model),
        }
    )
    if "error" in prepared:
        raise SystemExit(f"[{name}] preparing failed: {prepared['error']}")
    base["limit"] = prepared["limit"]

    conversions = {}
    wanted = [p for p, _ in settings]
    if name == "small":
        wanted += EQUIVALENCE_SETTINGS
    for backend, prefix in (("ctranslate2", "ct2"), ("torch", "int8")):
        if not any(p.startswith(prefix) for p in wanted):
            continue
        log(f"[{name}] first use of {backend} int8 (empty cache) ...")
        conversion = run_worker({**base, "job": "convert", "backend": backend})
        conversions[backend] = conversion
        if "error" in conversion:
            log(f"[{name}] first use of {backend} int8 failed: {conversion['error']}")
        else:
            log(f"[{name}] prepared in {conversion['convert_s']:.1f} s")

    rows = []
    jobs = [("naive fp32", 1, {"job": "naive", "naive_sections": args.naive_sections})]
    jobs += [(f"engine {p}", b, {"job": "engine", "precision": p, "batch": b}) for p, b in settings]
    for label, batch, extra in jobs:
        log(f"[{name}] {label} batch {batch} ...")
        result = run_worker({**base, **extra})
        if "error" in result:
            log(f"[{name}] {label} batch {batch} failed: {result['error']}")
        else:
            log(f"[{name}] {label} batch {batch}: {result['generate_s']:.1f} s")
        rows.append({"setting": label, "batch": batch, **result})

    profile = None
    if args.profile:
        precision, batch = args.profile
        log(f"[{name}] profile of engine {precision} batch {batch} ...")
        profile = run_worker({**base, "job": "profile", "precision": precision, "batch": batch})
        if "error" in profile:
            log(f"[{name}] profile failed: {profile['error']}")
        profile.update(precision=precision, batch=batch)

    equivalence = []
    if name == "small":
        for weights in EQUIVALENCE_SETTINGS:
            log(f"[{name}] greedy equivalence ({weights}), batch {EQUIVALENCE_BATCH} vs 1 ...")
            result = run_worker({**base, "job": "equivalence", "precision": weights})
            if "error" in result:
                log(f"[{name}] greedy equivalence failed: {result['error']}")
            equivalence.append({**result, "weights": weights})
    return {
        "model": name,
        "folder": str(folder),
        "lengths": prepared["lengths"],
        "limit": prepared["limit"],
        "rows": rows,
        "equivalence": equivalence,
        "profile": profile,
        "conversions": conversions,
    }


def print_report(report: dict, args: argparse.Namespace) -> None:
    rows = report["rows"]
    lengths = report["lengths"]
    cuda = args.device.startswith("cuda")
    naive = rows[0]
    naive_per = naive["generate_s"] / naive["sections"] if "error" not in naive else None
    print(f"\n== {report['model']}: {report['folder']}")
    print(
        f"{len(lengths)} sections of {min(lengths)}-{max(lengths)} tokens "
        f"(mean {sum(lengths) / len(lengths):.0f}, input limit {report['limit']}); "
        f"{args.new_tokens} new tokens forced, greedy, no_repeat_ngram_size 0"
    )
    if "error" not in naive and naive["sections"] != len(lengths):
        print(f"naive loop timed on the first {naive['sections']} sections")
    header = ["setting", "batch", "s/section", "sections/s", "x naive", "load s", "peak RSS MB"]
    if cuda:
        header.append("GPU peak MB")
    header += ["threads", "new tokens"]
    table = [header]
    for row in rows:
        if "error" in row:
            table.append([row["setting"], str(row["batch"]), "failed"])
            continue
        per = row["generate_s"] / row["sections"]
        line = [
            row["setting"],
            str(row["batch"]),
            f"{per:.3f}",
            f"{1 / per:.2f}",
            f"{naive_per / per:.2f}" if naive_per else "-",
            f"{row['load_s']:.1f}",
            f"{row['peak_rss_mb']:.0f}",
        ]
        if cuda:
            line.append(f"{row.get('gpu_peak_mb', 0):.0f}")
        forced = row["new_tokens"] == [args.new_tokens]
        line += [str(row["threads"]), "ok" if forced else f"MISMATCH {row['new_tokens']}"]
        table.append(line)
    widths = [max(len(r[i]) for r in table if i < len(r)) for i in range(len(header))]
    for n, line in enumerate(table):
        cells = [c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(line)]
        print("  ".join(cells).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    for row in rows:
        if "error" in row:
            print(f"{row['setting']} batch {row['batch']}: {row['error'].splitlines()[-1]}")
    for backend, conversion in report.get("conversions", {}).items():
        if "error" in conversion:
            print(f"first use of {backend} int8 failed: {conversion['error'].splitlines()[-1]}")
            continue
        print(
            f"first use with {conversion['library']}: int8 weights prepared in "
            f"{conversion['convert_s']:.1f} s ({conversion['first_use_s']:.1f} s with loading; "
            f"{conversion['converted_mb']:.0f} MB in the cache, peak RSS "
            f"{conversion['peak_rss_mb']:.0f} MB); later uses load them from the cache"
        )
    for equivalence in report["equivalence"]:
        if "error" in equivalence:
            print(f"greedy equivalence failed: {equivalence['error'].splitlines()[-1]}")
            continue
        weights = equivalence["weights"]
        print(
            f"identical greedy outputs: {equivalence['identical']}/{equivalence['sections']} "
            f"(engine {weights} batch {EQUIVALENCE_BATCH} vs batch 1, the model's normal "
            "settings, greedy)"
        )
        diff = equivalence["first_difference"]
        if diff:
            print(
                f"  first difference, section {diff['section']}:\n"
                f"    batched: {diff['batched'][:200]}\n    single:  {diff['single'][:200]}"
            )


def print_profile(report: dict, args: argparse.Namespace) -> None:
    p = report.get("profile")
    if not p or "error" in p:
        return
    n, new, batch = p["sections"], args.new_tokens, p["batch"]
    enc, dec = p["encoder_s"] / n, p["decoder_s"] / n
    total = enc + dec
    print(f"\nprofile: engine {p['precision']} batch {batch}, {n} sections, {new} new tokens")
    print(f"  encoder, each text by itself   {enc:.3f} s/section ({enc / total:.0%})")
    print(f"  decoder, batches of {batch:<3}       {dec:.3f} s/section ({dec / total:.0%})")
    per_section = (p["batch_step_ms"] - p["single_step_ms"]) / max(batch - 1, 1)
    fixed = p["single_step_ms"] - per_section
    print(
        f"  one decoding step: {p['single_step_ms']:.1f} ms for 1 section, "
        f"{p['batch_step_ms']:.1f} ms for {batch}: about {fixed:.1f} ms per step whatever "
        f"the batch, {per_section:.2f} ms per section and step"
    )
    groups = sorted(p["groups"].items(), key=lambda item: -item[1])
    whole = sum(seconds for _, seconds in groups) or 1.0
    print("  decoder time by operator (one batch under torch.profiler):")
    for label, seconds in groups:
        print(f"    {label:<36} {seconds / whole:5.0%}")
    print(
        f"  this machine: memory read {p['bandwidth_gbs']:.0f} GB/s; {p['precision']} matrix "
        f"products of the encoder's shape {p['matmul_gmacs']:.0f} GMAC/s"
    )
    encoder_floor = p["encoder_macs"] / 1e9 / p["matmul_gmacs"]
    cross = p["cross_bytes_per_step"]
    cross_floor = cross * new / 1e9 / p["bandwidth_gbs"]
    print(
        f"  lower bounds: encoder matrix products {p['encoder_macs'] / 1e9:.0f} GMAC/section "
        f"= {encoder_floor:.3f} s; cross-attention reads {cross / 1e6:.0f} MB per section and "
        f"step = {cross_floor:.3f} s/section over {new} steps"
    )
    naive = report["rows"][0]
    if "error" not in naive and naive.get("sections"):
        naive_per = naive["generate_s"] / naive["sections"]
        print(
            f"  naive {naive_per:.3f} s/section: 10x naive needs {naive_per / 10:.3f} s/section; "
            f"this profile run took {total:.3f} ({naive_per / total:.1f}x)"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=["small", "vit5-base", "both"], default="both")
    parser.add_argument("--sections", type=int, default=32, help="sections (default 32)")
    parser.add_argument(
        "--new-tokens", type=int, default=96, help="forced output length in tokens (default 96)"
    )
    parser.add_argument("--device", default="cpu", help="cpu or cuda (default cpu)")
    parser.add_argument(
        "--settings",
        help="engine settings, PRECISION:BATCH,... with "
        f"PRECISION in {', '.join(PRECISIONS)} (default on cpu: "
        f"{DEFAULT_SETTINGS['cpu']}; on cuda: {DEFAULT_SETTINGS['cuda']})",
    )
    parser.add_argument(
        "--naive-sections",
        type=int,
        default=None,
        help="time the naive loop on the first M sections only (default all)",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=CACHE,
        help=f"random model and section files (default {CACHE})",
    )
    parser.add_argument(
        "--data", type=Path, default=DATA, help=f"articles to build sections from (default {DATA})"
    )
    parser.add_argument(
        "--small-model",
        type=Path,
        default=SMALL,
        help=f"the small model; the random model takes its tokenizer (default {SMALL})",
    )
    parser.add_argument(
        "--profile",
        metavar="PRECISION:BATCH",
        help="CPU only: also show where one engine setting spends its time (encoder, "
        "decoder steps, operators) against this machine's memory and matrix-product rates",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker_main(args.worker)
        return
    if args.device not in ("cpu", "cuda") and not args.device.startswith("cuda:"):
        parser.error("--device must be cpu or cuda")
    if args.sections < WARMUP_SECTIONS or args.new_tokens < 1:
        parser.error(f"--sections must be at least {WARMUP_SECTIONS}, --new-tokens at least 1")
    if args.naive_sections is not None and not 1 <= args.naive_sections <= args.sections:
        parser.error("--naive-sections must be between 1 and --sections")
    try:
        device_kind = "cuda" if args.device.startswith("cuda") else "cpu"
        settings = parse_settings(args.settings or DEFAULT_SETTINGS[device_kind], args.device)
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))

    if args.profile:
        if device_kind != "cpu":
            parser.error("--profile runs on the CPU only")
        try:
            args.profile = parse_settings(args.profile, args.device)[0]
        except (argparse.ArgumentTypeError, IndexError) as exc:
            parser.error(str(exc) or "--profile needs PRECISION:BATCH")
        if PRECISIONS[args.profile[0]][0] != "torch":
            parser.error("--profile looks inside torch; give a torch setting such as int8:16")
    models = ["small", "vit5-base"] if args.model == "both" else [args.model]
    reports = [bench_model(name, args, settings) for name in models]
    measured = [r for report in reports for r in report["rows"] if "error" not in r]
    first = measured[0] if measured else {}
    print(
        f"\ntorch {first.get('torch', '?')}, python {sys.version.split()[0]}, device {args.device}"
    )
    if args.device.startswith("cuda"):
        print(f"GPU: {first.get('gpu', '?')}; CPU: {cpu_model()}")
    else:
        print(f"CPU: {cpu_model()}, {os.cpu_count()} logical CPUs")
    threads = sorted({(r["setting"].split()[0], r["threads"]) for r in measured})
    print(
        "threads: "
        + ", ".join(f"{kind} {n}" for kind, n in threads)
        + " (naive: torch's default; engine: set by the engine, for CTranslate2 its "
        "intra_threads)"
    )
    for report in reports:
        print_report(report, args)
        print_profile(report, args)
    if args.json:
        args.json.write_text(json.dumps(reports, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
