"""Articles' vector scores -> stories, best first: the ranking step of search, in array operations.

A story is as good as its best version group, a group as its best article plus a share of its
best in a second language (versions of one text agree across languages; an unrelated text that
the query's own language favours agrees only with itself).  Evidence that reads the same in every
language (figures, dates) adds to an article's score, weighted by how rare it is among titles.
The vector bar (how far an article stands out from the collection) says how sure a story is, not
whether it is answered: stories above it come first, the nearest others after them.

Everything here is numpy over the collection's rows, so one query costs about the same whatever
the collection's size up to the tens of thousands of articles the vector matrices hold.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .search_confidence import chance_level
from .search_vectors import VectorState, evidence_weight, vector_scores

#: What each piece of the query's evidence (a figure, a date) found in an article's title adds
#: to its score, times how rare it is among titles (search_vectors.evidence_weight): figures are
#: written alike in every language, and releases that recur under one headline ("New
#: Confederation bonds", "… update 27") differ in little else.
FIGURE_BONUS = 1.0
#: What a second language's best article adds to a version group's best (both as scores).
#: Set on releases-dev, headline queries, 200 per setting, ranked without the vector bar: with
#: the query's language kept in the store for other releases (German queries, lines 0-2400)
#: hit@1 0.905 -> 0.920, English 0.940 -> 0.940; with it left out, en 0.950 -> 0.950, de 0.975
#: -> 0.970 (lines 2400-4800: en 0.955 -> 0.955, de 0.950 -> 0.955); 0.35 and 0.5 gave no more
#: (mean of all languages: de 0.950 where the language is kept, but 0.960 and 0.945 where it is
#: left out).
SECOND_LANGUAGE = 0.2
#: With the date of the text the user read (``near``), what a story loses per log-day between
#: that date and its article's: ``NEAR_WEIGHT * log(1 + days)``, days capped at NEAR_DAYS.
#: Releases that recur under one headline (monthly bonds, credentials, promotions) differ by
#: under half a standard deviation; a month apart costs 0.5 * log(31) = 1.7.  releases-dev,
#: headline queries asked with their version's date, hit@1 en / de for weights 0.25, 0.5, 1:
#: lines 0-2400 (where it was chosen) .990/1.0, .990/1.0, .995/1.0; checked on 2400-4800
#: .980/.990, .985/.995, .985/.995 and 4800-end .978/.980, .978/.990, .984/.990.  Flat from
#: 0.5 to 1; the lower end is kept, the date ranks among equals and should not outweigh meaning.
NEAR_WEIGHT = 0.5
#: Beyond a month the distance says no more: the original of a text read today may be older.
NEAR_DAYS = 30
#: Articles scanned, best first, for the stories asked for, per story asked for: stops a
#: filtered query (a language no story has) from walking the whole collection.
SCAN_PER_STORY = 200

Hit = tuple[str, dict[str, Any]]


def vector_ranking(state: VectorState, query_vector: np.ndarray, allowed: set[str] | None,
                   languages: list[str] | None, limit: int, per_story: int, *, bar: float | None,
                   admit: list[int], evidence: frozenset[str] = frozenset(), near: float | None = None,
                   passage: bool = False) -> list[Hit]:
    """The best articles of the best ``limit`` stories, with their cosines and ``confident``
    (the story has an article at or above ``bar``, None: no bar, or among the rows in ``admit``);
    ``near`` (a day number, index.day_number) ranks articles published near it first among equals;
    ``passage``: the query is a text's opening, matched by the title + lead vectors alone."""
    title, lead, score, stand_out, from_lead, excess = vector_scores(state, query_vector, passage=passage)
    # above the bar: out of the query's own cosines, and above what chance reaches in this many articles
    keep = (np.ones(len(score), dtype=bool) if bar is None
            else (stand_out >= bar) & (excess >= chance_level(state.model, len(state.ids))))
    keep[admit] = True
    # versions of one text say the same thing: when one clearly matches, its translations match
    # through it (a weaker model's French title may not stand out where its German one does)
    via_version = ~keep & np.isin(state.group_codes, state.group_codes[keep])
    keep |= via_version
    ranked, admitted = np.arange(len(score)), np.asarray(admit, dtype=np.int64)
    if languages:
        wanted = {x.lower() for x in languages}
        codes = [k for k, name in enumerate(state.language_names) if name.lower() in wanted]
        ranked = np.flatnonzero(np.isin(state.languages, codes))
        admitted = admitted[np.isin(state.languages[admitted], codes)]
    if near is not None:
        # an undated article is taken as published on that day: nothing says it was not
        apart = np.nan_to_num(np.abs(state.days - near), nan=0.0)
        score = score - NEAR_WEIGHT * np.log1p(np.minimum(apart, NEAR_DAYS))
    if evidence:
        score = score.copy()
        for token in evidence:
            rows = state.evidence_rows.get(token)
            if rows is not None:
                score[rows] += FIGURE_BONUS * evidence_weight(state, token)
    if allowed is not None:
        ranked = ranked[np.isin(state.story_codes[ranked], _codes(state, allowed))]
    ranked = ranked[np.argsort(-score[ranked], kind="stable")][:SCAN_PER_STORY * limit]
    extra = np.setdiff1d(admitted, ranked)
    if allowed is not None and len(extra):
        extra = extra[np.isin(state.story_codes[extra], _codes(state, allowed))]
    ranked = np.concatenate([ranked, extra])
    ranked = ranked[np.argsort(-score[ranked], kind="stable")]
    if not len(ranked):
        return []
    story_score, sure = _story_scores(state, ranked, score, keep)
    stories = np.flatnonzero(np.isfinite(story_score))
    top = stories[np.lexsort((-story_score[stories], ~sure[stories]))][:limit]
    members: dict[int, list[int]] = {int(s): [] for s in top}
    for k in ranked[np.isin(state.story_codes[ranked], top)].tolist():
        got = members[int(state.story_codes[k])]
        if len(got) < per_story:
            got.append(k)
    out: list[Hit] = []
    for s in top.tolist():
        out += [(state.ids[k], {"score": round(float(score[k]), 3), "story_score": round(float(story_score[s]), 3),
                                "confident": bool(sure[s]),
                                "title_cosine": round(float(title[k]), 4) if state.has_title[k] else None,
                                "lead_cosine": round(float(lead[k]), 4),
                                "field": "lead" if from_lead[k] else "title",
                                **({"via_version": True} if via_version[k] else {})}) for k in members[s]]
    return out


def _codes(state: VectorState, keys: set[str]) -> np.ndarray:
    return np.asarray([state.story_index[k] for k in keys if k in state.story_index], dtype=np.int64)


def _story_scores(state: VectorState, ranked: np.ndarray, score: np.ndarray,
                  keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(score, above the bar) per story code, -inf / False for stories not in ``ranked``."""
    n_lang = len(state.language_names)
    # ranked is best first, so the first row of each (group, language) is that pair's best, and
    # among those, a group's first is its best language and its second the runner-up
    pair = state.group_codes[ranked].astype(np.int64) * n_lang + state.languages[ranked]
    _u, first = np.unique(pair, return_index=True)
    first.sort()
    rows = ranked[first]
    groups = state.group_codes[rows]
    _g, best_at = np.unique(groups, return_index=True)
    runner = np.ones(len(rows), dtype=bool)
    runner[best_at] = False
    _g2, second_at = np.unique(groups[runner], return_index=True)
    n_groups = int(state.group_codes.max()) + 1
    group_score = np.full(n_groups, -np.inf)
    group_score[groups[best_at]] = score[rows[best_at]]
    bonus = np.zeros(n_groups)
    second_rows = rows[runner][second_at]
    bonus[state.group_codes[second_rows]] = SECOND_LANGUAGE * np.maximum(score[second_rows], 0.0)
    group_score += bonus
    n_stories = len(state.story_index)
    story_score = np.full(n_stories, -np.inf)
    np.maximum.at(story_score, state.story_codes[ranked], group_score[state.group_codes[ranked]])
    sure = np.zeros(n_stories, dtype=bool)
    sure[state.story_codes[ranked[keep[ranked]]]] = True
    return story_score, sure
