"""Figures in any supported locale: ``300,000`` = ``300.000`` = ``300 000`` = ``300'000`` = ``30万``.

A figure is a digit run plus what follows it (scale word, then currency/unit/percent) and a
currency symbol before it.  Separators are read with the text's CLDR number symbols, but only
where the digits themselves are ambiguous: ``1,5`` is a decimal in every locale, ``1.000.000``
is grouped in every locale.
"""
from __future__ import annotations

import re
import unicodedata

import regex

from .lexicon import Lexicon
from .numerals import context_numbers
from .types import Fact

_SPACE = " \u00a0\u202f\u2009"
# Groups of exactly three digits after a 1-3 digit head, or a plain digit run; then a decimal tail.
# Indian English groups lakhs and crores in pairs: "2,06,737" is 206,737 ("12,34,56,789").
# An apostrophe before the digits is a thousands separator ("300'000") unless a letter precedes it:
# then it is an elided article or preposition ("dell’1,5 per cento", "l'11 %", "d'80 francs").
NUMBER = regex.compile(
    r"(?:(?<=\p{L}['’])|(?<![\p{N}\p{Latin}\p{Cyrillic}\p{Greek}\p{Arabic}.,'’]))(?:[-−–](?=\d))?"
    r"(\d{1,2}(?:,\d\d)+,\d{3}(?![\d])(?:\.\d+)?"
    r"|\d{1,3}(?:(?:[" + _SPACE + r"'’‘.,])\d{3})+(?![\d])(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?![\p{N}]|[.,]\d)")
_WORD = regex.compile(r"[\p{L}\p{M}]+")
MILLION = 1e6
# A number word may hold an apostrophe: Ukrainian "п'ять", "дев’ять".
_NUMBER_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)?")
# The number word just before a scale word ("два мільйони"), whole (no letter before it).
_WORD_BEFORE = regex.compile(r"(?<![\p{L}\p{M}'’])(" + _NUMBER_WORD.pattern + r")[ \u00a0]$")


def _digits(s: str) -> str:
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in s)


def parse_number(raw: str, lex: Lexicon) -> float | None:
    """Read one digit run with separators; ``None`` when it is not a number."""
    s = _digits(raw.strip())
    seps = [c for c in s if not c.isdigit()]
    if not seps:
        return float(s)
    kinds = list(dict.fromkeys(seps))
    if len(kinds) >= 2:
        dec = kinds[-1]
        if dec not in ".,":
            return None
        body, _, frac = s.rpartition(dec)
        return float("".join(c for c in body if c.isdigit()) + "." + frac)
    sep = kinds[0]
    head, *rest = s.split(sep)
    if len(rest) > 1:  # the same separator twice can only be grouping
        if sep == "," and len(rest[-1]) == 3 and all(len(r) == 2 for r in rest[:-1]) and len(head) <= 2:
            return float(head + "".join(rest))  # "2,06,737": Indian lakh grouping
        return float(head + "".join(rest)) if all(len(r) == 3 for r in rest) else None
    tail = rest[0]
    if sep in _SPACE + "'’‘":  # "703‘000": a left quote typed for the Swiss apostrophe
        return float(head + tail)
    if len(tail) != 3 or head == "0":
        return float(head + "." + tail)
    # "1,500" / "1.500": the locale decides; a leading group of 4+ digits cannot be grouped.
    if sep == lex.decimal and sep != lex.group:
        return float(head + "." + tail)
    return float(head + tail)


def after_word(text: str, pos: int, lex: Lexicon) -> tuple[str, object, int] | None:
    """(kind, value, end) of the scale word, currency, unit or percent sign at ``pos``."""
    m = lex.after_re.match(text, pos) if lex.after_re else None
    if not m:
        return None
    kind, value = lex.after[m.group("w")]
    return kind, value, m.end()


def extract_figures(text: str, lex: Lexicon, taken: list[tuple[int, int]]) -> list[Fact]:
    facts: list[Fact] = []
    for m in NUMBER.finditer(text):
        start, end = m.span()
        if any(a < end and start < b for a, b in taken):
            continue
        value = parse_number(m.group(1), lex)
        if value is None:
            continue
        if m.group(0)[0] in "-−–":
            # "2022-2025" or "RG000001-RG006788" are ranges, not negative numbers
            prev = text[max(0, start - 1):start]
            if prev and (prev.isalnum()):
                start += 1
            else:
                value = -value
        kind, unit = "number", None
        scale = 1.0
        pos = end
        nxt = after_word(text, pos, lex)
        if nxt and nxt[0] == "scale":
            scale, pos = float(nxt[1]), nxt[2]  # type: ignore[arg-type]
            nxt = after_word(text, pos, lex)
        if nxt and nxt[0] in ("currency", "unit", "percent"):
            kind = {"currency": "money", "unit": "quantity", "percent": "percent"}[nxt[0]]
            unit, pos = str(nxt[1]), nxt[2]
        elif scale != 1.0:
            pass
        # "£10m", "$5bn": British newswire's million after a currency sign, never ten metres
        if kind == "quantity" and unit == "meter" and scale == 1.0 and text[pos - 1:pos] == "m" \
                and lex.before_re is not None and lex.before_re.search(text, max(0, start - 6), start):
            kind, unit, scale = "number", None, MILLION
        # a currency written before the figure: "CHF 100", "$5", "Fr. 3.50"
        if kind == "number" and lex.before_re is not None:
            b = lex.before_re.search(text, max(0, start - 6), start)
            if b:
                kind, unit = "money", str(lex.before[b.group(1)][1])
                start = b.start(1)
        facts.append(Fact(kind, text[start:pos].strip(), start, pos, value * scale, unit,
                          mantissa=value if scale != 1.0 else None))
        taken.append((start, pos))
    return facts


def extract_scale_words(text: str, lex: Lexicon, taken: list[tuple[int, int]]) -> list[Fact]:
    """"plusieurs millions d'utilisateurs": a scale word with no digits still states a magnitude.
    A thousand only when a number word counts it ("чотирьох тисяч", 4,000, against "about 4,000";
    drift_scripts_zh_uk_hr --set free): "тисячі людей", "thousands of people" state no figure."""
    out = []
    for m in _WORD.finditer(text):
        hit = lex.after.get(m.group(0))
        if not hit or hit[0] != "scale" or float(hit[1]) < 1e3 or len(m.group(0)) < 4:  # type: ignore[arg-type]
            continue
        if any(a <= m.start() < b for a, b in taken):
            continue
        start, value = m.start(), float(hit[1])  # type: ignore[arg-type]
        # "два мільйони", "dva milijuna", "two million": the number word counts the scale
        before = _WORD_BEFORE.search(text, 0, start)
        count = lex.number_words.get(before.group(1).casefold()) if before else None
        if value < 1e6 and not (before and count):
            continue
        if before and count and not any(a < start and before.start(1) < b for a, b in taken):
            start, value = before.start(1), value * count
        out.append(Fact("number", text[start:m.end()], start, m.end(), value))
        taken.append((start, m.end()))
    return out


# Decades counted in words, maybe after one adjective: "deux (dernières) décennies", "two decades",
# "zwei Jahrzehnte", "due decenni" state ten times as many years ("der letzten 20 Jahre": a false
# "number" alarm on an untouched drift_synth pair, "20 Jahre" against a bare "deux").
_DECADES = regex.compile(r"[ \u00a0]+(?:\p{L}+[ \u00a0]+)?(?:décennies|décennie|decades|decade|jahrzehnten|jahrzehnte"
                         r"|decenni|decennio|décadas|década|decenios|decenio)(?!\p{L})", regex.IGNORECASE)
YEARS_IN_A_DECADE = 10


def extract_number_words(text: str, lex: Lexicon, taken: list[tuple[int, int]]) -> list[Fact]:
    """Small numbers written out ("five", "fünf", "VI", "in a month"): soft facts that can absorb
    a digit counterpart."""
    out = [Fact("number", text[s:e], s, e, float(v), soft=True) for s, e, v in context_numbers(text, lex.lang)
           if not any(a < e and s < b for a, b in taken)]
    taken.extend((f.start, f.end) for f in out)
    for m in _NUMBER_WORD.finditer(text) if lex.number_words else ():
        val = lex.number_words.get(m.group(0).casefold())
        if val is None or val < 2 or any(a < m.end() and m.start() < b for a, b in taken):
            continue
        end = m.end()
        # "forty-six", "vingt-cinq": tens and units joined by a hyphen are one number
        units = _NUMBER_WORD.match(text, end + 1) if text[end:end + 1] in "-‐" and val % 10 == 0 else None
        unit_val = lex.number_words.get(units.group(0).casefold()) if units else None
        if unit_val is not None and 20 <= val <= 90 and 1 <= unit_val <= 9:
            val, end = val + unit_val, units.end()
        # "dix-sept", "quatre-vingt": one part of a hyphenated number is not the number
        if regex.match(r"[-‐]\p{L}", text[end:end + 2]) or regex.search(r"\p{L}[-‐]$", text[:m.start()]):
            continue
        kind, unit = "number", None
        nxt = after_word(text, end, lex)
        if (decades := _DECADES.match(text, end)) is not None:
            kind, unit, val, end = "quantity", "year", val * YEARS_IN_A_DECADE, decades.end()
        elif nxt and nxt[0] == "percent":
            kind, unit, end = "percent", "%", nxt[2]
        out.append(Fact(kind, text[m.start():end], m.start(), end, float(val), unit, soft=True))
    return out


def number_readings(raw: str) -> list[str]:
    """Every reading of one written number, as canonical decimal strings ("300000", "1.5"),
    without knowing the language: two when the form is truly ambiguous ("1,500" is 1.5 in
    Rome and 1500 in London).

    The linker matches figures across languages in one index, so it cannot pick a reading
    with the text's locale as :func:`parse_number` does; a wrong extra reading costs it a
    little weight, a missing one costs a link.  On every unambiguous form both agree
    (``float(number_readings(s)[0]) == parse_number(s, lex)``; tests/test_facts_link.py).
    """
    if any(c in raw for c in _LINK_SPACES):
        groups = re.split(f"[{_LINK_SPACES}]", raw)
        if len(groups[0].replace(",", "").replace(".", "")) > 3 or any(len(g) != 3 for g in groups[1:-1]) \
                or not re.match(r"\d{3}(?:[.,]\d+)?$", groups[-1]):
            # "in 2022 300 people": separate numbers that happen to touch
            return [v for g in groups if g for v in number_readings(g)]
        raw = "".join(groups)
        return [_canon(raw.replace(",", "."))] if raw.count(".") + raw.count(",") <= 1 else []
    if "'" in raw or "’" in raw:  # Swiss thousands separator; the decimal one is then . or ,
        raw = raw.replace("'", "").replace("’", "")
        return [_canon(raw.replace(",", "."))] if raw.count(".") + raw.count(",") <= 1 else []
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:  # the last separator is the decimal one
        dec = "." if raw.rfind(".") > raw.rfind(",") else ","
        thou = "," if dec == "." else "."
        return [_canon(raw.replace(thou, "").replace(dec, "."))]
    if dots + commas == 0:
        return [_canon(raw)]
    sep = "." if dots else ","
    parts = raw.split(sep)
    if len(parts) > 2:  # 1.234.567: only thousands separators repeat
        return [_canon("".join(parts))] if all(len(p) == 3 for p in parts[1:]) else []
    head, tail = parts
    if len(tail) == 3 and head != "0":
        return [_canon(head + tail), _canon(head + "." + tail)]
    return [_canon(head + "." + tail)]


#: Spaces that group thousands in the forms :func:`number_readings` reads (no thin space:
#: the linker's digit scan never lets one into a number).
_LINK_SPACES = " \u00a0\u202f"


def _canon(value: str) -> str:
    """"007.50" -> "7.5": one string per value, so equal figures are equal features."""
    if "." in value:
        head, tail = value.split(".", 1)
        tail = tail.rstrip("0")
        head = head.lstrip("0") or "0"
        return f"{head}.{tail}" if tail else head
    return value.lstrip("0") or "0"
