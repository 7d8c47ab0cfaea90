"""Real Chromium: the pickup report page (chart, table, CSV download) and the alerts page form,
over a writable server with the two seeds.  Screenshots land in test-artifacts/browser/."""
from __future__ import annotations

import csv
import re
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="pip install playwright (crosswire[test])").expect

EN, DE = "000_47b995dd16761b2c.txt", "001_e0faf9debe7d6601.txt"


@pytest.fixture(scope="module")
def seeds_server(tmp_path_factory: pytest.TempPathFactory, web_seeds: Path) -> Iterator[tuple[str, str, str]]:
    from crosswire.app import Crosswire
    from crosswire.web.testing import LiveServer

    db = tmp_path_factory.mktemp("report-web") / "seeds.db"
    with Crosswire(db, embedder=None) as cw:
        english = cw.ingest(web_seeds / EN).ids[0]
        german = cw.ingest(web_seeds / DE).ids[0]
    with LiveServer(db, embedder=None) as server:
        yield server.url, english, german


def test_report_page_chart_and_csv(page: Any, seeds_server: tuple[str, str, str], shots: Path) -> None:
    url, english, german = seeds_server
    page.goto(f"{url}/stories/{english}")
    page.click("text=Pickup report")
    page.wait_for_url("**/report/*")
    chart = page.locator("figure.chart svg")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150
    series = page.locator("svg polyline.series")
    expect(series).to_have_count(2)
    assert {series.nth(i).get_attribute("data-language") for i in range(2)} == {"en", "de"}
    expect(page.locator("svg text.legend")).to_have_count(2)
    rows = page.locator("#pickups tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("translation")
    expect(rows.nth(1)).to_contain_text("news aktuell / presseportal")
    expect(rows.nth(1)).to_contain_text("meaning")
    page.screenshot(path=str(shots / "10-report.png"), full_page=True)
    with page.expect_download() as info:
        page.click("#csv")
    lines = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert lines[0][0] == "id" and {r[0] for r in lines[1:]} == {english, german}


def test_alerts_page_adds_an_alert(page: Any, seeds_server: tuple[str, str, str], shots: Path) -> None:
    url, _, _ = seeds_server
    page.goto(f"{url}/alerts")
    page.fill("input[name=webhook]", "http://127.0.0.1:9/hook")
    page.fill("input[name=value]", "Kunshan")
    page.check("input[name=allow_private]")
    page.click("form.alert-form button")
    page.wait_for_url("**/alerts?added=*")
    expect(page.locator("[role=status]")).to_contain_text("added")
    expect(page.locator("#alerts tbody tr")).to_have_count(1)
    expect(page.locator("#alerts tbody tr")).to_contain_text("Kunshan")
    page.screenshot(path=str(shots / "11-alerts.png"), full_page=True)


def test_signing_in_lets_the_alerts_form_write(page: Any, tmp_path: Path, shots: Path) -> None:
    """A server with --token: the form sends the browser to sign in, then back, then it writes."""
    from crosswire.app import Crosswire
    from crosswire.web.testing import LiveServer

    db = tmp_path / "token.db"
    Crosswire(db, embedder=None).close()
    with LiveServer(db, embedder=None, token="browser-s3cret") as server:
        page.goto(f"{server.url}/alerts")
        expect(page.locator("#sign-in-needed")).to_be_visible()
        page.fill("input[name=webhook]", "http://127.0.0.1:9/hook")
        page.fill("input[name=value]", "ferry")
        page.click("form.alert-form button")
        page.wait_for_url(re.compile(r"/sign-in\?next=%2Falerts$|/sign-in\?next=/alerts$"))
        page.fill("input[name=token]", "wrong")
        page.click("form.alert-form button")
        expect(page.locator("[role=alert]")).to_contain_text("not this server's token")
        page.fill("input[name=token]", "browser-s3cret")
        page.click("form.alert-form button")
        page.wait_for_url("**/alerts")
        expect(page.locator("#sign-in-needed")).to_have_count(0)
        expect(page.locator("nav")).to_contain_text("Signed in")
        page.fill("input[name=webhook]", "http://127.0.0.1:9/hook")
        page.fill("input[name=value]", "ferry")
        page.check("input[name=allow_private]")
        page.click("form.alert-form button")
        page.wait_for_url("**/alerts?added=*")
        expect(page.locator("#alerts tbody tr")).to_contain_text("ferry")
        page.screenshot(path=str(shots / "12-signed-in-alerts.png"), full_page=True)
