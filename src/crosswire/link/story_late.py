"""A late second chance for a story that stayed alone.

A headline is placed as it arrives, against the stories its day has opened so far.  An event's
odd report (another angle, another language's wording) often scores under ``JOIN`` against its
event's story on arrival and opens a story of its own; on OG2021 stories-dev such
one-headline stories hold about a quarter of the recall stories miss (weeks 2-3: 0.119 of B-cubed
recall, 0.326 lost in larger stories), and putting each into its gold event's largest story would
raise B-cubed F1 from 0.65 to 0.69.  Once its day is over, the window holds more of the
event's reports, and a story of one group is compared again with the window's stories by the
daily check's average link: it joins its best one at a lower bar (``LATE_BAR``), but only when
that story is clearly its best, ahead of the second best by ``LATE_MARGIN``.  The margin asks
"is there one obvious home?", which a lone report of a broad day (many stories about equally
close) does not have: those stay alone, where a wrong join would cost the receiving story's
precision.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

import numpy as np

from .story_centre import cosines_to, nearest

#: Average-link score (as ``story_cluster.SETTLE``: centroid and closest members, less the daily
#: decay) at which a story of one group joins its best story late.  Lower than ``SETTLE``
#: (0.40), as the margin below guards the join.  Replays of stories-dev (README, "Stories on
#: real news"): with margins 0.08-0.15, bars 0.25-0.35 give weeks 2-3 B-cubed 0.647-0.651 and
#: week 1 0.738-0.749, against 0.641 / 0.737 without the late chance; 0.30 is the middle.
LATE_BAR = 0.30
#: How far the best story's score must lead the second best's: one obvious home.  In centred
#: cosine units, as the scores (centring takes the stream's and the language's common
#: direction off, so a unit means about the same in any stream).  Chosen on weeks 2-3 (0.08-0.15
#: a plateau; 0.06 or none let lone reports of dense days into wrong stories: of the joins a
#: margin under 0.06 allowed, 27% went to their event's story; 0.1-0.2: 51%) and checked on week 1.
LATE_MARGIN = 0.10
#: Days after its arrival that a lone story keeps asking: the day after it arrived holds most
#: of its event's other reports (events are reported in bursts, ``DAY_DECAY``), and a bound
#: keeps the check's cost at two days' lone stories (1 or 4 moved weeks 2-3 by under 0.003).
LATE_DAYS = 2
#: Stories of at most this many groups count as lone (2 or 4 gave weeks 2-3 0.648 against 0.649
#: at 1 in replays, week 1 higher: kept at the case the mechanism is for).
LATE_SIZE = 1
#: Stories scored per lone story: the closest centroids (the rest cannot lead).
LATE_SHORTLIST = 16


class _Story(Protocol):
    total: np.ndarray
    count: int
    last: float
    full: int


Linkage = Callable[[str, str], "tuple[float, dict[str, object]] | None"]
Unite = Callable[[str, str, dict[str, object]], "str | None"]


def second_chance(states: Mapping[str, _Story], linkage: Linkage, when: float, unite: Unite,
                  order: Callable[[str], tuple[int, str]], refused: set[frozenset[str]] | None = None) -> int:
    """Lone stories (``LATE_SIZE`` groups at most, of short text, arrived before the day of
    ``when`` and at most ``LATE_DAYS`` before it) join their clearly best story of the window
    where that holds short text only;
    returns the joins.  Oldest lone story first; a join moves the receiving story's centroid,
    so later lone stories see it.  ``refused``: pairs ``unite`` refused (a correction) in this
    check, not asked again; refusals here are added to it."""
    refused = set() if refused is None else refused
    today = math.floor(when)
    lone = sorted((s for s, st in states.items()
                   if st.count <= LATE_SIZE and not st.full and today - LATE_DAYS <= st.last < today), key=order)
    if not lone:
        return 0
    joins = 0
    gone: set[str] = set()
    for sid in lone:
        if sid in gone or sid not in states:
            continue
        best = _best_two(sid, states, linkage)
        if best is None:
            continue
        (score, other, evidence), second = best
        # a story holding full text: the bar was set between headline readings, and a full
        # text's lead vector sits on another scale (releases-dev: the 2 late joins of short
        # notices into full-text stories were both wrong)
        if score < LATE_BAR or score - second < LATE_MARGIN or states[other].full \
                or frozenset((sid, other)) in refused:
            continue
        evidence = {**evidence, "late_join": True, "second_best_score": round(second, 3)}
        keep = unite(sid, other, evidence)
        if keep is None:
            refused.add(frozenset((sid, other)))
        else:
            joins += 1
            gone.add(sid if keep == other else other)
    return joins


def _best_two(sid: str, states: Mapping[str, _Story], linkage: Linkage
              ) -> tuple[tuple[float, str, dict[str, object]], float] | None:
    """The best story for ``sid`` by average link, with its evidence, and the second best score
    (-1 when there is none)."""
    me = states[sid]
    others: Sequence[str] = [s for s, st in states.items() if s != sid and st.total.shape == me.total.shape]
    if not others:
        return None
    if len(others) > LATE_SHORTLIST:  # as the daily check shortlists
        others = [others[i] for i in nearest(cosines_to(np.stack([states[s].total for s in others]), me.total),
                                             LATE_SHORTLIST)]
    scored = []
    for other in others:
        found = linkage(sid, other)
        if found is not None:
            scored.append((found[0], other, found[1]))
    if not scored:
        return None
    scored.sort(key=lambda x: (-x[0], x[1]))
    return scored[0], scored[1][0] if len(scored) > 1 else -1.0
