"""Alerts and reports through the HTTP API and pages of a live server, with a real loopback webhook."""
from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hookserver import Hook

from crosswire.alerts import DeliveryLoop
from crosswire.app import Crosswire
from crosswire.web.testing import LiveServer, copy_db

EN, DE = "000_47b995dd16761b2c.txt", "001_e0faf9debe7d6601.txt"


@pytest.fixture(scope="module")
def english_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("alerts-http") / "english.db"
    with Crosswire(db, embedder=None) as cw:
        return db, cw.ingest(seeds_dir / EN).ids[0]


@pytest.fixture()
def db(english_db: tuple[Path, str], tmp_path: Path) -> Path:
    return copy_db(english_db[0], tmp_path / "t.db")


@pytest.fixture()
def hook() -> Iterator[Hook]:
    h = Hook().start()
    yield h
    h.stop()


def test_alert_added_over_http_fires_for_an_upload(db: Path, english_db: tuple[Path, str], seeds_dir: Path,
                                                   hook: Hook) -> None:
    english = english_db[1]
    with LiveServer(db, embedder=None) as server, httpx.Client(base_url=server.url, timeout=120) as http:
        added = http.post("/api/alerts", json={"webhook": hook.url(), "query": "Kunshan", "allow_private": True})
        assert added.status_code == 201, added.text
        refused = http.post("/api/alerts", json={"webhook": hook.url(), "query": "Kunshan"})
        assert refused.status_code == 400 and "non-public address" in refused.json()["error"]
        assert [a["query"] for a in http.get("/api/alerts").json()] == ["Kunshan"]

        up = http.post("/api/ingest", files={"files": (DE, (seeds_dir / DE).read_bytes(), "text/plain")})
        assert up.status_code == 200 and up.json()["added"] == 1
        [body] = hook.delivered()
        assert body["article"]["language"] == "de" and body["article"]["source"] == f"upload:{DE}"
        assert body["story"]["original"]["id"] == english and body["relation"]["type"] == "translation"
        [delivery] = http.get("/api/alerts/deliveries").json()
        assert delivery["status"] == "delivered"
        stored = http.get(f"/api/alerts/deliveries/{delivery['id']}").json()
        assert stored["article"] == body["article"] and body["delivery"] == delivery["id"]
        assert http.get("/api/alerts/deliveries/999").status_code == 404

        again = http.post("/api/ingest", files={"files": (DE, (seeds_dir / DE).read_bytes(), "text/plain")})
        assert again.json()["unchanged"] == 1
        assert http.post("/api/alerts/deliver").json()["sent"] == 0
        assert len(hook.requests) == 1

        report = http.get(f"/api/report/{english}").json()
        assert [r["language"] for r in report["rows"]] == ["en", "de"]
        got = http.get(f"/api/report/{english}/csv")
        assert got.headers["content-type"].startswith("text/csv")
        assert len(list(csv.reader(io.StringIO(got.text)))) == 3

        gone = http.delete(f"/api/alerts/{added.json()['id']}")
        assert gone.status_code == 200 and gone.json()["active"] is False
        assert http.delete("/api/alerts/999").status_code == 404


def test_alerts_page_form_adds_and_removes(db: Path, hook: Hook) -> None:
    with LiveServer(db, embedder=None) as server, httpx.Client(base_url=server.url, timeout=60) as http:
        done = http.post("/alerts", data={"webhook": hook.url(), "watch": "query", "value": "Metaverse Kunshan",
                                          "allow_private": "true"})
        assert done.status_code == 303 and done.headers["location"] == "/alerts?added=1"
        page = http.get("/alerts?added=1").text
        assert "Alert 1 added." in page and "Metaverse Kunshan" in page
        bad = http.post("/alerts", data={"webhook": "http://127.0.0.1:1/x", "watch": "query", "value": "x"})
        assert bad.status_code == 303 and "error=" in bad.headers["location"]
        assert "non-public address" in http.get(bad.headers["location"]).text
        assert http.post("/alerts/1/remove").status_code == 303
        assert "removed" in http.get("/alerts").text


def test_read_only_server_refuses_alert_changes(db: Path, hook: Hook) -> None:
    with LiveServer(db, embedder=None, read_only=True) as server, httpx.Client(base_url=server.url) as http:
        assert http.post("/api/alerts", json={"webhook": hook.url(), "query": "x", "allow_private": True}
                         ).status_code == 403
        assert http.post("/api/alerts/deliver").status_code == 403
        assert http.get("/api/alerts").json() == []
        assert 'action="/alerts"' not in http.get("/alerts").text  # no form to fill in


def test_serve_background_sender_delivers_once_the_hook_is_back(db: Path, seeds_dir: Path) -> None:
    hook = Hook()  # not listening during the ingest
    with Crosswire(db, embedder=None) as cw:
        cw.add_alert(hook.url(), query="Kunshan", allow_private=True)
        cw.ingest(seeds_dir / DE)
        assert [r["status"] for r in cw.alert_deliveries()] == ["pending"]
        with cw.store.transaction() as conn:  # the backoff has passed
            conn.execute("UPDATE alert_outbox SET next_try = '2000-01-01T00:00:00+00:00'")
    hook.start()
    loop = DeliveryLoop(str(db), every=0.2).start()
    try:
        deadline = time.monotonic() + 30
        while not hook.delivered() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        loop.stop()
        hook.stop()
    assert len(hook.delivered()) == 1
    with Crosswire(db, embedder=None) as cw:
        [row] = cw.alert_deliveries()
    assert (row["status"], row["attempts"]) == ("delivered", 2)
