"""Faithfulness: every number, date, time and name in a summary must be in its source.

Each sentence of a summary is read into items:
- numbers in Vietnamese formats ("1.234", "3,2", "3,2 tỷ", "45%", "45 phần trăm",
  "thứ 5"), with the scale word and the currency that go with them;
- dates ("3/7", "03/07/2024", "15.7.2024", "ngày 3 tháng 7 năm 2024", "tháng 7",
  "quý II", "6 tháng đầu năm") with the part of the day before them ("chiều 3/7"), and
  clock times ("14h30", "8 giờ");
- codes that mix letters and digits ("1A", "COVID-19");
- proper names: runs of capitalised syllables ("Đào Khánh Hà", "Ban Chỉ đạo"), acronyms
  ("UBND", "HĐND") and a title written before a name ("Chủ tịch Lê Hoa", "bà Hà").

An item is supported when its source section states it, compared by value (1.234 =
1234; "3/7" = "ngày 3 tháng 7") and, for names, by syllables in one run with case and
tone-mark placement folded ("Uỷ" = "Ủy"). A sentence with an unsupported item is replaced
by the source sentence that best covers it, or dropped when none is close.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Literal

from summarizer import prompts
from summarizer.budget import check as check_time
from summarizer.models import GuardChange, PartKind
from summarizer.text import normalize, normalize_tones, split_sentences, syllables

ItemKind = Literal["number", "date", "month", "quarter", "period", "time", "code", "name", "title"]

# A replacement must share at least this share of the sentence's syllables.
_MIN_OVERLAP = 0.35
# A title counts as near a name within this many syllables.
_TITLE_WINDOW = 15
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Item:
    """A fact of a sentence: its kind, the text as written and the value compared."""

    kind: ItemKind
    text: str
    key: tuple


@dataclass(frozen=True)
class GuardResult:
    """The checked summary and what was changed in it."""

    summary: str
    changes: list[GuardChange]


# ---------------------------------------------------------------------------------------
# Reading items


@cache
def _words() -> dict:
    guard = prompts.load("guard.vi")
    names = prompts.load("cues.vi")["names"]
    honorifics = [_fold(w) for w in names["honorifics"]]
    offices = [_fold(w) for w in guard["titles"]["offices"]]
    titles = sorted({*honorifics, *offices}, key=len, reverse=True)
    return {
        "common": {_fold(w) for w in guard["common_capitalised"]},
        "scales": {_fold(k): Decimal(v) for k, v in guard["scales"].items()},
        "currencies": {_fold(k): v for k, v in guard["currencies"].items()},
        "parts": [_fold(w) for w in guard["dates"]["parts_of_day"]],
        "period_ends": [_fold(w) for w in guard["dates"]["period_ends"]],
        "titles": titles,
        "free_titles": {"đồng chí", "đ/c", "ngài", "thầy", "cô"},
        # a title is checked before a person's name: after an honorific, or a run that
        # starts with a surname ("Chủ tịch Quốc hội" is an office, not a person)
        "personal": set(honorifics),
        "surnames": {_fold(w) for w in names["surnames"]},
        "exclusive": [[_fold(w) for w in pair] for pair in guard["titles"]["exclusive"]],
    }


def _fold(text: str) -> str:
    return normalize_tones(" ".join(text.lower().split()))


def _prepare(text: str) -> str:
    text = normalize(text).replace("\n", " ")
    return normalize_tones(re.sub(r"[–—−]", "-", text))


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> dict[str, re.Pattern]:
    words = _words()
    scales = _alternation(list(words["scales"]))
    currencies = _alternation(list(words["currencies"]))
    ends = _alternation(words["period_ends"])
    flags = re.IGNORECASE
    return {
        "part": re.compile(
            rf"(?:^|[^\w])({_alternation(words['parts'])})(?:\s+nay)?\s*[(,]?\s*(?:ngày|hôm)?\s*$",
            flags,
        ),
        "period": re.compile(rf"(?<![\w.,])(\d{{1,2}})\s+tháng\s+({ends})(?!\w)", flags),
        "date_words": re.compile(
            r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*(?:năm|,)\s*(\d{4}))?(?!\d)", flags
        ),
        "date": re.compile(
            r"(?<![\w.,/])(\d{1,2})\s*([/.-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}|\d{2}))?(?![\d/]|[.,]\d)"
        ),
        "month": re.compile(r"tháng\s+(\d{1,2})(?:\s*(?:/|năm)\s*(\d{4}))?(?!\d)(?![.,]\d)", flags),
        "quarter": re.compile(r"quý\s+(iv|i{1,3}|[1-4])(?![\w])", flags),
        "time": re.compile(
            r"(?<![\w.,/])(\d{1,2})\s*(?:giờ|h(?![^\W\d_])|:(?=\d{2}))\s*(\d{2})?(?:\s*phút)?(?![\d])",
            flags,
        ),
        "code": re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[^\W\d_])\w+(?:-\w+)*"),
        "number": re.compile(
            rf"(?<![\w])(\d+(?:[.,]\d+)*)(?![^\W\d_])(?:\s*(%|phần trăm))?"
            rf"(?:\s+({scales})(?!\w))?(?:\s*({currencies})(?!\w))?",
            flags,
        ),
        "word": re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?"),
    }


def _value(text: str) -> Decimal | None:
    """The value of a number as Vietnamese writes it: "1.234" = 1234, "3,2" = 3.2."""
    dots, commas = text.count("."), text.count(",")
    try:
        if dots and commas:
            cut = max(text.rfind("."), text.rfind(","))
            return Decimal(re.sub(r"[.,]", "", text[:cut]) + "." + text[cut + 1 :])
        for sep, count in ((".", dots), (",", commas)):
            if count:
                groups = text.split(sep)
                if all(len(g) == 3 for g in groups[1:]) and (count > 1 or sep == "."):
                    return Decimal("".join(groups))
                if count == 1:
                    return Decimal(text.replace(",", "."))
                return None
        return Decimal(text)
    except InvalidOperation:
        return None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


class _Scanner:
    """Finds items in a prepared text, each character used by one item at most."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.taken = [False] * len(text)
        self.items: list[tuple[int, Item]] = []

    def free(self, match: re.Match) -> bool:
        return not any(self.taken[match.start() : match.end()])

    def take(self, match: re.Match, kind: ItemKind, key: tuple, start: int | None = None) -> None:
        start = match.start() if start is None else start
        for i in range(start, match.end()):
            self.taken[i] = True
        self.items.append((start, Item(kind, self.text[start : match.end()].strip(), key)))

    def take_date(self, match: re.Match, key: tuple) -> None:
        """A date with the part of the day written before it ("chiều 3/7")."""
        begin = max(0, match.start() - 30)
        found = _patterns()["part"].search(self.text[begin : match.start()])
        part = found.group(1).lower() if found else None
        start = begin + found.start(1) if found else None
        if start is not None and any(self.taken[start : match.start()]):
            start = None
        self.take(match, "date", (*key, part), start)


def _scan_numbers(scanner: _Scanner) -> None:
    pat = _patterns()
    text = scanner.text
    for m in pat["period"].finditer(text):
        scanner.take(m, "period", (int(m.group(1)), m.group(2).lower()))
    for m in pat["date_words"].finditer(text):
        if scanner.free(m) and 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12:
            scanner.take_date(m, (int(m.group(1)), int(m.group(2)), _year(m.group(3))))
    position = 0
    while m := pat["date"].search(text, position):
        day, sep, month, year = int(m.group(1)), m.group(2), int(m.group(3)), m.group(4)
        # "3.2" is a decimal number, "10-15" a range: look again from the next character,
        # so "0. 1-1" still finds the date "1-1"
        rejected = not (1 <= day <= 31 and 1 <= month <= 12) or (sep == "." and not year)
        rejected = rejected or (sep == "-" and bool(year) and len(year) == 2)
        if not rejected and scanner.free(m):
            scanner.take_date(m, (day, month, _year(year)))
        position = m.start() + 1 if rejected else m.end()
    for m in pat["month"].finditer(text):
        if scanner.free(m) and 1 <= int(m.group(1)) <= 12:
            scanner.take(m, "month", (int(m.group(1)), _year(m.group(2))))
    for m in pat["quarter"].finditer(text):
        if scanner.free(m):
            q = m.group(1).lower()
            scanner.take(m, "quarter", (_ROMAN.get(q) or int(q),))
    for m in pat["time"].finditer(text):
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if scanner.free(m) and hour <= 24 and minute < 60:
            scanner.take(m, "time", (hour, minute))
    for m in pat["code"].finditer(text):
        if scanner.free(m):
            scanner.take(m, "code", (_fold(m.group(0)),))
    scales = _words()["scales"]
    for m in pat["number"].finditer(text):
        if not scanner.free(m):
            continue
        value = _value(m.group(1))
        scale = scales[_fold(m.group(3))] if m.group(3) else Decimal(1)
        currency = _words()["currencies"][_fold(m.group(4))] if m.group(4) else None
        key = (value if value is not None else m.group(1), scale, bool(m.group(2)), currency)
        scanner.take(m, "number", key)


def _scan_names(scanner: _Scanner) -> None:
    text = scanner.text
    words = _words()
    runs: list[list[re.Match]] = []
    for m in _patterns()["word"].finditer(text):
        if scanner.taken[m.start()] or not m.group(0)[0].isupper():
            continue
        last = runs[-1][-1] if runs else None
        if last is not None and text[last.end() : m.start()] == " ":
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in runs:
        start = run[0].start()
        # look back a little only: a slice of all the text before each name is quadratic
        near = text[max(0, start - 64) : start]
        initial = _starts_sentence(near if near.rstrip()[-1:] not in ("", '"') else text[:start])
        names = [m.group(0) for m in run]
        folded = tuple(normalize_tones(w) for w in syllables(" ".join(names)))
        acronym = len(names) == 1 and len(names[0]) >= 2 and names[0].isupper()
        if " ".join(folded) in words["common"] and not acronym:
            continue
        if initial and len(names) == 1 and not acronym:
            continue  # a capital that only starts the sentence
        item_text = text[start : run[-1].end()]
        scanner.items.append((start, Item("name", item_text, (folded, initial))))
        title = _title_before(text[max(0, start - 40) : start])
        if title and (folded[0] in words["surnames"] or title in words["personal"]):
            scanner.items.append(
                (
                    start - 1,
                    Item(
                        "title",
                        f"{text[start - len(title) - 1 : start]}{item_text}",
                        (title, folded),
                    ),
                )
            )


def _starts_sentence(before: str) -> bool:
    """Whether a word after this text starts a sentence, a quotation or a list item."""
    before = before.rstrip()
    if not before:
        return True
    last = before[-1]
    if last == '"':
        return before.count('"') % 2 == 1  # an opening straight quote
    return last in ".:!?;“‘(-•…"


def _title_before(text: str) -> str | None:
    """The title that ends right before a name ("... (Chủ tịch " → "chủ tịch")."""
    tail = _fold(text[-40:])
    if not text.endswith(" "):
        return None
    for title in _words()["titles"]:
        if tail.endswith(title):
            before = tail[-len(title) - 1 : -len(title)]
            if not before or not (before == "/" or before.isalnum() or before == "_"):
                return title
    return None


def items(sentence: str) -> list[Item]:
    """The checkable items of a sentence, in reading order."""
    scanner = _Scanner(_prepare(sentence))
    _scan_numbers(scanner)
    _scan_names(scanner)
    return [item for _, item in sorted(scanner.items, key=lambda pair: pair[0])]


def checkable_items(sentence: str) -> list[str]:
    """Numbers, dates, times, codes and proper names of a sentence, as written.

    >>> checkable_items("Chiều 3/7, đồng chí Đào Khánh Hà dự hội nghị tại Hải Phòng.")
    ['Chiều 3/7', 'Đào Khánh Hà', 'Hải Phòng']
    """
    return [item.text for item in items(sentence) if item.kind != "title"]


# ---------------------------------------------------------------------------------------
# Checking items against a source


class Source:
    """The facts of a source text, read once and checked many times."""

    def __init__(self, text: str) -> None:
        check_time()
        prepared = _prepare(text)
        found = items(prepared)
        check_time()
        self.by_kind: dict[str, list[tuple]] = {}
        for item in found:
            self.by_kind.setdefault(item.kind, []).append(item.key)
        # runs of letters, as names are read: "Hà_Nội" holds "hà" "nội", "14h30A" holds "a"
        words = re.findall(r"[^\W\d_]+|\d+", prepared.lower())
        self.syllables = [normalize_tones(s) for s in words]
        self.joined = " " + " ".join(self.syllables) + " "
        self.text = prepared
        self.code_digits = {d for (code,) in self.keys("code") for d in re.findall(r"\d+", code)}
        self.folded = _fold(prepared)
        self.years = {key[2] for key in self.by_kind.get("date", []) if key[2]}
        self.years |= {key[1] for key in self.by_kind.get("month", []) if key[1]}

    def keys(self, kind: str) -> list[tuple]:
        return self.by_kind.get(kind, [])

    def has_year(self, year: int | None) -> bool:
        if year is None or year in self.years:
            return True
        return any(key[0] == year for key in self.keys("number"))

    def has_run(self, words: tuple[str, ...]) -> bool:
        return bool(words) and " " + " ".join(words) + " " in self.joined

    def positions(self, words: tuple[str, ...]) -> list[int]:
        n = len(words)
        return [
            i
            for i in range(len(self.syllables) - n + 1)
            if tuple(self.syllables[i : i + n]) == words
        ]

    def supports(self, item: Item) -> bool:
        key = item.key
        if item.kind == "number":
            return self._number(*key)
        if item.kind == "date":
            day, month, year, part = key
            return any(
                (d, m) == (day, month) and (part is None or p == part)
                for d, m, _, p in self.keys("date")
            ) and (year is None or self.has_year(year))
        if item.kind == "month":
            month, year = key
            known = [m for m, _ in self.keys("month")] + [m for _, m, _, _ in self.keys("date")]
            return month in known and self.has_year(year)
        if item.kind in ("quarter", "period", "time"):
            return key in self.keys(item.kind)
        if item.kind == "code":
            code = re.escape(key[0])
            # the same bounds as the code pattern: "1A-" ends a code "1A", "1A-B" does not
            return re.search(rf"(?<![\w-]){code}(?!\w|-\w)", self.folded) is not None
        if item.kind == "name":
            words, initial = key
            if self._name(words):
                return True
            rest = words[1:]
            return (
                initial
                and bool(rest)
                and " ".join(rest) not in _words()["common"]
                and self._name(rest)
            )
        if item.kind == "title":
            return self._title(*key)
        return False

    def _name(self, words: tuple[str, ...]) -> bool:
        """The run is in the source, or it is two names side by side whose second starts
        with a surname ("Ngân hàng Đông Á Trần Phương Bình")."""
        if self.has_run(words):
            return True
        surnames = _words()["surnames"]
        return any(
            words[cut] in surnames and self.has_run(words[:cut]) and self.has_run(words[cut:])
            for cut in range(1, len(words) - 1)
        )

    def _number(
        self, value: Decimal | str, scale: Decimal, percent: bool, currency: str | None
    ) -> bool:
        if isinstance(value, str):
            return value in self.text
        for v, s, p, c in self.keys("number"):
            if isinstance(v, str) or (currency and c and c != currency):
                continue  # "3 tỷ USD" is not "3 tỷ đồng"
            if percent:
                if p and v == value:
                    return True
            elif scale != 1:
                if not p and (v * s == value * scale):
                    return True
            elif v == value or v * s == value:
                return True
        if not percent and scale == 1 and value == value.to_integral_value():
            # a bare integer written inside a code: "Nghị quyết 35" for "35-NQ/TW"
            return str(int(value)) in self.code_digits
        return False

    def _title(self, title: str, name: tuple[str, ...]) -> bool:
        words = _words()
        if title in words["free_titles"]:
            return True
        title_words = tuple(title.split())
        near: list[list[str]] = []
        for at in self.positions(name):
            near.append(self.syllables[max(0, at - _TITLE_WINDOW) : at + len(name) + _TITLE_WINDOW])
        if not near:
            return True  # the name itself is reported when it is missing
        if any(self._title_in(title_words, w) for w in near):
            return True
        for pair in words["exclusive"]:
            if title in pair:
                others = [t for t in pair if t != title]
                # "ông X" where the source calls X "bà": wrong; no title at all: fine
                return not any(self._title_in(tuple(t.split()), w) for t in others for w in near)
        return False

    @staticmethod
    def _title_in(title: tuple[str, ...], window: list[str]) -> bool:
        """The title stands in the window, and not as the end of a longer title
        ("chủ tịch" is not in "phó chủ tịch")."""
        n = len(title)
        longer = [tuple(t.split()) for t in _words()["titles"] if t.endswith(" " + " ".join(title))]
        for j in range(len(window) - n + 1):
            if tuple(window[j : j + n]) != title:
                continue
            if not any(
                j - len(t) + n >= 0 and tuple(window[j - len(t) + n : j + n]) == t for t in longer
            ):
                return True
        return False


def unsupported_items(sentence: str, source: str | Source) -> list[str]:
    """The items of the sentence that its source does not state, as written."""
    index = source if isinstance(source, Source) else Source(source)
    return [_shown(item) for item in items(sentence) if not index.supports(item)]


def _shown(item: Item) -> str:
    """The item as a reader should see it: "Tại Huế" shows as "Huế"."""
    if item.kind == "name" and item.key[1] and " " in item.text:
        return item.text.split(" ", 1)[1]
    return item.text


def check(summary: str, source_sentences: list[str], kind: PartKind) -> GuardResult:
    """Replace or drop summary sentences that state what the source does not.

    A sentence of the source itself, as it stands there, is kept without a check."""
    # read as the engine was given it (Section.text): an unended sentence does not run
    # into the next ("... tháng" + "7 hộ ..." is no month 7)
    joined = _joined(source_sentences)
    index: Source | None = None  # read only when a sentence is not the source's own
    by_word = _by_first_word([*source_sentences, *split_sentences(joined)])
    kept: list[str] = []
    changes: list[GuardChange] = []
    for sentence in split_sentences(summary):
        check_time()
        if _verbatim(sentence, by_word):
            kept.append(sentence)
            continue
        index = index or Source(joined)
        missing = unsupported_items(sentence, index)
        if not missing:
            kept.append(sentence)
            continue
        replacement = _closest(sentence, source_sentences, exclude=kept)
        changes.append(
            GuardChange(
                kind=kind,
                original=sentence,
                unsupported=missing,
                action="replaced" if replacement else "dropped",
                replacement=replacement,
            )
        )
        if replacement:
            kept.append(replacement)
    if not kept and source_sentences:
        kept.append(source_sentences[0])
    return GuardResult(summary=_joined(kept), changes=changes)


def _by_first_word(sentences: list[str]) -> dict[str, list[str]]:
    """The distinct sentences by their first word, longest first."""
    by_word: dict[str, list[str]] = {}
    for sentence in dict.fromkeys(sentences):
        by_word.setdefault(sentence.split(" ", 1)[0], []).append(sentence)
    for group in by_word.values():
        group.sort(key=len, reverse=True)
    return by_word


def _verbatim(sentence: str, by_word: dict[str, list[str]]) -> bool:
    """The sentence is a source sentence as written, or several side by side each ended
    by its own mark (an extractive summary split again where a sentence after a full
    stop starts in lower case). Sentences without an end are not put side by side: the
    last name of one and the first of the next would read as one name."""
    at = 0
    while at < len(sentence):
        space = sentence.find(" ", at)
        word = sentence[at:] if space < 0 else sentence[at:space]
        for candidate in by_word.get(word, ()):
            end = at + len(candidate)
            if not sentence.startswith(candidate, at):
                continue
            if end == len(sentence):
                return True
            if sentence[end] == " " and _ENDED.search(candidate):
                at = end + 1
                break
        else:
            return False
    return True


_ENDED = re.compile(r"[.!?…:;][\"”’)\]]*$")


def _joined(sentences: list[str]) -> str:
    """The sentences as one text. One without an end (a heading line taken from the source)
    gets a full stop, so that it does not run into the next and make its first word a name."""
    last = len(sentences) - 1
    return " ".join(
        s if i == last or _ENDED.search(s) else f"{s}." for i, s in enumerate(sentences)
    )


def _closest(sentence: str, candidates: list[str], exclude: list[str]) -> str | None:
    """The source sentence sharing the most syllables with the sentence, if close enough."""
    wanted = set(syllables(sentence))
    if not wanted:
        return None
    best, best_score = None, 0.0
    for candidate in candidates:
        if candidate in exclude:
            continue
        score = len(wanted & set(syllables(candidate))) / len(wanted)
        if score > best_score:
            best, best_score = candidate, score
    return best if best_score >= _MIN_OVERLAP else None
