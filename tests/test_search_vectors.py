"""Cross-lingual vector search: words in one language find texts that share none of them,
and the vector index is built once per database state, not once per query."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import crosswire
from crosswire.link.search import _vector_index, keyword_hits, vector_hits


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


def test_english_words_find_texts_in_other_languages(embedded: Path, model: str) -> None:
    with crosswire.open(embedded, embedder=model) as cw:
        hits = vector_hits(cw.store, "melting ice of mountain glaciers", cw.embedder(), 5)
    # the glacier study exists here in German, Italian and Dutch only, worded unlike the query
    assert {h[0] for h in hits[:3]} <= {"demo-038", "demo-040", "demo-041"}, hits


def test_only_what_stands_out_from_the_collection_is_a_hit(embedded: Path, model: str) -> None:
    """Nearest neighbours always exist; a query on nothing stored must still find nothing."""
    strike = {"demo-033", "demo-034", "demo-035", "demo-036", "demo-037"}
    with crosswire.open(embedded, embedder=model) as cw:
        hits = vector_hits(cw.store, "rail strike in Spain", cw.embedder(), 50)
        assert hits and {h[0] for h in hits} <= strike, hits
        for unrelated in ("cat food recipes", "football transfer news"):
            assert vector_hits(cw.store, unrelated, cw.embedder(), 50) == [], unrelated
        found = cw.search("cat food recipes")   # (no stored text has any of these words either)
    assert found == []


def test_the_index_is_reused_until_the_database_changes(embedded: Path, model: str, demo_corpus: Path, tmp_path: Path) -> None:
    with crosswire.open(embedded, embedder=model) as cw:
        ids, first, _sample = _vector_index(cw.store, cw.embedder().name)
        again = _vector_index(cw.store, cw.embedder().name)[1]
        assert again is first
        english = [line for line in demo_corpus.read_text(encoding="utf-8").splitlines() if '"demo-039"' in line]
        (tmp_path / "en.jsonl").write_text(english[0] + "\n", encoding="utf-8")
        assert cw.ingest(tmp_path / "en.jsonl", link=False).added == 1
        ids_after, rebuilt, _sample = _vector_index(cw.store, cw.embedder().name)
        assert rebuilt is not first and len(ids_after) == len(ids) + 1
        hits = vector_hits(cw.store, "Alpine glaciers lost twelve percent of their ice", cw.embedder(), 4)
        assert "demo-039" in {h[0] for h in hits}, hits  # the new article is searchable at once


def test_the_any_word_fallback_leaves_out_words_common_to_the_collection(embedded: Path, model: str) -> None:
    """'news' is in many demo articles: alone it is searched for, but it does not make a
    query whose other words find nothing return those articles."""
    with crosswire.open(embedded, embedder=model) as cw:
        texts = {a.id: f"{a.title} {a.text}".lower() for a in cw.articles()}
        assert len(keyword_hits(cw.store, "news", 50)) >= 5
        hits = keyword_hits(cw.store, "football transfer news", 50)
        assert all("transfer" in texts[d] or "football" in texts[d] for d, _snippet in hits), hits
        assert [d for d, _s in keyword_hits(cw.store, "Ferrovías news", 50)]   # a rare word still finds
