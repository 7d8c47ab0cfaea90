"""The JSON API over real HTTP: uvicorn on loopback, the demo corpus (+ seeds) in a real database."""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from crosswire.web.testing import LiveServer, copy_db, ensure_demo_db

SHARED = Path(os.environ.get("CROSSWIRE_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
SEEDS = SHARED / "seeds"
SEED_EN, SEED_DE = "000_47b995dd16761b2c", "001_e0faf9debe7d6601"


@pytest.fixture(scope="session")
def web_demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.getbasetemp() / "crosswire-web"
    base.mkdir(exist_ok=True)
    return ensure_demo_db(base / "demo.db", seeds=SEEDS if SEEDS.is_dir() else None)


@pytest.fixture(scope="module")
def api(web_demo_db: Path) -> Iterator[httpx.Client]:
    """A read-only server over the demo database."""
    with LiveServer(web_demo_db, read_only=True) as server, httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def writable(web_demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A writable server over a copy of the demo database, with a 64 KiB upload limit."""
    db = copy_db(web_demo_db, tmp_path_factory.mktemp("writable") / "w.db")
    with LiveServer(db, max_upload_bytes=64 * 1024) as server, httpx.Client(base_url=server.url, timeout=120) as c:
        yield c


def status_of(api: httpx.Client) -> dict[str, Any]:
    r = api.get("/api")
    assert r.status_code == 200
    return r.json()  # type: ignore[no-any-return]


def assert_clean_error(r: httpx.Response, *codes: int) -> dict[str, Any]:
    assert r.status_code in codes, (r.status_code, r.text[:300])
    body = r.json()
    assert isinstance(body.get("error"), str) and body["error"], body
    for leak in ("Traceback", "File \"", "/tmp/", "site-packages", ".db"):
        assert leak not in r.text, (leak, r.text[:300])
    return body  # type: ignore[no-any-return]


def test_openapi_lists_every_endpoint(api: httpx.Client) -> None:
    schema = api.get("/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/stories", "/api/stories/{story_id}",
                 "/api/compare", "/api/search", "/api/ingest"):
        assert path in paths, path
    assert "post" in paths["/api/ingest"]
    assert not any(p == "/" or p.startswith("/compare") for p in paths)  # pages are not API


def test_articles_list_filters_and_detail(api: httpx.Client) -> None:
    rows = api.get("/api/articles", params={"limit": 1000}).json()
    assert isinstance(rows, list) and len(rows) >= 41
    assert all({"id", "language", "published", "title"} <= r.keys() for r in rows)
    assert len({r["language"] for r in rows}) >= 5
    german = api.get("/api/articles", params={"language": "de"}).json()
    assert german and all(r["language"] == "de" for r in german)
    page = api.get("/api/articles", params={"limit": 5, "offset": 5}).json()
    assert [r["id"] for r in page] == [r["id"] for r in rows[5:10]]
    march = api.get("/api/articles", params={"since": "2025-03-01", "until": "2025-03-31"}).json()
    assert march and all(r["published"].startswith("2025-03") for r in march)
    one = api.get("/api/articles/demo-001").json()
    assert one["id"] == "demo-001" and one["language"] == "fr" and one["sentences"] and one["text"]


@pytest.mark.parametrize("path,codes", [
    ("/api/articles/no-such-article", (404,)),
    ("/api/articles/..%2F..%2Fetc%2Fpasswd", (400, 404, 422)),
    ("/api/articles/%2e%2e", (400, 404, 422)),
    ("/api/articles/a..b", (400, 422)),
    ("/api/articles/%00", (400, 404, 422)),
    ("/api/articles?since=2022-13", (400, 422)),
    ("/api/articles?since=yesterday", (400, 422)),
    ("/api/articles?limit=0", (422,)),
    ("/api/articles?limit=abc", (422,)),
    ("/api/articles?offset=-1", (422,)),
    ("/api/articles?language=german!", (400, 422)),
    ("/api/compare?a=demo-001", (422,)),
    ("/api/compare?a=demo-001&b=nope", (404,)),
    ("/api/compare?a=../../etc/passwd&b=demo-001", (400, 422)),
    ("/api/search", (422,)),
    ("/api/search?q=", (400, 422)),
    ("/api/search?q=" + "x" * 600, (400, 422)),
    ("/api/stories/..%2Fsecrets", (400, 404, 422)),
    ("/api/stories/no-such-story-xyz", (404,)),
    ("/api/nothing-here", (404,)),
])
def test_bad_requests_get_clear_4xx(api: httpx.Client, path: str, codes: tuple[int, ...]) -> None:
    assert_clean_error(api.get(path), *codes)


def test_nothing_outside_the_database_is_readable(api: httpx.Client) -> None:
    for path in ("/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                 "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/../server.py", "/static/%2e%2e/server.py",
                 "/articles/..%2F..%2F..%2Fetc%2Fpasswd"):
        r = api.get(path)
        assert r.status_code in (400, 404, 422), (path, r.status_code)
        assert "root:" not in r.text and "def create_app" not in r.text
    assert api.get("/static/style.css").status_code == 200


def test_read_only_server_refuses_uploads(api: httpx.Client) -> None:
    before = status_of(api)["articles"]
    r = api.post("/api/ingest", files={"files": ("x.txt", b"A perfectly fine article about trams.")})
    assert "read-only" in assert_clean_error(r, 403)["error"]
    assert status_of(api)["articles"] == before and status_of(api)["read_only"] is True


def test_upload_jsonl_then_read_it_back(writable: httpx.Client) -> None:
    rec = {"id": "upload-001", "title": "Harbour ferry gets electric engines",
           "text": "OSLO, 3 May 2025 -- The harbour ferry will run on batteries from June. It carries 1,200 "
                   "passengers a day.\n\nThe conversion cost NOK 48 million.", "date": "2025-05-03"}
    upload = [("files", ("feed.jsonl", json.dumps(rec).encode(), "application/x-ndjson"))]
    r = writable.post("/api/ingest", files=upload)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["ok"] and body["added"] + body["unchanged"] == 1 and "upload-001" in body["ids"]
    art = writable.get("/api/articles/upload-001").json()
    assert art["language"] == "en" and art["published"] == "2025-05-03"
    assert not art["source"].startswith("/"), "temporary server paths must not leak into sources"
    again = writable.post("/api/ingest", files=[("files", ("feed.jsonl", json.dumps(rec).encode()))]).json()
    assert again["unchanged"] == 1 and again["added"] == 0


def test_upload_refusals(writable: httpx.Client) -> None:
    big = b"x" * (65 * 1024)
    assert "limit" in assert_clean_error(writable.post("/api/ingest", files={"files": ("big.txt", big)}), 413)["error"]
    assert_clean_error(writable.post("/api/ingest"), 400, 422)
    assert_clean_error(writable.post("/api/ingest", content=b"not multipart",
                                     headers={"content-type": "text/plain"}), 400, 422)
    bad = writable.post("/api/ingest", files={"files": ("../../evil.jsonl", b'{"text": 5}\n')})
    assert bad.status_code == 422 and bad.json()["errors"], bad.text
    assert "upload:" in bad.json()["errors"][0]["source"] and ".." not in bad.json()["errors"][0]["source"]


def test_stories_story_and_search(api: httpx.Client) -> None:
    stories = api.get("/api/stories").json()
    items = stories["items"] if isinstance(stories, dict) else stories
    assert len(items) >= 3 and all({"id", "languages"} <= s.keys() for s in items)
    dutch = api.get("/api/stories", params={"language": "nl"}).json()
    assert 0 < len(dutch) < len(items) and all("nl" in s["languages"] for s in dutch)
    result = api.get("/api/search", params={"q": "Wasserstoff Tram Genf"}).json()
    assert result["groups"], result
    one = api.get(f"/api/stories/{items[0]['id']}")
    assert one.status_code == 200, one.text
    assert one.json()["id"] == items[0]["id"]
    assert_clean_error(api.get("/api/stories/no-such-story-xyz"), 404)


def test_stories_page_in_sql_and_filter_by_period(api: httpx.Client) -> None:
    every = api.get("/api/stories", params={"limit": 1000}).json()
    assert len(every) >= 6
    first = api.get("/api/stories", params={"limit": 3}).json()
    rest = api.get("/api/stories", params={"limit": 1000, "offset": 3}).json()
    assert [s["id"] for s in first + rest] == [s["id"] for s in every]  # pages tile the list, in order
    early = api.get("/api/stories", params={"until": "2025-03-31", "limit": 1000}).json()
    assert 0 < len(early) < len(every)
    assert all(s["first_seen"] is None or s["first_seen"][:10] <= "2025-03-31" for s in early)
    assert_clean_error(api.get("/api/stories", params={"limit": 0}), 422)


def test_search_lang_keeps_one_language_and_says_which_were_found(api: httpx.Client) -> None:
    every = api.get("/api/search", params={"q": "Wasserstoff Tram Genf"}).json()
    assert len(every["languages"]) > 1, every["languages"]
    french = api.get("/api/search", params={"q": "Wasserstoff Tram Genf", "lang": "fr"}).json()
    assert french["languages"] == ["fr"] and french["groups"]
    assert {h["language"] for g in french["groups"] for h in g["hits"]} == {"fr"}
    assert all(h["matched_by"] for g in french["groups"] for h in g["hits"])
    assert_clean_error(api.get("/api/search", params={"q": "tram", "lang": "fr;drop"}), 422)


def test_search_shape(api: httpx.Client) -> None:
    result = api.get("/api/search", params={"q": "TransLéman"}).json()
    assert result["query"] == "TransLéman" and result["mode"] == "cross-lingual" and result["groups"]
    dated = api.get("/api/search", params={"q": "TransLéman", "near": "2024-03-01"}).json()
    assert dated["groups"] and all(isinstance(g["confident"], bool) for g in dated["groups"])
    assert_clean_error(api.get("/api/search", params={"q": "TransLéman", "near": "last week"}), 400)


def test_compare_on_seeds_matches_area_and_collapses_footer(api: httpx.Client) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} not present: the seeds sit beside the repo in CI")
    rows = api.get("/api/articles", params={"limit": 1000}).json()
    en = next(r["id"] for r in rows if SEED_EN in (r["source"] or ""))
    de = next(r["id"] for r in rows if SEED_DE in (r["source"] or ""))
    r = api.get("/api/compare", params={"a": en, "b": de})
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["a"]["language"] == "en" and result["b"]["language"] == "de"
    assert any(f["status"] == "match" and "300,000" in (f["a"] or "") and "300.000" in (f["b"] or "")
               for f in result["facts"]), result["facts"]
    assert any("Pressekontakt" in b for b in map(str, result["b"]["boilerplate"]))
    assert len(result["alignment"]) >= 7 and all({"a", "b", "score"} <= bead.keys() for bead in result["alignment"])
    assert api.get("/api/compare", params={"a": en, "b": de}).json() == result  # cached, same answer
