"""What every reader shares: limits, the error sink and building an Article from a record."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..article import Article
from ..errors import InputError
from ..text.dates import parse_date

ErrorSink = Callable[[InputError], None]

#: One article's text above this is refused: real articles are far smaller, and analysing a
#: 50 MB "article" would hold it all in memory several times over.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024

KNOWN_FIELDS = {"id", "title", "text", "date", "published", "url", "source", "outlet", "language", "lang"}


@dataclass
class ReadOptions:
    max_article_bytes: int = MAX_ARTICLE_BYTES
    on_error: ErrorSink = field(default=lambda e: None)
    allow_private: bool = False     # URLs may reach loopback/LAN addresses (the SSRF switch, off by default)


def article_from_record(rec: dict[str, Any], where: str, line: int | None = None) -> Article:
    """JSONL/feed record -> Article; unknown fields are kept in ``metadata``."""
    text = rec.get("text")
    if not isinstance(text, str):
        raise InputError(where, "missing or non-string 'text'", line=line, field="text")
    if not text.strip():
        raise InputError(where, "empty text", line=line, field="text")
    for key in ("id", "title", "url", "source", "date"):
        if rec.get(key) is not None and not isinstance(rec[key], (str, int)):
            raise InputError(where, f"{key!r} must be a string", line=line, field=key)
    metadata = {k: v for k, v in rec.items() if k not in KNOWN_FIELDS}
    raw_date = rec.get("date", rec.get("published"))
    published = parse_date(str(raw_date)) if raw_date not in (None, "") else None
    if raw_date not in (None, "") and published is None:
        metadata["unparsed_date"] = str(raw_date)
    article = Article(
        text=text, id=str(rec["id"]) if rec.get("id") not in (None, "") else "",
        title=rec.get("title") or None, url=rec.get("url") or None,
        source=str(rec.get("source") or where), outlet=rec.get("outlet") or rec.get("source") or None,
        published=published[0] if published else None, date_precision=published[1] if published else None,
        metadata=metadata)
    if not article.id:
        article.id = hash_id(article)
    return article


def hash_id(article: Article) -> str:
    import hashlib

    return hashlib.sha1(f"{article.content_hash}\x00{article.url or ''}".encode()).hexdigest()[:16]
