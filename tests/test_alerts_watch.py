"""A story alert fed by ``watch``: a watched page edited at its source POSTs its revision, with the
changed figure, to a real loopback webhook."""
from __future__ import annotations

from pathlib import Path

from hookserver import Hook
from webfixtures import (
    Reply,
    Site,
    article_page,
    rss,
    site_fixture,  # noqa: F401 - the pytest fixture "site"
)

import crosswire

TEXT = ("The council of Lumen Bay voted to build a tram line along the harbour on Tuesday. "
        "The line will be 7.5 km long and cost 240 million euros.\n\nConstruction starts in 2026.")


def test_story_alert_gets_the_revision_of_a_watched_page(site: Site, db_path: Path) -> None:
    text = {"a": TEXT}
    site.add("/feed.xml", lambda seen: Reply(rss([{"link": site.url("/a.html"), "title": "Tram"}]).encode(),
                                             content_type="application/rss+xml"))
    site.add("/a.html", lambda seen: Reply(article_page("Tram line for Lumen Bay", text["a"]).encode()))
    hook = Hook().start()
    try:
        with crosswire.open(db_path, embedder=None) as cw:
            watcher = cw.watcher([site.url("/feed.xml")], allow_private=True)
            assert watcher.round().new == 1
            [first] = cw.articles()
            cw.add_alert(hook.url(), story=first.id, allow_private=True)
            assert watcher.round().changed == 0  # unchanged page: nothing fires
            assert hook.requests == []

            text["a"] = TEXT.replace("240 million", "310 million")
            assert watcher.round().changed == 1
            [body] = hook.delivered()
            assert body["event"] == "revision" and body["article"]["id"] == f"{first.id}-r2"
            assert body["story"]["original"]["id"] == first.id
            numbers = [d for d in body["differences"] if d["kind"] == "number"]
            assert numbers and "240" in numbers[0]["a_text"] and "310" in numbers[0]["b_text"]
            assert body["relation"]["type"] == "revision"
            # the page's site name (outlet column), else the URL's host: never a file path or None
            assert body["article"]["outlet"] in {"Loopback News", "127.0.0.1"}
    finally:
        hook.stop()
