"""Candidates from the whole database, for articles that have no date.

An undated article may copy or translate anything ever stored, so the time window (and
the in-memory indexes bounded by it) cannot find its original.  The FTS5 index can: a
phrase query on its longest sentences finds the texts it copies, an OR query on its rarest
names and figures finds the texts it may translate.  Matches are taken newest first
(``ORDER BY rowid DESC``, rowid = ingestion order), which FTS5 answers by walking its
postings backwards and stopping at the limit: no ranking of every match, so the cost
stays flat however often a sentence recurs in a growing database.
"""
from __future__ import annotations

import re
import sqlite3

from .feature import Feature, FeatureKind, kind_of, value_of
from .signature import MIN_CHUNK_CHARS

_SPLIT = re.compile(r"(?<=[.!?;:])\s+|\n+")
_TOKEN = re.compile(r"\w+")
#: Words of a sentence asked for as one FTS phrase: this long is distinctive, and short enough
#: to be fast.  These recall sizes are unchanged since the linker was written;
#: releases-dev/pickups-dev F1 0.99899/0.99909 is measured with them.
PHRASE_WORDS = 14
#: Fewer words than this and a phrase recurs by chance: no copy evidence.
MIN_PHRASE_WORDS = 6
#: Longest sentences of a text asked for as phrases: bounds the FTS queries per article.
PHRASES = 3
#: Newest candidates one phrase query, and the rare-feature queries, bring in: bounds the
#: database reads per article.
COPY_CANDIDATES = 8
FEATURE_CANDIDATES = 30
#: How many of the rarest features are asked for together: all four first (one article), then
#: two (a version that lacks some of them).
RARE_COMBINATIONS = (4, 2)


def _phrase(sentence: str) -> str | None:
    words = _TOKEN.findall(sentence)[:PHRASE_WORDS]
    if len(words) < MIN_PHRASE_WORDS:
        return None
    return '"' + " ".join(words).replace('"', '""') + '"'


def copy_candidates(conn: sqlite3.Connection, body: str, *, limit: int = COPY_CANDIDATES) -> list[str]:
    """Stored articles that contain one of the longest sentences of ``body`` verbatim."""
    sentences = sorted((s for s in _SPLIT.split(body) if len(s) >= MIN_CHUNK_CHARS), key=len, reverse=True)
    out: list[str] = []
    for sentence in sentences[:PHRASES]:
        phrase = _phrase(sentence)
        if phrase is None:
            continue
        out += _match(conn, phrase, limit)
    return list(dict.fromkeys(out))


def feature_candidates(conn: sqlite3.Connection, features: list[Feature], *, limit: int = FEATURE_CANDIDATES,
                       exclude: str | None = None) -> list[str]:
    """Stored articles carrying the rarest few of ``features`` (rarest first), newest first.

    All of the rarest four, else two; when even two find nothing but ``exclude`` (the article
    asking: its rarest features are often its own), the union over single rare features.
    """
    terms: list[str] = []
    for f in features:
        kind, value = kind_of(f), value_of(f)
        if kind is FeatureKind.NUM and "." in value:
            continue  # 3.83 is written 3,83 too: no single token to ask for
        if kind is FeatureKind.YEAR:
            continue  # a bare year matches a tenth of any archive
        words = _TOKEN.findall(value)
        if words:
            terms.append('"' + " ".join(words).replace('"', '""') + '"')
    for n in RARE_COMBINATIONS:
        if len(terms) >= n:
            found = [d for d in _match(conn, " AND ".join(terms[:n]), limit + 1) if d != exclude]
            if found:
                return found[:limit]
    out: list[str] = []
    for term in terms[:SINGLE_TERMS]:
        out.extend(d for d in _match(conn, term, limit + 1) if d != exclude and d not in out)
        if len(out) >= limit:
            break
    return out[:limit]


#: Single features tried when no combination finds another article.
SINGLE_TERMS = 8


def _match(conn: sqlite3.Connection, query: str, limit: int) -> list[str]:
    try:
        rows = conn.execute("SELECT a.id FROM article_fts f JOIN articles a ON a.seq = f.rowid"
                            " WHERE article_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?", (query, limit)).fetchall()
    except sqlite3.OperationalError:
        return []  # a query FTS5 cannot parse is no candidate, not a failed link
    return [r[0] for r in rows]
