"""Fuzz tests: arbitrary Unicode and report-like text through every public entry point.

Nothing may raise but `SummarizerError` (and its subclasses); on the way a few
properties a user would notice are checked: every non-empty line gets a label, spans
point at the sentences they name, the guard never leaves an unsupported item in a
summary, a source sentence is supported by its own text, and the renderers take any
text (control characters included) in a report, a briefing or a profile.
"""

from __future__ import annotations

import io
import json
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import summarizer
from summarizer import Briefing, SummarizerError, guard
from summarizer.facts import extract_directives, extract_facts
from summarizer.load import from_text
from summarizer.models import (
    PARTS,
    Directive,
    Facts,
    GuardChange,
    Person,
    Section,
    SectionSummary,
)
from summarizer.text import normalize, split_sentences

pytest.importorskip("docx")
from summarizer.render.docx import build_document  # noqa: E402

LABELS = {"opening", "discussion", "conclusion", "other"}

# ---------------------------------------------------------------------------------------
# Strategies

OPENING = [
    "Sáng 5/3, UBND xã tổ chức hội nghị",
    "Chiều 3/7, Sở Tài chính tổ chức phiên họp tại Hội trường A",
    "Dự hội nghị có đồng chí Lê Văn Tâm, Chủ tịch UBND xã",
    "Ông Nguyễn Văn An, Bí thư Đảng ủy chủ trì hội nghị",
    "Hội nghị do UBND huyện Gia Lâm tổ chức",
    "Phát biểu khai mạc, đồng chí Trần Thị Hoa nêu rõ mục đích cuộc họp",
    "Thành phần tham dự: đại diện các phòng, ban; trưởng các thôn",
    "BIÊN BẢN HỌP",
    "Vào lúc 8 giờ 30 phút ngày 03/07/2024, tại Hội trường UBND xã",
]
DISCUSSION = [
    "Các đại biểu thảo luận",
    "Báo cáo cho biết 6 tháng đầu năm thu ngân sách đạt 45% kế hoạch",
    "Tỷ lệ hộ nghèo giảm còn 1,2%, tổng vốn 3,2 tỷ đồng",
    "Ý kiến của bà Phạm Thị Lan, Giám đốc Sở Y tế",
    "Tiếp đó, hội nghị cho ý kiến về dự thảo Nghị quyết 35-NQ/TW",
    "II. Ý KIẾN THẢO LUẬN",
    "Đại diện Công an huyện phản ánh khó khăn",
    "1. Báo cáo kết quả quý II",
]
CONCLUSION = [
    "Phát biểu kết luận, đồng chí",
    "Kết luận hội nghị, Chủ tịch Đào Khánh Hà yêu cầu các đơn vị khẩn trương",
    "Giao UBND huyện chủ trì, phối hợp với các sở; hoàn thành trước ngày 30/6",
    "Kết luận:",
    "- Đề nghị các xã tiếp tục rà soát hồ sơ; đẩy mạnh tuyên truyền",
    "3. Kết luận của chủ trì",
    "Các chỉ đạo trên được đưa ra tại hội nghị",
    "Cuộc họp kết thúc vào lúc 11 giờ cùng ngày",
]
CHROME = [
    "Tin liên quan",
    "Chia sẻ",
    "Bình luận",
    "Quang cảnh hội nghị",
    "Thứ hai, 03/07/2024 - 14:30",
    "NỘI DUNG CUỘC HỌP",
    "In bài",
    "(Ảnh: Minh Khang)",
]
FIELDS = ["Chủ trì:", "Thời gian:", "Địa điểm:", "Thư ký:", "Chủ tọa:", "Vắng mặt:"]
NAMES = [
    "Lê Văn Tâm",
    "Đào Khánh Hà",
    "Nguyễn Thị Minh Khai",
    "UBND",
    "HĐND",
    "Ban Chỉ đạo",
    "Hải Phòng",
    "Uỷ ban nhân dân",
    "Ksor H'Bla",
    "COVID-19",
]
TITLES = ["đồng chí", "ông", "bà", "Chủ tịch", "Phó Chủ tịch", "Giám đốc", "đ/c", "Đại tá"]
PUNCTUATION = [". ", ", ", "; ", ": ", " - ", "… ", "! ", "? ", "(", ")", '"', "“", "”", "• "]
NOISE = [
    "\t",
    "\u200b",
    "\ufeff",
    "\u00ad",
    "\x00",
    "\x07",
    "\x0b",
    "\x0c",
    "\x1f",
    "\x7f",
    "\x85",
    "\u00a0",
    "\u3000",
    "\u2028",
    "\u2029",
    "\r",
    "\ufffe",
    "\uffff",
    "\U0001f600",
]


@st.composite
def dates(draw) -> str:
    day = draw(st.integers(0, 40))
    month = draw(st.integers(0, 14))
    year = draw(st.sampled_from([2024, 2025, 99, 1999]))
    form = draw(st.integers(0, 6))
    if form == 0:
        return f"{day}/{month}"
    if form == 1:
        return f"{day:02d}/{month:02d}/{year}"
    if form == 2:
        return f"ngày {day} tháng {month}" + draw(st.sampled_from(["", f" năm {year}"]))
    if form == 3:
        return f"{day}.{month}.{year}"
    if form == 4:
        return f"{draw(st.sampled_from(['sáng', 'chiều', 'Tối', 'trưa nay']))} {day}/{month}"
    if form == 5:
        return f"{day % 25}h{month:02d}" if month < 60 else f"{day} giờ"
    return draw(st.sampled_from([f"tháng {month}", "quý II", "quý 4", "6 tháng đầu năm"]))


@st.composite
def numbers(draw) -> str:
    value = draw(st.integers(0, 10**9))
    form = draw(st.integers(0, 5))
    if form == 0:
        return str(value)
    if form == 1:
        return f"{value:,}".replace(",", ".")
    if form == 2:
        return f"{value % 100},{value % 10}%"
    if form == 3:
        unit = draw(st.sampled_from(["tỷ đồng", "triệu USD", "nghìn tỷ", "phần trăm", "ha", "hộ"]))
        return f"{value % 1000} {unit}"
    if form == 4:
        return f"{value % 100}-{value % 37}"
    return f"thứ {value % 9}"


def _person(draw) -> str:
    return f"{draw(st.sampled_from(TITLES))} {draw(st.sampled_from(NAMES))}"


@st.composite
def vi_sentences(draw) -> str:
    """A Vietnamese-like sentence: cue phrases, names, dates and figures, no noise."""
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(OPENING + DISCUSSION + CONCLUSION),
                st.sampled_from(NAMES),
                st.builds(lambda t, n: f"{t} {n}", st.sampled_from(TITLES), st.sampled_from(NAMES)),
                dates(),
                numbers(),
                st.sampled_from(["tăng", "giảm", "đạt", "và", "của", "tại", "với", "so với"]),
            ),
            min_size=1,
            max_size=6,
        )
    )
    sentence = draw(st.sampled_from([" ", ", "])).join(pieces)
    return sentence + draw(st.sampled_from([".", "", ";", "!", ":"]))


def _tokens():
    return st.one_of(
        st.sampled_from(OPENING + DISCUSSION + CONCLUSION + CHROME + FIELDS),
        st.sampled_from(NAMES),
        st.sampled_from(TITLES),
        dates(),
        numbers(),
        st.sampled_from(PUNCTUATION),
        st.sampled_from(NOISE),
        st.text(max_size=4),
    )


@st.composite
def report_lines(draw) -> str:
    """One line of a report, sometimes in capitals, decomposed or very long."""
    tokens = draw(st.lists(_tokens(), max_size=10))
    line = draw(st.sampled_from([" ", "", " "])).join(tokens)
    shape = draw(st.sampled_from(["plain", "plain", "plain", "upper", "nfd", "long", "tabs"]))
    if shape == "upper":
        line = line.upper()
    elif shape == "nfd":
        line = unicodedata.normalize("NFD", line)
    elif shape == "long":
        line = (line + " ") * draw(st.integers(10, 60))
    elif shape == "tabs":
        line = "\t".join(line.split(" "))
    return line


@st.composite
def reports(draw) -> str:
    """A report: lines from the strategy above, empty lines and mixed line breaks."""
    lines = draw(
        st.lists(st.one_of(report_lines(), st.just(""), st.sampled_from(NOISE)), max_size=14)
    )
    breaks = st.sampled_from(["\n", "\n", "\r\n", "\n\n", "\r", "\u2028"])
    text = ""
    for line in lines:
        text += line + draw(breaks)
    return draw(st.sampled_from(["", " ", "\ufeff"])) + text


# Arbitrary text and text rich in the characters that a renderer or a regex trips on.
ANY_TEXT = st.text(max_size=300)
AWKWARD_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(NOISE),
        st.characters(codec="utf-8", max_codepoint=0x36F),  # Latin, controls, combining marks
        st.characters(min_codepoint=0x1EA0, max_codepoint=0x1EF9),  # Vietnamese letters
    ),
    max_size=60,
)
STRINGS = st.one_of(ANY_TEXT, AWKWARD_TEXT)


def _lines(text: str) -> list[str]:
    """The non-empty normalized lines: the paragraphs a report must have."""
    return [line for line in normalize(text).split("\n") if line]


# ---------------------------------------------------------------------------------------
# Loading and segmenting


@settings(max_examples=300, deadline=None)
@given(STRINGS)
@example("\r\n\u2028\x00\ufeff")
def test_load_takes_any_text(text: str) -> None:
    for read in (from_text, summarizer.load):
        try:
            report = read(text)
        except SummarizerError:
            continue
        assert [p.text for p in report.paragraphs] == _lines(text)
        assert [p.index for p in report.paragraphs] == list(range(len(report.paragraphs)))


def _check_segmented(text: str) -> None:
    """Segment, then read facts and directives; check labels, spans and indexes."""
    try:
        doc = summarizer.segment(text)
    except SummarizerError:
        return
    lines = _lines(text)
    assert len(doc.paragraphs) == len(lines)
    for i, (paragraph, line) in enumerate(zip(doc.paragraphs, lines, strict=True)):
        assert paragraph.index == i
        assert paragraph.text == line
        assert paragraph.label in LABELS
    for section in doc.sections:
        assert section.kind in PARTS
        assert len(section.spans) == len(section.sentences)
        for span, sentence in zip(section.spans, section.sentences, strict=True):
            assert doc.paragraphs[span.paragraph].sentences[span.sentence] == sentence
        assert all(0 <= i < len(lines) for i in section.paragraph_indexes)
    facts = extract_facts(doc)
    assert isinstance(facts, Facts)
    for directive in extract_directives(doc):
        assert 0 <= directive.paragraph_index < len(lines)
        assert directive.text.strip()


@settings(max_examples=300, deadline=None)
@given(STRINGS)
def test_segment_takes_any_text(text: str) -> None:
    _check_segmented(text)


@settings(max_examples=300, deadline=None)
@given(reports())
@example("BIÊN BẢN HỌP Lê Văn Tâm\nđồng chí Lê Văn Tâm\nđồng chí\n")  # short lines run on
def test_segment_takes_report_like_text(text: str) -> None:
    _check_segmented(text)


# ---------------------------------------------------------------------------------------
# The faithfulness guard


# Short pieces that the item patterns read: digits glued to letters, dates, parts of
# the day, scale words, titles, underscores and hyphens, in any order.
GUARD_PIECES = [
    *"aAhHđĐễỄ0123456789 .,;:/-%()\"'’“”_…!?",
    *["chiều ", "Sáng ", "ngày ", "tháng ", "năm ", "giờ", "quý ", "ông ", "bà ", "h"],
    *["Chủ tịch ", "Lê ", "Văn ", "tỷ ", "đồng ", "phần trăm", "đầu năm", "nay ", "UBND "],
]
GUARD_TEXT = st.lists(st.sampled_from(GUARD_PIECES), max_size=30).map("".join)


def _source_text(sentences: list[str]) -> str:
    """The source sentences as the engine reads them (a heading gets a full stop)."""
    return Section(kind="opening", paragraph_indexes=[], sentences=sentences).text


def _assert_supported(summary: str, source_sentences: list[str]) -> None:
    source = guard.Source(_source_text(source_sentences))
    for sentence in split_sentences(summary):
        assert guard.unsupported_items(sentence, source) == [], sentence


def _assert_copy_unchanged(source_sentences: list[str], kind: str) -> None:
    """A summary that only copies its source is left as it is."""
    for sentence in source_sentences:
        assert guard.unsupported_items(sentence, sentence) == [], sentence
    copy = _source_text(source_sentences)
    assert guard.check(copy, source_sentences, kind).changes == [], copy


@settings(max_examples=300, deadline=None)
@given(st.one_of(STRINGS, GUARD_TEXT), st.lists(STRINGS, max_size=4), st.sampled_from(PARTS))
@example(summary="", source=["_A"], kind="opening")
@example(summary="Đoàn đến Hà_Nội.", source=["Đoàn đến Hà_Nội."], kind="discussion")
def test_guard_takes_any_text(summary: str, source: list[str], kind: str) -> None:
    try:
        assert all(isinstance(item, str) for item in guard.checkable_items(summary))
        assert all(isinstance(item, str) for item in guard.unsupported_items(summary, summary))
        guard.unsupported_items(summary, " ".join(source))
        result = guard.check(summary, source, kind)
    except SummarizerError:
        return
    _assert_supported(result.summary, source)


@settings(max_examples=400, deadline=None)
@given(GUARD_TEXT, st.lists(GUARD_TEXT, min_size=1, max_size=4), st.sampled_from(PARTS))
@example(summary="a0-", source=["-0A", "tháng 1A."], kind="opening")  # digits glued to letters
@example(summary="7 hộ.", source=["Kết quả tháng", "7 hộ."], kind="discussion")  # no month 7
def test_guard_on_awkward_text(summary: str, source: list[str], kind: str) -> None:
    _assert_copy_unchanged([summary, *source], kind)
    _assert_supported(guard.check(summary, source, kind).summary, source)


@settings(max_examples=250, deadline=None)
@given(
    st.lists(vi_sentences(), min_size=1, max_size=5),
    st.lists(vi_sentences(), max_size=3),
    st.sampled_from(PARTS),
)
@example(  # a replacement without a full stop ran into the next sentence
    source=["Sáng 5/3, UBND xã tổ chức hội nghị"],
    other=[
        "Chiều 3/7, Sở Tài chính tổ chức phiên họp tại Hội trường A.",
        "Thành phần tham dự: đại diện các phòng, ban; trưởng các thôn.",
    ],
    kind="opening",
)
@example(  # a rejected "0. 1" hid the date "1-1" that follows it
    source=["ngày 0 tháng 0.", "1-1."], other=[], kind="opening"
)
def test_guard_on_vietnamese_like_text(source: list[str], other: list[str], kind: str) -> None:
    _assert_copy_unchanged(source, kind)
    # a summary that mixes source sentences with sentences the source may not support
    summary = " ".join(source[:2] + other)
    assert all(isinstance(item, str) for item in guard.checkable_items(summary))
    result = guard.check(summary, source, kind)
    _assert_supported(result.summary, source)
    for change in result.changes:
        assert change.unsupported
        assert (change.action == "replaced") == (change.replacement is not None)


# ---------------------------------------------------------------------------------------
# Briefings and renderers

PROFILE_KEYS = {
    "header": ["issuing_body", "parent_body", "place", "number_line", "nation", "motto"],
    "signature": ["signer_title", "signer_name", "recipients_heading"],
    "title": ["title", "subject_fallback"],
}


@st.composite
def profiles(draw) -> dict:
    profile: dict = {}
    for table, keys in PROFILE_KEYS.items():
        chosen = draw(st.lists(st.sampled_from(keys), unique=True))
        profile[table] = {key: draw(STRINGS) for key in chosen}
    if draw(st.booleans()):
        profile["signature"]["recipients"] = draw(st.lists(STRINGS, max_size=3))
    return profile


def _render(briefing: Briefing, profile: dict | None) -> None:
    markdown = briefing.to_markdown(profile)
    assert markdown.endswith("\n")
    assert Briefing.model_validate(json.loads(briefing.model_dump_json())) == briefing
    document = build_document(briefing, profile)
    document.save(io.BytesIO())


@settings(max_examples=60, deadline=None)
@given(st.one_of(reports(), ANY_TEXT), st.one_of(st.none(), profiles()))
@example(text="", profile={"header": {}, "signature": {}, "title": {"title": "\x1f"}})
@example(
    text="Sáng 5/3, UBND xã tổ chức hội nghị.\uffff",
    profile={"header": {"issuing_body": "UBND\x00XÃ", "place": "\x0bHà Nội\ufffe"}},
)
def test_brief_and_render_any_report(text: str, profile: dict | None) -> None:
    try:
        briefing = summarizer.Summarizer(engine="extractive").brief(text)
    except SummarizerError as exc:
        # a crash inside one report comes back wrapped; that is a bug, not an input error
        assert "could not be briefed" not in str(exc)
        return
    for section in briefing.sections:
        assert section.kind in PARTS
    _render(briefing, profile)


@settings(max_examples=50, deadline=None)
@given(STRINGS, STRINGS, st.lists(STRINGS, max_size=3), profiles())
def test_render_briefing_of_any_strings(
    summary: str, fact: str, directives: list[str], profile: dict
) -> None:
    """A briefing read back from JSON or built by hand may hold any text at all."""
    briefing = Briefing(
        source=fact,
        subject=fact or None,
        facts=Facts(
            meeting=fact,
            date_text=fact,
            time=fact,
            place=fact,
            organizer=fact,
            chair=Person(name=fact, title=summary),
            participants=[fact, summary],
            speakers=[Person(name=summary)],
        ),
        sections=[
            SectionSummary(kind=kind, summary=summary, paragraph_indexes=[0], engine="x")
            for kind in PARTS
        ],
        directives=[Directive(text=d, paragraph_index=0, sentence=d) for d in directives],
        warnings=[summary],
        guard_changes=[
            GuardChange(kind="opening", original=summary, unsupported=[fact], action="dropped")
        ],
    )
    _render(briefing, profile)
