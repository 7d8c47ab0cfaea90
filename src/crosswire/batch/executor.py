"""The Ray Data executor: shards -> read -> analyse (+embed) -> Parquet tables.

Ray owns scheduling, retries and back-pressure; crosswire only says what a task does
(``workers.py``).  The unit of work is a shard, as in datatrove: each shard is its own input
block and its own task.

* CPU runs: a pool of actors (one per CPU; models load once per actor), each task reading one
  shard and analysing it chunk by chunk (:class:`AnalyseShards`).
* GPU runs: reading is a CPU task per shard, analysis a pool of GPU actors fed batches of
  ``batch_size`` articles (:class:`AnalyseBatch`).

The actors write ``articles/`` themselves, one Parquet file per batch named after its first
(shard, ordinal).  When a worker dies, Ray restarts it and runs the task again, and the retry
rewrites the same file names: no article is lost or written twice.

Why not ``read_shards`` then ``AnalyseBatch`` on CPUs too: Ray Data fuses the two into the
actors and bundles the fused input up to the analysis ``batch_size`` in *rows*.  A shard row is
one path, so every shard of a run went into one task on one actor and the other workers sat
idle: 1 and 2 workers ran at the same speed.  See benchmarks/batch.py for the numbers.
"""
from __future__ import annotations

import glob
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..deps import require
from ..embed import DEFAULT_EMBEDDER
from ..errors import CrosswireError
from . import candidates as cand
from .workers import AnalyseBatch, AnalyseShards, embedding_rows, fact_rows, read_columns, read_shards, sentence_rows

TABLES = ("articles", "sentences", "facts", "embeddings", "candidates")


@dataclass
class BatchOptions:
    embedder: str | None = DEFAULT_EMBEDDER
    address: str | None = None        # None: $RAY_ADDRESS, else a local Ray; "auto" / "ray://host:10001": join one
    num_cpus: int | None = None       # local Ray only: cores it may use
    num_gpus: int | None = None       # > 0: one GPU per analysis actor
    workers: int | None = None        # analysis actors; default one per CPU (or per GPU)
    batch_size: int = 64
    window_days: int = 3              # the linker's version window (LinkConfig.window_days)
    overwrite: bool = False
    tables: tuple[str, ...] = TABLES   # side tables to write; articles/ is always written
    runtime_env: dict[str, Any] | None = None   # Ray runtime env for the workers (pip, env_vars, ...)


@dataclass
class BatchReport:
    shards: list[str] = field(default_factory=list)
    articles: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    analyse_seconds: float = 0.0      # the article stage, wall clock: actor start-up included
    work_seconds: float = 0.0         # first batch started -> last batch written, in the workers
    worker_cpu_seconds: float = 0.0   # CPU the workers spent on batches, all of them together
    workers: int = 0
    worker_processes: int = 0         # distinct processes that did work (a restarted worker: +1)

    @property
    def docs_per_second(self) -> float | None:
        return self.articles / self.analyse_seconds if self.analyse_seconds else None

    @property
    def working_docs_per_second(self) -> float | None:
        """Throughput while the workers were at work: what a long run tends to."""
        return self.articles / self.work_seconds if self.work_seconds else None

    @property
    def core_share(self) -> float | None:
        """CPU the workers got / (workers x working window): below 1, the cores were busy with
        something else too (another job on the machine, the driver, Ray itself)."""
        window = self.work_seconds * self.workers
        return self.worker_cpu_seconds / window if window else None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("docs_per_second", "working_docs_per_second", "core_share"):
            value = getattr(self, key)
            d[key] = round(value, 2) if value else None
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


def cluster_address(options: BatchOptions) -> str | None:
    """``--address``, else ``RAY_ADDRESS`` (what ``ray job submit`` sets), else None: a local Ray."""
    return options.address or os.environ.get("RAY_ADDRESS") or None


def start_ray(options: BatchOptions) -> Any:
    ray = require("ray", "ray")
    require("pyarrow", "ray")
    if not ray.is_initialized():
        address = cluster_address(options)
        env = options.runtime_env or None
        if address and address.startswith("ray://"):
            # Ray Client: the cluster keeps its own settings; only the runtime env travels
            ray.init(address=address, runtime_env=env)
        elif address:
            ray.init(address=address, runtime_env=env, log_to_driver=False)
        else:
            ray.init(num_cpus=options.num_cpus, num_gpus=options.num_gpus, include_dashboard=False,
                     log_to_driver=False, runtime_env=env)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    return ray


def _prepare(out: Path, overwrite: bool) -> None:
    # the side tables are named by Ray's run id: a second run into the same folder would add
    # a second copy of every row beside the first, so refuse rather than double silently
    if out.exists() and any(out.iterdir()):
        if not overwrite:
            raise CrosswireError(f"{out}: not empty; pass --overwrite to replace an earlier batch output")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def run_batch(patterns: list[str], out: str | Path, options: BatchOptions | None = None) -> BatchReport:
    options = options or BatchOptions()
    require("ray", "ray")
    require("pyarrow", "ray")
    # the user's mistakes first: no need to wait for Ray to start to hear of them
    out = Path(out).resolve()
    shards = expand_shards(list(patterns))
    _prepare(out, options.overwrite)
    ray = start_ray(options)
    started = time.perf_counter()
    report = BatchReport(shards=shards)
    resources = ray.cluster_resources()
    gpus = int(options.num_gpus or 0)
    workers = options.workers or (gpus if gpus else max(1, int(resources.get("CPU", 1))))
    report.workers = workers
    threads = max(1, int(resources.get("CPU", 1)) // workers) if not cluster_address(options) else 0

    # one input block per shard: the unit of parallelism and of retry
    items = ray.data.from_items([{"shard": i, "path": p} for i, p in enumerate(shards)],
                                override_num_blocks=max(1, len(shards)))
    # one task at a time per actor: a worker that is done takes the next shard, rather than a
    # queue of shards piling up behind a slow one
    pool = _actor_pool(ray, workers)
    actor_kwargs = {"embedder": options.embedder, "threads": threads, "out": str(out)}
    if gpus:
        handover = items.map_batches(read_shards, batch_size=1, batch_format="pyarrow",
                                     fn_kwargs={"out": str(out), "chunk": options.batch_size})
        written = handover.map_batches(AnalyseBatch, batch_size=options.batch_size, batch_format="pyarrow",
                                       compute=pool, num_cpus=0, num_gpus=1, fn_constructor_kwargs=actor_kwargs)
    else:
        written = items.map_batches(AnalyseShards, batch_size=1, batch_format="pyarrow", compute=pool, num_cpus=1,
                                    fn_constructor_kwargs={**actor_kwargs, "chunk": options.batch_size})
    t = time.perf_counter()
    # the actors write articles/ themselves; what comes back is one {file, rows} per batch
    parts = written.take_all()
    report.analyse_seconds = time.perf_counter() - t
    _check_parts(out / "articles", parts)
    if parts:
        report.work_seconds = max(p["finished"] for p in parts) - min(p["started"] for p in parts)
        report.worker_cpu_seconds = sum(p["cpu"] for p in parts)
        report.worker_processes = len({p["pid"] for p in parts})
    report.articles = _rows(out / "articles")
    if report.articles:
        _derived(ray, out, options, partitions=_partitions(report.articles, resources),
                 articles_count=report.articles)
    report.tables = {name: _rows(out / name) for name in TABLES}
    report.errors = _errors(out)
    report.seconds = time.perf_counter() - started
    (out / "manifest.json").write_text(json.dumps(
        {**report.to_dict(), "embedder": options.embedder, "window_days": options.window_days,
         "ray": ray.__version__, "format": 1}, indent=2), encoding="utf-8")
    return report


def _check_parts(folder: Path, parts: list[dict[str, Any]]) -> None:
    """The files on disk are the ones the finished tasks reported, and only those."""
    for partial in folder.glob(".*.tmp"):          # a worker killed while writing
        partial.unlink(missing_ok=True)
    reported = {p["file"] for p in parts if p["file"]}
    on_disk = {f.name for f in folder.glob("*.parquet")} if folder.is_dir() else set()
    if reported != on_disk:
        raise CrosswireError(f"{folder}: files on disk ({len(on_disk)}) differ from those the tasks wrote "
                             f"({len(reported)}); is another batch writing into the same folder?")


def _actor_pool(ray: Any, workers: int) -> Any:
    try:
        return ray.data.ActorPoolStrategy(size=workers, max_tasks_in_flight_per_actor=1)
    except TypeError:   # a Ray without the knob: its default queue is only less even
        return ray.data.ActorPoolStrategy(size=workers)


def _partitions(articles: int, resources: dict[str, float]) -> int:
    # Ray's default of 200 shuffle partitions costs ~30 s of task overhead on a laptop and
    # buys nothing below a few hundred thousand articles
    return max(2, min(200, int(resources.get("CPU", 1)) * 2, articles // 5000 + 2))


def _derived(ray: Any, out: Path, options: BatchOptions, partitions: int, articles_count: int) -> None:
    """The side tables, from the written articles: cheap column reads, no second analysis.

    Each articles file is one read task (``read_columns``): ``ray.data.read_parquet`` plans
    with a file-listing task and metadata sampling that cost ~4 s per table on 2 cores, more
    than the tables themselves at dev scale, and the articles files are ours, of known schema.
    """
    files = sorted(str(f) for f in (out / "articles").glob("*.parquet"))

    def articles(columns: list[str]) -> Any:
        return ray.data.from_items([{"file": f} for f in files], override_num_blocks=max(1, len(files))) \
            .map_batches(read_columns, batch_size=1, batch_format="pyarrow", fn_kwargs={"columns": columns})

    wanted = set(options.tables)
    if "sentences" in wanted:
        articles(["id", "language", "sentences"]).flat_map(sentence_rows).write_parquet(str(out / "sentences"))
    if "facts" in wanted:
        articles(["id", "language", "sentences"]).flat_map(fact_rows).write_parquet(str(out / "facts"))
    if "embeddings" in wanted and options.embedder:
        articles(["id", "embedding_model", "embedding"]).map_batches(embedding_rows, batch_format="pyarrow") \
            .write_parquet(str(out / "embeddings"))
    if "candidates" in wanted:
        window = options.window_days
        from ray.data.aggregate import Sum

        buckets = cand.buckets_for(articles_count)
        with _sort_shuffle(ray):
            blocks = articles(["id", "day", "norm_hash", "bands", "shard", "ordinal"]) \
                .flat_map(cand.block_keys, fn_kwargs={"buckets": buckets})
            pairs = blocks.groupby("bucket", num_partitions=min(partitions, buckets)) \
                .map_groups(lambda g: cand.bucket_pairs(g, window), batch_format="pyarrow")
            merged = pairs.groupby(["a", "b"], num_partitions=partitions).aggregate(
                Sum("exact", alias_name="exact"), Sum("bands", alias_name="shared_bands"))
            merged.map_batches(_label, batch_format="pyarrow").write_parquet(str(out / "candidates"))


@contextmanager
def _sort_shuffle(ray: Any) -> Iterator[None]:
    """Ray's task-based sort shuffle for the candidate groupbys, then the caller's setting back.

    Since Ray 2.4x the default is a hash shuffle run by aggregator actors: built for terabytes,
    it starts its actors for every groupby (~5 s each on 2 cores, for 10 rows).  The block-key
    rows are small (an id, a day, a hash), which the plain task shuffle handles at corpus scale.
    """
    ctx = ray.data.DataContext.get_current()
    if not hasattr(ctx, "shuffle_strategy"):     # older Ray: the sort shuffle is already the default
        yield
        return
    from ray.data.context import ShuffleStrategy

    before = ctx.shuffle_strategy
    ctx.shuffle_strategy = ShuffleStrategy.SORT_SHUFFLE_PULL_BASED
    try:
        yield
    finally:
        ctx.shuffle_strategy = before


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
