"""HTML pages: main text and metadata with trafilatura (comments, navigation and footers excluded)."""
from __future__ import annotations

from ..article import Article
from ..errors import InputError
from ..text.dates import parse_date
from .base import _hash_id


def article_from_html(html: str, where: str, *, url: str | None = None) -> Article:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=False,
                                      with_metadata=True, favor_precision=True)
    if doc is None or not (doc.text or "").strip():
        raise InputError(url or where, "no main text found in the HTML page")
    # paragraphs come back separated by single newlines; crosswire's paragraph unit is a blank line
    text = "\n\n".join(p.strip() for p in doc.text.split("\n") if p.strip())
    published = parse_date(doc.date) if doc.date else None
    metadata = {k: v for k, v in {"author": doc.author, "sitename": doc.sitename,
                                  "description": doc.description}.items() if v}
    article = Article(text=text, source=where, url=url or doc.url or None, title=doc.title or None,
                      outlet=doc.sitename or None, published=published[0] if published else None,
                      date_precision=published[1] if published else None, metadata=metadata)
    article.id = _hash_id(article)
    return article
