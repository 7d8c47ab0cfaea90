"""A server others can reach is not open for writing: ``serve --token`` over real HTTP."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web UI needs crosswire[web]")
import httpx  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from crosswire.app import Crosswire  # noqa: E402
from crosswire.cli import main  # noqa: E402
from crosswire.web.testing import LiveServer  # noqa: E402

TOKEN = "k3y-that-must-not-leak"
TEXT = (b" date 2024-03-05\nThe harbour board approved the new ferry terminal on Tuesday. "
        b"It will cost 84 million euros and open in 2027.")


def _count(db: Path) -> int:
    with Crosswire(db, embedder=None, read_only=True) as cw:
        return len(cw.articles())


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::"])
def test_a_reachable_host_without_token_refuses_to_start(tmp_path: Path, host: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CROSSWIRE_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "x.db"), "--host", host, "--embedder", "none"])
    assert result.exit_code == 1
    assert "--token" in result.output and "--read-only" in result.output
    assert not (tmp_path / "x.db").exists()   # refused before anything was opened


def test_writes_need_the_bearer_token_and_a_refusal_stores_nothing(tmp_path: Path,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "t.db"
    Crosswire(db, embedder=None).close()
    caplog.set_level(logging.DEBUG)
    with LiveServer(db, embedder=None, token=TOKEN) as server:
        upload = {"files": ("a.txt", TEXT, "text/plain")}
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                        {"Authorization": f"Basic {TOKEN}"}, {"Authorization": f"Bearer {TOKEN}x"}):
            refused = httpx.post(server.url + "/api/ingest", files=upload, headers=headers, timeout=60)
            assert refused.status_code == 401, headers
            assert TOKEN not in refused.text
            assert refused.headers["www-authenticate"] == "Bearer"
        assert httpx.put(server.url + "/api/ingest", content=b"x", timeout=60).status_code == 401
        assert _count(db) == 0
        # reads stay open
        assert httpx.get(server.url + "/api/articles", timeout=60).status_code == 200
        ok = httpx.post(server.url + "/api/ingest", files=upload, timeout=120,
                        headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200, ok.text
        assert ok.json()["added"] == 1
    assert _count(db) == 1
    assert TOKEN not in caplog.text


def test_loopback_without_token_still_takes_uploads(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    Crosswire(db, embedder=None).close()
    with LiveServer(db, embedder=None) as server:
        ok = httpx.post(server.url + "/api/ingest", files={"files": ("a.txt", TEXT, "text/plain")}, timeout=120)
        assert ok.status_code == 200 and ok.json()["added"] == 1


def test_a_browser_signs_in_with_the_token_and_its_forms_then_write(tmp_path: Path) -> None:
    """HTML forms cannot send a bearer header: /sign-in trades the token for a session cookie."""
    db = tmp_path / "t.db"
    Crosswire(db, embedder=None).close()
    html = {"Accept": "text/html"}
    alert = {"webhook": "http://127.0.0.1:9/hook", "watch": "query", "value": "ferry", "allow_private": "true"}
    with LiveServer(db, embedder=None, token=TOKEN) as server, httpx.Client(base_url=server.url, timeout=60) as web:
        page = web.get("/alerts")
        assert 'href="/sign-in?next=/alerts"' in page.text and "Sign in" in page.text
        # a form post without a session goes to the sign-in page (and back to where it came from)
        refused = web.post("/alerts", data=alert, headers={**html, "Referer": server.url + "/alerts"})
        assert refused.status_code == 303 and refused.headers["location"] == "/sign-in?next=/alerts"
        wrong = web.post("/sign-in", data={"token": "guess", "next": "/alerts"})
        assert wrong.status_code == 303 and "failed=1" in wrong.headers["location"]
        assert "crosswire_session" not in web.cookies
        assert "not this server" in web.get(wrong.headers["location"]).text
        ok = web.post("/sign-in", data={"token": TOKEN, "next": "//evil.example/x"})
        assert ok.status_code == 303 and ok.headers["location"] == "/"   # no open redirect
        cookie = ok.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and TOKEN not in cookie
        added = web.post("/alerts", data=alert, headers=html)
        assert added.status_code == 303 and added.headers["location"].startswith("/alerts?added=")
        assert "Signed in" in web.get("/alerts").text
        # the cookie is no use to another site's form, nor as a bearer token to the API
        foreign = web.post("/alerts", data=alert, headers={"Origin": "https://evil.example"})
        assert foreign.status_code == 401
        session = web.cookies["crosswire_session"]
        api = httpx.post(server.url + "/api/ingest", files={"files": ("a.txt", TEXT, "text/plain")},
                         headers={"Authorization": f"Bearer {session}"}, timeout=60)
        assert api.status_code == 401
        web.post("/sign-out")
        assert "crosswire_session" not in web.cookies
        assert web.post("/alerts", data=alert).status_code == 401
    with Crosswire(db, embedder=None, read_only=True) as cw:
        assert [a.query for a in cw.alerts()] == ["ferry"]
