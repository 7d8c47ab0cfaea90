"""Catch-all stories on stories-dev: how they form, and what refusing, splitting or trimming does.

    python benchmarks/story_catchall.py --db DIR/stories.db [--log-size 100] [--cells]

``DIR`` is an ``eval_stories.py --data stories --db-dir DIR`` database (its stored vectors and
signatures; the short texts are read again by the full model, as ``--sensitivity`` does).  The
story assigner is replayed alone (``eval_stories.assigner_alone``) and

* every merge whose two parts both hold ``--log-size`` groups or more is printed: sizes, each
  part's cohesion (mean cosine of its members to its centroid, ``|sum| / n`` of unit vectors),
  the merged cohesion, and each part's two largest gold events;
* then the replay again with one mechanism each, B-cubed on the whole file and on its halves
  (week 1, weeks 2-3), as the README's fifth-round table:

  - ``refuse K N``: the daily check refuses a merge whose merged cohesion is under K times the
    tighter part's, among parts of N groups or more;
  - ``split R``: at each daily check, a story of 20+ groups that grew is cut in two by 2-means
    on its members' centred vectors, and the smaller part leaves when
    ``|t0 + t1| / (|t0| + |t1|)`` (1: the parts point one way) is under R;
  - ``trim F``: members of a story of 20+ groups whose cosine to its centroid is under F times
    its cohesion leave as stories of their own.

The mechanisms are patched onto ``StoryClusters`` here, not in the library: none beat the
replay without them on both halves (README, "Stories on real news", fifth round).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
SHARED = ROOT.parent / "shared"
#: The replay cells of the README's tables: the defaults, then JOIN and SETTLE 0.05 either side.
CELLS: list[dict[str, float]] = [{}, {"JOIN": 0.35}, {"JOIN": 0.45}, {"SETTLE": 0.35}, {"SETTLE": 0.45}]
#: Groups a story needs before split and trim look at it (smaller stories cost little precision).
BIG = 20


def cohesion(total: np.ndarray, count: int) -> float:
    """Mean cosine of unit member vectors to their centroid: ``|sum| / n``."""
    return float(np.linalg.norm(total)) / count if count else 0.0


def two_means(x: np.ndarray) -> np.ndarray | None:
    """Labels 0/1 of a deterministic 2-means on unit rows (seeds: the member farthest from the
    centroid, then the one farthest from it); None where one side empties."""
    first = int(np.argmin(x @ x.sum(0)))
    second = int(np.argmin(x @ x[first]))
    cents, labels = np.stack([x[first], x[second]]), None
    for _ in range(10):
        new = np.argmax(x @ cents.T, axis=1)
        if labels is not None and (new == labels).all():
            break
        labels = new
        if labels.min() == labels.max():
            return None
        cents = np.stack([x[labels == k].sum(0) for k in (0, 1)])
        cents /= np.linalg.norm(cents, axis=1, keepdims=True)
    return labels


def replay(conn, read, gold, articles, mechanism: str, args: list[float], log_size: int | None = None,
           **cell: float) -> dict[str, float]:
    """One replay with ``mechanism`` patched in; B-cubed F1 all / week1 / later."""
    import crosswire.link.story_cluster as sc
    import eval_stories as es

    moved: dict[str, str] = {}
    times: dict[str, float] = {}            # group -> its arrival (a part that leaves keeps its clock)
    absorbed: dict[str, str] = {}
    made = [0]
    orig_settle, orig_merge, orig_add = sc.StoryClusters.settle, sc.StoryClusters.merge, sc.StoryClusters.add

    def members(self, sid: str) -> list[str]:
        return sorted(g for g, (s, *_r) in self.where.items() if s == sid)

    def leave(self, gid: str, when: float) -> None:
        made[0] += 1
        _s, v, f, full = self.where[gid]
        self.add(f"cut{made[0]}", gid, v, times.get(gid, when), f, full)
        moved[gid] = f"cut{made[0]}"

    def settle(self, when: float, unite: Callable) -> int:
        for sid in sorted((s for s in self.grown if s in self.states), key=sc._order):
            gids = members(self, sid)
            if len(gids) < BIG or mechanism not in ("split", "trim"):
                continue
            x = np.stack([self.where[g][1] for g in gids])
            if mechanism == "trim":
                total = x.sum(0)
                cos = x @ total / np.linalg.norm(total)
                for g in [g for g, c in zip(gids, cos) if c < args[0] * cohesion(total, len(gids))]:
                    leave(self, g, when)
                continue
            labels = two_means(x)
            if labels is None:
                continue
            t0, t1 = x[labels == 0].sum(0), x[labels == 1].sum(0)
            if np.linalg.norm(t0 + t1) / (np.linalg.norm(t0) + np.linalg.norm(t1)) < args[0]:
                small = 0 if (labels == 0).sum() < (labels == 1).sum() else 1
                for g in [g for g, k in zip(gids, labels) if k == small]:
                    leave(self, g, when)

        def guarded(a: str, b: str, evidence: dict[str, object]) -> str | None:
            sa, sb = self.states[a], self.states[b]
            if mechanism == "absorb":
                return absorb(self, a, b, evidence, unite)
            parts = [cohesion(s.total, s.count) for s in (sa, sb) if s.count >= args[1]]
            if parts and cohesion(sa.total + sb.total, sa.count + sb.count) < args[0] * max(parts):
                return None
            return unite(a, b, evidence)
        return orig_settle(self, when, guarded if mechanism in ("refuse", "absorb") else unite)

    def absorb(self, a: str, b: str, evidence: dict[str, object], unite: Callable) -> str | None:
        sa, sb = self.states[a], self.states[b]
        if min(sa.count, sb.count) < BIG:
            return unite(a, b, evidence)
        tight, loose = (a, b) if cohesion(sa.total, sa.count) >= cohesion(sb.total, sb.count) else (b, a)
        st = self.states[tight]
        gids = members(self, loose)
        x = np.stack([self.where[g][1] for g in gids])
        close = x @ st.total / np.linalg.norm(st.total) >= args[0] * cohesion(st.total, st.count)
        if close.mean() >= args[1]:
            return unite(a, b, evidence)
        for g in [g for g, c in zip(gids, close) if c]:
            _s, v, f, full = self.where[g]
            self.add(tight, g, v, times.get(g, self.newest), f, full)
            moved[g] = tight
        return None


    def merge(self, keep: str, gone: str) -> None:
        a, b = self.states.get(keep), self.states.get(gone)
        if log_size and a is not None and b is not None and min(a.count, b.count) >= log_size:
            events = [Counter(gold.get(g) for g in members(self, s)).most_common(2) for s in (keep, gone)]
            print(f"  merge day {int(self.newest)}: {a.count} + {b.count} groups, cohesion"
                  f" {cohesion(a.total, a.count):.3f} / {cohesion(b.total, b.count):.3f} ->"
                  f" {cohesion(a.total + b.total, a.count + b.count):.3f}; events {events[0]} / {events[1]}")
        absorbed[gone] = keep
        orig_merge(self, keep, gone)

    def add(self, sid: str, gid: str, vector: np.ndarray, when: float, features, full: bool = False) -> None:
        times.setdefault(gid, when)
        orig_add(self, sid, gid, vector, when, features, full)

    sc.StoryClusters.settle, sc.StoryClusters.merge, sc.StoryClusters.add = settle, merge, add
    try:
        part: dict[str, str] = {}
        es.assigner_alone(conn, read, gold, partition=part, **cell)
    finally:
        sc.StoryClusters.settle, sc.StoryClusters.merge, sc.StoryClusters.add = orig_settle, orig_merge, orig_add
    final = {}
    for doc, sid in part.items():
        sid = moved.get(doc, sid)
        while sid in absorbed:
            sid = absorbed[sid]
        final[doc] = sid
    halves = es.halves(final, gold, articles)
    return {"all": es.score(final, gold)["bcubed_f1"], "week1": halves["week1"]["bcubed_f1"],
            "later": halves["later"]["bcubed_f1"], "moved": len(moved)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="an eval_stories.py stories database")
    ap.add_argument("--only", default=None, help="the replay without mechanisms and this one only (a name, or e.g. 'split [0.85]')")
    ap.add_argument("--cells", action="store_true",
                    help="each run on the five cells of the README's replay table (default, JOIN and SETTLE"
                         " 0.05 either side), then their mean")
    ap.add_argument("--log-size", type=int, default=100, help="print merges of two stories this big")
    args = ap.parse_args()

    import eval_stories as es
    from crosswire.app import Crosswire
    from crosswire.link.evaluate import read_articles

    gold = json.loads((SHARED / "data" / "stories-dev.gold.json").read_text())
    articles = list(read_articles(SHARED / "data" / "stories-dev.jsonl", None))
    with Crosswire(Path(args.db), embedder=None, read_only=True) as cw:
        ids, vectors = cw.store.embeddings("usem3-static")
        read = es.short_readings(cw, dict(zip(ids, vectors)), "usem3-static", "full")
        runs = [("none", [])] + [("refuse", [k, n]) for k, n in ((0.7, 3), (0.8, 3), (0.7, 10), (0.85, 100))] \
            + [("split", [r]) for r in (0.83, 0.85, 0.86, 0.87, 0.89)] + [("trim", [f]) for f in (0.3, 0.5)] \
            + [("absorb", [f, m]) for f, m in ((1.0, 0.5), (0.8, 0.5), (1.0, 0.3), (1.2, 0.5))]
        runs = [r for r in runs if not args.only or r[0] == "none" or f"{r[0]} {r[1]}" == args.only or r[0] == args.only]
        for i, (mechanism, values) in enumerate(runs):
            if i == 0:
                print(f"merges of two stories of {args.log_size}+ groups (replay, default cell):")
            cells = CELLS if args.cells else CELLS[:1]
            found = [replay(cw.store.conn, read, gold, articles, mechanism, values,
                            args.log_size if i == 0 and not k else None, **cell) for k, cell in enumerate(cells)]
            for cell, f in zip(cells, found):
                print(f"{mechanism} {values} {cell or 'default cell'}: B-cubed F1 all {f['all']:.4f}"
                      f" week 1 {f['week1']:.4f} weeks 2-3 {f['later']:.4f}; groups moved out {f['moved']}", flush=True)
            if args.cells:
                print(f"{mechanism} {values} mean of the five: " + " ".join(
                    f"{h} {np.mean([f[h] for f in found]):.4f}" for h in ("all", "week1", "later")), flush=True)


if __name__ == "__main__":
    main()
