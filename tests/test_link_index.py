"""The linker's in-memory window: what it keeps, and for how long."""
from __future__ import annotations

from crosswire.link.feature import FeatureKind, feature
from crosswire.link.index import WindowIndex
from crosswire.link.signature import Signature


def _sig(article_id: str, published: str | None) -> Signature:
    return Signature(article_id=article_id, language="en", published=published, source="wire", length=100,
                     features=frozenset({feature(FeatureKind.NAME, article_id)}), chunks=(), chunk_chars=())


def test_undated_articles_age_with_the_stream_not_only_by_count() -> None:
    index = WindowIndex(window_days=3, horizon_days=30, undated_keep=1000, use_minhash=False)
    index.add(_sig("early-undated", None))           # before any date: ages from the first one
    index.add(_sig("d1", "2024-03-01"))
    index.add(_sig("undated", None))
    index.add(_sig("d2", "2024-03-25"))
    assert {"early-undated", "undated", "d1", "d2"} <= set(index.by_id)   # within the horizon
    window = {index.entries[k].sig.article_id for k in index.undated}
    assert window == {"early-undated", "undated"}    # undated ones are candidates for every date

    index.add(_sig("d3", "2024-04-15"))              # the stream is now 45 days past their arrival
    assert "undated" not in index and "early-undated" not in index and "d1" not in index
    assert {"early-undated", "undated", "d1"} <= set(index.evicted)   # the linker is told, to flush them
    assert "d2" in index and "d3" in index
    index.add(_sig("late-undated", None))
    assert "late-undated" in index


def test_a_stream_without_dates_keeps_the_newest_undated_by_count() -> None:
    index = WindowIndex(undated_keep=3, use_minhash=False)
    for i in range(5):
        index.add(_sig(f"u{i}", None))
    assert [index.entries[k].sig.article_id for k in index.undated] == ["u2", "u3", "u4"]
    assert index.evicted == ["u0", "u1"]


def test_a_month_dated_article_stays_until_a_horizon_past_its_month() -> None:
    """'2022-11' (presseportal's precision) is news of all of November, whenever it arrives."""
    index = WindowIndex(window_days=3, horizon_days=30, undated_keep=1000, use_minhash=False)
    index.add(_sig("march", "2024-03-01"))
    month = Signature(article_id="may-only", language="de", published=None, source="wire", length=100,
                      features=frozenset({feature(FeatureKind.NAME, "may")}), chunks=(), chunk_chars=(), month="2024-05")
    index.add(month)
    index.add(_sig("june-20", "2024-06-20"))      # 20 days past May: still a candidate
    assert "may-only" in index and "march" not in index
    index.add(_sig("july-05", "2024-07-05"))      # 35 days past May
    assert "may-only" not in index and "may-only" in index.evicted


def test_articles_dated_before_the_horizon_are_bounded_by_count() -> None:
    """Out of date order no new day pushes old articles out: a count does."""
    index = WindowIndex(window_days=3, horizon_days=30, late_keep=2, use_minhash=False)
    index.add(_sig("new", "2024-06-01"))
    for i in range(4):
        index.add(_sig(f"old{i}", f"2024-01-0{i + 1}"))
    assert [d for d in ("old0", "old1", "old2", "old3") if d in index] == ["old2", "old3"]
    assert index.evicted == ["old0", "old1"] and "new" in index


def test_late_articles_that_left_do_not_count_toward_the_bound() -> None:
    """A late article taken out (a new day, or the linker moving it) must not push out a live one."""
    index = WindowIndex(window_days=3, horizon_days=30, late_keep=2, use_minhash=False)
    index.add(_sig("new", "2024-06-01"))
    index.add(_sig("old0", "2024-01-01"))
    index.add(_sig("old1", "2024-01-02"))
    index.remove("old1")
    index.add(_sig("old2", "2024-01-03"))
    assert "old0" in index and "old2" in index, "evicted by the key of an article already gone"
    assert index.evicted == [] and len(index.late) == 2
    index.add(_sig("newer", "2024-06-02"))        # a new day: every late article leaves with its day
    assert "old0" not in index and "old2" not in index and len(index.late) == 0
