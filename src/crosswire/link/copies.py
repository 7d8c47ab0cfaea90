"""Copies of one text in one language: an exact twin (same normalised text) or a reprint
(shared sentences or lead, the copied text's figures kept).  Cheapest evidence first: the
linker asks these before it scores any translation."""
from __future__ import annotations

from collections.abc import Collection

from .index import Entry, WindowIndex, day_number
from .scoring import Edge, copy_evidence, dates_compatible
from .signature import Signature

#: Digits of a copy score that rank candidates: scores this close are a tie, broken by time.
SCORE_TIE_DIGITS = 1
#: Days apart an undated pair ranks as: after every dated one.
UNDATED_GAP = 99


def exact_twin(index: WindowIndex, sig: Signature, window_days: int, cannot: Collection[str] = ()) -> Entry | None:
    """An article in memory with the same normalised text, in the time window; not ``sig``'s
    own entry (a text asked again after its twin came back from the database)."""
    probe = Entry(0, sig, day_number(sig.published), 0, 0)
    for key in index.by_hash.get(sig.norm_hash, ()):
        other = index.entries[key]
        if other.sig.article_id != sig.article_id and other.sig.article_id not in cannot \
                and dates_compatible(probe, other, window_days):
            return other
    return None


def best_copy(index: WindowIndex, entry: Entry, window_days: int, cannot: Collection[str] = ()) -> Edge | None:
    """The text ``entry`` reprints, if any: the strongest copy evidence, then the closest in time
    and in the stream."""
    shared = index.chunk_matches(entry)
    for key in index.lsh_matches(entry):
        shared.setdefault(key, 0)
    best: tuple[tuple[float, ...], Edge] | None = None
    for key, chars in shared.items():
        other = index.entries.get(key)
        if other is None or not dates_compatible(entry, other, window_days) or other.sig.article_id in cannot:
            continue
        jaccard = index.lsh.jaccard(entry.key, key) if index.lsh is not None else 0.0
        edge = copy_evidence(index, other, entry, chars, jaccard)
        if edge is None:
            continue
        gap = edge.evidence.get("days_apart")
        rank = (round(edge.score, SCORE_TIE_DIGITS), -(gap if gap is not None else UNDATED_GAP),
                -abs(entry.seq - other.seq))
        if best is None or rank > best[0]:
            best = (rank, edge)
    return best[1] if best else None
