"""The labelled reports of tests/data/segment: the figures the segmenter must reach."""

from __future__ import annotations

import pytest

from benchmarks.segment_accuracy import evaluate
from benchmarks.train_segmenter import read_set
from tests.conftest import ROOT

DATA = ROOT / "tests/data/segment"
SHAPES = {
    "standard", "conclusion-first", "no-conclusion", "no-opening", "interleaved", "short",
    "task-list", "mid-paragraph", "captions", "byline", "chrome", "sapo", "one-line",
    "hard-breaks", "minutes",
}  # fmt: skip


@pytest.fixture(scope="module")
def labelled():
    docs = read_set("written", DATA)
    return docs, evaluate(docs)


def test_the_set_has_forty_reports_of_every_shape_and_ten_hard_ones(labelled):
    docs, _ = labelled
    written = [d.record for d in docs if "paragraphs" in d.record]
    assert len(written) >= 40
    assert sum(bool(r.get("hard")) for r in written) >= 10
    assert {"news", "minutes"} <= {r["genre"] for r in written}
    assert {shape for r in written for shape in r["shapes"]} >= SHAPES


def test_segmentation_reaches_the_targets(labelled):
    _, result = labelled
    assert result.accuracy >= 0.97
    assert result.prf("conclusion")[2] >= 0.95
    assert min(result.prf(label)[2] for label in ("opening", "discussion", "other")) >= 0.9


@pytest.mark.parametrize("fact", ["chair", "date", "organizer"])
def test_facts_reach_the_target(labelled, fact):
    _, result = labelled
    assert result.facts_total[fact] >= 40
    assert result.fact(fact) >= 0.9
    assert result.precision(fact) >= 0.97


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_no_shape_is_left_behind(labelled, shape):
    _, result = labelled
    counts = result.per_shape[shape]
    assert counts["right"] / counts["total"] >= 0.75


def test_parts_that_start_mid_paragraph_are_found(labelled):
    _, result = labelled
    assert result.starts_total >= 10
    assert result.starts_found / result.starts_total >= 0.7
