"""Every flag on an untouched pair and every missed dropped sentence of one drift run, with both
sentences and the detector's reason: what issue 16's fifth pass classified by hand (a reading or
an alignment of ours, or a real difference between the published versions).

    PYTHONPATH=src python benchmarks/eval_drift.py --data /tmp/s11.jsonl --out /tmp/s11.pred.jsonl
    PYTHONPATH=src python benchmarks/drift_trace.py --data /tmp/s11.jsonl --pred /tmp/s11.pred.jsonl [--kinds date,missing]

``--data`` is a drift set (drift-dev, drift-scripts or a path, as eval_drift.py takes it).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
# name flags are followed elsewhere (issue 16's names work); the rest are this script's default
DEFAULT_KINDS = "date,missing,number,meaning,added"
SHOWN_CHARS = 400  # of each sentence: enough to see the figure and what it counts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--pred", required=True, help="eval_drift.py --out file of the same set")
    ap.add_argument("--kinds", default=DEFAULT_KINDS, help="difference kinds to show on untouched pairs")
    args = ap.parse_args()
    names = {"drift-dev": "drift-dev.jsonl", "drift-scripts": "drift-scripts-dev.jsonl"}
    data = SHARED / "data" / names[args.data] if args.data in names else Path(args.data)
    kinds = set(args.kinds.split(","))
    rows = [json.loads(line) for line in data.open(encoding="utf-8")]
    preds = {p["pair"]: p["differences"] for p in map(json.loads, Path(args.pred).open(encoding="utf-8"))}
    shown = missed = 0
    for r in rows:
        diffs = preds.get(r["pair"])
        if diffs is None:
            continue
        lp = f"{r.get('a_lang')}-{r.get('b_lang')}"
        if r["change"] is None:
            for d in (d for d in diffs if d["kind"] in kinds):
                shown += 1
                print(f"FLAG {r['pair']} {lp} {d['kind']}: {d['detail']}")
                print(f"  A: {d['a_text'][:SHOWN_CHARS]}\n  B: {d['b_text'][:SHOWN_CHARS]}")
        elif r["change"]["kind"] == "drop" and not any(d["kind"] == "missing" for d in diffs):
            missed += 1
            print(f"MISSED DROP {r['pair']} {lp}: {r['change']['b_sentence_before'][:SHOWN_CHARS]}")
            for d in diffs:
                print(f"  reported instead: {d['kind']}: {d['detail'][:SHOWN_CHARS]}")
    print(f"{shown} flags of kinds {sorted(kinds)} on untouched pairs, {missed} dropped sentences missed")


if __name__ == "__main__":
    main()
