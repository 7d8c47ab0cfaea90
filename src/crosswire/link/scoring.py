"""Pair scores and the evidence behind them.

Two questions, two scores:

* ``copy_evidence``: is one text a (cut, re-framed, lightly edited) copy of the other?
  Sentence hashes shared, as a share of the shorter text, and its figures all found in
  the longer one — two monthly bond announcements share every sentence but not their
  ISIN and dates.
* ``translation_evidence``: are two texts in different languages versions of one?
  IDF-weighted overlap of figures, dates, names and URLs, normalised only by what *could*
  have been shared: a German noun never seen in French text is not held against a
  French candidate.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from .feature import FeatureKind, kind_of, value_of
from .index import MIN_SHAPE, UNDATED, Entry, WindowIndex

#: Share of the shorter text's sentences that a copy carries verbatim (outlet lines and
#: footers are the rest).
COPY_COVERAGE = 0.5
#: Share of the shorter text's figures the longer one must carry too.
COPY_FIGURES = 0.8
#: Share of the shorter lead's word 3-grams found in the other lead above which an edited reprint
#: counts as a copy (0.75 is a Jaccard of 0.6 between two full leads; a copy cut to fewer words
#: than the lead has is judged on what it has, not diluted by what it left out).
COPY_LEAD_CONTAINED = 0.75
#: The kinds of feature that are figures: a copy carries its original's figures.
FIGURE_KINDS = frozenset((FeatureKind.NUM, FeatureKind.YEAR, FeatureKind.DATE))
#: Paragraph layout: how much a perfect match adds to a translation score, and the L1
#: distance between paragraph proportions at which it adds nothing.
LAYOUT_WEIGHT = 0.25
LAYOUT_SPAN = 0.2
#: Paragraph breaks at which a matching layout counts in full; fewer count less (unchanged
#: since the linker was written; releases-dev/pickups-dev F1 0.99899/0.99909 is measured with it).
LAYOUT_FULL_GAPS = 5
#: Values of each kind listed in a link's evidence JSON: enough to see why, short to store.
SHOWN_VALUES = 25
LENGTH_RATIO = 0.7
#: Shared figures and names are evidence that two texts are one only when chance would not
#: explain them: among the few hundred texts of a time window, one rare name or a year
#: ("2020" of "Tokyo 2020") recurs by chance, two features found nowhere else in the window
#: do not.  Below the weight of ``MIN_RARE_SHARED`` window-unique features, the figures-and-
#: names part of a score shrinks in proportion.  Set on OG2021 headlines (stories-dev: most
#: false translations shared one year or one name); on releases-dev it removes ~4,000 of
#: ~11,000 false candidate edges and lowers ~12 of 7,667 true ones below the threshold.
MIN_RARE_SHARED = 2
#: ... and a text shorter than a lead has too little to agree on: below this many characters
#: on either side, that part shrinks in proportion too (once per side: each must carry the
#: evidence).  600 is the lead an article's embedding is made of; two headlines (~80 each)
#: keep under 2%, so they are versions of one text when their words are (exact, near
#: duplicate), not on a shared name (stories-dev: 17 of 120 such "translations" were false
#: with one factor).  Under 1% of the releases-dev versions are shorter than 600.
MIN_AGREE_CHARS = 600
#: ... and the chance test is for short text: where the shorter side has this many characters,
#: the shared figures and names are a few among many and the score's normaliser (all that each
#: side could have shared) already weighs them; the gate fades out linearly up to here.  Full
#: texts lost recall to it (pickups-dev version F1 0.99909 -> 0.99834) and gained nothing;
#: headlines (stories-dev, all under 600) keep nearly all of it.  Twice the lead; 600 or 2,400
#: give pickups-dev 0.99909 / 0.99904 (this 0.99904).
RARE_GATE_CHARS = 2 * MIN_AGREE_CHARS
#: Days apart that a pair with an undated side is scored as: an undated text with two small
#: figures in common with one from another month is no version of it.
UNDATED_GAP = 2


@dataclass(slots=True)
class Edge:
    """A scored pair; ``kind`` is exact, near_duplicate, translation or story."""

    a: str
    b: str
    kind: str
    score: float
    evidence: dict[str, Any] = field(default_factory=dict)


def days_apart(a: Entry, b: Entry) -> int | None:
    """Days between two articles; a month-only date counts as any of its days (0 inside it),
    and an article without a date is no distance from anything (None)."""
    if a.day != UNDATED and b.day != UNDATED:
        return abs(a.day - b.day)
    ra, rb = day_range(a), day_range(b)
    if ra is None or rb is None:
        return None
    return max(0, ra[0] - rb[1], rb[0] - ra[1])


def day_range(entry: Entry) -> tuple[int, int] | None:
    """First and last day the article may have been published on, as ordinals."""
    if entry.day != UNDATED:
        return entry.day, entry.day
    return month_range(entry.sig.month) if entry.sig.month else None


@lru_cache(maxsize=4096)
def month_range(month: str) -> tuple[int, int] | None:
    try:
        first = date.fromisoformat(month + "-01")
    except ValueError:
        return None
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first.toordinal(), following.toordinal() - 1


def dates_compatible(a: Entry, b: Entry, window_days: int) -> bool:
    """Undated articles fit any date: no window is invented for them."""
    gap = days_apart(a, b)
    return gap is None or gap <= window_days


def figures_of(entry: Entry) -> set[str]:
    return {f for f in entry.sig.features if kind_of(f) in FIGURE_KINDS}


def lead_containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Share of the smaller set in the other, from their Jaccard and sizes: |A∩B| = J(|A|+|B|)/(1+J)."""
    if jaccard <= 0 or not size_a or not size_b:
        return 0.0
    return min(1.0, jaccard * (size_a + size_b) / ((1 + jaccard) * min(size_a, size_b)))


def copy_evidence(index: WindowIndex, d: Entry, c: Entry, shared_chars: int, lead_jaccard: float) -> Edge | None:
    short, long_ = (d, c) if sum(d.sig.chunk_chars) <= sum(c.sig.chunk_chars) else (c, d)
    short_chars = sum(short.sig.chunk_chars)
    coverage = shared_chars / short_chars if short_chars else 0.0
    # the copy is the side with fewer figures, whichever is longer: a reprint of every sentence
    # may drop the figures of a footer (a DOI, a dateline) that sentence hashes do not count
    figs_short, figs_long = figures_of(short), figures_of(long_)
    if len(figs_long) < len(figs_short):
        figs_short, figs_long = figs_long, figs_short
    contained = len(figs_short & figs_long) / len(figs_short) if figs_short else 1.0
    lead = lead_containment(lead_jaccard, len(set(d.sig.lead_shingles)), len(set(c.sig.lead_shingles)))
    if contained < COPY_FIGURES or (coverage < COPY_COVERAGE and lead < COPY_LEAD_CONTAINED):
        return None
    score = max(coverage, lead) * contained
    return Edge(d.sig.article_id, c.sig.article_id, "near_duplicate", round(score, 4), {
        "shared_sentence_chars": shared_chars, "coverage": round(coverage, 3), "lead_jaccard": round(lead_jaccard, 3),
        "lead_contained": round(lead, 3),
        "figures_contained": round(contained, 3), "missing_figures": sorted(figs_short - figs_long)[:10],
        "length_ratio": round(min(d.sig.length, c.sig.length) / max(1, d.sig.length, c.sig.length), 3),
        "days_apart": days_apart(d, c)})


def layout_similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """1 when two texts split into the same paragraphs in the same proportions, falling to 0
    at an L1 distance of ``LAYOUT_SPAN`` between the proportions; more paragraphs, more weight."""
    if len(a) != len(b) or len(a) < MIN_SHAPE:
        return 0.0
    ta, tb = sum(a) or 1, sum(b) or 1
    dist = sum(abs(x / ta - y / tb) for x, y in zip(a, b))
    strength = min(1.0, (len(a) - 1) / LAYOUT_FULL_GAPS)
    return max(0.0, 1.0 - dist / LAYOUT_SPAN) * strength


def length_factor(a: Entry, b: Entry) -> float:
    """Translations run 0.8-1.25x each other's length; far shorter or longer is suspicious."""
    ratio = min(a.sig.length, b.sig.length) / max(1, a.sig.length, b.sig.length)
    return 1.0 if ratio >= LENGTH_RATIO else (ratio / LENGTH_RATIO) ** 2


def translation_score(index: WindowIndex, d: Entry, c: Entry, shared_weight: float,
                      day_decay: float = 1.0) -> Edge:
    """Shared evidence over what each side could have shared with the other's language.

    Versions of one text go out together; each day between two articles multiplies the
    score by ``day_decay``, so that Monday's and Wednesday's releases on one trip of a
    minister stay apart while a translation a day late still joins.
    """
    wd = index.normaliser(d, c.lang)
    wc = index.normaliser(c, d.lang)
    score = shared_weight / math.sqrt(wd * wc) if wd > 0 and wc > 0 else 0.0
    score *= evidence_confidence(index, c, shared_weight, d.sig.length, c.sig.length)
    score = (score + LAYOUT_WEIGHT * layout_similarity(d.sig.shape, c.sig.shape)) * length_factor(d, c)
    gap = days_apart(d, c)
    if gap is None:  # one side undated: it might be any day, so it gets a day of doubt
        gap = UNDATED_GAP
    if gap:
        score *= day_decay ** gap
    kind = "translation" if d.sig.language != c.sig.language else "story"
    return Edge(d.sig.article_id, c.sig.article_id, kind, round(min(score, 1.0), 4))


def evidence_confidence(index: WindowIndex, entry: Entry, shared_weight: float, length_a: int,
                        length_b: int) -> float:
    """How far shared figures and names can be trusted: against what chance shares in the
    window of ``entry`` (window IDF of a feature no other text carries, ``MIN_RARE_SHARED``
    times) and against how much text each side has to agree on (``MIN_AGREE_CHARS``)."""
    n = index.window_size(index.window_days_of(entry))
    needed = MIN_RARE_SHARED * max(1.0, math.log(n + 1) - math.log(1.5))
    rare = min(1.0, shared_weight / needed)
    full = min(1.0, min(length_a, length_b) / RARE_GATE_CHARS)
    return ((rare + (1.0 - rare) * full) * min(1.0, length_a / MIN_AGREE_CHARS)
            * min(1.0, length_b / MIN_AGREE_CHARS))


def shared_evidence(d: Entry, c: Entry) -> dict[str, Any]:
    """What the two texts have in common that survives translation: the why of a link."""
    shared = d.sig.features & c.sig.features
    out: dict[str, Any] = {}
    for kind, label in ((FeatureKind.NUM, "figures"), (FeatureKind.YEAR, "years"), (FeatureKind.DATE, "dates"),
                        (FeatureKind.NAME, "names"), (FeatureKind.URL, "urls")):
        values = sorted(value_of(f) for f in shared if kind_of(f) is kind)
        if values:
            out[label] = values[:SHOWN_VALUES]
    out["length_ratio"] = round(min(d.sig.length, c.sig.length) / max(1, d.sig.length, c.sig.length), 3)
    layout = layout_similarity(d.sig.shape, c.sig.shape)
    if layout > 0:
        out["paragraph_layout"] = round(layout, 3)
    gap = days_apart(d, c)
    if gap is not None:
        out["days_apart"] = gap
    return out
