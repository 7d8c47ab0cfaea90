"""``alerts`` (webhooks for a query or a story) and ``report`` (where a text was picked up)."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..app import Crosswire
from ..errors import CrosswireError
from .common import db_option, emit_json, fail, json_option, open_existing


def _open(db: str, *, must_exist: bool = True) -> Crosswire:
    # a query alert may come before the first ingest; anything else needs the database
    return open_existing(db, read_only=False) if must_exist else Crosswire(db, embedder=None)


@click.group()
def alerts() -> None:
    """Webhooks POSTed when a new article matches a query, or a story gets a new version.

    \b
      crosswire alerts add --webhook https://hooks.example.org/kunshan --query Kunshan
      crosswire alerts add --webhook http://127.0.0.1:9000/hook --story s12 --allow-private
      crosswire alerts list
      crosswire alerts deliveries --json
      crosswire alerts payload 3                # the JSON body delivery 3 POSTs
    Alerts fire after every ingest, watch round, upload (serve) and load. Each POST carries JSON:
    the article, its story, its relation to the story's original and the differences compare finds
    against that original. A hook that is down is retried with backoff (30 s doubling, at most
    hourly) by the next ingest, `alerts deliver`, and serve's background sender; nothing is sent
    twice, and re-ingesting the same text sends nothing.
    """


@alerts.command("add")
@click.option("--webhook", required=True, help="URL to POST JSON to (http or https).")
@click.option("--query", help="Words (and \"quoted phrases\") that must all occur in a new article.")
@click.option("--story", help="A story id (or an article / version group id of the story): fires for its new versions.")
@click.option("--allow-private", is_flag=True,
              help="Let the webhook be on loopback or a private network (refused otherwise, as for URL ingest).")
@db_option
@json_option
def add(webhook: str, query: str | None, story: str | None, allow_private: bool, db: str, as_json: bool) -> None:
    """Add an alert: exactly one of --query or --story."""
    cw = _open(db, must_exist=story is not None)
    try:
        alert = cw.add_alert(webhook, query=query, story=story, allow_private=allow_private)
    except CrosswireError as exc:
        fail(str(exc))
        return
    if as_json:
        emit_json(alert.to_dict())
    else:
        click.echo(f"alert {alert.id}: {_what(alert)} -> {alert.webhook}")


def _what(alert: object) -> str:
    query, story = getattr(alert, "query", None), getattr(alert, "story", None)
    return f"query {query!r}" if query is not None else f"story {story}"


@alerts.command("list")
@click.option("--active", "active_only", is_flag=True, help="Only alerts that still fire.")
@db_option
@json_option
def list_(active_only: bool, db: str, as_json: bool) -> None:
    """Every alert: id, what it watches, webhook, active or removed."""
    rows = _open(db).alerts(active_only=active_only)
    if as_json:
        emit_json([a.to_dict() for a in rows])
        return
    table = Table("id", "watches", "webhook", "active", "since", title=f"{len(rows)} alerts in {db}")
    for a in rows:
        table.add_row(str(a.id), _what(a), a.webhook, "yes" if a.active else "removed", a.created_at)
    Console().print(table)


@alerts.command("remove")
@click.argument("alert_id", type=int)
@db_option
@json_option
def remove(alert_id: int, db: str, as_json: bool) -> None:
    """Stop an alert; POSTs not yet delivered are dropped, past deliveries stay listed."""
    try:
        result = _open(db).remove_alert(alert_id)
    except CrosswireError as exc:
        fail(str(exc))
        return
    if as_json:
        emit_json(result)
    else:
        click.echo(f"alert {alert_id} removed ({result['dropped']} undelivered POSTs dropped)")


@alerts.command("deliveries")
@click.option("--alert", "alert_id", type=int, help="Only this alert's.")
@click.option("--status", type=click.Choice(["pending", "sending", "delivered"]), help="Only rows in this state.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=200, show_default=True)
@db_option
@json_option
def deliveries_(alert_id: int | None, status: str | None, limit: int, db: str, as_json: bool) -> None:
    """The outbox, newest first: each POST's article, state, attempts, next try and last error."""
    rows = _open(db).alert_deliveries(alert_id=alert_id, status=status, limit=limit)
    if as_json:
        emit_json(rows)
        return
    table = Table("id", "alert", "article", "status", "tries", "next try / delivered", "last error",
                  title=f"{len(rows)} deliveries in {db}")
    for r in rows:
        table.add_row(str(r["id"]), str(r["alert_id"]), r["article_id"], r["status"], str(r["attempts"]),
                      r["delivered_at"] or r["next_try"], (r["last_error"] or "")[:60])
    Console().print(table)


@alerts.command("payload")
@click.argument("delivery_id", type=int)
@db_option
def payload(delivery_id: int, db: str) -> None:
    """The JSON body of one delivery (an id from `alerts deliveries`), as it is POSTed."""
    try:
        emit_json(_open(db).alert_payload(delivery_id))
    except CrosswireError as exc:
        fail(str(exc))


@alerts.command("deliver")
@click.option("--all", "force", is_flag=True, help="Send every pending POST now, even those still backing off.")
@db_option
@json_option
def deliver_(force: bool, db: str, as_json: bool) -> None:
    """Send the POSTs that are due now (ingest, watch and serve do this on their own)."""
    try:
        report = _open(db).deliver_alerts(force=force)
    except CrosswireError as exc:
        fail(str(exc))
        return
    if as_json:
        emit_json(report.to_dict())
    else:
        click.echo(f"{report.sent} sent, {report.failed} failed, {report.pending} waiting")
        for e in report.errors:
            click.echo(f"  {e}", err=True)
    sys.exit(0 if not report.failed else 1)


@click.command()
@click.argument("ident", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "html"]), default="table",
              show_default=True, help="json: rows and totals; csv: one row per version; html: a page with a chart.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file.")
@db_option
@json_option
def report(ident: str, fmt: str, output: str | None, db: str, as_json: bool) -> None:
    """Pickup report: where, when and how faithfully a text was picked up.

    ID is an article (the original the other versions are measured against) or a story. One row
    per version: outlet, language, first seen, delay after the original, relation, coverage (share
    of the original's sentences it carries), drift count and kinds; then totals (outlets,
    languages, median delay, verbatim / rewritten / translated). Each version is compared with the
    original once, so a story of N versions costs N comparisons.

    \b
      crosswire report 00d1f2e50d925c31 --json
      crosswire report s12 --format csv -o pickups.csv
      crosswire report s12 --format html -o pickups.html
    """
    from ..report import to_csv, to_html

    try:
        data = _open(db).report(ident)
    except CrosswireError as exc:
        fail(str(exc))
        return
    fmt = "json" if as_json else fmt
    if fmt == "table":
        _print_report(data)
        return
    text = to_csv(data) if fmt == "csv" else to_html(data) if fmt == "html" else None
    if text is None:
        if output:
            import json

            Path(output).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        else:
            emit_json(data)
        return
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _print_report(data: dict[str, object]) -> None:
    from ..report.render import summary_lines

    rows = data["rows"]
    assert isinstance(rows, list)
    table = Table("outlet", "lang", "first seen", "delay h", "relation", "coverage", "drift", "id",
                  title=f"pickups of {data['original']}")
    for r in rows:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(r["drift_kinds"].items()))
        table.add_row(r["outlet"] or "?", r["language"] or "?", r["first_seen"] or "—",
                      "" if r["delay_hours"] is None else f"{r['delay_hours']:g}", r["relation"],
                      "" if r["coverage"] is None else f"{r['coverage']:.2f}", f"{r['drift']} {kinds}".strip(), r["id"])
    console = Console()
    console.print(table)
    totals = data["totals"]
    assert isinstance(totals, dict)
    for line in summary_lines(totals):
        console.print(line, highlight=False)


COMMANDS = [alerts, report]
