"""Vietnamese text helpers: normalization, sentence splitting, syllable tokens."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SENTENCE_END = re.compile(
    r"(?:[.!?…]+[\"”’)\]]*|:(?=\s+[-–•+]\s))(?=\s+(?:[-–•+]\s+)?[\"“‘(\[]?(\w))"
)
_ABBREVIATIONS = frozenset(
    {"tp", "tt", "ts", "ths", "pgs", "gs", "bs", "ks", "ls", "ncs", "th.s", "tp.hcm"}
    | {"v.v", "vv", "st", "mr", "mrs", "dr", "no", "tr", "số"}
    | {"q", "p"}  # quận, phường in addresses: "Q. Bình Thạnh", "P. Bến Nghé"
)
_ENUMERATOR = re.compile(r"^(\d{1,2}|[ivxlc]{1,5}|[a-zđ])[.)]$", re.IGNORECASE)
# A name cut to its initials ("chị Hoàng Thị Ph.", "ông Lê Văn H.", "ông N.V."), after a
# capitalised word or a word for a person.
_INITIAL = re.compile(r"(?:(?:[A-ZĐ]|Ch|Gh|Gi|Kh|Ngh?|Nh|Ph|Qu|Th|Tr)\.)+")
_PERSON_WORDS = frozenset(
    {"ông", "bà", "anh", "chị", "em", "cháu", "cô", "chú", "bác", "bé", "cụ", "cậu", "dì"}
)
_OPENING = '"“‘([«'
# The longest sentence kept whole: real reports' sentences stay under 800 characters.
MAX_SENTENCE = 1000
_SYLLABLE = re.compile(r"\w+", re.UNICODE)


def normalize(text: str) -> str:
    """NFC, no invisible or control characters, single spaces; keeps line breaks."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences.

    >>> split_sentences("Chiều 3/7, hội nghị khai mạc. Đồng chí Hà chủ trì.")
    ['Chiều 3/7, hội nghị khai mạc.', 'Đồng chí Hà chủ trì.']
    >>> split_sentences("Bà Lê Thị H. (Sở Y tế TP. Huế) phát biểu. Hội nghị bế mạc.")
    ['Bà Lê Thị H. (Sở Y tế TP. Huế) phát biểu.', 'Hội nghị bế mạc.']
    """
    text = text.strip()
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        following = match.group(1)
        if not (following.isupper() or following.isdigit()):
            continue
        end = match.end()
        # only the last words decide; a slice from `start` would grow with every skip
        words = text[max(start, end - 120) : end].rsplit(" ", 2)
        last_word = words[-1].lstrip(_OPENING).rstrip(".").lower()
        if last_word in _ABBREVIATIONS or (
            end - start <= 12 and _ENUMERATOR.match(text[start:end].strip())
        ):
            continue
        if len(words) > 1 and _INITIAL.fullmatch(words[-1]):
            before = words[-2]
            if before[:1].isupper() or before.lower() in _PERSON_WORDS:
                continue
        _bounded(text, start, end, sentences)
        start = end
    _bounded(text, start, len(text), sentences)
    return sentences


def _bounded(text: str, start: int, end: int, out: list[str]) -> None:
    """Append text[start:end] as sentences of at most MAX_SENTENCE characters.

    A longer stretch without a sentence end (text pasted from a scan, a list joined by
    commas) is cut after the last comma or semicolon before the bound, else at the last
    space, else at the bound itself.
    """
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = max(text.rfind(", ", start, limit), text.rfind("; ", start, limit)) + 1
        if cut - start < MAX_SENTENCE // 2:
            cut = text.rfind(" ", start, limit)
            if cut - start < MAX_SENTENCE // 2:
                cut = limit
        piece = text[start:cut].strip()
        if piece:
            out.append(piece)
        start = cut
    piece = text[start:end].strip()
    if piece:
        out.append(piece)


def syllables(text: str) -> list[str]:
    """Lowercased syllable tokens (letters and digits), punctuation dropped."""
    return _SYLLABLE.findall(text.lower())


def fold(text: str) -> str:
    """Lowercase NFC with single spaces, for matching phrases and names."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def normalize_tones(text: str) -> str:
    """Vietnamese tone marks in the older placement ("hòa" → "hoà", "Ủy" → "Uỷ").

    BARTpho was trained on this placement, and the guard compares names in it. In an open
    syllable ending in oa, oe or uy (not after q), the tone mark goes on the
    second vowel: "hòa" → "hoà", "khỏe" → "khoẻ", "thủy" → "thuỷ".
    """
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"
_OLD_TONE = re.compile(
    rf"(?<![qQ])((?:[oO](?=[{_TONE_MARKS}][aAeE]))|(?:[uU](?=[{_TONE_MARKS}][yY])))"
    rf"([{_TONE_MARKS}])([aAeEyY])(?!\w)"
)
