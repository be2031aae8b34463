"""Web pages saved from a portal (.html, .htm): the article, without the page around it.

The main content is found by trafilatura (`summarizer[html]`): menus, search boxes, share
buttons, related news and footers are left out; paragraphs, headings, list items and
the rows of a table of figures become lines, and photo captions (`<figcaption>`) stay lines
of their own, for the segmenter to read as captions. A layout table (four cells a row or
fewer: the header of minutes saved from Word) gives a line per paragraph of each cell, as
a .docx does. The page's publication date, when its metadata names one, becomes the
first line ("11/07/2025"), as a portal's dateline would be.
"""

from __future__ import annotations

import re

from summarizer.errors import InputError
from summarizer.load.limits import Limits

SUFFIXES = (".html", ".htm")

_IMAGE_LINE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
# Metadata that names an article's publication date (Open Graph, schema.org, Dublin Core).
_PUBLISHED = {
    "article:published:time", "og:article:published:time", "datepublished", "pubdate",
    "publishdate", "dc.date.issued", "dcterms.issued",
}  # fmt: skip
# A table row of more cells than this is a row of figures, kept as one line ("a | b | c");
# a narrower one is a layout table (a minutes header): a line per paragraph of each cell,
# as the .docx reader gives it.
_WIDE_ROW = 4
_CELL_CHARS = 500  # a cell of a layout table holds a few short lines
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def read(data: bytes, name: str, limits: Limits, suffix: str) -> str:
    """The article of a saved web page, one paragraph per line."""
    trafilatura = _trafilatura(name)
    page = _prepared(data, name)
    published = _published(page)
    try:
        text = trafilatura.extract(
            page,
            output_format="txt",
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
    except Exception as exc:  # noqa: BLE001  (a parser error on a broken page)
        raise InputError(
            f"{name}: the web page cannot be read ({type(exc).__name__}); open it in a "
            "browser, copy the article and save it as .txt"
        ) from None
    if not text or not text.strip():
        raise InputError(
            f"{name}: no article text found in the web page; open it in a browser, copy "
            "the article and save it as .txt"
        )
    lines = [line for line in text.split("\n") if not _IMAGE_LINE.match(line.strip())]
    if published:
        lines.insert(0, published)
    return "\n".join(lines)


def _published(tree) -> str | None:
    """The page's publication date as a dateline ("11/07/2025"), from the metadata that
    names it as such; a page saved from Word gives the file's creation date only, which
    is not the meeting's, and none is taken then."""
    import json

    values = [
        element.get("content") or element.get("datetime") or ""
        for element in tree.iter("meta", "time")
        if (element.get("property") or element.get("name") or element.get("itemprop") or "")
        .lower()
        .replace("_", ":")
        in _PUBLISHED
    ]
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            try:
                found = json.loads(script.text)
            except ValueError:
                continue
            for item in found if isinstance(found, list) else [found]:
                if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                    values.append(item["datePublished"])
    for value in values:
        date = _ISO_DATE.match(value.strip())
        if date:
            year, month, day = date.groups()
            return f"{day}/{month}/{year}"
    return None


def _trafilatura(name: str):
    try:
        import trafilatura
    except ImportError:
        raise InputError(
            f"{name}: reading web pages needs the trafilatura package; install it with "
            "pip install 'summarizer[html]'"
        ) from None
    return trafilatura


def _prepared(data: bytes, name: str):
    """The page parsed, with each photo caption made a paragraph of the article and each
    layout table made the paragraphs of its cells."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(data)
    except Exception as exc:  # noqa: BLE001  (lxml's ParserError on an empty or broken page)
        raise InputError(
            f"{name}: not a readable web page ({type(exc).__name__}); open it in a "
            "browser, copy the article and save it as .txt"
        ) from None
    for caption in list(tree.iter("figcaption")):
        figure = next((e for e in caption.iterancestors("figure")), None)
        paragraph = lxml.html.Element("p")
        paragraph.text = " ".join(caption.text_content().split())
        if figure is not None and figure.getparent() is not None:
            figure.addprevious(paragraph)  # a figure is left out of the article whole
            figure.getparent().remove(figure)
        else:
            caption.addprevious(paragraph)
            caption.getparent().remove(caption)
    for table in list(tree.iter("table")):
        if _layout_table(table):
            for text in _cell_lines(table):
                paragraph = lxml.html.Element("p")
                paragraph.text = text
                table.addprevious(paragraph)
            table.getparent().remove(table)
    return tree


_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6")


def _layout_table(table) -> bool:
    """A small table that only places blocks side by side (a minutes header, signatures):
    rows of four cells or fewer, no table inside, no long text in a cell. The table a
    whole page is laid out in is not one."""
    if table.getparent() is None or next(table.iterdescendants("table"), None) is not None:
        return False
    rows = list(table.iter("tr"))
    if not rows or max(len(row.findall("td")) + len(row.findall("th")) for row in rows) > _WIDE_ROW:
        return False
    return all(len(cell.text_content()) <= _CELL_CHARS for cell in table.iter("td", "th"))


def _cell_lines(table) -> list[str]:
    """A line per paragraph of each cell, cell after cell."""
    lines = []
    for cell in table.iter("td", "th"):
        blocks = [b for b in cell.iterdescendants(*_BLOCKS) if b.find("p") is None]
        texts = [" ".join(b.text_content().split()) for b in blocks]
        lines.extend(t for t in texts or [" ".join(cell.text_content().split())] if t)
    return lines
