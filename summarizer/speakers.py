"""Who speaks in each sentence of a report, and who presides over the meeting.

A mention is a person (a name after an honorific or starting with a common surname,
with the title written next to it) or a title alone ("Phó Thủ tướng yêu cầu ...").
A sentence's speaker is the mention just before its first speech verb, the one after
"Theo" at its start, or the one a quotation is attributed to where it closes
('..." , ông Phong nói'). The presider is the person a sentence says chaired, else the
one who concludes ("phát biểu kết luận", "kết thúc hội nghị"), else the highest title
that speaks. Word lists: [speakers] in prompts/cues.vi.toml.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from summarizer import prompts
from summarizer.budget import check
from summarizer.facts import chair_in, people
from summarizer.models import Person


@dataclass(frozen=True)
class Mention:
    """A person or a title named in a sentence."""

    rank: int  # rank of the title (0 = highest); the number of titles when none is given
    title: str  # the title, folded ("" when none)
    name: str  # the last syllable of the person's name ("" when only a title is given)
    start: int  # character offset in the sentence

    def same(self, other: Mention) -> bool:
        """The same person: the same name, or (without names) the same title."""
        if self.name and other.name:
            return self.name == other.name
        return bool(self.title) and self.title == other.title


@dataclass(frozen=True)
class _Lists:
    titles: re.Pattern[str]
    rank: dict[str, int]
    speech: re.Pattern[str]
    directive: re.Pattern[str]
    concluding: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _lists() -> _Lists:
    data = prompts.load("cues.vi")["speakers"]
    titles = [t.lower() for t in data["titles"]]
    return _Lists(
        titles=re.compile(rf"(?<!\w)(?:{_alternation(titles)})(?!\w)", re.IGNORECASE),
        rank={t: r for r, t in reversed(list(enumerate(titles)))},
        speech=re.compile(rf"(?<!\w)(?:{_alternation(data['speech_verbs'])})(?!\w)", re.I),
        directive=re.compile(rf"(?<!\w)(?:{_alternation(data['directive_verbs'])})(?!\w)", re.I),
        concluding=re.compile(rf"(?<!\w)(?:{_alternation(data['concluding'])})(?!\w)", re.I),
    )


def mentions(sentence: str) -> list[Mention]:
    """People and titles named in a sentence, in order."""
    lists = _lists()
    titles = [(m.start(), m.end(), m.group(0).lower()) for m in lists.titles.finditer(sentence)]
    ends = [end for _, end, _ in titles]
    starts = [start for start, _, _ in titles]
    used: set[int] = set()
    out = []
    for match, name in people(sentence):
        start, end = match.start(), match.end()
        # a title just before the name ("Phó Thủ tướng Vương Đình Huệ", "Chủ tịch UBND TP
        # Nguyễn Thành Phong"), else just after it ("ông Trần Thọ, Bí thư Thành uỷ")
        chosen = None
        k = bisect.bisect_right(ends, start) - 1
        if k >= 0 and start - ends[k] <= 40:
            chosen = titles[k]
        else:
            k = bisect.bisect_left(starts, end)
            if (
                k < len(titles)
                and titles[k][0] - end <= 3
                and sentence[end : titles[k][0]].strip() in (",", "-", "–", "")
            ):
                chosen = titles[k]
        title = chosen[2] if chosen else ""
        if chosen is not None:
            used.add(chosen[0])
        rank = lists.rank.get(title, len(lists.rank))
        out.append(Mention(rank, title, name.split()[-1], start))
    people_at = [m.start for m in out]
    for start, _, title in titles:
        k = bisect.bisect_left(people_at, start - 40)
        near = k < len(people_at) and people_at[k] <= start + 40
        if start not in used and not near:
            out.append(Mention(lists.rank[title], title, "", start))
    return sorted(out, key=lambda m: m.start)


def speaker(sentence: str, found: list[Mention]) -> Mention | None:
    """Who speaks in the sentence, if it names them."""
    if not found:
        return None
    lists = _lists()
    verb = lists.speech.search(sentence)
    if sentence[:5].lower() == "theo " and found[0].start <= 12:
        return found[0]
    if verb is not None:
        before = [m for m in found if m.start < verb.start() and verb.start() - m.start <= 90]
        if before:
            return before[-1]
        if re.search(r"[\"”]", sentence[: verb.start()]):
            after = [m for m in found if m.start > verb.start()]
            return after[0] if after else None
    return found[0] if found[0].start <= 3 else None


@dataclass
class Speakers:
    """Per sentence: the mentions, the speaker (carried over quotations), the person it
    says chaired; and the presider."""

    mentions: list[list[Mention]]
    chairs: list[Person | None]
    speakers: list[Mention | None]
    presider: Mention | None
    candidates: dict[str, Mention]  # who might preside, by the reason: chair, concluding, ...

    def role(self, i: int) -> str:
        """'presider', 'other' or 'none' for the speaker of sentence i."""
        who = self.speakers[i]
        if who is None:
            return "none"
        return "presider" if self.presider is not None and who.same(self.presider) else "other"

    def matches(self, who: Mention | None) -> list[str]:
        """The reasons for which `who` might preside."""
        if who is None:
            return []
        return [reason for reason, m in self.candidates.items() if who.same(m)]

    def names_presider(self, i: int) -> bool:
        return self.presider is not None and any(m.same(self.presider) for m in self.mentions[i])


_QUOTE_END = re.compile(r"[\"”]\s*[,.]?\s*[^\"“”]{0,80}$")


def read(sentences: list[str]) -> Speakers:
    """Mentions, speakers and the presider of a report's sentences."""
    lists = _lists()
    check()
    found = [mentions(s) for s in sentences]
    check()
    who = [speaker(s, m) for s, m in zip(sentences, found, strict=True)]
    # a quotation over several sentences takes the speaker named where it closes
    open_at = None
    for i, sentence in enumerate(sentences):
        if sentence[:1] in '"“' and open_at is None:
            open_at = i
        if open_at is not None and _QUOTE_END.search(sentence) and who[i] is not None:
            for j in range(open_at, i):
                who[j] = who[j] or who[i]
            open_at = None
        elif open_at is not None and i - open_at > 8:
            open_at = None
    chairs = [chair_in(s) for s in sentences]
    candidates: dict[str, Mention] = {}
    for chair in chairs:
        if chair is not None:
            name = chair.name.split()[-1]
            titled = [m for ms in found for m in ms if m.title and m.name == name]
            candidates["chair"] = titled[0] if titled else Mention(len(lists.rank), "", name, 0)
            break
    concluding = [
        w for s, w in zip(sentences, who, strict=True) if w and lists.concluding.search(s)
    ]
    if concluding:
        candidates["concluding"] = concluding[0]
    ranked = [w for w in who if w and w.title]
    if ranked:
        candidates["top_rank"] = min(ranked, key=lambda m: m.rank)
    first = next((ms[0] for ms in found[:3] if ms), None)
    if first is not None:
        candidates["first_named"] = first
    heard = Counter(w.name or w.title for w in who if w is not None)
    if heard:
        loudest = heard.most_common(1)[0][0]
        candidates["most_heard"] = next(w for w in who if w and (w.name or w.title) == loudest)
    presider = next(
        (candidates[r] for r in ("chair", "concluding", "top_rank") if r in candidates), None
    )
    return Speakers(found, chairs, who, presider, candidates)


def directive(sentence: str) -> bool:
    """Whether the sentence holds a word of a task ([speakers] directive_verbs)."""
    return _lists().directive.search(sentence) is not None
