"""Many processes, one database: which of them links, and what the others stored meanwhile.

Storing is open to every writer at once. Linking is one ordered stream, so one process at a
time holds the ``link`` lease (:mod:`crosswire.store.lease`) and links every article that is
stored but not linked, whoever stored it, in the order they were stored (``seq``). A writer
that does not hold the lease goes on storing; at its end it waits until the holder has linked
what it stored, or takes the lease over and links it itself. A process that takes the lease
after another one linked (the ``epoch`` moved) reloads the link state from the database first.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from ..store.lease import Holder
from .store import LinkStore, chunks

#: How often a waiting writer looks at the lease again. Under a second keeps a short ingest's
#: end prompt; each look is one small transaction.
POLL_SECONDS = 0.25

Notice = Callable[[str], None]


class Writers:
    def __init__(self, db: LinkStore, notice: Notice | None = None) -> None:
        self.db = db
        self.notice = notice
        self.seen = db.data_version()
        self.low = 0                    # every article stored at or before this seq is linked
        self.backlog = True             # others' (or our deferred) articles may wait: ask the database
        self.deferred: set[str] = set()     # stored here while another process linked
        self.waiting: Holder | None = None
        self._said: tuple[str, bool] | None = None

    def hold(self, *, wait: bool) -> bool:
        """Hold the lease (waiting for it when ``wait``); False when another process links."""
        if self.db.lease.held:
            return True
        while (holder := self.db.lease.try_acquire()) is not None:
            self.waiting = holder
            if not wait:
                return False
            self.waited(holder, wait=True)
            time.sleep(POLL_SECONDS)
        self.waiting = self._said = None
        self.backlog = True
        return True

    def stale(self) -> bool:
        """Did another process link since this one last read or wrote the link state?"""
        return self.db.read_epoch() != self.db.epoch

    def others_wrote(self) -> bool:
        """Has any other connection committed since the last look (articles to link, perhaps)?"""
        version = self.db.data_version()
        moved, self.seen = version != self.seen, version
        return moved or self.backlog

    def unlinked(self) -> list[tuple[str, int, str]]:
        rows = self.db.unlinked_after(self.low)
        self.backlog = False
        self.deferred.clear()
        return rows

    def linked_up_to(self, seq: int) -> None:
        self.low = max(self.low, seq)

    def defer(self, ids: list[str]) -> None:
        """Stored here while another process links: it will link them (or we will, later)."""
        self.deferred.update(ids)
        self.backlog = True
        if self.waiting is not None:
            self.waited(self.waiting, wait=False)

    def deferred_unlinked(self) -> bool:
        for part in chunks(sorted(self.deferred)):
            marks = ",".join("?" * len(part))
            if self.db.conn.execute(f"SELECT 1 FROM articles a WHERE a.id IN ({marks}) AND NOT EXISTS"
                                    f" (SELECT 1 FROM memberships m WHERE m.article_id = a.id) LIMIT 1",
                                    part).fetchone():
                return True
        return False

    def lost(self) -> None:
        """The lease went to another process mid-batch: reload before linking again."""
        self.db.lease.held = False
        self.db.epoch = -1
        self.backlog = True

    def waited(self, holder: Holder, *, wait: bool) -> None:
        """Say so once per holder and kind of wait (a progress line, not a log)."""
        key = (holder.token, wait)
        if key == self._said:
            return
        self._said = key
        if self.notice is not None:
            what = "waiting for the link writer" if wait else "storing; linking is done by the link writer"
            self.notice(f"{what} (pid {holder.pid}{'' if holder.host == self.db.lease.mine.host else ' on ' + holder.host})")
