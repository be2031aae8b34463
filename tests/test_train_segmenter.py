"""Fitting the segmenter: reproducible weights, cues from prompts/, held-out figures."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest

from benchmarks.segment_accuracy import cross_validated
from benchmarks.train_segmenter import (
    REAL_NEWS,
    WRITTEN,
    Doc,
    fit,
    read_set,
    standard_sets,
)
from summarizer import load, prompts, segment, segment_features
from summarizer.segment import WEIGHTS, sequence
from summarizer.tagger import Tagger
from tests.conftest import ROOT

needs_real_set = pytest.mark.skipif(
    not REAL_NEWS.exists(), reason=f"{REAL_NEWS} not found (../shared is absent)"
)


def _written(n: int) -> list[Doc]:
    return read_set("written", WRITTEN)[:n]


def test_refitting_the_same_reports_gives_the_same_weights():
    docs = _written(10)
    assert fit(docs).to_json() == fit(docs).to_json()


@needs_real_set
def test_the_training_command_reproduces_the_shipped_weights():
    sets = standard_sets()
    shipped = (prompts.prompts_dir() / WEIGHTS).read_text(encoding="utf-8")
    assert fit([d for docs in sets.values() for d in docs]).to_json() == shipped


def _report(lines: list[str], labels: list[str], n: int) -> Doc:
    record = {"id": f"t{n}", "labels": labels, "paragraphs": lines}
    return Doc("written", f"t{n}", record, load("\n".join(lines)))


def test_a_cue_added_in_prompts_is_picked_up(monkeypatch):
    data = copy.deepcopy(prompts.load("cues.vi"))
    data["conclusion"]["cues"].append("chốt lại")
    real_load = prompts.load

    def patched(name: str):
        return data if name == "cues.vi" else real_load(name)

    monkeypatch.setattr(prompts, "load", patched)
    segment_features.cues.cache_clear()
    try:
        docs = [
            _report(
                [
                    f"Sáng {day}/3, UBND xã Phú {day} tổ chức hội nghị giao ban.",
                    f"Báo cáo cho biết, thu ngân sách đạt {90 + day}% dự toán.",
                    f"Ông Trần Văn Bình chốt lại, các thôn rà soát hộ nghèo trước ngày {day}/4.",
                ],
                ["opening", "discussion", "conclusion"],
                day,
            )
            for day in range(1, 9)
        ]
        read = sequence(docs[0].report)
        assert "cue:chốt lại" in read.items[2]
        weights = fit(docs)
        row = weights.features["cue:chốt lại"]
        assert max(range(4), key=row.__getitem__) == weights.labels.index("conclusion")
    finally:
        segment_features.cues.cache_clear()


def test_weights_are_read_back_as_written():
    tagger = Tagger(
        ("a", "b"), features={"x": [1.0, -1.0], "y": [-2.0, 2.0]}, transitions=[[0.5, 0], [0, 0]]
    )
    again = Tagger.from_json(tagger.to_json())
    assert again == tagger
    assert again.decode([["x"], ["y"], ["x"]]) == ["a", "b", "a"]
    assert again.decode([["x"], ["y"]], [None, frozenset({"a"})]) == ["a", "a"]


def test_segmenting_needs_no_training_library():
    code = (
        "import sys, summarizer; summarizer.segment('Sáng 5/3, UBND xã tổ chức hội nghị.');"
        "print('pycrfsuite' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "False"


def test_the_shipped_weights_file_is_one_feature_per_line():
    text = (prompts.prompts_dir() / WEIGHTS).read_text(encoding="utf-8")
    data = json.loads(text)
    assert tuple(data["labels"]) == ("opening", "discussion", "conclusion", "other")
    assert text.count("\n") >= len(data["features"])
    assert segment("Sáng 5/3, UBND xã tổ chức hội nghị.").paragraphs[0].label == "opening"


@pytest.mark.slow
@needs_real_set
def test_held_out_figures_on_real_reports_do_not_fall():
    """5-fold cross-validation over reports: the figures of the README, less a margin."""
    results = cross_validated(standard_sets(), 5)
    news, portal, written = results["real-news"], results["real-portal"], results["written"]
    assert written.accuracy >= 0.97
    assert news.accuracy >= 0.63 and news.prf("conclusion")[2] >= 0.56
    assert portal.accuracy >= 0.84 and portal.prf("conclusion")[2] >= 0.72
    for result in (news, portal):
        assert result.precision("chair") >= 0.97
        assert result.precision("date") >= 0.95
        assert result.precision("organizer") >= 0.95
