"""The local process executor: same analysis, same order, errors surface, ingest unchanged."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

import crosswire
from crosswire.article import Article
from crosswire.demo import corpus_path
from crosswire.ingest import read_paths
from crosswire.parallel import run_steps_parallel
from crosswire.pipeline import run_steps
from crosswire.text import Analyser

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="worker processes are forked on Linux only")


def _digest(articles: Iterable[Article]) -> list[tuple]:
    return [(a.id, a.language, a.published, a.date_precision, [(s.start, s.end, s.paragraph) for s in a.sentences],
             [(b.start, b.end, b.kind) for b in a.boilerplate]) for a in articles]


def test_workers_analyse_like_this_process_and_keep_the_order() -> None:
    articles = list(read_paths([corpus_path()]))
    here = _digest(run_steps(list(read_paths([corpus_path()])), [Analyser()]))
    # no warm-up and tiny chunks: every article goes through a worker, many chunks in flight
    there = _digest(run_steps_parallel(articles, [Analyser()], workers=2, warmup=0, chunk=3))
    assert [d[0] for d in there] == [a.id for a in articles]
    assert there == here
    assert sum(len(d[4]) for d in there) > 300  # real sentences were split in the workers


class Exploding:
    """A picklable step that fails on one article, as a bug in a step would."""

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for a in articles:
            if a.title and "Metaverse" in a.title:
                raise ValueError(f"cannot analyse {a.id}")
            yield a


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    articles = [Article(id=f"n{i}", text=f"Plain note number {i}.") for i in range(10)]
    articles.append(Article(id="boom", title="Kunshan Metaverse plan", text="Text."))
    with pytest.raises(ValueError, match="cannot analyse boom"):
        list(run_steps_parallel(articles, [Exploding()], workers=1, warmup=0, chunk=4))


def test_ingest_with_and_without_workers_stores_and_links_the_same(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("crosswire.parallel.WARMUP", 5)  # the demo corpus is smaller than a real warm-up
    stored, linked = [], []
    for workers in (0, 1):
        db = tmp_path / f"w{workers}.db"
        with crosswire.open(db, embedder=None) as cw:
            report = cw.ingest(corpus_path(), embed=False, workers=workers)  # signatures made in the worker
            assert report.ok and report.added == 41
            linked.append({r["id"]: (r["version_group"], r["story"]) for r in cw.export()})
        with sqlite3.connect(db) as conn:
            stored.append(conn.execute("SELECT a.id, a.language, COUNT(s.idx) FROM articles a"
                                       " LEFT JOIN sentences s ON s.article_id = a.id GROUP BY a.id ORDER BY a.id").fetchall())
    assert stored[0] == stored[1]
    assert linked[0] == linked[1] and len({g for g, _ in linked[0].values()}) >= 8


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def test_workers_die_with_a_killed_ingest(tmp_path: Path) -> None:
    from test_crash import _count, _stream  # tests/ is on sys.path (rootdir conftest)

    feed, db = tmp_path / "stream.jsonl", tmp_path / "kill.db"
    _stream(feed, 3000)
    proc = subprocess.Popen([sys.executable, "-m", "crosswire", "ingest", str(feed), "--db", str(db), "--embedder",
                             "none", "--no-link", "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while not (workers := _children(proc.pid)) and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert workers, "no analysis worker started; the stream is shorter than the warm-up"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 10
    while any(Path(f"/proc/{w}").exists() and "zombie" not in _state(w) for w in workers) and time.time() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if Path(f"/proc/{w}").exists() and "zombie" not in _state(w)]
    assert 0 < _count(db) < 3000


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0].lower()
    except (OSError, IndexError):
        return "zombie"
