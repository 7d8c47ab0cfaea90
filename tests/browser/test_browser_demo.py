"""Real Chromium over the demo: home → story → compare, the seeds' matched area and collapsed footer,
pages readable without JavaScript. Screenshots land in test-artifacts/browser/."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

expect = pytest.importorskip("playwright.sync_api", reason="pip install playwright (crosswire[test])").expect


def _api(url: str, path: str, **params: Any) -> Any:
    r = httpx.get(url + path, params=params, timeout=120)
    r.raise_for_status()
    return r.json()


def _story_of(demo_url: str, article_id: str) -> str:
    """The story holding ``article_id``."""
    for s in _api(demo_url, "/api/stories"):
        r = httpx.get(f"{demo_url}/api/stories/{s['id']}", timeout=120)
        r.raise_for_status()
        if article_id in r.text:
            return str(s["id"])
    raise AssertionError(f"no story holds {article_id}")


def test_home_story_compare(page: Any, demo_url: str, shots: Path) -> None:
    page.goto(demo_url + "/")
    expect(page.locator("h1")).to_be_visible()
    page.screenshot(path=str(shots / "01-home.png"), full_page=True)
    story_id = _story_of(demo_url, "demo-014")
    expect(page.locator(".story-card")).not_to_have_count(0)
    page.click(f"a.story-link[href='/stories/{story_id}']")
    expect(page.locator(".timeline .lane").first).to_be_visible()
    expect(page.locator(".chip").first).to_be_visible()
    page.screenshot(path=str(shots / "02-story.png"), full_page=True)
    page.check("input[name=a][value='demo-011']")
    page.check("input[name=b][value='demo-014']")
    page.click("#compare-selected")
    page.wait_for_url("**/compare?*")
    assert "a=demo-011" in page.url and "b=demo-014" in page.url
    rows = page.locator(".arow:not(.row-boilerplate)")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 5
    first = rows.first
    assert first.locator(".cell-a .sentence").count() and first.locator(".cell-b .sentence").count()
    page.screenshot(path=str(shots / "03-compare.png"), full_page=True)
    mismatch = page.locator(".cell-b mark.fact-mismatch").first
    expect(mismatch).to_be_visible()
    assert "millones" in mismatch.inner_text() or "1,2" in mismatch.inner_text()
    expect(page.locator(".diff-item.diff-number").first).to_be_visible()
    expect(page.locator(".legend")).to_contain_text("Number changed")
    mismatch.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "04-compare-mismatch.png"))


def test_seeds_matched_area_and_collapsed_footer(page: Any, demo_url: str, shots: Path, web_seeds: Path) -> None:
    rows = _api(demo_url, "/api/articles", limit=1000)
    en = next(r["id"] for r in rows if "000_47b995dd16761b2c" in (r["source"] or ""))
    de = next(r["id"] for r in rows if "001_e0faf9debe7d6601" in (r["source"] or ""))
    page.goto(f"{demo_url}/compare?a={en}&b={de}")
    a_mark = page.locator(".cell-a mark.fact-match", has_text="300,000").first
    b_mark = page.locator(".cell-b mark.fact-match", has_text="300.000").first
    expect(a_mark).to_be_visible()
    expect(b_mark).to_be_visible()
    assert "square meters" in a_mark.inner_text() + a_mark.evaluate("m => m.parentElement.textContent")
    assert "Quadratmetern" in b_mark.evaluate("m => m.parentElement.textContent")
    # the two marks sit in the same aligned row
    row_a = a_mark.evaluate("m => m.closest('.arow').dataset.row")
    assert row_a == b_mark.evaluate("m => m.closest('.arow').dataset.row")
    footer = page.locator(".row-boilerplate .cell-b details.boilerplate")
    expect(footer.locator("summary")).to_be_visible()
    expect(footer.get_by_text("Pressekontakt", exact=False)).to_be_hidden()
    a_mark.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "05-seeds-compare.png"), full_page=True)
    footer.locator("summary").click()
    expect(footer.get_by_text("Pressekontakt", exact=False)).to_be_visible()


def test_readable_without_javascript(browser: Any, demo_url: str, shots: Path) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1100, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{demo_url}/compare?a=demo-027&b=demo-029")
        expect(page.locator(".arow .cell-a").first).to_be_visible()
        page.goto(f"{demo_url}/search?q=Wasserstoff")
        expect(page.locator("h1")).to_have_text("Search")
        page.screenshot(path=str(shots / "06-search-nojs.png"), full_page=True)
        response = page.goto(f"{demo_url}/articles/no-such-article")
        assert response is not None and response.status == 404
        expect(page.locator(".error-message")).to_contain_text("no-such-article")
        page.screenshot(path=str(shots / "07-error.png"))
    finally:
        context.close()
