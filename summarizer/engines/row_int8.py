"""Int8 Linear layers on the CPU whose results do not depend on the batch.

torch's dynamic quantization turns a Linear layer's input into int8 with one scale for
the whole input tensor: the largest value of any text in the batch sets the scale of
all, so a text's summary changes with the texts beside it. Here each row (one token of
one text) gets its own scale: the row is divided by its largest absolute value over
127 and rounded to int8, the weights are int8 with one scale per output channel, and
the integer product (`torch._int_mm`, int32 accumulation) is exact. The row's scale and
the channel's scale are multiplied back afterwards, element by element, so each row's
result is what it would be alone, whatever else is in the batch.

`share_inputs()` joins the layers that read the same input into one product (the same
numbers, one quantization of the input and one call instead of three); `cross_attention()`
quantizes the encoder's output once for the keys and values of every decoder layer.

`prepared()` keeps the quantized weights on disk (summarizer.engines.model_cache, kind
"int8"): later runs build the model's layers empty and fill them from that file, so the
float32 weights of the Linear layers are never read again. For ViT5-base that is 0.9 GB
of float32 weights the process does not hold at any time, a third of the peak memory of
quantizing the model on every load.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from summarizer.engines import model_cache
from summarizer.engines.last_tensor import LastTensor

WEIGHTS = "model.safetensors"
FORMAT = 2  # of the files written by save(); a new format is prepared again

_TINY = 1e-30  # the scale of a row of zeros (any will do)
_LEVELS = 127.0  # int8 values used: -127 ... 127 (symmetric)
_CHUNK = 512  # rows quantized and multiplied at a time: their temporaries stay in the CPU cache


class RowInt8Linear(torch.nn.Module):
    """A Linear layer computed in int8 with one input scale per row."""

    def __init__(self, linear: torch.nn.Linear) -> None:
        super().__init__()
        weight = linear.weight.detach().float()
        scale = weight.abs().amax(dim=1).clamp_min(_TINY) / _LEVELS
        q = torch.round(weight / scale[:, None]).clamp_(-_LEVELS, _LEVELS).to(torch.int8)
        self.register_buffer("qweight", q)  # out x in
        self.register_buffer("scale", scale.to(linear.weight.dtype))
        self.bias = linear.bias
        self.in_features, self.out_features = linear.in_features, linear.out_features
        self.out_dtype: torch.dtype | None = None
        self.shared: SharedInput | None = None  # layers that read the same input (share_inputs)
        # its input quantized once for all the layers that read it (cross_attention)
        self.inputs: LastTensor[tuple[torch.Tensor, torch.Tensor]] | None = None
        self.head_size: int | None = None  # attention keys or values laid out by heads

    def weight(self) -> torch.Tensor:
        """The weight as the int8 products see it (a method, as on torch's quantized
        Linear: models that look at `layer.weight` to cast their input leave it alone)."""
        return self.qweight.float() * self.scale[:, None].float()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.shared is not None:
            return self.shared.output(self, x)
        rows = x.reshape(-1, self.in_features)
        quantized = self.inputs(x) if self.inputs is not None else None
        if self.head_size is not None and x.dim() == 3:
            return self._by_heads(x, rows, quantized)
        out = _product(rows, self.qweight, self.scale, self.bias, self.out_dtype, quantized)
        return out.view(*x.shape[:-1], self.out_features)

    def _by_heads(
        self,
        x: torch.Tensor,
        rows: torch.Tensor,
        quantized: tuple[torch.Tensor, torch.Tensor] | None,
    ) -> torch.Tensor:
        """The output (batch x tokens x heads x head size) as a view of memory laid out
        batch x heads x tokens x head size: what attention reads once the model has split
        the heads and swapped tokens and heads, so the cache keeps it without a copy."""
        assert self.head_size is not None
        batch, length = x.shape[0], x.shape[1]
        heads = self.out_features // self.head_size
        dtype = self.out_dtype or x.dtype
        out = torch.empty(batch, heads, length, self.head_size, dtype=dtype)
        for b in range(batch):
            for start in range(0, length, _CHUNK):
                stop = min(start + _CHUNK, length)
                part = slice(b * length + start, b * length + stop)
                given = None if quantized is None else (quantized[0][part], quantized[1][part])
                values = _product(rows[part], self.qweight, self.scale, self.bias, dtype, given)
                out[b, :, start:stop] = values.view(stop - start, heads, -1).transpose(0, 1)
        return out.permute(0, 2, 1, 3)


def _quantize(rows: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Rows as int8, each divided by its own largest absolute value over 127, and the
    scales to multiply back."""
    scale = rows.abs().amax(dim=1, keepdim=True).clamp_min_(_TINY).div_(_LEVELS)
    return torch.round(rows / scale).to(torch.int8), scale


def _product(
    rows: torch.Tensor,
    qweight: torch.Tensor,
    scale: torch.Tensor,
    bias: torch.Tensor | None,
    out_dtype: torch.dtype | None = None,
    quantized: tuple[torch.Tensor, torch.Tensor] | None = None,
) -> torch.Tensor:
    """Rows of in_features times an int8 weight, each row quantized by itself (or taken
    from `quantized`), in blocks of _CHUNK rows."""
    dtype = out_dtype or rows.dtype
    count = rows.shape[0]
    if count == 0:
        return torch.empty(0, qweight.shape[0], dtype=dtype)
    out = None if count <= _CHUNK else torch.empty(count, qweight.shape[0], dtype=dtype)
    for start in range(0, count, _CHUNK):
        part = slice(start, start + _CHUNK)
        if quantized is None:
            q, row_scale = _quantize(rows[part])
        else:
            q, row_scale = quantized[0][part], quantized[1][part]
        values = torch.mul(torch._int_mm(q, qweight.t()), row_scale).mul_(scale)
        if bias is not None:
            values.add_(bias)
        if out is None:
            return values if values.dtype == dtype else values.to(dtype)
        out[part] = values
    assert out is not None
    return out


def _quantize_in_blocks(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """_quantize() of all the rows of x, _CHUNK rows at a time."""
    rows = x.reshape(-1, x.shape[-1])
    q = torch.empty(rows.shape, dtype=torch.int8)
    scale = torch.empty(rows.shape[0], 1, dtype=rows.dtype)
    for start in range(0, rows.shape[0], _CHUNK):
        part = slice(start, start + _CHUNK)
        q[part], scale[part] = _quantize(rows[part])
    return q, scale


class SharedInput:
    """Int8 layers that read the same input (an attention's q, k and v; a gated
    feed-forward's two input layers), computed as one product when the first is called.

    The input is quantized once and multiplied by the layers' weights side by side; as
    each row's products are exact integers and its scales are applied element by element,
    every layer's output is exactly what it gives alone. A layer called with another input
    (or out of turn) is computed alone.
    """

    def __init__(self, members: list[RowInt8Linear]) -> None:
        self.members = members
        self.qweight = _joined([m.qweight for m in members])
        self.scale = _joined([m.scale for m in members])
        biases = [m.bias for m in members]
        self.bias = None if biases[0] is None else _joined([b.detach() for b in biases])
        self.sizes = [m.out_features for m in members]
        start = 0
        for m in members:  # each keeps a view into the joined weight, not a copy
            m.qweight = self.qweight[start : start + m.out_features]
            m.scale = self.scale[start : start + m.out_features]
            m.shared = self
            start += m.out_features
        self.input: torch.Tensor | None = None
        self.ready: dict[int, torch.Tensor] = {}

    def output(self, member: RowInt8Linear, x: torch.Tensor) -> torch.Tensor:
        if member is self.members[0]:
            out = _product(x.reshape(-1, member.in_features), self.qweight, self.scale, self.bias)
            parts = out.view(*x.shape[:-1], out.shape[-1]).split(self.sizes, dim=-1)
            self.input, self.ready = x, dict(enumerate(parts))
        index = self.members.index(member)
        if self.input is x and index in self.ready:
            part = self.ready.pop(index)
            if not self.ready:
                self.input = None
            return part
        out = _product(x.reshape(-1, member.in_features), member.qweight, member.scale, member.bias)
        return out.view(*x.shape[:-1], member.out_features)


def _joined(parts: list[torch.Tensor]) -> torch.Tensor:
    """The parts one after another in one tensor: a view of the memory they already lie in
    one after another (as load() gives them), else a copy."""
    first = parts[0]
    memory, offset = first.untyped_storage().data_ptr(), first.storage_offset()
    for part in parts:
        if (
            part.untyped_storage().data_ptr() != memory
            or not part.is_contiguous()
            or part.storage_offset() != offset
            or part.shape[1:] != first.shape[1:]
        ):
            return torch.cat(parts)
        offset += part.numel()
    size = (sum(part.shape[0] for part in parts), *first.shape[1:])
    return first.as_strided(size, torch.empty(size, device="meta").stride())


# An attention's query, key and value layers (T5/ViT5, BART/BARTpho), its modules of
# cross-attention, and the layers of one module that read the same input.
_ATTENTION = (("q", "k", "v"), ("q_proj", "k_proj", "v_proj"))
_CROSS_ATTENTION = ("EncDecAttention", "encoder_attn")
_SHARED_INPUTS = (*_ATTENTION, ("wi_0", "wi_1"))


def share_inputs(model: Any) -> int:
    """Join the int8 layers that read the same input (SharedInput); returns how many groups.

    Cross-attention is left alone (cross_attention()): its query reads the decoder, its
    keys and values the encoder, each kept as one tensor read at every step.
    """
    groups = 0
    for name, module in model.named_modules():
        if name.endswith(_CROSS_ATTENTION):
            continue
        for names in _SHARED_INPUTS:
            members = [getattr(module, n, None) for n in names]
            if (
                all(isinstance(m, RowInt8Linear) and m.shared is None for m in members)
                and len({m.in_features for m in members}) == 1
                and len({m.bias is None for m in members}) == 1
                and all(m.out_dtype is None for m in members)
            ):
                SharedInput(members)
                groups += 1
    return groups


def quantize(model: Any) -> Any:
    """The model with every Linear layer (of two inputs or more) made a RowInt8Linear."""
    _replace(model)
    return model


def native_bf16() -> bool:
    """Whether this CPU multiplies bfloat16 in hardware (AVX-512 BF16 or AMX)."""
    try:
        return bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())
    except AttributeError:  # a torch without these probes
        return False


def cross_attention(model: Any, bf16: bool) -> int:
    """Set up the cross-attention keys and values of a quantized model; returns how many
    layers were set up.

    They all read the encoder's output: it is quantized once for all of them
    (LastTensor). They come out laid out by heads (RowInt8Linear._by_heads), so the cache
    keeps them without a copy. With `bf16` they come out in bfloat16: they are the
    decoder's largest cache (for ViT5-base, 16 texts of 470 tokens: 0.6 GB in float32),
    read whole at every step, and in bfloat16 that is half the memory and half the
    reading. Each text's keys and values are still its own, so nothing depends on the batch.
    """
    encoder_output = LastTensor(_quantize_in_blocks)
    changed = 0
    for name, module in model.named_modules():
        if not name.endswith(_CROSS_ATTENTION):
            continue
        head_size = getattr(module, "key_value_proj_dim", getattr(module, "head_dim", None))
        for _, key, value in _ATTENTION:
            for layer in (getattr(module, key, None), getattr(module, value, None)):
                if not isinstance(layer, RowInt8Linear):
                    continue
                layer.inputs = encoder_output
                if isinstance(head_size, int) and layer.out_features % head_size == 0:
                    layer.head_size = head_size
                if bf16:
                    layer.out_dtype = torch.bfloat16
                changed += 1
    return changed


def _replace(module: torch.nn.Module) -> None:
    for name, child in module.named_children():
        if isinstance(child, torch.nn.Linear) and child.in_features >= 2:
            setattr(module, name, RowInt8Linear(child))
        else:
            _replace(child)


def prepared(
    folder: Path,
    name: str | None,
    build: Callable[[], Any],
    attention: str | None,
    bf16_cache: bool = False,
) -> tuple[Any, float]:
    """The model of `folder` quantized and ready to run, and the seconds spent quantizing
    (0 when cached): its layers that read the same input joined (share_inputs), its
    cross-attention set up (cross_attention), with keys and values in bfloat16 when
    `bf16_cache`.

    `build()` loads the float model; it is called only when the cache does not hold the
    quantized one yet (a damaged one is prepared again), or cannot be written (then the
    model is quantized in memory, as without a cache).
    """
    model, seconds = _quantized(folder, name, build, attention)
    cross_attention(model, bf16_cache)
    share_inputs(model)  # loaded from the cache: finds its layers' weights already joined
    return model, seconds


def _quantized(
    folder: Path, name: str | None, build: Callable[[], Any], attention: str | None
) -> tuple[Any, float]:
    import transformers
    from safetensors import SafetensorError

    versions = f"torch {torch.__version__} transformers {transformers.__version__} {FORMAT}"
    target = model_cache.root("int8") / model_cache.key(folder, "row-int8", versions, name)
    made: list[Any] = []

    def make(staging: Path) -> None:
        made.append(quantize(build()))
        share_inputs(made[0])
        save(made[0], staging)

    for _ in range(2):
        try:
            path, seconds = model_cache.build(target, WEIGHTS, make)
        except OSError:  # a cache that cannot be written: quantized in memory only
            return (made[0] if made else quantize(build())), 0.0
        if made:
            return made[0], seconds
        try:
            return load(path, attention), 0.0
        except (OSError, ValueError, KeyError, RuntimeError, SafetensorError):
            shutil.rmtree(path, ignore_errors=True)  # damaged: prepared again
    return quantize(build()), 0.0


def save(model: Any, folder: Path) -> None:
    """Write a quantized model's weights, config and generation config into `folder`."""
    from safetensors.torch import save_file

    tensors: dict[str, torch.Tensor] = {}
    aliases: dict[str, str] = {}  # tied weights are stored once
    slices: dict[str, list[Any]] = {}  # layers joined by share_inputs: [stored, start, stop]
    seen: dict[tuple[Any, ...], str] = {}
    groups = {id(m.shared): m.shared for m in model.modules() if isinstance(m, RowInt8Linear)}
    names = {id(m): n for n, m in model.named_modules()}
    for number, group in enumerate(g for g in groups.values() if g is not None):
        parts = {"qweight": group.qweight, "scale": group.scale, "bias": group.bias}
        for part, joined in parts.items():
            if joined is None:
                continue
            stored = f"joined.{number}.{part}"
            tensors[stored] = joined.contiguous()
            start = 0
            for member, size in zip(group.members, group.sizes, strict=True):
                slices[f"{names[id(member)]}.{part}"] = [stored, start, start + size]
                start += size
    for key, tensor in model.state_dict().items():
        if key in slices:
            continue
        same = (tensor.data_ptr(), tensor.shape, tensor.dtype, tensor.stride())
        if tensor.numel() and same in seen:
            aliases[key] = seen[same]
            continue
        seen[same] = key
        tensors[key] = tensor.contiguous()
    model.config.save_pretrained(folder)
    model.generation_config.save_pretrained(folder)
    metadata = {"aliases": json.dumps(aliases), "slices": json.dumps(slices)}
    save_file(tensors, str(folder / WEIGHTS), metadata=metadata)


def load(folder: Path, attention: str | None) -> Any:
    """A model written by save(): its layers built empty, then filled from the file.

    Raises ValueError when the file does not fill every weight of the model.
    """
    from safetensors import safe_open
    from transformers import AutoConfig, AutoModelForSeq2SeqLM, GenerationConfig

    config = AutoConfig.from_pretrained(folder)
    options = {"attn_implementation": attention} if attention else {}
    with torch.device("meta"):
        model = AutoModelForSeq2SeqLM.from_config(config, **options)
        _replace(model)
    with safe_open(str(folder / WEIGHTS), framework="pt") as stored:
        metadata = stored.metadata() or {}
        aliases = json.loads(metadata.get("aliases", "{}"))
        slices = json.loads(metadata.get("slices", "{}"))
        tensors = {key: stored.get_tensor(key) for key in stored.keys()}  # noqa: SIM118
    joined = {key: tensors.pop(key) for key in [k for k in tensors if k.startswith("joined.")]}
    for key, (source, start, stop) in slices.items():
        tensors[key] = joined[source][start:stop]  # views: share_inputs() finds them joined
    missing, unexpected = model.load_state_dict(tensors, strict=False, assign=True)
    if unexpected or set(missing) - set(aliases):
        raise ValueError(f"{folder}: the stored weights do not fit the model")
    for alias, key in aliases.items():
        owner, _, attribute = alias.rpartition(".")
        kept_owner, _, kept = key.rpartition(".")
        setattr(
            model.get_submodule(owner), attribute, getattr(model.get_submodule(kept_owner), kept)
        )
    if any(t.is_meta for t in [*model.parameters(), *model.buffers()]):
        raise ValueError(f"{folder}: the stored weights leave part of the model empty")
    model.generation_config = GenerationConfig.from_pretrained(folder)
    return model.eval()
