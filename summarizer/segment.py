"""Label each paragraph of a report as opening, discussion, conclusion or other.

The input lines are first joined into blocks where a report was typed with hard line
breaks. Blocks of page chrome, captions, headings and minutes fields are labelled by
their form; the others by a Viterbi decoder over cue phrases and position that prefers
the usual order but allows missing parts and a conclusion given first. A second pass
looks inside each block for a part that begins mid-paragraph, so labels also hold per
sentence; a line takes the part that holds most of its text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial

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
from summarizer.text import fold, split_sentences, syllables

_FIELD = re.compile(
    r"^[-–•+*]?\s*(thời gian|địa điểm|chủ trì|chủ tọa|chủ toạ|thư ký|người ghi biên bản"
    r"|thành phần|khách mời|hình thức|đại biểu tham dự|đại biểu mời|tổng số"
    r"|(thành viên |đại biểu |đảng viên |cổ đông )?(có mặt|vắng mặt|vắng))[^:.;]{0,30}:"
)
_DATE_IN_TEXT = re.compile(r"\d{1,2}/\d{1,2}|ngày \d{1,2}|\d{1,2} giờ|\d{1,2}h\d{0,2}")
_HEADING_NUMBER = re.compile(r"^([ivxlc]{1,5}|\d{1,2}|[a-zđ])[.)]\s")
_ENDS_SENTENCE = re.compile(r"[.!?…;:]['\"”’)\]]*$")
_MEETING_END = re.compile(
    r"^(cuộc họp|hội nghị|phiên họp|buổi làm việc|buổi họp|buổi sinh hoạt|biên bản|đại hội"
    r"|kỳ họp|cuộc họp trực tuyến)\b.{0,40}\b(kết thúc|bế mạc)"
)
_MEETING_END_MAX = 45
_FIGURE = re.compile(
    r"\d[\d.,]*\s*(%|tỷ|triệu|nghìn|ngàn|usd|đồng|ha|tấn|km|m2|m3|hộ|người|lượt|vụ|"
    r"hồ sơ|dự án|doanh nghiệp|hội viên|đoàn viên|đảng viên|học sinh|ca|trường hợp|tàu|xã)(?!\w)"
)
_GLUED = re.compile(
    r"(?<=[^\s.!?…:;,]) (?=(?:Sáng|Chiều|Tối|Trưa|Ngày|Sáng nay|Chiều nay|Hôm nay)\b"
    r"[^.;]{0,12}\d{1,2}[/-]\d{1,2}\b)"
    r"|(?<=\S) (?=(?:Chia sẻ|Tin khác|Tin liên quan|Bài liên quan|In bài|QR Code|Bình luận"
    r"|Lượt xem|Nguồn tin|Tiện ích thông tin)\b)"
    r"|(?<=\d{4} - \d\d:\d\d) |(?<=\d{4} \d\d:\d\d) "
)
_ITEM_START = re.compile(r"^([-–•+*]\s|\(?\d{1,2}[.)]\s|[a-zđ][.)]\s|[ivxlc]{1,5}[.)]\s)", re.I)
_LEAD_IN = re.compile(r"^(sáng|chiều|tối|trưa|ngày|hôm|sáng nay|chiều nay)\s+(nay\b|\d)", re.I)


@dataclass(frozen=True)
class _Cues:
    weights: dict[str, list[tuple[re.Pattern[str], float]]]
    position: dict[str, dict[str, float]]
    backward_penalty: float
    split_penalty: float
    split_margin: float
    figure_weight: float
    figure_cap: float
    heading_bonus: float
    headings: dict[str, re.Pattern[str]]
    back_reference: list[re.Pattern[str]]
    back_reference_bonus: float
    related: list[re.Pattern[str]]
    chrome: list[re.Pattern[str]]
    captions: list[re.Pattern[str]]
    chrome_max: int
    caption_max: int


@dataclass
class _Block:
    """One or more input lines that make one paragraph of the text."""

    lines: list[int]
    text: str
    sentences: list[str]
    offsets: list[int]  # where each sentence starts in `text`
    line_offsets: list[int]  # where each line starts in `text`
    folded: str = ""
    labels: list[Label] = field(default_factory=list)  # one per sentence


@cache
def _cues() -> _Cues:
    data = prompts.load("cues.vi")
    knobs = data["segment"]
    weights = {
        part: [
            (re.compile(r"(?<!\w)" + re.escape(fold(phrase)) + r"(?!\w)"), float(weight))
            for phrase, weight in data[part]["cues"].items()
        ]
        + [(re.compile(regex), float(weight)) for regex, weight in data["patterns"][part].items()]
        for part in PARTS
    }
    headings = {
        part: re.compile(
            r"^(?:(?:[ivxlc]{1,5}|\d{1,2}|[a-zđ])[.)]\s*)?(?:phần\s+)?(?:"
            + "|".join(re.escape(fold(h)) for h in data["headings"][part])
            + r")(?!\w)"
        )
        for part in PARTS
    }
    return _Cues(
        weights=weights,
        figure_weight=float(knobs["figure_weight"]),
        figure_cap=float(knobs["figure_cap"]),
        heading_bonus=float(knobs["heading_bonus"]),
        headings=headings,
        back_reference=[re.compile(p) for p in data["back_reference"]["patterns"]],
        back_reference_bonus=float(knobs["back_reference_bonus"]),
        related=[re.compile(p) for p in data["related"]["patterns"]],
        position={
            "first": knobs["position_first"],
            "middle": knobs["position_middle"],
            "last": knobs["position_last"],
        },
        backward_penalty=float(knobs["backward_penalty"]),
        split_penalty=float(knobs["split_penalty"]),
        split_margin=float(knobs["split_margin"]),
        chrome=[re.compile(p) for p in data["chrome"]["patterns"]],
        captions=[re.compile(p) for p in data["caption"]["patterns"]],
        chrome_max=int(knobs["chrome_max_syllables"]),
        caption_max=int(knobs["caption_max_syllables"]),
    )


def segment(source: str | os.PathLike[str] | Report) -> SegmentedReport:
    """Label every paragraph and group the parts into sections.

    >>> doc = segment("Sáng 5/3, UBND xã tổ chức hội nghị. Ông Lê Văn Tâm chủ trì.\\n"
    ...               "Phát biểu kết luận, ông Tâm đề nghị các thôn tiếp tục làm tốt.")
    >>> [p.label for p in doc.paragraphs]
    ['opening', 'conclusion']
    """
    report = source if isinstance(source, Report) else load(source)
    cues = _cues()
    blocks = _blocks(report.paragraphs)
    fixed: dict[int, Label] = {}
    meeting_over = started = False
    for b, block in enumerate(blocks):
        text = block.folded
        size = len(syllables(text))
        if meeting_over:
            fixed[b] = "other"
        elif _ends_report(text, size, started, cues):
            fixed[b] = "other"
            meeting_over = True
        elif _FIELD.match(text):
            fixed[b] = "opening"
        elif _is_chrome(text, cues) or _is_caption(block, cues):
            fixed[b] = "other"
        started = started or (b not in fixed and size > cues.chrome_max)
    minutes = sum(label == "opening" for label in fixed.values()) >= 2 or any(
        b.folded.startswith("biên bản") for b in blocks[:12]
    )
    headings = {b: _heading_part(block, cues, minutes) for b, block in enumerate(blocks)}
    headings = {b: part for b, part in headings.items() if part is not False}
    content = [b for b in range(len(blocks)) if b not in fixed and b not in headings]
    labels = dict(fixed)
    labels.update(_decode(blocks, cues, content, fixed, headings))
    _label_headings(blocks, headings, labels)
    for b, block in enumerate(blocks):
        block.labels = [labels[b]] * len(block.sentences)
    if content:
        for b in content:
            _split_inside(blocks[b], cues, alone=len(content) == 1)
    paragraphs = _lines(report.paragraphs, blocks)
    return SegmentedReport(
        source=report.source,
        paragraphs=paragraphs,
        sections=_sections(paragraphs, blocks, headings),
    )


def _ends_report(text: str, size: int, started: bool, cues: _Cues) -> bool:
    """ "Cuộc họp kết thúc vào lúc ...", or the portal's list of other articles."""
    if _MEETING_END.search(text) and size <= _MEETING_END_MAX:
        return True
    return started and size <= cues.chrome_max and any(p.match(text) for p in cues.related)


def _blocks(paragraphs: list[Paragraph]) -> list[_Block]:
    """Join lines broken inside a sentence (text typed or copied with hard line breaks)."""
    texts = [p.text for p in paragraphs]
    joins = [_continues(a, b) for a, b in zip(texts, texts[1:], strict=False)]
    long_lines = sorted(len(t) for t in texts if len(t) >= 30)
    # with no long line there is no wrap width to measure against
    wrapped = bool(long_lines) and sum(joins) >= 2 and sum(joins) >= 0.2 * len(long_lines)
    if wrapped:
        width = long_lines[int(0.9 * (len(long_lines) - 1))]
        joins = [
            joined or _wraps(a, b, width)
            for joined, a, b in zip(joins, texts, texts[1:], strict=False)
        ]
    groups: list[list[int]] = []
    for i in range(len(texts)):
        if i and joins[i - 1]:
            groups[-1].append(i)
        else:
            groups.append([i])
    blocks = []
    for lines in groups:
        line_offsets, parts, position = [], [], 0
        for i in lines:
            line_offsets.append(position)
            parts.append(texts[i])
            position += len(texts[i]) + 1
        text = " ".join(parts)
        sentences = [piece for s in split_sentences(text) for piece in _GLUED.split(s) if piece]
        offsets, cursor = [], 0
        for sentence in sentences:
            start = text.find(sentence, cursor)
            start = cursor if start < 0 else start
            offsets.append(start)
            cursor = start + len(sentence)
        blocks.append(_Block(lines, text, sentences, offsets, line_offsets, fold(text)))
    return blocks


def _continues(a: str, b: str) -> bool:
    """Line b carries on the sentence of line a (it starts in lower case)."""
    if not a or not b or _ENDS_SENTENCE.search(a) or a.isupper() or _ITEM_START.match(b):
        return False
    return b[0].islower() and len(syllables(a)) >= 4


def _wraps(a: str, b: str, width: int) -> bool:
    """In hard-wrapped text, a line filled near the width runs on into the next."""
    if _ENDS_SENTENCE.search(a) or a.isupper() or b.isupper() or len(a) < 0.6 * width:
        return False
    return not (_ITEM_START.match(b) or _FIELD.match(fold(b)) or _LEAD_IN.match(b))


def _is_chrome(text: str, cues: _Cues) -> bool:
    size = len(syllables(text))
    if size <= 2 * cues.chrome_max and any(pattern.search(text) for pattern in cues.chrome):
        return True
    return size <= cues.chrome_max and not _ENDS_SENTENCE.search(text)


def _is_caption(block: _Block, cues: _Cues) -> bool:
    text = block.folded
    if len(block.sentences) != 1 or len(syllables(text)) > cues.caption_max:
        return False
    if _DATE_IN_TEXT.search(text) or ";" in text:
        return False
    return any(pattern.search(text) for pattern in cues.captions)


def _heading_part(block: _Block, cues: _Cues, minutes: bool) -> Label | None | bool:
    """For a heading line, the part it names (None if it names none); False if no heading.

    A heading is a short line without a sentence end that is numbered ("3. Kết luận của
    chủ trì"), in capitals ("NỘI DUNG CUỘC HỌP"), or, in minutes, starts with a phrase
    that names a part ("Vấn đề 1: ...", "Kết luận của Chủ tọa").
    """
    text = block.folded
    size = len(syllables(text))
    lead_in = text.endswith(":") and size <= 15
    if size > cues.chrome_max or (_ENDS_SENTENCE.search(text) and not lead_in):
        return False
    named = next((part for part in PARTS[::-1] if cues.headings[part].match(text)), None)
    if "kết luận" in text or "chỉ đạo" in text:
        named = "conclusion"
    formal = bool(_HEADING_NUMBER.match(text)) or (block.text.isupper() and len(block.text) > 3)
    if formal or (minutes and named) or (lead_in and named == "conclusion"):
        return named
    return False


def _cue_scores(text: str, cues: _Cues) -> list[float]:
    scores = [
        sum(weight for pattern, weight in cues.weights[part] if pattern.search(text))
        for part in PARTS
    ]
    figures = len(_FIGURE.findall(text))
    scores[PARTS.index("discussion")] += min(cues.figure_cap, cues.figure_weight * figures)
    return scores


def _emissions(text: str, cues: _Cues, position: str | None) -> list[float]:
    scores = _cue_scores(text, cues)
    if position:
        scores = [s + cues.position[position][part] for s, part in zip(scores, PARTS, strict=True)]
    return scores


def _viterbi(emissions: list[list[float]], cost: Callable[[int, int, int], float]) -> list[int]:
    """The state sequence with the best total of emissions less transition costs.

    `cost(i, frm, to)` is the cost of moving from state `frm` to `to` at item `i`.
    """
    k = len(PARTS)
    score = list(emissions[0])
    back: list[list[int]] = []
    for i, row_scores in enumerate(emissions[1:], 1):
        row, new = [], []
        for to in range(k):
            best = max(range(k), key=lambda frm: score[frm] - cost(i, frm, to))
            row.append(best)
            new.append(score[best] - cost(i, best, to) + row_scores[to])
        back.append(row)
        score = new
    state = max(range(k), key=score.__getitem__)
    path = [state]
    for row in reversed(back):
        state = row[state]
        path.append(state)
    return path[::-1]


def _decode(
    blocks: list[_Block],
    cues: _Cues,
    content: list[int],
    fixed: dict[int, Label],
    headings: dict[int, Label | None],
) -> dict[int, Label]:
    """Most likely part sequence: Viterbi over content blocks, order preferred."""
    n = len(content)
    if n == 0:
        return {}
    starts_with_fields = any(label == "opening" for label in fixed.values())
    under = _under_headings(len(blocks), headings)
    emissions = []
    for i, b in enumerate(content):
        if n == 1:
            position = None
        elif i == 0 and not starts_with_fields:
            position = "first"
        elif i == n - 1:
            position = "last"
        else:
            position = "middle"
        scores = _emissions(blocks[b].folded, cues, position)
        if under[b]:
            scores[PARTS.index(under[b])] += cues.heading_bonus
        emissions.append(scores)
    for i in range(1, n):
        if any(p.search(blocks[content[i]].folded) for p in cues.back_reference):
            emissions[i - 1][PARTS.index("conclusion")] += cues.back_reference_bonus
    path = _viterbi(emissions, lambda _i, frm, to: cues.backward_penalty if to < frm else 0.0)
    return {b: PARTS[s] for b, s in zip(content, path, strict=True)}


def _under_headings(count: int, headings: dict[int, Label | None]) -> list[Label | None]:
    """The part named by the sub-heading each block stands under (None if none).

    A heading that names no part ("II. NỘI DUNG CUỘC HỌP") ends the one before.
    """
    under: list[Label | None] = []
    current: Label | None = None
    for b in range(count):
        if b in headings:
            current = headings[b]
        under.append(current)
    return under


def _split_inside(block: _Block, cues: _Cues, alone: bool) -> None:
    """Find a part that begins in the middle of the block (only forward: O → D → C).

    A part may begin only at a sentence whose cues favour it by `split_margin` over the
    others. A report pasted as one line is one block: then its first and last sentences
    get the position prior, as whole paragraphs do, and glued-in page chrome is other.
    """
    n = len(block.sentences)
    if n < 2:
        return
    emissions, chrome = [], []
    for i, sentence in enumerate(block.sentences):
        position = ("first" if i == 0 else "last" if i == n - 1 else "middle") if alone else None
        text = fold(sentence)
        emissions.append(_emissions(text, cues, position))
        chrome.append(
            alone
            and (
                any(pattern.search(text) for pattern in cues.chrome)
                or (i < n - 1 and _is_chrome(text, cues))
            )
        )
    path = _viterbi(emissions, partial(_split_cost, emissions, cues))
    if len(set(path)) == 1 and not any(chrome):
        return
    labels: list[Label] = [PARTS[s] for s in path]
    if not alone and block.labels[0] not in labels:
        return
    block.labels = ["other" if c else label for c, label in zip(chrome, labels, strict=True)]


def _split_cost(emissions: list[list[float]], cues: _Cues, i: int, frm: int, to: int) -> float:
    """Inside a block: only forward, at a sentence that favours the new part by a margin."""
    if to == frm:
        return 0.0
    scores = emissions[i]
    margin = scores[to] - max(s for j, s in enumerate(scores) if j != to)
    if to < frm or margin < cues.split_margin:
        return float("inf")
    return cues.split_penalty


def _label_headings(
    blocks: list[_Block], headings: dict[int, Label | None], labels: dict[int, Label]
) -> None:
    """A heading takes the part it names, else (if numbered) the part of the text under it.

    An unnumbered capitals heading that names no conclusion ("NỘI DUNG CUỘC HỌP") is other.
    Everything under a conclusion heading is conclusion, up to the next other heading.
    """
    for index in sorted(headings, reverse=True):
        block, named = blocks[index], headings[index]
        numbered = bool(_HEADING_NUMBER.match(block.folded))
        capitals = block.text.isupper() and not numbered
        if named == "conclusion" or (named and not capitals):
            labels[index] = named
        elif numbered:
            labels[index] = next(
                (labels[j] for j in range(index + 1, len(blocks)) if j in labels), "other"
            )
        else:
            labels[index] = "other"
    for index in sorted(headings):
        if labels[index] != "conclusion":
            continue
        for j in range(index + 1, len(blocks)):
            if j in headings and labels[j] != "conclusion":
                break
            if labels.get(j) in ("opening", "discussion"):
                labels[j] = "conclusion"


def _lines(paragraphs: list[Paragraph], blocks: list[_Block]) -> list[Paragraph]:
    """Each input line with the sentences that begin on it and the part that holds most of it."""
    out: list[Paragraph] = []
    for block in blocks:
        ends = [*block.line_offsets[1:], len(block.text) + 1]
        for line, start, end in zip(block.lines, block.line_offsets, ends, strict=True):
            weight: dict[Label, int] = {}
            starting = []
            for k, (offset, sentence) in enumerate(
                zip(block.offsets, block.sentences, strict=True)
            ):
                overlap = min(end, offset + len(sentence)) - max(start, offset)
                if overlap > 0:
                    weight[block.labels[k]] = weight.get(block.labels[k], 0) + overlap
                if start <= offset < end:
                    starting.append(sentence)
            label = max(weight, key=weight.__getitem__) if weight else block.labels[0]
            out.append(paragraphs[line].model_copy(update={"label": label, "sentences": starting}))
    return out


def _sections(
    paragraphs: list[Paragraph], blocks: list[_Block], headings: set[int]
) -> list[Section]:
    """Sentences of each part; a short heading belongs to its part but is not summarized."""
    by_kind: dict[str, list[tuple[Span, str]]] = {kind: [] for kind in PARTS}
    for b, block in enumerate(blocks):
        if b in headings and len(syllables(block.text)) <= 10:
            continue
        for k, (offset, sentence) in enumerate(zip(block.offsets, block.sentences, strict=True)):
            kind = block.labels[k]
            if kind == "other":
                continue
            line = next(
                i
                for i, start in reversed(list(zip(block.lines, block.line_offsets, strict=True)))
                if start <= offset
            )
            place = paragraphs[line].sentences.index(sentence)
            by_kind[kind].append((Span(paragraph=line, sentence=place), sentence))
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
