"""RSS/Atom/RDF feeds with feedparser: the items' links, titles and dates, nothing fetched here.

feedparser is always handed bytes, never a URL, so it cannot make requests of its own behind the
SSRF guard in :mod:`crosswire.ingest.fetch`.
"""
from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..errors import InputError

#: A feed listing more than this is almost certainly an archive dump; a poll does not need it all.
MAX_ITEMS = 500
#: bozo reasons that are not about the XML: the items are intact, so they are not worth an error.
_HARMLESS = ("CharacterEncodingOverride", "NonXMLContentType", "CharacterEncodingUnknown")
_REDUCED_DATE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2]))?$")
_FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf", b"<rdf")


@dataclass
class FeedItem:
    link: str
    title: str | None = None
    published: str | None = None          # ISO, cut to precision
    date_precision: str | None = None
    guid: str | None = None
    summary: str | None = None


@dataclass
class Feed:
    url: str
    title: str | None = None
    language: str | None = None
    items: list[FeedItem] = field(default_factory=list)
    #: problems that did not stop reading: malformed XML after some items, items without a link
    problems: list[InputError] = field(default_factory=list)


def looks_like_feed(data: bytes, media_type: str = "") -> bool:
    """Content type first; servers often send feeds as text/html or text/plain, so sniff the head too."""
    if media_type in ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/x-rss+xml"):
        return True
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return False
    if media_type in ("text/html", "application/xhtml+xml"):
        return any(m in head for m in (b"<rss", b"<feed "))  # mislabelled feed
    return any(m in head for m in _FEED_MARKERS)


def parse_feed(data: bytes, url: str, *, max_items: int = MAX_ITEMS) -> Feed:
    """Items of an RSS/Atom document; raises InputError when nothing usable is in it."""
    import feedparser

    try:
        # content-location makes feedparser resolve relative item links against the feed's URL
        parsed: Any = feedparser.parse(data, response_headers={"content-location": url})
    except (ValueError, TypeError, LookupError, RecursionError) as exc:  # feedparser's loose parser is not total
        raise InputError(url, f"unreadable feed: {type(exc).__name__}: {exc}") from exc
    bozo = parsed.get("bozo_exception") if parsed.get("bozo") else None
    harmful = bozo is not None and type(bozo).__name__ not in _HARMLESS
    entries = parsed.get("entries") or []
    if not entries and (harmful or not parsed.get("version")):
        why = f"malformed feed XML: {_describe(bozo)}" if harmful else "not an RSS/Atom feed"
        raise InputError(url, why)
    info = parsed.get("feed") or {}
    feed = Feed(url=url, title=_clean(info.get("title")), language=_clean(info.get("language")))
    if harmful:
        feed.problems.append(InputError(url, f"malformed feed XML (read {len(entries)} items before it): "
                                             f"{_describe(bozo)}"))
    seen: set[str] = set()
    for number, entry in enumerate(entries[:max_items], start=1):
        item = _item(entry, url)
        if item is None:
            feed.problems.append(InputError(url, f"item {number} has no http(s) link", field="link"))
        elif item.link not in seen:
            seen.add(item.link)
            feed.items.append(item)
    if len(entries) > max_items:
        feed.problems.append(InputError(url, f"feed lists {len(entries)} items; only the first {max_items} read"))
    return feed


def _item(entry: Any, base: str) -> FeedItem | None:
    link = _clean(entry.get("link"))
    if not link:
        for alt in entry.get("links") or []:
            if alt.get("rel", "alternate") == "alternate" and alt.get("href"):
                link = _clean(alt["href"])
                break
    if not link:
        guid = _clean(entry.get("id"))
        link = guid if guid and entry.get("guidislink", True) else None
    if not link:
        return None
    link = urljoin(base, link)
    if urlsplit(link).scheme not in ("http", "https"):
        return None
    published, precision = _entry_date(entry)
    return FeedItem(link=link, title=_clean(entry.get("title")), published=published, date_precision=precision,
                    guid=_clean(entry.get("id")), summary=_clean(entry.get("summary")))


def _entry_date(entry: Any) -> tuple[str | None, str | None]:
    # dict.get, not entry.get: FeedParserDict maps "published" to "updated" with a DeprecationWarning
    for key in ("published", "updated", "created"):
        raw = dict.get(entry, key)
        # W3CDTF allows "2022" and "2022-11"; feedparser would make that the 1st, inventing a day
        if isinstance(raw, str) and _REDUCED_DATE.match(raw.strip()):
            raw = raw.strip()
            return raw, "year" if len(raw) == 4 else "month"
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)
        if isinstance(value, time.struct_time):
            try:
                # feedparser has already moved it to UTC; struct_time -> epoch -> ISO keeps that
                stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(calendar.timegm(value)))
            except (OverflowError, ValueError):
                continue
            if stamp.endswith("T00:00:00"):
                return stamp[:10], "day"  # a date with no time of day is a day, not midnight
            return stamp, "time"
    return None, None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _describe(exc: BaseException | None) -> str:
    if exc is None:
        return "unknown error"
    where = ""
    line = getattr(exc, "getLineNumber", None)
    if callable(line):
        try:
            where = f" at line {line()}, column {exc.getColumnNumber()}"  # type: ignore[attr-defined]
        except (AttributeError, TypeError):
            where = ""
    message = getattr(exc, "getMessage", None)
    text = message() if callable(message) else str(exc)
    return f"{text}{where}"
