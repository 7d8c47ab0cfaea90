"""Numbers, years and calendar dates as language-independent tokens.

A translation rewrites every word but keeps its figures, so figures are the cheapest
evidence that two texts in different languages are versions of one.  The same value is
written ``300,000`` (en), ``300.000`` (de/it), ``300 000`` (fr) and ``300'000`` (de-CH), and
``1,5`` / ``1.5``; every form maps to one canonical token here.  Where a form is truly
ambiguous (``1,500`` is 1.5 in Rome and 1500 in London) both readings are emitted: a wrong
extra token costs a little weight, a missing one costs a link.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

#: A run of digits with the separators that can occur inside one written number.
_NUMBER = re.compile(r"\d(?:[\d'’\u00a0\u202f]|[.,](?=\d)| (?=\d{3}(?!\d)))*")
#: 03.01.2022, 3/1/22 — day, month, year (ambiguous US order accepted as is).
_NUMERIC_DATE = re.compile(r"(\d{1,2})[./](\d{1,2})[./]((?:19|20)?\d{2})")
_SPACES = " \u00a0\u202f"

#: Month names of the languages crosswire meets most; others still get years and figures.
MONTHS: dict[str, int] = {}
for _names in (
    "january february march april may june july august september october november december",  # en
    "januar februar märz april mai juni juli august september oktober november dezember",  # de
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",  # fr
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",  # it
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",  # es
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",  # pt
    "januari februari maart april mei juni juli augustus september oktober november december",  # nl
):
    for _i, _name in enumerate(_names.split()):
        MONTHS.setdefault(_name, _i + 1)
MONTHS.update({"jänner": 1, "feber": 2, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
               "sep": 9, "sept": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "dez": 12})
#: After a day number: "1. Januar", "1er janvier", "1° gennaio", "3 mars".
_MONTH_AFTER = re.compile(r"(?:\.|er|°|º|st|nd|rd|th)?\s{1,3}([^\W\d_]{3,10})")


def canonical_numbers(raw: str) -> list[str]:
    """Canonical values of one written number; two when the form is ambiguous."""
    if any(c in raw for c in _SPACES):
        groups = re.split(f"[{_SPACES}]", raw)
        if len(groups[0].replace(",", "").replace(".", "")) > 3 or any(len(g) != 3 for g in groups[1:-1]) \
                or not re.match(r"\d{3}(?:[.,]\d+)?$", groups[-1]):
            # "in 2022 300 people": separate numbers that happen to touch
            return [v for g in groups if g for v in canonical_numbers(g)]
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


def _canon(value: str) -> str:
    if "." in value:
        head, tail = value.split(".", 1)
        tail = tail.rstrip("0")
        head = head.lstrip("0") or "0"
        return f"{head}.{tail}" if tail else head
    return value.lstrip("0") or "0"


def figure_tokens(text: str) -> Iterator[tuple[str, str]]:
    """``("year", "2022")``, ``("date", "01-03")`` and ``("num", "300000")`` tokens of a text."""
    for _start, kind, value in figure_tokens_at(text):
        yield kind, value


def figure_tokens_at(text: str) -> Iterator[tuple[int, str, str]]:
    """:func:`figure_tokens` with where each starts: the order of figures is evidence too.

    One scan for digits; month names are only looked for right after a day number, which
    keeps this at a fraction of a millisecond for a 3,000-character article.
    """
    for m in _NUMBER.finditer(text):
        at = m.start()
        raw = m.group(0).strip()
        d = _NUMERIC_DATE.match(raw)
        if d and d.end() == len(raw):
            day, month, year = int(d.group(1)), int(d.group(2)), d.group(3)
            if 1 <= day <= 31 and 1 <= month <= 12:
                yield at, "date", f"{month:02d}-{day:02d}"
                yield at, "year", year if len(year) == 4 else "20" + year
                continue
        if len(raw) <= 2:
            after = _MONTH_AFTER.match(text, m.end())
            if after:
                month_no = MONTHS.get(after.group(1).lower())
                if month_no and 1 <= int(raw) <= 31:
                    yield at, "date", f"{month_no:02d}-{int(raw):02d}"
        for value in canonical_numbers(raw):
            if len(value) == 4 and value[:2] in ("19", "20") and "." not in value:
                yield at, "year", value
            else:
                yield at, "num", value
