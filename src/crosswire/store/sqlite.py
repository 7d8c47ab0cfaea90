"""The SQLite store: WAL, foreign keys, versioned schema, idempotent batched upserts.

Every write happens inside a transaction that covers whole articles (row, sentences,
boilerplate, embedding), so a crash or ``kill -9`` never leaves half an article, and a
re-run skips what is already there.
"""
from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..article import Article, Boilerplate, Dateline, Sentence
from ..errors import CrosswireError, InputError, NotFound
from .compact import pack_vector, register, unpack_vector, unpack_vectors
from .periods import period_bounds
from .schema import MIGRATIONS

log = logging.getLogger("crosswire.store")
UpsertStatus = Literal["added", "updated", "unchanged"]
BUSY_TIMEOUT_MS = 60_000
#: Bytes per page of a new database.  An article row is ~3 KB (pickups-dev): one fits a 4 KB
#: page and leaves a fifth of it empty.  16 KB pages made the first 2,000 pickups-dev docs'
#: database 17.3 -> 16.7 MB (8 KB: no change, 32 KB: 17.0 MB); SQLite's default is 4 KB.
PAGE_SIZE = 16384
#: A bulk load: an ingest that stored at least this share of the database's articles, and at
#: least ``BULK_LEAST`` of them, is followed by :meth:`SQLiteStore.compact_after` -- it wrote most
#: of the file anyway, so rewriting it costs about as much again (pickups-dev, 9,934 docs into an
#: empty file: 83.4 -> ~80 MB, the b-tree slack of rows inserted out of key order and the
#: full-text index's repeated term lists).  A watch round or a small upload into a large
#: database would rewrite gigabytes for a few articles: never then.
BULK_SHARE = 0.5
BULK_LEAST = 1000


#: ``articles`` rows whose outlet or wire (``metadata.wire``) contains a name, spaces ignored
#: ("prnewswire" finds "PR Newswire"); ``{a}`` is the table alias with its dot. Both are stored
#: from what the text names (text/outlets.py).
OUTLET_MATCH = ("(REPLACE({a}outlet, ' ', '') LIKE ? ESCAPE '\\'"
                " OR REPLACE(json_extract({a}metadata, '$.wire'), ' ', '') LIKE ? ESCAPE '\\')")


def like_pattern(name: str) -> str:
    """``%name%`` for LIKE without spaces, with LIKE's own wildcards in ``name`` taken literally."""
    name = "".join(name.split())
    return "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

class StoreError(CrosswireError):
    """The database file cannot be opened or is newer than this crosswire."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SQLiteStore:
    """Articles and everything derived from them in one SQLite file."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._lock = threading.RLock()
        try:
            if read_only:
                uri = Path(self.path).resolve().as_uri() + "?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            else:
                self.conn = sqlite3.connect(self.path, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open database: {exc}") from exc
        self.conn.row_factory = sqlite3.Row
        register(self.conn)
        self.conn.execute("PRAGMA foreign_keys = ON")
        # a writer waits for another's transaction instead of failing with "database is locked";
        # the longest one is a link batch of a few hundred articles (well under a second on the
        # 2-core dev box), so a minute only runs out when something is stuck
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only:
            # takes effect on a new file only (before its first write): see PAGE_SIZE
            self.conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.migrate()
        self._depth = 0

    # ---- schema -------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Each migration in one write transaction that first re-reads the version: two processes
        opening a new file at once would otherwise both run migration 1."""
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise StoreError(f"{self.path}: schema version {version} is newer than this crosswire "
                             f"({len(MIGRATIONS)}); upgrade crosswire")
        while version < len(MIGRATIONS):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                version = self.schema_version
                if version < len(MIGRATIONS):
                    for statement in _statements(MIGRATIONS[version]):
                        self.conn.execute(statement)
                    version += 1
                    self.conn.execute(f"PRAGMA user_version = {version}")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    # ---- transactions -------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self._depth = 1
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")
            finally:
                self._depth = 0

    def close(self) -> None:
        self.conn.close()

    # ---- articles -----------------------------------------------------------------------
    def status_of(self, article_id: str, content_hash: str) -> UpsertStatus:
        row = self.conn.execute("SELECT content_hash FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return "added"
        return "unchanged" if row[0] == content_hash else "updated"

    def upsert(self, articles: Iterable[Article]) -> list[tuple[str, UpsertStatus]]:
        """Write articles in one transaction; unchanged ones are left alone."""
        out: list[tuple[str, UpsertStatus]] = []
        with self.transaction() as conn:
            seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]
            for a in articles:
                status = self.status_of(a.id, a.content_hash)
                if status != "unchanged":
                    if status == "updated":
                        conn.execute("DELETE FROM articles WHERE id = ?", (a.id,))
                    seq += 1
                    self._insert(conn, a, seq)
                out.append((a.id, status))
        return out

    def _insert(self, conn: sqlite3.Connection, a: Article, seq: int) -> None:
        start, end = period_bounds(a.published)
        conn.execute(
            "INSERT INTO articles (id, content_hash, source, url, outlet, title, text, published, date_precision,"
            " published_start, published_end, language, language_confidence, dateline, metadata, ingested_at, seq)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, a.content_hash, a.source, a.url, a.outlet, a.title, a.text, a.published, a.date_precision,
             start, end, a.language, a.language_confidence,
             json.dumps(a.dateline.to_dict(), ensure_ascii=False) if a.dateline else None,
             json.dumps(a.metadata, ensure_ascii=False, default=str), _now(), seq))
        # offsets only: the texts are slices of articles.text (the sentences/boilerplate views)
        conn.execute("INSERT INTO article_spans (article_id, sentences, boilerplate) VALUES (?,?,?)",
                     (a.id, json.dumps([[s.start, s.end, s.paragraph] for s in a.sentences], separators=(",", ":")),
                      json.dumps([[b.start, b.end, b.kind] for b in a.boilerplate], separators=(",", ":"))
                      if a.boilerplate else None))
        if a.embedding is not None and a.embedding_model:
            self._put_embedding(conn, a.id, a.embedding_model, a.embedding)

    def put_embedding(self, article_id: str, model: str, vector: np.ndarray) -> None:
        with self.transaction() as conn:
            self._put_embedding(conn, article_id, model, vector)

    @staticmethod
    def _put_embedding(conn: sqlite3.Connection, article_id: str, model: str, vector: Any) -> None:
        v = np.asarray(vector, dtype=np.float32).ravel()
        conn.execute("INSERT OR REPLACE INTO embeddings (article_id, model, dim, vector) VALUES (?,?,?,?)",
                     (article_id, model, int(v.shape[0]), pack_vector(v)))

    def embeddings(self, model: str, ids: Iterable[str] | None = None) -> tuple[list[str], np.ndarray]:
        if ids is None:
            rows = self.conn.execute("SELECT article_id, dim, vector FROM embeddings WHERE model = ?"
                                     " ORDER BY article_id", (model,)).fetchall()
        else:
            wanted = list(ids)
            rows = [r for chunk in chunks(wanted) for r in self.conn.execute(
                f"SELECT article_id, dim, vector FROM embeddings WHERE model = ? AND article_id IN"
                f" ({','.join('?' * len(chunk))})", (model, *chunk))]
        if not rows:
            return [], np.zeros((0, 0), dtype=np.float32)
        dims = {int(r[1]) for r in rows}
        if len(dims) == 1:
            return [r[0] for r in rows], unpack_vectors([r[2] for r in rows], dims.pop())
        return [r[0] for r in rows], np.vstack([unpack_vector(r[2], int(r[1])) for r in rows])

    def get(self, article_id: str) -> Article:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id!r} in {self.path}")
        return self._article(row, full=True)

    def exists(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def articles(self, *, language: str | None = None, since: str | None = None, until: str | None = None,
                 limit: int | None = None, offset: int = 0, full: bool = False,
                 order: str = "published", outlet: str | None = None) -> list[Article]:
        """Articles filtered by language, date and outlet; ``since``/``until`` match any overlap of the
        period, ``outlet`` any part of the outlet's or the wire's name, in any case."""
        where, args = [], []
        if language:
            where.append("language = ?")
            args.append(language)
        if outlet:
            where.append(OUTLET_MATCH.format(a=""))
            args += [like_pattern(outlet)] * 2
        if since:
            where.append("published_end >= ?")
            args.append(period_bounds(since)[0])
        if until:
            where.append("published_start <= ?")
            args.append(period_bounds(until)[1])
        sql = "SELECT * FROM articles" + (" WHERE " + " AND ".join(where) if where else "")
        sql += (" ORDER BY published_start IS NULL, published_start, seq" if order == "published" else " ORDER BY seq")
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [self._article(r, full=full) for r in self.conn.execute(sql, args)]

    def compact_after(self, stored: int, *, least: int = BULK_LEAST) -> bool:
        """After an ingest that stored ``stored`` articles: if that was a bulk load (see
        ``BULK_SHARE``), merge the full-text index into one segment and VACUUM; True if done."""
        if self.read_only or stored < least or stored < BULK_SHARE * self.count():
            return False
        try:
            with self.transaction() as conn:
                conn.execute("INSERT INTO article_fts(article_fts) VALUES ('optimize')")
            # the merged segment is written before the old ones are freed: only VACUUM gives the
            # pages back to the file system (an optimize alone grew pickups-dev's file by 4 MB)
            self.conn.execute("VACUUM")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")   # VACUUM went through the WAL
        except sqlite3.OperationalError as exc:
            # another process reads or writes the file (busy past the timeout): compacting is
            # worth a little space, not a failed ingest -- the next bulk load does it; said in
            # the log, so a failure that is not "busy" (a full disk) is not silent
            log.warning("%s: not compacted after a bulk load (%s)", self.path, exc)
            return False
        return True

    def count(self, table: str = "articles") -> int:
        if table not in {"articles", "sentences", "boilerplate", "embeddings", "ingest_errors"}:
            raise ValueError(table)
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def _article(self, row: sqlite3.Row, *, full: bool) -> Article:
        dl = json.loads(row["dateline"]) if row["dateline"] else None
        a = Article(text=row["text"], id=row["id"], source=row["source"] or "", title=row["title"], url=row["url"],
                    outlet=row["outlet"], published=row["published"], date_precision=row["date_precision"],
                    language=row["language"], language_confidence=row["language_confidence"] or 0.0,
                    dateline=Dateline(**dl) if dl else None, metadata=json.loads(row["metadata"] or "{}"))
        if full:
            spans = self.conn.execute("SELECT sentences, boilerplate FROM article_spans WHERE article_id = ?",
                                      (a.id,)).fetchone()
            text = a.text
            if spans is not None:
                a.sentences = [Sentence(text[s:e], s, e, p) for s, e, p in json.loads(spans[0])]
                a.boilerplate = [Boilerplate(text[s:e], s, e, k) for s, e, k in json.loads(spans[1] or "[]")]
        return a

    # ---- errors -------------------------------------------------------------------------
    def record_error(self, error: InputError) -> None:
        with self.transaction() as conn:
            # UNIQUE treats NULLs as distinct, so a re-run would log a file-level error (no line,
            # no field) again: the same error is looked up with IS, which matches NULL to NULL
            conn.execute("INSERT INTO ingest_errors (source, line, field, error, at) SELECT ?, ?, ?, ?, ?"
                         " WHERE NOT EXISTS (SELECT 1 FROM ingest_errors WHERE source = ? AND line IS ?"
                         " AND field IS ? AND error = ?)",
                         (error.source, error.line, error.field, error.reason, _now(),
                          error.source, error.line, error.field, error.reason))

    def errors(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT source, line, field, error, at FROM ingest_errors ORDER BY id")]


def _statements(script: str) -> Iterator[str]:
    """A migration script's statements, one by one (a trigger body's ';' does not end one)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer
            buffer = ""
    if buffer.strip():
        yield buffer


#: Ids per ``IN (...)`` list: well under SQLite's bound on host parameters (32,766 since 3.32,
#: 999 before).
IN_CHUNK = 500


def chunks(items: Sequence[str], n: int = IN_CHUNK) -> Iterator[Sequence[str]]:
    """``items`` in slices of ``n``, for queries with an ``IN (...)`` list of ids."""
    for i in range(0, len(items), n):
        yield items[i:i + n]
