"""Which alerts a newly stored article fires, and the outbox rows that carry them.

A query is words (and "quoted phrases") that must all occur in the title or text, compared
case- and accent-insensitively on whole words, as the FTS5 index tokenises them (unicode61,
remove_diacritics); in scripts written without spaces a word matches inside a longer run.  It is matched here on the new articles' own text rather than through the
FTS table: only the articles one ingest stored are ever checked, so the cost is per new article,
and it does not depend on how the search index is laid out.
"""
from __future__ import annotations

import logging
import re
import sqlite3
from typing import Any

from ..article import Article
from ..errors import NotFound
from ..store import SQLiteStore
from .query import UNSPACED, fold, parse_query
from .store import advance, enqueue, list_alerts, unscanned

log = logging.getLogger("crosswire.alerts")
def _unspaced_tokens(words: list[str]) -> list[str]:
    """Tokens of unspaced scripts, where a Latin word or a figure can sit glued: '中国777名代表'."""
    return [w for w in words if UNSPACED.search(w)]


def matches(terms: list[tuple[str, ...]], text: str) -> bool:
    words = fold(text)
    present = set(words)
    joined: str | None = None
    glued: list[str] | None = None
    for term in terms:
        if any(UNSPACED.search(w) for w in term):
            # scripts written without spaces (Chinese, Japanese, Thai) or gluing particles to
            # nouns (Korean): a word is a run of characters inside a longer token
            joined = joined if joined is not None else " ".join(words)
            if "".join(term) not in joined.replace(" ", ""):
                return False
            continue
        if len(term) == 1:
            if term[0] not in present:
                glued = glued if glued is not None else _unspaced_tokens(words)
                if not any(term[0] in w for w in glued):
                    return False
            continue
        n = len(term)
        if not any(tuple(words[i:i + n]) == term for i in range(len(words) - n + 1) if words[i] == term[0]):
            return False
    return True


def _story_of(store: SQLiteStore, article_id: str) -> str | None:
    try:
        row = store.conn.execute("SELECT story FROM memberships WHERE article_id = ?", (article_id,)).fetchone()
    except sqlite3.OperationalError:  # never linked: no memberships table
        return None
    return str(row[0]) if row else None


def fired(store: SQLiteStore, article: Article, alerts: list[Any], terms: dict[int, list[tuple[str, ...]]]
          ) -> list[Any]:
    """The alerts among ``alerts`` that ``article`` fires: its words match the query, or it is
    now in the story the alert's anchor article is in (so a story that merged still counts)."""
    story = _story_of(store, article.id)
    out = []
    for alert in alerts:
        if alert.query is not None:
            if matches(terms[alert.id], f"{article.title or ''}\n{article.text}"):
                out.append(alert)
        elif story is not None and alert.anchor is not None and _story_of(store, alert.anchor) == story:
            out.append(alert)
    return out


def _queued(store: SQLiteStore, alert_id: int, article: Article) -> bool:
    """Already in the outbox: skip the comparison the payload would cost."""
    return store.conn.execute("SELECT 1 FROM alert_outbox WHERE alert_id = ? AND article_id = ? AND content_hash = ?",
                              (alert_id, article.id, article.content_hash)).fetchone() is not None


def notify_stored(store: SQLiteStore, ids: list[str], *, compare_fn: Any = None) -> int:
    """Enqueue a POST for every active alert each article in ``ids`` fires; returns rows added.

    Called after the articles are stored and linked (memberships written).  Articles stored
    after the cursor are checked too (a run that died before checking its own, or ``ids=[]`` to
    catch up only); then the cursor moves past them.  ``ids`` still matter when several processes
    write: another's articles may sit below the cursor until it checks them itself.  Re-storing
    the same content adds nothing (UNIQUE alert, article, content hash)."""
    from .payload import build_payload

    alerts = list_alerts(store, active_only=True)
    if not alerts:
        return 0
    missed, top = unscanned(store)
    ids = list(ids) + missed
    terms = {a.id: parse_query(a.query) for a in alerts if a.query is not None}
    rows: list[tuple[int, str, str, dict[str, Any]]] = []
    for article_id in dict.fromkeys(ids):
        try:
            article = store.get(article_id)
        except NotFound:
            continue  # replaced by a later version within the same ingest
        hit = [a for a in fired(store, article, alerts, terms) if not _queued(store, a.id, article)]
        if not hit:
            continue
        body = build_payload(store, article, compare_fn=compare_fn)
        for alert in hit:
            rows.append((alert.id, article.id, article.content_hash,
                         dict(body, alert={"id": alert.id, "query": alert.query, "story": alert.story})))
    added = enqueue(store, rows) if rows else 0
    advance(store, top)
    return added
