"""Watch mode against a loopback feed that changes between polls: new pages, edited pages, 304s."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from webfixtures import (
    Reply,
    Seen,
    Site,
    article_page,
    rss,
    site_fixture,  # noqa: F401 - the pytest fixture "site"
)

import crosswire
from crosswire.ingest.watch import read_feed_list

ROOT = Path(__file__).resolve().parents[1]
TEXTS = {
    "a": ("The council of Lumen Bay voted to build a tram line along the harbour on Tuesday. "
          "The line will be 7.5 km long and cost 240 million euros.\n\nConstruction starts in 2026."),
    "b": ("Fishermen in Port Aster reported the best sardine season in a decade. Catches rose by 30 per cent "
          "compared with last year.\n\nPrices at the market fell slightly."),
    "c": ("The regional airport will add three routes this summer, to Lisbon, Vienna and Krakow. "
          "The first flight leaves on 2 June.\n\nTickets go on sale on Friday."),
}


class News:
    """A site whose feed and pages the test edits between rounds; ETags follow the content."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.texts = {k: TEXTS[k] for k in ("a", "b")}
        site.add("/feed.xml", self._feed)
        for key in TEXTS:
            site.add(f"/{key}.html", lambda seen, key=key: self._page(key))

    @property
    def feed_url(self) -> str:
        return self.site.url("/feed.xml")

    def _feed(self, seen: Seen) -> Reply:
        body = rss([{"link": self.site.url(f"/{k}.html"), "title": f"Story {k}"} for k in sorted(self.texts)])
        return Reply(body.encode(), content_type="application/rss+xml", etag=_etag(body))

    def _page(self, key: str) -> Reply:
        if key not in self.texts:
            return Reply(b"not yet", status=404)
        html = article_page(f"Story {key}", self.texts[key])
        return Reply(html.encode(), etag=_etag(html))


def _etag(body: str) -> str:
    return '"' + hashlib.sha1(body.encode()).hexdigest()[:12] + '"'


def test_feed_that_changes_between_polls(site: Site, db_path: Path) -> None:
    news = News(site)
    with crosswire.open(db_path, embedder=None) as cw:
        watcher = cw.watcher([news.feed_url], allow_private=True, link=False)
        r1 = watcher.round()
        assert (r1.feeds, r1.new, r1.changed, r1.unchanged, r1.errors) == (1, 2, 0, 0, [])
        first = {a.url: a.id for a in cw.articles()}

        news.texts["a"] = TEXTS["a"].replace("240 million", "310 million") + " The mayor defended the cost."
        news.texts["c"] = TEXTS["c"]
        r2 = watcher.round()
        assert (r2.new, r2.changed, r2.unchanged, r2.not_modified) == (1, 1, 1, 0), r2.to_dict()
        old_id = first[site.url("/a.html")]
        (pair,) = r2.revisions
        assert pair == (old_id, f"{old_id}-r2")
        new = cw.article(f"{old_id}-r2")
        assert new.metadata["revision_of"] == old_id and "310 million" in new.text
        assert "240 million" in cw.article(old_id).text                       # the old version is kept
        assert [v["id"] for v in cw.revisions(old_id)] == [old_id, f"{old_id}-r2"]
        assert len(cw.articles()) == 4                                         # a, a-r2, b, c
        # the unchanged page was asked for conditionally and answered 304
        assert site.hits("/b.html")[-1].headers.get("if-none-match")

        r3 = watcher.round()  # nothing changed: the feed itself is 304 and the tracked pages too
        assert (r3.not_modified, r3.new, r3.changed, r3.unchanged) == (1, 0, 0, 3), r3.to_dict()
        assert site.hits("/feed.xml")[-1].headers.get("if-none-match")
        (state,) = cw.feed_states()
        assert state["last_status"] == 304 and state["errors"] == 0 and state["etag"] and state["items"] == 3
        assert "round 3" in r3.line() and "1 not modified" in r3.line()

        try:
            from crosswire.compare import compare
        except ImportError:
            return  # compare not built yet
        # `crosswire compare OLD NEW`: the edit shows up as a changed figure
        result = json.dumps(compare(cw.article(old_id), cw.article(f"{old_id}-r2")).to_dict(), default=str)
        assert "310" in result and "240" in result


def test_restart_keeps_state_and_a_second_edit_chains(site: Site, db_path: Path) -> None:
    news = News(site)
    with crosswire.open(db_path, embedder=None) as cw:
        cw.watcher([news.feed_url], allow_private=True, link=False).round()
        base = next(a.id for a in cw.articles() if a.url == site.url("/a.html"))
    for n, edit in ((2, "First correction."), (3, "Second correction.")):
        news.texts["a"] += " " + edit
        with crosswire.open(db_path, embedder=None) as cw:  # a fresh process would see the same
            report = cw.watcher([news.feed_url], allow_private=True, link=False).round()
            assert report.changed == 1 and report.revisions[0][1] == f"{base}-r{n}"
    with crosswire.open(db_path, embedder=None) as cw:
        chain = cw.revisions(f"{base}-r2")
        assert [(v["id"], v["revision_of"]) for v in chain] == [
            (base, None), (f"{base}-r2", base), (f"{base}-r3", f"{base}-r2")]
        rows = cw.store.conn.execute("SELECT revision_of FROM article_revisions ORDER BY revision").fetchall()
        assert [r[0] for r in rows] == [base, f"{base}-r2"]


def test_failing_feed_is_recorded_and_backs_off(site: Site, db_path: Path) -> None:
    news = News(site)
    site.add("/down.xml", Reply(b"down", status=404))
    broken = site.page("/broken.xml", "<rss><channel><<<", content_type="application/rss+xml")
    down = site.url("/down.xml")
    with crosswire.open(db_path, embedder=None) as cw:
        watcher = cw.watcher([down, broken, news.feed_url], allow_private=True, link=False)
        r1 = watcher.round()
        assert r1.failed == 2 and r1.new == 2                  # the good feed still went in
        assert {e.source for e in r1.errors} == {down, broken}
        r2 = watcher.round()
        assert r2.failed == 2 and r2.backing_off == 0          # a second try straight away
        r3 = watcher.round()
        assert r3.backing_off == 2 and r3.feeds == 1           # then exponential back-off
        states = {s["url"]: s for s in cw.feed_states()}
        assert states[down]["errors"] == 2 and "404" in states[down]["last_error"] and states[down]["not_before"]
        assert "malformed feed XML" in states[broken]["last_error"]
        assert any(e["source"] == down for e in cw.store.errors())


def test_a_page_listed_directly_is_watched(site: Site, db_path: Path) -> None:
    texts = {"now": TEXTS["b"]}
    url = site.add("/live.html", lambda seen: Reply(article_page("Live", texts["now"]).encode()))
    with crosswire.open(db_path, embedder=None) as cw:
        watcher = cw.watcher([url], allow_private=True, link=False)
        assert watcher.round().new == 1
        texts["now"] = TEXTS["b"] + " Update: the harbour master confirmed the figures."
        r2 = watcher.round()
        assert r2.changed == 1 and r2.pages == 1


def test_feed_list_file(tmp_path: Path) -> None:
    f = tmp_path / "feeds.txt"
    f.write_text("# my feeds\nhttps://a.example/feed.xml\n\nhttps://b.example/rss  # comment\n"
                 "https://a.example/feed.xml\n", encoding="utf-8")
    assert read_feed_list(f) == ["https://a.example/feed.xml", "https://b.example/rss"]
    f.write_text("https://a.example/feed.xml\nftp://nope\n", encoding="utf-8")
    with pytest.raises(crosswire.errors.InputError, match=":2"):
        read_feed_list(f)


def test_cli_watch_rounds_json(site: Site, db_path: Path, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    from crosswire.cli import main

    monkeypatch.setenv("CROSSWIRE_ALLOW_PRIVATE", "1")  # not read: only --allow-private opens loopback
    news = News(site)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(news.feed_url + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["watch", str(feeds), "--every", "0.1s", "--rounds", "2", "--db", str(db_path),
                                       "--embedder", "none", "--no-link", "--allow-private", "--json"])
    assert result.exit_code == 0, result.output
    rounds = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["new"] for r in rounds] == [2, 0] and rounds[1]["unchanged"] == 2
    out = CliRunner().invoke(main, ["feeds", "--db", str(db_path), "--json"])
    assert json.loads(out.stdout)[0]["url"] == news.feed_url


def test_ctrl_c_stops_cleanly(site: Site, db_path: Path, tmp_path: Path) -> None:
    news = News(site)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, "-m", "crosswire", "watch", news.feed_url, "--every", "30s", "--db", str(db_path),
           "--embedder", "none", "--no-link", "--allow-private"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith("round 1 "), line + proc.stderr.read()  # type: ignore[union-attr]
        assert "2 new" in line
        proc.send_signal(signal.SIGINT)  # while it waits for round 2
        _, err = proc.communicate(timeout=60)  # a loaded CI box can be slow to wind down
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stopped after 1 rounds" in err and "Traceback" not in err
    with crosswire.open(db_path, embedder=None, read_only=True) as cw:
        assert len(cw.articles()) == 2


def test_sigterm_mid_round_loses_nothing(site: Site, db_path: Path) -> None:
    news = News(site)
    site.add("/slow.xml", Reply(b"", delay=30))  # round 1 hangs on this feed after the good one
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, "-m", "crosswire", "watch", news.feed_url, site.url("/slow.xml"), "--every", "1s",
           "--db", str(db_path), "--embedder", "none", "--no-link", "--allow-private"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 15
        while not site.hits("/slow.xml") and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and "stopped after" in err, err
    with crosswire.open(db_path, embedder=None) as cw:
        assert cw.articles() == []  # the interrupted round stored nothing half-way ...
        report = cw.watcher([news.feed_url], allow_private=True, link=False).round()
        assert report.new == 2      # ... and the next run does it in full


def test_an_item_whose_page_failed_is_retried_next_round(site: Site, db_path: Path) -> None:
    from crosswire.ingest.fetch import Fetcher, FetchOptions

    news = News(site)
    answers = iter([Reply(b"busy", status=503)])
    site.add("/b.html", lambda seen: next(answers, None) or Reply(article_page("Story b", TEXTS["b"]).encode()))
    with crosswire.open(db_path, embedder=None) as cw:
        fetcher = Fetcher(FetchOptions(allow_private=True, retries=0))
        watcher = cw.watcher([news.feed_url], fetcher=fetcher, link=False)
        r1 = watcher.round()
        assert r1.new == 1 and [e.source for e in r1.errors] == [site.url("/b.html")]
        r2 = watcher.round()  # the feed is unchanged, but its ETag was not kept: b is seen again
        assert r2.not_modified == 0 and r2.new == 1 and not r2.errors
        assert watcher.round().not_modified == 1


def test_link_revision_records_the_pair_once(tmp_path: Path) -> None:
    from crosswire.article import Article
    from crosswire.ingest.watch import link_revision
    from crosswire.store import SQLiteStore

    store = SQLiteStore(tmp_path / "revisions.db")
    store.upsert([Article(text="The harbour board met on Monday.", id="a"),
                  Article(text="The harbour board met on Tuesday, not Monday.", id="a-r2")])
    with store.transaction() as conn:
        assert link_revision(conn, "a", "a-r2", url="u", revision=2, now="t") is True
        assert link_revision(conn, "a", "a-r2", url="u", revision=2, now="t") is False  # one relation per pair
    row = store.conn.execute("SELECT type, json_extract(evidence, '$.revision') FROM relations").fetchone()
    assert tuple(row) == ("revision", 2)
