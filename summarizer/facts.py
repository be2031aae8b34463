"""Meeting facts (kind, date, place, organizer, chair, attendees, speakers) and directives.

Everything comes from what the report states; a fact the report does not give stays
empty. Names are runs of capitalised syllables after an honorific or rank ("đồng chí",
"ông", "Đại tá" ...) or starting with a common Vietnamese surname (prompts/cues.vi.toml).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from summarizer import prompts
from summarizer.budget import check
from summarizer.models import Directive, Facts, Person, SegmentedReport
from summarizer.text import fold

# Capital letters of Vietnamese (a range such as À-Ỹ would also take lower-case ones).
_UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isupper())
_WORD = rf"[{_UPPER}][^\s,.;:()\[\]\"“”]*"
_PART_OF_DAY = r"(?P<tod>sáng|chiều|tối|trưa|đêm)"
_DATE_SLASH = re.compile(
    rf"(?:{_PART_OF_DAY}(?:\s+nay)?\s*\(?\s*)?(?:(?:ngày|hôm)\s+)?"
    r"(?<![\d/.-])(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})"
    r"(?:(?P=sep)(?P<y>\d{4}))?(?![\d/.-]*\d)\)?",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(
    rf"(?:{_PART_OF_DAY}\s+)?ngày\s+(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})"
    r"(?:\s*(?:năm|,)\s*(?P<y>\d{4}))?",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"(?<![\d/])(\d{1,2})\s*(?:giờ|h)\s*(\d{2})?(?:\s*phút)?(?!\w)", re.I)
_FIELD = re.compile(r"^[-–•+*]?\s*(?P<key>[^:]{2,30}):\s*(?P<value>.+)$")
_INLINE_FIELD = re.compile(
    r"(?P<key>chủ trì|chủ tọa|chủ toạ|thư ký|địa điểm|thời gian)\s*:\s*"
    r"(?P<value>[^;]+?)(?=;|\.\s|$)",
    re.IGNORECASE,
)
_MEETING_NOUN = (
    r"(?:hội nghị|hội thảo|phiên họp|cuộc họp|buổi làm việc|buổi họp|lễ|đại hội|kỳ họp"
    r"|buổi đối thoại|buổi|họp|lớp tập huấn|lớp bồi dưỡng|lớp|tọa đàm|diễn đàn|chương trình)"
)
# A meeting told of on the date, not held on it ("..., ông X cho biết ... vừa họp").
_REPORTED = re.compile(
    rf"^[^;]{{0,200}}?(?<!\w)(?:cho biết|cho hay|xác nhận|thông tin|thông báo)(?!\w)"
    rf"[^;]{{0,200}}?(?:vừa|đã|tại) (?:có |tổ chức |tiến hành )?(?:{_MEETING_NOUN}|họp)(?!\w)"
    rf"|^[^;]{{0,200}}?(?<!\w)(?:thông cáo|ban hành nghị quyết)(?!\w)[^;]{{0,60}}?"
    rf"(?<!\w)(?:{_MEETING_NOUN})(?!\w)"
    rf"|^[^;]{{0,200}}?(?<!\w)(?:có thông báo họp|sẽ họp|sẽ tổ chức)(?!\w)",
    re.IGNORECASE,
)
_HELD = re.compile(
    rf"(?<=[\w)])\s+(?:đã |vừa |sẽ )?(?:long trọng |trang trọng )?"
    rf"(?P<verb>tổ chức|khai mạc|tiến hành|họp)\s+"
    rf"(?P<meeting>(?i:{_MEETING_NOUN})[^.;]*|phiên [^.;]*|thường kỳ[^.;]*"
    rf"|(?:sơ kết|tổng kết) [^.;]*)",
)
_HELD_BY = re.compile(
    rf"(?P<meeting>(?i:{_MEETING_NOUN})[^.;]{{0,200}}?)\s+do\s+(?P<org>[{_UPPER}][^;.]{{2,140}}?)"
    r"\s+(?:phối hợp với [^,;.]+?\s+)?tổ chức",
)
_PLACE = re.compile(
    rf"(?<!\w)tại (?P<place>(?:TP\. )?[{_UPPER}][^,;.()]*?)(?=[,;.()]| nhằm| với| để| dưới|$)"
)
# Not a place: a meeting ("tại Hội nghị ..."), a country named in passing, or a clause.
_NOT_PLACE = re.compile(
    rf"^(?:{_MEETING_NOUN}|kỳ họp|phiên|việt nam)(?!\w)|(?<!\w)(?:được|đã|cũng|cần|sẽ|bị"
    r"|đề nghị|kiến nghị|cho biết|của)(?!\w)",
    re.IGNORECASE,
)
_PARTICIPANTS = re.compile(
    r"(?:(?:tham )?dự (?:hội nghị|phiên họp|cuộc họp|buổi làm việc|hội thảo|kỳ họp)"
    r"|tham dự|đến dự|(?<!\w)dự(?= có))(?: có)?"
    r"\s*(?P<who>[^.]+)",
    re.IGNORECASE,
)
_ATTENDANCE_FIELDS = ("thành phần tham dự", "thành phần", "đại biểu tham dự", "thành phần mời")
_SOURCE = re.compile(r"^(?:\([^)]{1,60}\)|[A-ZĐ]{2,8})\s*[-–:]\s*|^\([^)]{1,60}\)\s*")
_ADVERBIAL = re.compile(
    r"^(?:sáng|chiều|tối|trưa|ngày|hôm|vào|trong|tại|nhằm|sau|trước|từ|chiều nay|sáng nay"
    r"|thực hiện|theo|được sự|với sự|dưới sự|trao đổi với|để)\b|^\d",
    re.IGNORECASE,
)
_BODY_WORDS = (
    r"(?:Sở|UBND|Ủy ban|Uỷ ban|UB|HĐND|Hội đồng|Ban|Bộ|Hội|Công ty|Tổng công ty|Tập đoàn|Đảng"
    r"|Đảng ủy|Đảng uỷ|Tỉnh ủy|Tỉnh uỷ|Huyện ủy|Huyện uỷ|Thành ủy|Thành uỷ|Quận ủy|Quận uỷ"
    r"|Trung tâm|Trường|Đại học|Học viện|Bệnh viện|Công an|Cục|Tổng cục|Chi cục|Vụ|Viện"
    r"|Ngân hàng|Hợp tác xã|Liên đoàn|Tổng Liên đoàn|Liên minh|Mặt trận|Đoàn|Tỉnh đoàn"
    r"|Huyện đoàn|Thành đoàn|Văn phòng|Phòng|Chi bộ|Quân|Quân ủy|Quân uỷ|Bộ Chỉ huy|Bộ đội"
    r"|Kho bạc|Bảo hiểm|Thanh tra|Tòa án|Toà án|TAND|Viện kiểm sát|VKSND|Chính phủ|Quốc hội"
    r"|Thường trực|Thường vụ|Tổ công tác|Tổ|Đoàn kiểm tra|Đoàn công tác|Đoàn giám sát"
    r"|Đoàn đại biểu|MTTQ|LĐLĐ|Tổng LĐLĐ|BHXH|Sở GD|Cảng vụ|Kiểm toán|Ủy ban nhân dân"
    r"|Uỷ ban nhân dân|Hội đồng nhân dân|Tổng cục|Nhà máy|Tổng Công ty|Hiệp hội|Câu lạc bộ"
    r"|BCH|BTV|ĐH|ĐHQG|HĐQT|UBMTTQ|Hạt|Đại sứ quán|Báo|Trung ương Hội|Trung ương Đoàn)"
)
_NOT_BODY_NEXT = r"(?! (?:nghị|thảo|trưởng|viên|chức|nhân|tổ chức|lần|cáo|ngành)(?!\w))"
_BODY = re.compile(rf"^{_BODY_WORDS}(?!\w){_NOT_BODY_NEXT}")
# The same in any case: news often writes "ban Chỉ đạo ...", "chi bộ ấp 6".
_BODY_ANY_CASE = re.compile(rf"^{_BODY_WORDS}(?!\w){_NOT_BODY_NEXT}", re.IGNORECASE)
# A city or province that holds a meeting itself ("TP Hà Nội tổ chức hội nghị ...").
_CITY = re.compile(rf"^(?:TP\.?|Thành phố|Tỉnh) [{_UPPER}][\w]*(?: [{_UPPER}][\w]*){{0,3}}$")
# A body named by its kind only ("Ban Chấp hành", "Văn phòng Công ty"): whose is not said.
_GENERIC_BODY = re.compile(
    r"^(?:Ban Chấp hành|Ban Thường vụ|Thường trực|Thường vụ|Văn phòng|Ban|Hội đồng|Đoàn)"
    r"(?: Công ty| Đảng uỷ| Đảng ủy)?$",
    re.IGNORECASE,
)
# A body written in lower case before its capitalised name ("ban Chỉ đạo ...", "sở Giao
# thông Vận tải", "bộ Ngoại giao").
_LOWER_BODY_WORDS = r"(?:ban|sở|bộ|tổ|đoàn|chi bộ|thành uỷ|thành ủy|uỷ ban|ủy ban|trường)"
_LOWER_BODY = re.compile(rf"^{_LOWER_BODY_WORDS} [{_UPPER}]")
# "..., ông X cho biết Ban Thường vụ Huyện uỷ đã họp và ...": the body told of as meeting.
_TOLD_MET = re.compile(
    r"(?<!\w)(?:cho biết|xác nhận|cho hay),?\s+(?:(?:sáng|chiều|tối|trưa)(?: cùng ngày| nay)?,?"
    r"\s+|cuối tuần qua,?\s+)?(?P<org>[^,;.\"“”]{3,120}?)\s+(?:đã|vừa)\s+(?:họp|có buổi làm việc)"
    r"(?!\w)"
)
# Verbs after the subject of a lead sentence that make it the body holding the meeting.
_CONVENED = re.compile(
    r"(?<=[\w)])\s+(?:đã |vừa |sẽ |chính thức )?(?:họp|tiến hành|triệu tập|có buổi làm việc"
    r"|làm việc với|thảo luận|cho ý kiến|xem xét|khai mạc|tổ chức"
    r"|chủ trì (?:hội nghị|cuộc họp|hội thảo|phiên họp))(?!\w)"
)
# "phiên họp thứ 30 của Ủy ban Thường vụ Quốc hội", "Hội nghị Thành uỷ Đà Nẵng mở rộng",
# "cuộc họp báo thường kỳ quý 3 của Bộ Văn hoá" (not "kỳ họp thứ 6, Quốc hội khoá XIV":
# a group of deputies may meet during a session of the National Assembly)
_MEETING_OF = re.compile(
    r"(?i:hội nghị|phiên họp|cuộc họp|buổi làm việc|buổi họp|họp báo|kỳ họp|phiên chất vấn"
    r"|buổi tổng kết|buổi tiếp xúc cử tri|giao ban|chủ trì họp)"
    rf"(?:\s+(?:thứ|lần thứ)\s+\S+)?"
    rf"(?:\s+(?![{_UPPER}]|(?:với|tại|giữa|cùng|trước|sau|bên|lề|và|về|các)(?!\w))[^\s,;.:()]+)"
    rf"{{0,8}}?,?"
    rf"(?:\s+(?:của|do))?\s+(?P<org>(?:{_BODY_WORDS}(?!\w)|{_LOWER_BODY_WORDS} (?=[{_UPPER}]))"
    rf"[^,;.:()]*)"
)
# "Thứ trưởng X cùng đoàn kiểm tra ... đã có buổi làm việc", "Bộ trưởng X dẫn đầu Tổ công
# tác của Thủ tướng làm việc với ...": the body that goes with the leader.
_WITH_LEADER = re.compile(
    r"(?<!\w)(?:cùng|và|dẫn đầu)\s+(?P<org>[^,;.]{3,120}?)\s+(?:đã |vừa )?"
    r"(?:có buổi làm việc|làm việc với|họp|tiếp xúc cử tri)(?!\w)"
)
# Words before a meeting's name that make it the object of another meeting's subject.
_NESTED = re.compile(r"(?i)(?:nghị quyết|kết quả|chuẩn bị(?: cho)?|trước|sau|thực hiện)\s+$")
_ORG_END = re.compile(
    r"\s+(?:phối hợp|cùng với|cùng|và (?=" + _BODY_WORDS + r"(?!\w))|với|về|nhằm|để|đã|vừa"
    r"|tiếp tục|sáng|chiều|tối|ngày|tại|diễn ra|mở rộng|định kỳ|thường kỳ|trực tuyến"
    r"|lần|năm \d+|tháng \d+|sẽ|có|ra|được|chủ trì|họp|tổ chức|thông qua|này|do|bàn|nghe"
    r"|quyết định|thống nhất|biểu quyết|đánh giá|triển khai|công bố|kiểm điểm)(?!\w).*$"
)
_NOT_ORG = re.compile(
    r"(?<!\w)(?:thảo luận|góp ý|cho biết|phát biểu|đề nghị|yêu cầu|cho rằng|nhấn mạnh"
    r"|báo cáo|kiến nghị|kết luận|nói|khẳng định|toàn quốc)(?!\w)"
)
_LIST_ITEM = re.compile(r"^(?:[-–•+*]|\(?\d{1,2}[.)]|[a-zđ][.)])\s")
_MEETING_TRIM = re.compile(r"\s+(?:nhằm|để|với sự|tại|dưới sự)\s.*$")
_SPEECH = re.compile(
    r"(?<!\w)(phát biểu|cho biết|tham luận|ý kiến của|nêu|trình bày|báo cáo|đề nghị|"
    r"kiến nghị|nhấn mạnh|kết luận|chỉ đạo|trao đổi|giải trình|thông tin)(?!\w)"
)


# Capitalised words of titles and bodies, not of names ("Đoàn Chủ tịch", "Lê Phó").
_NOT_NAMES = frozenset(
    [
        "Chủ",
        "Bí",
        "Giám",
        "Phó",
        "Trưởng",
        "Tổng",
        "Ủy",
        "Uỷ",
        "Ban",
        "Sở",
        "Phòng",
        "Hội",
        "UBND",
        "HĐND",
        "Đảng",
        "Tỉnh",
        "Huyện",
        "Xã",
    ]
)


@dataclass(frozen=True)
class _Names:
    honorific: re.Pattern[str]
    person: re.Pattern[str]
    places: frozenset[str]


@cache
def _names() -> _Names:
    data = prompts.load("cues.vi")["names"]
    honorifics = sorted(data["honorifics"], key=len, reverse=True)
    honorific = "(?:" + "|".join(re.escape(h) for h in honorifics) + ")"
    surnames = "(?:" + "|".join(re.escape(s) for s in data["surnames"]) + ")"
    # An honorific and 2-5 capitalised syllables, or a known surname and 1-3 more.
    person = (
        rf"(?:(?<!\w)(?P<hon>(?i:{honorific}))\.?:?\s+(?P<name>{_WORD}(?: {_WORD}){{1,4}})"
        rf"|(?<![\w{_UPPER}])(?P<bare>{surnames}(?: {_WORD}){{1,3}}))(?![\w])"
    )
    return _Names(
        honorific=re.compile(honorific, re.I),
        person=re.compile(person),
        places=frozenset(data["places"]),
    )


def people(text: str) -> list[tuple[re.Match[str], str]]:
    """(match, name) of every person named in the text."""
    found = []
    names = _names()
    for match in names.person.finditer(text):
        name = match.group("name") or match.group("bare")
        if match.group("bare") and (
            any(w in _NOT_NAMES for w in name.split()[1:])
            or " ".join(name.split()[:2]) in names.places
            or (
                name.startswith("Hồ Chí Minh")
                and re.search(r"(?i)(tp\.?|thành phố)\s*$", text[: match.start()])
            )
        ):
            continue
        if name and not name.isupper():
            found.append((match, name))
    return found


def extract_facts(report: SegmentedReport) -> Facts:
    """Facts stated in the report's fields, header and opening (nothing guessed)."""
    check()
    facts = Facts()
    fields = _fields(report)
    sentences = _sentences(report)
    opening = [s for label, s in sentences if label == "opening"]
    content = [s for label, s in sentences if label != "other"]
    body = [s for label, s in sentences if label in ("opening", "discussion")]

    _fill_date(facts, fields.get("thời gian"), content, report)
    clock_source = fields.get("thời gian") or " ".join(opening[:2])
    clock = _CLOCK.search(clock_source)
    if clock:
        facts.time = clock.group(0)
    in_body = set(body)
    rest = [s for s in content if s not in in_body]
    _fill_organizer(facts, report, opening + body + rest, content[:1])
    if "địa điểm" in fields:
        facts.place = fields["địa điểm"].rstrip(".")
    else:
        facts.place = next(
            (p for s in (opening or content[:2])[:3] if (p := _place_in(s)) is not None), None
        )
    others = [s for label, s in sentences if label == "other"]
    facts.chair = _chair(fields, opening, body, others, content)
    who = next(
        (
            fields[k]
            for k in ("thành phần tham dự", "thành phần", "đại biểu tham dự")
            if k in fields
        ),
        None,
    )
    if who is None:
        match = next((m for s in opening if (m := _PARTICIPANTS.search(s))), None)
        who = match.group("who") if match else None
    if who:
        facts.participants = [w.strip(" .") for w in re.split(r";", who) if w.strip(" .")]
    facts.speakers = _speakers(sentences, facts.chair)
    if facts.meeting is None:
        facts.meeting = _title(report)
    return facts


def _place_in(sentence: str) -> str | None:
    """Where a sentence about the meeting says it was held ("tại hội trường UBND xã")."""
    if not re.search(_MEETING_NOUN, sentence, re.IGNORECASE):
        return None
    for match in _PLACE.finditer(sentence):
        place = match.group("place").strip()
        if not _NOT_PLACE.search(place) and len(place.split()) <= 12:
            return place
    return None


def _sentences(report: SegmentedReport) -> list[tuple[str, str]]:
    """(part, sentence) for every sentence, using the parts' sentence spans."""
    part_of = {
        (span.paragraph, span.sentence): section.kind
        for section in report.sections
        for span in section.spans
    }
    return [
        (part_of.get((p.index, k), p.label), sentence)
        for p in report.paragraphs
        for k, sentence in enumerate(p.sentences)
    ]


def _fields(report: SegmentedReport) -> dict[str, str]:
    """Minutes fields ("Chủ trì: ...") from labelled field lines or an inline paragraph."""
    fields: dict[str, str] = {}
    for p in report.paragraphs:
        if p.label != "opening":
            continue
        match = _FIELD.match(p.text)
        if match:
            fields.setdefault(
                fold(match.group("key")).lstrip("-–•+* "), match.group("value").strip()
            )
            continue
        for inline in _INLINE_FIELD.finditer(p.text):
            key = fold(inline.group("key")).replace("toạ", "tọa")
            fields.setdefault(key, inline.group("value").strip())
    if "chủ tọa" in fields:
        fields.setdefault("chủ trì", fields["chủ tọa"])
    return fields


def _fill_date(
    facts: Facts, field: str | None, sentences: list[str], report: SegmentedReport
) -> None:
    """The meeting's date: from the Thời gian field, else a sentence about the meeting."""
    noun = re.compile(rf"{_MEETING_NOUN}|làm việc với", re.IGNORECASE)
    candidates = [field] if field else []
    candidates += [s for s in sentences if noun.search(s)] + sentences
    for text in candidates:
        match = _DATE_WORDS.search(text) or _DATE_SLASH.search(text)
        if match and 1 <= int(match.group("d")) <= 31 and 1 <= int(match.group("m")) <= 12:
            told = None if text is field else _REPORTED.search(text[match.end() :])
            if told:
                # "Sáng 1-2, ông X cho biết Ban Thường vụ đã họp ...": the day of the telling;
                # the meeting's own date, if any, comes after ("kỳ họp 34, diễn ra 6 và 7-3")
                rest = text[match.end() + told.end() :]
                match = _DATE_WORDS.search(rest) or _DATE_SLASH.search(rest)
                if not match or not 1 <= int(match.group("d")) <= 31:
                    return
                if not 1 <= int(match.group("m")) <= 12:
                    return
                text = rest
            break
    else:
        return
    facts.date_text = match.group(0).strip(" ()")
    tod = match.group("tod")
    if tod is None and field is None:
        before = re.search(rf"{_PART_OF_DAY}\s+(?:nay\s*)?\(?\s*$", text[: match.start()], re.I)
        tod = before.group("tod") if before else None
    if tod:
        facts.time_of_day = tod.capitalize()
    day, month = int(match.group("d")), int(match.group("m"))
    year = match.group("y") or _year_hint(report) or _period_year(text, month)
    if year:
        facts.date_iso = f"{int(year):04d}-{month:02d}-{day:02d}"


def _period_year(sentence: str, month: int) -> str | None:
    """The year of a meeting about a named period ("sơ kết 6 tháng đầu năm 2025").

    With two years (a review of one, the plan of the next), the review's year late in the
    year and the plan's early in it. A review of a whole year held in its first months
    is held the year after; a plan for a year made in its last months, the year before.
    """
    sentence = re.sub(r"20\d{2}\s*[-–]\s*20\d{2}", "", sentence)
    sentence = re.sub(
        r"(?i)\b(?:đến|tới|tầm nhìn|từ|trước|sau|giai đoạn)\s+(?:năm\s+)?20\d{2}", "", sentence
    )
    years = sorted({int(y) for y in re.findall(r"(?<!\d)(20\d{2})(?![\d/-])", sentence)})
    if not years or len(years) > 2 or (len(years) == 2 and years[1] - years[0] != 1):
        return None
    if len(years) == 2:
        return str(years[0] if month >= 7 else years[1])
    year, folded = years[0], fold(sentence)
    if month <= 3 and re.search(rf"tổng kết[^.;]*năm {year}", folded):
        return str(year + 1)
    plan = re.search(rf"(triển khai|kế hoạch|nhiệm vụ)[^.;]*năm {year}", folded)
    review = re.search(rf"(tổng kết|sơ kết)[^.;]*năm {year}", folded)
    if month >= 11 and plan and not review:
        return str(year - 1)
    return str(year)


def _year_hint(report: SegmentedReport) -> str | None:
    """The year of the page's dateline (dd/mm/yyyy) or of the document's date line.

    A year named elsewhere in the text ("kế hoạch năm 2026") is not the meeting's year.
    """
    head = " ".join(p.text for p in report.paragraphs)[:400]
    stamp = re.search(r"\b\d{1,2}/\d{1,2}/(20\d{2})\s*[-|,]?\s*\d{1,2}:\d{2}", head)
    if stamp:
        return stamp.group(1)
    for p in report.paragraphs:
        if p.label != "other":
            continue
        full = re.search(r"\b\d{1,2}[/.-]\d{1,2}[/.-](20\d{2})\b", p.text)
        dated = re.search(r"ngày \d{1,2} tháng \d{1,2} năm (20\d{2})", p.text)
        if full or dated:
            return (full or dated).group(1)
    return None


def _fill_organizer(
    facts: Facts, report: SegmentedReport, sentences: list[str], lead: list[str]
) -> None:
    """The body that held the meeting: the header of minutes, else the body a sentence
    says held it ("X tổ chức hội nghị", "do X tổ chức", "X họp ...", "kỳ họp thứ 14 X").

    Only a body name is taken (it starts with a word such as Sở, Ủy ban, Ban, Công ty and
    names no person and no act of speaking); nothing is better than a wrong organizer.
    """
    for sentence in sentences:
        by = _HELD_BY.search(sentence)
        held = _HELD.search(sentence)
        if by and (not held or by.start() < held.start()):
            facts.organizer = _body_name(_clean_org(by.group("org")))
            facts.meeting = _MEETING_TRIM.sub("", by.group("meeting")).strip(" ;,")
            break
        if held:
            subject = _clean_org(sentence[: held.start()])
            city = subject and _CITY.match(subject)
            facts.organizer = subject if city else _body_name(subject)
            facts.meeting = _MEETING_TRIM.sub("", held.group("meeting")).strip(" ;,")
            break
    if facts.organizer is None and lead:
        facts.organizer = _organizer_in(lead[0])
    header = _issuing_body(report)
    if header:
        facts.organizer = header


def _organizer_in(sentence: str) -> str | None:
    """The body that convenes in a lead sentence, that a meeting's name belongs to, or
    that the source says met."""
    told = _TOLD_MET.search(sentence)
    if told and _BODY_ANY_CASE.match(told.group("org")):
        org = _body_name(told.group("org"), any_case=True)
        if org:
            return org
    with_leader = _WITH_LEADER.search(sentence)
    if with_leader:
        org = _body_name(with_leader.group("org"), any_case=True)
        if org:
            return org
    convened = _CONVENED.search(sentence)
    if convened:
        org = _body_name(_clean_org(sentence[: convened.start()]))
        if org:
            return org
    named = _MEETING_OF.search(sentence)
    if named and _NESTED.search(sentence[max(0, named.start() - 30) : named.start()]):
        return None  # "kết quả kỳ họp 9 HĐND ...", "Nghị quyết hội nghị lần thứ năm ..."
    org = _body_name(named.group("org")) if named else None
    return None if org and org.startswith("Quốc hội") else org


def _body_name(org: str | None, any_case: bool = False) -> str | None:
    """The organizer if it reads as a body's name, else None."""
    if not org:
        return None
    org = _ORG_END.sub("", org).strip(" ,-–")
    org = re.sub(r"\s*\([^)]*\)$", "", org)
    # a person named in it (two syllables after a surname are more often a place)
    named = any(m.group("hon") or len(name.split()) >= 3 for m, name in people(org))
    body = _BODY_ANY_CASE if any_case else _BODY
    if not (body.match(org) or _LOWER_BODY.match(org)) or named or org.count('"') % 2:
        return None
    if _NOT_ORG.search(org) or _GENERIC_BODY.match(org):
        return None
    return org if 2 <= len(org.split()) <= 15 else None


def _clean_org(subject: str) -> str | None:
    """The organizer in a sentence's subject: without the date, place or source before it.

    "Sáng 5/3, tại hội trường xã, UBND xã An Phú phối hợp với ..." → "UBND xã An Phú".
    """
    subject = _SOURCE.sub("", subject.strip())
    chunks = subject.split(", ")
    place = False
    while chunks and (
        _ADVERBIAL.match(chunks[0])
        or not (chunks[0][:1].isupper() or _LOWER_BODY.match(chunks[0]))
        or (place and len(chunks) > 1 and not _BODY_ANY_CASE.match(chunks[0]))
    ):
        # after a place or "dưới sự chủ trì của ...", what is not a body belongs to it
        place = place or chunks[0].lower().startswith(("tại ", "dưới sự", "với sự"))
        chunks.pop(0)
    org = re.split(r"\s+do\s+", ", ".join(chunks))[0]  # "Đoàn ... do X làm trưởng đoàn"
    org = re.split(r"\s+(?:phối hợp với|phối hợp cùng|cùng với)\s+(?=[^,]*$)", org)[0]
    org = re.sub(r"\s+(?:đã|vừa|sẽ|long trọng|trang trọng)$", "", org.strip(" -–"))
    org = re.sub(r"\s*\([^)]*\)$", "", org)
    org = re.sub(r",?\s+(?:khóa|khoá|nhiệm kỳ)\s+[^,]*(?:,\s*nhiệm kỳ [^,]*)?$", "", org)
    return org if org and (org[0].isupper() or _LOWER_BODY.match(org)) else None


def _issuing_body(report: SegmentedReport) -> str | None:
    """In minutes, the last capitalised header line before the number, motto or title."""
    stop = re.compile(
        r"^(số\s*:|cộng hòa|cộng hoà|biên bản|độc lập|đảng cộng sản việt nam)", re.IGNORECASE
    )
    if not any(fold(p.text).startswith("biên bản") for p in report.paragraphs[:12]):
        return None
    body = None
    for p in report.paragraphs[:8]:
        text = p.text.strip(" -_")
        if stop.match(text):
            break
        if text.isupper() and len(text.split()) >= 2:
            body = text
    return body


def _chair(
    fields: dict[str, str],
    opening: list[str],
    body: list[str],
    other: list[str],
    content: list[str],
) -> Person | None:
    field = fields.get("chủ trì")
    if field:
        found = people(field)
        if found:
            match, name = found[0]
            title = field[match.end() :].strip(" ,-–.")
            return Person(name=name, title=title)
        return Person(name=field.rstrip("."))
    for sentences in (opening, body, other):
        for sentence in sentences:
            person = chair_in(sentence)
            if person:
                return person
    return next((p for s in content[:10] if (p := _leader_meets(s))), None)


_MEETS = re.compile(
    r"\s(?:đã |vừa )?(?:đến |thăm và |đến thăm và )?(?:có (?:buổi|cuộc) )?"
    r"(?:làm việc|họp|hội đàm|đối thoại) với(?!\w)"
)
# A lead clause that says the leader named after it led: "Chủ trì hội nghị, Bí thư Thành ủy
# X cho rằng ...", "Tại buổi làm việc, Bộ trưởng X chỉ đạo ...", "Kết luận phiên họp, ...".
_LED_CLAUSE = re.compile(
    r"^(?:(?:sáng|chiều|tối|trưa|ngày|hôm nay)[^,]{0,20}, )?(?:chủ trì|làm việc với|kết luận"
    r"|phát biểu kết luận|tại buổi làm việc)(?!\w)[^,;]{0,160}, ",
    re.IGNORECASE,
)
_LEADER = re.compile(
    r"(?:Thủ tướng|Chủ tịch|Bí thư|Bộ trưởng|Trưởng ban|Giám đốc|Tổng Giám đốc|Chủ nhiệm"
    r"|Thống đốc|Chánh án|Viện trưởng)(?: [^\s,;.]+){0,6} $",
    re.IGNORECASE,
)


def _leader_meets(sentence: str) -> Person | None:
    """The leader who "làm việc với" / "họp với" others, or who is named after a clause
    that says they chaired or concluded: they lead the meeting."""
    led = _LED_CLAUSE.match(sentence)
    if led:
        after = sentence[led.end() : led.end() + 120]
        found = people(after)
        if found and _LEADER.search(after[: found[0][0].start()]):
            match, name = found[0]
            return Person(name=name, title=after[: match.start()].strip(" ,-–"))
    meets = _MEETS.search(sentence)
    if meets is None:
        return None
    clause = re.split(r"[,;:]", sentence[: meets.start()])[-1]
    found = people(clause)
    if not found:
        return None
    match, name = found[-1]
    if clause[match.end() :].strip() or not _LEADER.search(clause[: match.start()]):
        return None
    title = clause[: match.start()].strip()
    return Person(name=name, title=title)


# "chủ trì", "chủ tọa", and "Đoàn chủ tịch (hội nghị) gồm ..." (not the body "Đoàn chủ
# tịch Tổng Liên đoàn")
_CHAIR_CUE = re.compile(
    r"(?<!\w)(?:(?:đồng )?chủ (?:trì|tọa|toạ)|đoàn chủ tịch"
    r"(?=(?:\s+(?:hội nghị|đại hội|kỳ họp|phiên họp))?\s*(?::|gồm|là|có)))(?!\w)"
)


# How far from "chủ trì" the chair's name and title are looked for, in characters.
_CHAIR_REACH = 240


def chair_in(sentence: str) -> Person | None:
    """The person a sentence says chaired the meeting, if it says so."""
    folded = sentence.lower()
    for cue in itertools.islice(_CHAIR_CUE.finditer(folded), 4):
        after = sentence[cue.end() : cue.end() + _CHAIR_REACH]
        follow = re.match(
            rf"^(?:\s+(?i:{_MEETING_NOUN}|kỳ họp|phiên|buổi))?[^,.;:]{{0,30}}?"
            r"(?:\s+(?:có|là|gồm)|\s*:|\s+của)\s+",
            after,
        )
        if follow or re.match(r"^\s+của\s+", after):
            found = people(after)
            if found and found[0][0].start() <= (follow.end() if follow else 6) + 16:
                match, name = found[0]
                return Person(name=name, title=_title_after(after[match.end() :]))
        before = sentence[max(0, cue.start() - _CHAIR_REACH) : cue.start()]
        clause = re.split(r"[;]|\bvà\b(?= (?:đồng chí|ông|bà))", before)
        # co-chairs ("ông A và ông B đồng chủ trì"): the first of them
        clause_text = before if "đồng chủ" in folded[cue.start() : cue.end()] else clause[-1]
        found = people(clause_text)
        # "ông X cho biết Bộ đã chủ trì ...", "X ... tham dự hội nghị do Y chủ trì": not X
        if found and _NOT_THE_CHAIR.search(clause_text[found[0][0].end() :]):
            found = []
        if found and not re.search(r"(?i)\bgiao\b", clause_text[: found[0][0].start()]):
            match, name = found[0]
            title = _title_after(clause_text[match.end() :])
            if not title:
                title = clause_text[: match.start()].split(",")[-1].strip(" ,-")
                title = "" if fold(title) in ("", "do") else re.sub(r"^(?i:do)\s+", "", title)
            return Person(name=name, title=title)
    return None


_NOT_THE_CHAIR = re.compile(
    r"(?<!\w)(?:do|cho biết|cho hay|nói|thông tin|đã dự|tham dự|dự)(?!\w)(?! và)", re.IGNORECASE
)
_TITLE = re.compile(
    r"^\s*[,–-]\s*(?P<title>[^;.():]{3,160}?)\s*(?:,\s*)?"
    r"(?:(?:đồng )?chủ (?:trì|tọa)|$|:|\s(?:đã|cùng|và|phát biểu|dự|cho biết|nêu|đề nghị|"
    r"báo cáo|trình bày|kiến nghị|đánh giá|nhấn mạnh|yêu cầu|thông tin|giải trình)(?!\w))"
)


def _title_after(text: str) -> str:
    """ ", Chủ tịch UBND xã chủ trì" → "Chủ tịch UBND xã"."""
    match = _TITLE.match(text)
    return match.group("title").strip(" ,") if match else ""


def _speakers(sentences: list[tuple[str, str]], chair: Person | None) -> list[Person]:
    """People the report quotes or says spoke, in order, each once."""
    seen = {chair.name} if chair else set()
    speakers = []
    for label, sentence in sentences:
        if label not in ("discussion", "conclusion") or not _SPEECH.search(sentence.lower()):
            continue
        for match, name in people(sentence):
            if name in seen or match.group("hon") is None:
                continue
            seen.add(name)
            speakers.append(Person(name=name, title=_title_after(sentence[match.end() :])))
    return speakers


def _title(report: SegmentedReport) -> str | None:
    for p in report.paragraphs:
        text = fold(p.text)
        if p.label == "other" and re.match(rf"^{_MEETING_NOUN}\b|^cuộc họp|^về việc", text):
            return p.text
    return None


def extract_directives(report: SegmentedReport, facts: Facts | None = None) -> list[Directive]:
    """Tasks and instructions given in the conclusion, each with its source sentence and
    what it states of its task (`summarizer.tasks`): `facts` give the year of a deadline
    written without one and the chair who issued it."""
    from summarizer.tasks import read_task

    year = int(facts.date_iso[:4]) if facts and facts.date_iso else None
    issued_by = str(facts.chair) if facts and facts.chair else None
    data = prompts.load("cues.vi")["directives"]
    verbs = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, data["verbs"])) + r")(?!\w)")
    upward = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, data["upward"])) + r")(?!\w)")
    lead = re.compile(r"^(?:(?:" + "|".join(map(re.escape, data["strip_lead"])) + r")[\s,]+)+")
    directives: list[Directive] = []
    conclusion = report.section("conclusion")
    if conclusion is None:
        return directives
    for span, sentence in zip(conclusion.spans, conclusion.sentences, strict=True):
        check()
        folded = fold(sentence)
        first = verbs.search(folded)
        item = _LIST_ITEM.match(sentence)
        if not (first or item) or folded.endswith(":") or upward.search(folded):
            continue
        body = sentence[first.start() :] if first and ";" in sentence and not item else sentence
        for task in body.split(";"):
            task = _LIST_ITEM.sub("", task.strip()).strip(" -–•+.…,:")
            task = lead.sub("", task) if lead.match(fold(task)) else task
            if len(task.split()) < 3 or fold(task).endswith("như sau"):
                continue
            text = task[0].upper() + task[1:]
            fields = read_task(task, year)
            directives.append(
                Directive(
                    text=text,
                    paragraph_index=span.paragraph,
                    sentence=sentence,
                    issued_by=issued_by,
                    **vars(fields),
                )
            )
    return directives
