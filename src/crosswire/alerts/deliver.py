"""Sending the outbox: one POST per row, retried with exponential backoff until the hook answers 2xx.

A row is claimed ('pending' -> 'sending', with a lease) in one UPDATE before it is sent, so two
deliverers (an ingest and ``serve``'s loop, or two processes) never both send it.  A sender that
dies mid-POST leaves its claim to lapse after LEASE_SECONDS; the row is then sent again: the
only case of a second POST, and the ``X-Crosswire-Delivery`` header (the outbox row id) lets the
receiver drop it.  Connections go through crosswire.ingest.fetch's guarded transport, so the
address check is made on the address actually connected to, at every delivery.
"""
from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from ..version import __version__
from ..deps import require
from ..errors import CrosswireError
from ..store import SQLiteStore
from .store import iso, later, now_utc

log = logging.getLogger("crosswire.alerts")

#: first retry after this many seconds, then doubling: a hook restarting within a minute gets its
#: POST on the next try, a hook down for hours is asked about hourly (cap below), not hammered
RETRY_BASE_SECONDS = 30.0
#: longest wait between tries; a hook is never given up on (removing the alert stops it)
RETRY_CAP_SECONDS = 3600.0
#: connect and read timeout of one POST: a hook that hangs must not hold an ingest for long
POST_TIMEOUT_SECONDS = 10.0
#: a claim older than this is taken to be from a crashed sender; well over POST_TIMEOUT_SECONDS
#: (connect + read), so a live sender never loses its row mid-POST
LEASE_SECONDS = 120.0
#: rows one call sends at most (an ingest delivers inline; a backlog drains over later calls)
BATCH = 100
#: seconds an ingest, upload or watch round spends sending before it returns; the rest waits for
#: the next call.  About two POST timeouts: one hanging hook cannot hold an upload much longer
INLINE_BUDGET_SECONDS = 20.0


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    pending: int = 0            # rows still waiting afterwards (including ones not yet due)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def backoff(attempts: int) -> float:
    return float(min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)))


def _client(allow_private: bool) -> Any:
    httpx = require("httpx", "fetch")
    from ..ingest.fetch import AddressPolicy, GuardedTransport

    return httpx.Client(transport=GuardedTransport(AddressPolicy(allow_private)), follow_redirects=False,
                        trust_env=False, timeout=httpx.Timeout(POST_TIMEOUT_SECONDS),
                        headers={"User-Agent": f"crosswire/{__version__} (alerts)",
                                 "Content-Type": "application/json"})


def _claim(store: SQLiteStore, outbox_id: int, now: datetime, force: bool) -> bool:
    stamp = iso(now)
    with store.transaction() as conn:
        cur = conn.execute(
            "UPDATE alert_outbox SET status = 'sending', attempts = attempts + 1, lease_until = ? WHERE id = ?"
            " AND ((status = 'pending' AND (? OR next_try <= ?)) OR (status = 'sending' AND lease_until < ?))",
            (later(now, LEASE_SECONDS), outbox_id, int(force), stamp, stamp))
        return cur.rowcount == 1


def deliver(store: SQLiteStore, *, now: datetime | None = None, force: bool = False, limit: int = BATCH,
            budget: float | None = None) -> DeliveryReport:
    """Send the rows that are due (all pending ones with ``force``); failures wait their backoff.

    A webhook host that fails once is not tried again in the same call (its other rows wait
    untouched), so a hook that is down costs one timeout per call, not one per row; ``budget`` (seconds) stops
    the call early."""
    from ..ingest.fetch import BlockedAddress

    httpx = require("httpx", "fetch")
    report = DeliveryReport()
    moment = now or now_utc()
    stamp = iso(moment)
    due = store.conn.execute(
        "SELECT o.id, o.attempts, o.payload, a.webhook, a.allow_private, o.alert_id FROM alert_outbox o"
        " JOIN alerts a ON a.id = o.alert_id WHERE a.active = 1 AND ((o.status = 'pending' AND (? OR o.next_try <= ?))"
        " OR (o.status = 'sending' AND o.lease_until < ?)) ORDER BY o.id LIMIT ?",
        (int(force), stamp, stamp, limit)).fetchall()
    clients: dict[bool, Any] = {}
    down: set[str] = set()
    started = time.monotonic()
    try:
        for outbox_id, attempts, payload, webhook, allow_private, alert_id in due:
            host = urlsplit(webhook).netloc
            if host in down:
                continue
            if budget is not None and time.monotonic() - started > budget:
                break
            if not _claim(store, outbox_id, moment, force):
                continue  # another deliverer has it
            client = clients.get(bool(allow_private)) or clients.setdefault(bool(allow_private),
                                                                             _client(bool(allow_private)))
            status, error = None, None
            try:
                resp = client.post(webhook, content=json.dumps(json.loads(payload) | {"delivery": outbox_id},
                                                               ensure_ascii=False).encode("utf-8"),
                                   headers={"X-Crosswire-Delivery": str(outbox_id), "X-Crosswire-Alert": str(alert_id)})
                status = resp.status_code
                if not 200 <= status < 300:
                    error = f"HTTP {status} {resp.reason_phrase}".rstrip()
            except BlockedAddress as exc:
                error = exc.reason
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"
            _record(store, outbox_id, moment, attempts + 1, status, error)
            if error is None:
                report.sent += 1
            else:
                down.add(host)
                report.failed += 1
                report.errors.append(f"delivery {outbox_id} to {webhook}: {error}")
    finally:
        for c in clients.values():
            c.close()
    report.pending = int(store.conn.execute(
        "SELECT COUNT(*) FROM alert_outbox WHERE status != 'delivered'").fetchone()[0])
    return report


def _record(store: SQLiteStore, outbox_id: int, moment: datetime, attempts: int, status: int | None,
            error: str | None) -> None:
    with store.transaction() as conn:
        if error is None:
            conn.execute("UPDATE alert_outbox SET status = 'delivered', delivered_at = ?, last_status = ?,"
                         " last_error = NULL, lease_until = NULL WHERE id = ?", (iso(moment), status, outbox_id))
        else:
            conn.execute("UPDATE alert_outbox SET status = 'pending', next_try = ?, last_status = ?, last_error = ?,"
                         " lease_until = NULL WHERE id = ?",
                         (later(moment, backoff(attempts)), status, error[:500], outbox_id))


class DeliveryLoop:
    """``serve``'s background sender: every ``every`` seconds, whatever is due; stops with ``stop()``."""

    def __init__(self, db: str, every: float = RETRY_BASE_SECONDS) -> None:
        self.db, self.every = db, every
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="crosswire-alerts", daemon=True)

    def start(self) -> DeliveryLoop:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.thread.join(timeout=POST_TIMEOUT_SECONDS * 2)

    def _run(self) -> None:
        from .store import has_active

        while not self._stop.wait(self.every):
            try:
                store = SQLiteStore(self.db)
                try:
                    if has_active(store):
                        # sending only: checking what a dead writer left unchecked costs comparisons,
                        # and the next ingest, watch round or `alerts deliver` does it
                        deliver(store)
                finally:
                    store.close()
            except (sqlite3.Error, CrosswireError, OSError):  # a locked or missing db: try next round
                log.exception("alert delivery round failed")
