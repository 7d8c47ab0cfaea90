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

import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..article import Article
from ..store import SQLiteStore
from . import copies, recall, semantic
from .flush import build_batch
from .grouping import Clusters
from .index import UNDATED, Entry, WindowIndex, day_number
from .scoring import Edge, dates_compatible, layout_similarity, translation_score
from .signature import Signature, article_signature, body_text, day_of
from .state import LinkConfig, LinkState
from .store import Batch, LeaseLost, LinkStore, dumps
from .stories import Stories
from .story_evidence import StoryEvidence
from .writers import POLL_SECONDS, Notice, Writers
from .story_meaning import StoryMeaning

__all__ = ["LinkConfig", "Linker"]


class Linker:
    """The link state of one database and the algorithm that extends it.

    Any number of processes may hold a Linker on one file: the one holding the link lease links
    every stored, unlinked article in storing order; the others store and wait (:mod:`.writers`).
    ``notice`` hears, once per change, that this one waits for another process."""

    def __init__(self, store: SQLiteStore, *, embedder: str | None = None, config: LinkConfig | None = None,
                 catch_up: bool = True, notice: Notice | None = None) -> None:
        self.store = store
        self.db = LinkStore(store)
        self.config = config or LinkConfig()
        self.embedder_name = embedder
        self.writers = Writers(self.db, notice)
        self.stats: Counter[str] = Counter()
        self.started = time.perf_counter()
        self._reset()
        self.state.load()
        if catch_up:
            self.catch_up()

    def _reset(self) -> None:
        """Empty in-memory state (before a load from the database)."""
        self.state = LinkState(self.config, self.db)
        self.story_evidence = StoryEvidence(self.state, self.config.story_window_days)
        # stories by embedding where names and figures are too few (headlines, leads)
        self.meaning = StoryMeaning(self.state, self.embedder_name, self.store.embeddings,
                                    self.db.articles)

    # the parts of the state the algorithm below works on most
    @property
    def index(self) -> WindowIndex:
        return self.state.index

    @property
    def clusters(self) -> Clusters:
        return self.state.clusters

    @property
    def stories(self) -> Stories:
        return self.state.stories

    def entry_of(self, doc: str, *, stored: bool = False) -> Entry | None:
        return self.state.entry_of(doc, stored=stored)

    def hold(self, *, wait: bool) -> bool:
        """Hold the link lease (``wait``: until it is free), with the state other processes left."""
        if not self.writers.hold(wait=wait):
            return False
        if self.writers.stale():
            # read the epoch first: what is loaded after it is at least that new
            self.db.epoch = self.db.read_epoch()
            self._reset()
            self.state.load()
            self.stats["reloaded"] += 1
        return True

    def close(self) -> None:
        """Let another process link (the lease goes with the process anyway)."""
        self.db.lease.release()

    # ---- the public interface -------------------------------------------------------------
    def catch_up(self) -> int:
        """Link what is stored but not linked (an interrupted run, ``--no-link``, another
        writer's articles) when this process may link; the count linked from the database."""
        if not self.hold(wait=False):
            return 0
        before = self.stats["caught_up"]
        self._link_stored([])
        return self.stats["caught_up"] - before

    def add(self, articles: Iterable[Article]) -> None:
        """Link ``articles``, just stored by this process (with whatever other writers stored
        before them); while another process links, they wait for it."""
        articles = list(articles)
        if not self.hold(wait=False):
            self.writers.defer([a.id for a in articles])
            return
        try:
            if self.writers.others_wrote():
                self._link_stored(articles)
            else:   # nobody else wrote since: the unlinked articles are these
                self._add(articles)
        except LeaseLost:
            self._lost()

    def _link_stored(self, fresh: list[Article]) -> None:
        """Every unlinked article, in storing order: ours from memory, others' from the database."""
        mine = {a.id: a for a in fresh}
        rows = self.writers.unlinked()
        for start in range(0, len(rows), 256):
            part = rows[start:start + 256]
            wanted = [d for d, _seq, h in part if d not in mine or mine[d].content_hash != h]
            stored = {a.id: a for a in self.db.articles(wanted, self.embedder_name)}
            self._add([stored.get(d) or mine[d] for d, _seq, _h in part])
            self.stats["caught_up"] += len(wanted)
            self.writers.linked_up_to(part[-1][1])

    def _lost(self) -> None:
        self.writers.lost()
        self.state.log = Batch()
        self.state.pending.clear()

    def _add(self, articles: list[Article]) -> None:
        for article in articles:
            if self.state.pending and self._pushes_out_pending(article):
                self.flush()  # placing a group in its story needs its neighbours still indexed
            self._link(article)
        self.flush()

    def _pushes_out_pending(self, article: Article) -> bool:
        """Would this article move the horizon past an article of the batch not yet flushed?
        (Undated ones leave memory by count, not by date.)"""
        day = day_number(day_of(article.published))
        limit = day - self.config.horizon_days
        return day > self.index.newest_day and any(UNDATED != e.day < limit for e in self.state.pending.values())

    def finish(self) -> dict[str, Any]:
        """Everything this process stored ends linked, by it or by the process linking; the lease
        is let go. Returns the database's link summary."""
        while not self.hold(wait=False):
            if not self.writers.deferred_unlinked():
                break   # the holder linked them
            if self.writers.waiting is not None:
                self.writers.waited(self.writers.waiting, wait=True)
            time.sleep(POLL_SECONDS)
        else:
            try:
                self._link_stored([])
            except LeaseLost:
                self._lost()
        self.close()
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
            self.state.forget([doc])
        self.stats["linked"] += 1
        twin = self._exact_twin(sig)
        entry = self.state.pending[doc] = self.index.add(sig, exact_copy=twin is not None,
                                                         vector=self.meaning.index_vector(article))
        self.state.log.signatures.append((doc, sig.published, entry.seq, dumps(sig.to_row(text=False))))
        if article.embedding is not None:  # a short text: read again, or its fallback vector kept
            self.meaning.note(article, sig.length)
        self.clusters.add_doc(doc, self.state.key(sig))
        if twin is not None:
            return self._exact(twin, doc)
        old = (article.metadata or {}).get("revision_of")
        if isinstance(old, str) and old != doc:  # a watched page's edit: its source's own text, same group
            self.state.load_stored([old], groups=False)
            if old in self.clusters.parent and self._hard(Edge(old, doc, "revision", 1.0, {
                    "revision": article.metadata.get("revision"), "url": article.url})):
                return
        copy = self._copy_of(entry)
        # no date, no window; or a date the stream has left behind (an archive out of order),
        # whose versions may have left memory: ask the whole database (FTS5)
        asks = entry.day == UNDATED or self.index.behind_horizon(entry.day)
        if copy is None and asks:
            self.state.load_stored(recall.copy_candidates(self.db.conn, body_text(article)), groups=False)
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
            self.state.load_stored(recall.feature_candidates(self.db.conn, rare, exclude=doc))
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
            self.state.log.hard.append((edge.a, edge.b, edge.kind, edge.score, dumps(edge.evidence)))
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
            if vectors is not None and edge.kind == "translation":
                cosine = near.get(key, vectors.cosine(entry.key, key))
                if semantic.refutes(cosine):
                    continue  # their embeddings say these are two texts, whatever the layout says
                if edge.score >= semantic.MIN_EVIDENCE:
                    edge.score = round(edge.score + semantic.bonus(cosine), 4)
            if edge.score >= self.config.floor:
                self.state.log.edges.append((other.sig.article_id, doc, edge.kind, edge.score, "{}"))
                self.state.remember_edge(other.sig.article_id, doc, edge.kind, edge.score, 0.0)

    # ---- persisting -----------------------------------------------------------------------
    def flush(self) -> None:
        """Drain the change log into rows (one transaction), then let the horizon move."""
        log = self.state.log
        build_batch(self.state, self.story_evidence, self.meaning)
        if any((log.signatures, log.memberships, log.state, log.group_stories, log.forget)):
            self.db.write(log)
        self.state.log = Batch()
        self.state.pending.clear()
        self.state.evict()

    def load_stored(self, ids: list[str]) -> None:
        """Stored articles (and their groups) back in memory: a correction's two sides."""
        self.state.load_stored(ids)

    def apply_corrections(self) -> None:
        self.state.apply_corrections()
