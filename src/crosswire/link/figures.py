"""Numbers, years and calendar dates as language-independent tokens.

A translation rewrites every word but keeps its figures, so figures are the cheapest
evidence that two texts in different languages are versions of one.  The same value is
written ``300,000`` (en), ``300.000`` (de/it), ``300 000`` (fr) and ``300'000`` (de-CH), and
``1,5`` / ``1.5``; every form maps to one canonical token here.  Where a form is truly
ambiguous (``1,500`` is 1.5 in Rome and 1500 in London) both readings are emitted: a wrong
extra token costs a little weight, a missing one costs a link.  Reading numbers and month
names is :mod:`crosswire.facts`' job (``number_readings``, ``MONTH_NUMBERS``), so link evidence
and the drift report read a figure the same way; this module only finds them in a text.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..facts.lexicon import MONTH_NUMBERS
from ..facts.numbers import number_readings

#: A run of digits with the separators that can occur inside one written number.
_NUMBER = re.compile(r"\d(?:[\d'’\u00a0\u202f]|[.,](?=\d)| (?=\d{3}(?!\d)))*")
#: 03.01.2022, 3/1/22 — day, month, year (ambiguous US order accepted as is).
_NUMERIC_DATE = re.compile(r"(\d{1,2})[./](\d{1,2})[./]((?:19|20)?\d{2})")
#: A bare four-digit figure starting so is read as a year: the centuries news reports on.
YEAR_CENTURIES = ("19", "20")
#: A day number is at most two digits ("3 mars", "14. März").
DAY_DIGITS = 2
#: After a day number: "1. Januar", "1er janvier", "1° gennaio", "3 mars".
_MONTH_AFTER = re.compile(r"(?:\.|er|°|º|st|nd|rd|th)?\s{1,3}([^\W\d_]{3,10})")


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
        if len(raw) <= DAY_DIGITS:
            after = _MONTH_AFTER.match(text, m.end())
            if after:
                month_no = MONTH_NUMBERS.get(after.group(1).lower())
                if month_no and 1 <= int(raw) <= 31:
                    yield at, "date", f"{month_no:02d}-{int(raw):02d}"
        for value in number_readings(raw):
            if len(value) == 4 and value[:2] in YEAR_CENTURIES and "." not in value:
                yield at, "year", value
            else:
                yield at, "num", value
