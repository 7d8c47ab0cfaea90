"""Many writers into one database: version groups against one sequential ingest and against gold.

    python benchmarks/many_writers.py [--data releases] [--limit 2000] [--writers 2] [--embedder none]

The first ``--limit`` lines of the dev file are split into ``--writers`` consecutive parts;
one ``crosswire ingest`` process per part is started at the same moment on one fresh
database, and one more ingests all lines alone into another. Both databases' version groups
are exported and scored with the official scorer (pairwise F1 against gold), and the
concurrent one against the sequential one. Prints exit codes, article counts and scores.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"


def _ingest(paths: list[Path], db: Path, embedder: str) -> list[subprocess.Popen[bytes]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return [subprocess.Popen([sys.executable, "-m", "crosswire", "ingest", str(p), "--db", str(db),
                              "--embedder", embedder, "--json"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for p in paths]


def _groups(db: Path, key: str = "version_group") -> dict[str, str]:
    from crosswire.app import Crosswire

    with Crosswire(db, embedder=None, read_only=True) as cw:
        return {r["id"]: r[key] for r in cw.export()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="releases")
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--writers", type=int, default=2)
    ap.add_argument("--embedder", default="none")
    args = ap.parse_args()
    from crosswire.link.evaluate import pairwise_scores

    data = SHARED / "data" / f"{args.data}-dev.jsonl"
    gold = json.loads((SHARED / "data" / f"{args.data}-dev.gold.json").read_text(encoding="utf-8"))
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)[:args.limit]
    out = Path(tempfile.mkdtemp(prefix="concurrent-"))
    step = -(-len(lines) // args.writers)
    parts = []
    for i in range(args.writers):
        part = out / f"part{i}.jsonl"
        part.write_text("".join(lines[i * step:(i + 1) * step]), encoding="utf-8")
        parts.append(part)
    whole = out / "all.jsonl"
    whole.write_text("".join(lines), encoding="utf-8")

    started = time.perf_counter()
    procs = _ingest(parts, out / "many.db", args.embedder)
    codes = [p.wait() for p in procs]
    many_s = time.perf_counter() - started
    for p in procs:
        err = p.stderr.read().decode() if p.stderr else ""
        if err.strip():
            print(err.strip()[-2000:], file=sys.stderr)
    started = time.perf_counter()
    (one,) = _ingest([whole], out / "one.db", args.embedder)
    one_code = one.wait()
    one_s = time.perf_counter() - started

    many, single = _groups(out / "many.db"), _groups(out / "one.db")
    gold = {d: g for d, g in gold.items() if d in single}
    s_many, s_one = pairwise_scores(many, gold), pairwise_scores(single, gold)
    s_vs = pairwise_scores(many, single)
    print(f"{args.writers} writers: exit {codes}, {len(many)} articles, {many_s:.1f} s;"
          f" one writer: exit {one_code}, {len(single)} articles, {one_s:.1f} s")
    print(f"pairwise F1 vs gold: {args.writers} writers {s_many['pair_f1']:.4f} (P {s_many['pair_p']:.4f}"
          f" R {s_many['pair_r']:.4f}); one writer {s_one['pair_f1']:.4f};"
          f" ratio {s_many['pair_f1'] / s_one['pair_f1']:.4f}")
    print(f"pairwise F1 of {args.writers} writers vs one writer: {s_vs['pair_f1']:.4f}")
    stories = pairwise_scores(_groups(out / "many.db", "story"), _groups(out / "one.db", "story"))
    print(f"stories, pairwise F1 of {args.writers} writers vs one writer: {stories['pair_f1']:.4f}")
    print(f"files in {out}")


if __name__ == "__main__":
    main()
