"""MinHash LSH over the first words of an article (rensa: ~20x faster than datasketch here).

Sentence hashes miss a reprint whose every sentence was touched (typography, a changed
word per line); word 3-gram MinHash of the lead still finds it.  Only the lead is
sketched because copies are cut to their first paragraphs: the whole text of a long
original and its short copy would never look alike.
"""
from __future__ import annotations

from typing import Any

from ..deps import require

NUM_PERM = 64
BANDS = 16          # 4 rows a band: a pair at Jaccard 0.6 is found with p=0.88, at 0.3 with p=0.12
MIN_SHINGLES = 12   # fewer than this and the sketch says nothing


class LeadLSH:
    def __init__(self, threshold: float = 0.5) -> None:
        self._rensa = require("rensa", "link")
        self.lsh: Any = self._rensa.RMinHashLSH(threshold=threshold, num_perm=NUM_PERM, num_bands=BANDS)
        self.sketches: dict[int, Any] = {}

    def sketch(self, shingles: tuple[str, ...]) -> Any | None:
        if len(shingles) < MIN_SHINGLES:
            return None
        m = self._rensa.RMinHash(num_perm=NUM_PERM, seed=17)
        m.update(list(shingles))
        return m

    def add(self, key: int, shingles: tuple[str, ...]) -> None:
        m = self.sketch(shingles)
        if m is not None:
            self.lsh.insert(key, m)
            self.sketches[key] = m

    def remove(self, key: int) -> None:
        if self.sketches.pop(key, None) is not None:
            self.lsh.remove(key)

    def query(self, shingles: tuple[str, ...]) -> list[int]:
        m = self.sketch(shingles)
        return [] if m is None else list(self.lsh.query(m))

    def jaccard(self, a: int, b: int) -> float:
        ma, mb = self.sketches.get(a), self.sketches.get(b)
        return 0.0 if ma is None or mb is None else float(ma.jaccard(mb))
