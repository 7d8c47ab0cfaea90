"""``load``: batch output -> store -> linker, replaying the input order.

The linker is a streaming algorithm whose answer depends on the order it sees articles in, so
``load`` feeds it shard by shard, and within a shard in reading order — exactly what
``crosswire ingest`` of the same files in the same order would feed it.  That is what makes the
two executors give the same version groups.  Memory is one shard's rows at a time.
"""
from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..article import Article
from ..deps import require
from ..errors import CrosswireError, InputError
from ..pipeline import batched
from .rows import article_from_row


@dataclass
class LoadReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0          # one input article written twice (should stay 0)
    errors: int = 0              # input errors batch reported, newly recorded in the store
    seconds: float = 0.0
    link_summary: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def iter_articles(out: str | Path) -> Iterator[tuple[tuple[int, int], Article]]:
    """``((shard, ordinal), article)`` of a batch output in input order."""
    require("pyarrow", "ray")
    import pyarrow.dataset as pads

    folder = Path(out) / "articles"
    if not folder.is_dir():
        raise CrosswireError(f"{out}: no articles/ folder; is this a `crosswire batch` output?")
    data = pads.dataset(str(folder), format="parquet")
    # row-group statistics on ``shard`` let each filter skip the files of other shards
    shards = sorted(set(data.to_table(columns=["shard"]).column("shard").to_pylist()))
    for shard in shards:
        table = data.to_table(filter=pads.field("shard") == shard).sort_by("ordinal")
        for row in table.to_pylist():
            yield (row["shard"], row["ordinal"]), article_from_row(row)


def load(out: str | Path, db: str | Path, *, link: bool = True, batch_size: int = 64,
         embedder: str | None = None) -> LoadReport:
    """Store and link a batch output; re-running it on the same output adds nothing."""
    from ..app import Crosswire

    report = LoadReport()
    started = time.perf_counter()
    manifest = _manifest(out)
    with Crosswire(db, embedder=embedder or manifest.get("embedder")) as cw:
        # the store stamps each error with the time it was recorded: skip the ones already there,
        # or every re-run would add the batch's errors again
        known = {(e["source"], e["line"], e["field"], e["error"]) for e in cw.store.errors()}
        for e in manifest.get("errors", []):
            if (e["source"], e.get("line"), e.get("field"), e["error"]) in known:
                continue
            cw.store.record_error(InputError(e["source"], e["error"], line=e.get("line"), field=e.get("field")))
            report.errors += 1
        linker = cw.linker() if link else None
        seen: set[tuple[int, int]] = set()
        stored: list[str] = []
        for batch in batched(_unique(iter_articles(out), seen, report), batch_size):
            changed = []
            for article, (_id, status) in zip(batch, cw.store.upsert(batch)):
                setattr(report, status, getattr(report, status) + 1)
                if status != "unchanged":
                    changed.append(article)
                    stored.append(_id)
            if linker is not None and changed:
                linker.add(changed)
        if linker is not None:
            report.link_summary = linker.finish()
        cw.notify_alerts(stored)  # alerts fire for loaded articles as for ingested ones
    report.seconds = time.perf_counter() - started
    return report


def _unique(rows: Iterator[tuple[tuple[int, int], Article]], seen: set[tuple[int, int]],
            report: LoadReport) -> Iterator[Article]:
    # belt and braces: Ray's retries should never write a row twice, but if an output folder
    # ever holds one input article twice, the first copy wins and the count says so.  Keyed by
    # input position, not id: the same id twice in the input is ingest's business (unchanged).
    for key, article in rows:
        if key in seen:
            report.duplicates += 1
            continue
        seen.add(key)
        yield article


def _manifest(out: str | Path) -> dict[str, Any]:
    path = Path(out) / "manifest.json"
    if not path.is_file():
        raise CrosswireError(f"{out}: no manifest.json; the batch run did not finish (re-run `crosswire batch`)")
    return json.loads(path.read_text(encoding="utf-8"))
