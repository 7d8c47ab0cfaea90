"""Banded dynamic programme over bead scores (Vecalign-style), vectorised one row at a time.

Rows are source sentences consumed, columns target sentences consumed.  Only cells inside a
monotone band ``lo[i] <= j <= hi[i]`` are stored, so memory and time grow with ``n * width``
instead of ``n * m`` -- what keeps 10,000-sentence documents tractable.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

NEG = -1e18
# Back-pointer codes; the tuple is (source sentences, target sentences) the bead consumes.
OPS: dict[int, tuple[int, int]] = {1: (1, 1), 2: (1, 0), 3: (0, 1), 4: (1, 2), 5: (2, 1)}

# score_fn(kind, i, j0, j1) -> scores of beads starting at source i and target j0..j1-1
ScoreFn = Callable[[tuple[int, int], int, int, int], np.ndarray]


@dataclass(slots=True)
class Band:
    lo: np.ndarray  # per row i in 0..n: first admissible column
    hi: np.ndarray  # per row: last admissible column (inclusive)

    @classmethod
    def full(cls, n: int, m: int) -> Band:
        return cls(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))


def _row_get(rows: list[np.ndarray], lo: np.ndarray, i: int, js: np.ndarray) -> np.ndarray:
    """Values of DP row ``i`` at columns ``js``; cells outside the band are impossible."""
    if i < 0:
        return np.full(js.shape, NEG)
    row, base = rows[i], lo[i]
    idx = js - base
    ok = (idx >= 0) & (idx < row.shape[0])
    out = np.full(js.shape, NEG)
    out[ok] = row[idx[ok]]
    return out


def run(n: int, m: int, score: ScoreFn, skip: float, band: Band) -> list[tuple[list[int], list[int]]]:
    """Best monotone segmentation into 1-1, 1-2, 2-1, 1-0, 0-1 beads; returns beads in order."""
    lo, hi = band.lo, band.hi
    rows: list[np.ndarray] = []
    ptrs: list[np.ndarray] = []
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        best = np.full(js.shape, NEG)
        ptr = np.zeros(js.shape, dtype=np.int8)
        if i == 0:
            best[js == 0] = 0.0
        else:
            cands = [(2, _row_get(rows, lo, i - 1, js) + skip)]
            ok = js >= 1
            if ok.any():
                c = np.full(js.shape, NEG)
                c[ok] = _row_get(rows, lo, i - 1, js[ok] - 1) + score((1, 1), i - 1, int(js[ok][0]) - 1, int(js[ok][-1]))
                cands.append((1, c))
            ok = js >= 2
            if ok.any():
                c = np.full(js.shape, NEG)
                c[ok] = _row_get(rows, lo, i - 1, js[ok] - 2) + score((1, 2), i - 1, int(js[ok][0]) - 2, int(js[ok][-1]) - 1)
                cands.append((4, c))
            ok = js >= 1
            if i >= 2 and ok.any():
                c = np.full(js.shape, NEG)
                c[ok] = _row_get(rows, lo, i - 2, js[ok] - 1) + score((2, 1), i - 2, int(js[ok][0]) - 1, int(js[ok][-1]))
                cands.append((5, c))
            for code, c in cands:
                better = c > best
                best[better] = c[better]
                ptr[better] = code
        # 0-1 beads chain along the row: D[j] = max_k<=j (E[k] + (j - k) * skip), a running max.
        steps = np.arange(js.shape[0]) * skip
        run_max = np.maximum.accumulate(best - steps) + steps
        moved = run_max > best + 1e-9
        best = np.where(moved, run_max, best)
        ptr[moved] = 3
        rows.append(best)
        ptrs.append(ptr)
    return _backtrace(ptrs, lo, n, m)


def _backtrace(ptrs: list[np.ndarray], lo: np.ndarray, n: int, m: int) -> list[tuple[list[int], list[int]]]:
    beads: list[tuple[list[int], list[int]]] = []
    i, j = n, m
    while i > 0 or j > 0:
        code = int(ptrs[i][j - lo[i]]) if i > 0 or j > 0 else 0
        if code == 0:
            code = 3 if i == 0 else 2  # only reachable on the first row/column edges
        di, dj = OPS[code]
        beads.append((list(range(i - di, i)), list(range(j - dj, j))))
        i, j = i - di, j - dj
    beads.reverse()
    return beads
