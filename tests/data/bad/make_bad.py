"""Write the corpus of bad inputs: files that once crashed, hung or misled the loader.

Each file must give either a briefing (warnings allowed) or one clear error line that
names the file and says what to do. `make_corpus(folder)` writes them and returns each
file name with the outcome expected of it, "briefing" or "error"; README.md beside this
script says what each one gives.

    python tests/data/bad/make_bad.py [FOLDER]    # default: tests/data/bad/generated/

The report and every agency, place and person in it are invented for this project.
"""

from __future__ import annotations

import io
import random
import struct
import sys
import unicodedata
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_FOLDER = HERE / "generated"

REPORT = (
    "Sáng 14/3/2025, UBND huyện Lạc Giang tổ chức hội nghị sơ kết công tác phòng, "
    "chống hạn mặn vụ Đông Xuân. Đồng chí Lê Quang Vinh, Phó Chủ tịch UBND huyện chủ trì "
    "hội nghị. Tham dự có lãnh đạo các phòng, ban chuyên môn và Chủ tịch UBND 16 xã, "
    "thị trấn.\n"
    "\n"
    "Báo cáo tại hội nghị cho biết, đến nay toàn huyện đã nạo vét 42 km kênh mương, xây "
    "dựng 6 đập tạm ngăn mặn, bảo đảm nước tưới cho 9.850 ha lúa, đạt 97% diện tích gieo "
    "cấy. Tuy nhiên, tại một số xã ven biển, độ mặn trên sông vẫn ở mức cao, nhiều trạm "
    "bơm phải dừng hoạt động.\n"
    "\n"
    "Tại hội nghị, các đại biểu tập trung thảo luận về giải pháp điều tiết nước giữa các "
    "vùng, việc hỗ trợ giống cho những hộ phải gieo sạ lại và đề nghị tỉnh sớm đầu tư "
    "cống ngăn mặn Thanh Hà.\n"
    "\n"
    "Phát biểu kết luận, đồng chí Lê Quang Vinh ghi nhận sự chủ động của các địa phương. "
    "Đồng chí yêu cầu Phòng Nông nghiệp và Phát triển nông thôn phối hợp với Công ty "
    "Thủy lợi vận hành hợp lý các trạm bơm, hoàn thành việc gia cố đập tạm trước ngày "
    "31/3; giao UBND các xã thống kê diện tích thiệt hại, báo cáo UBND huyện trước ngày "
    "5/4.\n"
)

ENGLISH = (
    "The quarterly review meeting of the provincial transport department took place on "
    "Monday morning. The director opened the meeting and asked each team to report on "
    "road maintenance.\n"
    "Several delegates raised concerns about the budget for rural bridges and the delay "
    "in buying new equipment.\n"
    "In closing, the director asked the planning office to revise the schedule and report "
    "back before the end of the month.\n"
)

NO_MEETING_PARTS = (
    "Phở là món ăn quen thuộc của nhiều gia đình. Nước dùng được ninh từ xương bò trong "
    "nhiều giờ cùng gừng nướng, hành nướng, quế và hoa hồi.\n"
    "Bánh phở được trụng qua nước sôi rồi xếp vào bát, bên trên là thịt bò thái mỏng, "
    "hành lá và rau thơm.\n"
    "Món ăn ngon nhất khi còn nóng, ăn kèm chanh, ớt tươi và tương.\n"
)

# What each file gives: a briefing (warnings allowed) or an error naming the file.
EXPECTED: dict[str, str] = {
    "empty.txt": "error",
    "whitespace.txt": "error",
    "binary.txt": "error",
    "png-image.docx": "error",
    "zip-not-word.docx": "error",
    "truncated.docx": "error",
    "utf16le-no-bom.txt": "briefing",
    "windows-1258.txt": "briefing",
    "vni.txt": "error",
    "tcvn3.txt": "error",
    "huge-20mb.txt": "error",
    "one-long-line.txt": "briefing",
    "control-chars.txt": "briefing",
    "nfd.txt": "briefing",
    "all-caps.txt": "briefing",
    "no-punctuation.txt": "briefing",
    "english.txt": "briefing",
    "no-meeting-parts.txt": "briefing",
    "long-line-no-punctuation.txt": "briefing",
    "zip-bomb.docx": "error",
    "billion-laughs.docx": "error",
    "many-paragraphs.docx": "error",
    "table-200x200.docx": "briefing",
    "blank-page.pdf": "error",
    "cut-short.pdf": "error",
    "text-named.pdf": "error",
    "script-only.html": "error",
    "deep-nesting.html": "error",
    "broken.doc": "error",
}

LONG_LINE_CHARS = 1_000_000
UNPUNCTUATED_CHARS = 1_350_000  # text pasted from a scanned PDF: one line, no mark at all
BOMB_BYTES = 400_000_000  # what the zip bomb's document unpacks to
TINY_PARAGRAPHS = 100_000
TABLE_SIZE = 200
HUGE_BYTES = 20 * 1024 * 1024

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_TONES = (_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT)


def _split(char: str) -> tuple[str, str]:
    """A letter as (letter without its tone mark, tone mark or "")."""
    parts = unicodedata.normalize("NFD", char)
    tone = "".join(c for c in parts if c in _TONES)
    bare = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
    return bare, tone


# --- Windows-1258: the tone mark is a separate combining byte after its letter ---------


def encode_cp1258(text: str) -> bytes:
    """The text in Windows-1258 as Vietnamese software writes it: tone marks decomposed."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        bare, tone = _split(char)
        out.append(bare + tone)
    return "".join(out).encode("cp1258")


# --- VNI-Windows: ASCII vowel, then a byte for its marks (shown here as Windows-1252) ---

# mark byte by (shape, tone): shape "" plain, "^" circumflex, "(" breve
_VNI_MARK = {
    ("", _ACUTE): "ù", ("", _GRAVE): "ø", ("", _HOOK): "û", ("", _TILDE): "õ", ("", _DOT): "ï",
    ("^", ""): "â", ("^", _ACUTE): "á", ("^", _GRAVE): "à", ("^", _HOOK): "å",
    ("^", _TILDE): "ã", ("^", _DOT): "ä",
    ("(", ""): "ê", ("(", _ACUTE): "é", ("(", _GRAVE): "è", ("(", _HOOK): "ú",
    ("(", _TILDE): "ü", ("(", _DOT): "ë",
}  # fmt: skip
# letters that VNI writes as one byte
_VNI_SINGLE = {
    "đ": "ñ", "ơ": "ô", "ư": "ö",
    "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î",
}  # fmt: skip
_VNI_SHAPE = {"â": ("a", "^"), "ê": ("e", "^"), "ô": ("o", "^"), "ă": ("a", "(")}


def encode_vni(text: str) -> bytes:
    """The text in the VNI-Windows font encoding ("Hội nghị" -> "Hoäi nghò")."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        lower = char.lower()
        upper = char != lower
        if lower in _VNI_SINGLE:
            piece = _VNI_SINGLE[lower]
            out.append(piece.upper() if upper else piece)
            continue
        bare, tone = _split(lower)
        if bare in ("ơ", "ư") and tone:
            base, mark = _VNI_SINGLE[bare], _VNI_MARK[("", tone)]
        elif bare in _VNI_SHAPE:
            base, shape = _VNI_SHAPE[bare]
            mark = _VNI_MARK[(shape, tone)]
        elif tone:
            base, mark = bare, _VNI_MARK[("", tone)]
        else:
            out.append(char)
            continue
        piece = base + mark
        out.append(piece.upper() if upper else piece)
    return "".join(out).encode("cp1252")


# --- TCVN3 (ABC): one byte per letter; toned capitals are written with small letters ---

# per vowel, the bytes for grave, hook, tilde, acute and dot below
_TCVN3_ROWS = {
    "a": "b5 b6 b7 b8 b9",
    "ă": "bb bc bd be c6",
    "â": "c7 c8 c9 ca cb",
    "e": "cc ce cf d0 d1",
    "ê": "d2 d3 d4 d5 d6",
    "i": "d7 d8 dc dd de",
    "o": "df e1 e2 e3 e4",
    "ô": "e5 e6 e7 e8 e9",
    "ơ": "ea eb ec ed ee",
    "u": "ef f1 f2 f3 f4",
    "ư": "f5 f6 f7 f8 f9",
    "y": "fa fb fc fd fe",
}
_TCVN3_BYTE = {
    **dict(zip("ăâêôơưđ", b"\xa8\xa9\xaa\xab\xac\xad\xae", strict=True)),
    **dict(zip("ĂÂÊÔƠƯĐ", b"\xa1\xa2\xa3\xa4\xa5\xa6\xa7", strict=True)),
}
for _vowel, _codes in _TCVN3_ROWS.items():
    for _tone, _code in zip((_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT), _codes.split(), strict=True):
        _TCVN3_BYTE[unicodedata.normalize("NFC", _vowel + _tone)] = int(_code, 16)


def encode_tcvn3(text: str) -> bytes:
    """The text in TCVN3 (ABC), as typed with a .VnTime font."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            out += char.encode("ascii")
        elif char in _TCVN3_BYTE:
            out.append(_TCVN3_BYTE[char])
        else:
            out.append(_TCVN3_BYTE[char.lower()])
    return bytes(out)


# --- other files ----------------------------------------------------------------------


def _png() -> bytes:
    """A real 1x1 PNG image."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x80\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _zip_without_word() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ghi-chu.txt", "Tệp nén, không phải tài liệu Word.")
    return buffer.getvalue()


def _truncated_docx() -> bytes:
    """A Word document of the report made with python-docx, cut after half its bytes."""
    import docx

    document = docx.Document()
    for line in REPORT.split("\n"):
        if line:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    return data[: len(data) // 2]


def _with_controls(text: str) -> str:
    """Zero-width characters inside words, control characters in place of spaces."""
    invisible = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
    controls = ["\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x01"]
    rng = random.Random(7)
    words = text.split(" ")
    for i in range(0, len(words), 3):
        cut = rng.randrange(1, len(words[i]) + 1)
        words[i] = words[i][:cut] + invisible[i % len(invisible)] + words[i][cut:]
    gaps = [rng.choice(controls) if i % 5 == 4 else " " for i in range(len(words) - 1)]
    gaps[1] = "\x00"  # one NUL, as a bad copy leaves it
    return words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:], strict=True))


def _no_punctuation(text: str) -> str:
    return "".join(c for c in text if not unicodedata.category(c).startswith("P"))


def _long_line() -> str:
    paragraphs = " ".join(line for line in REPORT.split("\n") if line)
    repeats = LONG_LINE_CHARS // (len(paragraphs) + 1) + 1
    return (" ".join([paragraphs] * repeats))[:LONG_LINE_CHARS]


def _unpunctuated_line() -> str:
    words = _no_punctuation(" ".join(line for line in REPORT.split("\n") if line)).split()
    out, size, i = [], 0, 0
    while size < UNPUNCTUATED_CHARS:
        out.append(words[i % len(words)])
        size += len(out[-1]) + 1
        i += 1
    return " ".join(out)[:UNPUNCTUATED_CHARS]


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_with_document(document_xml) -> bytes:
    """A Word document made with python-docx whose document part is replaced.

    `document_xml` is an iterable of byte chunks, written as a stream, so a part of
    hundreds of megabytes is made without holding it in memory.
    """
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for entry in source.infolist():
            if entry.filename != "word/document.xml":
                archive.writestr(entry, source.read(entry))
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for chunk in document_xml:
                part.write(chunk)
    return out.getvalue()


def _document(body):
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}">'
    yield (head + "<w:body>").encode()
    yield from body
    yield b"</w:body></w:document>"


def _zip_bomb() -> bytes:
    """A small .docx whose document unpacks to hundreds of megabytes."""
    paragraph = "<w:p><w:r><w:t>Hội nghị hội nghị hội nghị</w:t></w:r></w:p>".encode()
    chunk = paragraph * (1_000_000 // len(paragraph))
    return _docx_with_document(_document(chunk for _ in range(BOMB_BYTES // len(chunk))))


def _billion_laughs() -> bytes:
    """A .docx whose document declares entities that expand a billion times."""
    entities = '<!ENTITY lol0 "hội nghị ">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<!DOCTYPE w:document [{entities}]>"
        f'<w:document xmlns:w="{_W}"><w:body>'
        "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _docx_with_document([xml.encode()])


def _many_paragraphs() -> bytes:
    paragraphs = (
        f"<w:p><w:r><w:t>Mục {i}</w:t></w:r></w:p>".encode() for i in range(TINY_PARAGRAPHS)
    )
    return _docx_with_document(_document(paragraphs))


def _big_table() -> bytes:
    """The report, then a table of 200 x 200 figures (a statistics appendix)."""
    report = (
        f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>".encode() for line in REPORT.split("\n") if line
    )
    rng = random.Random(11)

    def rows():
        yield b"<w:tbl>"
        for _ in range(TABLE_SIZE):
            cells = "".join(
                f"<w:tc><w:p><w:r><w:t>{rng.randint(0, 99_999):,}</w:t></w:r></w:p></w:tc>"
                for _ in range(TABLE_SIZE)
            )
            yield f"<w:tr>{cells}</w:tr>".encode()
        yield b"</w:tbl>"

    return _docx_with_document(_document(_chain(report, rows())))


def _chain(*parts):
    for part in parts:
        yield from part


def _write_huge(path: Path) -> None:
    block = REPORT.encode("utf-8")
    with path.open("wb") as file:
        written = 0
        while written < HUGE_BYTES:
            file.write(block)
            written += len(block)


def _blank_pdf() -> bytes:
    """A valid one-page PDF with nothing on its page: a scan's PDF without its picture."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        table,
    )
    return bytes(out)


def make_corpus(folder: Path) -> dict[str, str]:
    """Write every bad input into `folder`; returns file name -> "briefing" or "error"."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace.txt": " \n\t\n   \r\n\u00a0\u3000 \n".encode(),
        "binary.txt": random.Random(3).randbytes(8192),
        "png-image.docx": _png(),
        "zip-not-word.docx": _zip_without_word(),
        "truncated.docx": _truncated_docx(),
        "utf16le-no-bom.txt": REPORT.encode("utf-16-le"),
        "windows-1258.txt": encode_cp1258(REPORT),
        "vni.txt": encode_vni(REPORT),
        "tcvn3.txt": encode_tcvn3(REPORT),
        "one-long-line.txt": (_long_line() + "\n").encode("utf-8"),
        "control-chars.txt": _with_controls(REPORT).encode("utf-8"),
        "nfd.txt": unicodedata.normalize("NFD", REPORT).encode("utf-8"),
        "all-caps.txt": REPORT.upper().encode("utf-8"),
        "no-punctuation.txt": _no_punctuation(REPORT).encode("utf-8"),
        "english.txt": ENGLISH.encode("utf-8"),
        "no-meeting-parts.txt": NO_MEETING_PARTS.encode("utf-8"),
        "long-line-no-punctuation.txt": (_unpunctuated_line() + "\n").encode("utf-8"),
        "zip-bomb.docx": _zip_bomb(),
        "billion-laughs.docx": _billion_laughs(),
        "many-paragraphs.docx": _many_paragraphs(),
        "table-200x200.docx": _big_table(),
        "blank-page.pdf": _blank_pdf(),
        "cut-short.pdf": _blank_pdf()[:60],
        "text-named.pdf": REPORT.encode("utf-8"),
        "script-only.html": b'<html><head><script src="/app.js"></script></head>'
        b'<body><div id="app"></div></body></html>',
        "deep-nesting.html": (
            "<html><body>" + "<div>" * 100_000 + "<p>" + REPORT.split("\n")[0] + "</p>"
        ).encode("utf-8"),
        "broken.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x07" * 3000,
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    _write_huge(folder / "huge-20mb.txt")
    assert set(EXPECTED) == {*files, "huge-20mb.txt"}
    return dict(EXPECTED)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else DEFAULT_FOLDER
    expected = make_corpus(folder)
    width = max(map(len, expected))
    for name, outcome in expected.items():
        print(f"{name:<{width}}  {outcome}")
    print(f"{len(expected)} files in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
