"""The streaming linker: ``Linker(store).add(articles)`` after each stored batch, ``finish()`` at the end.

Per article, cheapest evidence first:

1. exact copy (normalised-text hash)                      -> joins its twin, nothing else done
2. copy: shared sentence hashes / lead MinHash, figures    -> joins the copied text's unit
3. translation candidates from the feature postings of the time window, scored on
   language-independent evidence; the neighbourhood is re-clustered under the
   one-version-per-(language, source) constraint
4. stories: version groups that share event-specific names, figures and URLs, placed by
   average link against the stories of the groups they share them with (:mod:`.stories`)

State lives in SQLite (one transaction per batch); the in-memory indexes cover the time
horizon and are rebuilt from the database when a linker opens.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..article import Article
from ..store import SQLiteStore
from . import copies, recall, semantic
from .grouping import Clusters
from .index import UNDATED, Entry, WindowIndex, day_number
from .scoring import Edge, dates_compatible, layout_similarity, translation_score
from .signature import Signature, article_signature, body_text, day_of
from .store import Batch, LinkStore, dumps
from .stories import Stories
from .story_evidence import StoryEvidence
from .story_meaning import StoryMeaning
from .structure import VersionTest


@dataclass
class LinkConfig:
    window_days: int = 3            # versions of one text are published within this many days
    horizon_days: int = 30          # articles kept in memory as candidates
    undated_keep: int = 5000        # undated articles kept as candidates (newest first)
    late_keep: int = 20000          # articles dated before the horizon (out of order) kept likewise
    threshold: float = 0.07         # translation score that joins two units into one group
    floor: float = 0.05             # weaker candidate edges are not kept at all
    story_threshold: float = 4      # weighted names/figures/URLs specific to two groups that link them in a story
    story_window_days: int = 7
    day_decay: float = 0.6          # translation score factor per day between two articles
    max_candidates: int = 16        # best-scored candidates per article that get a full score
    minhash: bool = True


class Linker:
    def __init__(self, store: SQLiteStore, *, embedder: str | None = None, config: LinkConfig | None = None,
                 catch_up: bool = True) -> None:
        self.store = store
        self.db = LinkStore(store)
        self.config = config or LinkConfig()
        self.embedder_name = embedder
        c = self.config
        self.index = WindowIndex(window_days=c.window_days, horizon_days=c.horizon_days,
                                 undated_keep=c.undated_keep, late_keep=c.late_keep,
                                 use_minhash=c.minhash)
        self.clusters = Clusters(c.threshold, lambda: self._new_id("group"))
        # scores join texts that share facts; this keeps out those that do not share the text
        # (members that left memory before the flush that drops them are read back from the store)
        self.clusters.fits = self.version_test = VersionTest(self.index, self.clusters,
                                                             lambda d: self.entry_of(d, stored=True))
        self.stories = Stories(lambda: self._new_id("story"))
        self.story_evidence = StoryEvidence(self)
        self.meaning = StoryMeaning(self)       # stories by embedding where names and figures are too few
        self.pending: dict[str, Entry] = {}     # this batch's articles, even if the horizon drops them
        # doc -> doc -> (kind, version score, story score)
        self.edges: dict[str, dict[str, tuple[str, float, float]]] = {}
        self.doc_story: dict[str, str] = {}
        self.evidence_cache: dict[tuple[str, str], tuple[float, str]] = {}
        self.counters = {k: int(self.db.state(f"next_{k}", "0") or 0) for k in ("group", "story")}
        self.batch = Batch()
        self.stats: Counter[str] = Counter()
        self.started = time.perf_counter()
        self._load()
        if catch_up:
            self.catch_up()

    # ---- state ----------------------------------------------------------------------------
    def _new_id(self, kind: str) -> str:
        self.counters[kind] += 1
        self.batch.state[f"next_{kind}"] = str(self.counters[kind])
        return f"{'g' if kind == 'group' else 's'}{self.counters[kind]}"

    def _load(self) -> None:
        loaded = self.db.load(self.config.horizon_days, self.config.undated_keep)
        for article_id, seq, row in loaded.signatures:
            sig = Signature.from_row(article_id, row)
            twin = any(k in self.index.entries for k in self.index.by_hash.get(sig.norm_hash, ()))
            self.index.add(sig, seq=seq, exact_copy=twin)
            gid, sid = loaded.memberships.get(article_id, (None, None))
            self.clusters.add_doc(article_id, self._key(sig), gid)
            if gid and sid:
                self.doc_story[article_id] = sid
                self.stories.story_of.setdefault(gid, sid)
                self.stories.groups_of[sid].add(gid)
        for a, b, kind in loaded.hard:
            self.clusters.hard[a][b] = self.clusters.hard[b][a] = kind
        for a, b, kind, score, evidence in loaded.edges:
            self._remember_edge(a, b, kind, score, _story_of_row(evidence))
        self._apply_corrections(rebuild=True)
        self.clusters.dirty.clear()
        self.clusters.touched.clear()   # loaded as stored: nothing to write back
        self.stories.dirty.clear()

    def _apply_corrections(self, *, rebuild: bool) -> None:
        """(Re)apply the stored corrections; the latest one for a pair is the one that holds."""
        self.stories.apart.clear()
        self.story_must: list[tuple[str, str]] = []
        self.clusters.cannot.clear()
        for links in self.clusters.hard.values():
            for other in [o for o, kind in links.items() if kind == "must"]:
                del links[other]
        for a, b, kind, level in self.db.corrections():
            if level == "version" and kind == "link":
                self.clusters.hard[a][b] = self.clusters.hard[b][a] = "must"
            elif level == "version":
                self.clusters.cannot[a].add(b)
                self.clusters.cannot[b].add(a)
            elif kind == "link":
                self.story_must.append((a, b))
            elif a in self.clusters.gid_of and b in self.clusters.gid_of:
                self.stories.apart.add(frozenset((self.clusters.gid_of[a], self.clusters.gid_of[b])))
        if rebuild:
            self.clusters.rebuild_units(list(self.clusters.parent))

    @staticmethod
    def _key(sig: Signature) -> tuple[str | None, str]:
        """(language, source): one of each per group.  An unknown language conflicts with nothing."""
        return (sig.language, sig.source) if sig.language else (None, sig.article_id)

    def _remember_edge(self, a: str, b: str, kind: str, score: float, story: float) -> None:
        if kind == "translation":
            self.clusters.add_soft(a, b, score)
        self.edges.setdefault(a, {})[b] = (kind, score, story)
        self.edges.setdefault(b, {})[a] = (kind, score, story)

    def edges_of(self, doc: str) -> Iterable[tuple[str, tuple[str, float, float]]]:
        return self.edges.get(doc, {}).items()

    # ---- the public interface -------------------------------------------------------------
    def catch_up(self) -> int:
        """Link articles that are stored but not linked (an interrupted run, ``--no-link``)."""
        ids = self.db.unlinked()
        for start in range(0, len(ids), 256):
            self.add(list(self.db.articles(ids[start:start + 256])))
        self.stats["caught_up"] += len(ids)
        return len(ids)

    def add(self, articles: Iterable[Article]) -> None:
        for article in articles:
            if self.pending and self._pushes_out_pending(article):
                self.flush()  # placing a group in its story needs its neighbours still indexed
            self._link(article)
        self.flush()

    def _pushes_out_pending(self, article: Article) -> bool:
        """Would this article move the horizon past an article of the batch not yet flushed?
        (Undated ones leave memory by count, not by date.)"""
        day = day_number(day_of(article.published))
        limit = day - self.config.horizon_days
        return day > self.index.newest_day and any(UNDATED != e.day < limit for e in self.pending.values())

    def finish(self) -> dict[str, Any]:
        self.flush()
        conn = self.db.conn
        relations = dict(conn.execute("SELECT type, COUNT(*) FROM relations GROUP BY type").fetchall())
        return {"linked": self.stats["linked"], "exact": self.stats["exact"],
                "near_duplicate": self.stats["near_duplicate"], "scored": self.stats["scored"],
                "caught_up": self.stats["caught_up"],
                "version_groups": conn.execute("SELECT COUNT(*) FROM version_groups").fetchone()[0],
                "stories": conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0],
                "relations": relations, "seconds": round(time.perf_counter() - self.started, 3)}

    # ---- one article --------------------------------------------------------------------
    def _link(self, article: Article) -> None:
        doc = article.id
        sig = article_signature(article)
        known = self.index.get(doc)
        if known is not None and known.sig.norm_hash == sig.norm_hash and doc in self.clusters.gid_of:
            return  # linked already, same text: a second pass adds nothing
        if doc in self.clusters.parent:
            self._forget([doc])
        self.stats["linked"] += 1
        twin = self._exact_twin(sig)
        entry = self.pending[doc] = self.index.add(sig, exact_copy=twin is not None, vector=article.embedding)
        self.batch.signatures.append((doc, sig.published, entry.seq, dumps(sig.to_row())))
        self.clusters.add_doc(doc, self._key(sig))
        if twin is not None:
            return self._exact(twin, doc)
        old = (article.metadata or {}).get("revision_of")
        if isinstance(old, str) and old != doc:  # a watched page's edit: its source's own text, same group
            self._ensure_loaded([old], groups=False)
            if old in self.clusters.parent and self._hard(Edge(old, doc, "revision", 1.0, {
                    "revision": article.metadata.get("revision"), "url": article.url})):
                return
        copy = self._copy_of(entry)
        # no date, no window; or a date the stream has left behind (an archive out of order),
        # whose versions may have left memory: ask the whole database (FTS5)
        asks = entry.day == UNDATED or self.index.behind_horizon(entry.day)
        if copy is None and asks:
            self._ensure_loaded(recall.copy_candidates(self.db.conn, body_text(article)), groups=False)
            if (twin := self._exact_twin(sig)) is not None:  # the original, back from the database
                return self._exact(twin, doc)
            copy = self._copy_of(entry)
        if copy is not None:
            self.stats["near_duplicate"] += 1
            partner = copy.a
            unit = self.clusters.unit_docs[self.clusters.find(partner)]
            longest = max((e.sig.length for d in unit if (e := self.index.get(d)) is not None), default=0)
            joined = self._hard(copy)
            if joined and sig.length <= 1.3 * longest:
                return  # a copy brings no evidence its original does not
        if asks:
            rare = sorted(sig.features, key=lambda f: (self.index.df.get(f, 0), f))[:16]  # ties: not hash order
            self._ensure_loaded(recall.feature_candidates(self.db.conn, rare, exclude=doc))
        self._score(entry)
        if any(s >= self.config.threshold for s in self.clusters.soft.get(doc, {}).values()):
            self.clusters.recluster([doc])
        elif doc not in self.clusters.gid_of:  # nothing to join: a group of its own, no re-clustering
            self.clusters.assign_new(doc)

    def _exact_twin(self, sig: Signature) -> Entry | None:
        return copies.exact_twin(self.index, sig, self.config.window_days, self.clusters.cannot.get(sig.article_id, ()))

    def _copy_of(self, entry: Entry) -> Edge | None:
        return copies.best_copy(self.index, entry, self.config.window_days,
                                self.clusters.cannot.get(entry.sig.article_id, ()))

    def _exact(self, twin: Entry, doc: str) -> None:
        self.stats["exact"] += 1
        self._hard(Edge(twin.sig.article_id, doc, "exact", 1.0, {"normalised_text": "identical"}))

    def _hard(self, edge: Edge) -> bool:
        joined = self.clusters.add_hard(edge.a, edge.b, edge.kind)
        if joined:
            self.batch.hard.append((edge.a, edge.b, edge.kind, edge.score, dumps(edge.evidence)))
        return joined

    def _score(self, entry: Entry) -> None:
        acc, _dfs = self.index.feature_scores(entry)
        # candidates: the best by shared evidence, plus every article laid out like this one
        # (same paragraphs in the same proportions) and the nearest vectors, which may share
        # no name or figure at all
        # ties: the newest first, not the hash order acc was filled in (two sorts in C, no lambda)
        # and per side of the language line: German capitalises every noun, so on a busy day the
        # best by shared "names" are all German and a German release never met its translations
        ranked = sorted(sorted(acc, reverse=True), key=acc.__getitem__, reverse=True)
        lang, entries, most = entry.sig.language, self.index.entries, self.config.max_candidates
        keys = [k for k in ranked if entries[k].sig.language != lang][:most]
        keys += [k for k in ranked if entries[k].sig.language == lang][:most]
        keys += [k for k in self.index.shape_matches(entry)
                 if layout_similarity(entry.sig.shape, self.index.entries[k].sig.shape) > 0]
        vectors = self.index.vectors
        near = dict(vectors.neighbours(entry.key)) if vectors is not None else {}
        keys += [k for k in near if k in self.index.entries]
        if not keys:
            return
        self.stats["scored"] += 1
        doc = entry.sig.article_id
        for key in dict.fromkeys(keys):
            shared = acc.get(key, 0.0)
            other = self.index.entries[key]
            if not dates_compatible(entry, other, self.config.window_days):
                continue
            edge = translation_score(self.index, other, entry, shared, self.config.day_decay)
            if vectors is not None and edge.kind == "translation" and edge.score >= semantic.MIN_EVIDENCE:
                edge.score = round(edge.score + semantic.bonus(near.get(key, vectors.cosine(entry.key, key))), 4)
            if edge.score >= self.config.floor:
                self.batch.edges.append((other.sig.article_id, doc, edge.kind, edge.score, "{}"))
                self._remember_edge(other.sig.article_id, doc, edge.kind, edge.score, 0.0)

    def _ensure_loaded(self, ids: list[str], *, groups: bool = True) -> None:
        """Bring stored articles back into memory as candidates, with their whole groups when
        they may be re-clustered (a copy only joins its original's group: no need then)."""
        missing = [d for d in ids if d not in self.index]
        if not missing:
            return
        wanted = set(missing) | (set(self.db.group_mates(missing)) if groups else set())
        rows = self.db.signature_rows([d for d in wanted if d not in self.index])
        memberships = {d: self.db.membership(d) for d, _seq, _row in rows}
        for article_id, seq, row in rows:
            sig = Signature.from_row(article_id, row)
            twin = any(k in self.index.entries for k in self.index.by_hash.get(sig.norm_hash, ()))
            self.index.add(sig, seq=seq, exact_copy=twin, keep_seq=True)
            gid, sid = memberships.get(article_id) or (None, None)
            self.clusters.add_doc(article_id, self._key(sig), gid)
            if gid and sid:
                self.doc_story[article_id] = sid
                if gid not in self.stories.story_of:
                    self.stories.story_of[gid] = sid
                    self.stories.groups_of[sid].add(gid)
        loaded = [r[0] for r in rows]
        for a, b, kind in self.db.hard_relations(loaded):
            if a in self.clusters.parent and b in self.clusters.parent:
                self.clusters.add_hard(a, b, kind)
        for a, b, kind, score, evidence in self.db.edges(loaded):
            if a in self.clusters.parent and b in self.clusters.parent:
                self._remember_edge(a, b, kind, score, _story_of_row(evidence))
        self.clusters.dirty.difference_update(loaded)

    def _forget(self, docs: list[str]) -> None:
        """A re-ingested article changed: drop what was derived from its old text."""
        for d in docs:
            gid = self.clusters.gid_of.get(d)
            if gid is not None:  # the group it leaves needs its row refreshed (or removed)
                self.clusters.touched.add(gid)
                if gid in self.stories.story_of:
                    self.stories.dirty.add(self.stories.story_of[gid])
            self.index.remove(d)
            self._drop_edges(d)
        self.clusters.forget(docs)
        self.version_test.clear(docs)   # its verdicts were on the old text
        self.batch.forget.extend(docs)

    # ---- persisting -----------------------------------------------------------------------
    def flush(self) -> None:
        from .flush import build_batch

        build_batch(self)
        if any((self.batch.signatures, self.batch.memberships, self.batch.state, self.batch.group_stories,
                self.batch.forget)):
            self.db.write(self.batch)
        self.batch = Batch()
        self.pending.clear()
        self._evict()

    def _drop_edges(self, doc: str) -> None:
        for other in self.edges.pop(doc, {}):
            self.edges.get(other, {}).pop(doc, None)
            self.evidence_cache.pop((doc, other) if doc < other else (other, doc), None)
        self.doc_story.pop(doc, None)

    def _evict(self) -> None:
        """Articles that fell out of the index's horizon leave the clusters too; their rows stay."""
        # one brought back from the database since it was dropped (an undated article's
        # candidate) is in the index again, and stays in the clusters with it
        gone = [d for d in self.index.evicted if d not in self.index]
        self.index.evicted = []
        if not gone:
            return
        for d in gone:
            self._drop_edges(d)
            gid = self.clusters.gid_of.get(d)
            if gid and len(self.clusters.docs_of.get(gid, ())) <= 1:
                self.stories.drop(gid)
        self.clusters.forget(gone)
        self.clusters.touched.clear()
        self.stories.dirty.clear()
        self.stories.moved.clear()

    def correct(self, a: str, b: str, *, link: bool, level: str = "version") -> dict[str, Any]:
        """A user's must-link (``link``) or cannot-link (``unlink``), kept and applied at once."""
        from .corrections import correct

        return correct(self, a, b, link=link, level=level)

    def entry_of(self, doc: str, *, stored: bool = False) -> Entry | None:
        """A signature in memory, else (``stored``) from the database."""
        entry = self.index.get(doc) or self.pending.get(doc)
        if entry is None and stored:
            rows = self.db.signature_rows([doc])
            if rows:
                sig = Signature.from_row(doc, rows[0][2])
                entry = Entry(0, sig, day_number(sig.published), rows[0][1], 0)
        return entry


def _story_of_row(evidence: str) -> float:
    try:
        return float(json.loads(evidence or "{}").get("story", 0.0))
    except (ValueError, TypeError, AttributeError):
        return 0.0
