"""Alerts on the seeds, over real HTTP: a loopback webhook that is down, then failing, then up."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hookserver import Hook

from crosswire.alerts import AlertError, deliver, matches, parse_query
from crosswire.alerts.store import now_utc
from crosswire.app import Crosswire
from crosswire.web.testing import copy_db

EN, DE = "000_47b995dd16761b2c.txt", "001_e0faf9debe7d6601.txt"


@pytest.fixture(scope="module")
def english_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> tuple[Path, str]:
    """The English seed stored and linked, once per module."""
    db = tmp_path_factory.mktemp("alerts") / "english.db"
    with Crosswire(db, embedder=None) as cw:
        report = cw.ingest(seeds_dir / EN)
    assert report.added == 1
    return db, report.ids[0]


@pytest.fixture()
def cw(english_db: tuple[Path, str], tmp_path: Path) -> Iterator[Crosswire]:
    with Crosswire(copy_db(english_db[0], tmp_path / "t.db"), embedder=None) as c:
        yield c


@pytest.fixture()
def hook() -> Iterator[Hook]:
    h = Hook()
    yield h
    h.stop()


def test_query_matches_whole_words_without_case_or_accents(seeds_dir: Path) -> None:
    german = (seeds_dir / DE).read_text(encoding="utf-8")
    assert matches(parse_query("kunshan"), german)           # 'Kunshan-Woche' holds the word
    assert matches(parse_query("KUNSHAN metaverse"), german)
    assert matches(parse_query('"ostchinesischen Provinz"'), german)
    assert not matches(parse_query('"Provinz ostchinesischen"'), german)  # a phrase keeps its order
    assert not matches(parse_query("Kunsh"), german)         # whole words only
    assert matches(parse_query("geschaftsumfeld"), german)   # 'Geschäftsumfeld', accent folded
    assert not matches(parse_query("Kunshan Wuhan"), german)  # every word must occur
    with pytest.raises(AlertError):
        parse_query(" ;; ")


def test_query_words_inside_unspaced_scripts(shared_dir: Path) -> None:
    """Chinese headlines of stories-dev: a word is a run of characters inside a longer token."""
    import json

    lines = (shared_dir / "data" / "stories-dev.jsonl").read_text(encoding="utf-8").splitlines()
    headlines = [json.loads(line)["text"] for line in lines]
    olympics = [h for h in headlines if matches(parse_query("东京 奥运"), h)]
    assert "唐驳虎：东京奥运感染众多，中国777名代表如何平安归来？" in olympics
    assert all("东京" in h and "奥运" in h for h in olympics)
    assert not matches(parse_query("奥运 北京"), "史无前例 “最安静”奥运会真的来了")
    assert matches(parse_query("奥运 777"), "唐驳虎：东京奥运感染众多，中国777名代表如何平安归来？")


def test_a_loopback_webhook_needs_allow_private(cw: Crosswire) -> None:
    with pytest.raises(AlertError, match="non-public address 127.0.0.1"):
        cw.add_alert("http://127.0.0.1:9/hook", query="Kunshan")
    with pytest.raises(AlertError, match="http"):
        cw.add_alert("file:///etc/passwd", query="Kunshan", allow_private=True)
    with pytest.raises(AlertError, match="exactly one"):
        cw.add_alert("http://127.0.0.1:9/hook", query="Kunshan", story="s1", allow_private=True)
    assert cw.alerts() == []


def test_german_version_posts_once_after_the_hook_comes_back(cw: Crosswire, english_db: tuple[Path, str],
                                                             seeds_dir: Path) -> None:
    hook = Hook(statuses=[503])  # not listening at first; then one 503; then up
    english = english_db[1]
    query_alert = cw.add_alert(hook.url("/query"), query="Kunshan", allow_private=True)
    story_alert = cw.add_alert(hook.url("/story"), story=english, allow_private=True)
    try:
        german = cw.ingest(seeds_dir / DE).ids[0]
        rows = cw.alert_deliveries()
        assert {(r["alert_id"], r["article_id"], r["status"]) for r in rows} == \
            {(query_alert.id, german, "pending"), (story_alert.id, german, "pending")}
        # the hook was down: one try, and the other row, to the same host, was not tried in vain
        assert sorted(r["attempts"] for r in rows) == [0, 1]
        assert "Connect" in next(r["last_error"] for r in rows if r["attempts"] == 1)

        hook.start()
        first = deliver(cw.store, now=now_utc() + timedelta(hours=1))
        assert (first.sent, first.failed, first.pending) == (0, 1, 2)  # the 503
        second = deliver(cw.store, now=now_utc() + timedelta(hours=2))
        assert (second.sent, second.failed, second.pending) == (2, 0, 0)
        assert sorted(r["attempts"] for r in cw.alert_deliveries()) == [1, 3]

        for path in ("/query", "/story"):
            [body] = hook.delivered(path)
            assert body["article"]["id"] == german and body["article"]["language"] == "de"
            assert body["story"]["original"]["id"] == english
            assert body["relation"]["type"] == "translation"
            assert "meaning" in {d["kind"] for d in body["differences"]}
            assert body["coverage"] >= 0.9
        sent = len(hook.requests)

        again = cw.ingest(seeds_dir / DE)  # re-ingest: unchanged, nothing enqueued, nothing sent
        assert again.unchanged == 1
        assert deliver(cw.store, force=True).sent == 0
        assert len(hook.requests) == sent
        assert len(cw.alert_deliveries()) == 2
        assert {r["status"] for r in cw.alert_deliveries()} == {"delivered"}
    finally:
        hook.stop()


def test_two_deliverers_at_once_send_each_post_once(cw: Crosswire, seeds_dir: Path, tmp_path: Path) -> None:
    hook = Hook(delay=0.5).start()  # slow: both deliverers are at work at the same time
    try:
        cw.add_alert(hook.url(), query="Kunshan", allow_private=True)
        cw.add_alert(hook.url("/other"), query="Shanghai", allow_private=True)
        hook.statuses = [500]  # the ingest's own try fails (and spares the other row, same host)
        cw.ingest(seeds_dir / DE)
        reports = []

        def run() -> None:
            with Crosswire(cw.path, embedder=None) as other:
                reports.append(deliver(other.store, force=True))

        threads = [threading.Thread(target=run) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sum(r.sent for r in reports) == 2
        assert len(hook.delivered()) == 2
        assert sorted(b["alert"]["query"] for b in hook.delivered()) == ["Kunshan", "Shanghai"]
        ids = [r["headers"]["X-Crosswire-Delivery"] for r in hook.requests if r["status"] == 200]
        assert len(set(ids)) == 2
    finally:
        hook.stop()


def test_removed_alert_drops_what_it_had_not_sent(cw: Crosswire, seeds_dir: Path, hook: Hook) -> None:
    alert = cw.add_alert(hook.url(), query="Kunshan", allow_private=True)  # hook never started
    cw.ingest(seeds_dir / DE)
    assert [r["status"] for r in cw.alert_deliveries()] == ["pending"]
    assert cw.remove_alert(alert.id) == {"id": alert.id, "active": False, "dropped": 1}
    assert cw.alert_deliveries() == []
    assert not cw.alerts(active_only=True)


def test_an_article_that_does_not_match_fires_nothing(cw: Crosswire, seeds_dir: Path, hook: Hook) -> None:
    cw.add_alert(hook.url(), query="Kunshan Wuhan", allow_private=True)
    cw.ingest(seeds_dir / DE)
    assert cw.alert_deliveries() == []


def test_delivery_rechecks_the_address_when_the_hook_now_resolves_privately(cw: Crosswire, seeds_dir: Path,
                                                                           hook: Hook) -> None:
    """An alert added while its host was public must not reach loopback after a DNS change: the
    guarded transport vets the address actually connected to at every delivery."""
    hook.start()
    alert = cw.add_alert(hook.url(), query="Kunshan", allow_private=True)
    with cw.store.transaction() as conn:  # as if the host had resolved to a public address when added
        conn.execute("UPDATE alerts SET allow_private = 0 WHERE id = ?", (alert.id,))
    cw.ingest(seeds_dir / DE)
    [row] = cw.alert_deliveries()
    assert row["status"] == "pending" and "non-public address 127.0.0.1" in row["last_error"]
    assert hook.requests == []


def test_articles_a_run_stored_without_checking_are_caught_up(cw: Crosswire, seeds_dir: Path, hook: Hook) -> None:
    """A run that stored the German version and died before checking alerts (simulated by the
    alert being off during it): the next `alerts deliver` checks what the cursor has not seen."""
    hook.start()
    alert = cw.add_alert(hook.url(), query="Kunshan", allow_private=True)
    with cw.store.transaction() as conn:
        conn.execute("UPDATE alerts SET active = 0 WHERE id = ?", (alert.id,))
    german = cw.ingest(seeds_dir / DE).ids[0]
    with cw.store.transaction() as conn:
        conn.execute("UPDATE alerts SET active = 1 WHERE id = ?", (alert.id,))
    assert cw.alert_deliveries() == [] and hook.requests == []
    assert cw.deliver_alerts().sent == 1
    assert [b["article"]["id"] for b in hook.delivered()] == [german]
    assert cw.deliver_alerts().sent == 0  # the cursor moved past it: checked once
    assert len(hook.requests) == 1


def test_a_new_alert_does_not_fire_for_what_was_stored_before_it(cw: Crosswire, seeds_dir: Path,
                                                                 hook: Hook) -> None:
    hook.start()
    cw.ingest(seeds_dir / DE)  # no alert yet
    cw.add_alert(hook.url(), query="Kunshan", allow_private=True)
    assert cw.deliver_alerts().sent == 0 and cw.alert_deliveries() == []
