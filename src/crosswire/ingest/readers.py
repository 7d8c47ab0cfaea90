"""Readers for plain text, JSONL and HTML files, and the folder walker that dispatches to them."""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..article import Article
from ..errors import InputError
from .base import ReadOptions, hash_id, article_from_record
from .encoding import decode

#: The seeds' metadata line: " date 2022-11-11" (any leading whitespace).
_DATE_LINE = re.compile(r"^\s*date\s+(\S+)[ \t]*")
_URL = re.compile(r"^https?://", re.I)
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SKIP_NAMES = {".DS_Store", "Thumbs.db"}


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files under the given paths, recursively, in a stable order; hidden files skipped."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and name not in SKIP_NAMES:
                        yield Path(root) / name
        else:
            yield path


def read_paths(paths: Iterable[str | Path], options: ReadOptions | None = None) -> Iterator[Article]:
    """Every article in files/folders; per-input errors go to ``options.on_error`` and reading goes on."""
    options = options or ReadOptions()
    files: list[str | Path] = []
    for p in paths:
        if isinstance(p, str) and _URL.match(p):
            try:
                from .fetch import FetchOptions  # noqa: PLC0415 - needs crosswire[fetch]
                from .web import read_url  # noqa: PLC0415

                yield from read_url(p, options, fetch_options=FetchOptions(allow_private=options.allow_private))
            except InputError as exc:
                options.on_error(exc)
        else:
            files.append(p)
    for path in iter_files(files):
        try:
            yield from read_file(path, options)
        except InputError as exc:
            options.on_error(exc)


def read_file(path: str | Path, options: ReadOptions | None = None) -> Iterator[Article]:
    options = options or ReadOptions()
    path = Path(path)
    where = str(path)
    if not path.exists():
        raise InputError(where, "no such file or folder")
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in JSONL_SUFFIXES:
        yield from read_jsonl(path, options)
        return
    if ".warc" in suffixes:
        from .warc import read_warc  # noqa: PLC0415 - optional extra

        yield from read_warc(path, options)
        return
    try:
        size = path.stat().st_size
        if size > options.max_article_bytes:
            raise InputError(where, f"file is {size / 1e6:.1f} MB, over the {options.max_article_bytes / 1e6:.0f} MB "
                                    "limit for one article; split it, or use JSONL for many articles")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(where, f"cannot read: {exc.strerror or exc}") from exc
    text, encoding = decode(data, where)
    if suffixes and suffixes[-1] in HTML_SUFFIXES or _looks_like_html(text):
        from .html import article_from_html

        yield article_from_html(text, where)
        return
    yield article_from_text(text, where, encoding=encoding)


def _looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def article_from_text(text: str, where: str, *, encoding: str = "utf-8") -> Article:
    """Plain text; an optional first line ``date 2022-11-11`` gives the date at its precision."""
    from ..text.dates import parse_date

    metadata: dict[str, object] = {"encoding": encoding} if encoding not in ("utf-8", "ascii") else {}
    published = None
    m = _DATE_LINE.match(text)
    if m:
        published = parse_date(m.group(1))
        if published is None:
            metadata["unparsed_date"] = m.group(1)
        text = text[m.end():].lstrip(" \t")
        text = text[1:] if text.startswith("\n") else text
    if not text.strip():
        raise InputError(where, "empty or whitespace-only text")
    article = Article(text=text, source=where, published=published[0] if published else None,
                      date_precision=published[1] if published else None, metadata=metadata)
    article.id = hash_id(article)
    return article


def read_jsonl(path: Path, options: ReadOptions) -> Iterator[Article]:
    """One article per line; a bad line is reported with its number and the rest still goes in."""
    where = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(where, f"cannot read: {exc.strerror or exc}") from exc
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                if len(raw) > options.max_article_bytes:
                    raise InputError(where, f"line is {len(raw) / 1e6:.1f} MB, over the limit", line=number)
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    line, _ = decode(raw, f"{where}:{number}")
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(where, f"malformed JSON: {exc.msg} (column {exc.colno})", line=number) from exc
                if not isinstance(rec, dict):
                    raise InputError(where, "each line must be a JSON object", line=number)
                yield article_from_record(rec, where, number)
            except InputError as exc:
                if exc.line is None:
                    exc = InputError(exc.source, exc.reason, line=number, field=exc.field)
                options.on_error(exc)
