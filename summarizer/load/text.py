"""Plain text and Markdown files: encodings recognised, Markdown marks removed."""

from __future__ import annotations

import re
import unicodedata

from summarizer.errors import InputError
from summarizer.load.limits import Limits

SUFFIXES = (".txt", ".md")


def read(data: bytes, name: str, limits: Limits, suffix: str) -> str:
    """The text of a .txt or .md file, one paragraph per line."""
    text = decode_text(data, name)
    return strip_markdown(text) if suffix == ".md" else text


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_QUOTE = re.compile(r"^\s*>\s?")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(
    r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__"
    r"|(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"
)


def decode_text(data: bytes, name: str) -> str:
    """Text of a file in UTF-8 (with or without BOM), UTF-16 or Windows-1258.

    UTF-16 without a byte-order mark and Windows-1258 (cp1258) are taken only when the
    result is clearly text (clearly Vietnamese, for cp1258); VNI and TCVN3 (ABC) files
    are recognised and refused with what to do.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError(f"{name}: looks like a PDF file; name it .pdf")
    elif data.startswith(b"PK\x03\x04"):
        raise InputError(f"{name}: looks like a Word or zip file; name it .docx or save as .txt")
    elif b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        if not _few_nuls(data[:4096]):
            raise InputError(
                f"{name}: binary data or UTF-16 without a byte-order mark; save it as UTF-8 text"
            )
        encoding = "utf-8"  # a stray NUL in a text file: read it, normalize drops it
    else:
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8":
            text = _legacy_vietnamese(data, name)
            if text is not None:
                return text
        raise InputError(
            f"{name}: not valid {encoding.upper()} text (byte {exc.start}); "
            "it may use a legacy Vietnamese encoding (TCVN3, VNI, Windows-1258): "
            "save it as UTF-8 and try again"
        ) from None


# ---------------------------------------------------------------------------------------
# Encodings other than UTF-8: UTF-16 without a byte-order mark, Windows-1258, VNI, TCVN3

_SAMPLE = 64 * 1024  # bytes looked at to recognise an encoding


def _few_nuls(sample: bytes) -> bool:
    """A NUL or two in text (a bad copy), not the many of binary data or UTF-16."""
    return sample.count(0) <= max(2, len(sample) // 1000)


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 data without a byte-order mark, when that is sure; else None.

    Sure means: the high byte of most characters is zero (the odd bytes for little
    endian, the even ones for big endian) and almost never the low byte, the whole file
    decodes, and what it gives is mostly letters, digits, spaces and punctuation.
    """
    if len(data) % 2 or len(data) < 4:
        return None
    sample = data[:_SAMPLE]
    even, odd = sample[0::2], sample[1::2]
    even_zero, odd_zero = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_zero >= 0.3 and even_zero <= 0.02:
        encoding = "utf-16-le"
    elif even_zero >= 0.3 and odd_zero <= 0.02:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _mostly_text(text[: _SAMPLE // 2]) else None


def _mostly_text(text: str) -> bool:
    """Letters, digits and punctuation, hardly any control or unassigned characters."""
    shown = [c for c in text if not c.isspace()]
    if not shown:
        return False
    categories = [unicodedata.category(c) for c in shown]
    wordy = sum(cat[0] in "LNP" for cat in categories)
    odd = sum(cat in ("Cc", "Cn", "Co", "Cs") for cat in categories)
    return wordy >= 0.8 * len(shown) and odd <= 0.01 * len(shown)


_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
_TONE_MARKS = frozenset((_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT))
_VIETNAMESE_VOWELS = "aăâeêioôơuưy"
# Letters of Vietnamese beyond ASCII: vowels with their marks, and đ.
_VIETNAMESE_LETTERS = frozenset(
    "đĐ"
    + "".join(
        unicodedata.normalize("NFC", vowel + tone)
        for vowel in _VIETNAMESE_VOWELS + _VIETNAMESE_VOWELS.upper()
        for tone in ("", *_TONE_MARKS)
    )
)
_PUNCTUATION = frozenset("“”‘’–—…•°·«»₫§©®±×÷€\u00a0")
# A syllable with its tone mark taken off: onset, vowels, final consonant.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?"
    r"(?:iêu|yêu|oai|oao|oay|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu"
    r"|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy"
    r"|ưa|ưi|ưu|ươ|yê|[aăâeêioôơuưy])"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_WORD = re.compile(r"[^\W\d_]+")

# TCVN3 (ABC): one byte per letter. The toned vowels of each base vowel, in the order
# grave, hook, tilde, acute, dot below; capitals exist only without a tone mark.
_TCVN3_TONED = {
    "a": b"\xb5\xb6\xb7\xb8\xb9",
    "ă": b"\xbb\xbc\xbd\xbe\xc6",
    "â": b"\xc7\xc8\xc9\xca\xcb",
    "e": b"\xcc\xce\xcf\xd0\xd1",
    "ê": b"\xd2\xd3\xd4\xd5\xd6",
    "i": b"\xd7\xd8\xdc\xdd\xde",
    "o": b"\xdf\xe1\xe2\xe3\xe4",
    "ô": b"\xe5\xe6\xe7\xe8\xe9",
    "ơ": b"\xea\xeb\xec\xed\xee",
    "u": b"\xef\xf1\xf2\xf3\xf4",
    "ư": b"\xf5\xf6\xf7\xf8\xf9",
    "y": b"\xfa\xfb\xfc\xfd\xfe",
}
_TCVN3 = {
    **{b: c for b, c in zip(b"\xa1\xa2\xa3\xa4\xa5\xa6\xa7", "ĂÂÊÔƠƯĐ", strict=True)},
    **{b: c for b, c in zip(b"\xa8\xa9\xaa\xab\xac\xad\xae", "ăâêôơưđ", strict=True)},
    **{
        code: unicodedata.normalize("NFC", vowel + tone)
        for vowel, codes in _TCVN3_TONED.items()
        for code, tone in zip(codes, (_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT), strict=True)
    },
}
_TCVN3_TABLE = {code: _TCVN3.get(code, "\ufffd") for code in range(0x80, 0x100)}

# VNI-Windows: a vowel is the ASCII letter followed by a mark byte; a few letters are
# one byte. Shown as Windows-1252, "Hội nghị" is "Hoäi nghò". Capitals take the
# capital form of the mark byte.
_VNI_MARKS = {
    "ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRCUMFLEX, "á": _CIRCUMFLEX + _ACUTE, "à": _CIRCUMFLEX + _GRAVE,
    "å": _CIRCUMFLEX + _HOOK, "ã": _CIRCUMFLEX + _TILDE, "ä": _CIRCUMFLEX + _DOT,
    "ê": _BREVE, "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE,
    "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE, "ë": _BREVE + _DOT,
}  # fmt: skip
_VNI_MARKS.update({byte.upper(): marks for byte, marks in _VNI_MARKS.items()})
_VNI_LETTERS = {
    "ñ": "đ", "ô": "ơ", "ö": "ư", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
}  # fmt: skip
_VNI_LETTERS.update({byte.upper(): letter.upper() for byte, letter in _VNI_LETTERS.items()})
_VNI_VOWEL = re.compile("([aeiouyAEIOUYôöÔÖ])([" + "".join(_VNI_MARKS) + "])")


def _from_vni(data: bytes) -> str:
    text = data.decode("latin-1")
    text = _VNI_VOWEL.sub(
        lambda m: _VNI_LETTERS.get(m.group(1), m.group(1)) + _VNI_MARKS[m.group(2)], text
    )
    return unicodedata.normalize("NFC", text.translate(str.maketrans(_VNI_LETTERS)))


def _from_tcvn3(data: bytes) -> str:
    return data.decode("latin-1").translate(_TCVN3_TABLE)


def _from_cp1258(data: bytes) -> str | None:
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None


def _vietnamese_share(text: str) -> float:
    """How clearly the text is Vietnamese: 0 (not at all) to 1.

    Counts the words with letters beyond ASCII: nearly all of them must be Vietnamese
    syllables (a wrong decoding gives letters no syllable has, or vowels in an
    impossible order), they must be a good share of all words, and there must be
    hardly any other characters beyond ASCII (symbols, stray marks, controls).
    """
    words = _WORD.findall(text)
    marked = [w for w in words if not w.isascii()]
    if len(marked) < 8 or len(marked) < 0.2 * len(words):
        return 0.0
    syllables = sum(_is_syllable(w) for w in marked)
    beyond = [c for c in text if not c.isascii()]
    odd = sum(c not in _VIETNAMESE_LETTERS and c not in _PUNCTUATION for c in beyond)
    if odd > 0.02 * len(beyond):
        return 0.0
    return syllables / len(marked)


def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(c in _TONE_MARKS for c in decomposed)
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return tones <= 1 and _SYLLABLE.fullmatch(bare) is not None


def _legacy_vietnamese(data: bytes, name: str) -> str | None:
    """Windows-1258 text, decoded; VNI or TCVN3 refused by name; None if none is clear."""
    sample = data[:_SAMPLE]
    candidates = {
        "cp1258": _from_cp1258(sample),
        "VNI": _from_vni(sample),
        "TCVN3 (ABC)": _from_tcvn3(sample),
    }
    shares = {
        encoding: _vietnamese_share(text)
        for encoding, text in candidates.items()
        if text is not None
    }
    best = max(shares, key=shares.__getitem__)
    if shares[best] < 0.9:
        return None
    if best == "cp1258":
        return _from_cp1258(data)
    raise InputError(
        f"{name}: looks like {best} text, a legacy Vietnamese encoding; convert it to "
        "Unicode (UTF-8), e.g. with UniKey's converter, and try again"
    )


def strip_markdown(text: str) -> str:
    """Markdown to plain text lines: headings, quotes, links and emphasis marks removed."""
    lines = []
    for line in text.split("\n"):
        line = _MD_QUOTE.sub("", _MD_HEADING.sub("", line))
        line = _MD_EMPHASIS.sub(_emphasis_text, _MD_LINK.sub(r"\1", line))
        lines.append(line)
    return "\n".join(lines)


def _emphasis_text(match: re.Match[str]) -> str:
    return next(group for group in match.groups() if group is not None)
