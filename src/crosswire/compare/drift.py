"""Facts matched across aligned sentences, and the differences worth a reader's attention.

A figure that changed shows up as a *substitution*: a value on one side with no equal on the
other side of the same bead, and vice versa.  Translators add and drop figures far more often
than they change them, so a lone unmatched figure is reported among the facts but raised as a
difference only when nothing in the other document says it.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

import regex

from ..facts import Fact, extract, extract_names
from .codes import code_change, odd_codes
from .figures import (code_against_number, in_brackets, lost_on_weak_bead, month_change, soften, stitched_date,
                      tag_change, word_against_digits, worded_value, written_alike)
from .years import dates_an_act, previous_year

FIGURE_KINDS = ("number", "percent", "money", "quantity")
TIME_KINDS = ("year", "date", "period")
OMISSION_KINDS = ("money", "percent", "quantity")
MIN_OMITTED_COUNT = 100  # smaller bare counts come and go with the wording (see _omissible)
# B sentences naming a year A never names, from which B's dating is its own (DocFacts.dates_own_years):
# an edit shifts one year in one sentence.  2, 3 and 4 give the same figures on drift-dev and the
# unseen pairs (date flags on untouched unseen pairs 16 -> 12, no date change missed more)
MIN_OWN_YEAR_SENTENCES = 3
# Any figure of a bead where A's sentences outnumber B's, that B states nowhere, marks a dropped
# sentence (not only dates: "von 11 bis 18 Uhr"); from 10 up, as a one-digit count is written in
# words as often as in digits ("2" / "二つ" on drift-scripts-dev).  Seed 11 drops +1, no flag more
# on the unseen sets (README "Drift on unseen pairs").
MIN_MERGED_FIGURE = 10


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
    #: a figure of an A sentence B does not align, set against a nearby B sentence's
    #: (_stray_figures): it does not explain that sentence away, which may as well be missing
    stray: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "a_text": self.a_text, "b_text": self.b_text, "detail": self.detail,
                "a_index": self.a_index, "b_index": self.b_index, "confidence": round(self.confidence, 3)}


_DESIGNATION = regex.compile(r"\p{Lu}[\p{L}]*[-‐]$")


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
    if na is not None and nb is not None and written_alike(fa, fb, na, nb):
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


def _cut_date(pairs: list[tuple[Fact, Fact]], b_facts: list[list[Fact]],
              b_sents: list[str]) -> tuple[Fact, Fact] | None:
    """A's full date matched by a month-and-year that opens B's sentence ("1° gennaio 2023" /
    "Januar 2023 ein präziseres Messverfahren ..."): B's sentence was cut at the ordinal dot of
    "ab 1. Januar", and what stood before it -- the day and the sentence's opening -- is gone.
    No sentence starts with a bare month and a year running on into its verb."""
    for x, y in pairs:
        if x.kind != "date" or y.kind != "date" or len(str(x.value)) != 10 or len(str(y.value)) != 7:
            continue
        for facts, sent in zip(b_facts, b_sents):
            if any(f is y for f in facts) and not any(c.isalnum() for c in sent[:y.start]) \
                    and sent[y.end:].lstrip()[:1].isalpha():
                return x, y
    return None


def _round(f: Fact) -> bool:
    """One significant digit: 100, 20, 3 000.  Translators write such amounts in words -- "un
    centinaio di tonnellate", "une vingtaine", "Hunderte" -- which no digit extractor sees."""
    v = abs(float(f.mantissa if f.mantissa is not None else f.value))
    if v < 10 or not v.is_integer():
        return False
    digits = str(int(v)).rstrip("0")
    return len(digits) == 1


def _omissible(f: Fact) -> bool:
    """A figure whose absence from B's sentence means words were dropped, not rephrased."""
    if f.kind in FIGURE_KINDS and abs(float(f.value)) == 1:
        return False  # "1 %" / "des einen Prozents": one is an article, never read from words
    if f.kind in ("number", "money", "quantity") and _round(f):
        return False
    # a measure under ten is written in words as often as in digits: "1時間" / "an hour"
    if f.kind == "quantity" and abs(float(f.value)) < 10:
        return False
    if f.kind in OMISSION_KINDS:
        return True
    # a count in digits ("2493 personnes"), not a bare scale word ("des millions")
    return f.kind == "number" and abs(float(f.value)) >= MIN_OMITTED_COUNT and any(c.isdigit() for c in f.text)


def _gone(f: Fact, a_idx: list[int], db: DocFacts, weak: bool = False) -> bool:
    """A fact B states nowhere, in any shape: a full date ("6 ottobre 2022"), or any figure,
    date or year of a bead where A's sentences outnumber B's -- a sentence B dropped, whose
    neighbour the aligner paired with both ("von 11 bis 18 Uhr", "2600 progetti").  (A bare
    year or a one-digit count alone is no evidence: "im Berichtsjahr", "les deux".)  A ``weak``
    one-to-one bead (DriftParams.weak_bead) counts as well, for dates and figures of 100 or more.
    On such beads a date or figure B states fewer times than A (the caller's test) is as good
    as one B states nowhere: A names it twice, B's second mention was in the sentence it dropped."""
    if f.kind not in TIME_KINDS + FIGURE_KINDS:
        return False
    # (not a year: "im Berichtsjahr"; nor a round amount: "rund 100 Tonnen" / "un centinaio")
    fewer = (len(a_idx) > 1 or weak) and f.kind not in ("year", "period") and not (f.kind in FIGURE_KINDS and _round(f))
    if db.count(f) > 0 and not fewer:
        return False
    full = f.kind == "date" and len(str(f.value)) == 10 and not str(f.value).startswith("XXXX")
    if weak and not (f.kind in TIME_KINDS or worded_value(f) is None) and db.count(f) == 0:
        return full  # "60 reclute" / "Soixante recrues": a count under 100 is often written out
    # (not where B states it elsewhere, in digits or in words it reads: "17 obiettivi" twice, B once)
    n = numeric(f) or 0
    # a decimal ("0,25 Milliliter") is written in digits in every language, whatever its size
    return full or ((len(a_idx) > 1 or weak) and (f.kind in TIME_KINDS or abs(n) >= MIN_MERGED_FIGURE
                                                  or not float(n).is_integer()))


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
        # the number of a designation ("COVID-19", "F-35") is code_change's: a version in
        # another script names the thing in words ("新型コロナウイルス") and has no 19 to match
        facts = [[soften(s, f, lang) for f in extract(s, lang) if not _DESIGNATION.search(s, 0, f.start)]
                 for s in sentences]
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

    def has_every_year(self, f: Fact) -> bool:
        """Whether this document names each year of ``f``: a period "2019/2022" is new when
        the text speaks of 2019 and 2020 but never of 2022."""
        known = {y for fs in self.facts for g in fs for y in _years(g)}
        return all(y in known for y in _years(f))

    def dates_own_years(self, f: Fact, other: DocFacts) -> bool:
        """Whether this version dates events in the year(s) of ``f`` in several sentences while
        the other never names them: a translation that adds the year throughout ("am 16.
        September 2022" for "le 16 septembre", three times) dates on its own, while a year
        shifted by an edit stands once and alone."""
        years = set(_years(f))
        named = {y for fs in other.facts for g in fs for y in _years(g)}
        return bool(years) and not years & named and \
            sum(any(y in years for g in fs for y in _years(g)) for fs in self.facts) >= MIN_OWN_YEAR_SENTENCES

    def has_period(self, f: Fact) -> bool:
        """Whether this document states the period ``f`` as a period: "2019/2022" is a label
        (a school or budget year) that a translation copies, never assembles from two years
        the text names apart."""
        return any(g.kind == "period" and g.value == f.value for fs in self.facts for g in fs)

    def count(self, f: Fact) -> int:
        """How often this document states the value of ``f`` (in any shape)."""
        n = numeric(f)
        return max(self.keys[f.key], self.keys[("num", round(n, 6))] if n is not None else 0)

    def has(self, f: Fact) -> bool:
        n = numeric(f)
        return self.keys[f.key] > 0 or (n is not None and self.keys[("num", round(n, 6))] > 0)


def figure_drift(beads: list[tuple[list[int], list[int]]], da: DocFacts, db: DocFacts,
                 a_text: list[str], b_text: list[str],
                 weak: AbstractSet[int] = frozenset()) -> tuple[list[FactLink], list[Difference]]:
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
               and y.kind == "date" and da.any_year and not da.has_year(y) and not db.dates_own_years(y, da)]
        links += [FactLink(x.kind, x, y, "match") for x, y in pairs if not (x.soft and y.soft) and y not in odd]
        rest.append((ua, ub + odd))
        cut = _cut_date(pairs, [db.facts[j] for j in b_idx], [b_text[j] for j in b_idx])
        if cut is not None and a_idx:
            diffs.append(Difference("missing", " ".join(a_text[i] for i in a_idx),
                                    " ".join(b_text[j] for j in b_idx),
                                    f"B's sentence begins with '{cut[1].text}', the tail of A's '{cut[0].text}': "
                                    "the words before it, day included, are missing", list(a_idx), list(b_idx), 0.7))
    for k, (ua, ub) in enumerate(rest):
        for d in (-1, 1):
            if 0 <= k + d < len(rest) and ua and rest[k + d][1]:
                pairs, ua[:], rest[k + d][1][:] = match_facts(ua, rest[k + d][1])
                links += [FactLink(x.kind, x, y, "match") for x, y in pairs]
            if 0 <= k + d < len(rest) and ub and rest[k + d][0]:
                pairs, rest[k + d][0][:], ub[:] = match_facts(rest[k + d][0], ub)
                links += [FactLink(x.kind, x, y, "match") for x, y in pairs]
    a_years = {y for fs in da.facts for g in fs for y in _years(g)}
    for k, ((a_idx, b_idx), (ua, ub)) in enumerate(zip(beads, rest)):
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
            kind = "missing" if stitched_date(hard_a, hard_b) else _kind_of(hard_a + hard_b)
            diffs.append(Difference(kind, at, bt, f"A says {_fmt(hard_a)} where B says {_fmt(hard_b)}",
                                    list(a_idx), list(b_idx)))
        elif (word := word_against_digits(ua, ub)) is not None:
            diffs.append(Difference("number", at, bt, f"A says '{word[0].text}' where B says '{word[1].text}'",
                                    list(a_idx), list(b_idx), 0.6))
        elif (month := month_change(ua, ub)) is not None:
            diffs.append(Difference("date", at, bt, f"A says '{month[0].text}' where B says '{month[1].text}'",
                                    list(a_idx), list(b_idx), 0.6))
        elif (tagged := tag_change([a_text[i] for i in a_idx], [b_text[j] for j in b_idx], da.lang, db.lang)):
            diffs.append(Difference("number", at, bt, f"A says '{tagged[0]}' where B says '{tagged[1]}'",
                                    list(a_idx), list(b_idx), 0.6))
        elif (coded := code_against_number([a_text[i] for i in a_idx], [b_text[j] for j in b_idx], ua, ub,
                                           da.lang, db.lang)) is not None:
            diffs.append(Difference("number", at, bt, f"A says '{coded[0].text}' where B says '{coded[1].text}'",
                                    list(a_idx), list(b_idx), 0.6))
        elif (code := code_change(at, bt)) is not None:
            diffs.append(Difference("number", at, bt, f"A says '{code[0]}' where B says '{code[1]}'",
                                    list(a_idx), list(b_idx), 0.8))
        else:
            # Translators add figures; they do not move events to years the original never names.
            # (Only where A gives years at all: a text that never names one says nothing.)
            alien = [f for f in hard_b if f.kind in TIME_KINDS and da.any_year and not db.dates_own_years(f, da) and
                     (not da.has_every_year(f) or (f.kind == "period" and not da.has_period(f)))
                     and not previous_year(f, at, a_years) and not dates_an_act([b_text[j] for j in b_idx], f)]
            if alien:
                diffs.append(Difference("date", at, bt, f"B gives {_fmt(alien)}, a year or period A never mentions",
                                        list(a_idx), list(b_idx), 0.6))
            # An amount B's sentence leaves out and B states less often than A: part of A's
            # sentence was dropped.  A small count is often folded into the wording ("both",
            # "une dizaine"); one in the hundreds is written in digits in every language.
            omitted = [f for f in hard_a if (_omissible(f) or _gone(f, a_idx, db, k in weak)) and db.count(f) < da.count(f)
                       and not in_brackets(at, f)]
            if not omitted and k in weak:
                omitted = lost_on_weak_bead(hard_a, [f for i in a_idx for f in da.facts[i]], [a_text[i] for i in a_idx],
                                            b_text, lambda f: db.count(f) < da.count(f), da.lang, db.lang)
            if omitted and not hard_b:
                diffs.append(Difference("missing", at, bt, f"B's sentence omits {_fmt(omitted)}, which B states "
                                        "less often than A", list(a_idx), list(b_idx), 0.6))
    diffs += _stray_figures(beads, rest, a_text, b_text, da)
    done = {tuple(d.b_index) for d in diffs}
    diffs += [Difference("number", " ".join(a_text[i] for i in ai), " ".join(b_text[j] for j in bj), why, ai, bj, 0.6)
              for ai, bj, why in odd_codes([b for b in beads if tuple(b[1]) not in done], a_text, b_text)]
    return links, diffs


def _stray_figures(beads: list[tuple[list[int], list[int]]], rest: list[tuple[list[Fact], list[Fact]]],
                   a_text: list[str], b_text: list[str], da: DocFacts, reach: int = 2) -> list[Difference]:
    """A figure of an unaligned A sentence against the leftover figure of a nearby bead.

    An address or a list written as one sentence in B and as several lines in A cannot be
    aligned bead by bead; its figures still can: "Tellistrasse 55" (a line of its own in A)
    against "... Tellistrasse 155 5000 Aarau" (B) is a changed number."""
    out: list[Difference] = []
    for k, (a_idx, b_idx) in enumerate(beads):
        hard_a = [f for f in rest[k][0] if not f.soft and f.kind in FIGURE_KINDS]
        if b_idx or not hard_a:
            continue
        for d in sorted(range(-reach, reach + 1), key=abs):
            n = k + d
            if d == 0 or not 0 <= n < len(beads) or not beads[n][1]:
                continue
            left_a = [f for f in rest[n][0] if not f.soft]
            # a figure A states elsewhere is no substitute for this one: A's sentence was dropped
            hard_b = [f for f in rest[n][1] if not f.soft and f.kind in FIGURE_KINDS and not da.has(f)]
            if hard_b and not left_a:
                at = " ".join(a_text[i] for i in a_idx)
                bt = " ".join(b_text[j] for j in beads[n][1])
                out.append(Difference("number", at, bt, f"A says {_fmt(hard_a)} (a sentence B does not align) "
                                      f"where B's nearby sentence says {_fmt(hard_b)}",
                                      list(a_idx), list(beads[n][1]), 0.6, stray=True))
                break
    return out
