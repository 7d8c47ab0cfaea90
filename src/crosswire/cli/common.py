"""Options and output helpers every command shares (``--db``, ``--json``)."""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..app import Crosswire
from ..embed import DEFAULT_EMBEDDER

F = TypeVar("F", bound=Callable[..., Any])


def open_db(db: str, *, embedder: str | None = DEFAULT_EMBEDDER, read_only: bool = False) -> Crosswire:
    return Crosswire(db, embedder=None if embedder == "none" else embedder, read_only=read_only)


def open_existing(db: str, *, embedder: str | None = None, read_only: bool = True) -> Crosswire:
    """A database that must already exist: a reading command never creates an empty file."""
    if not os.path.exists(db):
        fail(f"{db}: no such database (crosswire ingest FILES --db {db} makes one)")
    return Crosswire(db, embedder=embedder, read_only=read_only)


def allow_private_option(f: F) -> F:
    """``--allow-private``, the SSRF switch ``ingest URL`` and ``watch`` share; passed to the
    library call as an argument (never through the environment)."""
    return click.option("--allow-private", is_flag=True,
                        help="Let URLs reach loopback, LAN and link-local addresses (refused by default: no SSRF)."
                        )(f)


def default_db() -> str:
    return os.environ.get("CROSSWIRE_DB", "crosswire.db")


def db_option(f: F) -> F:
    return click.option("--db", "db", default=default_db, show_default="./crosswire.db or $CROSSWIRE_DB",
                        type=click.Path(dir_okay=False), help="SQLite database file.")(f)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


def emit_json(obj: Any) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, default=_default)
    sys.stdout.write("\n")


def emit_jsonl(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=_default) + "\n")


def _default(o: Any) -> Any:
    if hasattr(o, "to_dict"):
        return o.to_dict()
    if hasattr(o, "tolist"):
        return o.tolist()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def fail(message: str, code: int = 1) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)
