"""Cross-lingual search on press releases: hit@1 / hit@5 / ms per query, crosswire beside a plain-vector peer.

    python benchmarks/eval_search.py [--langs en,de] [--start 0] [--size 2400] [--queries 200]
                                     [--leave-out language|queries] [--embedder MODEL] [--cache DIR]
                                     [--slices] [--misses N] [--near] [--ask headline|first-sentence]
                                     [--tie-margin SD] [--chance SLOPE]

``--slices`` runs the three slices of releases-dev (lines 0-2400, 2400-4800, 4800-end) one
after the other and ends with one table of them all: a rule that only fits one slice shows there.

From ../shared/data/releases-dev.jsonl, lines start..start+size (versions of whole releases, in
date order) are the collection.  For each query language L, ``--queries`` releases with a version
in L and at least one in another language are picked (seeded, spread over the slice); their
L headlines are the queries.  ``--leave-out language`` keeps every L version out of the store
(the collection has no text in the query's language), ``queries`` keeps out only the query
versions (other releases' L versions stay in and compete on shared words).  The rest is
ingested the default way (text analysis, the embedder, linking) into a database kept under
``--cache`` for the next run.

A query is answered at k when its release's story (the story of any stored version of the
release) is among the first k stories returned.  The peer ranks every stored article by the
cosine between the query and its stored vector (title + first ~600 characters, the same
embedder) and keeps each story's first article, so both are judged on stories.  ms per query is
the wall time of one warm ``Crosswire.search`` (the first query, which builds the vector index,
is reported apart), on whatever else the machine is doing.  ``--near`` asks every query a second
time with its own version's date (``search(..., near=)``: the reader knows when the text they
read appeared) and prints that hit@1 / hit@5 in one more column.

``--ask first-sentence`` asks the first sentence of each query version's text instead of its
headline (same stores, same releases): a second kind of query, as a reader pastes a claim.
Each run also prints how many first places are shared by tied stories (search_ties), how many
of those are headlines another release shares, and hit@1 counting a tied first rank.

Confidence: ``sure`` is the share of queries whose first story is marked confident (above the
vector bar), and ``off-topic sure`` the share of 30 project-written queries on subjects no
release is about (benchmarks/data/search_confidence_queries.json: "cat food recipes",
"Katzenfutter selbst machen", ...) asked of the same store whose first story is so marked: a
user should see "no confident match" for those.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--langs", default="en,de", help="query languages, one run each")
    ap.add_argument("--start", type=int, default=0, help="first line of the slice")
    ap.add_argument("--size", type=int, default=2400, help="lines in the slice")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--leave-out", choices=("language", "queries"), default="language")
    from crosswire.embed import DEFAULT_EMBEDDER

    ap.add_argument("--embedder", default=DEFAULT_EMBEDDER, help="'none' for keywords only (no peer then)")
    ap.add_argument("--cache", default="/tmp/eval_search-cache", help="databases kept here between runs")
    ap.add_argument("--misses", type=int, default=0, help="print this many missed queries per language")
    ap.add_argument("--slices", action="store_true", help="lines 0, 2400 and 4800 on, --size each; one table")
    ap.add_argument("--ask", choices=("headline", "first-sentence"), default="headline",
                    help="what of the query version is asked: its headline, or the first sentence of its text")
    ap.add_argument("--tie-margin", type=float, default=None,
                    help="search_ties.TIE_MARGIN for this run (robust SD; default: the library's)")
    ap.add_argument("--chance", type=float, default=None,
                    help="search_confidence.CHANCE_PER_LOG for the embedder in this run (default: the library's)")
    ap.add_argument("--near", action="store_true",
                    help="also ask each query with its own version's date (search near=): one more column")
    args = ap.parse_args()
    if args.tie_margin is not None:
        from crosswire.link import search_ties

        search_ties.TIE_MARGIN = args.tie_margin
    if args.chance is not None:
        from crosswire.link import search_confidence

        search_confidence.CHANCE_PER_LOG = {**search_confidence.CHANCE_PER_LOG, args.embedder: args.chance}
    table: list[str] = []
    for start in (0, 2400, 4800) if args.slices else (args.start,):
        table += _run_slice(args, start)
    if len(table) > 1:
        print("\nslice        lang  n    crosswire hit@1 hit@5  ms/query   unshared hit@1 hit@5 (shared)"
              "   sure  off-topic sure   peer hit@1 hit@5" + ("   near= hit@1 hit@5" if args.near else ""))
        print("\n".join(table))


def _run_slice(args: argparse.Namespace, start: int) -> list[str]:
    """One slice, every query language: its summary lines for the final table."""

    import numpy as np

    import crosswire
    from crosswire.text.language import detect_language

    data, gold_path = SHARED / "data" / "releases-dev.jsonl", SHARED / "data" / "releases-dev.gold.json"
    if not data.exists():
        sys.exit(f"{data} not found: the shared dev data must sit beside the repo")
    gold: dict[str, str] = json.loads(gold_path.read_text(encoding="utf-8"))
    with data.open(encoding="utf-8") as f:
        lines = [line for k, line in enumerate(f) if start <= k < start + args.size]
    rows = [json.loads(line) for line in lines]
    lang = {r["id"]: detect_language(f"{r.get('title') or ''}\n{r['text']}")[0] for r in rows}
    by_release: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_release.setdefault(gold[r["id"]], []).append(r)
    embedder = None if args.embedder == "none" else args.embedder
    ask = _first_sentence if args.ask == "first-sentence" else _headline
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    table = []
    print(f"releases-dev lines {start}..{start + len(rows)}, {len(by_release)} releases; queries: {args.ask};"
          f" leave out: {args.leave_out}; embedder {args.embedder}")
    for query_lang in args.langs.split(","):
        usable = [rel for rel, docs in by_release.items()
                  if any(lang[d["id"]] == query_lang and ask(d) for d in docs)
                  and any(lang[d["id"]] != query_lang for d in docs)]
        picked = sorted(random.Random(f"{query_lang}{start}").sample(usable, min(args.queries, len(usable))),
                        key=usable.index)
        queries = [(rel, next(d for d in by_release[rel] if lang[d["id"]] == query_lang)) for rel in picked]
        # a headline that another release of the slice carries word for word in the query's
        # language ("New Confederation bonds", monthly) names no one release: counted as asked,
        # and shown apart, since no ranking can tell those releases apart from the headline alone
        same_title: dict[str, set[str]] = {}
        for r in rows:
            if lang[r["id"]] == query_lang and ask(r):
                same_title.setdefault(" ".join(ask(r).casefold().split()), set()).add(gold[r["id"]])
        twin = [len(same_title[" ".join(ask(d).casefold().split())]) > 1 for _rel, d in queries]
        left_out = ({r["id"] for r in rows if lang[r["id"]] == query_lang} if args.leave_out == "language"
                    else {d["id"] for _rel, d in queries})
        db = cache / f"releases-{start}-{args.size}-{query_lang}-{args.leave_out}-{args.embedder}.db"
        if not db.exists():
            src = db.with_suffix(".jsonl")
            src.write_text("".join(line for line, r in zip(lines, rows) if r["id"] not in left_out), encoding="utf-8")
            started = time.perf_counter()
            with crosswire.open(db.with_suffix(".part"), embedder=embedder) as cw:
                report = cw.ingest(src)
            db.with_suffix(".part").rename(db)
            print(f"  ingested {report.added} articles in {time.perf_counter() - started:.0f} s -> {db}")
        with crosswire.open(db, embedder=embedder) as cw:
            if embedder is not None:   # a database made before title vectors existed gets them once
                from crosswire.link.search_vectors import fill_title_vectors

                started = time.perf_counter()
                if made := fill_title_vectors(cw.store, cw.embedder()):
                    print(f"  title vectors for {made} older articles: {time.perf_counter() - started:.0f} s")
            story_of = {e["id"]: e["story"] or f"unlinked:{e['id']}" for e in cw.export()}
            want = [{story_of[d["id"]] for d in by_release[rel] if d["id"] in story_of} for rel, _d in queries]
            ours, times = _ours(cw, [(ask(d), None) for _rel, d in queries])
            sure = sum(bool(f) and f[0]["confident"] for f in ours) / len(ours)
            off_sure = _off_topic_sure(cw)
            ranked_ours = [[s["story"] or f"unlinked:{s['hits'][0]['id']}" for s in found] for found in ours]
            line = _score(ranked_ours, want)
            ties = _ties(ours, ranked_ours, want, twin)
            alone = _score([r for r, t in zip(ranked_ours, twin) if not t], [w for w, t in zip(want, twin) if not t])
            row = (f"{start:>4}-{start + len(rows):<6}  {query_lang:<4}  {len(queries):<4} {line[0]:>9.3f} {line[1]:.3f}"
                   f"  {statistics.median(times[1:]):>8.1f}   {alone[0]:>10.3f} {alone[1]:.3f} ({sum(twin)})"
                   f"  {sure:>5.3f} {off_sure:>5.3f}")
            near_cell = ""
            if args.near:   # the reader knows when the text they read appeared
                dated, _t = _ours(cw, [(ask(d), d.get("date")) for _rel, d in queries])
                near = _score([[s["story"] or f"unlinked:{s['hits'][0]['id']}" for s in f] for f in dated], want)
                near_cell = f"   {near[0]:>9.3f} {near[1]:.3f}"
                print(f"  {query_lang} queries with their date (near=): hit@1 {near[0]:.3f} hit@5 {near[1]:.3f}")
            print(f"  {query_lang} queries ({len(queries)}, {len(story_of)} stored): crosswire hit@1 {line[0]:.3f}"
                  f" hit@5 {line[1]:.3f}, {statistics.median(times[1:]):.1f} ms/query median"
                  f" (mean {statistics.mean(times[1:]):.1f}, first {times[0]:.0f}); read again by the full model:"
                  f" {sum(any('strong_gain' in h for s in f for h in s['hits']) for f in ours) / len(ours):.0%};"
                  f" without the {sum(twin)}"
                  f" headlines another release shares: hit@1 {alone[0]:.3f} hit@5 {alone[1]:.3f};"
                  f" first place tied: {ties[0]} queries ({ties[1]} of them shared headlines), the right story"
                  f" among the tied first: {ties[2]}; answered in the first rank (tied or alone): {ties[3]:.3f};"
                  f" first story confident: {sure:.3f} of queries, {off_sure:.3f} of off-topic queries")
            if embedder is not None:
                ids, matrix = cw.store.embeddings(cw.embedder().name)
                peer_ranked, peer_times = [], []
                for _rel, d in queries:
                    t = time.perf_counter()
                    cw.embedder().cache_clear()   # crosswire search encoded this query already
                    sims = matrix @ cw.embedder().encode([ask(d)])[0]
                    order = np.argsort(-sims)[:50]
                    peer_ranked.append(list(dict.fromkeys(story_of[ids[k]] for k in order)))
                    peer_times.append((time.perf_counter() - t) * 1000)
                line = _score(peer_ranked, want)
                row += f"   {line[0]:>10.3f} {line[1]:.3f}"
                print(f"  {query_lang} queries: plain-vector peer hit@1 {line[0]:.3f} hit@5 {line[1]:.3f},"
                      f" {statistics.median(peer_times):.1f} ms/query median")
            table.append(row + near_cell)
            shown = 0
            for (rel, d), found, w, r, t in zip(queries, ours, want, ranked_ours, twin):
                if shown >= args.misses or (r and r[0] in w):
                    continue
                shown += 1
                rank = next((k + 1 for k, s in enumerate(r) if s in w), None)
                print(f"    MISS {d['id']} {ask(d)[:90]!r} rank {rank or '>5'}{' (shared headline)' if t else ''}")
                for s in found[:3]:
                    print(f"      got {s['title'][:70]!r} {s.get('score')} {s.get('why', '')}")
                print(f"      want {[(x['id'], lang[x['id']], x['title'][:50]) for x in by_release[rel] if x['id'] != d['id']][:3]}")
    return table


OFF_TOPIC = ROOT / "benchmarks" / "data" / "search_confidence_queries.json"


def _off_topic_sure(cw: Any) -> float:
    """Share of the project-written off-topic queries (every language) whose first story is confident."""
    queries = [q for group in json.loads(OFF_TOPIC.read_text(encoding="utf-8"))["off_topic"].values() for q in group]
    found = [cw.search(q, limit=5) for q in queries]
    return sum(bool(f) and f[0]["confident"] for f in found) / len(found)


def _ours(cw: Any, queries: list[tuple[str, str | None]]) -> tuple[list[list[dict[str, Any]]], list[float]]:
    found, times = [], []
    for q, near in queries:
        t = time.perf_counter()
        found.append(cw.search(q, limit=5, near=near))
        times.append((time.perf_counter() - t) * 1000)
    return found, times


def _headline(doc: dict[str, Any]) -> str:
    return str(doc.get("title") or "")


def _first_sentence(doc: dict[str, Any]) -> str:
    """The first sentence of the text (not the headline): a claim as a reader would paste it."""
    from crosswire.text.sentences import split_sentences

    text = str(doc.get("text") or "")
    spans = split_sentences(text, None)
    return text[spans[0][0]:spans[0][1]] if spans else ""


def _ties(found: list[list[dict[str, Any]]], ranked: list[list[str]], want: list[set[str]],
          twin: list[bool]) -> tuple[int, int, int, float]:
    """(queries whose first rank is shared, of them with a shared headline, ... whose right story
    is in that shared first rank, share of queries whose right story holds rank 1 alone or tied)."""
    tied = [len([s for s in f if s.get("rank") == 1]) > 1 for f in found]
    first = [any(k in w for k, s in zip(r, f) if s.get("rank") == 1) for f, r, w in zip(found, ranked, want)]
    return (sum(tied), sum(t and w for t, w in zip(tied, twin)), sum(t and a for t, a in zip(tied, first)),
            sum(first) / (len(found) or 1))


def _score(ranked: list[list[str]], want: list[set[str]]) -> tuple[float, float]:
    n = len(want) or 1
    return (sum(bool(r[:1]) and r[0] in w for r, w in zip(ranked, want)) / n,
            sum(any(s in w for s in r[:5]) for r, w in zip(ranked, want)) / n)


if __name__ == "__main__":
    main()
