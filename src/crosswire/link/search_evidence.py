"""What a query and a headline share whatever their languages: figures and calendar dates.

A translation rewrites every word of a headline but keeps its figures, and it writes a date
with its own month name: "4. Februar 2022", "4 février 2022", "4 febbraio 2022" and "February
4, 2022" are one date.  Each text becomes a set of tokens that read alike in every language:
digit runs ("27", "2022"), day-and-month dates ("date:02-04") and months of a year
("month:2022-02").  Month names come from CLDR (Babel), as written in a date and standing alone
(Russian "февраля" beside "февраль"), for the languages in MONTH_LOCALES; an abbreviation counts
only written with its full stop ("févr.", "Feb."), since many are words ("out", "set", "des");
a name that means different months in two languages (Croatian "listopad" is October, Polish
and Czech November) is left out.  The names load once per process (~0.8 s, on first use).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Languages whose month names are read in queries and headlines: the languages of the bundled
#: models' training that write months as words in a Latin, Cyrillic or Greek script.
MONTH_LOCALES = ("en", "de", "fr", "it", "es", "pt", "nl", "ca", "ro", "pl", "cs", "sk", "sl", "hr", "sv",
                 "da", "nb", "fi", "et", "lv", "lt", "hu", "tr", "ru", "uk", "bg", "el")
#: A month name shorter than this is too often a word of its own ("mar" is Italian for sea).
MIN_MONTH_CHARS = 3

_DIGITS = re.compile(r"\d+")
_WORD = r"([^\W\d_]{%d,}\.?)" % MIN_MONTH_CHARS
# "4. Februar 2022", "1er février", "3 marzo", "4 de febrero de 2022" (the day, then the month)
_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})(?:\.|er|°|º|st|nd|rd|th)?\s{1,3}(?:de\s)?" + _WORD
                        + r"(?:,?\s{1,3}(?:de\s)?(\d{4}))?")
# "February 4, 2022", "Feb. 4" (the month, then the day)
_MONTH_DAY = re.compile(_WORD + r"\s{1,3}(\d{1,2})(?!\d)(?:st|nd|rd|th)?(?:,?\s{1,3}(\d{4}))?")
# "März 2022", "in February 2022" (a month of a year, no day)
_MONTH_YEAR = re.compile(_WORD + r"\s{1,3}(?:de\s)?(\d{4})(?!\d)")


def evidence_of(text: str) -> frozenset[str]:
    """The language-independent tokens of ``text``: its digit runs (leading zeros dropped),
    ``date:MM-DD`` for a day with a month name and ``month:YYYY-MM`` for a month with a year."""
    tokens = {m.lstrip("0") or "0" for m in _DIGITS.findall(text)}
    for m in _DAY_MONTH.finditer(text):
        _add_date(tokens, _month(m.group(2)), m.group(1), m.group(3))
    for m in _MONTH_DAY.finditer(text):
        _add_date(tokens, _month(m.group(1)), m.group(2), m.group(3))
    for m in _MONTH_YEAR.finditer(text):
        month = _month(m.group(1))
        if month:
            tokens.add(f"month:{m.group(2)}-{month:02d}")
    return frozenset(tokens)


def _month(word: str) -> int | None:
    wide, abbreviated = month_numbers()
    key = _fold(word)
    return wide.get(key) or (abbreviated.get(key) if word.endswith(".") else None)


def _add_date(tokens: set[str], month: int | None, day: str, year: str | None) -> None:
    if month and 1 <= int(day) <= 31:
        tokens.add(f"date:{month:02d}-{int(day):02d}")
        if year:
            tokens.add(f"month:{year}-{month:02d}")


def _fold(word: str) -> str:
    """Lower case, no trailing full stop, accents kept apart from the letters ("févr." -> "fevr")."""
    bare = unicodedata.normalize("NFKD", word.rstrip(".").casefold())
    return "".join(c for c in bare if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def month_numbers() -> tuple[dict[str, int], dict[str, int]]:
    """(wide names, abbreviations): every CLDR month name of MONTH_LOCALES, folded, -> its month
    (1-12); a name that means two different months in two languages is left out."""
    from babel import Locale

    seen: dict[str, dict[str, set[int]]] = {"wide": {}, "abbreviated": {}}
    for code in MONTH_LOCALES:
        locale = Locale.parse(code)
        for context in ("format", "stand-alone"):
            for width, names in seen.items():
                for number, name in locale.months[context][width].items():
                    key = _fold(name)
                    if len(key) >= MIN_MONTH_CHARS and not key.isdigit():
                        names.setdefault(key, set()).add(int(number))
    clash = {k for names in seen.values() for k, v in names.items() if len(v) > 1}
    clash |= {k for k in seen["wide"].keys() & seen["abbreviated"].keys()
              if seen["wide"][k] != seen["abbreviated"][k]}
    wide, abbreviated = ({k: next(iter(v)) for k, v in seen[w].items() if k not in clash} for w in seen)
    return wide, abbreviated
