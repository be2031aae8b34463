"""Meeting facts (date, place, organizer, chair, participants) and directives."""

from __future__ import annotations

import re

from summarizer import prompts
from summarizer.models import Directive, Facts, Person, SegmentedReport
from summarizer.text import fold

_UPPER = "A-ZÀ-ỸĐ"
_NAME = rf"[{_UPPER}][^\s,.;:()]*(?: [{_UPPER}][^\s,.;:()]*){{1,4}}"
_PART_OF_DAY = r"(?P<tod>sáng|chiều|tối|trưa|đêm)"
_DATE_SLASH = re.compile(
    rf"(?:{_PART_OF_DAY}\s+)?(?:ngày\s+)?(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{4}}))?(?!\d)",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(
    rf"(?:{_PART_OF_DAY}\s+)?ngày\s+(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})"
    r"(?:\s+năm\s+(?P<y>\d{4}))?",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"\b(\d{1,2})\s*(?:giờ|h)\s*(\d{2})?(?:\s*phút)?", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:năm\s+)?(20\d{2})\b")
_FIELD = re.compile(r"^(?P<key>[^:]{2,30}):\s*(?P<value>.+)$")
_MEETING_NOUN = r"(?:hội nghị|hội thảo|phiên họp|cuộc họp|buổi làm việc|lễ|đại hội|buổi)"
_ORGANIZER = re.compile(
    rf"(?:^|, )(?P<org>[{_UPPER}][^,;]{{2,120}}?) (?:đã )?(?:long trọng )?tổ chức "
    rf"(?P<meeting>{_MEETING_NOUN}[^.]*)",
    re.IGNORECASE,
)
_CHAIR = re.compile(
    rf"(?i:đồng chí|ông|bà|đ/c)\s+(?P<name>{_NAME})\s*,\s*(?P<title>[^;.]{{3,160}}?)\s+"
    r"(?:đồng )?chủ trì",
)
_CHAIR_FIELD = re.compile(
    rf"^(?:(?i:đồng chí|ông|bà|đ/c)\s+)?(?P<name>{_NAME})(?:\s*[,-]\s*(?P<title>.+))?$"
)
_PLACE = re.compile(rf"\btại (?P<place>[{_UPPER}][^,;.]*?)(?=[,;.]| nhằm| với| để|$)")
_PARTICIPANTS = re.compile(
    r"(?:(?:tham )?dự (?:hội nghị|phiên họp|cuộc họp|buổi làm việc|hội thảo)"
    r"|tham dự|(?<!\w)dự(?= có))(?: có)?"
    r"\s*(?P<who>[^.]+)",
    re.IGNORECASE,
)
_MEETING_TRIM = re.compile(r"\s+(?:nhằm|để|với sự|tại)\s.*$")


def extract_facts(report: SegmentedReport) -> Facts:
    """Facts stated in the report's fields and opening (nothing guessed)."""
    facts = Facts()
    fields = _fields(report)
    opening = report.section("opening")
    opening_text = opening.text if opening else ""
    first_text = opening_text or " ".join(p.text for p in report.paragraphs if p.label != "other")

    _fill_date(facts, fields.get("thời gian") or first_text, report)
    if "thời gian" in fields and facts.time_of_day is None:
        clock = _CLOCK.search(fields["thời gian"])
        if clock:
            facts.time_of_day = clock.group(0)
    found = _ORGANIZER.search(first_text)
    if found:
        facts.organizer = found.group("org").strip()
        facts.meeting = _MEETING_TRIM.sub("", found.group("meeting")).strip(" ;,")
    if "địa điểm" in fields:
        facts.place = fields["địa điểm"].rstrip(".")
    else:
        place = _PLACE.search(first_text)
        if place:
            facts.place = place.group("place").strip()
    facts.chair = _chair(fields, report)
    who = fields.get("thành phần tham dự") or fields.get("thành phần")
    if who is None:
        match = _PARTICIPANTS.search(opening_text)
        who = match.group("who") if match else None
    if who:
        facts.participants = [w.strip(" .") for w in re.split(r";", who) if w.strip(" .")]
    if facts.meeting is None:
        facts.meeting = _title(report)
    return facts


def _fields(report: SegmentedReport) -> dict[str, str]:
    fields: dict[str, str] = {}
    for p in report.paragraphs:
        match = _FIELD.match(p.text)
        if match and p.label == "opening":
            fields.setdefault(fold(match.group("key")), match.group("value").strip())
    return fields


def _fill_date(facts: Facts, text: str, report: SegmentedReport) -> None:
    match = _DATE_WORDS.search(text) or _DATE_SLASH.search(text)
    if not match:
        return
    facts.date_text = match.group(0).strip()
    if match.group("tod"):
        facts.time_of_day = match.group("tod").capitalize()
    day, month = int(match.group("d")), int(match.group("m"))
    year = match.group("y") or _year_hint(report)
    if year and 1 <= day <= 31 and 1 <= month <= 12:
        facts.date_iso = f"{int(year):04d}-{month:02d}-{day:02d}"


def _year_hint(report: SegmentedReport) -> str | None:
    """The year from a dated chrome line (dd/mm/yyyy) or the first "năm 20xx" of the text."""
    for p in report.paragraphs:
        full = re.search(r"\b\d{1,2}/\d{1,2}/(20\d{2})\b", p.text)
        if full and p.label == "other":
            return full.group(1)
    for p in report.paragraphs:
        year = _YEAR.search(p.text)
        if year and p.label != "other":
            return year.group(1)
    return None


def _chair(fields: dict[str, str], report: SegmentedReport) -> Person | None:
    field = fields.get("chủ trì") or fields.get("chủ tọa")
    if field:
        match = _CHAIR_FIELD.match(field.rstrip("."))
        if match:
            return Person(name=match.group("name"), title=(match.group("title") or "").strip())
        return Person(name=field.rstrip("."))
    for p in report.paragraphs:
        if p.label == "other":
            continue
        match = _CHAIR.search(p.text)
        if match:
            return Person(name=match.group("name"), title=match.group("title").strip())
    return None


def _title(report: SegmentedReport) -> str | None:
    for p in report.paragraphs:
        text = fold(p.text)
        if p.label == "other" and re.match(rf"^{_MEETING_NOUN}\b|^cuộc họp", text):
            return p.text
    return None


def extract_directives(report: SegmentedReport) -> list[Directive]:
    """Tasks and instructions given in the conclusion, each with its source sentence."""
    data = prompts.load("cues.vi")["directives"]
    verbs = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, data["verbs"])) + r")(?!\w)")
    lead = re.compile(r"^(?:(?:" + "|".join(map(re.escape, data["strip_lead"])) + r")[\s,]+)+")
    directives: list[Directive] = []
    for p in report.paragraphs:
        if p.label != "conclusion":
            continue
        for sentence in p.sentences:
            folded = fold(sentence)
            first = verbs.search(folded)
            if not first:
                continue
            body = sentence[first.start() :] if ";" in sentence else sentence
            for task in body.split(";"):
                task = task.strip(" -–•.…,:")
                task = lead.sub("", task) if lead.match(fold(task)) else task
                if len(task.split()) < 3 or fold(task).endswith("như sau"):
                    continue
                text = task[0].upper() + task[1:]
                directives.append(Directive(text=text, paragraph_index=p.index, sentence=sentence))
    return directives
