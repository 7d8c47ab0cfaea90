"""WARC files written by warcio's writer: HTML responses in, everything else skipped, damage reported."""
from __future__ import annotations

import gzip as gz
from pathlib import Path

import pytest
from webfixtures import CHROME_MARKERS, article_page, write_warc

import crosswire
from crosswire.errors import InputError
from crosswire.ingest import ReadOptions, read_paths
from crosswire.ingest.warc import read_warc

TEXT_A = ("The museum of Lumen Bay reopened on Saturday after a renovation that took three years and cost "
          "27 million euros.\n\nVisitors queued for two hours to see the restored harbour paintings.")
TEXT_B = ("Rail operators in the region agreed on a common ticket on Monday. It will cost 49 euros a month "
          "and be valid on all regional trains from June.\n\nCommuters' groups called it overdue.")
TEXT_C = ("A storm closed the coastal road between Lumen Bay and Port Aster for six hours on Sunday night. "
          "Nobody was hurt, the police said.\n\nRepairs to the sea wall will start next week.")


def records() -> list[dict[str, object]]:
    return [
        {"uri": "https://news.example/a.html", "type": "request"},
        {"uri": "https://news.example/a.html", "body": article_page("Museum reopens", TEXT_A),
         "date": "2024-03-02T08:00:00Z"},
        {"uri": "https://news.example/logo.png", "body": b"\x89PNG\r\n\x1a\n", "content_type": "image/png"},
        {"uri": "https://news.example/missing.html", "body": "<html><body>Not found</body></html>", "status": 404},
        {"uri": "https://news.example/empty.html", "body": "<html><body><nav><a href='/'>Front page</a></nav>"
                                                           "</body></html>"},
        {"uri": "https://news.example/b.html", "body": gz.compress(article_page("Common ticket", TEXT_B).encode()),
         "headers": [("Content-Encoding", "gzip")], "date": "2024-03-04T09:30:00Z"},
        {"uri": "https://news.example/meta", "type": "metadata", "body": "crawl notes"},
        {"uri": "https://news.example/res.html", "type": "resource", "body": article_page("Res", TEXT_C)},
    ]


def offsets(path: Path) -> dict[str, int]:
    from warcio.archiveiterator import ArchiveIterator

    out = {}
    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        for rec in it:
            if rec.rec_type == "response":
                out[rec.rec_headers.get_header("WARC-Target-URI")] = it.get_record_offset()
    return out


def read(path: Path, **kw: object) -> tuple[list[crosswire.Article], list[InputError]]:
    errors: list[InputError] = []
    arts = list(read_paths([path], ReadOptions(on_error=errors.append, **kw)))  # type: ignore[arg-type]
    return arts, errors


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_html_responses_only_with_uri_date_and_offset(tmp_path: Path, compressed: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    write_warc(path, records(), gzip=compressed)
    arts, errors = read(path)
    assert [a.url for a in arts] == ["https://news.example/a.html", "https://news.example/b.html"]
    a, b = arts
    assert a.title == "Museum reopens" and a.text.startswith("The museum of Lumen Bay") and b.title == "Common ticket"
    assert a.metadata["warc_date"] == "2024-03-02T08:00:00Z" and b.metadata["warc_date"] == "2024-03-04T09:30:00Z"
    assert a.published is None  # the crawl date is not the publication date
    where = offsets(path)
    assert a.metadata["warc_offset"] == where["https://news.example/a.html"]
    assert b.metadata["warc_offset"] == where["https://news.example/b.html"]
    assert a.source == str(path)
    for art in arts:
        assert not [m for m in CHROME_MARKERS if m in art.text]
    (error,) = errors
    assert error.source == str(path)
    assert f"record at offset {where['https://news.example/empty.html']} (https://news.example/empty.html)" in str(error)
    assert "no main text" in str(error)


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_truncated_warc_keeps_what_came_before(tmp_path: Path, compressed: bool) -> None:
    full = tmp_path / "full.warc"
    recs = [{"uri": f"https://news.example/{i}.html", "body": article_page(f"Story {i}", text)}
            for i, text in enumerate((TEXT_A, TEXT_B, TEXT_C))]
    write_warc(full, recs, gzip=compressed)
    third = offsets(full)["https://news.example/2.html"]
    data = full.read_bytes()
    for cut_at in (third + (len(data) - third) // 2, third + 30):  # mid-payload, mid-headers
        cut = tmp_path / f"cut{cut_at}.warc{'.gz' if compressed else ''}"
        cut.write_bytes(data[:cut_at])
        arts, errors = read(cut)
        assert [a.url for a in arts][:2] == ["https://news.example/0.html", "https://news.example/1.html"]
        assert len(errors) == 1, errors
        assert errors[0].source == str(cut) and str(third) in errors[0].reason, errors[0]


def test_not_a_warc_and_oversized_record(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.warc.gz"
    bogus.write_bytes(gz.compress(b"this is not a WARC file at all\n" * 10))
    arts, errors = read(bogus)
    assert arts == [] and len(errors) == 1 and errors[0].source == str(bogus)

    big = tmp_path / "big.warc.gz"
    write_warc(big, [{"uri": "https://news.example/big.html", "body": article_page("Big", TEXT_A * 200)},
                     {"uri": "https://news.example/a.html", "body": article_page("A", TEXT_A)}])
    arts, errors = read(big, max_article_bytes=20_000)
    assert [a.url for a in arts] == ["https://news.example/a.html"]
    assert "https://news.example/big.html" in str(errors[0]) and "limit" in str(errors[0])


def test_ingest_warc_into_the_store(tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, records())
    with crosswire.open(db_path, embedder=None) as cw:
        report = cw.ingest([path], link=False)
        assert report.added == 2 and len(report.errors) == 1
        assert cw.ingest([path], link=False).unchanged == 2
        stored = {a.url: a for a in cw.articles()}
        assert stored["https://news.example/a.html"].metadata["warc_date"] == "2024-03-02T08:00:00Z"
        assert any("offset" in e["error"] for e in cw.store.errors())


def test_direct_call_with_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        list(read_warc(tmp_path / "nope.warc"))


@pytest.mark.parametrize("content_type", ["text/html; charset=\x00utf-8", "text/html; charset=idna",
                                          "text/html; charset=no-such-codec", 'text/html; charset="utf 8"'])
def test_a_broken_charset_label_falls_back_to_detection(tmp_path: Path, content_type: str) -> None:
    """Found by the WARC fuzzer in CI: a NUL inside the HTTP charset made bytes.decode raise ValueError."""
    body = article_page("Café terrace", TEXT_A.replace("museum", "café museum")).encode("utf-8")
    path = tmp_path / "charset.warc.gz"
    write_warc(path, [{"uri": "https://news.example/cafe.html", "body": body, "content_type": content_type}])
    errors: list[InputError] = []
    articles = list(read_warc(path, ReadOptions(on_error=errors.append)))
    assert errors == []
    assert len(articles) == 1 and "café museum of Lumen Bay" in articles[0].text
