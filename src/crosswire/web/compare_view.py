"""The compare page's view model: aligned rows, facts and differences marked inside sentences.

Input is the JSON form of :func:`crosswire.compare.compare` (``alignment``, ``facts``,
``differences``); output is a list of rows whose sentences are already-escaped HTML with
``<mark>`` spans, so the template only lays them out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from ..article import Article

#: Every difference kind, its colour class and what it means, for the legend.
DIFF_KINDS: list[tuple[str, str, str]] = [
    ("number", "Number changed", "A figure differs between the two versions."),
    ("date", "Date changed", "A date or period differs."),
    ("entity", "Name changed", "A person, organisation or place differs or is missing."),
    ("missing", "Missing in B", "A sentence of A has no counterpart in B."),
    ("added", "Added in B", "A sentence of B has no counterpart in A."),
    ("meaning", "Meaning shifted", "The sentences are aligned but say something different."),
]
FACT_STATUS: dict[str, str] = {"match": "matched fact", "mismatch": "mismatched fact",
                               "only_a": "only in A", "only_b": "only in B"}
NAME_KINDS = {"name", "entity", "person", "organisation", "organization", "place"}
_PRIORITY = {"mismatch": 0, "only_a": 1, "only_b": 1, "match": 2}


@dataclass
class Span:
    start: int
    end: int
    cls: str
    title: str
    attrs: dict[str, str] = field(default_factory=dict)
    priority: int = 3


@dataclass
class Row:
    a: list[Markup]
    b: list[Markup]
    score: float | None = None
    notes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if not self.a:
            return "added"
        if not self.b:
            return "missing"
        return "aligned"

    @property
    def classes(self) -> str:
        kinds = {n["kind"] for n in self.notes}
        return " ".join([f"row-{self.kind}", *sorted(f"has-{k}" for k in kinds)])


def _find_all(text: str, needle: str) -> list[tuple[int, int]]:
    if not needle or len(needle) > len(text):
        return []
    out: list[tuple[int, int]] = []
    hay, pin = text, needle
    start = hay.find(pin)
    if start < 0:
        hay, pin = text.casefold(), needle.casefold()
        if len(hay) != len(text):  # casefold changed lengths (ß -> ss): offsets would drift
            return []
        start = hay.find(pin)
    while start >= 0:
        out.append((start, start + len(pin)))
        start = hay.find(pin, start + len(pin))
    return out


def render_marked(text: str, spans: list[Span]) -> Markup:
    """Escape ``text`` and wrap non-overlapping spans in ``<mark>``: mismatches first, then longest."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.priority, -(s.end - s.start), s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    chosen.sort(key=lambda s: s.start)
    parts: list[str] = []
    pos = 0
    for s in chosen:
        parts.append(str(escape(text[pos:s.start])))
        attrs = "".join(f' {k}="{escape(v)}"' for k, v in s.attrs.items())
        parts.append(f'<mark class="{escape(s.cls)}" title="{escape(s.title)}"{attrs}>'
                     f"{escape(text[s.start:s.end])}</mark>")
        pos = s.end
    parts.append(str(escape(text[pos:])))
    return Markup("".join(parts))


def _fact_label(fact: dict[str, Any]) -> str:
    value = fact.get("value")
    unit = fact.get("unit")
    shown = " ".join(str(v) for v in (value, unit) if v not in (None, ""))
    status = FACT_STATUS.get(str(fact.get("status")), str(fact.get("status")))
    return f"{fact.get('kind', 'fact')}: {shown} — {status}" if shown else f"{fact.get('kind', 'fact')} — {status}"


def _fact_spans(text: str, side: str, facts: list[tuple[int, dict[str, Any]]]) -> list[Span]:
    spans: list[Span] = []
    for i, f in facts:
        surface = f.get(side)
        if isinstance(surface, str):
            status = str(f.get("status") or "match")
            kind = "name" if f.get("kind") in NAME_KINDS else "figure"
            for s, e in _find_all(text, surface):
                spans.append(Span(s, e, f"fact fact-{status} fact-{kind}", _fact_label(f), {"data-fact": str(i)},
                                  priority=_PRIORITY.get(status, 3) + (2 if kind == "name" else 0)))
    return spans


def _sentence_texts(items: Any) -> list[str]:
    out: list[str] = []
    for item in items or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            out.append(item["text"])
    return out


def _facts_by_row(rows_text: list[tuple[list[str], list[str]]],
                  facts: list[dict[str, Any]]) -> dict[int, list[tuple[int, dict[str, Any]]]]:
    """Each fact goes to the rows where both its surfaces occur (its own row), else where either does."""
    out: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    joined = [(" ".join(a), " ".join(b)) for a, b in rows_text]
    for i, f in enumerate(facts):
        fa = f.get("a") if isinstance(f.get("a"), str) else None
        fb = f.get("b") if isinstance(f.get("b"), str) else None
        both = [r for r, (ja, jb) in enumerate(joined) if (fa is None or fa in ja) and (fb is None or fb in jb)]
        rows = both or [r for r, (ja, jb) in enumerate(joined) if (fa and fa in ja) or (fb and fb in jb)]
        for r in rows:
            out.setdefault(r, []).append((i, f))
    return out


def _place_notes(beads: list[dict[str, Any]], rows_text: list[tuple[list[str], list[str]]],
                 diffs: list[dict[str, Any]]) -> dict[int, list[int]]:
    """Which row each difference belongs to: by sentence index when both carry one, else by text."""
    by_a: dict[int, int] = {}
    by_b: dict[int, int] = {}
    for r, bead in enumerate(beads):
        for i in bead.get("a_index") or []:
            by_a.setdefault(int(i), r)
        for j in bead.get("b_index") or []:
            by_b.setdefault(int(j), r)
    placed: dict[int, list[int]] = {}
    for i, d in enumerate(diffs):
        rows = [by_a[k] for k in d.get("a_index") or [] if k in by_a] + \
               [by_b[k] for k in d.get("b_index") or [] if k in by_b]
        if not rows:
            a_text, b_text = (d.get("a_text") or "").strip(), (d.get("b_text") or "").strip()
            rows = [r for r, (a_s, b_s) in enumerate(rows_text)
                    if (a_text and a_text in " ".join(a_s)) or (b_text and b_text in " ".join(b_s))][:1]
        if rows:
            placed.setdefault(min(rows), []).append(i)
    return placed


def build_rows(result: dict[str, Any]) -> list[Row]:
    facts = [f for f in result.get("facts") or [] if isinstance(f, dict)]
    diffs = [d for d in result.get("differences") or [] if isinstance(d, dict)]
    beads = [bead for bead in result.get("alignment") or [] if isinstance(bead, dict)]
    rows_text = [(_sentence_texts(bead.get("a")), _sentence_texts(bead.get("b"))) for bead in beads]
    placed = _place_notes(beads, rows_text, diffs)
    row_facts = _facts_by_row(rows_text, facts)
    rows: list[Row] = []
    for r, (a_sents, b_sents) in enumerate(rows_text):
        mine = row_facts.get(r, [])
        score = beads[r].get("score")
        row = Row(a=[render_marked(t, _fact_spans(t, "a", mine)) for t in a_sents],
                  b=[render_marked(t, _fact_spans(t, "b", mine)) for t in b_sents],
                  score=float(score) if isinstance(score, (int, float)) and a_sents and b_sents else None)
        row.notes = [dict(diffs[i], index=i) for i in placed.get(r, [])]
        rows.append(row)
    return rows


def fact_table(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Figures, dates and other non-name facts, problems first."""
    out = []
    for i, f in enumerate(result.get("facts") or []):
        if isinstance(f, dict) and f.get("kind") not in NAME_KINDS:
            out.append(dict(f, index=i, label=FACT_STATUS.get(str(f.get("status")), str(f.get("status")))))
    order = {"mismatch": 0, "only_a": 1, "only_b": 2, "match": 3}
    return sorted(out, key=lambda f: (order.get(str(f.get("status")), 4), f["index"]))


def name_table(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Names, one row per distinct (A, B, status), with how often each occurs."""
    seen: dict[tuple[Any, Any, Any], dict[str, Any]] = {}
    for f in result.get("facts") or []:
        if isinstance(f, dict) and f.get("kind") in NAME_KINDS:
            key = (f.get("a"), f.get("b"), f.get("status"))
            row = seen.setdefault(key, dict(f, count=0, label=FACT_STATUS.get(str(f.get("status")), "")))
            row["count"] += 1
    order = {"mismatch": 0, "only_a": 1, "only_b": 2, "match": 3}
    return sorted(seen.values(), key=lambda f: (order.get(str(f.get("status")), 4), str(f.get("a") or f.get("b"))))


def diff_counts(result: dict[str, Any]) -> dict[str, int]:
    counts = {k: 0 for k, _, _ in DIFF_KINDS}
    for d in result.get("differences") or []:
        if isinstance(d, dict):
            kind = str(d.get("kind"))
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def boilerplate(side: dict[str, Any] | None, article: Article) -> list[str]:
    if side and isinstance(side.get("boilerplate"), list):
        return [str(b.get("text") if isinstance(b, dict) else b) for b in side["boilerplate"]]
    return [b.text for b in article.boilerplate]
