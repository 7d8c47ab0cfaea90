"""``crosswire compare`` / ``crosswire align`` through click's CliRunner."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosswire.cli import main

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

EN = "The council approved 3.4 billion francs on 30 September 2022. Critics called the plan too timid."
DE = "Der Rat genehmigte am 30. September 2022 3,4 Milliarden Franken. Kritiker nannten den Plan zu zaghaft."
DE_CHANGED = "Der Rat genehmigte am 30. September 2022 3,4 Millionen Franken. Kritiker nannten den Plan zu zaghaft."


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "en.txt", tmp_path / "de.txt"
    a.write_text(EN, encoding="utf-8")
    b.write_text(DE_CHANGED, encoding="utf-8")
    return a, b


@pytest.mark.slow
def test_compare_files_json(files: tuple[Path, Path]) -> None:
    res = CliRunner().invoke(main, ["compare", str(files[0]), str(files[1]), "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert [x["kind"] for x in d["differences"]] == ["number"]
    assert d["differences"][0]["b_text"].startswith("Der Rat genehmigte")


@pytest.mark.slow
def test_compare_terminal_view(files: tuple[Path, Path]) -> None:
    res = CliRunner().invoke(main, ["compare", str(files[0]), str(files[1])])
    assert res.exit_code == 0, res.output
    assert "number" in res.output and "Kritiker" in res.output


@pytest.mark.slow
def test_compare_seed_files_terminal() -> None:
    if not SEEDS.is_dir():
        pytest.skip("seeds not present")
    a, b = sorted(SEEDS.glob("*.txt"))
    res = CliRunner().invoke(main, ["compare", str(a), str(b)])
    assert res.exit_code == 0, res.output
    assert "boilerplate" in res.output and "meaning" in res.output


@pytest.mark.slow
def test_compare_batch(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("\n".join(json.dumps(r) for r in [{"id": "p1", "a": EN, "b": DE}, {"id": "p2", "a": EN, "b": DE_CHANGED},
                                                       {"id": "bad", "a": 3}]) + "\n{oops\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["compare", "--batch", str(pairs), "--json"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.stdout.splitlines() if x.strip()]
    by_id = {x.get("id"): x for x in lines}
    assert by_id["p1"]["differences"] == [] and [d["kind"] for d in by_id["p2"]["differences"]] == ["number"]
    assert {"a", "b", "alignment", "facts", "differences"} <= set(by_id["p2"])
    assert "error" in by_id["bad"] and any("error" in x and x.get("id") is None for x in lines)


@pytest.mark.slow
def test_align_presplit_and_batch(tmp_path: Path) -> None:
    src, tgt = tmp_path / "src.txt", tmp_path / "tgt.txt"
    src.write_text("Der Rat tagte am Freitag.\nEr genehmigte 20 Projekte.\nDie Presse war anwesend.\n", encoding="utf-8")
    tgt.write_text("Le conseil s'est réuni vendredi.\nIl a approuvé 20 projets.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["align", str(src), str(tgt), "--presplit", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["beads"] == [[[0], [0]], [[1], [1]], [[2], []]]
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"doc": "d1", "src": ["Der Rat tagte am Freitag.", "Er genehmigte 20 Projekte."],
                                "tgt": ["Le conseil s'est réuni vendredi.", "Il a approuvé 20 projets."]}) + "\n",
                    encoding="utf-8")
    res = CliRunner().invoke(main, ["align", "--batch", str(docs), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout.splitlines()[0]) == {"doc": "d1", "beads": [[[0], [0]], [[1], [1]]]}


def test_compare_needs_two_inputs() -> None:
    res = CliRunner().invoke(main, ["compare", "only-one"])
    assert res.exit_code != 0 and "two versions" in res.output


def test_compare_unknown_file_or_id(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["compare", "nope-a", "nope-b", "--db", str(tmp_path / "x.db")])
    assert res.exit_code != 0 and "Error" in res.output
