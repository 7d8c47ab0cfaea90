"""Publication dates at the precision they were given.

"2022-11" must stay a month: a reader that turned it into 2022-11-01 would make two versions of
one release look a fortnight apart.  So every value comes back as ``(iso_cut_to_precision,
precision)`` and anything we cannot read with certainty comes back as ``None``: a wrong date
is worse than none, because the linker trusts it.

Machine formats (ISO 8601, RFC 2822, dotted European dates, CJK ``年月日``) are read here
directly; natural-language dates in the supported languages go through dateparser, restricted
to absolute dates and required to contain a four-digit year that dateparser must agree with,
so "yesterday", "12" or "11 November" (no year) are refused instead of guessed.
"""
from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..article import Dateline, DatePrecision

DATE_LANGUAGES = ["en", "de", "fr", "it", "es", "pt", "nl", "ru"]

_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|2[01]\d\d)(?!\d)")
_ISO_YEAR = re.compile(r"(\d{4})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?", re.I)
_DOTTED = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_CJK = re.compile(r"(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号])?)?")
_TIME_OF_DAY = re.compile(r"\d{1,2}\s?[:h]\s?\d{2}")
# Ordinal marks dateparser does not read in every language: "1er", "1°", "1º", "1st".
_ORDINAL = re.compile(r"(?<=\d)(?:er|re|°|º|ª|st|nd|rd|th)\b", re.I)


def parse_date(value: str | None, languages: list[str] | None = None) -> tuple[str, DatePrecision] | None:
    """``"2022-11"`` -> ``("2022-11", "month")``; ``"Nov. 11, 2022"`` -> ``("2022-11-11", "day")``;
    garbage, relative or year-less dates -> ``None``."""
    if value is None:
        return None
    s = " ".join(str(value).split()).strip(" ,;")
    if not s or len(s) > 80:
        return None
    return _machine(s) or _natural(s, tuple(languages or DATE_LANGUAGES))


def date_from_dateline(dateline: Dateline | None, languages: list[str] | None = None
                       ) -> tuple[str, DatePrecision] | None:
    """The dateline's date (``BEIJING, Nov. 11, 2022 /PRNewswire/``) at its precision."""
    if dateline is None or not dateline.date_text:
        return None
    return parse_date(dateline.date_text, languages)


def _ymd(y: int, m: int, d: int | None = None) -> dt.date | None:
    try:
        return dt.date(y, m, d or 1)
    except ValueError:
        return None


def _machine(s: str) -> tuple[str, DatePrecision] | None:
    if m := _ISO_YEAR.fullmatch(s):
        return (m.group(1), "year") if _YEAR.fullmatch(s) else None
    if m := _ISO_MONTH.fullmatch(s):
        d = _ymd(int(m.group(1)), int(m.group(2)))
        return (d.strftime("%Y-%m"), "month") if d else None
    if m := _ISO_DAY.fullmatch(s):
        d = _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return (d.isoformat(), "day") if d else None
    if _ISO_TIME.fullmatch(s):
        try:
            return _time(dt.datetime.fromisoformat(s.replace(" ", "T").replace("z", "Z")))
        except ValueError:
            return None
    if m := _DOTTED.fullmatch(s):
        d = _ymd(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return (d.isoformat(), "day") if d else None
    if m := _SLASHED.fullmatch(s):
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a != b and a <= 12 and b <= 12:
            return None  # 03/04/2022 is March in New York and April in Paris: refuse
        d = _ymd(y, b, a) if a > 12 or a == b else _ymd(y, a, b)
        return (d.isoformat(), "day") if d else None
    if m := _CJK.fullmatch(s):
        year, month, dom = m.group(1), m.group(2), m.group(3)
        if dom:
            day = _ymd(int(year), int(month), int(dom))
            return (day.isoformat(), "day") if day else None
        if month:
            day = _ymd(int(year), int(month))
            return (day.strftime("%Y-%m"), "month") if day else None
        return (year, "year")
    if re.search(r"\d{1,2}:\d{2}", s) and re.match(r"[A-Za-z]{3},", s):
        try:  # RFC 2822, as in RSS <pubDate>
            return _time(parsedate_to_datetime(s))
        except (TypeError, ValueError, IndexError):
            return None
    return None


def _time(value: dt.datetime) -> tuple[str, DatePrecision]:
    return value.isoformat(timespec="seconds"), "time"


@lru_cache(maxsize=8)
def _parser(languages: tuple[str, ...]) -> Any:
    from dateparser.date import DateDataParser  # heavy import: only for natural-language dates

    # absolute-time only: relative phrases ("yesterday") need a reference date we do not have
    return DateDataParser(languages=list(languages), settings={
        "RETURN_TIME_AS_PERIOD": True, "PREFER_DAY_OF_MONTH": "first", "PARSERS": ["absolute-time"],
        "REQUIRE_PARTS": ["year"]})


@lru_cache(maxsize=4096)
def _natural(s: str, languages: tuple[str, ...]) -> tuple[str, DatePrecision] | None:
    years = _YEAR.findall(s)
    if len(set(years)) != 1:
        return None  # no year means we would have to invent one; two years is a range
    if not re.search(r"[^\W\d_]", s):
        return None  # digits and punctuation only, and no machine format matched
    try:
        data = _parser(languages).get_date_data(_ORDINAL.sub("", s))
    except Exception:  # dateparser raises assorted errors on odd input; odd input is no date
        return None
    when = data.date_obj if data else None
    if when is None or when.year != int(years[0]):
        return None
    period = data.period
    if period == "time" and _TIME_OF_DAY.search(s):
        return _time(when)
    if period in ("day", "time"):
        return when.date().isoformat(), "day"
    if period == "month":
        return when.strftime("%Y-%m"), "month"
    return str(when.year), "year"
