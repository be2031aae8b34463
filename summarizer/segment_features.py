"""What the segmenter sees of each sentence: cue phrases, form, position and speakers.

A report's lines are joined into blocks (one paragraph of the text each; lines broken
inside a sentence are joined) and each block is split into sentences once. Every
sentence gets a list of feature names; the weights of those features are learned from
labelled reports (benchmarks/train_segmenter.py) and decoded by `summarizer.tagger`.
The cue inventory and word lists live in prompts/cues.vi.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from summarizer import prompts, speakers
from summarizer.budget import check
from summarizer.models import Label, Paragraph
from summarizer.text import fold, split_sentences, syllables

_FIELD = re.compile(
    r"^[-–•+*]?\s*(thời gian|địa điểm|chủ trì|chủ tọa|chủ toạ|thư ký|người ghi biên bản"
    r"|thành phần|khách mời|hình thức|đại biểu tham dự|đại biểu mời|tổng số"
    r"|(thành viên |đại biểu |đảng viên |cổ đông )?(có mặt|vắng mặt|vắng))[^:.;]{0,30}:"
)
_DATE_IN_TEXT = re.compile(r"\d{1,2}/\d{1,2}|ngày \d{1,2}|\d{1,2} giờ|\d{1,2}h\d{0,2}")
HEADING_NUMBER = re.compile(r"^([ivxlc]{1,5}|\d{1,2}|[a-zđ])[.)]\s")
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
ITEM_START = re.compile(r"^([-–•+*]\s|\(?\d{1,2}[.)]\s|[a-zđ][.)]\s|[ivxlc]{1,5}[.)]\s)", re.I)
_LEAD_IN = re.compile(r"^(sáng|chiều|tối|trưa|ngày|hôm|sáng nay|chiều nay)\s+(nay\b|\d)", re.I)
_TOKEN = re.compile(r"\w+|[^\w\s]")
_QUOTE_OPEN = ('"', "“")


@dataclass
class Block:
    """One or more input lines that make one paragraph of the text."""

    lines: list[int]
    text: str
    sentences: list[str]
    offsets: list[int]  # where each sentence starts in `text`
    line_offsets: list[int]  # where each line starts in `text`
    folded: str = ""
    labels: list[Label] = field(default_factory=list)  # one per sentence
    size: int = 0  # syllables
    heading: str | None | bool = False  # the part its heading names (see heading_part)


@dataclass(frozen=True)
class Cues:
    """The cue inventory of prompts/cues.vi.toml, compiled."""

    phrases: dict[tuple[str, ...], str]  # tokens of a phrase -> the phrase
    first_tokens: frozenset[str]  # the tokens that begin a phrase
    longest: int
    patterns: list[tuple[str, re.Pattern[str]]]
    any_pattern: re.Pattern[str]  # matches where one of `patterns` does
    openers: list[tuple[str, re.Pattern[str]]]
    any_opener: re.Pattern[str]
    headings: dict[str, re.Pattern[str]]
    # each a list of patterns of prompts/cues.vi.toml as one: does any of them match
    back_reference: re.Pattern[str]
    related: re.Pattern[str]
    chrome: re.Pattern[str]
    captions: re.Pattern[str]
    chrome_max: int
    caption_max: int


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    """One pattern that matches where any of the patterns does."""
    for pattern in patterns:
        re.compile(pattern)  # each must stand alone, as a user wrote it
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")


@cache
def cues() -> Cues:
    """The compiled cue inventory."""
    data = prompts.load("cues.vi")
    knobs = data["segment"]
    phrases = {
        tuple(_tokens(fold(p))): fold(p)
        for part in ("opening", "discussion", "conclusion")
        for p in data[part]["cues"]
    }
    patterns = [
        (f"{part}:{n}", re.compile(regex))
        for part in ("opening", "discussion", "conclusion")
        for n, regex in enumerate(data["patterns"][part])
    ]
    headings = {
        part: re.compile(
            r"^(?:(?:[ivxlc]{1,5}|\d{1,2}|[a-zđ])[.)]\s*)?(?:phần\s+)?(?:"
            + "|".join(re.escape(fold(h)) for h in data["headings"][part])
            + r")(?!\w)"
        )
        for part in ("opening", "discussion", "conclusion")
    }
    openers = [
        (part, regex)
        for part in ("opening", "discussion", "conclusion")
        for regex in data["openers"].get(part, [])
    ]
    return Cues(
        phrases=phrases,
        first_tokens=frozenset(p[0] for p in phrases),
        longest=max(len(p) for p in phrases),
        patterns=patterns,
        any_pattern=_any_of([p.pattern for _, p in patterns]),
        openers=[(part, re.compile(regex)) for part, regex in openers],
        any_opener=_any_of([regex for _, regex in openers]),
        headings=headings,
        back_reference=_any_of(data["back_reference"]["patterns"]),
        related=_any_of(data["related"]["patterns"]),
        chrome=_any_of(data["chrome"]["patterns"]),
        captions=_any_of(data["caption"]["patterns"]),
        chrome_max=int(knobs["chrome_max_syllables"]),
        caption_max=int(knobs["caption_max_syllables"]),
    )


# ---------------------------------------------------------------- blocks and sentences


def blocks(paragraphs: list[Paragraph]) -> list[Block]:
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
    _join_lists(texts, joins, cues().chrome_max)
    groups: list[list[int]] = []
    for i in range(len(texts)):
        if i and joins[i - 1]:
            groups[-1].append(i)
        else:
            groups.append([i])
    out = []
    for lines in groups:
        check()
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
        folded = fold(text)
        size = len(syllables(folded))
        out.append(Block(lines, text, sentences, offsets, line_offsets, folded, size=size))
    return out


# Consecutive short lines without a sentence end: the labelled reports have runs of 13
# at most (headings, chrome, captions); a longer run is a list or a table pasted line by
# line, and is read as one block.
LIST_RUN = 40


def _join_lists(texts: list[str], joins: list[bool], short: int) -> None:
    """Join each run of more than LIST_RUN short unended lines into one block."""
    start = 0
    for i in range(len(texts) + 1):
        line = texts[i] if i < len(texts) else ""
        # (a line of over 8 characters a syllable is not short, whatever its syllables)
        unended = bool(line) and len(line) <= 8 * short and not _ENDS_SENTENCE.search(line)
        if unended and len(syllables(line)) <= short:
            continue
        if i - start > LIST_RUN:
            for j in range(start, i - 1):
                joins[j] = True
        start = i + 1


def _continues(a: str, b: str) -> bool:
    """Line b carries on the sentence of line a (it starts in lower case)."""
    if not a or not b or _ENDS_SENTENCE.search(a) or a.isupper() or ITEM_START.match(b):
        return False
    return b[0].islower() and len(syllables(a)) >= 4


def _wraps(a: str, b: str, width: int) -> bool:
    """In hard-wrapped text, a line filled near the width runs on into the next."""
    if _ENDS_SENTENCE.search(a) or a.isupper() or b.isupper() or len(a) < 0.6 * width:
        return False
    return not (ITEM_START.match(b) or _FIELD.match(fold(b)) or _LEAD_IN.match(b))


# ---------------------------------------------------------------- block form


def is_chrome(text: str, c: Cues, size: int | None = None) -> bool:
    """Page chrome or a title: a chrome pattern, or a short line without a sentence end."""
    size = len(syllables(text)) if size is None else size
    if size <= 2 * c.chrome_max and c.chrome.search(text):
        return True
    return size <= c.chrome_max and not _ENDS_SENTENCE.search(text)


def _is_caption(block: Block, c: Cues) -> bool:
    text = block.folded
    if len(block.sentences) != 1 or block.size > c.caption_max:
        return False
    if _DATE_IN_TEXT.search(text) or ";" in text:
        return False
    return c.captions.search(text) is not None


def heading_part(block: Block, c: Cues, minutes: bool) -> str | None | bool:
    """For a heading line, the part it names (None if it names none); False if no heading.

    A heading is a short line without a sentence end that is numbered ("3. Kết luận của
    chủ trì"), in capitals ("NỘI DUNG CUỘC HỌP"), or, in minutes, starts with a phrase
    that names a part ("Vấn đề 1: ...", "Kết luận của Chủ tọa").
    """
    text = block.folded
    size = block.size
    lead_in = text.endswith(":") and size <= 15
    if size > c.chrome_max or (_ENDS_SENTENCE.search(text) and not lead_in):
        return False
    formal = bool(HEADING_NUMBER.match(text)) or (block.text.isupper() and len(block.text) > 3)
    if not (formal or minutes or lead_in):
        return False  # whatever it names, such a line is no heading
    named = next(
        (part for part in ("conclusion", "discussion", "opening") if c.headings[part].match(text)),
        None,
    )
    if "kết luận" in text or "chỉ đạo" in text:
        named = "conclusion"
    if formal or (minutes and named) or (lead_in and named == "conclusion"):
        return named
    return False


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def is_minutes(all_blocks: list[Block]) -> bool:
    """Minutes of a meeting: fields ("Chủ trì: ...") or the title "BIÊN BẢN"."""
    return sum(bool(_FIELD.match(b.folded)) for b in all_blocks) >= 2 or any(
        b.folded.startswith("biên bản") for b in all_blocks[:12]
    )


_FORM = (
    "chrome",
    "caption",
    "field",
    "heading:",
    "after_end",
    "after_related",
    "related",
    "meeting_end",
)


def _content_positions(block_feats: list[list[str]]) -> None:
    """Place of each block among the blocks of content (not chrome, captions, fields)."""
    content = [b for b, f in enumerate(block_feats) if not any(x.startswith(_FORM) for x in f)]
    n = len(content)
    for i, b in enumerate(content):
        f = block_feats[b]
        f.append(
            "cpos:"
            + ("only" if n == 1 else "first" if i == 0 else "last" if i == n - 1 else "middle")
        )
        f.append(f"crel:{_bucket(int(10 * i / n), (0, 1, 2, 4, 6, 8, 9))}")
        f.append(f"cidx:{_bucket(i, (0, 1, 2, 3))}")
        f.append(f"cleft:{_bucket(n - 1 - i, (0, 1, 2, 3))}")


def _block_features(all_blocks: list[Block], c: Cues) -> list[list[str]]:
    """Form and place of each block: chrome, caption, field, heading, position."""
    minutes = is_minutes(all_blocks)
    sizes = [b.size for b in all_blocks]
    long_blocks = [i for i, size in enumerate(sizes) if size > c.chrome_max]
    first_long = long_blocks[0] if long_blocks else len(all_blocks)
    last_long = long_blocks[-1] if long_blocks else -1
    n = len(all_blocks)
    out: list[list[str]] = []
    over = related = started = False
    under: str | None = None
    for b, block in enumerate(all_blocks):
        check()
        text, size = block.folded, sizes[b]
        f = ["bias", "minutes" if minutes else "prose"]
        if over:
            f.append("after_end")
        if related:
            f.append("after_related")
        if _MEETING_END.search(text) and size <= _MEETING_END_MAX:
            f.append("meeting_end")
            over = True
        if started and size <= c.chrome_max and c.related.match(text):
            f.append("related")
            related = True
        started = started or size > c.chrome_max
        if _FIELD.match(text):
            f.append("field")
        if is_chrome(text, c, size):
            f.append("chrome")
        if _is_caption(block, c):
            f.append("caption")
        heading = block.heading = heading_part(block, c, minutes)
        if heading is not False:
            f.append(f"heading:{heading}")
            if HEADING_NUMBER.match(text):
                f.append("heading:numbered")
            under = heading
        elif under:
            f.append(f"under:{under}")
        if block.text.isupper() and len(block.text) > 3:
            f.append("capitals")
        ends = bool(_ENDS_SENTENCE.search(text))
        f.append(f"bsize:{_bucket(size, (3, 6, 10, 16, 24, 32, 50, 80))}:{int(ends)}")
        f.append(f"nsent:{_bucket(len(block.sentences), (1, 2, 4))}")
        if b < first_long:
            f.append("before_content")
        elif b == first_long:
            f.append("first_content")
        if b > last_long:
            f.append("after_content")
        elif b == last_long:
            f.append("last_content")
        f.append(f"bpos:{_bucket(int(10 * b / max(n, 1)), (0, 1, 2, 4, 6, 8, 9))}")
        f.append(f"bidx:{_bucket(b, (0, 1, 2, 3, 5))}")
        if b + 1 < n and c.back_reference.search(all_blocks[b + 1].folded):
            f.append("next_refers_back")
        if ITEM_START.match(block.text):
            f.append("item")
        out.append(f)
    _content_positions(out)
    return out


# ---------------------------------------------------------------- sentence features


def _cue_features(tokens: list[str], c: Cues) -> list[str]:
    found = []
    for i, token in enumerate(tokens):
        if token not in c.first_tokens:
            continue
        for size in range(1, min(c.longest, len(tokens) - i) + 1):
            phrase = c.phrases.get(tuple(tokens[i : i + size]))
            if phrase is not None:
                found.append(f"cue:{phrase}")
    return sorted(set(found))


def features(all_blocks: list[Block]) -> list[list[str]]:
    """Feature names of every sentence of every block, in order."""
    c = cues()
    block_feats = _block_features(all_blocks, c)
    sentences = [(b, k) for b, block in enumerate(all_blocks) for k in range(len(block.sentences))]
    raw = [all_blocks[b].sentences[k] for b, k in sentences]
    folded = [fold(s) for s in raw]
    tokens = [_tokens(t) for t in folded]
    who = speakers.read(raw)
    n = len(sentences)
    out = []
    current, current_who = "none", None
    matched_who: speakers.Mention | None = None
    matched: list[str] = []
    for i, (b, k) in enumerate(sentences):
        check()
        text = folded[i]
        f = list(block_feats[b])
        f.append("sent:first" if k == 0 else "sent:inside")
        if k == len(all_blocks[b].sentences) - 1 and k:
            f.append("sent:last")
        f.append(f"pos:{_bucket(int(10 * i / max(n, 1)), (0, 1, 2, 4, 6, 8, 9))}")
        f.append(f"idx:{_bucket(i, (0, 1, 2, 3, 5))}")
        if i == n - 1:
            f.append("idx:last")
        f.append(f"len:{_bucket(len(tokens[i]), (4, 8, 14, 22, 35, 60))}")
        f.extend(_cue_features(tokens[i], c))
        if c.any_pattern.search(text):
            f.extend(f"pat:{name}" for name, p in c.patterns if p.search(text))
        if c.any_opener.search(text):
            f.extend(sorted({f"opener:{part}" for part, p in c.openers if p.search(text)}))
        words = [t for t in tokens[i] if t.isalnum()]
        if words:
            f.append("w1:" + words[0])
            f.append("w2:" + " ".join(words[:2]))
        f.append(f"figures:{_bucket(len(_FIGURE.findall(text)), (0, 1, 3))}")
        if _LEAD_IN.match(text):
            f.append("lead_in_date")
        if _DATE_IN_TEXT.search(text):
            f.append("has_date")
        if text[:1] in _QUOTE_OPEN:
            f.append("opens_quote")
        role = who.role(i)
        if role != "none":
            current, current_who = role, who.speakers[i]
        elif _starts_new_topic(text):
            current, current_who = "none", None
        f.append(f"spk:{role}")
        f.append(f"cur:{current}")
        f.extend(f"is:{reason}" for reason in who.matches(who.speakers[i]))
        if current_who is not matched_who:  # the same speaker over many sentences
            matched_who, matched = current_who, [f"cur_is:{r}" for r in who.matches(current_who)]
        f.extend(matched)
        speaker = who.speakers[i]
        if speaker is not None and speaker.title:
            f.append(f"spk_title:{speaker.title}")
        if who.chairs[i] is not None:
            f.append("says_chair")
        if c.back_reference.search(text):
            f.append("refers_back")
        if len(all_blocks[b].sentences) > 1:  # page chrome pasted into a paragraph
            if c.chrome.search(text):
                f.append("glued_chrome")
            if is_chrome(text, c):
                f.append("glued_title")
        if speakers.directive(raw[i]):
            f.append("directive_verb")
            f.append(f"cur:{current}&directive")
        if who.presider is None:
            f.append("no_presider")
        elif who.names_presider(i):
            f.append("names_presider")
        out.append(f)
    return _with_neighbours(out)


_NEIGHBOUR = (
    "spk:",
    "cur:",
    "is:",
    "cur_is:",
    "opener:",
    "says_chair",
    "figures:",
    "w1:",
    "cue:",
    "caption",
    "chrome",
    "lead_in_date",
    "opens_quote",
    "names_presider",
    "directive_verb",
    "bsize:",
    "heading:",
)


def _with_neighbours(items: list[list[str]]) -> list[list[str]]:
    """Each sentence also sees some features of the sentences before and after it."""
    kept = [[f for f in item if f.startswith(_NEIGHBOUR)] for item in items]
    out = []
    for i, item in enumerate(items):
        extra = ["p:" + f for f in kept[i - 1]] if i else ["p:start"]
        extra += ["n:" + f for f in kept[i + 1]] if i + 1 < len(items) else ["n:end"]
        out.append(item + extra)
    return out


def _starts_new_topic(text: str) -> bool:
    return bool(re.match(r"^(trước đó|sau đó|tiếp đó|theo báo cáo|báo cáo|tại hội nghị)\b", text))
