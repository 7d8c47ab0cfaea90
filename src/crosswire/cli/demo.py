"""``crosswire demo``: what `make run` does — ingest the bundled corpus and show what was found."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click
from rich.console import Console

from ..demo import corpus_path
from .common import db_option, emit_json, json_option
from .common import open_db


@click.command()
@db_option
@click.option("--seeds", type=click.Path(exists=True, file_okay=False), help="Also ingest this folder (e.g. ../shared/seeds).")
@click.option("--serve/--no-serve", default=None, help="Serve the web UI afterwards (default: when crosswire[web] is installed and stdout is a terminal or CROSSWIRE_SERVE=1).")
@click.option("--port", default=8000, show_default=True)
@json_option
def demo(db: str, seeds: str | None, serve: bool | None, port: int, as_json: bool) -> None:
    """Ingest the bundled demo corpus (and --seeds) into --db and summarise it."""
    cw = open_db(db)
    sources = [str(corpus_path())] + ([seeds] if seeds else [])
    report = cw.ingest(sources)
    arts = cw.articles()
    summary = {"db": str(Path(db).resolve()), "ingest": report.to_dict(), "articles": len(arts),
               "languages": dict(Counter(a.language or "?" for a in arts).most_common())}
    stories = getattr(cw, "stories", None)
    if callable(stories):
        found = stories()
        summary["stories"] = len(found)
        summary["story_list"] = [s if isinstance(s, dict) else getattr(s, "to_dict", lambda: s)() for s in found[:20]]
    if as_json:
        emit_json(summary)
    else:
        console = Console()
        console.print(f"[bold]{summary['articles']}[/bold] articles in {summary['db']}: "
                      + ", ".join(f"{k} {v}" for k, v in summary["languages"].items()), highlight=False)
        console.print(f"this run: {report.added} added, {report.unchanged} unchanged, {len(report.errors)} errors "
                      f"({report.seconds:.1f} s)", highlight=False)
        for e in report.errors:
            console.print(f"[red]error[/red] {e}", highlight=False)
        if "stories" in summary:
            console.print(f"[bold]{summary['stories']}[/bold] stories (see `crosswire stories --db {db}`)")
        console.print(f"next: crosswire articles --db {db} · crosswire show ID --db {db}", highlight=False)
    _maybe_serve(cw, db, serve, port)
    sys.exit(0 if report.ok else 1)


def _maybe_serve(cw: object, db: str, serve: bool | None, port: int) -> None:
    import os

    if serve is None:
        serve = os.environ.get("CROSSWIRE_SERVE") == "1" or sys.stdout.isatty()
    if not serve:
        return
    try:
        from ..web.server import run_server
    except ImportError:
        if serve:
            click.echo("web UI not available: pip install 'crosswire[web]'", err=True)
        return
    run_server(db, host="127.0.0.1", port=port)


COMMANDS = [demo]
