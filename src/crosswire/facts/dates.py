"""Dates, years and periods.  Spans are found with month names from CLDR, then read with
dateparser one span at a time (never ``search_dates`` over a whole text: too slow, too eager)."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import regex

from .lexicon import PERIOD_WORDS, Lexicon, lexicon
from .types import Fact

YEAR = r"(?:1[89]\d\d|20\d\d|2100)"
_DASH = r"[-‐‑–—/～〜]"  # ～ and 〜: the CJK range mark ("１８２５～６９年")


@lru_cache(maxsize=64)
def _date_re(lang: str) -> regex.Pattern[str]:
    lex = lexicon(lang)
    months = "|".join(regex.escape(m) for m in sorted(lex.months, key=len, reverse=True) if len(m) >= 3)
    day = r"(?P<d>\d{1,2})(?:\.|er|e|º|°|st|nd|rd|th|日)?"
    return regex.compile(
        r"(?<![\p{L}\p{N}])(?:"
        rf"{day}[ \u00a0]*(?:de[ \u00a0]+)?(?P<m>{months})\.?(?:[ \u00a0,]*(?:de[ \u00a0]+)?(?P<y>{YEAR}))?"
        rf"|(?P<m2>{months})\.?[ \u00a0]+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?(?:[ \u00a0]+(?P<y2>{YEAR}))?"
        rf"|(?P<m3>{months})\.?[ \u00a0]+(?:(?:de|del|of)[ \u00a0]+)?(?P<y3>{YEAR})"
        rf"|(?P<y4>{YEAR})-(?P<m4>[01]\d)-(?P<d4>[0-3]\d)"
        rf"|(?P<d5>[0-3]?\d)\.(?P<m5>[01]?\d)\.(?P<y5>{YEAR})"
        rf"|(?P<y6>{YEAR})年(?:(?P<m6>[01]?\d)月(?:(?P<d6>[0-3]?\d)日)?)?"
        # CJK text runs on without a space: "2020年7月27日月曜日" ends at 日 all the same
        r")(?:(?<=[年月日])|(?![\p{L}\p{N}]))", regex.IGNORECASE)


@lru_cache(maxsize=4096)
def _parse(span: str, lang: str) -> dt.datetime | None:
    import dateparser  # heavy import: only when a date span was found

    langs = list(dict.fromkeys([lang, "en"]))
    try:
        return dateparser.parse(span, languages=langs, settings={"PREFER_DAY_OF_MONTH": "first",
                                                                 "RELATIVE_BASE": dt.datetime(2000, 1, 1)})
    except Exception:  # dateparser raises on odd input; such a span is simply not a date
        return None


def extract_dates(text: str, lex: Lexicon, taken: list[tuple[int, int]]) -> list[Fact]:
    out: list[Fact] = []
    for m in _date_re(lex.lang).finditer(text):
        g = m.groupdict()
        day = g["d"] or g["d2"] or g["d4"] or g["d5"] or g["d6"]
        year = g["y"] or g["y2"] or g["y3"] or g["y4"] or g["y5"] or g["y6"]
        month = g["m"] or g["m2"] or g["m3"] or g["m4"] or g["m5"] or g["m6"]
        span = m.group(0).strip()
        num = lex.months.get(month.casefold().rstrip("."), None) if month and not month.isdigit() else None
        if num is None and month and month.isdigit():
            num = int(month)
        if num is None or not 1 <= num <= 12:
            continue
        # "35 juin 2022" is no real date, but it is what the text says: keep the impossible day
        # so it cannot pass for the "29 juin 2022" of the other version.
        # A date in digits ("01.07.2022", "2022-07-01", "2022年7月1日") says which part is the day;
        # dateparser, asked again, may read "01.07.2022" month first and drop a real date.
        if day and 1 <= int(day) <= 31 and not month.isdigit():
            # dateparser knows "1er" and "1st" but not every ordinal mark ("1º luglio"): asked
            # again without it, the regex's own parts
            parsed = _parse(span, lex.lang) or _parse(f"{int(day)} {month} {year or ''}".strip(), lex.lang)
            if parsed is None or parsed.day != int(day):
                continue
        value = f"{year or 'XXXX'}-{num:02d}" + (f"-{int(day):02d}" if day else "")
        out.append(Fact("date", span, m.start(), m.start() + len(span), value))
        taken.append((m.start(), m.start() + len(span)))
    return out


@lru_cache(maxsize=64)
def _period_re(lang: str) -> regex.Pattern[str]:
    words = sorted(set(PERIOD_WORDS.get(lang, []) + PERIOD_WORDS["en"]), key=len, reverse=True)
    conn = "|".join(regex.escape(w) for w in words)
    # "2025–26" only with a dash: "2021 à 37 172 GWh" is a year and a figure, not a period
    return regex.compile(rf"(?<![\p{{N}}\p{{L}}])(?P<a>{YEAR})(?:[ \u00a0]*{_DASH}[ \u00a0]*(?P<b>{YEAR}|\d\d)"
                         rf"|[ \u00a0]+(?:{conn})[ \u00a0]+(?P<b2>{YEAR}))(?![\p{{N}}]|[ \u00a0\u202f]\d{{3}})")


def extract_periods(text: str, lex: Lexicon, taken: list[tuple[int, int]]) -> list[Fact]:
    out = []
    for m in _period_re(lex.lang).finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        a, b = int(m["a"]), m["b"] or m["b2"]
        end = int(b) if len(b) == 4 else a // 100 * 100 + int(b)  # "2025–26" = 2025–2026
        if not a < end <= a + 60:
            continue
        out.append(Fact("period", m.group(0), m.start(), m.end(), (a, end)))
        taken.append(m.span())
    return out


# Languages that write a calendar year as "2021 року" / "2021 года" (the year's ordinal and
# the noun for year, which CLDR lists as the duration unit): Russian, Ukrainian, Belarusian.
YEAR_WORD_AFTER = frozenset({"ru", "uk", "be"})
_YEAR_RE = regex.compile(rf"(?<![\p{{N}}.,'’])({YEAR})(?![\p{{N}}]|[.,]\d)")
# Italian and Spanish "ha" is the verb "has" as well as the hectare symbol: "Nel 2016 ha
# raggiunto", "En 2016 ha crecido" state a year.  A year followed by "ha" and a past participle
# in the masculine singular (-to/-so, -do/-cho: the form the auxiliary takes), maybe after one
# adverb, is that verb: a hectare figure's participle agrees with the plural "ettari" /
# "hectáreas" ("2000 ha coltivati"), and "2016 m hoch" has no such reading.
_HAS_PARTICIPLE = {
    "it": regex.compile(r"[ \u00a0]+(?:(?:già|anche|inoltre|poi|ancora|sempre|così|infatti|quindi|pure|ormai"
                        r"|finalmente|nuovamente)[ \u00a0]+)?\p{Ll}+[ts]o(?!\p{L})"),
    "es": regex.compile(r"[ \u00a0]+(?:(?:ya|también|además|nuevamente|finalmente)[ \u00a0]+)?"
                        r"\p{Ll}+(?:[dt]|ch)o(?!\p{L})"),
}


def _has_verb(text: str, after: regex.Match[str], lex: Lexicon) -> bool:
    """Whether the unit word ``after`` that follows a year is the verb "ha" (see _HAS_PARTICIPLE)."""
    rx = _HAS_PARTICIPLE.get(lex.lang or "")
    return rx is not None and after.group("w") == "ha" and rx.match(text, after.end()) is not None


def extract_years(text: str, lex: Lexicon, taken: list[tuple[int, int]]) -> list[Fact]:
    out = []
    for m in _YEAR_RE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        # "2000 Meter", "2030 Franken": a figure with a unit is not a year -- except the word
        # for year itself where East Slavic grammar puts it after the year ("у липні 2021
        # року", "до 2027 года", "на 2024 рік": uk-en, benchmarks/drift_scripts_zh_uk_hr.py)
        after = lex.after_re.match(text, m.end()) if lex.after_re else None
        if after and not (lex.lang in YEAR_WORD_AFTER and lex.after.get(after.group("w"), ("", ""))[1] == "year") \
                and not _has_verb(text, after, lex):
            continue
        out.append(Fact("year", m.group(1), m.start(), m.end(), int(m.group(1))))
        taken.append(m.span())
    return out


@lru_cache(maxsize=64)
def _month_re(lang: str) -> regex.Pattern[str] | None:
    """Full month names of ``lang`` (CLDR, both grammatical forms), written as words."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        try:
            names.update({v: k for k, v in get_month_names("wide", context, locale=lang).items()})
        except (ValueError, LookupError):  # babel's UnknownLocaleError is a ValueError
            return None
    if lang == "en":  # "may" is a verb; English writes its months with a capital
        names = {n[:1].upper() + n[1:]: k for n, k in names.items()}
    alternation = "|".join(regex.escape(n) for n in sorted(names, key=len, reverse=True) if len(n) >= 3)
    flags = 0 if lang == "en" else regex.IGNORECASE
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])({alternation})(?![\p{{L}}\p{{N}}])", flags)


def extract_months(text: str, lex: Lexicon, taken: list[tuple[int, int]]) -> list[Fact]:
    """A month named without its day or year ("in June", "last May", "в июле" aside): soft, as
    the CJK "6月" is, so the two can match across scripts and a changed one be seen (by the
    comparison, against the other side's month) while a lone month never flags by itself."""
    pattern = _month_re(lex.lang)
    if pattern is None:
        return []
    lookup = {k.casefold(): v for k, v in lex.months.items()}
    out: list[Fact] = []
    for m in pattern.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        num = lookup.get(m.group(1).casefold())
        if num is None:
            continue
        out.append(Fact("date", m.group(1), m.start(), m.end(), f"XXXX-{num:02d}", soft=True))
        taken.append(m.span())
    return out
