"""kill -9 in the middle of an ingest leaves no half-written article, and a re-run completes it."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from crosswire.demo import corpus_path


def _stream(path: Path, n: int) -> None:
    base = [json.loads(line) for line in corpus_path().read_text(encoding="utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            rec = dict(base[i % len(base)])
            rec["id"] = f"{rec['id']}-copy{i}"
            rec["text"] = rec["text"] + f"\n\nArchive number {i}."
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=10) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_kill_9_mid_ingest_then_rerun(tmp_path: Path) -> None:
    feed, db = tmp_path / "stream.jsonl", tmp_path / "crash.db"
    n = 1500
    _stream(feed, n)
    cmd = [sys.executable, "-m", "crosswire", "ingest", str(feed), "--db", str(db), "--embedder", "none",
           "--no-link", "--batch-size", "8"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while _count(db) < 40 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed; make the stream longer"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _count(db)
    assert 0 < partial < n
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        half = conn.execute("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
                            "(SELECT 1 FROM sentences s WHERE s.article_id = a.id)").fetchone()[0]
        assert half == 0
    done = subprocess.run(cmd + ["--json"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["unchanged"] == partial and report["added"] == n - partial
    assert _count(db) == n
