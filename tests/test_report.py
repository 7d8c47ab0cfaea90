"""The pickup report on the seeds, through the real CLI, and on an edited same-language copy."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crosswire.app import Crosswire
from crosswire.errors import NotFound

EN, DE = "000_47b995dd16761b2c.txt", "001_e0faf9debe7d6601.txt"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> tuple[Path, str, str]:
    db = tmp_path_factory.mktemp("report") / "seeds.db"
    with Crosswire(db, embedder=None) as cw:
        english = cw.ingest(seeds_dir / EN).ids[0]
        german = cw.ingest(seeds_dir / DE).ids[0]
    return db, english, german


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "crosswire", *args], capture_output=True, text=True, env=env,
                          timeout=600, check=False)


def test_report_of_the_english_seed(seeds_db: tuple[Path, str, str]) -> None:
    db, english, german = seeds_db
    done = _cli("report", english, "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["original"] == english
    original, translation = report["rows"]
    assert (original["id"], original["relation"], original["coverage"], original["drift"]) == \
        (english, "original", 1.0, 0)
    assert translation["id"] == german and translation["language"] == "de"
    assert translation["relation"] == "translation" and translation["pickup"] == "translated"
    assert translation["coverage"] >= 0.9
    assert translation["drift"] >= 1 and translation["drift_kinds"].get("meaning", 0) >= 1
    # the outlet is read from the dateline and footer (text/outlets.py), never the file name
    assert original["outlet"] == "PR Newswire" and translation["outlet"] == "news aktuell / presseportal"
    # the German seed is dated to the month only: its delay is unknown, not a negative guess
    assert translation["first_seen"] == "2022-11" and translation["delay_hours"] is None
    totals = report["totals"]
    assert (totals["versions"], totals["translated"], totals["verbatim"], totals["rewritten"]) == (2, 1, 0, 0)
    assert totals["languages"] == ["de", "en"] and totals["outlets"] == 2


def test_report_as_csv_and_html(seeds_db: tuple[Path, str, str], tmp_path: Path) -> None:
    db, english, german = seeds_db
    done = _cli("report", english, "--db", str(db), "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0][:3] == ["id", "outlet", "language"] and len(rows) == 3
    assert [r[0] for r in rows[1:]] == [english, german]
    out = tmp_path / "r.html"
    assert _cli("report", english, "--db", str(db), "--format", "html", "-o", str(out)).returncode == 0
    page = out.read_text(encoding="utf-8")
    assert "<svg" in page and page.count('class="series"') == 2 and "news aktuell / presseportal" in page


def test_report_by_story_takes_the_first_version_as_original(seeds_db: tuple[Path, str, str]) -> None:
    db, english, german = seeds_db
    with Crosswire(db, embedder=None) as cw:
        story = cw.story(german)["id"]
        by_story = cw.report(story)
        by_german = cw.report(german)
        with pytest.raises(NotFound):
            cw.report("no-such-id")
    assert by_story["original"] == english
    assert by_german["original"] == german  # an article id is the original its report measures from
    assert [r["id"] for r in by_german["rows"]] == [german, english]


def test_an_edited_copy_a_day_later_is_verbatim_with_its_changed_figure(seeds_dir: Path, tmp_path: Path) -> None:
    text = (seeds_dir / EN).read_text(encoding="utf-8")
    assert " date 2022-11-11 " in text and "sealed 20 cooperation projects" in text
    copy = text.replace(" date 2022-11-11 ", " date 2022-11-13 ", 1).replace("sealed 20 cooperation",
                                                                           "sealed 25 cooperation")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(copy, encoding="utf-8")
    with Crosswire(tmp_path / "t.db", embedder=None) as cw:
        first, second = cw.ingest(tmp_path / "in").ids
        report = cw.report(first)
    row = report["rows"][1]
    assert row["id"] == second and row["pickup"] == "verbatim"
    assert row["delay_hours"] == 48.0 and report["totals"]["median_delay_hours"] == 48.0
    assert row["drift_kinds"].get("number", 0) >= 1
    assert row["coverage"] == 1.0


def test_report_of_a_story_of_several_releases(shared_dir: Path, tmp_path: Path) -> None:
    """On real pickups (pickups-dev): versions of the original's release are verbatim or
    translated, other releases the story holds are rewritten (same_story), never 'translation'."""
    import itertools

    from crosswire.ingest import ReadOptions, read_paths

    gold = json.loads((shared_dir / "data" / "pickups-dev.gold.json").read_text(encoding="utf-8"))
    docs = list(itertools.islice(read_paths([shared_dir / "data" / "pickups-dev.jsonl"], ReadOptions()), 300))
    with Crosswire(tmp_path / "p.db", embedder=None) as cw:
        cw.ingest_articles(docs, embed=False, workers=0)
        story = cw.store.conn.execute("SELECT story FROM memberships GROUP BY story ORDER BY COUNT(*) DESC,"
                                      " story LIMIT 1").fetchone()[0]
        report = cw.report(story)
    rows = report["rows"]
    release = gold[report["original"]]
    assert len({gold[r["id"]] for r in rows}) >= 2, "the largest story should hold more than one release"
    for r in rows[1:]:
        if gold[r["id"]] == release:
            assert r["pickup"] in ("verbatim", "translated"), r
            assert (r["pickup"] == "translated") == (r["language"] != rows[0]["language"]), r
        else:
            assert (r["pickup"], r["relation"]) == ("rewritten", "same_story"), r
    assert all(r["outlet"] for r in rows)
    known = [r["delay_hours"] for r in rows[1:] if r["delay_hours"] is not None]
    assert known and all(d >= 0 for d in known)


def test_chart_places_each_version_by_what_its_date_allows(seeds_db: tuple[Path, str, str]) -> None:
    """The day-dated English original at its day, the month-dated German translation at the
    month's end (never before the original), its whole month drawn as its period."""
    import xml.etree.ElementTree as ET

    from crosswire.report import pickup_chart

    db, english, _ = seeds_db
    with Crosswire(db, embedder=None) as cw:
        svg = ET.fromstring(pickup_chart(cw.report(english)["rows"]))
    ns = "{http://www.w3.org/2000/svg}"
    points = {c.get("data-language"): float(c.get("cx") or 0) for c in svg.iter(f"{ns}circle")}
    periods = {r.get("data-language"): float(r.get("width") or 0) for r in svg.iter(f"{ns}rect")
               if r.get("class") == "period"}
    assert set(points) == {"en", "de"} and points["en"] < points["de"]
    assert periods["de"] > 10 * periods["en"]  # a month against a day
    labels = [t.text for t in svg.iter(f"{ns}text") if t.text and t.text.startswith("2022-")]
    assert labels and len(labels) == len(set(labels)) and labels[0] == "2022-11-01"  # the German month
