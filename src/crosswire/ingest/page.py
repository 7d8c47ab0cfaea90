"""A fetched or archived web page -> Article: chrome stripped, trafilatura, headline de-duplicated.

Unlike a local .html file, a web page usually comes with a better date source (the feed item or
the page's own metadata), so the date is taken from markup only: htmldate's extensive search
guesses from any number in the text ("2022-2025" became 2022-01-01), which is worse than none.
"""
from __future__ import annotations

from typing import Any

from ..article import Article
from ..errors import InputError
from ..text.dates import parse_date
from .base import hash_id
from .webclean import clean_tree, drop_headline

_DATE_PARAMS = {"extensive_search": False, "original_date": True}
#: Past this many elements (after chrome is gone) trafilatura's fallback extractors and metadata
#: search take tens of seconds; articles have a few thousand at most.
FAST_ELEMENTS = 15_000
MAX_ELEMENTS = 60_000


def article_from_page(page: str, where: str, *, url: str | None = None) -> Article:
    import trafilatura

    tree = clean_tree(page)
    size = sum(1 for _ in tree.iter()) if tree is not None else 0
    if size > MAX_ELEMENTS:
        raise InputError(url or where, f"page has {size:,} HTML elements without its chrome (limit "
                                       f"{MAX_ELEMENTS:,}): not an article page")
    doc: Any = trafilatura.bare_extraction(tree if tree is not None else page, url=url, include_comments=False,
                                      include_tables=False, with_metadata=True, favor_precision=True,
                                      fast=size > FAST_ELEMENTS, date_extraction_params=_DATE_PARAMS)
    if doc is None or not (doc.text or "").strip():
        raise InputError(url or where, "no main text found in the HTML page")
    # trafilatura separates paragraphs with one newline; crosswire's paragraph unit is a blank line
    text = "\n\n".join(p.strip() for p in doc.text.split("\n") if p.strip())
    published = parse_date(doc.date) if doc.date else None
    metadata = {k: v for k, v in {"author": doc.author, "sitename": doc.sitename,
                                  "description": doc.description}.items() if v}
    article = Article(text=text, source=where, url=url or doc.url or None, title=doc.title or None,
                      outlet=doc.sitename or None, published=published[0] if published else None,
                      date_precision=published[1] if published else None, metadata=metadata)
    article.id = hash_id(article)
    return drop_headline(article)
