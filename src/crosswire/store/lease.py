"""A named lease row: at most one process at a time does one kind of write (the linker's).

Several processes may write one database (two ``ingest`` runs, ``watch``, ``serve`` uploads,
``link``/``unlink``); storing articles is safe for all of them at once, but the link state is
one story told in one order, so one process at a time extends it. The holder is named by
host, pid and the pid's start time (a recycled pid is not the old holder) and refreshes a
heartbeat whenever it writes. Another process takes the lease over when the holder is gone:
on this host, when its process no longer exists; from another host, when its heartbeat is
older than :data:`STALE_SECONDS`.
"""
from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass

from .sqlite import SQLiteStore

#: A holder on another host whose heartbeat is this old is taken for dead. SQLite's WAL
#: needs every writer on one host (shared memory), so this only guards an unusual setup;
#: set well above the longest gap between two of a holder's batches (a slow feed fetch).
STALE_SECONDS = 600.0


@dataclass(frozen=True)
class Holder:
    host: str
    pid: int
    started: str        # the pid's start time (Linux: /proc/PID/stat field 22), '' when unknown
    heartbeat: float

    @property
    def token(self) -> str:
        return f"{self.host}:{self.pid}:{self.started}"


def _start_time(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            # the command name (field 2) may hold spaces and parentheses: count after its last ')'
            return f.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _alive(holder: Holder, host: str) -> bool:
    if holder.host != host:
        return time.time() - holder.heartbeat < STALE_SECONDS
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's live process
    return not holder.started or _start_time(holder.pid) in ("", holder.started)


def me() -> Holder:
    pid = os.getpid()
    return Holder(socket.gethostname(), pid, _start_time(pid), time.time())


class Lease:
    """``try_acquire()`` is None when this process holds the lease, else the live holder."""

    def __init__(self, store: SQLiteStore, name: str) -> None:
        self.store = store
        self.name = name
        self.mine = me()
        self.held = False

    def current(self) -> Holder | None:
        row = self.store.conn.execute("SELECT host, pid, started, heartbeat FROM leases WHERE name = ?",
                                      (self.name,)).fetchone()
        return Holder(row[0], int(row[1]), row[2], float(row[3])) if row else None

    def try_acquire(self) -> Holder | None:
        with self.store.transaction() as conn:
            holder = self.current()
            if holder is not None and holder.token != self.mine.token and _alive(holder, self.mine.host):
                self.held = False
                return holder
            conn.execute("INSERT OR REPLACE INTO leases (name, host, pid, started, heartbeat) VALUES (?,?,?,?,?)",
                         (self.name, self.mine.host, self.mine.pid, self.mine.started, time.time()))
        self.held = True
        return None

    def holds(self) -> bool:
        """Inside a write transaction: is the row still ours? Refreshes the heartbeat if so."""
        holder = self.current()
        if holder is None or holder.token != self.mine.token:
            self.held = False
            return False
        self.store.conn.execute("UPDATE leases SET heartbeat = ? WHERE name = ?", (time.time(), self.name))
        return True

    def release(self) -> None:
        if not self.held:
            return
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM leases WHERE name = ? AND host = ? AND pid = ? AND started = ?",
                         (self.name, self.mine.host, self.mine.pid, self.mine.started))
        self.held = False
