"""Reports in the formats offices exchange, built from a report's lines for the tests.

`typed_docx` lays the lines out as a report typed in Word: A4, Times New Roman 14,
justified paragraphs with a first-line indent, a running header and a page number in the
footer. `convert` (the library's own, summarizer.load.office) turns a file into another
format with LibreOffice, as an office does when it exports a PDF or saves as .doc.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

# LibreOffice, as the library runs it: `convert(source, fmt, folder)`, `soffice()`
from summarizer.load.office import convert, soffice  # noqa: F401

HEADER = "UBND TỈNH THÁI HÒA - VĂN PHÒNG"


def typed_docx(lines: list[str], path: Path, *, font: str = "Times New Roman",
               size: float = 14, header: str = "") -> Path:  # fmt: skip
    """The lines as the paragraphs of a typed report, with page numbers in the footer and
    `header` (if any) at the top of every page."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    style = document.styles["Normal"]
    style.font.name, style.font.size = font, Pt(size)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    if header:
        section.header.paragraphs[0].text = header
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer)
    for line in lines:
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.paragraph_format.space_after = Pt(6)
    document.save(path)
    return path


def in_two_columns(path: Path) -> Path:
    """The document at `path` set in two columns (as a bulletin prints its news)."""
    document = Document(path)
    columns = OxmlElement("w:cols")
    columns.set(qn("w:num"), "2")
    columns.set(qn("w:space"), "567")
    document.sections[0]._sectPr.append(columns)
    document.save(path)
    return path


def _page_field(paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):  # fmt: skip
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text.strip() == "PAGE" else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def portal_html(lines: list[str], *, title: int | None, body: range, captions: set[int],
                published: str) -> str:  # fmt: skip
    """A news page as a provincial portal serves it: menus, breadcrumb, share buttons,
    related news and a footer around the article. lines[title] is its headline,
    lines[body] its text, with lines[captions] as photo captions, and the lines after
    the body its related news."""
    from html import escape

    article = []
    headline = lines[title] if title is not None else lines[body.start][:60]
    for i in body:
        text = escape(lines[i])
        if i in captions:
            article.append(f'<figure><img src="/images/{i}.jpg" alt=""><figcaption>{text}'
                        "</figcaption></figure>")  # fmt: skip
        else:
            article.append(f"<p>{text}</p>")
    related = "".join(f'<li><a href="/tin/{n}">{escape(line)}</a></li>'
                      for n, line in enumerate(lines[body.stop :]))  # fmt: skip
    menu = "".join(
        f'<li><a href="/{n}">{item}</a></li>'
        for n, item in enumerate(
            ["Trang chủ", "Giới thiệu", "Tin tức - Sự kiện", "Văn bản", "Dịch vụ công"]
        )
    )
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{escape(headline)} - Cổng thông tin điện tử tỉnh</title>
<meta property="article:published_time" content="{published}">
<meta property="og:title" content="{escape(headline)}">
<script>var analytics = {{"site": "portal"}};</script>
<style>body {{ font-family: Arial; }}</style>
</head><body>
<header><div class="logo">CỔNG THÔNG TIN ĐIỆN TỬ TỈNH</div><nav><ul>{menu}</ul></nav>
<form class="search"><input name="q" placeholder="Tìm kiếm"></form></header>
<div class="breadcrumb"><a href="/">Trang chủ</a> / <a href="/tin-tuc">Tin tức - Sự kiện</a></div>
<main><article>
{f'<h1 class="title">{escape(headline)}</h1>' if title is not None else ""}
<div class="meta"><span class="date">{published[8:10]}/{published[5:7]}/{published[:4]}
{published[11:16]}</span> <a href="#" class="print">In bài</a></div>
{"".join(article)}
<div class="share">Chia sẻ <a href="#">Facebook</a> <a href="#">Zalo</a></div>
</article>
<aside><h2>Tin liên quan</h2><ul>{related}</ul></aside></main>
<footer><p>Bản quyền thuộc Cổng thông tin điện tử tỉnh. Địa chỉ: số 1 đường Trung tâm.</p>
<p>Điện thoại: 0233 3 000 000. Email: congthongtin@example.vn</p></footer>
</body></html>
"""


def png(width: int = 200, height: int = 100) -> bytes:
    """A grey picture, as a scanner would give one (no text in it for a PDF reader)."""
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + (chunk(b"IEND", b""))
    )
