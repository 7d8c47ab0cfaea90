"""Fuzzing the web parsers with hypothesis: feeds, pages, WARC files and hostile HTTP answers.

Each target may only raise InputError (with a source), never anything else, and never hang.
The default run (`make test`, CI) is one derandomized burst per target: the same examples every
time, so a red run is reproducible and a green one is not luck. Exploring is a separate, long run:

    CROSSWIRE_FUZZ_SECONDS=100 python -m pytest tests/test_fuzz_web.py -q -p no:cacheprovider

(six targets x 100 s = 10 minutes), where each burst is a fresh hypothesis run with a new random
seed. What it finds becomes a plain regression test (see test_warc.py's charset labels).
"""
from __future__ import annotations

import gzip
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from webfixtures import Reply, Site, article_page, atom, rss, write_warc

from crosswire.errors import InputError
from crosswire.ingest import ReadOptions
from crosswire.ingest.feeds import looks_like_feed, parse_feed
from crosswire.ingest.fetch import Fetcher, FetchOptions
from crosswire.ingest.mime import decode_html, parse_content_type
from crosswire.ingest.page import article_from_page
from crosswire.ingest.warc import read_warc

EXPLORE = "CROSSWIRE_FUZZ_SECONDS" in os.environ
SECONDS = float(os.environ.get("CROSSWIRE_FUZZ_SECONDS", "0"))
BURST = settings(max_examples=40, deadline=None, database=None, derandomize=not EXPLORE,
                 suppress_health_check=list(HealthCheck))
#: end to end, an example is a feed and up to three pages through trafilatura (~0.1 s each)
BURST_SLOW = settings(BURST, max_examples=8)
TEXT = ("The harbour authority approved a new ferry terminal on Tuesday after two years of planning.\n\n"
        "It will cost 84 million euros and open in 2027, handling twelve ferries a day.")


def budget(run: Callable[[], None]) -> int:
    """Hypothesis bursts until the time budget is spent (one, derandomized, unless exploring)."""
    deadline, bursts = time.monotonic() + SECONDS, 0
    while True:
        run()
        bursts += 1
        if time.monotonic() >= deadline:
            return bursts


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A seed document with a few random edits: cuts, insertions, duplications, byte flips."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, 6))):
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["cut", "insert", "dup", "flip", "truncate", "markup"]))
        if op == "cut":
            del data[i:i + draw(st.integers(1, 64))]
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=32))
        elif op == "dup":
            j = draw(st.integers(i, min(len(data), i + 200)))
            data[i:i] = data[i:j] * draw(st.integers(1, 4))
        elif op == "flip":
            data[i] = draw(st.integers(0, 255))
        elif op == "truncate":
            del data[i:]
        else:
            data[i:i] = draw(st.sampled_from([b"<", b">", b"&", b"]]>", b"<![CDATA[", b"<!--", b"&#xFFFFFF;",
                                              b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", b"&a;", b"\x00", b"\xff\xfe",
                                              b"</item>", b"<item>", b"<entry>", b"<p>", b"</div>"]))
    return bytes(data)


FEEDS = [rss([{"link": f"http://news.example/{i}.html", "title": f"T{i}", "date": "Fri, 01 Mar 2024 09:00:00 GMT"}
              for i in range(3)]).encode(),
         atom([{"link": "http://news.example/a.html", "title": "A"}]).encode(),
         (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
          b'xmlns="http://purl.org/rss/1.0/"><item><title>R</title><link>http://news.example/r</link></item></rdf:RDF>')]
PAGES = [article_page("Ferry", TEXT, date="2024-03-05", author="Ana").encode(),
         b"<html><body><div class='cookie'>cookies <a>accept</a></div><p>" + TEXT.encode() + b"</p></body></html>",
         b'<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>'
         + TEXT.encode() + b"</p></body></html>"]


def test_fuzz_feed_parser() -> None:
    @BURST
    @given(mutated(FEEDS) | st.binary(max_size=300))
    def one(data: bytes) -> None:
        looks_like_feed(data, "application/rss+xml")
        try:
            feed = parse_feed(data, "http://news.example/feed.xml")
        except InputError as exc:
            assert exc.source == "http://news.example/feed.xml"
            return
        for item in feed.items:
            assert item.link.startswith(("http://", "https://"))
        for problem in feed.problems:
            assert isinstance(problem, InputError)

    budget(one)


def test_fuzz_page_extraction() -> None:
    @BURST
    @given(mutated(PAGES), st.sampled_from([None, "utf-8", "iso-8859-1", "shift_jis", "bogus-charset", "utf-16"]))
    def one(data: bytes, charset: str | None) -> None:
        try:
            html = decode_html(data, charset, "http://news.example/p")
            article = article_from_page(html, "http://news.example/p", url="http://news.example/p")
        except InputError as exc:
            assert exc.source == "http://news.example/p"
            return
        assert article.text.strip() and article.id

    budget(one)


def _warc_seeds() -> list[bytes]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for compressed in (True, False):
            path = Path(tmp) / "seed.warc"
            write_warc(path, [{"uri": "http://news.example/a.html", "body": PAGES[0]},
                              {"uri": "http://news.example/i.png", "body": b"\x89PNG", "content_type": "image/png"},
                              {"uri": "http://news.example/b.html", "body": gzip.compress(PAGES[1]),
                               "headers": [("Content-Encoding", "gzip")]}], gzip=compressed)
            out.append(path.read_bytes())
    return out


def test_fuzz_warc_reader(tmp_path: Path) -> None:
    seeds = _warc_seeds()
    path = tmp_path / "fuzz.warc.gz"

    @BURST
    @given(mutated(seeds))
    def one(data: bytes) -> None:
        path.write_bytes(data)
        errors: list[InputError] = []
        try:
            for article in read_warc(path, ReadOptions(on_error=errors.append)):
                assert article.text.strip()
        except InputError as exc:
            assert exc.source == str(path)
        assert all(e.source == str(path) for e in errors)

    budget(one)


def test_fuzz_content_type_and_charset() -> None:
    @BURST
    @given(st.text(max_size=80), st.binary(max_size=200))
    def one(header: str, body: bytes) -> None:
        media, charset = parse_content_type(header)
        assert media == media.strip().lower()
        try:
            decode_html(body, charset, "x")
        except InputError as exc:
            assert exc.source == "x"

    budget(one)


def test_fuzz_hostile_http_answers() -> None:
    """Whatever status, headers and body a server sends, fetching ends in a Response or a FetchError."""
    site = Site().start()
    fetcher = Fetcher(FetchOptions(timeout=2, total_timeout=3, retries=1, max_bytes=50_000, allow_private=True))
    fetcher.sleep = lambda s: None
    headers = st.dictionaries(st.sampled_from(["Location", "Retry-After", "ETag", "Content-Encoding", "Last-Modified",
                                               "X-Junk"]),
                              st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40), max_size=3)

    @BURST
    @given(st.sampled_from([200, 204, 301, 302, 304, 307, 308, 400, 404, 429, 500, 503, 599]),
           st.one_of(st.none(), st.sampled_from(["text/html", "application/rss+xml", "image/png",
                                                 "text/html; charset=bogus", "", "a/b/c; ;;="])),
           headers, mutated(PAGES + FEEDS) | st.binary(max_size=200))
    def one(status: int, ctype: str | None, extra: dict[str, str], body: bytes) -> None:
        site.add("/x", Reply(body, status=status, headers=extra, content_type=ctype))
        try:
            resp = fetcher.get(site.url("/x"))
        except InputError as exc:
            assert exc.source == site.url("/x")
            return
        assert resp.status < 400 and len(resp.content) <= 50_000

    try:
        budget(one)
    finally:
        fetcher.close()
        site.stop()


def test_fuzz_read_url_end_to_end() -> None:
    """A feed of mutated items served over HTTP: read_url yields articles or reports, never crashes."""
    from crosswire.ingest.web import read_url

    site = Site().start()

    @BURST_SLOW
    @given(mutated(FEEDS), st.lists(mutated(PAGES), min_size=1, max_size=3))
    def one(feed: bytes, pages: list[bytes]) -> None:
        for i, page in enumerate(pages):
            site.add(f"/{i}.html", Reply(page))
        site.add("/feed.xml", Reply(feed.replace(b"http://news.example/", site.url("/").encode()),
                                    content_type="application/rss+xml"))
        errors: list[InputError] = []
        try:
            for article in read_url(site.url("/feed.xml"), ReadOptions(on_error=errors.append),
                                    fetch_options=FetchOptions(retries=0, timeout=2, allow_private=True)):
                assert article.text.strip()
        except InputError as exc:
            assert exc.source.startswith(site.url("/"))

    try:
        budget(one)
    finally:
        site.stop()
