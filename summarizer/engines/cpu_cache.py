"""The decoder's cache on the CPU: self-attention grown in place, cross-attention kept.

transformers' dynamic cache concatenates each step's keys and values to the cache, which
copies the whole cache at every step: at batch 16 on ViT5-base, 100 MB a step by the 96th
token, each into a fresh allocation. GrowingLayer writes them into a buffer with room to
spare (half as much again when full, up to the most tokens generate() may add) and hands
out views of its front, so a step copies its own token only. KeptLayer keeps the
cross-attention keys and values as they come (row_int8 lays them out contiguous), where
transformers' layer copies them. The numbers are the same: attention reads the same keys
and values."""

from __future__ import annotations

import inspect
from typing import Any

import torch
from transformers.cache_utils import Cache, DynamicCache, DynamicLayer, EncoderDecoderCache

_FIRST_ROOM = 64  # tokens a cache layer has room for at first


class GrowingLayer(DynamicLayer):
    """A cache layer kept at the front of a buffer with room to spare."""

    room: tuple[torch.Tensor, torch.Tensor] | None = None
    most: int | None = None  # tokens the cache will hold at most, when known

    def update(
        self, key_states: torch.Tensor, value_states: torch.Tensor, *args: Any, **kwargs: Any
    ) -> tuple[torch.Tensor, torch.Tensor]:
        if not self.is_initialized:
            self.lazy_initialization(key_states, value_states)
        length = self.get_seq_length()
        end = length + key_states.shape[-2]
        if not self._fits(key_states, end):
            self._make_room(key_states, value_states, length, end)
        assert self.room is not None
        keys, values = self.room
        keys[..., length:end, :] = key_states
        values[..., length:end, :] = value_states
        self.keys, self.values = keys[..., :end, :], values[..., :end, :]
        return self.keys, self.values

    def _fits(self, new: torch.Tensor, end: int) -> bool:
        """Whether the cache is still the front of the buffer (not replaced by a reorder or
        a selection of the batch) and the buffer has room up to `end`."""
        if self.room is None:
            return False
        room = self.room[0]
        held = self.keys if self.keys.numel() else room[..., :0, :]
        return (
            held.data_ptr() == room.data_ptr()
            and held.stride() == room.stride()
            and room.shape[:-2] == new.shape[:-2]
            and room.shape[-1] == new.shape[-1]
            and end <= room.shape[-2]
        )

    def _make_room(
        self, key_states: torch.Tensor, value_states: torch.Tensor, length: int, end: int
    ) -> None:
        size = max(end + end // 2, _FIRST_ROOM)
        if self.most is not None:
            size = max(end, min(size, self.most))
        made = []
        for old, new in ((self.keys, key_states), (self.values, value_states)):
            buffer = new.new_empty((*new.shape[:-2], size, new.shape[-1]))
            if length:
                buffer[..., :length, :] = old
            made.append(buffer)
        self.room = (made[0], made[1])

    def reorder_cache(self, beam_idx: torch.LongTensor) -> None:
        if self.get_seq_length() > 0:  # in place: the cache stays the front of the buffer
            self.keys.copy_(self.keys.index_select(0, beam_idx.to(self.keys.device)))
            self.values.copy_(self.values.index_select(0, beam_idx.to(self.values.device)))


class GrowingCache(DynamicCache):
    """transformers' dynamic cache made of GrowingLayer layers, each holding at most
    `most` tokens when given (more if asked: it is a size to allocate, not a limit)."""

    def __init__(self, most: int | None = None) -> None:
        def layer() -> GrowingLayer:
            made = GrowingLayer()
            made.most = most
            return made

        Cache.__init__(self, layer_class_to_replicate=layer)


class KeptLayer(DynamicLayer):
    """A cache layer filled once (cross-attention): keys and values that are already
    contiguous are kept as they are, where transformers' layer copies them (row_int8 lays
    out cross-attention keys and values so that they are)."""

    def update(
        self, key_states: torch.Tensor, value_states: torch.Tensor, *args: Any, **kwargs: Any
    ) -> tuple[torch.Tensor, torch.Tensor]:
        if self.is_initialized and self.get_seq_length():
            return super().update(key_states, value_states, *args, **kwargs)
        if not self.is_initialized:
            self.lazy_initialization(key_states, value_states)
        self.keys, self.values = key_states.contiguous(), value_states.contiguous()
        return self.keys, self.values


class KeptCache(DynamicCache):
    """transformers' dynamic cache made of KeptLayer layers."""

    def __init__(self) -> None:
        Cache.__init__(self, layer_class_to_replicate=KeptLayer)


def decoder_cache(model: Any, max_new_tokens: int | None = None) -> dict[str, Any]:
    """generate() keyword giving an encoder-decoder model a GrowingCache for its
    self-attention and a KeptCache for its cross-attention."""
    most = None if max_new_tokens is None else max_new_tokens + 1  # and the start token
    cache = EncoderDecoderCache(GrowingCache(most), KeptCache())
    name = "cache" if "cache" in inspect.signature(model.forward).parameters else "past_key_values"
    return {name: cache}
