"""Label each paragraph of a report as opening, discussion, conclusion or other.

The input lines are joined into blocks where a report was typed with hard line breaks,
and each block is split into sentences. Every sentence is labelled by a linear-chain
model over its features (cue phrases, form, position, who speaks: see
`summarizer.segment_features`), with weights learned from labelled real and written
reports (prompts/segment.weights.json). A part may so begin in the middle of a
paragraph; a line takes the part that holds most of its text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

from summarizer import prompts
from summarizer.load import load
from summarizer.models import (
    PARTS,
    Label,
    Paragraph,
    Report,
    Section,
    SegmentedReport,
    Span,
)
from summarizer.segment_features import (
    HEADING_NUMBER,
    Block,
    blocks,
    features,
)
from summarizer.tagger import Tagger
from summarizer.text import syllables

WEIGHTS = "segment.weights.json"
LABELS: tuple[Label, ...] = ("opening", "discussion", "conclusion", "other")


@cache
def shipped_weights() -> Tagger:
    """The shipped weights of the segmenter."""
    return Tagger.load(prompts.prompts_dir() / WEIGHTS)


@dataclass
class Sequence:
    """What the segmenter reads of a report: its blocks, the features of each sentence,
    and the label set by the rules of prompts/cues.vi.toml ([segment] rules)."""

    blocks: list[Block]
    items: list[list[str]]
    fixed: list[Label | None]

    def allowed(self) -> list[frozenset[str] | None]:
        """The labels each sentence may take (None: any)."""
        return [frozenset([fixed]) if fixed else None for fixed in self.fixed]


def sequence(report: Report) -> Sequence:
    """The report read for segmentation."""
    all_blocks = blocks(report.paragraphs)
    items = features(all_blocks)
    rules = _rules()
    fixed = [next((rules[f] for f in item if f in rules), None) for item in items]
    return Sequence(all_blocks, items, fixed)


@cache
def _rules() -> dict[str, Label]:
    return dict(prompts.load("cues.vi")["segment"]["rules"])


def segment(
    source: str | os.PathLike[str] | Report, *, weights: Tagger | None = None
) -> SegmentedReport:
    """Label every paragraph and group the parts into sections.

    `weights` replaces the shipped model (one fitted by benchmarks/train_segmenter.py).

    >>> doc = segment("Sáng 5/3, UBND xã tổ chức hội nghị. Ông Lê Văn Tâm chủ trì.\\n"
    ...               "Phát biểu kết luận, ông Tâm đề nghị các thôn tiếp tục làm tốt.")
    >>> [p.label for p in doc.paragraphs]
    ['opening', 'conclusion']
    """
    report = source if isinstance(source, Report) else load(source)
    read = sequence(report)
    all_blocks = read.blocks
    model = weights or shipped_weights()
    emissions = model.emissions(read.items)
    decoded = model.best_path(emissions, read.allowed())
    if decoded and all(label == "other" for label in decoded):
        # a report with a sentence of content has at least one part
        parts = frozenset(PARTS)
        allowed = [a if a is not None else parts for a in read.allowed()]
        if any(a is parts for a in allowed):
            decoded = model.best_path(emissions, allowed)
    labels = iter(decoded)
    for block in all_blocks:
        block.labels = [next(labels) for _ in block.sentences]
    headings = {b: k.heading for b, k in enumerate(all_blocks) if k.heading is not False}
    _label_headings(all_blocks, headings)
    paragraphs, places = _lines(report.paragraphs, all_blocks)
    return SegmentedReport(
        source=report.source,
        paragraphs=paragraphs,
        sections=_sections(paragraphs, all_blocks, places, headings),
    )


def _label_headings(all_blocks: list[Block], headings: dict[int, Label | None]) -> None:
    """A heading takes the part it names, else (if numbered) the part of the text under it.

    An unnumbered capitals heading that names no conclusion ("NỘI DUNG CUỘC HỌP") is other.
    Everything under a conclusion heading is conclusion, up to the next other heading.
    """
    label: dict[int, Label] = {}
    for index in sorted(headings, reverse=True):
        block, named = all_blocks[index], headings[index]
        numbered = bool(HEADING_NUMBER.match(block.folded))
        capitals = block.text.isupper() and not numbered
        if named == "conclusion" or (named and not capitals):
            label[index] = named
        elif numbered:
            label[index] = next(
                (
                    label.get(j, all_blocks[j].labels[0])
                    for j in range(index + 1, len(all_blocks))
                    if all_blocks[j].labels
                ),
                "other",
            )
        else:
            label[index] = "other"
        block.labels = [label[index]] * len(block.sentences)
    inside = False
    for j, block in enumerate(all_blocks):
        if j in headings:
            inside = label[j] == "conclusion"
        elif inside:
            block.labels = [
                "conclusion" if part in ("opening", "discussion") else part for part in block.labels
            ]


def _lines(
    paragraphs: list[Paragraph], blocks: list[Block]
) -> tuple[list[Paragraph], list[list[Span]]]:
    """Each input line with the sentences that begin on it and the part that holds most of
    it; and for each block, where each of its sentences is (its line, its place there)."""
    out: list[Paragraph] = []
    places: list[list[Span]] = []
    for block in blocks:
        ends = [*block.line_offsets[1:], len(block.text) + 1]
        count = len(block.sentences)
        spans: list[Span] = []
        first = 0  # the first sentence that does not end before the line
        if len(block.lines) == 1:  # the common case: a line of whole sentences
            line = block.lines[0]
            label = _most(block) if len(set(block.labels)) > 1 else block.labels[0]
            out.append(
                paragraphs[line].model_copy(update={"label": label, "sentences": block.sentences})
            )
            places.append([Span(paragraph=line, sentence=k) for k in range(count)])
            continue
        for line, start, end in zip(block.lines, block.line_offsets, ends, strict=True):
            while first < count and block.offsets[first] + len(block.sentences[first]) <= start:
                first += 1
            weight: dict[Label, int] = {}
            starting: list[str] = []
            k = first
            while k < count and block.offsets[k] < end:
                offset, sentence = block.offsets[k], block.sentences[k]
                overlap = min(end, offset + len(sentence)) - max(start, offset)
                if overlap > 0:
                    weight[block.labels[k]] = weight.get(block.labels[k], 0) + overlap
                if start <= offset:
                    spans.append(Span(paragraph=line, sentence=len(starting)))
                    starting.append(sentence)
                k += 1
            label = max(weight, key=weight.__getitem__) if weight else block.labels[0]
            out.append(paragraphs[line].model_copy(update={"label": label, "sentences": starting}))
        places.append(spans)
    return out, places


def _most(block: Block) -> Label:
    """The label of the most characters of a one-line block."""
    weight: dict[Label, int] = {}
    for label, sentence in zip(block.labels, block.sentences, strict=True):
        weight[label] = weight.get(label, 0) + len(sentence)
    return max(weight, key=weight.__getitem__)


def _sections(
    paragraphs: list[Paragraph],
    blocks: list[Block],
    places: list[list[Span]],
    headings: set[int],
) -> list[Section]:
    """Sentences of each part; a short heading belongs to its part but is not summarized."""
    by_kind: dict[str, list[tuple[Span, str]]] = {kind: [] for kind in PARTS}
    for b, block in enumerate(blocks):
        if b in headings and len(syllables(block.text)) <= 10:
            continue
        for k, sentence in enumerate(block.sentences):
            kind = block.labels[k]
            if kind != "other":
                by_kind[kind].append((places[b][k], sentence))
    sections = []
    for kind in PARTS:
        spans = by_kind[kind]
        held = {span.paragraph for span, _ in spans}
        indexes = [p.index for p in paragraphs if p.label == kind or p.index in held]
        if indexes or spans:
            sections.append(
                Section(
                    kind=kind,
                    paragraph_indexes=indexes,
                    sentences=[sentence for _, sentence in spans],
                    spans=[span for span, _ in spans],
                )
            )
    return sections
