"""Label each paragraph of a report as opening, discussion, conclusion or other."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache

from summarizer import prompts
from summarizer.load import load
from summarizer.models import PARTS, Label, Paragraph, Report, Section, SegmentedReport
from summarizer.text import fold, syllables

_FIELD = re.compile(
    r"^(thời gian|địa điểm|chủ trì|chủ tọa|thư ký|người ghi biên bản"
    r"|thành phần( tham dự| tham gia)?|khách mời|có mặt|vắng mặt"
    r"|chủ trì hội nghị|chủ trì cuộc họp)\s*:"
)
_DATE_IN_TEXT = re.compile(r"\d{1,2}/\d{1,2}|ngày \d{1,2}|\d{1,2} giờ|\d{1,2}h\d{0,2}")
_HEADING_NUMBER = re.compile(r"^([ivxlc]{1,5}|\d{1,2}|[a-zđ])[.)]\s")
_ENDS_SENTENCE = re.compile(r"[.!?…;:]['\"”’)\]]*$")
_MEETING_END = re.compile(
    r"^(cuộc họp|hội nghị|phiên họp|buổi làm việc|biên bản)\b.{0,40}\bkết thúc"
)


@dataclass(frozen=True)
class _Cues:
    weights: dict[str, list[tuple[re.Pattern[str], float]]]
    position: dict[str, dict[str, float]]
    backward_penalty: float
    chrome: list[re.Pattern[str]]
    captions: list[re.Pattern[str]]
    chrome_max: int
    caption_max: int


@cache
def _cues() -> _Cues:
    data = prompts.load("cues.vi")
    knobs = data["segment"]
    weights = {
        part: [
            (re.compile(r"(?<!\w)" + re.escape(fold(phrase)) + r"(?!\w)"), float(weight))
            for phrase, weight in data[part]["cues"].items()
        ]
        for part in PARTS
    }
    return _Cues(
        weights=weights,
        position={
            "first": knobs["position_first"],
            "middle": knobs["position_middle"],
            "last": knobs["position_last"],
        },
        backward_penalty=float(knobs["backward_penalty"]),
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
    folded = [fold(p.text) for p in report.paragraphs]
    fixed: dict[int, Label] = {}
    meeting_over = False
    for p, text in zip(report.paragraphs, folded, strict=True):
        if meeting_over:
            fixed[p.index] = "other"
        elif _MEETING_END.search(text):
            fixed[p.index] = "other"
            meeting_over = True
        elif _FIELD.match(text):
            fixed[p.index] = "opening"
        elif _is_chrome(text, cues) or _is_caption(p, text, cues):
            fixed[p.index] = "other"
    headings = {
        p.index
        for p, text in zip(report.paragraphs, folded, strict=True)
        if _is_heading(p, text, cues)
    }
    content = [p for p in report.paragraphs if p.index not in fixed and p.index not in headings]
    labels = dict(fixed)
    labels.update(_decode([folded[p.index] for p in content], cues, content, fixed))
    _label_headings(report.paragraphs, folded, headings, labels)
    paragraphs = [p.model_copy(update={"label": labels[p.index]}) for p in report.paragraphs]
    return SegmentedReport(
        source=report.source, paragraphs=paragraphs, sections=_sections(paragraphs, headings)
    )


def _is_chrome(text: str, cues: _Cues) -> bool:
    if any(pattern.search(text) for pattern in cues.chrome):
        return True
    return len(syllables(text)) <= cues.chrome_max and not _ENDS_SENTENCE.search(text)


def _is_caption(p: Paragraph, text: str, cues: _Cues) -> bool:
    if len(p.sentences) != 1 or len(syllables(text)) > cues.caption_max:
        return False
    if _DATE_IN_TEXT.search(text) or ";" in text:
        return False
    return any(pattern.search(text) for pattern in cues.captions)


def _is_heading(p: Paragraph, text: str, cues: _Cues) -> bool:
    """A numbered or all-capitals title line, such as "3. Kết luận của chủ trì"."""
    if len(syllables(text)) > cues.chrome_max or _ENDS_SENTENCE.search(text):
        return False
    return bool(_HEADING_NUMBER.match(text)) or (p.text.isupper() and len(p.text) > 3)


def _emissions(text: str, cues: _Cues, position: str | None) -> list[float]:
    scores = []
    for part in PARTS:
        score = sum(weight for pattern, weight in cues.weights[part] if pattern.search(text))
        if position:
            score += cues.position[position][part]
        scores.append(score)
    return scores


def _decode(
    texts: list[str], cues: _Cues, content: list[Paragraph], fixed: dict[int, Label]
) -> dict[int, Label]:
    """Most likely part sequence: Viterbi over content paragraphs, order preferred."""
    n = len(texts)
    if n == 0:
        return {}
    starts_with_fields = any(label == "opening" for label in fixed.values())
    emissions = []
    for i, text in enumerate(texts):
        if n == 1:
            position = None
        elif i == 0 and not starts_with_fields:
            position = "first"
        elif i == n - 1:
            position = "last"
        else:
            position = "middle"
        emissions.append(_emissions(text, cues, position))
    k = len(PARTS)
    score = list(emissions[0])
    back: list[list[int]] = []
    for i in range(1, n):
        row, new = [], []
        for to in range(k):
            options = [
                score[frm] - (cues.backward_penalty if to < frm else 0.0) for frm in range(k)
            ]
            best = max(range(k), key=options.__getitem__)
            row.append(best)
            new.append(options[best] + emissions[i][to])
        back.append(row)
        score = new
    state = max(range(k), key=score.__getitem__)
    path = [state]
    for row in reversed(back):
        state = row[state]
        path.append(state)
    path.reverse()
    return {p.index: PARTS[s] for p, s in zip(content, path, strict=True)}


def _label_headings(
    paragraphs: list[Paragraph], folded: list[str], headings: set[int], labels: dict[int, Label]
) -> None:
    """A heading takes the part it names (kết luận) or the part of the text under it."""
    for index in sorted(headings, reverse=True):
        text = folded[index]
        if "kết luận" in text or "chỉ đạo" in text:
            labels[index] = "conclusion"
            continue
        following = next(
            (labels[j] for j in range(index + 1, len(paragraphs)) if j in labels), "other"
        )
        numbered = bool(_HEADING_NUMBER.match(text))
        labels[index] = following if numbered else "other"
    for index in sorted(headings):
        if labels[index] != "conclusion":
            continue
        for j in range(index + 1, len(paragraphs)):
            if j in headings and labels[j] != "conclusion":
                break
            if labels.get(j) in ("opening", "discussion"):
                labels[j] = "conclusion"


def _sections(paragraphs: list[Paragraph], headings: set[int]) -> list[Section]:
    """Paragraphs of each part; a short heading belongs to its part but is not summarized."""
    sections = []
    for kind in PARTS:
        members = [p for p in paragraphs if p.label == kind]
        if members:
            sections.append(
                Section(
                    kind=kind,
                    paragraph_indexes=[p.index for p in members],
                    sentences=[
                        s
                        for p in members
                        if not (p.index in headings and len(syllables(p.text)) <= 10)
                        for s in p.sentences
                    ],
                )
            )
    return sections
