"""Attention for generation on the CPU, registered with transformers as "summarizer_cpu".

transformers' "sdpa" attention turns a T5 position bias and a padding mask into one float
mask of batch x heads x queries x keys before every call (200 MB per encoder layer for 16
sections of 512 tokens), and the CPU flash kernel it then calls is slow for one query
token, the shape of every decoding step. Here:

- one query token (each decoding step): two matrix products and a softmax; the position
  bias (the same for every section) and the padding mask are added by broadcasting;
  keys and values kept in bfloat16 (summarizer.engines.row_int8) are multiplied in
  bfloat16, the scores and the softmax in float32;
- many query tokens without a causal mask (the encoder), key padding at the end: each
  section attends over its own keys only, with the shared position bias as the mask, so
  nothing batch-sized is built and no padded key is looked at.

Anything else (training, a causal mask over many queries, grouped heads, attention
weights asked for) goes to transformers' own "sdpa".
"""

from __future__ import annotations

from typing import Any

import torch
from transformers import AttentionInterface
from transformers.integrations.sdpa_attention import sdpa_attention_forward
from transformers.masking_utils import AttentionMaskInterface, sdpa_mask

from summarizer.engines.last_tensor import LastTensor

NAME = "summarizer_cpu"


def attention(
    module: torch.nn.Module,
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    attention_mask: torch.Tensor | None,
    dropout: float = 0.0,
    scaling: float | None = None,
    is_causal: bool | None = None,
    position_bias: torch.Tensor | None = None,
    **kwargs: Any,
) -> tuple[torch.Tensor, None]:
    """Same inputs and output as transformers' sdpa attention: (batch, queries, heads, dim)."""
    plain = (
        not module.training
        and not kwargs.get("output_attentions")
        and getattr(module, "num_key_value_groups", 1) == 1
        and query.shape[1] == key.shape[1]
        and (attention_mask is None or attention_mask.dtype == torch.bool)
    )
    if plain and query.shape[2] == 1:
        return _one_query(query, key, value, attention_mask, scaling, position_bias), None
    key, value = key.to(query.dtype), value.to(query.dtype)  # kept in bfloat16 (row_int8)
    if position_bias is not None and not position_bias.is_contiguous():
        position_bias = _contiguous(position_bias)
    causal = is_causal if is_causal is not None else getattr(module, "is_causal", False)
    if plain and not causal:
        lengths = _key_lengths(attention_mask, key.shape[2])
        if lengths is not None:
            return _per_section(query, key, value, lengths, scaling, position_bias), None
    return sdpa_attention_forward(
        module,
        query,
        key,
        value,
        attention_mask,
        dropout=dropout,
        scaling=scaling,
        is_causal=is_causal,
        position_bias=position_bias,
        **kwargs,
    )


def _one_query(
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    mask: torch.Tensor | None,
    scaling: float | None,
    bias: torch.Tensor | None,
) -> torch.Tensor:
    scores = torch.matmul(query.to(key.dtype), key.transpose(-1, -2)).to(query.dtype)
    scale = query.shape[-1] ** -0.5 if scaling is None else scaling
    if scale != 1.0:
        scores.mul_(scale)
    if bias is not None:
        scores = scores + bias
    if mask is not None:
        scores = scores.masked_fill(~mask, torch.finfo(scores.dtype).min)
    weights = torch.softmax(scores, dim=-1, dtype=torch.float32).to(value.dtype)
    return torch.matmul(weights, value).to(query.dtype).transpose(1, 2).contiguous()


# T5 hands the same position bias (transposed: batch x heads x queries x keys) to every
# layer, and sdpa makes it contiguous before each call: 12 MB copied per layer for one
# text of 480 tokens. Copied once here, the later layers find it contiguous.
_contiguous = LastTensor(torch.Tensor.contiguous)


def _key_lengths(mask: torch.Tensor | None, keys: int) -> list[int] | None:
    """Valid keys per section when the mask only pads keys at the end; None otherwise."""
    if mask is None:
        return None  # nothing padded: sdpa takes the position bias as it is
    if mask.shape[1] != 1:
        return None
    valid = mask[:, 0, 0, :]
    if mask.shape[2] > 1 and not bool((mask == valid[:, None, None, :]).all()):
        return None  # the mask changes from query to query
    lengths = valid.sum(dim=-1)
    at_end = bool((valid == (torch.arange(keys) < lengths[:, None])).all())
    if not at_end or not bool((lengths > 0).all()):
        return None
    return [int(n) for n in lengths]


def _per_section(
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    lengths: list[int],
    scaling: float | None,
    bias: torch.Tensor | None,
) -> torch.Tensor:
    out = torch.empty_like(query)
    for i, n in enumerate(lengths):
        mask = None
        if bias is not None:
            mask = bias[i if bias.shape[0] > 1 else 0, :, :, :n].unsqueeze(0)
        out[i : i + 1] = torch.nn.functional.scaled_dot_product_attention(
            query[i : i + 1],
            key[i : i + 1, :, :n],
            value[i : i + 1, :, :n],
            attn_mask=mask,
            scale=scaling,
        )
    return out.transpose(1, 2).contiguous()


def register() -> str:
    """Make NAME usable as attn_implementation; returns NAME."""
    AttentionInterface.register(NAME, attention)
    AttentionMaskInterface.register(NAME, sdpa_mask)
    return NAME
