"""WARC files (gzip or plain): every HTML response record, streamed, one article each.

The WARC date is when the crawler saw the page, not when it was published, so it goes into
metadata beside the target URI and the record's byte offset (for ``warcio extract``), never
into ``published``.
"""
from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..article import Article
from ..deps import require
from ..errors import InputError
from .base import ReadOptions
from .mime import HTML_TYPES, decode_html, parse_content_type


def _warc_errors() -> tuple[type[BaseException], ...]:
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.recordloader import StatusAndHeadersParserException

    # What a truncated or corrupt file raises from inside warcio: gzip, chunking, header parsing,
    # and (found by fuzzing) AttributeError/TypeError/IndexError from records missing a header it
    # assumes. Only warcio calls sit inside these handlers; our own code runs outside them.
    return (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, OSError, ValueError,
            AttributeError, TypeError, IndexError, KeyError)


def read_warc(path: str | Path, options: ReadOptions | None = None) -> Iterator[Article]:
    """Articles from HTML response records; a bad record is reported by offset and the rest still read.

    A file cut off mid-record raises InputError after every record before the cut was yielded
    (WARC has no index to resynchronise on, so the remainder cannot be trusted).
    """
    options = options or ReadOptions()
    archive = require("warcio.archiveiterator", "fetch")
    errors = _warc_errors()
    where = str(path)
    with _open(path, where) as handle:
        size = os.fstat(handle.fileno()).st_size
        records = archive.ArchiveIterator(handle)
        offset, count = 0, 0
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except errors as exc:
                raise _damaged(where, offset, count, _short(exc)) from exc
            # warcio's iterator knows where the record it just yielded began
            offset = int(getattr(records, "offset", offset) or 0)
            count += 1
            try:
                page = _html_payload(record, where, offset, options)
            except InputError as exc:
                options.on_error(exc)
                page = None
            except errors as exc:
                raise _damaged(where, offset, count, _short(exc)) from exc
            try:
                # warcio hands out a cut-off record as if whole; only the bytes left unread tell
                cut = record.rec_type is None or _unread(record)
            except errors as exc:
                raise _damaged(where, offset, count - 1, _short(exc)) from exc
            if cut:
                raise _damaged(where, offset, count - 1, "the record is cut off")
            if page is None:
                continue
            try:
                article = _article(record, page, where, offset)
            except InputError as exc:
                options.on_error(exc)
                continue
            yield article
        end = getattr(records, "offset", None)
        if isinstance(end, int) and end < size:
            # a gzip member cut inside the WARC headers yields no record at all
            raise _damaged(where, end, count, f"{size - end} bytes at the end are not a complete record")


def _open(path: str | Path, where: str) -> BinaryIO:
    try:
        return Path(path).open("rb")
    except OSError as exc:
        raise InputError(where, f"cannot read: {exc.strerror or exc}") from exc


def _html_payload(record: Any, where: str, offset: int, options: ReadOptions) -> tuple[bytes, str | None] | None:
    """The HTML bytes and charset of a 2xx HTML response; None (no error) for every other record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = str(record.http_headers.get_statuscode() or "")
    media, charset = parse_content_type(record.http_headers.get_header("Content-Type") or "")
    if not status.startswith("2") or media not in HTML_TYPES:
        return None
    data = record.content_stream().read(options.max_article_bytes + 1)
    if len(data) > options.max_article_bytes:
        raise InputError(where, f"{_label(record, offset)}: page is over the "
                                f"{options.max_article_bytes / 1e6:.0f} MB limit")
    return data, charset


def _article(record: Any, page: tuple[bytes, str | None], where: str, offset: int) -> Article:
    from .page import article_from_page

    uri = record.rec_headers.get_header("WARC-Target-URI") or None
    try:
        article = article_from_page(decode_html(page[0], page[1], where), where, url=uri)
    except InputError as exc:
        raise InputError(where, f"{_label(record, offset)}: {exc.reason}") from exc
    article.source = where
    article.metadata.update({k: v for k, v in {
        "warc_target_uri": uri, "warc_date": record.rec_headers.get_header("WARC-Date"),
        "warc_record_id": record.rec_headers.get_header("WARC-Record-ID"), "warc_offset": offset}.items()
        if v is not None})
    return article


def _unread(record: Any) -> bool:
    """Drain the record; True when its Content-Length promised more bytes than the file holds."""
    raw = record.raw_stream
    while raw.read(65536):
        pass
    return int(getattr(raw, "limit", 0) or 0) > 0


def _label(record: Any, offset: int) -> str:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    return f"record at offset {offset}" + (f" ({uri})" if uri else "")


def _damaged(where: str, offset: int, good: int, why: str) -> InputError:
    return InputError(where, f"truncated or corrupt WARC at offset {offset} ({good} records before it read): {why}")


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"{type(exc).__name__}: {text[:200]}"
