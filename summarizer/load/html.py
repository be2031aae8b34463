"""Web pages saved from a portal (.html, .htm): the article, without the page around it.

The main content is found by trafilatura (`summarizer[html]`): menus, search boxes, share
buttons, related news and footers are left out; paragraphs, headings, list items and
table rows of the article become lines, and photo captions (`<figcaption>`) stay lines of
their own, for the segmenter to read as captions. The page's publication date, when it
gives one, becomes the first line ("11/07/2025"), as a portal's dateline would be.
"""

from __future__ import annotations

import re

from summarizer.errors import InputError
from summarizer.load.limits import Limits

SUFFIXES = (".html", ".htm")

_IMAGE_LINE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def read(data: bytes, name: str, limits: Limits, suffix: str) -> str:
    """The article of a saved web page, one paragraph per line."""
    trafilatura = _trafilatura(name)
    page = _with_captions(data, name)
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
        metadata = trafilatura.extract_metadata(page)
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
    date = _ISO_DATE.match(getattr(metadata, "date", None) or "") if metadata else None
    if date:
        year, month, day = date.groups()
        lines.insert(0, f"{day}/{month}/{year}")
    return "\n".join(lines)


def _trafilatura(name: str):
    try:
        import trafilatura
    except ImportError:
        raise InputError(
            f"{name}: reading web pages needs the trafilatura package; install it with "
            "pip install 'summarizer[html]'"
        ) from None
    return trafilatura


def _with_captions(data: bytes, name: str):
    """The page parsed, with each photo caption made a paragraph of the article."""
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
    return tree
