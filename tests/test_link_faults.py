"""Bad input and faults: undated articles, thousands of identical copies, re-ingest, kill -9."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import crosswire
from crosswire.article import Article
from crosswire.link import Linker
from crosswire.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]

RELEASE_DE = ("Der Bundesrat hat an seiner Sitzung vom 12. Oktober 2022 beschlossen, 1,2 Milliarden Franken für "
              "die Winterhilfe in der Ukraine bereitzustellen. Bundesrat Ignazio Cassis reist dazu nach Kiew.\n\n"
              "Die Direktion für Entwicklung und Zusammenarbeit (DEZA) liefert 300'000 Decken und 45 Generatoren. "
              "Mehr Informationen unter www.deza.admin.ch/ukraine.\n\n"
              "Die Lieferungen beginnen am 1. November 2022 und dauern bis Ende März 2023.")
RELEASE_FR = ("Lors de sa séance du 12 octobre 2022, le Conseil fédéral a décidé de consacrer 1,2 milliard de francs "
              "à l'aide hivernale en Ukraine. Le conseiller fédéral Ignazio Cassis se rend à Kiev.\n\n"
              "La Direction du développement et de la coopération (DDC) livre 300 000 couvertures et 45 générateurs. "
              "Plus d'informations sur www.deza.admin.ch/ukraine.\n\n"
              "Les livraisons débutent le 1er novembre 2022 et durent jusqu'à fin mars 2023.")
RELEASE_IT = ("Nella sua seduta del 12 ottobre 2022 il Consiglio federale ha deciso di stanziare 1,2 miliardi di "
              "franchi per l'aiuto invernale in Ucraina. Il consigliere federale Ignazio Cassis si reca a Kiev.\n\n"
              "La Direzione dello sviluppo e della cooperazione (DSC) fornisce 300 000 coperte e 45 generatori. "
              "Maggiori informazioni su www.deza.admin.ch/ukraine.\n\n"
              "Le consegne iniziano il 1° novembre 2022 e durano fino alla fine di marzo 2023.")
OTHER_DE = ("Das Bundesamt für Statistik meldet für das Jahr 2021 einen Anstieg der Bevölkerung um 0,8 Prozent auf "
            "8'738'800 Personen. Am stärksten wuchs der Kanton Freiburg.\n\nDie Zahlen stammen aus der STATPOP-Erhebung.")


def _store(path: Path) -> SQLiteStore:
    return SQLiteStore(path)


def _add(store: SQLiteStore, linker: Linker, articles: list[Article]) -> None:
    store.upsert(articles)
    linker.add(articles)


def _groups(store: SQLiteStore) -> dict[str, str]:
    return dict(store.conn.execute("SELECT article_id, version_group FROM memberships").fetchall())


def _move_on(store: SQLiteStore, linker: Linker, release: str) -> None:
    """News from months later: the stream's horizon moves past ``release``, which leaves memory."""
    _add(store, linker, [Article(text=OTHER_DE, id="later", published="2023-03-01", source="admin")])
    assert release not in linker.index


def _relation(store: SQLiteStore, a: str, b: str) -> tuple[str, dict]:
    """The stored relation of ``a`` (the older) to ``b``: its type and evidence."""
    row = store.conn.execute("SELECT type, evidence FROM relations WHERE a = ? AND b = ?", (a, b)).fetchone()
    assert row is not None, f"no relation {a} -> {b}"
    return row[0], json.loads(row[1])


def test_undated_article_is_linked_without_inventing_a_window(db_path: Path) -> None:
    store = _store(db_path)
    linker = Linker(store)
    release = [Article(text=RELEASE_DE, id="de", published="2022-10-12", source="admin", title="Winterhilfe"),
               Article(text=RELEASE_FR, id="fr", published="2022-10-12", source="admin", title="Aide hivernale")]
    # months of unrelated news later, so the release is far outside any time window
    later = [Article(text=OTHER_DE.replace("2021", str(2000 + i)), id=f"o{i}", published=f"2023-0{1 + i % 9}-1{i % 9}",
                     source="admin") for i in range(30)]
    pickup = Article(text="Aus der Bundesverwaltung:\n\n" + RELEASE_DE.split("\n\n")[0] + "\n\nQuelle: Bundesverwaltung.",
                     id="undated-pickup", source="outlet.example")
    _add(store, linker, release)
    _add(store, linker, later)
    _add(store, linker, [pickup])
    summary = linker.finish()
    groups = _groups(store)
    assert groups["de"] == groups["fr"] == groups["undated-pickup"]
    assert summary["near_duplicate"] == 1
    row = store.conn.execute("SELECT published, published_start FROM articles WHERE id = 'undated-pickup'").fetchone()
    assert tuple(row) == (None, None)  # still undated: linking never invents a date


@pytest.mark.parametrize("release_left_memory", [False, True])
def test_a_reprint_that_drops_the_release_footer_is_its_copy(db_path: Path, release_left_memory: bool) -> None:
    """Every sentence reprinted under an outlet's header, but not the footer's figures (a DOI and a
    dateline too short to count as sentences): the reprint has fewer figures and more sentence
    text than the release, and must still be found as its copy (pickups-dev, pick-9045)."""
    store = _store(db_path)
    linker = Linker(store)
    footer = "\n\nPublication : DOI 10.1039/d2ra03367\nBerne, le 12.10.2022"
    _add(store, linker, [Article(text=RELEASE_FR + footer, id="fr", published="2022-10-12", source="admin"),
                         Article(text=RELEASE_DE, id="de", published="2022-10-12", source="admin")])
    if release_left_memory:
        _move_on(store, linker, "fr")
    reprint = Article(text="Communiqué de l'administration fédérale, Berne :\n\n" + RELEASE_FR, id="reprint",
                      source="outlet.example")
    _add(store, linker, [reprint])
    linker.finish()
    groups = _groups(store)
    assert groups["reprint"] == groups["fr"] == groups["de"]
    assert _relation(store, "fr", "reprint")[0] == "near_duplicate"


def test_an_undated_exact_copy_finds_its_original_in_the_database(db_path: Path) -> None:
    """The original comes back from the database as the exact twin of the text asking for it; it
    used to come back unindexed (a twin adds nothing) and so was found neither as twin nor copy."""
    store = _store(db_path)
    linker = Linker(store)
    _add(store, linker, [Article(text=RELEASE_IT, id="it", published="2022-10-12", source="admin"),
                         Article(text=RELEASE_DE, id="de", published="2022-10-12", source="admin")])
    _move_on(store, linker, "it")
    _add(store, linker, [Article(text=RELEASE_IT, id="copy", source="outlet.example")])
    summary = linker.finish()
    groups = _groups(store)
    assert groups["copy"] == groups["it"] == groups["de"] != groups["later"]
    assert _relation(store, "it", "copy")[0] == "exact"
    assert summary["exact"] == 1


LIST_DE = ("Geliefert werden unter anderem Winterjacken, Schlafsäcke, Öfen, Heizstrahler, Wasserfilter, Zelte, "
           "Feldbetten, Lampen, Batterien, Kochgeschirr, Hygieneartikel und Medikamente an die Gebietsverwaltungen "
           "von Charkiw, Cherson, Mykolajiw, Saporischschja, Dnipro und Odessa sowie an die Organisationen des "
           "Roten Kreuzes, die sie gemeinsam mit den Gemeinden an Familien, ältere Menschen und Spitäler verteilen.")


def test_a_pickup_cut_inside_a_long_sentence_finds_its_release_in_the_database(db_path: Path) -> None:
    """Cut mid-enumeration, the pickup shares whole sentences for under half its text: only its
    lead says it is a copy.  The release, back from the database, must bring its lead along."""
    store = _store(db_path)
    linker = Linker(store)
    release = RELEASE_DE.replace("\n\nDie Lieferungen", "\n\n" + LIST_DE + "\n\nDie Lieferungen")
    _add(store, linker, [Article(text=release, id="de", published="2022-10-12", source="admin"),
                         Article(text=RELEASE_FR, id="fr", published="2022-10-12", source="admin")])
    _move_on(store, linker, "de")
    pickup = Article(text="Aus der Bundesverwaltung:\n\n" + release[:680], id="cut", source="outlet.example")
    _add(store, linker, [pickup])
    linker.finish()
    groups = _groups(store)
    assert groups["cut"] == groups["de"] == groups["fr"] != groups["later"]
    kind, ev = _relation(store, "de", "cut")
    assert kind == "near_duplicate"
    assert ev["coverage"] < 0.5 < ev["lead_contained"]


def test_a_short_pickup_cut_mid_sentence_is_judged_on_the_lead_it_has(db_path: Path) -> None:
    """24 words of a 60-word release, cut in its second sentence: a third of its sentence text is
    the release's, and its lead's Jaccard with the release's whole lead is 0.3, but nearly all of
    its lead is in the release's."""
    store = _store(db_path)
    linker = Linker(store)
    _add(store, linker, [Article(text=RELEASE_DE, id="de", published="2022-10-12", source="admin"),
                         Article(text=RELEASE_FR, id="fr", published="2022-10-12", source="admin")])
    pickup = Article(text="Aus der Bundesverwaltung:\n\n" + RELEASE_DE[:140], id="cut", published="2022-10-12",
                     source="outlet.example")
    _add(store, linker, [pickup])
    linker.finish()
    groups = _groups(store)
    assert groups["cut"] == groups["de"] == groups["fr"]
    kind, ev = _relation(store, "de", "cut")
    assert kind == "near_duplicate"
    assert ev["coverage"] < 0.5 and ev["lead_jaccard"] < 0.6 < 0.75 <= ev["lead_contained"]


def test_a_late_dated_article_finds_its_versions_in_the_database(db_path: Path) -> None:
    """An archive ingested out of date order: the French version arrives after the stream has
    moved months past its date, when the German release has left memory."""
    store = _store(db_path)
    linker = Linker(store)
    _add(store, linker, [Article(text=RELEASE_DE, id="de", published="2022-10-12", source="admin")])
    _move_on(store, linker, "de")
    _add(store, linker, [Article(text=RELEASE_FR, id="fr", published="2022-10-12", source="admin")])
    linker.finish()
    groups = _groups(store)
    assert groups["de"] == groups["fr"] != groups["later"]


def test_an_article_brought_back_in_the_batch_that_drops_it_stays_linkable(db_path: Path) -> None:
    """A stream out of date order: news from months later pushes the release out of memory,
    and in the same batch an undated pickup brings it back from the database.  The release
    must then stay a candidate (it used to stay in the index but leave the clusters, and the
    next article linking to it crashed the linker with a KeyError)."""
    store = _store(db_path)
    linker = Linker(store)
    release = [Article(text=RELEASE_DE, id="de", published="2022-10-12", source="admin", title="Winterhilfe"),
               Article(text=RELEASE_FR, id="fr", published="2022-10-12", source="admin", title="Aide hivernale")]
    later = Article(text=OTHER_DE, id="later", published="2023-03-01", source="admin")
    pickup_de = Article(text="Aus der Bundesverwaltung:\n\n" + RELEASE_DE, id="pickup-de", source="outlet.example")
    translation_it = Article(text=RELEASE_IT, id="it", source="outlet.example")
    _add(store, linker, release)
    _add(store, linker, [later, pickup_de])
    _add(store, linker, [translation_it])
    linker.finish()
    groups = _groups(store)
    assert groups["de"] == groups["fr"] == groups["pickup-de"] == groups["it"] != groups["later"]


def test_thousands_of_identical_copies_make_one_group_in_linear_time(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Work grows with the copies, not with their pairs: every candidate the copy finder weighs
    passes its date check, so those checks are counted (speed is benchmarks/link.py's)."""
    from crosswire.link import copies as copies_module

    checks = 0
    real_check = copies_module.dates_compatible

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal checks
        checks += 1
        return real_check(*args, **kwargs)

    monkeypatch.setattr(copies_module, "dates_compatible", counted)

    def run(n: int) -> tuple[int, set[str], int]:
        nonlocal checks
        checks = 0
        store = _store(tmp_path / f"copies{n}.db")
        linker = Linker(store)
        copies = [Article(text=RELEASE_DE, id=f"c{i}", published="2022-10-12", source=f"outlet{i}.example")
                  for i in range(n)]
        for i in range(0, n, 64):
            _add(store, linker, copies[i:i + 64])
        linker.finish()
        relations = store.conn.execute("SELECT COUNT(*) FROM relations").fetchone()[0]
        return checks, set(_groups(store).values()), relations

    small, groups_small, relations_small = run(500)
    large, groups_large, relations_large = run(2000)
    assert len(groups_small) == 1 and len(groups_large) == 1
    assert 0 < small and large <= small * 4 * 1.1, (small, large)   # 4x the copies: 4x the checks
    assert relations_large <= 2 * 2000 and relations_small <= 2 * 500   # one link per copy, not one per pair


def test_reingesting_the_same_file_adds_no_links(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "de", "date": "2022-10-12", "title": "Winterhilfe", "text": RELEASE_DE, "source": "admin"},
        {"id": "fr", "date": "2022-10-12", "title": "Aide hivernale", "text": RELEASE_FR, "source": "admin"},
        {"id": "x", "date": "2022-10-12", "title": "Bevölkerung", "text": OTHER_DE, "source": "admin"},
    ]) + "\n", encoding="utf-8")
    cw = crosswire.open(tmp_path / "n.db", embedder=None)
    first = cw.ingest(feed, embed=False)
    relations = cw.store.conn.execute("SELECT a, b, type, score FROM relations ORDER BY a, b").fetchall()
    second = cw.ingest(feed, embed=False)
    assert first.added == 3 and second.unchanged == 3
    assert second.link_summary["linked"] == 0
    assert cw.store.conn.execute("SELECT a, b, type, score FROM relations ORDER BY a, b").fetchall() == relations
    assert {r["id"]: r["version_group"] for r in cw.export()}["de"] == {r["id"]: r["version_group"]
                                                                         for r in cw.export()}["fr"]


def test_reingesting_a_stream_whose_groups_left_memory_rewrites_no_relation(tmp_path: Path) -> None:
    """The second ingest loads the undated pickup with its whole group, whose dated members
    are long out of the horizon: nothing changed, so no relation may be written again (they
    came back reversed, a second copy of each, when the older side was no longer in memory)."""
    rows = [{"id": "de", "date": "2022-10-12", "text": RELEASE_DE, "source": "admin"},
            {"id": "fr", "date": "2022-10-12", "text": RELEASE_FR, "source": "admin"},
            {"id": "it", "date": "2022-10-12", "text": RELEASE_IT, "source": "admin"}]
    rows += [{"id": f"o{i}", "date": f"2023-0{1 + i % 9}-1{i % 9}", "source": "admin",
              "text": OTHER_DE.replace("2021", str(2000 + i))} for i in range(12)]
    rows += [{"id": "pickup", "source": "outlet.example",
              "text": "Aus der Bundesverwaltung:\n\n" + RELEASE_DE + "\n\nQuelle: Bundesverwaltung."}]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with crosswire.open(tmp_path / "n.db", embedder=None) as cw:
        cw.ingest(feed, embed=False)
        query = "SELECT a, b, type, score, evidence FROM relations ORDER BY a, b, type"
        relations = cw.store.conn.execute(query).fetchall()
        groups = {r["id"]: r["version_group"] for r in cw.export()}
        assert groups["de"] == groups["fr"] == groups["it"] == groups["pickup"]
        # the same file again, and one new unrelated article, so that the batch is written
        more = tmp_path / "more.jsonl"
        more.write_text(feed.read_text(encoding="utf-8") + json.dumps(
            {"id": "new", "date": "2023-09-20", "source": "admin", "text": OTHER_DE.replace("2021", "2023")}) + "\n",
            encoding="utf-8")
        again = cw.ingest(more, embed=False)
        assert again.unchanged == len(rows) and again.added == 1
        assert [tuple(r) for r in cw.store.conn.execute(query)] == [tuple(r) for r in relations]


KILL_SCRIPT = """
import sys, time
sys.path.insert(0, {src!r})
import crosswire
from crosswire.link import linker as L
slow = L.Linker.flush
def flush(self):
    time.sleep(0.05)   # widen the window in which the kill lands inside linking
    slow(self)
L.Linker.flush = flush
crosswire.open({db!r}, embedder=None).ingest({feed!r}, embed=False, batch_size=16)
"""


def _feed(tmp_path: Path, n: int) -> Path:
    feed = tmp_path / "many.jsonl"
    with feed.open("w", encoding="utf-8") as out:
        for i in range(n):
            day = f"2022-10-{1 + i // 40:02d}"
            for lang, text in (("de", RELEASE_DE), ("fr", RELEASE_FR)):
                out.write(json.dumps({"id": f"{lang}{i}", "date": day, "source": "admin", "title": f"{lang} {i}",
                                      "text": text.replace("1,2", f"{i},2").replace("45 ", f"{100 + i} ")},
                                     ensure_ascii=False) + "\n")
    return feed


def test_kill_9_during_linking_leaves_a_consistent_db_and_a_rerun_completes(tmp_path: Path) -> None:
    feed = _feed(tmp_path, 300)
    db = tmp_path / "k.db"
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT.format(src=str(ROOT / "src"), db=str(db),
                                                                      feed=str(feed))])
    deadline = time.time() + 120
    linked = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            with sqlite3.connect(db, timeout=1) as conn:
                linked = conn.execute("SELECT COUNT(*) FROM memberships").fetchone()[0]
        except sqlite3.Error:
            continue
        if linked >= 100:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert linked >= 100, "the ingest finished before it could be killed"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # every committed membership belongs to a stored article and a stored group
    assert conn.execute("SELECT COUNT(*) FROM memberships m LEFT JOIN articles a ON a.id = m.article_id"
                        " WHERE a.id IS NULL").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM memberships m LEFT JOIN version_groups g ON g.id = m.version_group"
                        " WHERE g.id IS NULL").fetchone()[0] == 0
    stored_not_linked = conn.execute("SELECT COUNT(*) FROM articles a LEFT JOIN memberships m"
                                     " ON m.article_id = a.id WHERE m.article_id IS NULL").fetchone()[0]
    conn.close()
    cw = crosswire.open(db, embedder=None)
    report = cw.ingest(feed, embed=False)
    assert report.ok
    assert report.link_summary["caught_up"] == stored_not_linked  # what was stored but not linked gets linked
    rows = cw.export()
    assert len(rows) == 600 and all(r["version_group"] for r in rows)
    groups = {r["id"]: r["version_group"] for r in rows}
    assert sum(groups[f"de{i}"] == groups[f"fr{i}"] for i in range(300)) >= 295


def test_embeddings_add_candidates_but_never_link_alone(tmp_path: Path) -> None:
    import numpy as np

    de = "Die Vögel ziehen im Herbst nach Süden, weil es dort wärmer ist und sie mehr Futter finden."
    fr = "Les oiseaux migrent vers le sud en automne, parce qu'il y fait plus chaud et qu'ils trouvent plus à manger."
    for with_vectors in (False, True):
        store = _store(tmp_path / f"v{with_vectors}.db")
        pair = [Article(text=de, id="de", published="2022-10-12", source="admin"),
                Article(text=fr, id="fr", published="2022-10-12", source="admin")]
        if with_vectors:  # what ingest with an embedder stores: one vector per article, here the same
            for a in pair:
                a.embedding, a.embedding_model = np.ones(8, dtype=np.float32) / np.sqrt(8), "test"
        linker = Linker(store)
        _add(store, linker, pair)
        linker.finish()
        groups = _groups(store)
        assert groups["de"] != groups["fr"]  # topic similarity alone is no version
        if with_vectors:
            de_key, fr_key = linker.index.by_id["de"], linker.index.by_id["fr"]
            assert [k for k, _cos in linker.index.vectors.neighbours(de_key)] == [fr_key]
