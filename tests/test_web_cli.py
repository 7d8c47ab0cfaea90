"""``crosswire serve``: help, refusals, and a real server process answering on loopback."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from crosswire.cli import main
from crosswire.web.testing import free_port


def test_serve_help_and_missing_read_only_db(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "--read-only" in result.output and "--port" in result.output
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db"), "--read-only"])
    assert result.exit_code == 1 and "no such database" in result.output + (result.stderr or "")


def test_serve_process_answers_and_refuses_uploads(tmp_path: Path) -> None:
    import sqlite3

    from crosswire import Crosswire

    junk = tmp_path / "junk.db"
    sqlite3.connect(junk).close()
    result = CliRunner().invoke(main, ["serve", "--db", str(junk), "--read-only"])
    assert result.exit_code == 1 and "not a crosswire database" in result.output + (result.stderr or "")
    db = tmp_path / "empty.db"
    Crosswire(db, embedder=None).close()
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "crosswire", "serve", "--db", str(db), "--port", str(port),
                             "--read-only", "--embedder", "none"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status = httpx.get(url + "/api", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert status.status_code == 200 and status.json()["read_only"] is True
        assert httpx.get(url + "/").status_code == 200
        assert httpx.post(url + "/api/ingest", files={"files": ("a.txt", b"Some text.")}).status_code == 403
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in out
