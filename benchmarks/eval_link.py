"""Version-group scores on the full dev files, with the official scorer.

    python benchmarks/eval_link.py [--data releases,pickups] [--limit N] [--out DIR] [--no-analyse]
                                   [--order file|shuffled|reversed]

Each file is ingested into a fresh database the way ``crosswire ingest`` does it (text
analysis, store, link; no embeddings), the version groups are exported as PRED.json
({doc_id: version_group_id}) and scored with ../shared/eval/score.py when it is there
(the command is printed), else with crosswire.link.evaluate.pairwise_scores (same maths).
``--order shuffled`` (seeded) or ``reversed`` feeds the file out of date order, as an archive
ingested in no particular order would be.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="releases,pickups")
    ap.add_argument("--limit", type=int, default=None, help="first N docs only")
    ap.add_argument("--out", default=None, help="where PRED.json files go (default: a temp dir)")
    ap.add_argument("--no-analyse", action="store_true", help="skip crosswire.text analysis (raw text)")
    ap.add_argument("--order", choices=("file", "shuffled", "reversed"), default="file",
                    help="feed the lines in file order, shuffled (seed 1) or reversed")
    args = ap.parse_args()

    from crosswire.link.evaluate import link_file, pairwise_scores

    out = Path(args.out or tempfile.mkdtemp(prefix="eval_link-"))
    out.mkdir(parents=True, exist_ok=True)
    scorer = SHARED / "eval" / "score.py"
    for name in args.data.split(","):
        data = SHARED / "data" / f"{name}-dev.jsonl"
        gold_path = SHARED / "data" / f"{name}-dev.gold.json"
        if not data.exists():
            sys.exit(f"{data} not found: the shared dev data must sit beside the repo")
        if args.order != "file":
            lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
            if args.order == "shuffled":
                random.Random(1).shuffle(lines)
            else:
                lines.reverse()
            data = out / f"{name}-{args.order}.jsonl"
            data.write_text("".join(lines), encoding="utf-8")
        started, cpu = time.perf_counter(), time.process_time()
        result = link_file(data, out / f"{name}.db", limit=args.limit, analyse=not args.no_analyse)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        pred = out / f"{name}.PRED.json"
        pred.write_text(json.dumps(result["groups"]), encoding="utf-8")
        gold = json.loads(gold_path.read_text())
        print(f"== {name} ({args.order} order): {result['docs']} docs, {wall:.1f} s wall ({result['docs'] / wall:.0f} docs/s),"
              f" {cpu:.1f} s CPU ({result['docs'] / cpu:.0f} docs/s CPU)")
        print("link summary:", json.dumps(result["summary"]))
        if scorer.exists() and args.limit is None:
            cmd = [sys.executable, str(scorer), "link", str(pred), str(gold_path)]
            print("$", " ".join(cmd))
            print(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip())
        else:
            scores = pairwise_scores(result["groups"], {k: v for k, v in gold.items() if k in result["groups"]})
            print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in scores.items()}))


if __name__ == "__main__":
    main()
