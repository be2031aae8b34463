"""Adversarial text shapes of any length, for the performance fuzz and benchmark.

Each shape is text a user can really get: a scanned PDF pasted as text has no
punctuation, a table copied from a spreadsheet is a million short lines, an appendix
is digits and dates everywhere. `make(shape, chars)` gives about `chars` characters of
it (never fewer); `SHAPES` names them. The words come from an invented report.
"""

from __future__ import annotations

import random
from collections.abc import Callable

SENTENCES = (
    "Sáng 14/3/2025, UBND huyện Lạc Giang tổ chức hội nghị sơ kết công tác phòng chống "
    "hạn mặn vụ Đông Xuân.",
    "Đồng chí Lê Quang Vinh, Phó Chủ tịch UBND huyện chủ trì hội nghị.",
    "Báo cáo cho biết toàn huyện đã nạo vét 42 km kênh mương, bảo đảm nước tưới cho "
    "9.850 ha lúa, đạt 97% diện tích gieo cấy.",
    "Các đại biểu tập trung thảo luận về giải pháp điều tiết nước giữa các vùng và việc "
    "hỗ trợ giống cho những hộ phải gieo sạ lại.",
    "Phát biểu kết luận, đồng chí Lê Quang Vinh yêu cầu Phòng Nông nghiệp phối hợp với "
    "Công ty Thủy lợi vận hành hợp lý các trạm bơm trước ngày 31/3.",
    "Giao UBND các xã thống kê diện tích thiệt hại, báo cáo UBND huyện trước ngày 5/4.",
)
WORDS = " ".join(SENTENCES).replace(",", "").replace(".", "").split()
_CAPITALISED = (
    "Nguyễn Văn An Trần Thị Bình Lê Quang Vinh Phạm Minh Đức Sở Tài Chính Ủy Ban Nhân "
    "Dân Hội Nông Dân Đảng Ủy Công Ty Thủy Lợi Ban Chỉ Đạo Hà Nội Lạc Giang Quảng Trị"
)
CAPITALISED = _CAPITALISED.split(" ")
_CUES = (
    "hội nghị do Sở chủ trì kết luận yêu cầu giao đồng chí Chủ tịch phát biểu của "
    "Ủy ban về việc tại ngày đề nghị chỉ đạo nhấn mạnh cuộc họp tổ chức"
)
CUES = _CUES.split(" ")

SHAPES = (
    "report",  # the baseline: the report's sentences, one paragraph each, repeated
    "no-punctuation",  # one line of words, no mark at all (a scanned PDF pasted)
    "commas-only",  # one line of clauses joined by commas, no full stop
    "capitalised",  # thousands of capitalised words: names and bodies everywhere
    "digits-dates",  # numbers, percentages and dates everywhere
    "one-paragraph",  # the whole report repeated as one enormous paragraph
    "short-lines",  # a million short lines (a table pasted from a spreadsheet)
    "cue-words",  # the words the segmenter and facts look for, densely, no punctuation
    "hard-wrapped",  # the report typed with a line break every 60 characters, no blank line
)


def make(shape: str, chars: int, seed: int = 0) -> str:
    """About `chars` characters (at least that many) of text of the given shape."""
    rng = random.Random(seed)
    if shape == "report":
        return _repeat(SENTENCES, "\n", chars)
    if shape == "one-paragraph":
        return _repeat(SENTENCES, " ", chars)
    if shape == "no-punctuation":
        return _words(rng, WORDS, " ", chars)
    if shape == "commas-only":
        return _clauses(rng, chars)
    if shape == "capitalised":
        return _words(rng, CAPITALISED, " ", chars)
    if shape == "digits-dates":
        return _numbers(rng, chars)
    if shape == "short-lines":
        return _short_lines(rng, chars)
    if shape == "cue-words":
        return _words(rng, CUES, " ", chars)
    if shape == "hard-wrapped":
        return _wrap(_repeat(SENTENCES, " ", chars), 60)
    raise ValueError(f"unknown shape {shape!r}; use one of {', '.join(SHAPES)}")


def _repeat(pieces: tuple[str, ...], glue: str, chars: int) -> str:
    out: list[str] = []
    size = 0
    while size < chars:
        for piece in pieces:
            out.append(piece)
            size += len(piece) + len(glue)
    return glue.join(out)


def _joined(piece: Callable[[], str], glue: str, chars: int) -> str:
    """Pieces made by `piece()`, joined by `glue`, until there are `chars` characters."""
    out: list[str] = []
    size = -len(glue)  # the length of the joined text so far
    while size < chars:
        out.append(piece())
        size += len(out[-1]) + len(glue)
    return glue.join(out)


def _words(rng: random.Random, words: list[str], glue: str, chars: int) -> str:
    return _joined(lambda: rng.choice(words), glue, chars)


def _clauses(rng: random.Random, chars: int) -> str:
    def clause() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 7)))

    return _joined(clause, ", ", chars)


def _numbers(rng: random.Random, chars: int) -> str:
    def number() -> str:
        return rng.choice(
            (
                f"ngày {rng.randint(1, 31)}/{rng.randint(1, 12)}/{rng.randint(1990, 2030)}",
                f"{rng.randint(1, 999)}.{rng.randint(0, 999):03d} tỷ đồng",
                f"đạt {rng.randint(1, 99)},{rng.randint(0, 9)}%",
                f"{rng.randint(1, 23)} giờ {rng.randint(0, 59)} phút",
                f"Quyết định số {rng.randint(1, 9999)}/QĐ-UBND",
                f"{rng.randint(1, 9)}.",
            )
        )

    return _joined(number, " ", chars)


def _short_lines(rng: random.Random, chars: int) -> str:
    def line() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))

    return _joined(line, "\n", chars)


def _wrap(text: str, width: int) -> str:
    lines: list[str] = []
    line: list[str] = []
    size = 0
    for word in text.split(" "):
        if line and size + len(word) > width:
            lines.append(" ".join(line))
            line, size = [], 0
        line.append(word)
        size += len(word) + 1
    lines.append(" ".join(line))
    return "\n".join(lines)
