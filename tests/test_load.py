"""Loading reports: encodings, Unicode form, paragraphs, Markdown, Word files, errors."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

import pytest

import summarizer

REPORT = (
    "Sáng 12/3, UBND xã Tân Lộc tổ chức hội nghị giao ban quý I năm 2025.\n"
    "\n"
    "Đồng chí Phan Thị Ngọc Lan, Chủ tịch UBND xã chủ trì hội nghị.\n"
    "\n"
    "\n"
    "Các đại biểu thảo luận về tiến độ làm đường giao thông nông thôn.\n"
    "Phát biểu kết luận, đồng chí Lan đề nghị các thôn hoàn thành trước ngày 30/4.\n"
)
PARAGRAPHS = [line for line in REPORT.split("\n") if line]

# Phrases that tell the reader what to do next.
INSTRUCTION = re.compile(
    r"\b(save|use|split|give|check|open|name|raise|pipe|try|rename|convert)\b", re.IGNORECASE
)


def texts(report: summarizer.Report) -> list[str]:
    return [p.text for p in report.paragraphs]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "encoding, data",
    [
        ("utf-8", REPORT.encode("utf-8")),
        ("utf-8 with BOM", b"\xef\xbb\xbf" + REPORT.encode("utf-8")),
        ("utf-16 le with BOM", b"\xff\xfe" + REPORT.encode("utf-16-le")),
        ("utf-16 be with BOM", b"\xfe\xff" + REPORT.encode("utf-16-be")),
    ],
)
def test_txt_encodings_give_the_same_paragraphs(tmp_path, encoding, data):
    report = summarizer.load(write(tmp_path, "bao-cao.txt", data))
    assert texts(report) == PARAGRAPHS
    assert not report.paragraphs[0].text.startswith("\ufeff")


def test_windows_line_endings_give_the_same_paragraphs(tmp_path):
    data = REPORT.replace("\n", "\r\n").encode("utf-8")
    assert texts(summarizer.load(write(tmp_path, "bao-cao.txt", data))) == PARAGRAPHS


def test_decomposed_input_comes_out_composed(tmp_path):
    nfd = unicodedata.normalize("NFD", REPORT)
    assert nfd != REPORT
    report = summarizer.load(write(tmp_path, "nfd.txt", nfd.encode("utf-8")))
    for paragraph in report.paragraphs:
        assert unicodedata.is_normalized("NFC", paragraph.text)
    assert texts(report) == PARAGRAPHS
    assert texts(summarizer.load(nfd)) == PARAGRAPHS


def test_blank_lines_are_not_paragraphs_and_every_line_is_one(tmp_path):
    text = "Dòng một của báo cáo.\n\n   \n\t\nDòng hai của báo cáo.\nDòng ba.\n\n"
    report = summarizer.load(write(tmp_path, "dong.txt", text.encode("utf-8")))
    assert texts(report) == ["Dòng một của báo cáo.", "Dòng hai của báo cáo.", "Dòng ba."]
    assert [p.index for p in report.paragraphs] == [0, 1, 2]


def test_markdown_markers_are_removed(tmp_path):
    text = (
        "# Hội nghị tổng kết năm 2025 của Sở Công Thương\n"
        "\n"
        "## Phần khai mạc\n"
        "\n"
        "Sáng 8/1, **Sở Công Thương** tổ chức hội nghị; *đồng chí Vũ Đình Khoa* chủ trì.\n"
        "\n"
        "Các đại biểu __thảo luận__ về _xuất khẩu nông sản_.\n"
    )
    report = summarizer.load(write(tmp_path, "tong-ket.md", text.encode("utf-8")))
    assert texts(report) == [
        "Hội nghị tổng kết năm 2025 của Sở Công Thương",
        "Phần khai mạc",
        "Sáng 8/1, Sở Công Thương tổ chức hội nghị; đồng chí Vũ Đình Khoa chủ trì.",
        "Các đại biểu thảo luận về xuất khẩu nông sản.",
    ]
    for paragraph in report.paragraphs:
        assert not re.search(r"[#*]|(?<!\w)_|_(?!\w)", paragraph.text)


def test_markdown_keeps_snake_case_and_links_text(tmp_path):
    text = "Xem tệp bao_cao_quy_1.xlsx tại [Cổng thông tin](https://example.vn/tin).\n"
    report = summarizer.load(write(tmp_path, "lien-ket.md", text.encode("utf-8")))
    assert texts(report) == ["Xem tệp bao_cao_quy_1.xlsx tại Cổng thông tin."]


def test_markdown_keeps_a_lone_asterisk_between_numbers(tmp_path):
    text = "Phòng họp rộng 6*8 m, đủ cho 40 đại biểu.\n"
    report = summarizer.load(write(tmp_path, "phong.md", text.encode("utf-8")))
    assert "6*8" in texts(report)[0]


def test_docx_paragraphs_and_table_cells_in_body_order(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Biên bản họp Ban quản lý dự án huyện Hòa Vang.")
    table = document.add_table(rows=2, cols=2)
    cells = [
        "Thời gian: 8 giờ",
        "Ngày 14/5/2025",
        "Địa điểm: Hội trường",
        "Chủ trì: Ông Tô Văn Hải",
    ]
    for cell, text in zip((c for row in table.rows for c in row.cells), cells, strict=True):
        cell.text = text
    document.add_paragraph("Cuộc họp thảo luận tiến độ giải phóng mặt bằng.")
    path = tmp_path / "bien-ban.docx"
    document.save(str(path))

    report = summarizer.load(path)
    assert texts(report) == [
        "Biên bản họp Ban quản lý dự án huyện Hòa Vang.",
        *cells,
        "Cuộc họp thảo luận tiến độ giải phóng mặt bằng.",
    ]


def test_docx_merged_cells_are_read_once(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    across = document.add_table(rows=1, cols=3)
    across.cell(0, 0).merge(across.cell(0, 1)).text = "Thành phần: Ban Giám đốc"
    across.cell(0, 2).text = "Thư ký: Bà Đinh Thị Hoa"
    down = document.add_table(rows=2, cols=2)
    down.cell(0, 0).merge(down.cell(1, 0)).text = "Ý kiến đại biểu"
    down.cell(0, 1).text = "Ông Lâm Quốc Bảo đề nghị bổ sung kinh phí."
    down.cell(1, 1).text = "Bà Mai Thu Trang đề nghị lùi tiến độ."
    path = tmp_path / "gop-o.docx"
    document.save(str(path))
    assert texts(summarizer.load(path)) == [
        "Thành phần: Ban Giám đốc",
        "Thư ký: Bà Đinh Thị Hoa",
        "Ý kiến đại biểu",
        "Ông Lâm Quốc Bảo đề nghị bổ sung kinh phí.",
        "Bà Mai Thu Trang đề nghị lùi tiến độ.",
    ]


def test_example_docx_loads_header_table_and_body(tmp_path):
    path = Path(__file__).resolve().parents[1] / "examples" / "bien-ban-hop-giao-ban.docx"
    if not path.exists():
        pytest.skip(f"example {path.name} is not in this checkout")
    lines = texts(summarizer.load(path))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert any(line.startswith("Thời gian:") for line in lines)
    assert lines.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") < next(
        i for i, line in enumerate(lines) if line.startswith("Thời gian:")
    )


def _zip_without_word(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ghi-chu.txt", "Không phải tài liệu Word")
    return path


@pytest.mark.parametrize(
    "name, make",
    [
        ("legacy.txt", lambda p: p.write_bytes(b"\xe0\xe1 abc H\xf4i ngh\xec")),
        ("anh.docx", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)),
        ("nen.docx", _zip_without_word),
        ("rong.docx", lambda p: p.write_bytes(b"")),
        ("bao-cao.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n")),
    ],
    ids=["invalid-utf8", "png-as-docx", "zip-not-word", "empty-docx", "pdf"],
)
def test_bad_file_raises_input_error_naming_file_and_fix(tmp_path, name, make):
    path = tmp_path / name
    make(path)
    with pytest.raises(summarizer.InputError) as info:
        summarizer.load(path)
    message = str(info.value)
    assert name in message
    assert INSTRUCTION.search(message), message


@pytest.mark.parametrize("data", [b"", b"  \n\n \t\n"], ids=["empty", "blank"])
def test_empty_text_file_is_an_input_error_naming_it(tmp_path, data):
    with pytest.raises(summarizer.InputError, match="rong.txt"):
        summarizer.load(write(tmp_path, "rong.txt", data))


def test_empty_text_file_error_says_what_to_do(tmp_path):
    with pytest.raises(summarizer.InputError) as info:
        summarizer.load(write(tmp_path, "rong.txt", b""))
    assert INSTRUCTION.search(str(info.value)), str(info.value)


def test_png_saved_as_docx_mentions_zip_header(tmp_path):
    path = write(tmp_path, "anh.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(summarizer.InputError, match="zip header"):
        summarizer.load(path)


def test_invalid_utf8_mentions_legacy_encoding(tmp_path):
    path = write(tmp_path, "tcvn3.txt", b"\xe0\xe1 abc")
    with pytest.raises(summarizer.InputError, match="UTF-8"):
        summarizer.load(path)


def test_file_over_max_bytes_is_refused(tmp_path):
    path = write(tmp_path, "dai.txt", REPORT.encode("utf-8"))
    with pytest.raises(summarizer.InputError) as info:
        summarizer.load(path, max_bytes=10)
    assert "dai.txt" in str(info.value)
    assert INSTRUCTION.search(str(info.value))
    assert texts(summarizer.load(path, max_bytes=10_000)) == PARAGRAPHS


def test_missing_file_names_file_and_says_what_to_do(tmp_path):
    path = tmp_path / "khong-co.txt"
    with pytest.raises(summarizer.InputError) as info:
        summarizer.load(path)
    assert "khong-co.txt" in str(info.value)
    assert INSTRUCTION.search(str(info.value)), str(info.value)


def test_missing_file_is_an_input_error_naming_it(tmp_path):
    with pytest.raises(summarizer.InputError, match="khong-co.txt"):
        summarizer.load(tmp_path / "khong-co.txt")


def test_str_is_always_text_even_if_it_names_a_file(tmp_path):
    path = write(tmp_path, "that.txt", REPORT.encode("utf-8"))
    report = summarizer.load(str(path))
    assert texts(report) == [str(path)]
    assert texts(summarizer.load("bao-cao.docx")) == ["bao-cao.docx"]


def test_str_text_gives_paragraphs():
    assert texts(summarizer.load(REPORT)) == PARAGRAPHS
