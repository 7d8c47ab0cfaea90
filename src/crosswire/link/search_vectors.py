"""The vector side of search: every stored article scored against the query, by its headline and by its lead.

A query is most often a headline or a claim as short as one, read in some language; the
versions of its text in other languages carry a translation of that headline.  So each article
has two vectors of one model: title + lead (``embeddings``, made at ingest for linking) and the
title alone (``title_vectors``, made here).  Both matrices stay in memory until the database
changes, and one query costs two matrix-vector products over them.
"""
from __future__ import annotations

import sqlite3
import weakref
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from ..embed.threads import blas_threads
from ..store import SQLiteStore, chunks
from ..store.compact import pack_vector, unpack_vectors
from .index import UNDATED, day_number
from .search_evidence import evidence_of
from .store import STORY_TITLE

#: How much the title+lead cosine counts beside the title cosine (title weight 1).  Set on
#: releases-dev lines 0-2400, headline queries (en and de, the query's language left out):
#: title cosine alone hit@1 0.95 / 0.96, lead alone 0.80 / 0.80, title + lead 0.94 / 0.95; the
#: lead is kept at a lower weight for queries that are not headlines (a few words on a topic
#: that the lead names and the title does not).
LEAD_WEIGHT = 0.5
#: A language needs this many stored articles before its own median cosine is taken as its
#: baseline; fewer fall back to the collection's (a median of a handful is noise).
MIN_LANGUAGE_BASELINE = 20
#: Titles encoded per write when vectors are filled in (one transaction each).
FILL_BATCH = 256


@dataclass
class VectorState:
    """One model's vectors of every article, aligned by row, as of one database generation."""

    generation: tuple[int, int]
    ids: list[str]
    titles: np.ndarray          # (n, dim) title vectors; a zero row where none could be made
    leads: np.ndarray           # (n, dim) title + lead vectors; a zero row where the article has none
    has_title: np.ndarray       # (n,) bool
    has_lead: np.ndarray        # (n,) bool
    languages: np.ndarray       # (n,) index into language_names
    language_names: list[str]
    story_keys: list[str]       # the article's story, or "unlinked:<id>"
    group_keys: list[str]       # the article's version group, or its id
    evidence_rows: dict[str, np.ndarray]   # each figure or date (search_evidence) -> the rows whose title holds it
    row: dict[str, int]
    unembedded: bool            # some stored articles have neither vector
    group_codes: np.ndarray     # (n,) the version group as an integer, for group-wide masks
    story_codes: np.ndarray     # (n,) the story key as an integer (story_index)
    story_index: dict[str, int]
    days: np.ndarray            # (n,) publication day (index.day_number, a month as its first day); NaN where unknown
    headlines: list[str]        # each article's story title ("" where none), read once with the vectors
    model: str = ""             # the model whose vectors these are (title_model)


#: Each open store's vector states by model, with the database generation they were read at
#: (a state of None: the model has no vectors there); dropped with the store.
_CACHE: weakref.WeakKeyDictionary[SQLiteStore, dict[str, tuple[tuple[int, int], VectorState | None]]] = \
    weakref.WeakKeyDictionary()

def evidence_weight(state: VectorState, figure: str) -> float:
    """How rare ``figure`` is among the collection's titles, 1 for a figure in one title, 0 for
    one in all: IDF over titles divided by its largest value.  A year that half the titles carry
    ("2022") says little about which release is meant; a figure in a handful ("1000 Tonnen")
    says much.  On releases-dev's three slices (en, de, fr headline queries) it gave the same
    hit@1 and hit@5 as a flat bonus per figure: it is kept for collections where one figure
    is in most titles."""
    n = len(state.ids)
    rows = state.evidence_rows.get(figure)
    df = max(1, len(rows) if rows is not None else 0)
    return float(np.log(n / df) / np.log(n)) if n > 1 else 1.0


def title_model(embedder: Any) -> str:
    return str(getattr(embedder, "name", "embedder"))


def fill_title_vectors(store: SQLiteStore, embedder: Any, ids: list[str] | None = None, *,
                       embedded_only: bool = False) -> int:
    """Title vectors for ``ids`` (when None: every article lacking one whose language the model
    reads or, with ``embedded_only``, whose lead this model embedded); returns how many were
    made.  An article in a language the model was not trained on gets its title vector from the
    model's fallback (``Embedder.fallback``), as its lead got its vector at ingest.  A read-only
    store makes none: search then uses the lead vectors alone for those articles."""
    if embedder is None or store.read_only:
        return 0
    model = title_model(embedder)
    if ids is None:
        lead = " JOIN embeddings e ON e.article_id = a.id AND e.model = ?" if embedded_only else ""
        rows = store.conn.execute(
            f"SELECT a.id, {STORY_TITLE}, a.language FROM articles a{lead} WHERE NOT EXISTS"
            f" (SELECT 1 FROM title_vectors t WHERE t.article_id = a.id AND t.model = ?)",
            (model, model) if embedded_only else (model,)).fetchall()
    else:
        rows = []
        for part in chunks(ids):
            rows += store.conn.execute(f"SELECT a.id, {STORY_TITLE}, a.language FROM articles a"
                                       f" WHERE a.id IN ({','.join('?' * len(part))})", part).fetchall()
    supports = getattr(embedder, "supports", None)
    fallback = embedder.fallback() if supports is not None and hasattr(embedder, "fallback") else None
    routes: dict[str, tuple[Any, list[tuple[str, str]]]] = {}
    for article_id, title, language in rows:
        if not (title and title.strip()):
            continue
        if embedded_only or supports is None or supports(language):
            chosen = embedder
        elif ids is None:
            continue   # the fallback's own state fills it
        elif fallback is not None and fallback.supports(language):
            chosen = fallback
        else:
            continue   # no bundled model reads it: found by its words alone
        routes.setdefault(title_model(chosen), (chosen, []))[1].append((article_id, title))
    made = 0
    for name, (chosen, found) in routes.items():
        for i in range(0, len(found), FILL_BATCH):
            part = found[i:i + FILL_BATCH]
            vectors = chosen.encode([t for _id, t in part])
            with store.transaction() as conn:
                conn.executemany("INSERT OR REPLACE INTO title_vectors (article_id, model, vector) VALUES (?, ?, ?)",
                                 [(d, name, pack_vector(v)) for (d, _t), v in zip(part, vectors)])
        made += len(found)
    return made


def vector_state(store: SQLiteStore, embedder: Any, *, embedded_only: bool = False) -> VectorState | None:
    """The model's matrices, rebuilt only when the database changed; None when nothing was
    embedded.  Articles lacking a title vector get one first."""
    model = title_model(embedder)
    cache = _CACHE.setdefault(store, {})
    hit = cache.get(model)
    if hit is not None and hit[0] == _generation(store):
        return hit[1]
    fill_title_vectors(store, embedder, embedded_only=embedded_only)
    generation = _generation(store)
    lead_ids, leads = store.embeddings(model)
    try:
        title_rows = store.conn.execute("SELECT article_id, vector FROM title_vectors WHERE model = ?"
                                        " ORDER BY article_id", (model,)).fetchall()
    except sqlite3.OperationalError:   # a database of an older schema opened read-only: leads alone
        title_rows = []
    if not lead_ids and not title_rows:
        cache[model] = (generation, None)   # a model with no vectors here is not asked again until a commit
        return None
    ids = sorted(set(lead_ids) | {r[0] for r in title_rows})
    row = {d: k for k, d in enumerate(ids)}
    dim = leads.shape[1] if lead_ids else len(title_rows[0][1]) - 4   # int8 + its float32 scale
    lead_m = np.zeros((len(ids), dim), dtype=np.float32)
    if lead_ids:
        lead_m[[row[d] for d in lead_ids]] = leads
    title_m = np.zeros((len(ids), dim), dtype=np.float32)
    if title_rows:
        title_m[[row[r[0]] for r in title_rows]] = unpack_vectors([r[1] for r in title_rows], dim)
    lang_of = dict(store.conn.execute("SELECT id, COALESCE(language, '?') FROM articles"))
    titles = dict(store.conn.execute(f"SELECT a.id, {STORY_TITLE} FROM articles a"))
    published = dict(store.conn.execute("SELECT id, published FROM articles WHERE published IS NOT NULL"))
    names = sorted({lang_of.get(d, "?") for d in ids})
    code = {n: k for k, n in enumerate(names)}
    languages = np.array([code[lang_of.get(d, "?")] for d in ids], dtype=np.int32)
    member = {r[0]: (r[1], r[2]) for r in store.conn.execute("SELECT article_id, story, version_group FROM memberships")}
    keys = [member.get(d, (None,))[0] or f"unlinked:{d}" for d in ids]
    groups = [member.get(d, (None, None))[1] or d for d in ids]
    evidence: dict[str, list[int]] = {}
    for k, d in enumerate(ids):
        for token in evidence_of(titles.get(d) or ""):
            evidence.setdefault(token, []).append(k)
    story_index = {key: c for c, key in enumerate(dict.fromkeys(keys))}
    state = VectorState(generation, ids, title_m, lead_m, np.any(title_m != 0, axis=1), np.any(lead_m != 0, axis=1),
                        languages, names, keys, groups,
                        {t: np.asarray(rows, dtype=np.int64) for t, rows in evidence.items()}, row,
                        unembedded=len(lang_of) > len(ids),
                        group_codes=np.unique(np.asarray(groups, dtype=object), return_inverse=True)[1],
                        story_codes=np.asarray([story_index[key] for key in keys], dtype=np.int64),
                        story_index=story_index, days=_days([published.get(d) for d in ids]),
                        headlines=[titles.get(d) or "" for d in ids], model=model)
    cache[model] = (generation, state)
    return state


def _days(published: list[str | None]) -> np.ndarray:
    """Each ISO date (or month) as its day number, NaN where there is none."""
    days = np.asarray([day_number(p, precision="month") for p in published], dtype=np.float64)
    days[days == UNDATED] = np.nan
    return days


def _generation(store: SQLiteStore) -> tuple[int, int]:
    """Moves on with any commit: ``data_version`` on another connection's, ``total_changes`` on ours."""
    return store.conn.execute("PRAGMA data_version").fetchone()[0], store.conn.total_changes


class Scores(NamedTuple):
    """One query's scores of every article, aligned with the state's rows."""

    title: np.ndarray       # title cosine
    lead: np.ndarray        # title + lead cosine
    score: np.ndarray       # robust SD above what the query scores against an unrelated article of its language
    stand_out: np.ndarray   # title's and lead's cosine in robust SD above the whole collection's, averaged
    from_lead: np.ndarray   # whether the score is the lead's alone (a passage query)
    excess: np.ndarray      # title's and lead's cosine above their language's median, averaged


def vector_scores(state: VectorState, query_vector: np.ndarray, *, passage: bool = False) -> Scores:
    """Each article's :class:`Scores`.  ``score`` is in robust standard deviations above what
    the query scores against an unrelated article of the same language; ``stand_out`` and
    ``excess`` average the title's and the lead's (the one there is, where an article lacks
    one): how far each stands out of the collection's cosines, and how far (in cosine) above
    its language's median it is (search_confidence).  With ``passage`` (a sentence of a text,
    search.reads_as_passage) all three are the title + lead vector's alone.

    The shift per language is what makes one language's texts not win for sharing the query's
    language: a cross-lingual model puts any two texts of one language a little closer, so a
    query's cosine to its own language's unrelated texts is higher than to the others'."""
    with blas_threads(1):   # a product this small is over before a second thread would start
        title = state.titles @ query_vector
        lead = state.leads @ query_vector
    combined = np.where(state.has_title, title + LEAD_WEIGHT * lead, (1 + LEAD_WEIGHT) * lead)
    score = _shifted(state, combined)
    # a query that reads like a text's opening (search.reads_as_passage: a pasted sentence) is
    # matched against the title + lead vector alone: a title says less than a lead about what
    # a sentence of the text says
    from_lead = state.has_lead if passage else np.zeros(len(score), dtype=bool)
    if passage:
        score = np.where(from_lead, _shifted(state, lead), score)
    lead_median, lead_spread = _robust(lead[state.has_lead]) if state.has_lead.any() else (0.0, 1.0)
    title_median, title_spread = _robust(title[state.has_title]) if state.has_title.any() else (0.0, 1.0)
    lead_z, title_z = (lead - lead_median) / lead_spread, (title - title_median) / title_spread
    stand_out = np.where(state.has_title & state.has_lead, (lead_z + title_z) / 2,
                         np.where(state.has_title, title_z, lead_z))
    title_excess = _above_language(state, title, state.has_title)
    lead_excess = _above_language(state, lead, state.has_lead)
    excess = np.where(state.has_title & state.has_lead, (title_excess + lead_excess) / 2,
                      np.where(state.has_title, title_excess, lead_excess))
    if passage:   # the reading that scored is the one that must stand out
        stand_out = np.where(state.has_lead, lead_z, stand_out)
        excess = np.where(state.has_lead, lead_excess, excess)
    return Scores(title, lead, score, stand_out, from_lead, excess)


def _above_language(state: VectorState, values: np.ndarray, has: np.ndarray) -> np.ndarray:
    """``values`` less their language's median among the rows that ``has`` (the median of all
    such rows for a language of few): how far above unrelated text of its language, in cosine."""
    if not has.any():
        return np.zeros(len(values), dtype=np.float32)
    rows = state.languages[has]
    baseline = np.full(len(state.language_names), float(np.median(values[has])), dtype=np.float32)
    for k in np.flatnonzero(np.bincount(rows, minlength=len(baseline)) >= MIN_LANGUAGE_BASELINE):
        baseline[k] = float(np.median(values[has][rows == k]))
    return values - baseline[state.languages]


def _shifted(state: VectorState, values: np.ndarray) -> np.ndarray:
    """``values`` less their language's median (the collection's for a language of few
    articles), in robust standard deviations of the whole collection."""
    _median, spread = _robust(values)
    return _above_language(state, values, np.ones(len(values), dtype=bool)) / spread


def _robust(values: np.ndarray) -> tuple[float, float]:
    """Median and MAD as a standard deviation."""
    median = float(np.median(values))
    return median, 1.4826 * float(np.median(np.abs(values - median))) + 1e-6


#: Fewer fallback-model articles than this are too few to tell what "unrelated" looks like in
#: that model's cosines (a robust z over a handful is noise): they are ranked without the bar,
#: one of their stories after each of the main model's, as a search over a small collection is.
MIN_FALLBACK_BACKGROUND = 20


def interleave(first: list[tuple[str, dict[str, Any]]], second: list[tuple[str, dict[str, Any]]]
                ) -> list[tuple[str, dict[str, Any]]]:
    """Two story-ordered rankings merged a story of each in turn (``first``'s first)."""
    def by_story(hits: list[tuple[str, dict[str, Any]]]) -> list[list[tuple[str, dict[str, Any]]]]:
        runs: list[list[tuple[str, dict[str, Any]]]] = []
        for hit in hits:
            if runs and runs[-1][0][1]["story_score"] == hit[1]["story_score"]:
                runs[-1].append(hit)
            else:
                runs.append([hit])
        return runs
    a, b = by_story(first), by_story(second)
    out: list[tuple[str, dict[str, Any]]] = []
    for k in range(max(len(a), len(b))):
        out += (a[k] if k < len(a) else []) + (b[k] if k < len(b) else [])
    return out


#: The name this weight had before dates joined figures as evidence.
figure_weight = evidence_weight
