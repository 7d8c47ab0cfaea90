"""What runs inside Ray workers: read one shard, analyse a batch.  No Ray import here.

The analysis is ``Crosswire.analysis_steps`` run by ``pipeline.run_steps`` — the very steps
``ingest`` runs — so the two executors cannot drift apart; only the scheduling differs.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..article import Article
from ..errors import InputError
from ..ingest import ReadOptions, read_paths
from ..link.language import language_of
from ..link.signature import signature_of
from ..pipeline import run_steps
from .candidates import lsh_bands
from .rows import arrow_schema, article_from_dict, article_row, article_to_json

#: Rows per Arrow table a reader yields: small enough that a 10 GB WARC never sits in memory.
READ_CHUNK = 256


def errors_path(out: str, shard: int) -> Path:
    return Path(out) / "errors" / f"shard-{shard:05d}.jsonl"


def read_shards(batch: Any, out: str) -> Iterator[Any]:
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
                if len(rows) >= READ_CHUNK:
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


class AnalyseBatch:
    """Ray actor: the analysis steps, built once per worker (models load once, then stay)."""

    def __init__(self, embedder: str | None, threads: int = 0, fail_once: str | None = None) -> None:
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
        self.fail_once = fail_once

    def __call__(self, batch: Any) -> Any:
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
            sig = signature_of(article, language_of(article))
            rows.append(article_row(article, shard=shard, ordinal=ordinal, path=path, signature=sig,
                                    bands=lsh_bands(sig)))
        self._maybe_die()
        return pa.Table.from_pylist(rows, schema=self.schema)

    def _maybe_die(self) -> None:
        """Fault injection for the tests: the first worker to get here dies like ``kill -9``,
        after doing its work and before handing it back — the worst moment."""
        if self.fail_once and not os.path.exists(self.fail_once):
            Path(self.fail_once).write_text(str(os.getpid()))
            os._exit(137)


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
