"""The CPU attention gives what transformers' sdpa gives, for the shapes generation uses."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from transformers.integrations.sdpa_attention import sdpa_attention_forward  # noqa: E402

from summarizer.engines import cpu_attention  # noqa: E402


class _Module(torch.nn.Module):
    def __init__(self, is_causal: bool = False) -> None:
        super().__init__()
        self.is_causal = is_causal


def _inputs(batch, queries, keys, lengths, bias=True):
    gen = torch.Generator().manual_seed(queries * 100 + keys)
    q = torch.randn(batch, 4, queries, 8, generator=gen)
    k = torch.randn(batch, 4, keys, 8, generator=gen)
    v = torch.randn(batch, 4, keys, 8, generator=gen)
    mask = torch.arange(keys)[None, :] < torch.tensor(lengths)[:, None]  # padding at the end
    mask = mask[:, None, None, :].expand(batch, 1, queries, keys)
    position_bias = torch.randn(1, 4, queries, keys, generator=gen) if bias else None
    return q, k, v, mask, position_bias


@pytest.mark.parametrize("bias", [True, False])
def test_encoder_shape_with_padding_matches_sdpa(bias):
    q, k, v, mask, position_bias = _inputs(3, 7, 7, [7, 5, 2], bias)
    module = _Module().eval()
    ours, _ = cpu_attention.attention(
        module, q, k, v, mask, scaling=1.0, position_bias=position_bias
    )
    theirs, _ = sdpa_attention_forward(
        module, q, k, v, mask, scaling=1.0, position_bias=position_bias
    )
    assert ours.shape == theirs.shape == (3, 7, 4, 8)
    # rows of padded queries are never read; compare the real ones
    for i, n in enumerate([7, 5, 2]):
        torch.testing.assert_close(ours[i, :n], theirs[i, :n], rtol=1e-5, atol=1e-5)


def test_one_query_with_padding_matches_sdpa():
    q, k, v, mask, position_bias = _inputs(3, 1, 9, [9, 4, 6])
    module = _Module().eval()
    ours, _ = cpu_attention.attention(
        module, q, k, v, mask, scaling=0.5, position_bias=position_bias
    )
    theirs, _ = sdpa_attention_forward(
        module, q, k, v, mask, scaling=0.5, position_bias=position_bias
    )
    torch.testing.assert_close(ours, theirs, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("queries", [1, 5])
def test_keys_and_values_in_bfloat16_give_float32_attention_close_to_full(queries):
    q, k, v, mask, position_bias = _inputs(3, queries, 9, [9, 4, 6])
    module = _Module().eval()
    full, _ = cpu_attention.attention(
        module, q, k, v, mask, scaling=0.5, position_bias=position_bias
    )
    half, _ = cpu_attention.attention(
        module, q, k.bfloat16(), v.bfloat16(), mask, scaling=0.5, position_bias=position_bias
    )
    assert half.dtype == torch.float32
    torch.testing.assert_close(half, full, rtol=0.02, atol=0.02)


def test_causal_attention_over_many_queries_is_left_to_sdpa():
    q, k, v, _, position_bias = _inputs(2, 5, 5, [5, 5])
    module = _Module(is_causal=True).eval()
    ours, _ = cpu_attention.attention(
        module, q, k, v, None, scaling=1.0, position_bias=position_bias
    )
    theirs, _ = sdpa_attention_forward(
        module, q, k, v, None, scaling=1.0, position_bias=position_bias
    )
    torch.testing.assert_close(ours, theirs)


def test_the_engine_uses_it_on_the_cpu_and_batching_changes_nothing(tiny_t5):
    from summarizer.engines.seq2seq import Seq2SeqEngine

    engine = Seq2SeqEngine(model=str(tiny_t5), device="cpu", batch_size=8, backend="torch")
    assert engine.model.config._attn_implementation == cpu_attention.NAME
    texts = [  # unequal lengths: padding in every batch
        "Sáng 11/7, Sở Nông nghiệp tổ chức hội nghị sơ kết công tác 6 tháng đầu năm.",
        "Tổng thu ngân sách đạt 52,3% dự toán.",
        "Phát biểu kết luận, đồng chí Bình đề nghị các đơn vị tiếp tục rà soát kế hoạch "
        "đầu tư công và báo cáo trước ngày 30/7.",
        "Hội nghị kết thúc.",
    ]
    batched = engine.summarize(texts)
    single = Seq2SeqEngine(model=str(tiny_t5), device="cpu", batch_size=1, backend="torch")
    assert batched == [single.summarize([t])[0] for t in texts]
