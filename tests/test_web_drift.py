"""Drift counts on the story list: computed in the background, shown once every pair is compared."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import httpx
import pytest

from crosswire import Crosswire
from crosswire.demo import corpus_path
from crosswire.web.testing import LiveServer


def test_background_drift_counts_reach_the_home_page(tmp_path: Path) -> None:
    wanted = {"demo-011", "demo-014"}  # Veltris Q4 release in en and es: the es version changed a figure
    feed = tmp_path / "pair.jsonl"
    lines = [line for line in corpus_path().read_text(encoding="utf-8").splitlines()
             if line.strip() and json.loads(line)["id"] in wanted]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "pair.db"
    with Crosswire(db) as cw:
        cw.ingest([feed])
    with LiveServer(db, read_only=True, background_drift=True) as server, httpx.Client(base_url=server.url) as c:
        if c.get("/api/stories").status_code != 200:
            pytest.skip("crosswire.link is not installed yet")
        deadline = time.monotonic() + 120
        while True:
            home = c.get("/").text
            if "comparing…" not in home:
                break
            assert time.monotonic() < deadline, "drift counts never arrived"
            time.sleep(0.5)
        assert re.search(r'class="drift-count">\d+ difference', home), home[-3000:]
        sid = c.get("/api/stories").json()[0]["id"]
        story = c.get(f"/stories/{sid}")
        if story.status_code == 200:
            assert "drift-link has-drift" in story.text
