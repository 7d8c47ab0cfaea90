"""What runs inside Ray workers: read one shard, analyse and write a batch.  No Ray import here.

The analysis is ``Crosswire.analysis_steps`` run by ``pipeline.run_steps`` — the very steps
``ingest`` runs — so the two executors cannot drift apart; only the scheduling differs.
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..article import Article
from ..errors import InputError
from ..ingest import ReadOptions, read_paths
from ..link.signature import article_signature
from ..pipeline import run_steps
from .candidates import lsh_bands
from .rows import arrow_schema, article_from_dict, article_row, article_to_json

#: Rows per Arrow table a reader yields by default: small enough that a 10 GB WARC never sits
#: in memory.  ``run_batch`` passes its ``batch_size`` instead, so that one chunk read is one
#: batch analysed.
READ_CHUNK = 256


def errors_path(out: str, shard: int) -> Path:
    return Path(out) / "errors" / f"shard-{shard:05d}.jsonl"


def read_shards(batch: Any, out: str, chunk: int = READ_CHUNK) -> Iterator[Any]:
    """Ray ``map_batches`` generator: shard rows in, article hand-over rows out.

    Errors go to ``out/errors/shard-N.jsonl``; written whole at the end, so a retried task
    rewrites the file rather than appending to it.  An exception that no reader turned into an
    InputError (a bug, a codec crash) still costs only this shard, named in the report.
    """
    import pyarrow as pa

    for shard, path in zip(batch.column("shard").to_pylist(), batch.column("path").to_pylist()):
        errors: list[InputError] = []
        rows: list[dict[str, Any]] = []
        ordinal = 0
        try:
            for article in read_paths([path], ReadOptions(on_error=errors.append)):
                rows.append({"shard": shard, "ordinal": ordinal, "path": path, "article": article_to_json(article)})
                ordinal += 1
                if len(rows) >= chunk:
                    yield pa.Table.from_pylist(rows, schema=_HANDOVER)
                    rows = []
        except Exception as exc:  # noqa: BLE001 - one broken shard must not end the run
            errors.append(InputError(path, f"shard unreadable after {ordinal} articles: "
                                           f"{type(exc).__name__}: {exc}"))
        if rows:
            yield pa.Table.from_pylist(rows, schema=_HANDOVER)
        if not ordinal and not errors:
            # readers accept some garbage silently (a .warc.gz of random bytes reads as empty);
            # at corpus scale an empty shard is almost always a broken one, so say so
            errors.append(InputError(path, "no article could be read from this shard "
                                           "(empty, or not a format crosswire reads)"))
        target = errors_path(out, shard)
        if errors:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in errors),
                              encoding="utf-8")


def _handover_schema() -> Any:
    try:
        import pyarrow as pa
    except ImportError:   # module imported without the extra: only the Ray path needs it
        return None
    return pa.schema([("shard", pa.int32()), ("ordinal", pa.int64()), ("path", pa.string()),
                      ("article", pa.string())])


_HANDOVER = _handover_schema()


def write_part(table: Any, folder: Path) -> str:
    """Write one analysed batch as ``part-s<shard>-o<ordinal>.parquet``, named by its first row.

    The name is a function of the input alone, so a task that Ray runs again after its worker
    died rewrites the very files of the dead attempt: nothing doubles.  The file appears whole
    or not at all (written as a dot-file, then renamed; readers skip dot-files).
    """
    import pyarrow.parquet as pq

    first = min(zip(table.column("shard").to_pylist(), table.column("ordinal").to_pylist()))
    name = f"part-s{first[0]:05d}-o{first[1]:09d}.parquet"
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{name}.{os.getpid()}.tmp"
    pq.write_table(table, partial)
    os.replace(partial, folder / name)
    return name


class AnalyseBatch:
    """Ray actor: the analysis steps, built once per worker (models load once, then stay).

    Called with hand-over rows (``read_shards``); writes the analysed rows to
    ``out/articles/`` itself and hands Ray back only ``{file, rows}``: article rows (text,
    vectors) never travel through the object store, and no write task waits for a free CPU.
    """

    def __init__(self, embedder: str | None, threads: int = 0, *, out: str) -> None:
        if threads:
            # each worker gets its share of the cores: N workers x 4 ONNX threads on N cores thrash
            os.environ["CROSSWIRE_THREADS"] = str(threads)
        from ..app import Crosswire

        # analysis_steps only needs the embedder name; an in-memory store keeps Crosswire honest
        with Crosswire(":memory:", embedder=embedder) as cw:
            self.steps = cw.analysis_steps(embed=embedder is not None)
        for step in self.steps:
            if hasattr(step, "encode"):
                step.encode(["warm-up"])   # load the model now, not inside the first timed batch
        self.schema = arrow_schema()
        self.out = out

    def __call__(self, batch: Any) -> Any:
        started, cpu = time.time(), time.process_time()
        return self.write(self.analyse(batch), started, cpu)

    def analyse(self, batch: Any) -> Any:
        """Hand-over rows in, ``ARTICLE_COLUMNS`` rows out: the ingest steps, then the signature."""
        import pyarrow as pa

        meta: dict[int, tuple[int, int, str]] = {}
        articles: list[Article] = []
        for row in batch.to_pylist():
            article = article_from_dict(json.loads(row["article"]))
            meta[id(article)] = (row["shard"], row["ordinal"], row["path"])
            articles.append(article)
        rows = []
        for article in run_steps(articles, self.steps):
            shard, ordinal, path = meta[id(article)]
            sig = article_signature(article)
            rows.append(article_row(article, shard=shard, ordinal=ordinal, path=path, signature=sig,
                                    bands=lsh_bands(sig)))
        return pa.Table.from_pylist(rows, schema=self.schema)

    def write(self, table: Any, started: float, cpu: float) -> Any:
        """Write the batch; what Ray gets back: the file, its rows, and when and how long this
        worker worked on it (wall clock, CPU seconds), for the report's throughput figures."""
        import pyarrow as pa

        name = write_part(table, Path(self.out) / "articles") if table.num_rows else None
        return pa.table({"file": pa.array([name], pa.string()), "rows": pa.array([table.num_rows], pa.int64()),
                         "started": [started], "finished": [time.time()], "cpu": [time.process_time() - cpu],
                         "pid": [os.getpid()]})


class AnalyseShards(AnalyseBatch):
    """Ray actor for CPU runs: one shard per call, read and analysed here chunk by chunk.

    The explicit form of what Ray Data's operator fusion would do with ``read_shards`` followed
    by :class:`AnalyseBatch`, minus its input bundling: a fused operator gathers shard rows up
    to the analysis ``batch_size`` before starting a task, and a shard row is one path, so all
    shards of a run landed in one task on one worker.  Here a task is exactly one shard; the
    reader's chunks (``chunk`` articles) are the analysis batches, each written when done.
    """

    def __init__(self, embedder: str | None, threads: int = 0, *, out: str, chunk: int = READ_CHUNK) -> None:
        super().__init__(embedder, threads, out=out)
        self.chunk = chunk

    def __call__(self, batch: Any) -> Iterator[Any]:   # type: ignore[override]
        started, cpu = time.time(), time.process_time()     # a chunk's time includes reading it
        for handover in read_shards(batch, self.out, self.chunk):
            yield self.write(self.analyse(handover), started, cpu)
            started, cpu = time.time(), time.process_time()


def read_columns(batch: Any, columns: list[str]) -> Iterator[Any]:
    """Ray ``map_batches``: articles Parquet files in, their ``columns`` out, a row group at a time."""
    import pyarrow.parquet as pq

    for path in batch.column("file").to_pylist():
        parquet = pq.ParquetFile(path)
        for group in range(parquet.num_row_groups):
            yield parquet.read_row_group(group, columns=columns)


def embedding_rows(batch: Any) -> Any:
    """Articles that have a vector (an embedder can skip an empty text)."""
    import pyarrow.compute as pc

    return batch.filter(pc.is_valid(batch.column("embedding")))


def sentence_rows(row: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"article_id": row["id"], "idx": i, "text": s["text"], "start": s["start"], "end": s["end"],
             "paragraph": s.get("paragraph", 0), "language": row["language"]}
            for i, s in enumerate(json.loads(row["sentences"] or "[]"))]


def fact_rows(row: dict[str, Any]) -> list[dict[str, Any]]:
    """Facts per sentence, offsets into the article text (as compare uses them)."""
    from ..facts import extract

    out = []
    for i, s in enumerate(json.loads(row["sentences"] or "[]")):
        for f in extract(s["text"], row["language"]):
            out.append({"article_id": row["id"], "sentence": i, "kind": f.kind, "text": f.text,
                        "start": s["start"] + f.start, "end": s["start"] + f.end,
                        "value": json.dumps(f.display_value(), ensure_ascii=False, default=str),
                        "unit": f.unit, "soft": bool(f.soft)})
    return out
