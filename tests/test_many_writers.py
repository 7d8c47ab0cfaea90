"""Many processes writing one database at once give what one sequential ingest gives.

Real processes throughout: ``crosswire ingest`` runs, a ``crosswire serve`` taking an upload
over HTTP, ``kill -9`` of the process that links. Inputs are release texts from the shared dev
set (a few hundred, no embeddings, so a 2-core CI runs them in well under a minute each).
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crosswire.app import Crosswire
from crosswire.link.evaluate import pairwise_scores
from crosswire.store import SQLiteStore
from crosswire.store.lease import Lease

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _lines(shared_dir: Path, n: int) -> list[str]:
    with (shared_dir / "data" / "releases-dev.jsonl").open(encoding="utf-8") as f:
        return [next(f) for _ in range(n)]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _ingest(path: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "crosswire", "ingest", str(path), "--db", str(db),
                             "--embedder", "none", "--workers", "0", "--json", *extra],
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _groups(db: Path) -> dict[str, str | None]:
    with Crosswire(db, embedder=None, read_only=True) as cw:
        return {r["id"]: r["version_group"] for r in cw.export()}


def _consistent(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS"
                            " (SELECT 1 FROM sentences s WHERE s.article_id = a.id)").fetchone()[0] == 0
        # every group row counts the members it has
        assert conn.execute("SELECT COUNT(*) FROM version_groups g WHERE g.size !="
                            " (SELECT COUNT(*) FROM memberships m WHERE m.version_group = g.id)").fetchone()[0] == 0


def _sequential(tmp_path: Path, lines: list[str]) -> dict[str, str | None]:
    db = tmp_path / "one.db"
    proc = _ingest(_write(tmp_path / "all.jsonl", lines), db)
    _out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return _groups(db)


def _serve(db: Path) -> tuple[subprocess.Popen[str], str]:
    import httpx

    from crosswire.web.testing import free_port

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "crosswire", "serve", "--db", str(db), "--port", str(port),
                             "--embedder", "none"], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            httpx.get(url + "/api", timeout=5)
            return proc, url
        except httpx.TransportError:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)


def test_two_ingests_and_an_upload_at_once_give_one_sequential_ingests_groups(shared_dir: Path,
                                                                                tmp_path: Path) -> None:
    pytest.importorskip("fastapi", reason="serve needs crosswire[web]")
    import httpx

    lines = _lines(shared_dir, 360)
    # three sources of the same weeks of news (line i to writer i mod 3): whoever stores first,
    # the stream stays near date order. (A whole later block linked before an earlier one is
    # the linker's out-of-order case, measured by eval_link.py --order, not a concurrency one.)
    parts = [lines[0::3], lines[1::3], lines[2::3]]
    db = tmp_path / "many.db"
    server, url = _serve(db)
    try:
        procs = [_ingest(_write(tmp_path / f"part{i}.jsonl", part), db, "--batch-size", "16")
                 for i, part in enumerate(parts[:2])]
        upload = httpx.post(url + "/api/ingest", timeout=600,
                            files={"files": ("part2.jsonl", "".join(parts[2]).encode(), "application/x-ndjson")})
        results = [p.communicate(timeout=600) for p in procs]
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert upload.status_code == 200, upload.text
    assert upload.json()["added"] == len(parts[2])
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err
        assert "database is locked" not in err
        assert json.loads(out)["added"] == 120
    many = _groups(db)
    assert len(many) == len(lines) and None not in many.values()   # nothing lost, everything linked
    _consistent(db)
    one = _sequential(tmp_path, lines)
    assert set(one) == set(many)
    assert len(set(one.values())) < 0.9 * len(one)   # the slice has versions to group at all
    assert pairwise_scores(many, one)["pair_f1"] >= 0.99


def test_kill_9_of_the_link_writer_while_another_writes_then_rerun(shared_dir: Path, tmp_path: Path) -> None:
    lines = _lines(shared_dir, 500)
    first, second = _write(tmp_path / "a.jsonl", lines[:400]), _write(tmp_path / "b.jsonl", lines[400:])
    db = tmp_path / "many.db"
    killed = _ingest(first, db, "--batch-size", "8")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and killed.poll() is None:
        try:
            with sqlite3.connect(db, timeout=10) as conn:
                if conn.execute("SELECT COUNT(*) FROM memberships").fetchone()[0] >= 40:
                    break
        except sqlite3.OperationalError:
            pass  # not created yet
        time.sleep(0.05)
    assert killed.poll() is None, "the first ingest ended before it could be killed; give it more lines"
    other = _ingest(second, db, "--batch-size", "8")
    theirs = [json.loads(x)["id"] for x in lines[400:]]
    while time.monotonic() < deadline and other.poll() is None:   # the other writer stores meanwhile
        with sqlite3.connect(db, timeout=10) as conn:
            if conn.execute(f"SELECT COUNT(*) FROM articles WHERE id IN ({','.join('?' * len(theirs))})",
                            theirs).fetchone()[0]:
                break
        time.sleep(0.05)
    assert killed.poll() is None, "the first ingest ended before the other one stored; give it more lines"
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    out, err = other.communicate(timeout=600)
    assert other.returncode == 0, err
    assert f"link writer (pid {killed.pid})" in err   # it waited for the killed one, then took over
    assert json.loads(out)["added"] == 100
    _consistent(db)
    # the killed writer's batches were whole or absent; the other writer took the lease over and
    # linked everything that was stored
    after = _groups(db)
    assert None not in after.values()
    rerun = _ingest(first, db)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    stored_first = {json.loads(x)["id"] for x in lines[:400]} & set(after)
    assert json.loads(out)["added"] == 400 - len(stored_first) > 0
    _consistent(db)
    many = _groups(db)
    assert len(many) == len(lines) and None not in many.values()
    one = _sequential(tmp_path, lines)
    assert pairwise_scores(many, one)["pair_f1"] >= 0.99


def test_the_lease_goes_to_no_one_else_while_its_holder_lives(tmp_path: Path) -> None:
    db = tmp_path / "lease.db"
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys, time\n"
                               "from crosswire.store import SQLiteStore\n"
                               "from crosswire.store.lease import Lease\n"
                               f"lease = Lease(SQLiteStore({str(db)!r}), 'link')\n"
                               "assert lease.try_acquire() is None\n"
                               "print('held', flush=True)\n"
                               "time.sleep(600)\n"], env=ENV, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        lease = Lease(SQLiteStore(db), "link")
        found = lease.try_acquire()
        assert found is not None and found.pid == holder.pid and not lease.held
    finally:
        holder.kill()
        holder.wait()
    # its process is gone: the next try takes the lease over at once, no timeout to sit out
    assert lease.try_acquire() is None and lease.held
    # a row naming a live pid that started at another time is a recycled pid, not a holder
    with lease.store.transaction() as conn:
        conn.execute("UPDATE leases SET started = '1' WHERE name = 'link'")
    other = Lease(SQLiteStore(db), "link")
    assert other.try_acquire() is None and other.held


def test_link_waits_for_the_link_writer_then_applies(tmp_path: Path, demo_corpus: Path) -> None:
    db = tmp_path / "demo.db"
    with Crosswire(db, embedder=None) as cw:
        cw.ingest(demo_corpus, embed=False, workers=0)
        groups = {r["id"]: r["version_group"] for r in cw.export()}
    a, b = "demo-001", next(d for d, g in groups.items() if g != groups["demo-001"])
    holder = subprocess.Popen([sys.executable, "-c",
                               "import time\n"
                               "from crosswire.store import SQLiteStore\n"
                               "from crosswire.store.lease import Lease\n"
                               f"assert Lease(SQLiteStore({str(db)!r}), 'link').try_acquire() is None\n"
                               "print('held', flush=True)\n"
                               "time.sleep(600)\n"], env=ENV, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        link = subprocess.Popen([sys.executable, "-m", "crosswire", "link", a, b, "--db", str(db), "--json"],
                                env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert link.stderr is not None
        said = link.stderr.readline()
        assert f"waiting for the link writer (pid {holder.pid})" in said
        assert link.poll() is None   # it waits; nothing is applied while another process links
    finally:
        holder.kill()
        holder.wait()
    out, err = link.communicate(timeout=300)
    assert link.returncode == 0, err
    result = json.loads(out)
    assert result[a]["version_group"] == result[b]["version_group"]
