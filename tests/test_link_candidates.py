"""Which stored articles a new one is fully scored against: the best by shared evidence on each
side of the language line, so a crowd of same-language texts never hides a translation."""
from __future__ import annotations

from pathlib import Path

from test_link_faults import RELEASE_DE, RELEASE_FR  # tests/ is on sys.path (rootdir conftest)

from crosswire.article import Article
from crosswire.link import Linker
from crosswire.link.linker import LinkConfig
from crosswire.store import SQLiteStore

#: German news of the same day that shares the release's capitalised nouns (German capitalises
#: every noun, so they count as names) but none of its figures: not versions of it.
SAME_DAY_DE = [
    "An der Sitzung sprach der Bundesrat über Winterhilfe, Decken, Generatoren und Lieferungen für Kiew und die "
    "Ukraine. Die Direktion für Entwicklung und Zusammenarbeit (DEZA) verwies für Informationen zu Franken und "
    "Milliarden auf Ende März.\n\nVorlage {n}.",
    "Winterhilfe für die Ukraine: Die DEZA, die Direktion für Entwicklung und Zusammenarbeit, nannte dem Bundesrat "
    "an seiner Sitzung Decken, Generatoren und Lieferungen nach Kiew bis Ende März; Informationen zu Franken und "
    "Milliarden folgen.\n\nVorlage {n}.",
    "Decken, Generatoren, Lieferungen: Der Bundesrat liess sich an der Sitzung von der Direktion für Entwicklung und "
    "Zusammenarbeit (DEZA) über die Winterhilfe in der Ukraine und in Kiew informieren, mit Informationen zu "
    "Franken, Milliarden und Ende März.\n\nVorlage {n}.",
]


def test_a_crowd_of_same_language_texts_does_not_hide_a_translation(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "crowd.db")
    linker = Linker(store, config=LinkConfig(max_candidates=2))
    french = Article(text=RELEASE_FR.split("\n\n")[0], id="fr", published="2022-10-12", source="admin")
    crowd = [Article(text=t.format(n=17 + i), id=f"de-news-{i}", published="2022-10-12", source=f"outlet{i}.example")
             for i, t in enumerate(SAME_DAY_DE)]
    german = Article(text=RELEASE_DE, id="de", published="2022-10-12", source="admin")
    for batch in ([french], crowd, [german]):
        store.upsert(batch)
        linker.add(batch)
    # the German texts share more with the release than its (short) French version does ...
    acc, _ = linker.index.feature_scores(linker.index.entries[linker.index.by_id["de"]])
    by_id = {linker.index.entries[k].sig.article_id: v for k, v in acc.items()}
    assert sorted(by_id, key=by_id.__getitem__, reverse=True)[:2] == ["de-news-0", "de-news-2"]
    linker.finish()
    groups = dict(store.conn.execute("SELECT article_id, version_group FROM memberships").fetchall())
    # ... and the French version is still scored, and found
    assert groups["de"] == groups["fr"]
    assert len({groups[a.id] for a in crowd} | {groups["de"]}) == 4
    store.close()
