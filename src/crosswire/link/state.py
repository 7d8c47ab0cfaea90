"""The link state of one database, in memory: one object, with a change log.

:class:`LinkState` holds what the linker knows (the window index of signatures, the clusters
that make version groups, the stories, the scored edges between articles) and ``log``, the
:class:`~.store.Batch` of every change since the last write. Persistence drains the log into
rows (:meth:`.store.LinkStore.write`); loading fills the state from the rows of the recent past,
and brings older articles back when an article needs them.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from .grouping import Clusters
from .index import Entry, WindowIndex, day_number
from .signature import Signature
from .store import Batch, LinkStore
from .stories import Stories
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


#: doc -> doc -> (kind, version score, story score)
Edges = dict[str, dict[str, tuple[str, float, float]]]


class LinkState:
    def __init__(self, config: LinkConfig, db: LinkStore) -> None:
        self.config, self.db = config, db
        c = config
        self.index = WindowIndex(window_days=c.window_days, horizon_days=c.horizon_days,
                                 undated_keep=c.undated_keep, late_keep=c.late_keep, use_minhash=c.minhash)
        self.clusters = Clusters(c.threshold, lambda: self.new_id("group"))
        # scores join texts that share facts; this keeps out those that do not share the text
        # (members that left memory before the flush that drops them are read back from the store)
        self.clusters.fits = self.version_test = VersionTest(self.index, self.clusters,
                                                             lambda d: self.entry_of(d, stored=True))
        self.stories = Stories(lambda: self.new_id("story"))
        self.story_must: list[tuple[str, str]] = []
        self.pending: dict[str, Entry] = {}     # this batch's articles, even if the horizon drops them
        self.edges: Edges = {}
        self.doc_story: dict[str, str] = {}
        self.evidence_cache: dict[tuple[str, str], tuple[float, str]] = {}
        # ids come from the database's counters, read under the link lease and written back
        # with the batch that uses them: no other process allocates meanwhile
        self.counters = {k: int(db.state(f"next_{k}", "0") or 0) for k in ("group", "story")}
        self.log = Batch()

    def new_id(self, kind: str) -> str:
        self.counters[kind] += 1
        self.log.state[f"next_{kind}"] = str(self.counters[kind])
        return f"{'g' if kind == 'group' else 's'}{self.counters[kind]}"

    @staticmethod
    def key(sig: Signature) -> tuple[str | None, str]:
        """(language, source): one of each per group.  An unknown language conflicts with nothing."""
        return (sig.language, sig.source) if sig.language else (None, sig.article_id)

    # ---- edges ----------------------------------------------------------------------------
    def remember_edge(self, a: str, b: str, kind: str, score: float, story: float) -> None:
        if kind == "translation":
            self.clusters.add_soft(a, b, score)
        self.edges.setdefault(a, {})[b] = (kind, score, story)
        self.edges.setdefault(b, {})[a] = (kind, score, story)

    def edges_of(self, doc: str) -> Iterable[tuple[str, tuple[str, float, float]]]:
        return self.edges.get(doc, {}).items()

    def drop_edges(self, doc: str) -> None:
        for other in self.edges.pop(doc, {}):
            self.edges.get(other, {}).pop(doc, None)
            self.evidence_cache.pop((doc, other) if doc < other else (other, doc), None)
        self.doc_story.pop(doc, None)

    def entry_of(self, doc: str, *, stored: bool = False) -> Entry | None:
        """A signature in memory, else (``stored``) from the database."""
        entry = self.index.get(doc) or self.pending.get(doc)
        if entry is None and stored:
            rows = self.db.signature_rows([doc])
            if rows:
                sig = Signature.from_row(doc, rows[0][2])
                entry = Entry(0, sig, day_number(sig.published), rows[0][1], 0)
        return entry

    # ---- loading --------------------------------------------------------------------------
    def load(self) -> None:
        """The recent past from the database (a new process, or one that another process's
        links made stale)."""
        loaded = self.db.load(self.config.horizon_days, self.config.undated_keep)
        for article_id, seq, row in loaded.signatures:
            self._place(Signature.from_row(article_id, row), seq, loaded.memberships.get(article_id), keep_seq=False)
        for a, b, kind in loaded.hard:
            self.clusters.hard[a][b] = self.clusters.hard[b][a] = kind
        for a, b, kind, score, evidence in loaded.edges:
            self.remember_edge(a, b, kind, score, _story_of_row(evidence))
        self.apply_corrections()
        self.clusters.dirty.clear()
        self.clusters.touched.clear()   # loaded as stored: nothing to write back
        self.stories.dirty.clear()

    def load_stored(self, ids: list[str], *, groups: bool = True) -> None:
        """Bring stored articles back into memory as candidates, with their whole groups when
        they may be re-clustered (a copy only joins its original's group: no need then)."""
        missing = [d for d in ids if d not in self.index]
        if not missing:
            return
        wanted = set(missing) | (set(self.db.group_mates(missing)) if groups else set())
        rows = self.db.signature_rows([d for d in wanted if d not in self.index])
        memberships = {d: self.db.membership(d) for d, _seq, _row in rows}
        for article_id, seq, row in rows:
            self._place(Signature.from_row(article_id, row), seq, memberships.get(article_id), keep_seq=True)
        loaded = [r[0] for r in rows]
        for a, b, kind in self.db.hard_relations(loaded):
            if a in self.clusters.parent and b in self.clusters.parent:
                self.clusters.add_hard(a, b, kind)
        for a, b, kind, score, evidence in self.db.edges(loaded):
            if a in self.clusters.parent and b in self.clusters.parent:
                self.remember_edge(a, b, kind, score, _story_of_row(evidence))
        self.clusters.dirty.difference_update(loaded)

    def _place(self, sig: Signature, seq: int, membership: tuple[str, str] | None, *, keep_seq: bool) -> None:
        twin = any(k in self.index.entries for k in self.index.by_hash.get(sig.norm_hash, ()))
        self.index.add(sig, seq=seq, exact_copy=twin, keep_seq=keep_seq)
        gid, sid = membership or (None, None)
        self.clusters.add_doc(sig.article_id, self.key(sig), gid)
        if gid and sid:
            self.doc_story[sig.article_id] = sid
            if gid not in self.stories.story_of:
                self.stories.story_of[gid] = sid
                self.stories.groups_of[sid].add(gid)

    def apply_corrections(self) -> None:
        """(Re)apply the stored corrections; the latest one for a pair is the one that holds."""
        self.stories.apart.clear()
        self.story_must = []
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
        self.clusters.rebuild_units(list(self.clusters.parent))

    # ---- leaving memory -------------------------------------------------------------------
    def forget(self, docs: list[str]) -> None:
        """A re-ingested article changed: drop what was derived from its old text."""
        for d in docs:
            gid = self.clusters.gid_of.get(d)
            if gid is not None:  # the group it leaves needs its row refreshed (or removed)
                self.clusters.touched.add(gid)
                if gid in self.stories.story_of:
                    self.stories.dirty.add(self.stories.story_of[gid])
            self.index.remove(d)
            self.drop_edges(d)
        self.clusters.forget(docs)
        self.version_test.clear(docs)   # its verdicts were on the old text
        self.log.forget.extend(docs)

    def evict(self) -> None:
        """Articles that fell out of the index's horizon leave the clusters too; their rows stay."""
        # one brought back from the database since it was dropped (an undated article's
        # candidate) is in the index again, and stays in the clusters with it
        gone = [d for d in self.index.evicted if d not in self.index]
        self.index.evicted = []
        if not gone:
            return
        groups = {self.clusters.gid_of.get(d) for d in gone} - {None}
        for d in gone:
            self.drop_edges(d)
        self.clusters.forget(gone)
        # a group whose last member left, leaves the stories' maps: asked before forgetting, one
        # doc at a time, a group whose members left together (one day's versions) never did,
        # and the map grew with the stream (1,839 groups at 10k docs, 6,900 at 40k)
        for gid in groups:
            if gid not in self.clusters.docs_of:
                self.stories.drop(gid)   # type: ignore[arg-type]
        self.clusters.touched.clear()
        self.stories.dirty.clear()
        self.stories.moved.clear()


def _story_of_row(evidence: str) -> float:
    try:
        return float(json.loads(evidence or "{}").get("story", 0.0))
    except (ValueError, TypeError, AttributeError):
        return 0.0
