"""A fetched or archived web page -> Article: chrome stripped, trafilatura, headline de-duplicated.

Unlike a local .html file, a web page usually comes with a better date source (the feed item or
the page's own metadata), so the date is taken from markup only: htmldate's extensive search
guesses from any number in the text ("2022-2025" became 2022-01-01), which is worse than none.
"""
from __future__ import annotations

import copy
import re
from typing import Any

from lxml import etree

from ..article import Article
from ..errors import InputError
from ..text.dates import parse_date
from .base import hash_id
from .chunks import restore_chunks
from .webclean import clean_page, drop_headline

_DATE_PARAMS = {"extensive_search": False, "original_date": True}
#: Past this many elements (after chrome is gone) trafilatura's fallback extractors and metadata
#: search take tens of seconds; articles have a few thousand at most.
FAST_ELEMENTS = 15_000
MAX_ELEMENTS = 60_000
#: The cleaned page must keep this share of the words trafilatura finds on the whole page, else the
#: whole page is used. A third: on extract-dev cleaning keeps at least 0.96 of them on every page
#: (before the wrapper rule in webclean it kept none on the two pages whose story wrapper it cut).
MIN_CLEAN_SHARE = 1 / 3
#: A table cell this long is prose, not a datum: two sentences. Data cells (a figure, a name, a
#: date) are far shorter.
PROSE_CELL = 200


def article_from_page(page: str, where: str, *, url: str | None = None) -> Article:
    tree, prose = clean_page(page)
    size = sum(1 for _ in tree.iter()) if tree is not None else 0
    if size > MAX_ELEMENTS:
        raise InputError(url or where, f"page has {size:,} HTML elements without its chrome (limit "
                                       f"{MAX_ELEMENTS:,}): not an article page")
    # trafilatura prunes the tree it is given; the chunk search below needs it whole
    doc = _extract(copy.deepcopy(tree) if tree is not None else page, url, fast=size > FAST_ELEMENTS)
    chunked = tree
    # A second extraction costs as much as the first, so it is only tried when the text kept is
    # short of a third of the page's paragraph text (on 1 of extract-dev's 92 pages); page.count("<")
    # counts tags, two per element
    if tree is not None and len(_text(doc)) < MIN_CLEAN_SHARE * prose \
            and page.count("<") <= 2 * FAST_ELEMENTS \
            and len(_words(doc)) < MIN_CLEAN_SHARE * len(_words(raw := _extract(page, url, fast=True))):
        # the page without its chrome lost the story (a wrapper named like a sidebar, an article
        # inside a footer): trafilatura on the whole page is the floor, its own boilerplate filter judges
        doc, chunked = raw, None
    if doc is None or not (doc.text or "").strip():
        raise InputError(url or where, "no main text found in the HTML page: trafilatura found no paragraph "
                                       "of prose outside navigation and boilerplate")
    text = _paragraphs(restore_chunks(chunked, doc.text) if chunked is not None else doc.text)
    if tree is not None:
        text = _without_dates(text, tree)
    published = parse_date(doc.date) if doc.date else None
    metadata = {k: v for k, v in {"author": doc.author, "sitename": doc.sitename,
                                  "description": doc.description}.items() if v}
    article = Article(text=text, source=where, url=url or doc.url or None, title=doc.title or None,
                      outlet=doc.sitename or None, published=published[0] if published else None,
                      date_precision=published[1] if published else None, metadata=metadata)
    article.id = hash_id(article)
    headlines = [" ".join(h.text_content().split()) for h in tree.iter("h1")] if tree is not None else []
    return drop_headline(article, headlines)


#: A page's date stamp is a line of its own: "November 20, 2019 - 11:28 AMT", "sexta-feira, 22 de
#: outubro de 2010 às 20:13". Longer text in a date element is a sentence that holds a date.
MAX_DATE_LINE = 80
#: Class or id words of a date stamp's element ("article_date", "post-date", "timestamp").
_DATE_CLASS = re.compile(r"(?:^|[-_])(?:date|dates|dateline|time|timestamp|published|pubdate)(?:$|[-_])", re.I)
_DIGIT = re.compile(r"\d")
# the elements worth the class test above, found by lxml in C: a page has thousands of elements
_DATE_CANDIDATES = etree.XPath(
    "//time | //*[@itemprop] | //*[" + " or ".join(f"contains(@{attr}, '{word}')" for attr in ("class", "id")
                                                for word in ("date", "Date", "DATE", "time", "Time", "TIME",
                                                             "publish", "Publish")) + "]")


def _without_dates(text: str, tree: Any) -> str:
    """``text`` less the paragraphs that are exactly a date stamp of the page: the text of a
    ``<time>`` element, of an element marked ``itemprop="datePublished"`` (or dateModified, …), or
    of one whose class names a date. The date is metadata (trafilatura reads it from the same
    markup), and as a paragraph it would be the story's first sentence."""
    short = {" ".join(p.split()) for p in text.split("\n\n") if len(p) <= MAX_DATE_LINE and _DIGIT.search(p)}
    if not short:  # no paragraph could be a stamp (most pages): the tree need not be searched
        return text
    stamps = set()
    for el in _DATE_CANDIDATES(tree):
        marked = el.tag == "time" or (el.get("itemprop") or "").lower().startswith("date") or \
            any(_DATE_CLASS.search(c) for c in f"{el.get('class') or ''} {el.get('id') or ''}".split())
        if marked:
            stamp = " ".join(el.text_content().split())
            if stamp in short:
                stamps.add(stamp)
    if not stamps:
        return text
    return "\n\n".join(p for p in text.split("\n\n") if " ".join(p.split()) not in stamps)


def _extract(page: Any, url: str | None, *, fast: bool) -> Any:
    import trafilatura

    # tables included: a page laid out in tables (thespacereview.com) has its whole story in one cell
    return trafilatura.bare_extraction(page, url=url, include_comments=False, include_tables=True,
                                       with_metadata=True, favor_precision=True, fast=fast,
                                       date_extraction_params=_DATE_PARAMS)


def _text(doc: Any) -> str:
    return (doc.text or "") if doc is not None else ""


def _words(doc: Any) -> list[str]:
    return _text(doc).split()


def _paragraphs(text: str) -> str:
    """trafilatura's text with crosswire's paragraph unit, a blank line (trafilatura uses one newline).

    A table row comes as ``| cell | cell |``. A data row stays one line, its cells joined by " | ";
    a cell of prose (a layout table's story column) is a paragraph of its own, not glued to the
    menu cell beside it.
    """
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if line.startswith("|") and line.endswith("|"):
            row: list[str] = []
            for cell in (c.strip() for c in line.strip("|").split(" | ")):
                if len(cell) >= PROSE_CELL:
                    out.extend([" | ".join(row), cell] if row else [cell])
                    row = []
                elif cell and set(cell) != {"-"}:
                    row.append(cell)
            line = " | ".join(row)
        if line:
            out.append(line)
    return "\n\n".join(p for p in out if p)
