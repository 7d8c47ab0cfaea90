"""Terminal view: both versions side by side, aligned, facts highlighted, differences marked."""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from .core import Comparison

STYLE = {"match": "bold green", "mismatch": "bold red", "only_a": "bold yellow", "only_b": "bold yellow"}
MARK = {"number": "[red]≠ number[/]", "date": "[red]≠ date[/]", "entity": "[magenta]≠ name[/]",
        "missing": "[yellow]− missing in B[/]", "added": "[cyan]+ added in B[/]", "meaning": "[blue]~ meaning[/]"}


def _highlight(text: str, spans: list[tuple[int, int, str]]) -> Text:
    out = Text(text)
    for start, end, style in spans:
        out.stylize(style, start, end)
    return out


def _spans(cmp: Comparison) -> tuple[dict[str, list[tuple[int, int, str]]], dict[str, list[tuple[int, int, str]]]]:
    """Fact spans per sentence text, styled by status (facts carry offsets into their sentence)."""
    by_a: dict[str, list[tuple[int, int, str]]] = {}
    by_b: dict[str, list[tuple[int, int, str]]] = {}
    for link in cmp.facts:
        if link.kind == "name" and link.status == "match":
            continue
        style = STYLE.get(link.status, "bold")
        if link.a is not None:
            by_a.setdefault(link.a.text, []).append((link.a.start, link.a.end, style))
        if link.b is not None:
            by_b.setdefault(link.b.text, []).append((link.b.start, link.b.end, style))
    return by_a, by_b


def _sentence_spans(sentence: str, facts: dict[str, list[tuple[int, int, str]]]) -> list[tuple[int, int, str]]:
    out = []
    for surface, spans in facts.items():
        for start, end, style in spans:
            if sentence[start:end] == surface:
                out.append((start, end, style))
    return out


def render(cmp: Comparison, console: Console | None = None) -> None:
    console = console or Console()
    a, b = cmp.a, cmp.b
    head = (f"A: {a.source or a.id} [{a.language or '?'}] {len(a.sentences)} sentences   "
            f"B: {b.source or b.id} [{b.language or '?'}] {len(b.sentences)} sentences"
            f"   sentences embedded with: {cmp.embedder or 'none (numbers and names)'}")
    console.print(Panel(head, title="crosswire compare", expand=False))
    for w in cmp.warnings:
        console.print(f"[yellow]note:[/] {w}")
    by_a, by_b = _spans(cmp)
    marks: dict[tuple[tuple[int, ...], tuple[int, ...]], list[str]] = {}
    for d in cmp.differences:
        marks.setdefault((tuple(d.a_index), tuple(d.b_index)), []).append(d.kind)
    table = Table(show_lines=True, expand=True)
    table.add_column("A", ratio=5)
    table.add_column("B", ratio=5)
    table.add_column("", ratio=1, no_wrap=False)
    sa, sb = a.sentences, b.sentences
    for bead in cmp.beads:
        left = Text(" ").join(_highlight(sa[i].text, _sentence_spans(sa[i].text, by_a)) for i in bead.src)
        right = Text(" ").join(_highlight(sb[j].text, _sentence_spans(sb[j].text, by_b)) for j in bead.tgt)
        kinds = marks.get((bead.src, bead.tgt), [])
        if not bead.tgt and not kinds:
            kinds = ["missing"] if any(d.kind == "missing" and d.a_index == list(bead.src)
                                       for d in cmp.differences) else []
        note = "\n".join(MARK.get(k, k) for k in kinds) or f"[dim]{bead.score:.2f}[/]"
        table.add_row(left, right, Text.from_markup(note))
    console.print(table)
    for d in cmp.differences:
        console.print(Text.from_markup(f"{MARK.get(d.kind, d.kind)}  ") + Text(d.detail))
    boiler = [("A", x.text) for x in a.boilerplate] + [("B", x.text) for x in b.boilerplate]
    if boiler:
        items = [Text(f"{side}: {text[:160]}{'…' if len(text) > 160 else ''}", style="dim") for side, text in boiler]
        console.print(Panel(Group(*items), title=f"boilerplate ({len(boiler)}), not aligned", style="dim"))
