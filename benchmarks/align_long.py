"""Speed of aligning two very long documents (banded DP): 10,000 sentences a side by default.

    PYTHONPATH=src python benchmarks/align_long.py [--sentences 10000] [--runs 3]

The sentences are synthetic ("s123" / "t123": translations share a direction plus noise, one
in 97 target sentences dropped), so the figure is the aligner's own cost, not an encoder's.
Prints the median wall seconds, the cells the band kept against the full matrix, and accuracy.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from crosswire.compare import AlignParams, dp  # noqa: E402  (dp: the banded DP module)
from crosswire.compare.align import align_sides, prepare  # noqa: E402
from crosswire.embed import Embedder  # noqa: E402


class SyntheticEmbedder(Embedder):
    name = "synthetic"
    dim = 64

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = []
        for t in texts:
            k = int(t[1:])
            vec = np.random.default_rng(k).normal(size=self.dim)
            vec += np.random.default_rng(hash(t) % 2**32).normal(size=self.dim) * 0.3
            out.append(vec)
        return np.array(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sentences", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    n = args.sentences
    src = [f"s{i}" for i in range(n)]
    tgt = [f"t{i}" for i in range(n) if i % 97 != 5]
    cells: list[int] = []
    real_run = dp.run

    def recording_run(rows, cols, score, skip, band):  # type: ignore[no-untyped-def]
        cells.append(int((band.hi - band.lo + 1).sum()))
        return real_run(rows, cols, score, skip, band)

    dp.run = recording_run  # type: ignore[assignment]
    secs, acc = [], 0.0
    for _ in range(args.runs):
        t0 = time.perf_counter()
        s, t = prepare(src, tgt, SyntheticEmbedder())
        beads = align_sides(s, t, AlignParams())
        secs.append(time.perf_counter() - t0)
        pairs = [(bd.src, bd.tgt) for bd in beads if bd.src and bd.tgt]
        acc = sum((int(src[a[0]][1:]),) == tuple(int(tgt[j][1:]) for j in b) for a, b in pairs) / len(tgt)
    print(f"{n:,} x {len(tgt):,} sentences: median {statistics.median(secs):.1f} s over {args.runs} runs "
          f"({', '.join(f'{x:.1f}' for x in secs)}); band {cells[-1]:,} cells = "
          f"{cells[-1] / (n * len(tgt)):.2%} of the full matrix; pairs right {acc:.4f}")


if __name__ == "__main__":
    main()
