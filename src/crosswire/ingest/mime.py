"""Media types and charsets shared by HTTP fetching and WARC reading (no network imports here)."""
from __future__ import annotations

import re

from ..errors import InputError
from .encoding import decode

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
                        "text/xml", "application/x-rss+xml"})
#: RFC 9110 token characters; anything else in a charset label (a NUL, a space) is not a label at all
_TOKEN = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{1,40})""", re.IGNORECASE)


def parse_content_type(value: str) -> tuple[str, str | None]:
    """'text/html; charset=ISO-8859-1' -> ('text/html', 'iso-8859-1')."""
    parts = value.split(";")
    media = parts[0].strip().lower()
    charset = None
    for p in parts[1:]:
        key, _, val = p.partition("=")
        if key.strip().lower() == "charset":
            label = val.strip().strip("\"'").lower()
            charset = label if _TOKEN.fullmatch(label) else None
    return media, charset


def decode_html(data: bytes, charset: str | None, where: str) -> str:
    """HTTP charset, then <meta charset>, then detection; a wrong label falls through to detection."""
    if not data.strip():
        raise InputError(where, "empty response body")
    meta = _META_CHARSET.search(data[:4096])
    for label in (charset, meta.group(1).decode("ascii", "replace") if meta else None):
        if not label:
            continue
        try:
            return data.decode(label)
        except (LookupError, ValueError):
            # unknown label, bytes that do not fit it, or a label Python's codecs refuse (UnicodeError, NUL)
            continue
    try:
        return decode(data, where)[0]
    except UnicodeDecodeError as exc:
        # a byte-order mark on a body cut to an odd length: a browser shows replacement characters too
        return data.decode(exc.encoding, errors="replace")
