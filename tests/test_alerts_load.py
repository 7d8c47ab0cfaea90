"""Alerts fire for ``crosswire load`` as for ingest: a batch output (written here as ``batch``
writes it, without starting Ray) loaded into a database that has an alert."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hookserver import Hook

from crosswire.app import Crosswire
from crosswire.ingest import ReadOptions, read_paths

EN, DE = "000_47b995dd16761b2c.txt", "001_e0faf9debe7d6601.txt"


def _batch_output(seeds_dir: Path, out: Path) -> list[str]:
    pa = pytest.importorskip("pyarrow", reason="load reads Parquet: pip install 'crosswire[ray]'")
    from crosswire.batch.rows import arrow_schema, article_row
    from crosswire.batch.workers import write_part
    from crosswire.link.signature import signature_of
    from crosswire.text import Analyser

    articles = list(Analyser()(read_paths([seeds_dir / EN, seeds_dir / DE], ReadOptions())))
    rows = [article_row(a, shard=0, ordinal=i, path=a.source, signature=signature_of(a), bands=[])
            for i, a in enumerate(articles)]
    write_part(pa.Table.from_pylist(rows, schema=arrow_schema()), out / "articles")
    (out / "manifest.json").write_text(json.dumps({"embedder": None, "errors": [], "format": 1}), encoding="utf-8")
    return [a.id for a in articles]


def test_load_fires_the_alert_once(seeds_dir: Path, tmp_path: Path) -> None:
    from crosswire.batch.load import load

    english, german = _batch_output(seeds_dir, tmp_path / "run")
    db = tmp_path / "t.db"
    hook = Hook().start()
    try:
        with Crosswire(db, embedder=None) as cw:
            cw.add_alert(hook.url(), query="Kunshan Metaverse", allow_private=True)
        first = load(tmp_path / "run", db)
        assert first.added == 2
        bodies = sorted(hook.delivered(), key=lambda b: b["article"]["language"])
        # both are new to this database: the English original starts the story, the German joins it
        assert [(b["article"]["id"], b["event"]) for b in bodies] == [(german, "new_version"), (english, "new_story")]
        assert bodies[0]["relation"]["type"] == "translation" and bodies[0]["differences"]
        assert load(tmp_path / "run", db).unchanged == 2  # a second load adds and sends nothing
        assert len(hook.requests) == 2
    finally:
        hook.stop()
