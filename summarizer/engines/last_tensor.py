"""A value made from a tensor, kept while that tensor lives.

Models hand the same tensor to many layers: the encoder's output to every layer's
cross-attention, T5's position bias to every layer's attention. What each layer would
make of it again (its int8 form, a contiguous copy) is made once, for the last tensor
given, and dropped when that tensor is.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

import torch

T = TypeVar("T")


class LastTensor(Generic[T]):
    """make(tensor) for the last tensor called with, made once while it lives."""

    def __init__(self, make: Callable[[torch.Tensor], T]) -> None:
        self._make = make
        self._held: tuple[weakref.ref[torch.Tensor], T] | None = None

    def __call__(self, tensor: torch.Tensor) -> T:
        held = self._held  # read once: another thread may replace it
        if held is not None and held[0]() is tensor:
            return held[1]
        made = self._make(tensor)
        self._held = (weakref.ref(tensor, self._forget), made)
        return made

    def _forget(self, _: object) -> None:
        self._held = None
