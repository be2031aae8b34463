"""Int8 Linear layers on the CPU whose results do not depend on the batch.

torch's dynamic quantization turns a Linear layer's input into int8 with one scale for
the whole input tensor: the largest value of any text in the batch sets the scale of
all, so a text's summary changes with the texts beside it. Here each row (one token of
one text) is first divided by its own largest absolute value, so that every row spans at
most [-1, 1], and a guard row holding +1 and -1 is added: the tensor's range, and so the
int8 scale, is then the same for every batch. The integer products are exact, and the
row's scale is multiplied back afterwards, so each row's result is what it would be
alone: int8 weights (one scale per output channel) and int8 inputs (one scale per row).
"""

from __future__ import annotations

from typing import Any

import torch

_TINY = 1e-30  # the scale of a row of zeros (any will do)
_linear_dynamic = torch.ops.quantized.linear_dynamic


class RowInt8Linear(torch.nn.Module):
    """A Linear layer computed in int8 with one input scale per row."""

    def __init__(self, linear: torch.nn.Linear) -> None:
        super().__init__()
        from torch.ao.nn.quantized.dynamic import Linear as DynamicLinear
        from torch.ao.quantization import per_channel_dynamic_qconfig

        plain = torch.nn.Linear(linear.in_features, linear.out_features, bias=False)
        plain.weight = linear.weight
        plain.qconfig = per_channel_dynamic_qconfig
        self.inner = DynamicLinear.from_float(plain)
        self.packed = self.inner._packed_params._packed_params
        self.bias = linear.bias
        self.in_features, self.out_features = linear.in_features, linear.out_features
        guard = torch.zeros(1, linear.in_features, dtype=linear.weight.dtype)
        guard[0, 0] = 1.0
        guard[0, -1] = -1.0
        self.register_buffer("guard", guard, persistent=False)

    def weight(self) -> torch.Tensor:
        """The int8 weight (a method, as on torch's quantized Linear: models that look
        at `layer.weight` to cast their input leave a quantized layer alone)."""
        return self.inner.weight()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rows = x.reshape(-1, self.in_features)
        scale = rows.abs().amax(dim=1, keepdim=True).clamp_min_(_TINY)
        both = torch.cat([rows / scale, self.guard])
        out = _linear_dynamic(both, self.packed, reduce_range=True)[:-1].mul_(scale)
        if self.bias is not None:
            out.add_(self.bias)
        return out.view(*x.shape[:-1], self.out_features)


def quantize(model: Any) -> Any:
    """The model with every Linear layer (of two inputs or more) made a RowInt8Linear."""
    import warnings

    with warnings.catch_warnings():  # torch notes its move to torchao on every call
        warnings.simplefilter("ignore")
        _replace(model)
    return model


def _replace(module: torch.nn.Module) -> None:
    for name, child in module.named_children():
        if isinstance(child, torch.nn.Linear) and child.in_features >= 2:
            setattr(module, name, RowInt8Linear(child))
        else:
            _replace(child)
