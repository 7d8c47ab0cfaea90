"""Why the ingest's stories differ from the replay's: which path placed each group.

    python benchmarks/story_paths.py [--limit N] [--batch 64] [--db DIR/x.db] [--patch NAME ...]

Ingests stories-dev (``workers=0``, the default embedder, as ``eval_stories.py``) with the
story placement watched: for each group a batch placed, which path decided it

* ``evidence``: it shared enough names and figures with another group (``stories.place``
  with candidates), before meaning was asked;
* ``meaning-join`` / ``meaning-open``: meaning placed it in a story, or found none;
* ``keeps`` / ``keeps-lost``: a group whose members changed stayed in its story by meaning,
  or did not (then names and figures decide, with its old story inherited);

and how many groups hold several articles (the replay counts one article per group).  Then
B-cubed F1 on the whole file and on each half, as ``eval_stories.py`` prints them.
``--patch`` switches one difference off, to measure what it costs (in this script only):

* ``no-evidence``: short groups skip the names-and-figures path (meaning decides alone, as
  in the replay);
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
SHARED = ROOT.parent / "shared"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--batch", type=int, default=64, help="ingest batch size (ingest's default 64)")
    ap.add_argument("--db", default=None, help="database path (default: a temp dir)")
    ap.add_argument("--patch", action="append", default=[], choices=("no-evidence",))
    ap.add_argument("--log", default=None, help="write each meaning decision (group's docs, joined, score) here")
    ap.add_argument("--replay", default=None, metavar="DB",
                    help="no ingest: replay the assigner on DB's vectors, per article and with DB's version groups")
    args = ap.parse_args()
    if args.replay:
        return replay(Path(args.replay))

    import crosswire.link.flush as flush
    import crosswire.link.story_meaning as sm
    import crosswire.link.stories as st
    from crosswire.app import Crosswire
    from crosswire.embed import DEFAULT_EMBEDDER
    from crosswire.link.evaluate import read_articles
    from eval_stories import halves, score

    paths: Counter[str] = Counter()
    place, keeps, story_place = sm.StoryMeaning.place, sm.StoryMeaning.keeps, st.Stories.place

    log = open(args.log, "w") if args.log else None

    def watched_place(self: sm.StoryMeaning, gid: str) -> bool:
        decide = self.clusters.decide
        seen: list[object] = []

        def decide_watched(*a, **k):
            d = decide(*a, **k)
            seen.append(d)
            return d
        self.clusters.decide = decide_watched
        try:
            found = place(self, gid)
        finally:
            del self.clusters.decide
        paths["meaning-join" if found else "meaning-open"] += 1
        if log is not None:
            docs = sorted(self.state.clusters.docs_of.get(gid, ()))
            d = seen[0] if seen else None
            log.write(f"{docs} {found} {round(d.score, 4) if d else None} {d.evidence.get('centroid_cosine') if d else None}\n")
        return found

    def watched_keeps(self: sm.StoryMeaning, gid: str, sid: str) -> bool:
        found = keeps(self, gid, sid)
        paths["keeps" if found else "keeps-lost"] += 1
        return found

    def watched_story_place(self: st.Stories, gid: str, candidates, inherited, evidence, threshold) -> str:
        candidates = list(candidates)
        paths["evidence" if candidates else "evidence-none"] += 1
        return story_place(self, gid, candidates, inherited, evidence, threshold)

    sm.StoryMeaning.place, sm.StoryMeaning.keeps = watched_place, watched_keeps
    st.Stories.place = watched_story_place
    if "no-evidence" in args.patch:
        real = flush.StoryEvidence.candidates

        def candidates(self, gid: str):  # short groups: meaning alone decides
            docs = self.state.clusters.docs_of.get(gid, ())
            lengths = [e.sig.length for d in docs if (e := self.state.entry_of(d))]
            return [] if lengths and max(lengths) < sm.FULL_TEXT_CHARS else real(self, gid)
        flush.StoryEvidence.candidates = candidates

    data = SHARED / "data" / "stories-dev.jsonl"
    gold_path = SHARED / "data" / "stories-dev.gold.json"
    if not data.exists():
        sys.exit(f"{data} not found: the shared dev data must sit beside the repo")
    articles = list(read_articles(data, args.limit))
    db = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="story_paths-")) / "stories.db"
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    with Crosswire(db, embedder=DEFAULT_EMBEDDER) as cw:
        cw.ingest_articles(articles, embed=True, workers=0, batch_size=args.batch)
    wall = time.perf_counter() - started
    with Crosswire(db, embedder=None, read_only=True) as cw:
        rows = cw.export()
    stories = {r["id"]: r["story"] for r in rows if r["story"]}
    groups = Counter(r["version_group"] for r in rows)
    gold = json.loads(gold_path.read_text())
    print(f"{len(articles)} docs, batch {args.batch}, patches {args.patch or 'none'}, {wall:.0f} s")
    print("paths:", json.dumps(dict(sorted(paths.items()))))
    print(f"groups: {len(groups)}, of several articles {sum(n > 1 for n in groups.values())}"
          f" holding {sum(n for n in groups.values() if n > 1)} articles")
    found = score(stories, gold)
    print("stories:", json.dumps({k: found[k] for k in ("bcubed_p", "bcubed_r", "bcubed_f1", "pair_f1") if k in found}),
          "by half:", json.dumps(halves(stories, gold, articles)))


def replay(db: Path) -> None:
    """The replay per article (``eval_stories.assigner_alone``) and with the version groups."""
    from crosswire.app import Crosswire
    from crosswire.embed import DEFAULT_EMBEDDER
    from eval_stories import assigner_alone, short_readings

    gold = json.loads((SHARED / "data" / "stories-dev.gold.json").read_text())
    with Crosswire(db, embedder=None, read_only=True) as cw:
        ids, vectors = cw.store.embeddings(DEFAULT_EMBEDDER)
        read = short_readings(cw, dict(zip(ids, vectors)), DEFAULT_EMBEDDER)
        group_of = {r["id"]: r["version_group"] for r in cw.export()}
        for name, found in (("per article", assigner_alone(cw.store.conn, read, gold)),
                            ("version groups", assigner_alone(cw.store.conn, read, gold, group_of=group_of))):
            print(f"replay, {name}: " + "; ".join(f"{half} B-cubed F1 {s['bcubed_f1']:.4f} (P {s['bcubed_p']:.3f}"
                                                   f" R {s['bcubed_r']:.3f}) pairwise F1 {s['pair_f1']:.3f}"
                                                   for half, s in found.items()), flush=True)


if __name__ == "__main__":
    main()
