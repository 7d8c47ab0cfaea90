"""Alerts and their outbox in the SQLite file (tables ``alerts`` and ``alert_outbox``).

Safe with several writer processes on one database: enqueueing is ``INSERT OR IGNORE`` on
UNIQUE(alert, article, content), and a row is sent only by whoever moved it from 'pending' to
'sending' in one UPDATE (SQLite serialises writers, so exactly one UPDATE sees rowcount 1).
"""
from __future__ import annotations

import ipaddress
import json
import socket
import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from ..errors import AlertError, CrosswireError, NotFound
from ..store import SQLiteStore
from .query import parse_query


@dataclass
class Alert:
    id: int
    webhook: str
    query: str | None
    story: str | None
    anchor: str | None
    allow_private: bool
    active: bool
    created_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def iso(t: datetime) -> str:
    return t.astimezone(timezone.utc).isoformat(timespec="seconds")


def check_webhook(url: str, *, allow_private: bool) -> str:
    """The same address rule as URL ingest (crosswire.ingest.fetch): loopback, private and
    link-local hosts need ``allow_private``.  Checked here for a clear error at once, and again
    at every delivery by the guarded transport (DNS answers change)."""
    from ..ingest.fetch import AddressPolicy

    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AlertError(f"webhook {url!r}: expected an http:// or https:// URL with a host")
    if allow_private:
        return url.strip()
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise AlertError(f"webhook {url!r}: cannot resolve {parts.hostname}: {exc}") from exc
    policy = AddressPolicy(False)
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if policy.forbidden(ip):
            raise AlertError(f"webhook {url!r}: {parts.hostname} resolves to non-public address {ip}; refused "
                             f"(use --allow-private for a hook on this machine or your network)")
    return url.strip()


def _anchor(store: SQLiteStore, story: str) -> str:
    """An article of the story named by a story, version group or article id."""
    conn = store.conn
    try:
        row = conn.execute("SELECT article_id FROM memberships WHERE article_id = ?", (story,)).fetchone() or \
            conn.execute("SELECT article_id FROM memberships WHERE version_group = ? ORDER BY article_id LIMIT 1",
                         (story,)).fetchone() or \
            conn.execute("SELECT article_id FROM memberships WHERE story = ? ORDER BY article_id LIMIT 1",
                         (story,)).fetchone()
    except sqlite3.OperationalError as exc:
        raise NotFound(f"no story {story!r}: this database has not been linked") from exc
    if row is None:
        raise NotFound(f"no story, version group or linked article {story!r} in {store.path}")
    return str(row[0])


def add_alert(store: SQLiteStore, webhook: str, *, query: str | None = None, story: str | None = None,
              allow_private: bool = False) -> Alert:
    query = " ".join((query or "").split()) or None
    story = (story or "").strip() or None
    if (query is None) == (story is None):
        raise AlertError("an alert needs exactly one of a query (words) or a story id")
    if query is not None:
        parse_query(query)  # refuses a query with no words now, not at the first ingest
    url = check_webhook(webhook, allow_private=allow_private)
    anchor = _anchor(store, story) if story else None
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM alerts WHERE active = 1 LIMIT 1").fetchone() is None:
            # nothing was watching: what is stored already is not news to this alert
            conn.execute("INSERT OR REPLACE INTO alert_state (key, value) VALUES"
                         " ('scanned_seq', (SELECT COALESCE(MAX(seq), 0) FROM articles))")
        cur = conn.execute("INSERT INTO alerts (webhook, query, story, anchor, allow_private, active, created_at)"
                           " VALUES (?, ?, ?, ?, ?, 1, ?)", (url, query, story, anchor, int(allow_private),
                                                             iso(now_utc())))
        alert_id = int(cur.lastrowid or 0)
    return get_alert(store, alert_id)


def _alert(row: sqlite3.Row | tuple[Any, ...]) -> Alert:
    r = tuple(row)
    return Alert(int(r[0]), r[1], r[2], r[3], r[4], bool(r[5]), bool(r[6]), r[7])


_COLUMNS = "id, webhook, query, story, anchor, allow_private, active, created_at"


def get_alert(store: SQLiteStore, alert_id: int) -> Alert:
    row = store.conn.execute(f"SELECT {_COLUMNS} FROM alerts WHERE id = ?", (alert_id,)).fetchone()
    if row is None:
        raise NotFound(f"no alert {alert_id} in {store.path}")
    return _alert(row)


def list_alerts(store: SQLiteStore, *, active_only: bool = False) -> list[Alert]:
    sql = f"SELECT {_COLUMNS} FROM alerts" + (" WHERE active = 1" if active_only else "") + " ORDER BY id"
    return [_alert(r) for r in store.conn.execute(sql)]


def has_active(store: SQLiteStore) -> bool:
    try:
        return store.conn.execute("SELECT 1 FROM alerts WHERE active = 1 LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:  # a database from before the alerts migration, opened read-only
        return False


def remove_alert(store: SQLiteStore, alert_id: int) -> dict[str, Any]:
    """Stop an alert: it fires no more and its undelivered POSTs are dropped; what was delivered
    stays listed under deliveries."""
    get_alert(store, alert_id)
    with store.transaction() as conn:
        conn.execute("UPDATE alerts SET active = 0 WHERE id = ?", (alert_id,))
        dropped = conn.execute("DELETE FROM alert_outbox WHERE alert_id = ? AND status != 'delivered'",
                               (alert_id,)).rowcount
    return {"id": alert_id, "active": False, "dropped": dropped}


def enqueue(store: SQLiteStore, rows: list[tuple[int, str, str, dict[str, Any]]]) -> int:
    """Outbox rows (alert, article, content hash, payload); returns how many were new."""
    stamp = iso(now_utc())
    added = 0
    with store.transaction() as conn:
        for alert_id, article_id, content_hash, payload in rows:
            cur = conn.execute("INSERT OR IGNORE INTO alert_outbox (alert_id, article_id, content_hash, payload,"
                               " status, attempts, next_try, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)",
                               (alert_id, article_id, content_hash, json.dumps(payload, ensure_ascii=False),
                                stamp, stamp))
            added += cur.rowcount
    return added


def unscanned(store: SQLiteStore) -> tuple[list[str], int]:
    """Ids of the articles stored after the cursor (in seq order) and the seq to advance it to."""
    row = store.conn.execute("SELECT value FROM alert_state WHERE key = 'scanned_seq'").fetchone()
    start = int(row[0]) if row else 0
    top = int(store.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0])
    ids = [r[0] for r in store.conn.execute("SELECT id FROM articles WHERE seq > ? AND seq <= ? ORDER BY seq",
                                            (start, top))]
    return ids, top


def advance(store: SQLiteStore, top: int) -> None:
    with store.transaction() as conn:
        conn.execute("INSERT INTO alert_state (key, value) VALUES ('scanned_seq', ?) ON CONFLICT(key) DO UPDATE"
                     " SET value = MAX(value, excluded.value)", (top,))


def deliveries(store: SQLiteStore, *, alert_id: int | None = None, status: str | None = None,
               limit: int = 200) -> list[dict[str, Any]]:
    """Outbox rows, newest first, without their payloads."""
    where, args = [], []  # type: ignore[var-annotated]
    if alert_id is not None:
        where.append("o.alert_id = ?")
        args.append(alert_id)
    if status:
        where.append("o.status = ?")
        args.append(status)
    sql = ("SELECT o.id, o.alert_id, a.webhook, o.article_id, o.status, o.attempts, o.next_try, o.last_status,"
           " o.last_error, o.created_at, o.delivered_at FROM alert_outbox o JOIN alerts a ON a.id = o.alert_id"
           + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY o.id DESC LIMIT ?")
    keys = ("id", "alert_id", "webhook", "article_id", "status", "attempts", "next_try", "last_status",
            "last_error", "created_at", "delivered_at")
    return [dict(zip(keys, tuple(r))) for r in store.conn.execute(sql, (*args, limit))]


def payload_of(store: SQLiteStore, outbox_id: int) -> dict[str, Any]:
    row = store.conn.execute("SELECT payload FROM alert_outbox WHERE id = ?", (outbox_id,)).fetchone()
    if row is None:
        raise NotFound(f"no delivery {outbox_id} in {store.path}")
    return json.loads(row[0])  # type: ignore[no-any-return]


def later(t: datetime, seconds: float) -> str:
    return iso(t + timedelta(seconds=seconds))
