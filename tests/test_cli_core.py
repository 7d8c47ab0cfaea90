"""The CLI contract reviewers script against: ingest, articles --json, show --json, on the seeds and demo."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from crosswire.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_seeds_end_to_end(seeds_dir: Path, db_path: Path) -> None:
    code, out, _ = run("ingest", str(seeds_dir), "--db", str(db_path), "--embedder", "none", "--no-link", "--json")
    assert code == 0 and json.loads(out)["added"] == 2
    code, out, _ = run("articles", "--db", str(db_path), "--json")
    rows = json.loads(out)
    assert {r["language"] for r in rows} == {"en", "de"}
    assert all({"id", "language", "published", "title"} <= r.keys() for r in rows)
    by_lang = {r["language"]: r for r in rows}
    assert by_lang["en"]["published"] == "2022-11-11" and by_lang["de"]["published"] == "2022-11"

    code, out, _ = run("show", by_lang["de"]["id"], "--db", str(db_path), "--json")
    de = json.loads(out)
    assert de["date_precision"] == "month" and de["published"] == "2022-11"
    assert de["dateline"]["place"] == "Peking"
    assert len(de["sentences"]) == 8
    assert de["sentences"][-1]["text"] == "Das BIP von Kunshan betrug im Jahr 2021 mehr als 470 Milliarden Yuan."
    footer = " ".join(de["boilerplate"])
    for marker in ("Siehe Original-Link", "Pressekontakt", "Original-Content von", "Originalmeldung"):
        assert marker in footer
        assert not any(marker in s["text"] for s in de["sentences"])
    text = Path(de["source"]).read_text(encoding="utf-8")
    assert all(s["text"] in text for s in de["sentences"])

    code, out, _ = run("show", by_lang["en"]["id"], "--db", str(db_path), "--json")
    en = json.loads(out)
    assert en["date_precision"] == "day" and en["dateline"]["place"] == "BEIJING"
    assert len(en["sentences"]) == 8 and en["sentences"][0]["text"].startswith("Kunshan of east China's")

    code, out, _ = run("ingest", str(seeds_dir), "--db", str(db_path), "--embedder", "none", "--no-link", "--json")
    assert json.loads(out)["added"] == 0 and json.loads(out)["unchanged"] == 2


def test_articles_filters_and_show_unknown_id(demo_corpus: Path, db_path: Path) -> None:
    code, _, _ = run("ingest", str(demo_corpus), "--db", str(db_path), "--embedder", "none", "--no-link")
    assert code == 0
    _, out, _ = run("articles", "--db", str(db_path), "--json")
    everything = json.loads(out)
    assert len(everything) >= 30 and len({r["language"] for r in everything}) >= 5
    _, out, _ = run("articles", "--db", str(db_path), "--lang", "de", "--json")
    german = json.loads(out)
    assert german and all(r["language"] == "de" for r in german)
    code, _, err = run("show", "no-such-id", "--db", str(db_path))
    assert code == 1 and "no-such-id" in err


def test_bad_jsonl_line_sets_exit_status(tmp_path: Path, db_path: Path) -> None:
    f = tmp_path / "x.jsonl"
    f.write_text('{"id": "ok", "text": "The council approved the budget of 12 million francs on Monday."}\n{oops\n')
    code, out, err = run("ingest", str(f), "--db", str(db_path), "--embedder", "none", "--no-link")
    assert code == 1
    assert f"{f}:2" in err and "1 added" in out
