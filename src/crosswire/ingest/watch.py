"""Watch mode: poll feeds, ingest new pages, and store a changed page as a new, linked version.

State lives in the database (tables ``feed_state``, ``web_pages``, ``article_revisions``), so a
restarted watcher asks with the last ETag / Last-Modified and compares against the last text it
stored. A page's later versions get the id ``<first id>-r<n>`` and ``metadata.revision_of``;
``crosswire compare OLD NEW`` then shows what changed (the diffengine idea).
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from ..article import Article
from ..errors import InputError
from .feeds import Feed, FeedItem, looks_like_feed, parse_feed
from .fetch import Fetcher, FetchOptions, Response
from .mime import FEED_TYPES, HTML_TYPES
from .web import fill_from_item, page_article

#: Pages are re-checked for edits this long after they were first seen (diffengine's idea:
#: stories are edited in their first days, then settle).
TRACK_DAYS = 3.0
MAX_PAGES_PER_FEED = 100
#: A failing feed is skipped for every * 2**errors, at most this long.
MAX_BACKOFF_S = 6 * 3600.0
PageKind = Literal["new", "changed", "same"]


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(t: datetime) -> str:
    return t.isoformat(timespec="seconds")


def read_feed_list(path: str | Path) -> list[str]:
    """One URL per line; blank lines and ``#`` comments skipped; duplicates dropped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the feed list: {exc}") from exc
    urls: list[str] = []
    for number, line in enumerate(lines, start=1):
        url = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if not url:
            continue
        if not url.lower().startswith(("http://", "https://")):
            raise InputError(str(path), f"not an http(s) URL: {url!r}", line=number)
        if url not in urls:
            urls.append(url)
    return urls


@dataclass
class RoundReport:
    number: int
    started: datetime = field(default_factory=_now)
    feeds: int = 0
    not_modified: int = 0
    failed: int = 0
    backing_off: int = 0
    pages: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[InputError] = field(default_factory=list)
    revisions: list[tuple[str, str]] = field(default_factory=list)   # (old id, new id)
    seconds: float = 0.0

    def line(self) -> str:
        """The one summary line a round prints."""
        feeds = f"{self.feeds} feeds ({self.not_modified} not modified, {self.failed} failed"
        feeds += f", {self.backing_off} backing off)" if self.backing_off else ")"
        return (f"round {self.number} {self.started.strftime('%H:%M:%S')}: {feeds}, {self.pages} pages: "
                f"{self.new} new, {self.changed} changed, {self.unchanged} unchanged, "
                f"{len(self.errors)} errors ({self.seconds:.1f} s)")

    def to_dict(self) -> dict[str, Any]:
        return {"round": self.number, "started": _iso(self.started), "feeds": self.feeds,
                "not_modified": self.not_modified, "failed": self.failed, "backing_off": self.backing_off,
                "pages": self.pages, "new": self.new, "changed": self.changed, "unchanged": self.unchanged,
                "errors": [e.to_dict() for e in self.errors],
                "revisions": [{"old": a, "new": b} for a, b in self.revisions], "seconds": round(self.seconds, 3)}


@dataclass
class _Pending:
    url: str
    feed_url: str
    kind: PageKind
    article: Article | None
    resp: Response
    prev: sqlite3.Row | None


class Watcher:
    """Polls a list of feeds against one Crosswire database; one :meth:`round` per poll."""

    def __init__(self, cw: Any, feeds: Iterable[str], *, fetch_options: FetchOptions | None = None,
                 fetcher: Fetcher | None = None, embed: bool = True, link: bool = True,
                 track_days: float = TRACK_DAYS, max_pages_per_feed: int = MAX_PAGES_PER_FEED) -> None:
        self.cw = cw
        self.conn: sqlite3.Connection = cw.store.conn
        self.feeds = list(feeds)
        self.fetcher = fetcher or Fetcher(fetch_options)
        self.embed, self.link = embed, link
        self.track_days = track_days
        self.max_pages = max_pages_per_feed
        self.rounds = 0
        self._feeds_ok: list[tuple[str, str | None, int, str | None, str | None, int, datetime]] = []

    def close(self) -> None:
        self.fetcher.close()

    # ---- the loop ---------------------------------------------------------------------------
    def run(self, every: float, *, rounds: int | None = None, stop: threading.Event | None = None,
            on_round: Callable[[RoundReport], None] | None = None) -> int:
        """Rounds until ``rounds`` are done or ``stop`` is set; Ctrl-C propagates to the caller.

        Every write is one transaction, so an interrupt anywhere loses at most the round in flight,
        which the next run redoes.
        """
        stop = stop or threading.Event()
        done = 0
        while not stop.is_set() and (rounds is None or done < rounds):
            started = time.monotonic()
            report = self.round()
            done += 1
            if on_round:
                on_round(report)
            if rounds is not None and done >= rounds:
                break
            stop.wait(max(0.0, every - (time.monotonic() - started)))
        return done

    def round(self) -> RoundReport:
        self.rounds += 1
        report = RoundReport(self.rounds)
        t0 = time.perf_counter()
        pending: list[_Pending] = []
        seen: set[str] = set()
        self._feeds_ok = []
        for url in self.feeds:
            self._poll_feed(url, report, pending, seen)
        self._store(pending, report)
        for error in report.errors:
            self.cw.store.record_error(error)
        if hasattr(self.cw, "notify_alerts"):
            self.cw.notify_alerts([])  # retries of alert POSTs that were due (a hook back up)
        report.seconds = time.perf_counter() - t0
        return report

    # ---- feeds ------------------------------------------------------------------------------
    def _poll_feed(self, url: str, report: RoundReport, pending: list[_Pending], seen: set[str]) -> None:
        state = self.conn.execute("SELECT * FROM feed_state WHERE url = ?", (url,)).fetchone()
        now = _now()
        if state is not None and state["not_before"] and state["not_before"] > _iso(now):
            report.backing_off += 1
            return
        report.feeds += 1
        try:
            resp = self.fetcher.get(url, accept=HTML_TYPES | FEED_TYPES, etag=state["etag"] if state else None,
                                    last_modified=state["last_modified"] if state else None)
            items: list[FeedItem] = []
            page: Response | None = None
            feed = Feed(url=url, title=state["title"] if state else None)
            if resp.not_modified:
                report.not_modified += 1
            elif looks_like_feed(resp.content, resp.media_type):
                feed = parse_feed(resp.content, resp.final_url)
                feed.url = url
                items = feed.items
                report.errors.extend(feed.problems)
            else:
                # a page listed directly is watched as a feed of one: the response is its first check
                items, page = [FeedItem(link=url)], resp
        except InputError as exc:
            report.failed += 1
            report.errors.append(exc)
            self._feed_failed(url, state, exc, now)
            return
        errors_before = len(report.errors)
        links = {item.link: item for item in items}
        for row in self.conn.execute("SELECT url FROM web_pages WHERE feed_url = ? AND first_seen >= ?"
                                     " ORDER BY first_seen DESC", (url, _iso(now - timedelta(days=self.track_days)))):
            links.setdefault(row["url"], FeedItem(link=row["url"]))
        for link, item in list(links.items())[:self.max_pages]:
            if link in seen:
                continue
            seen.add(link)
            self._check_page(item, feed, report, pending, page if link == url else None)
        # Saved only with the pages (in _store), and without validators when a page failed: an
        # ETag that outlives its items would answer 304 next time and lose them for good.
        keep = len(report.errors) == errors_before
        etag = resp.etag or (state["etag"] if state and resp.not_modified else None)
        modified = resp.last_modified or (state["last_modified"] if state and resp.not_modified else None)
        self._feeds_ok.append((url, feed.title, resp.status, etag if keep else None, modified if keep else None,
                               len(items), now))

    @staticmethod
    def _feed_ok(conn: sqlite3.Connection, url: str, title: str | None, status: int, etag: str | None,
                 modified: str | None, items: int, now: datetime) -> None:
        conn.execute(
            "INSERT INTO feed_state (url, title, etag, last_modified, last_fetch, last_success, last_status,"
            " last_error, errors, not_before, fetches, items) VALUES (?,?,?,?,?,?,?,NULL,0,NULL,1,?)"
            " ON CONFLICT(url) DO UPDATE SET title = COALESCE(excluded.title, title),"
            " etag = excluded.etag, last_modified = excluded.last_modified,"
            " last_fetch = excluded.last_fetch, last_success = excluded.last_success,"
            " last_status = excluded.last_status, last_error = NULL, errors = 0, not_before = NULL,"
            " fetches = fetches + 1, items = CASE WHEN excluded.last_status = 304 THEN items ELSE excluded.items END",
            (url, title, etag, modified, _iso(now), _iso(now), status, items))

    def _feed_failed(self, url: str, state: sqlite3.Row | None, exc: InputError, now: datetime) -> None:
        errors = (state["errors"] if state else 0) + 1
        # the first failure is retried next round; repeated ones back off exponentially
        wait = 0.0 if errors < 2 else min(MAX_BACKOFF_S, 60.0 * 2 ** (errors - 2))
        status = getattr(exc, "status", None)
        with self.cw.store.transaction() as conn:
            conn.execute(
                "INSERT INTO feed_state (url, last_fetch, last_status, last_error, errors, not_before, fetches)"
                " VALUES (?,?,?,?,?,?,1) ON CONFLICT(url) DO UPDATE SET last_fetch = excluded.last_fetch,"
                " last_status = excluded.last_status, last_error = excluded.last_error, errors = excluded.errors,"
                " not_before = excluded.not_before, fetches = fetches + 1",
                (url, _iso(now), status, exc.reason, errors, _iso(now + timedelta(seconds=wait)) if wait else None))

    # ---- pages ------------------------------------------------------------------------------
    def _check_page(self, item: FeedItem, feed: Feed, report: RoundReport, pending: list[_Pending],
                    direct: Response | None) -> None:
        prev = self.conn.execute("SELECT * FROM web_pages WHERE url = ?", (item.link,)).fetchone()
        report.pages += 1
        try:
            resp = direct or self.fetcher.get(item.link, accept=HTML_TYPES, etag=prev["etag"] if prev else None,
                                              last_modified=prev["last_modified"] if prev else None)
            if resp.not_modified and prev is not None:
                report.unchanged += 1
                pending.append(_Pending(item.link, feed.url, "same", None, resp, prev))
                return
            article = fill_from_item(page_article(resp), item, feed)
        except InputError as exc:
            report.errors.append(exc)
            return
        if prev is None:
            report.new += 1
            pending.append(_Pending(item.link, feed.url, "new", article, resp, None))
        elif article.content_hash == prev["content_hash"]:
            report.unchanged += 1
            pending.append(_Pending(item.link, feed.url, "same", None, resp, prev))
        else:
            revision = prev["revision"] + 1
            article.id = f"{prev['first_id']}-r{revision}"
            article.metadata.update({"revision_of": prev["article_id"], "revision": revision})
            report.changed += 1
            report.revisions.append((prev["article_id"], article.id))
            pending.append(_Pending(item.link, feed.url, "changed", article, resp, prev))

    def _store(self, pending: list[_Pending], report: RoundReport) -> None:
        """Ingest first, then remember what was seen: a crash in between only means a re-check."""
        articles = [p.article for p in pending if p.article is not None]
        if articles:
            self.cw.ingest_articles(articles, embed=self.embed, link=self.link)
        now = _iso(_now())
        with self.cw.store.transaction() as conn:
            for feed_ok in self._feeds_ok:
                self._feed_ok(conn, *feed_ok)
            for p in pending:
                etag, modified = p.resp.etag, p.resp.last_modified
                if p.kind == "same":
                    conn.execute("UPDATE web_pages SET last_checked = ?, etag = COALESCE(?, etag),"
                                 " last_modified = COALESCE(?, last_modified) WHERE url = ?",
                                 (now, etag, modified, p.url))
                    continue
                a = p.article
                assert a is not None
                if p.kind == "new":
                    conn.execute("INSERT OR REPLACE INTO web_pages (url, feed_url, article_id, first_id, revision,"
                                 " content_hash, etag, last_modified, first_seen, last_checked, last_changed)"
                                 " VALUES (?,?,?,?,1,?,?,?,?,?,?)",
                                 (p.url, p.feed_url, a.id, a.id, a.content_hash, etag, modified, now, now, now))
                    continue
                old, revision = a.metadata["revision_of"], a.metadata["revision"]
                conn.execute("UPDATE web_pages SET article_id = ?, revision = ?, content_hash = ?, etag = ?,"
                             " last_modified = ?, last_checked = ?, last_changed = ? WHERE url = ?",
                             (a.id, revision, a.content_hash, etag, modified, now, now, p.url))
                conn.execute("INSERT OR IGNORE INTO article_revisions (article_id, revision_of, url, revision,"
                             " detected_at) VALUES (?,?,?,?,?)", (a.id, old, p.url, revision, now))
                link_revision(conn, old, a.id, url=p.url, revision=revision, now=now)


def link_revision(conn: sqlite3.Connection, old: str, new: str, *, url: str, revision: int, now: str) -> bool:
    """Also record the pair in ``relations``, type "revision" (False when the pair is related
    already: the table holds one relation per pair). ``article_revisions`` is the record either way."""
    cur = conn.execute("INSERT OR IGNORE INTO relations (a, b, type, score, evidence, created_at)"
                       " VALUES (?, ?, 'revision', 1.0, ?, ?)",
                       (old, new, json.dumps({"revision": revision, "url": url}), now))
    return cur.rowcount == 1


def revisions_of(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """Every version of the watched page an article is a version of, oldest first; [] if none."""
    page = conn.execute("SELECT url, first_id FROM web_pages WHERE first_id = ? OR article_id = ? OR url IN"
                        " (SELECT url FROM article_revisions WHERE article_id = ?)",
                        (article_id, article_id, article_id)).fetchone()
    if page is None:
        return []
    out: list[dict[str, Any]] = [{"id": page["first_id"], "revision": 1, "revision_of": None, "detected_at": None}]
    for r in conn.execute("SELECT article_id, revision_of, revision, detected_at FROM article_revisions"
                          " WHERE url = ? ORDER BY revision", (page["url"],)):
        out.append({"id": r["article_id"], "revision": r["revision"], "revision_of": r["revision_of"],
                    "detected_at": r["detected_at"]})
    return out
