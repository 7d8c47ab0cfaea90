"""``stories``, ``story``, ``search``, ``link``, ``unlink``, ``export``: the linked view of a database."""
from __future__ import annotations

import os
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from ..embed import DEFAULT_EMBEDDER
from ..errors import NotFound
from ..link.search_explain import describe
from .common import db_option, emit_json, fail, json_option, open_existing

LEVEL = click.Choice(["version", "story"])


def _langs(values: list[str]) -> str:
    return ",".join(v for v in values if v) or "?"


@click.command("stories")
@db_option
@click.option("--since", help="Stories still running on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Stories that had begun by this date.")
@click.option("--lang", "language", help="Only stories with a version in this language (ISO 639-1).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many first (paging).")
@click.option("--outlet", help="Only stories with a version from this outlet or wire (any part of the name, "
                               "any case: 'prnewswire', 'presseportal', 'Reuters').")
@json_option
def stories_cmd(db: str, since: str | None, until: str | None, language: str | None, limit: int | None,
                offset: int, outlet: str | None, as_json: bool) -> None:
    """Stories, newest first: groups of versions that report one event, across languages, with the
    outlets that carried them (read from datelines, bylines, footers and URLs).

    \b
      crosswire stories --db news.db --since 2022-11 --lang de
      crosswire stories --db news.db --outlet "news aktuell"
      crosswire stories --db news.db --limit 20 --offset 20 --json     # the second page
    """
    cw = open_existing(db)
    try:
        rows = cw.stories(since=since, until=until, language=language, limit=limit, offset=offset, outlet=outlet)
    except ValueError as exc:
        fail(str(exc))
        return
    if as_json:
        emit_json(rows)
        return
    table = Table("story", "first seen", "langs", "groups", "articles", "outlets", "title",
                  title=f"{len(rows)} stories in {db}")
    for s in rows:
        table.add_row(s["id"], (s["first_seen"] or "—")[:10], _langs(s["languages"]), str(s["version_groups"]),
                      str(s["articles"]), ", ".join(s["outlets"][:3]) + (" …" if len(s["outlets"]) > 3 else ""),
                      _short(s["title"]))
    Console().print(table)


@click.command("story")
@click.argument("ident")
@db_option
@json_option
def story_cmd(ident: str, db: str, as_json: bool) -> None:
    """One story (by story, version group or article id): versions by language, timeline,
    outlets, provenance, and the links between versions with their evidence."""
    cw = open_existing(db)
    try:
        s = cw.story(ident)
    except NotFound as exc:
        fail(str(exc))
        return
    if as_json:
        emit_json(s)
        return
    console = Console()
    console.rule(f"[bold]{s['title'] or s['id']}[/bold]  ({s['id']})")
    for g in s["version_groups"]:
        table = Table("step", "id", "from", "lang", "outlet", "first seen", "score",
                      title=f"version group {g['id']}: {', '.join(g['languages'])}")
        for step in g["provenance"]:
            table.add_row(step["step"], step["id"], step["from"] or "", step["language"] or "?", step["outlet"] or "",
                          (step["first_seen"] or "")[:19], "" if step["score"] is None else f"{step['score']:.2f}")
        console.print(table)
    outlets = ", ".join(f"{o} ({n})" for o, n in s["outlets"].items())
    console.print(f"[bold]outlets[/bold] {outlets}", highlight=False)
    console.print("[bold]links and evidence[/bold]")
    for r in s["relations"]:
        console.print(f"  {r['type']:<14} {r['a']} – {r['b']}  {r['score']:.2f}  {_evidence(r['evidence'])}",
                      highlight=False)


@click.command("search")
@click.argument("query")
@db_option
@click.option("--limit", default=10, show_default=True, help="Stories to show.")
@click.option("--lang", "languages", multiple=True, metavar="CODE",
              help="Only articles in this language (repeat for several: --lang de --lang fr).")
@click.option("--embedder", default=DEFAULT_EMBEDDER, show_default=True,
              help="Model for the vector side (used when articles were embedded with it); 'none' for keywords only.")
@click.option("--near", metavar="YYYY-MM-DD", default=None,
              help="When the text you search from appeared: stories of that time first among equals.")
@json_option
def search_cmd(query: str, db: str, limit: int, languages: tuple[str, ...], embedder: str, near: str | None,
               as_json: bool) -> None:
    """Search in one language, find every language: stories whose versions say what QUERY says.

    Articles are ranked by how close their headline and lead are in meaning to QUERY (the
    embedder's vectors), whatever their language; a story ranks by its best article.  Words in
    straight double quotes must appear in a version (a name, a figure, exact words).  Each hit
    says how it matched: vector (with its title cosine) and/or keyword.

    \b
      crosswire search "Neue Eidgenössische Anleihen" --db news.db
      crosswire search 'glaciers "12 percent"' --lang de --db news.db
      crosswire search "Metaverse Kunshan" --embedder none --db news.db   # keywords only
      crosswire search "New Confederation bonds" --near 2022-03-14 --db news.db
    """
    # a writable database gets title vectors for articles stored before they existed, once
    cw = open_existing(db, embedder=None if embedder == "none" else embedder, read_only=not os.access(db, os.W_OK))
    try:
        results = cw.search(query, limit=limit, languages=list(languages) or None, near=near)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--near") from None
    if as_json:
        emit_json(results)
        return
    if not results:
        click.echo(f"nothing matches {query!r} in {db}")
        return
    console = Console()
    found_in = sorted({h["language"] or "?" for s in results for h in s["hits"]})
    console.print(f"found in {_langs(found_in)}", highlight=False)
    for s in results:
        weak = "" if s.get("confident", True) else "(nearest, no clear match) "   # first: a narrow rule cuts the end
        if s.get("tied", 1) > 1:   # stories of one headline: a shared rank, not a finding
            weak += f"(#{s['rank']}, equal with {s['tied'] - 1} more, {s.get('tie_break', '')}) "
        console.rule(f"{weak}[bold]{_short(s['title'])}[/bold]  story {s['story'] or '—'} · {_langs(s['languages'])}")
        for h in s["hits"]:
            how = "+".join(h.get("matched_by") or [])
            read = describe(h.get("reading"))
            cosine = f" {read}" if read else ""
            console.print(f"  [green]{h['id']}[/green] {h['language'] or '?'} {h['published'] or ''} "
                          f"[dim]{how}{cosine} {h['score']}[/dim] {h['snippet'] or _short(h['title'])}",
                          highlight=False)
        others = [v for v in s["versions"] if v["id"] not in {h["id"] for h in s["hits"]}]
        for v in others[:10]:
            console.print(f"  [dim]{v['id']} {v['language'] or '?'} {_short(v['title'])}[/dim]", highlight=False)


def _correction(link: bool) -> Any:
    verb = "link" if link else "unlink"

    @click.command(verb)
    @click.argument("a")
    @click.argument("b")
    @db_option
    @click.option("--level", type=LEVEL, default="version", show_default=True,
                  help="version: same text (version group); story: same event.")
    @json_option
    def command(a: str, b: str, db: str, level: str, as_json: bool) -> None:
        cw = open_existing(db, read_only=False)
        try:
            # another process may be linking this database: this one waits for it, and says so
            out = getattr(cw, verb)(a, b, level=level,
                                    notice=lambda line: click.echo(f"crosswire {verb}: {line}", err=True))
        except (NotFound, ValueError) as exc:
            fail(str(exc))
            return
        if as_json:
            emit_json(out)
            return
        click.echo(f"{verb}ed {a} and {b} ({level}); kept for every later ingest")
        for x in (a, b):
            click.echo(f"  {x}: version group {out[x]['version_group']}, story {out[x]['story']}")

    command.__doc__ = ("Must-link two articles: one version group (or one story with --level story)."
                       if link else "Cannot-link two articles: never one version group (or story).")
    return command


link_cmd = _correction(True)
unlink_cmd = _correction(False)


@click.command("export")
@db_option
@json_option
def export_cmd(db: str, as_json: bool) -> None:
    """Every article with its version group and story (JSON with --json, else TSV)."""
    rows = open_existing(db).export()
    if as_json:
        emit_json(rows)
        return
    click.echo("id\tversion_group\tstory\tlanguage\tpublished")
    for r in rows:
        click.echo(f"{r['id']}\t{r['version_group'] or ''}\t{r['story'] or ''}\t{r['language'] or ''}\t"
                   f"{r['published'] or ''}")


def _short(text: str | None, width: int = 80) -> str:
    t = (text or "").strip().replace("\n", " ")
    return t if len(t) <= width else t[:width - 1] + "…"


def _evidence(ev: dict[str, Any]) -> str:
    parts = []
    for key in ("figures", "years", "dates", "names", "urls"):
        if ev.get(key):
            parts.append(f"{key}: {', '.join(map(str, ev[key][:6]))}")
    for key in ("coverage", "figures_contained", "lead_contained", "similarity", "paragraph_layout", "length_ratio",
                "days_apart"):
        if ev.get(key) is not None:
            parts.append(f"{key} {ev[key]}")
    return "; ".join(parts)


COMMANDS = [stories_cmd, story_cmd, search_cmd, link_cmd, unlink_cmd, export_cmd]
