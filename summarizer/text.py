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
        candidate = text[start : match.end()].strip()
        words = candidate.rsplit(" ", 2)
        last_word = words[-1].lstrip(_OPENING).rstrip(".").lower()
        if last_word in _ABBREVIATIONS or _ENUMERATOR.match(candidate):
            continue
        if len(words) > 1 and _INITIAL.fullmatch(words[-1]):
            before = words[-2]
            if before[:1].isupper() or before.lower() in _PERSON_WORDS:
                continue
        sentences.append(candidate)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


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
