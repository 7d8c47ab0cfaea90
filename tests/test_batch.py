"""crosswire.batch without Ray: the row format, the blocking, and the missing-extra message."""
from __future__ import annotations

import sys

import numpy as np
import pytest
from click.testing import CliRunner

from crosswire.article import Article, Boilerplate, Dateline, Sentence
from crosswire.batch.candidates import pairs_in_block
from crosswire.batch.rows import article_from_dict, article_from_row, article_row, article_to_dict
from crosswire.errors import MissingDependency
from crosswire.link.signature import signature_of


def _article() -> Article:
    text = "BERN, 3 Jan 2022 - Der Bundesrat hat 12 Mio. Franken gesprochen.\n\nKontakt: info@admin.ch"
    return Article(text=text, id="x1", source="s.jsonl", title="Titel", published="2022-01-03",
                   date_precision="day", language="de", language_confidence=0.9,
                   dateline=Dateline("BERN, 3 Jan 2022 -", place="BERN", start=0, end=18),
                   sentences=[Sentence("Der Bundesrat hat 12 Mio. Franken gesprochen.", 19, 64, 0)],
                   boilerplate=[Boilerplate("Kontakt: info@admin.ch", 66, 88, "contact")],
                   metadata={"k": [1, 2]}, embedding=np.arange(4, dtype=np.float32), embedding_model="m")


def test_from_dict_inverts_to_dict_including_boilerplate_offsets() -> None:
    a = _article()
    b = article_from_dict(a.to_dict())       # to_dict keeps boilerplate as bare strings
    assert (b.id, b.title, b.published, b.language, b.metadata) == (a.id, a.title, a.published, a.language, a.metadata)
    assert b.sentences == a.sentences and b.dateline == a.dateline
    assert [(x.start, x.end) for x in b.boilerplate] == [(66, 88)]
    c = article_from_dict(article_to_dict(a))
    assert c.boilerplate == a.boilerplate and c.content_hash == a.content_hash


def test_parquet_row_round_trip_is_lossless() -> None:
    a = _article()
    row = article_row(a, shard=3, ordinal=7, path="p", signature=signature_of(a), bands=[1, 2])
    b = article_from_row(row)
    assert b.boilerplate == a.boilerplate and b.sentences == a.sentences and b.dateline == a.dateline
    assert np.allclose(b.embedding, a.embedding) and b.embedding_model == "m"
    assert (row["shard"], row["ordinal"], row["day"]) == (3, 7, "2022-01-03")


def test_blocking_pairs_only_within_the_date_window() -> None:
    members = [{"id": "a", "day": "2022-01-01", "shard": 0, "ordinal": 0},
               {"id": "b", "day": "2022-01-03", "shard": 0, "ordinal": 1},
               {"id": "c", "day": "2022-01-09", "shard": 1, "ordinal": 0},
               {"id": "u", "day": None, "shard": 1, "ordinal": 1}]
    pairs = set(pairs_in_block(members, window_days=3))
    # a-c are 8 days apart: never compared; the undated one meets everyone in its block
    assert pairs == {("a", "b"), ("a", "u"), ("b", "u"), ("c", "u")}


def test_without_ray_batch_says_which_extra(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)    # import ray -> ImportError, as when absent
    import crosswire
    from crosswire.batch import BatchOptions, run_batch

    assert crosswire.open(tmp_path / "x.db", embedder=None)   # everything else still works
    with pytest.raises(MissingDependency, match=r"crosswire\[ray\]"):
        run_batch([str(tmp_path)], tmp_path / "out", BatchOptions(embedder=None))
    from crosswire.cli import main

    result = CliRunner().invoke(main, ["batch", str(tmp_path), "--out", str(tmp_path / "o"), "--embedder", "none"])
    assert result.exit_code == 1 and "pip install 'crosswire[ray]'" in result.output


def test_runtime_env_is_json_or_a_json_file(tmp_path) -> None:
    from crosswire.cli.batch import _runtime_env
    from crosswire.errors import CrosswireError

    assert _runtime_env(None) is None
    assert _runtime_env('{"pip": ["crosswire[ray]"]}') == {"pip": ["crosswire[ray]"]}
    (tmp_path / "env.json").write_text('{"env_vars": {"CROSSWIRE_THREADS": "1"}}')
    assert _runtime_env(str(tmp_path / "env.json")) == {"env_vars": {"CROSSWIRE_THREADS": "1"}}
    for bad in ("{not json", str(tmp_path / "missing.json"), "[1, 2]"):
        with pytest.raises(CrosswireError, match="--runtime-env"):
            _runtime_env(bad)


def test_cluster_address_falls_back_to_ray_address(monkeypatch: pytest.MonkeyPatch) -> None:
    from crosswire.batch import BatchOptions
    from crosswire.batch.executor import cluster_address

    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    assert cluster_address(BatchOptions()) is None                    # a local Ray
    monkeypatch.setenv("RAY_ADDRESS", "ray://head:10001")
    assert cluster_address(BatchOptions()) == "ray://head:10001"      # as `ray job submit` sets it
    assert cluster_address(BatchOptions(address="auto")) == "auto"    # the flag wins


def test_bucket_pairs_counts_shared_bands_and_skips_singletons() -> None:
    import pyarrow as pa

    from crosswire.batch.candidates import block_keys, bucket_pairs

    def row(doc: str, bands: list[int], norm: str) -> dict:
        return {"id": doc, "day": "2022-01-01", "shard": 0, "ordinal": ord(doc), "bands": bands, "norm_hash": norm}

    keys = [k for r in (row("a", [1, 2, 3], "x"), row("b", [1, 2, 9], "x"), row("c", [7, 8, 9], "z"))
            for k in block_keys(r, buckets=4)]
    assert {k["bucket"] for k in keys} <= set(range(4))
    assert block_keys(row("a", [1], "x"), 4) == block_keys(row("a", [1], "x"), 4)   # stable, unlike hash()
    out = bucket_pairs(pa.Table.from_pylist(keys), window_days=3).to_pylist()
    # a-b share bands 0 and 1 and the exact text; b-c share band 2 (a different band index than a's 3)
    assert sorted((r["a"], r["b"], r["exact"], r["bands"]) for r in out) == [
        ("a", "b", 0, 1), ("a", "b", 0, 1), ("a", "b", 1, 0), ("b", "c", 0, 1)]
