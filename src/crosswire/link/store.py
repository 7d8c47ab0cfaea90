"""The linker's tables (schema migration 3) behind a small API over :class:`SQLiteStore`.

Every write of one linker batch goes through :meth:`LinkStore.write` in one transaction:
a ``kill -9`` leaves either the whole batch linked or none of it, and articles that are
stored but not linked (no ``memberships`` row) are picked up by the next run.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..article import Article, Boilerplate, Sentence
from ..errors import CrosswireError
from ..store import SQLiteStore, chunks
from ..store.lease import Lease
from ..store.compact import pack_json, unpack_json, unpack_vector
from .signature import LEAD_CHARS, text_fields

#: Relations that join two articles for good (a copy, a watched page's revision).
HARD_TYPES = ("exact", "near_duplicate", "revision")
_HARD_SQL = "(" + ", ".join(f"'{t}'" for t in HARD_TYPES) + ")"
#: Sort key for "which version came first": a day-precise date beats a month ('2022-11' is
#: taken as its last day), undated comes last, ingestion order breaks ties — within a day
#: too: a date without a time says nothing of the hour, so 16:30 does not come after it.
FIRST_SEEN = ("CASE WHEN a.date_precision IN ('day', 'time') THEN a.published_start "
              "WHEN a.published_end IS NOT NULL THEN a.published_end ELSE '9999' END")
FIRST_SEEN_ORDER = f"substr({FIRST_SEEN}, 1, 10), a.seq"
#: A story's title: its original's title, else that article's first body sentence (the
#: dateline and outlet lines are not sentences), cut to a headline's length.
_FIRST_SENTENCE = "(SELECT s.text FROM sentences s WHERE s.article_id = a.id ORDER BY s.idx LIMIT 1)"
STORY_TITLE = (f"COALESCE(NULLIF(TRIM(a.title), ''), CASE WHEN length({_FIRST_SENTENCE}) > 160"
               f" THEN substr({_FIRST_SENTENCE}, 1, 159) || '…' ELSE {_FIRST_SENTENCE} END, substr(a.text, 1, 120))")


def _head(article_id: str, title: str | None, text: str, sentences: str | None, boilerplate: str | None) -> Article:
    """A stored article cut to what its signature's lead reads: the sentences up to ``LEAD_CHARS``
    of body (all its spans were a third of a resumed linker's reading time), or the boilerplate
    spans where there are no sentences (the lead is then the text less those)."""
    article = Article(text=text, id=article_id, title=title)
    total = 0
    for start, end, paragraph in json.loads(sentences or "[]"):
        if total > LEAD_CHARS:
            break
        article.sentences.append(Sentence(text[start:end], start, end, paragraph))
        total += end - start + 1
    if not article.sentences:
        article.boilerplate = [Boilerplate(text[b:e], b, e, k) for b, e, k in json.loads(boilerplate or "[]")]
    return article


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Loaded:
    signatures: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)
    memberships: dict[str, tuple[str, str]] = field(default_factory=dict)
    hard: list[tuple[str, str, str]] = field(default_factory=list)
    edges: list[tuple[str, str, str, float, str]] = field(default_factory=list)


@dataclass
class Batch:
    """Everything one linker step writes."""

    signatures: list[tuple[str, str | None, int, str]] = field(default_factory=list)
    edges: list[tuple[str, str, str, float, str]] = field(default_factory=list)
    hard: list[tuple[str, str, str, float, str]] = field(default_factory=list)
    memberships: dict[str, tuple[str, str]] = field(default_factory=dict)
    group_stories: dict[str, str] = field(default_factory=dict)
    soft_docs: set[str] = field(default_factory=set)        # docs whose soft relations are rewritten
    soft_relations: list[tuple[str, str, str, float, str]] = field(default_factory=list)
    groups: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)
    state: dict[str, str] = field(default_factory=dict)
    forget: list[str] = field(default_factory=list)         # docs whose edges are dropped (re-ingested)


class LeaseLost(CrosswireError):
    """Another process took the link lease over (this one was taken for dead): nothing of this
    batch was written; its articles stay unlinked for the lease holder to link."""


class LinkStore:
    """Reads anywhere; every write of the link state is fenced: it happens only while ``lease``
    is this process's and the state's ``epoch`` is the one this process last read or wrote, and
    moves the epoch on, so no two processes ever extend the link state from different pasts."""

    def __init__(self, store: SQLiteStore, lease: Lease | None = None) -> None:
        self.store = store
        self.conn = store.conn
        self.lease = lease or Lease(store, "link")
        self.epoch = self.read_epoch()

    def read_epoch(self) -> int:
        return int(self.state("epoch", "0") or 0)

    def data_version(self) -> int:
        """Moves when another connection commits (``PRAGMA data_version``); never for our own."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    @contextmanager
    def fenced(self) -> Iterator[Any]:
        with self.store.transaction() as conn:
            if not self.lease.holds() or self.read_epoch() != self.epoch:
                raise LeaseLost(f"{self.store.path}: another process took over linking")
            conn.execute("INSERT OR REPLACE INTO link_state (key, value) VALUES ('epoch', ?)", (str(self.epoch + 1),))
            yield conn
        self.epoch += 1

    # ---- reading -------------------------------------------------------------------------
    def state(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM link_state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def unlinked(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN memberships m ON m.article_id = a.id"
            " WHERE m.article_id IS NULL ORDER BY a.seq")]

    def unlinked_after(self, seq: int) -> list[tuple[str, int, str]]:
        """(id, seq, content hash) of stored articles without a version group, after ``seq``."""
        return [(r[0], r[1], r[2]) for r in self.conn.execute(
            "SELECT a.id, a.seq, a.content_hash FROM articles a WHERE a.seq > ?"
            " AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.article_id = a.id) ORDER BY a.seq", (seq,))]

    def articles(self, ids: Iterable[str], model: str | None = None) -> Iterator[Article]:
        """Stored articles, with their ``model`` vector where one is stored (the linker's bonus)."""
        ids = list(ids)
        vectors: dict[str, Any] = {}
        if model:
            for part in chunks(ids):
                marks = ",".join("?" * len(part))
                # int8 or float32 (schema 5 packed them): raw float32 bytes of a packed vector were a
                # 129-dimensional nonsense vector that the linker's vector index then refused
                vectors.update((r[0], unpack_vector(r[1], r[2])) for r in self.conn.execute(
                    f"SELECT article_id, vector, dim FROM embeddings WHERE model = ? AND article_id IN ({marks})",
                    (model, *part)))
        for article_id in ids:
            article = self.store.get(article_id)
            if article_id in vectors:
                article.embedding, article.embedding_model = vectors[article_id], model
            yield article

    def load(self, horizon_days: int, undated_keep: int) -> Loaded:
        """Signatures of the recent past and of the newest undated articles, with their links."""
        out = Loaded()
        newest = self.conn.execute("SELECT MAX(day) FROM link_signatures").fetchone()[0]
        rows = []
        if newest:
            since = (date.fromisoformat(newest) - timedelta(days=horizon_days)).isoformat()
            rows += self.conn.execute("SELECT article_id, seq, data FROM link_signatures WHERE day >= ?",
                                      (since,)).fetchall()
        undated = self.conn.execute("SELECT article_id, seq, data FROM link_signatures WHERE day IS NULL"
                                    " ORDER BY seq DESC LIMIT ?", (undated_keep,)).fetchall()
        rows += undated
        # the whole groups of undated articles: a group judged on the members that happen to be
        # recent would take in what its older members refused (an undated report beside a
        # month-dated pickup); a dated article's versions are within days of it, in the horizon
        loaded = {r[0] for r in rows}
        rest = [d for d in self.group_mates([r[0] for r in undated]) if d not in loaded]
        out.signatures = sorted(self._with_text([(r[0], r[1], unpack_json(r[2])) for r in rows])
                                + self.signature_rows(rest), key=lambda r: r[1])
        ids = [r[0] for r in out.signatures]
        wanted = set(ids)
        for part in chunks(ids):
            marks = ",".join("?" * len(part))
            for r in self.conn.execute(f"SELECT article_id, version_group, story FROM memberships"
                                       f" WHERE article_id IN ({marks})", part):
                out.memberships[r[0]] = (r[1], r[2])
            for r in self.conn.execute(f"SELECT a, b, type FROM relations WHERE b IN ({marks})"
                                       f" AND type IN {_HARD_SQL}", part):
                if r[0] in wanted:
                    out.hard.append((r[0], r[1], r[2]))
            for r in self.conn.execute(f"SELECT a, b, kind, score, evidence FROM link_edges WHERE b IN ({marks})",
                                       part):
                if r[0] in wanted:
                    out.edges.append(tuple(r))  # type: ignore[arg-type]
        return out

    def corrections(self) -> list[tuple[str, str, str, str]]:
        return [tuple(r) for r in self.conn.execute(  # type: ignore[misc]
            "SELECT a, b, kind, level FROM corrections ORDER BY created_at")]

    def membership(self, article_id: str) -> tuple[str, str] | None:
        row = self.conn.execute("SELECT version_group, story FROM memberships WHERE article_id = ?",
                                (article_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def group_mates(self, ids: Sequence[str]) -> list[str]:
        """Every article in the version group of any of ``ids`` (those with a group included)."""
        out: list[str] = []
        for part in chunks(list(ids)):
            marks = ",".join("?" * len(part))
            out += [r[0] for r in self.conn.execute(
                "SELECT DISTINCT m.article_id FROM memberships g"
                f" JOIN memberships m ON m.version_group = g.version_group WHERE g.article_id IN ({marks})", part)]
        return list(dict.fromkeys(out))

    def hard_relations(self, ids: Sequence[str]) -> list[tuple[str, str, str]]:
        out = []
        for part in chunks(list(ids)):
            marks = ",".join("?" * len(part))
            out += [tuple(r) for r in self.conn.execute(
                f"SELECT a, b, type FROM relations WHERE type IN {_HARD_SQL}"
                f" AND (a IN ({marks}) OR b IN ({marks}))", (*part, *part))]
        return out  # type: ignore[return-value]

    def edges(self, ids: Sequence[str]) -> list[tuple[str, str, str, float, str]]:
        out = []
        for part in chunks(list(ids)):
            marks = ",".join("?" * len(part))
            out += [tuple(r) for r in self.conn.execute(
                f"SELECT a, b, kind, score, evidence FROM link_edges WHERE a IN ({marks}) OR b IN ({marks})",
                (*part, *part))]
        return out  # type: ignore[return-value]

    def signature_rows(self, ids: Sequence[str]) -> list[tuple[str, int, dict[str, Any]]]:
        out = []
        for part in chunks(list(ids)):
            marks = ",".join("?" * len(part))
            out += [(r[0], r[1], unpack_json(r[2])) for r in self.conn.execute(
                f"SELECT article_id, seq, data FROM link_signatures WHERE article_id IN ({marks})", part)]
        return sorted(self._with_text(out), key=lambda r: r[1])

    def _with_text(self, rows: list[tuple[str, int, dict[str, Any]]]) -> list[tuple[str, int, dict[str, Any]]]:
        """Rows stored without their title and lead (``Signature.to_row(text=False)``: no key
        ``title``) get them back from the article; rows of older versions carry them."""
        missing = [r[0] for r in rows if "title" not in r[2]]
        found: dict[str, dict[str, str]] = {}
        for part in chunks(missing):
            marks = ",".join("?" * len(part))
            for r in self.conn.execute("SELECT a.id, a.title, a.text, s.sentences, s.boilerplate FROM articles a"
                                       f" LEFT JOIN article_spans s ON s.article_id = a.id WHERE a.id IN ({marks})",
                                       part):
                found[r[0]] = text_fields(_head(*r))
        for article_id, _seq, row in rows:
            if "title" not in row:
                # an article deleted since takes its signature with it (ON DELETE CASCADE)
                row.update(found.get(article_id, {"title": ""}))
        return rows

    # ---- writing -------------------------------------------------------------------------
    def add_correction(self, a: str, b: str, kind: str, level: str) -> None:
        a, b = sorted((a, b))
        with self.fenced() as conn:
            conn.execute("INSERT OR REPLACE INTO corrections (a, b, kind, level, created_at) VALUES (?,?,?,?,?)",
                         (a, b, kind, level, now()))

    def write(self, batch: Batch) -> None:
        stamp = now()
        with self.fenced() as conn:
            for part in chunks(batch.forget):
                marks = ",".join("?" * len(part))
                conn.execute(f"DELETE FROM link_edges WHERE a IN ({marks}) OR b IN ({marks})", (*part, *part))
                conn.execute(f"DELETE FROM relations WHERE a IN ({marks}) OR b IN ({marks})", (*part, *part))
            conn.executemany("INSERT OR REPLACE INTO link_signatures (article_id, day, seq, data) VALUES (?,?,?,?)",
                             [(d, day, seq, pack_json(data)) for d, day, seq, data in batch.signatures])
            conn.executemany("INSERT OR REPLACE INTO link_edges (a, b, kind, score, evidence) VALUES (?,?,?,?,?)",
                             batch.edges)
            conn.executemany("INSERT OR REPLACE INTO relations (a, b, type, score, evidence, created_at)"
                             " VALUES (?,?,?,?,?,?)", [(*h, stamp) for h in batch.hard])
            docs = sorted(batch.soft_docs)
            for part in chunks(docs):
                marks = ",".join("?" * len(part))
                conn.execute(f"DELETE FROM relations WHERE type IN ('translation', 'same_story')"
                             f" AND (a IN ({marks}) OR b IN ({marks}))", (*part, *part))
            conn.executemany("INSERT OR IGNORE INTO relations (a, b, type, score, evidence, created_at)"
                             " VALUES (?,?,?,?,?,?)", [(*r, stamp) for r in batch.soft_relations])
            conn.executemany("INSERT OR REPLACE INTO memberships (article_id, version_group, story) VALUES (?,?,?)",
                             [(d, g, s) for d, (g, s) in batch.memberships.items()])
            conn.executemany("UPDATE memberships SET story = ? WHERE version_group = ? AND story != ?",
                             [(s, g, s) for g, s in batch.group_stories.items()])
            self._refresh_groups(conn, sorted(batch.groups | set(batch.group_stories)), stamp)
            self._refresh_stories(conn, sorted(batch.stories), stamp)
            conn.executemany("INSERT OR REPLACE INTO link_state (key, value) VALUES (?,?)",
                             list(batch.state.items()))

    @staticmethod
    def _refresh_groups(conn: Any, gids: list[str], stamp: str) -> None:
        for part in chunks(gids):
            marks = ",".join("?" * len(part))
            conn.execute(f"DELETE FROM version_groups WHERE id IN ({marks})", part)
            conn.execute(
                f"INSERT INTO version_groups (id, story, original, size, languages, first_seen, last_seen, updated_at)"
                f" SELECT m.version_group, MAX(m.story),"
                f"  (SELECT a.id FROM memberships m2 JOIN articles a ON a.id = m2.article_id"
                f"   WHERE m2.version_group = m.version_group ORDER BY {FIRST_SEEN_ORDER} LIMIT 1),"
                f"  COUNT(*), json_group_array(DISTINCT a.language), NULLIF(MIN({FIRST_SEEN}), '9999'),"
                f"  MAX(a.published_end), ?"
                f" FROM memberships m JOIN articles a ON a.id = m.article_id"
                f" WHERE m.version_group IN ({marks}) GROUP BY m.version_group", (stamp, *part))

    @staticmethod
    def _refresh_stories(conn: Any, sids: list[str], stamp: str) -> None:
        for part in chunks(sids):
            marks = ",".join("?" * len(part))
            conn.execute(f"DELETE FROM stories WHERE id IN ({marks})", part)
            conn.execute(
                f"INSERT INTO stories (id, title, groups, size, languages, first_seen, last_seen, updated_at)"
                f" SELECT m.story,"
                f"  (SELECT {STORY_TITLE} FROM memberships m2"
                f"   JOIN articles a ON a.id = m2.article_id WHERE m2.story = m.story ORDER BY {FIRST_SEEN_ORDER} LIMIT 1),"
                f"  COUNT(DISTINCT m.version_group), COUNT(*), json_group_array(DISTINCT a.language),"
                f"  NULLIF(MIN({FIRST_SEEN}), '9999'), MAX(a.published_end), ?"
                f" FROM memberships m JOIN articles a ON a.id = m.article_id"
                f" WHERE m.story IN ({marks}) GROUP BY m.story", (stamp, *part))
