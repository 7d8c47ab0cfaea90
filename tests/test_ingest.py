"""Readers and the store: real files in, every bad input reported by name, nothing lost, idempotent."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import crosswire
from crosswire.ingest import ReadOptions, read_paths

GERMAN = ("Zürich (ots) - Die Stadt Zürich eröffnet im März eine neue Tramlinie. Die Strecke ist 7,5 km lang "
          "und kostet 240 Mio. Franken.\n\nDie Bauarbeiten dauerten drei Jahre. Über 1.200 Personen "
          "arbeiteten an dem Projekt.")
ENGLISH = ("GENEVA, March 3, 2025 /PRNewswire/ -- The city of Geneva opened a new hydrogen bus depot on Monday. "
           "The depot cost 45 million francs.\n\nIt will serve 60 buses by 2027.")


def _errors(paths: list[Path]) -> tuple[list[crosswire.Article], list]:
    errors: list = []
    arts = list(read_paths(paths, ReadOptions(on_error=errors.append)))
    return arts, errors


def test_plain_text_with_date_line(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(" date 2022-11\n" + GERMAN, encoding="utf-8")
    (a,), errors = _errors([f])
    assert not errors
    assert a.published == "2022-11" and a.date_precision == "month"
    assert a.text.startswith("Zürich (ots)")
    assert a.source == str(f)


def test_legacy_encoding_is_detected(tmp_path: Path) -> None:
    f = tmp_path / "latin.txt"
    f.write_bytes((GERMAN + " Größere Züge fahren ab Frühling über die Brücke.").encode("cp1252"))
    (a,), errors = _errors([f])
    assert not errors
    assert "Zürich" in a.text and "Größere Züge" in a.text and "Brücke" in a.text


def test_utf16_with_bom(tmp_path: Path) -> None:
    f = tmp_path / "u16.txt"
    f.write_bytes(ENGLISH.encode("utf-16"))
    (a,), _ = _errors([f])
    assert a.text.startswith("GENEVA")


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  ", b" date 2022-11-11\n   \n"])
def test_empty_or_whitespace_file_is_refused_by_name(tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(content)
    arts, errors = _errors([f])
    assert arts == []
    assert len(errors) == 1 and str(f) in str(errors[0]) and "empty" in str(errors[0])


def test_binary_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH)
    arts, errors = _errors([tmp_path])
    assert [a.source for a in arts] == [str(good)]
    assert "binary" in str(errors[0]) and str(f) in str(errors[0])


def test_unreadable_path_is_reported(tmp_path: Path) -> None:
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    arts, errors = _errors([link, tmp_path / "missing.jsonl"])
    assert arts == [] and len(errors) == 2
    assert all("dangling.txt" in str(e) or "missing.jsonl" in str(e) for e in errors)


def test_oversized_text_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    with f.open("wb") as h:  # sparse: 50 MB on paper, nothing read into memory
        h.truncate(50 * 1024 * 1024)
    arts, errors = _errors([f])
    assert arts == []
    assert "50.0 MB" in str(errors[0]) or "52.4 MB" in str(errors[0])
    assert "limit" in str(errors[0])


def test_jsonl_bad_lines_are_named_and_the_rest_goes_in(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": "a1", "title": "Tram", "text": GERMAN, "date": "2025-03-03", "url": "https://x.example/1",
                         "source": "Rheinpost", "section": "local"}),
             '{"id": "a2", "text": "broken',
             json.dumps({"id": "a3", "title": "No text"}),
             json.dumps(["not", "an", "object"]),
             "",
             json.dumps({"id": "a4", "text": ENGLISH, "date": "the day after tomorrow-ish"})]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    arts, errors = _errors([f])
    assert [a.id for a in arts] == ["a1", "a4"]
    assert [(e.line, e.field) for e in errors] == [(2, None), (3, "text"), (4, None)]
    assert all(str(f) in str(e) for e in errors)
    assert "malformed JSON" in str(errors[0])
    a1, a4 = arts
    assert a1.metadata == {"section": "local"} and a1.outlet == "Rheinpost" and a1.published == "2025-03-03"
    # an unparseable date is kept as unknown, never guessed
    assert a4.published is None and a4.date_precision is None
    assert a4.metadata["unparsed_date"] == "the day after tomorrow-ish"


def test_html_file_main_text_only(tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in ENGLISH.split("\n\n"))
    html = (f"<!doctype html><html><head><title>Hydrogen depot opens</title>"
            f'<meta property="article:published_time" content="2025-03-03"></head><body>'
            f"<nav><a href='/'>Home</a> | <a href='/sport'>Sport</a> | <a href='/weather'>Weather</a></nav>"
            f"<article><h1>Hydrogen depot opens</h1>{body}</article>"
            f"<div class='comments'><p>Great news, finally! Posted by Bob</p></div>"
            f"<footer>© 2025 Geneva Times. All rights reserved.</footer></body></html>")
    f = tmp_path / "page.html"
    f.write_text(html)
    (a,), errors = _errors([f])
    assert not errors
    assert a.title == "Hydrogen depot opens"
    assert "45 million francs" in a.text and "Sport" not in a.text and "Bob" not in a.text


def test_store_round_trip_and_idempotent_reingest(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "de.txt").write_text(" date 2025-03\n" + GERMAN)
    (tmp_path / "in" / "sub").mkdir()
    (tmp_path / "in" / "sub" / "en.txt").write_text(" date 2025-03-03\n" + ENGLISH)
    with crosswire.open(db_path, embedder=None) as cw:
        first = cw.ingest(tmp_path / "in", link=False)
        assert (first.added, first.unchanged, first.ok) == (2, 0, True)
        second = cw.ingest(tmp_path / "in", link=False)
        assert (second.added, second.unchanged) == (0, 2)
        assert cw.store.count() == 2
        de = [a for a in cw.articles(language="de")]
        assert len(de) == 1 and de[0].published == "2025-03"
        full = cw.article(de[0].id)
        assert full.sentences and all(full.text[s.start:s.end] == s.text for s in full.sentences)
        # month-dated articles overlap a --since inside their month; nothing is invented
        assert [a.language for a in cw.articles(since="2025-03-02")] == ["de", "en"]
        assert [a.language for a in cw.articles(since="2025-03-04")] == ["de"]
    conn = sqlite3.connect(db_path)  # a real file anyone can open
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1
    orphans = conn.execute("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS"
                           " (SELECT 1 FROM sentences s WHERE s.article_id = a.id)").fetchone()[0]
    assert orphans == 0
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_changed_content_under_same_id_is_updated(db_path: Path) -> None:
    with crosswire.open(db_path, embedder=None) as cw:
        cw.ingest_articles([crosswire.Article(text=ENGLISH, id="x1")], link=False)
        r = cw.ingest_articles([crosswire.Article(text=ENGLISH + " A late correction was added.", id="x1")], link=False)
        assert r.updated == 1 and cw.store.count() == 1
        assert "late correction" in cw.article("x1").sentences[-1].text


def test_byte_order_mark_on_broken_utf16_is_reported(tmp_path: Path) -> None:
    f = tmp_path / "odd.txt"
    f.write_bytes(b"\xff\xfeA\x00B")  # UTF-16 BOM, then an odd number of bytes
    arts, errors = _errors([f])
    assert arts == [] and "utf-16" in str(errors[0]) and str(f) in str(errors[0])


def test_a_rerun_logs_each_bad_input_once(tmp_path: Path, db_path: Path) -> None:
    """File-level errors have no line and no field (NULLs, which UNIQUE does not compare): a
    second run of the same inputs must not log them again."""
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "in.jsonl").write_text('{"id": "ok", "text": "' + ENGLISH.replace('"', "'").replace("\n", " ")
                                       + '"}\n{"id": "bad", "text": "unterminated\n{"id": "x"}\n', encoding="utf-8")
    with crosswire.open(db_path, embedder=None) as cw:
        for _ in range(2):
            report = cw.ingest([tmp_path / "bin.txt", tmp_path / "in.jsonl"], link=False)
            assert not report.ok and cw.store.count() == 1
        logged = [(e["source"].rsplit("/", 1)[-1], e["line"], e["field"]) for e in cw.store.errors()]
    assert sorted(logged, key=str) == sorted([("bin.txt", None, None), ("in.jsonl", 2, None), ("in.jsonl", 3, "text")],
                                             key=str), logged
