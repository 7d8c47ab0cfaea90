"""Server-rendered pages over real HTTP (no browser): content, filters, escaping, error pages."""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from crosswire.web.testing import LiveServer, ensure_demo_db

SEEDS = Path(os.environ.get("CROSSWIRE_SHARED", Path(__file__).resolve().parents[1].parent / "shared")) / "seeds"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    base = tmp_path_factory.getbasetemp() / "crosswire-web"
    base.mkdir(exist_ok=True)
    db = ensure_demo_db(base / "demo.db", seeds=SEEDS if SEEDS.is_dir() else None)
    with LiveServer(db, read_only=True) as server, httpx.Client(base_url=server.url, timeout=120) as client:
        yield client


def clean_html_error(r: httpx.Response, status: int, needle: str) -> None:
    assert r.status_code == status, (r.status_code, r.text[:200])
    assert r.headers["content-type"].startswith("text/html")
    assert needle in r.text
    assert "Traceback" not in r.text and "site-packages" not in r.text


def test_home_lists_stories_or_articles_with_filters(site: httpx.Client) -> None:
    r = site.get("/")
    assert r.status_code == 200 and "crosswire" in r.text
    assert 'name="language"' in r.text and 'name="since"' in r.text and 'action="/search"' in r.text
    if "story-card" in r.text:
        listed = site.get("/api/stories").json()
        assert len(re.findall(r'class="story-card"', r.text)) == min(len(listed), 50) > 0
        assert 'class="lang lang-de"' in r.text and "Versions" in r.text and "Drift" in r.text
        dutch = site.get("/", params={"language": "nl"}).text
        assert len(re.findall(r'class="story-card"', dutch)) < len(re.findall(r'class="story-card"', r.text))
    else:
        assert "not available" in r.text and "/articles/demo-001" in r.text
        german = site.get("/", params={"language": "de"}).text
        assert "lang-de" in german and "lang-fr" not in german.split("<tbody>")[1]
    assert site.get("/", params={"language": "", "since": "", "until": ""}).status_code == 200
    clean_html_error(site.get("/", params={"since": "2025-02-30"}), 400, "since")
    clean_html_error(site.get("/", params={"language": "<script>"}), 400, "language")


def test_story_page(site: httpx.Client) -> None:
    first = site.get("/api/stories").json()[0]["id"]
    page = site.get(f"/stories/{first}")
    assert page.status_code == 200, page.text
    html = page.text
    for part in ("Timeline", "Provenance", "Versions", 'class="lane"', 'name="a"', 'name="b"', "Compare A with B"):
        assert part in html, part
    clean_html_error(site.get("/stories/no-such-story-xyz"), 404, "no-such-story-xyz")


def test_compare_page_side_by_side(site: httpx.Client) -> None:
    html = site.get("/compare", params={"a": "demo-027", "b": "demo-029"}).text
    assert html.count('class="cell cell-a"') >= 4 and html.count('class="cell cell-b"') >= 4
    assert 'class="legend"' in html and "Meaning shifted" in html and "Missing in B" in html
    assert '<details class="boilerplate">' in html
    assert site.get("/compare").status_code == 200  # a form to pick two versions
    clean_html_error(site.get("/compare", params={"a": "demo-001"}), 400, "Choose two versions")
    clean_html_error(site.get("/compare", params={"a": "demo-001", "b": "nope"}), 404, "nope")
    clean_html_error(site.get("/compare", params={"a": "../../etc/passwd", "b": "demo-001"}), 400, "malformed")


def test_seeds_compare_matches_area_and_collapses_german_footer(site: httpx.Client) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} not present: the seeds sit beside the repo in CI")
    rows = site.get("/api/articles", params={"limit": 1000}).json()
    en = next(r["id"] for r in rows if "000_47b995dd16761b2c" in (r["source"] or ""))
    de = next(r["id"] for r in rows if "001_e0faf9debe7d6601" in (r["source"] or ""))
    html = site.get("/compare", params={"a": en, "b": de}).text
    row = next(chunk for chunk in html.split('<div class="arow')[1:] if "Quadratmetern" in chunk)
    assert re.search(r'<mark class="fact fact-match[^"]*"[^>]*>300,000[^<]*</mark>', row), row[:2000]
    assert re.search(r'<mark class="fact fact-match[^"]*"[^>]*>300\.000[^<]*</mark>', row), row[:2000]
    footer = html.split('class="arow row-boilerplate"')[1]
    assert '<details class="boilerplate">' in footer and '<details class="boilerplate" open' not in html
    assert "Pressekontakt" in footer.split('<div class="cell cell-b">')[1]
    body_rows = html.split('class="arow row-boilerplate"')[0]
    assert "Pressekontakt" not in body_rows


def test_search_page_shows_the_languages_found_and_filters_by_one(site: httpx.Client) -> None:
    html = site.get("/search", params={"q": "hydrogen tram Geneva"}).text
    found = re.search(r'class="found-languages">(.*?)</p>', html, re.S)
    assert found and {"de", "en", "fr"} <= set(re.findall(r'lang-(\w+)"', found.group(1))), html[:3000]
    german = site.get("/search", params={"q": "hydrogen tram Geneva", "lang": "de"}).text
    found = re.search(r'class="found-languages">(.*?)</p>', german, re.S)
    assert found and set(re.findall(r'lang-(\w+)"', found.group(1))) == {"de"}
    assert 'name="lang" value="de"' in german


def test_search_and_article_pages(site: httpx.Client) -> None:
    html = site.get("/search", params={"q": "Wasserstoff"}).text
    assert "result-group" in html
    assert site.get("/search").status_code == 200
    clean_html_error(site.get("/search", params={"q": "x" * 501}), 400, "limit")
    dated = site.get("/search", params={"q": "Wasserstoff", "near": "2024-03-01"}).text
    assert "result-group" in dated and 'name="near" value="2024-03-01"' in dated
    clean_html_error(site.get("/search", params={"q": "Wasserstoff", "near": "soon"}), 400, "near")
    # a query on nothing stored gets its nearest stories, each said to be no clear match
    nothing = site.get("/search", params={"q": "cat food recipes"}).text
    assert nothing.count("result-group") == nothing.count("Nearest story, no clear match") > 0
    art = site.get("/articles/demo-003").text
    assert "TransLéman" in art and "boilerplate" in art
    clean_html_error(site.get("/articles/nope-123"), 404, "nope-123")
    clean_html_error(site.get("/no/such/page"), 404, "/no/such/page")


def test_untrusted_text_is_escaped(tmp_path: Path) -> None:
    records = [{"id": "xss-1", "title": "<script>alert('t')</script> headline", "url": "javascript:alert(1)",
                "text": "BERLIN -- The <b>board</b> said <img src=x onerror=alert(1)> nothing. It met twice."}]
    with LiveServer(tmp_path / "x.db", embedder=None) as server, httpx.Client(base_url=server.url) as client:
        up = client.post("/api/ingest", files={"files": ("x.jsonl", "\n".join(map(json.dumps, records)).encode())})
        assert up.status_code == 200, up.text
        for path in ("/articles/xss-1", "/", "/search?q=board", "/compare?a=xss-1&b=xss-1"):
            html = client.get(path).text
            assert "<script>alert" not in html and "<img src=x" not in html, path
            assert 'href="javascript:' not in html, path
        assert "&lt;script&gt;" in client.get("/articles/xss-1").text


def test_outlets_are_shown_by_name_and_filter_stories_and_articles(site: httpx.Client) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} not present: the seeds name PR Newswire and news aktuell")
    seeds = [a for a in site.get("/api/articles", params={"limit": 1000}).json() if a["source"].endswith(".txt")]
    assert {(a["outlet"], a["wire"]) for a in seeds} == {("PR Newswire", "PR Newswire"),
                                                         ("news aktuell / presseportal", "PR Newswire")}
    by_outlet = site.get("/api/articles", params={"outlet": "news aktuell", "limit": 1000}).json()
    assert by_outlet and all("news aktuell" in a["outlet"] or a["wire"] == "news aktuell / presseportal"
                             for a in by_outlet)
    home = site.get("/").text
    assert 'name="outlet"' in home and "news aktuell / presseportal" in home
    assert "000_47b995dd16761b2c" not in home and "001_e0faf9debe7d6601" not in home
    if "story-card" in home:
        stories = site.get("/api/stories", params={"outlet": "presseportal"}).json()
        assert stories and all(any("presseportal" in o.lower() for o in s["outlets"]) for s in stories)
        cards = site.get("/", params={"outlet": "presseportal"}).text
        assert len(re.findall(r'class="story-card"', cards)) == len(stories)
        assert len(stories) < len(site.get("/api/stories").json())
    assert site.get("/", params={"outlet": "x" * 101}).status_code == 400
