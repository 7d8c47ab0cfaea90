"""Figures written the Chinese and Japanese way: ``1億6,940万ドル`` (169.4 million dollars),
``三万人``, ``二〇二一年``, ``１・５５㍍``, ``7月15日``, ``06年``.

CLDR gives the scale words (万, 億, 亿) but not how they combine: a CJK amount is a chain of
sections, each a number followed by a power of 10,000 (兆 10^12, 億/亿 10^8, 万/萬 10^4), so
"1億6,940万" is 1×10^8 + 6,940×10^4.  Within a section Chinese numerals count with 十, 百, 千.
The positional style ("二〇二一年") writes one numeral per digit and maps character for
character onto ASCII digits, so it is rewritten in place before any other extractor runs.
"""
from __future__ import annotations

import regex

from .lexicon import Lexicon
from .types import Fact

_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2, "兩": 2}
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
# 廿 and 卅 are twenty and thirty in one character ("廿三日", the 23rd): tens, not multipliers
_TENS = {"廿": 20, "卅": 30}
_BIG = {"万": 10 ** 4, "萬": 10 ** 4, "億": 10 ** 8, "亿": 10 ** 8, "兆": 10 ** 12}
_NUMERAL = "〇一二三四五六七八九零两兩十拾百佰千仟廿卅"
_ARABIC = r"\d(?:[\d,，]*\d)?(?:[.．]\d+)?"
_KANJI = f"[{_NUMERAL}]+"
# Numerals with a decimal point written 点 before a scale or in a percentage: "三点五亿" (350
# million), "百分之三点五" (3.5 %).  Only there: "三点" alone is three o'clock.
_KANJI_POINT = f"[{_NUMERAL}]+点[〇一二三四五六七八九]+"
# After a chain's last power of 10,000, a section in numerals that counts with 十/百/千:
# "二十一万二千" is 212,000 (a bare "万一" is "in case", never read).
_KANJI_TAIL = "[〇一二三四五六七八九零两兩]?[十拾百佰千仟][〇一二三四五六七八九零两兩十拾百佰千仟]*"
# A chain of sections ("1億6,940万", "三千二百万", "2兆5000億", "5千万") and an optional tail of
# units; "3千" (3,000) is digits with a thousands numeral.
# "千万不要" / "千万别": bare 千万 before a negation or an imperative is the adverb "by all means",
# not ten million ("千万人口" is ten million people; a counted "三千万" is read as before).
_ADVERB = "(?!千[万萬][不别別要莫勿务務])"
_AMOUNT = regex.compile(
    rf"(?<![\d{_NUMERAL}]){_ADVERB}(?:(?:{_ARABIC}千?|{_KANJI_POINT}|{_KANJI})[{''.join(_BIG)}])+"
    rf"(?:(?:{_ARABIC}|{_KANJI_TAIL})(?![\d{_NUMERAL}]))?"
    rf"|(?<![\d{_NUMERAL}]){_ARABIC}千(?![\d{_NUMERAL}])"
    rf"|(?<![\d{_NUMERAL}\p{{Han}}]){_ADVERB}{_KANJI}(?![\d{_NUMERAL}])"
    # after a Han word ("近两百人", "约三千名"), a count of hundreds or thousands: the
    # numerals must count with 百 or 千, so "三菱" and "一一" stay words
    rf"|(?<=\p{{Han}})(?<![\d{_NUMERAL}])[{_NUMERAL}]*[百佰千仟][{_NUMERAL}]*(?![\d{_NUMERAL}])")
# "二〇二一": two or more positional numerals, no 十/百/千 among them.
_POSITIONAL = regex.compile(r"[〇一二三四五六七八九]{2,}")
# Japanese writes a decimal point as a middle dot in vertical-style copy: "１・５５㍍", and a
# batting average as "打率・２５２" (.252) with no digit before the point.
_DOT_DECIMAL = regex.compile(r"・(?=\d)")
# "06年" is 2006 in Japanese and Chinese news (never "6 years": that is "6年間"; "30年以上" is
# "30 years or more").
_SHORT_YEAR = regex.compile(r"(?<![\d.,０-９])(?:(\d\d)[～〜~])?(\d\d)年(?!間|前|来|ぶり|目|生|度|以上|以内|未満|近く|ほど|余|超)")
# Japanese era years: "令和2年" is 2020, "平成30年" 2018, "元年" the first year of an era.
_ERA_YEAR = regex.compile(r"(令和|平成|昭和)(元|\d{1,2})年")
_ERA_START = {"令和": 2018, "平成": 1988, "昭和": 1925}  # the year before each era's first
# "7月15日", "11月": a month (and day) without the year the text gave earlier (read even when
# impossible, "14月": see extract_cjk_dates).
_MONTH_DAY = regex.compile(r"(?<!\d)(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日)?")
# The same in numerals, as vertical-style Japanese copy and Chinese write it: "十一月十二日",
# "三月", "廿三日" after a month.
_KANJI_MONTH_DAY = regex.compile(r"(?<![〇一二三四五六七八九十\d])([一二三四五六七八九十]{1,3})月"
                                 r"(?:([〇一二三四五六七八九十廿卅]{1,3})日)?")
# "約７割" is 70 percent: 割 counts tenths (Japanese only; Chinese 成 is also a common verb).
_TENTHS = regex.compile(r"(?<![\d.])(\d+(?:\.\d+)?)割")
# Chinese writes a percentage as a fraction of a hundred: "百分之三十五" (35 %), "百分之3.5".
_PER_HUNDRED = regex.compile(rf"百分之({_ARABIC}|{_KANJI_POINT}|{_KANJI})")


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
# A full-width comma groups digits ("３，０００") only between digits; elsewhere it is Chinese's
# sentence comma, and read as "," it would glue to the figure after it ("，1850所房屋": no
# figure starts after a separator), so every figure after a comma was lost.
_GROUPING_COMMA = regex.compile(r"(?<=\d)，(?=\d{3}(?!\d))")


def has_cjk(text: str) -> bool:
    return regex.search(r"[\p{Han}\p{Hiragana}\p{Katakana}]", text) is not None


def normalise(text: str) -> str:
    """``text`` with positional numerals as ASCII digits and "1・5" as "1.5", same length, so
    every extractor's offsets still point into the original."""
    text = _POSITIONAL.sub(lambda m: "".join(str(_DIGITS[c]) for c in m.group()), text)
    # full-width digits and separators ("１８２５", "３，０００") as ASCII: the year and date
    # patterns are written for ASCII digits
    text = _GROUPING_COMMA.sub(",", text.translate(_FULL_WIDTH))
    return _DOT_DECIMAL.sub(".", text)


def _section(s: str) -> float | None:
    """One section's value: Arabic digits ("6,940", "1.5") or numerals ("三千二百", "十二")."""
    if not s:
        return 1.0  # "億" alone after a section boundary does not occur; "万" = 1×10^4 in "一万"
    if s[0].isdigit() and s[-1] == "千":  # "5千万": five thousand ten-thousands
        head = _section(s[:-1])
        return None if head is None else head * _SMALL["千"]
    if s[0].isdigit():
        digits = s.replace(",", "").replace("，", "").replace("．", ".")
        try:
            return float("".join(str(int(c)) if c.isdigit() else c for c in digits))
        except ValueError:
            return None
    if "点" in s:  # "三点五": the numerals before the point, one digit per numeral after it
        head, _, tail = s.partition("点")
        whole = _section(head)
        if whole is None or not tail or any(c not in _DIGITS for c in tail):
            return None
        return float(f"{int(whole)}.{''.join(str(_DIGITS[c]) for c in tail)}")
    total, digit = 0, None
    for c in s:
        if c in _TENS:
            if digit is not None:
                return None
            total += _TENS[c]
        elif c in _DIGITS:
            if digit is not None:
                return None  # "二三" outside positional style: not a number
            digit = _DIGITS[c]
        elif c in _SMALL:
            total += (1 if digit is None else digit) * _SMALL[c]
            digit = None
        else:
            return None
    return float(total + (digit or 0))


def parse_amount(s: str) -> float | None:
    """The value of a whole chain: "1億6,940万" = 169,400,000."""
    total, start = 0.0, 0
    for i, c in enumerate(s):
        if c in _BIG:
            v = _section(s[start:i])
            if v is None:
                return None
            total += v * _BIG[c]
            start = i + 1
    if start < len(s):
        v = _section(s[start:])
        if v is None:
            return None
        total += v
    return total


def extract_cjk_amounts(text: str, lex: Lexicon, taken: list[tuple[int, int]],
                        after: object) -> list[Fact]:
    """Chains of sections and numerals with a scale or a counting word in them.  One bare
    numeral ("一部", "三菱", "千葉") is part of a word far more often than a figure, and a
    numeral without a power of 10,000 ("二十") is soft: it may match, it never flags."""
    out: list[Fact] = []
    for m in _TENTHS.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            out.append(Fact("percent", m.group(), m.start(), m.end(), float(m.group(1)) * 10, "%"))
            taken.append(m.span())
    for m in _PER_HUNDRED.finditer(text):
        value = parse_amount(m.group(1))
        if value is not None and not any(a < m.end() and m.start() < b for a, b in taken):
            out.append(Fact("percent", m.group(), m.start(), m.end(), value, "%"))
            taken.append(m.span())
    for m in _AMOUNT.finditer(text):
        s, e = m.span()
        raw = m.group()
        if any(a < e and s < b for a, b in taken):
            continue
        big = any(c in _BIG for c in raw)
        numerals = not raw[0].isdigit()
        digit_thousands = not numerals and raw.endswith("千")  # "3千"
        if not big and not digit_thousands and (not numerals or len(raw) < 2):
            continue  # plain digits are extract_figures' (and CLDR's single scale word already)
        if big and not numerals and sum(c in _BIG for c in raw) == 1 and raw[-1] in _BIG and "千" not in raw:
            continue  # "159億": extract_figures reads one scale word with its currency
        value = parse_amount(raw)
        if value is None:
            continue
        kind, unit, pos = "number", None, e
        nxt = after(text, pos, lex)  # type: ignore[operator]
        if nxt and nxt[0] in ("currency", "unit", "percent"):
            kind = {"currency": "money", "unit": "quantity", "percent": "percent"}[nxt[0]]
            unit, pos = str(nxt[1]), nxt[2]
        soft = not big and numerals  # "3千" is written in digits: as exact as "3,000"
        out.append(Fact(kind, text[s:pos], s, pos, value, unit, soft=soft))  # type: ignore[arg-type]
        taken.append((s, pos))
    return out


def extract_cjk_dates(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    """"令和2年" as 2020, "06年" as the year 2006 and "7月15日" / "11月" as a day or month of an
    unnamed year.
    A two-digit year's century is a guess (the nearer one to now), so it is soft: it matches
    "2006" across, and never raises a difference on its own."""
    out: list[Fact] = []
    for m in _ERA_YEAR.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            n = 1 if m.group(2) == "元" else int(m.group(2))
            out.append(Fact("year", m.group(), m.start(), m.end(), _ERA_START[m.group(1)] + n))
            taken.append(m.span())
    for m in _SHORT_YEAR.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        # "０４～０５年": both ends of a range of two-digit years
        for g in (1, 2):
            if m.group(g):
                yy = int(m.group(g))
                # 2-digit years in current news point back at most a few decades: "95年" is 1995
                year = 2000 + yy if yy <= 50 else 1900 + yy
                # the two digits stay readable: "10年首相をやった" is ten years, not 2010
                out.append(Fact("year", m.group(g), m.start(g), m.end(g), year, soft=True, mantissa=float(yy)))
        taken.append((m.start(), m.end()))
    for m in _MONTH_DAY.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        month = int(m.group(2))
        day = m.group(3)
        # "14月", "7月45日": no calendar has them, but read as numbers they would match
        # nothing that names the month ("October") -- an edit that made a date impossible
        # still changed a date, so such a month or day is kept as what it was meant to be
        if month == 0 or (day and int(day) == 0):
            continue
        # the year is read here only when the date is impossible ("2022年7月36日"); a possible
        # one was extract_dates'
        value = f"{m.group(1) or 'XXXX'}-{month:02d}" + (f"-{int(day):02d}" if day else "")
        # a month alone ("11月") says little and is often "last November": soft
        out.append(Fact("date", m.group(0), m.start(), m.end(), value, soft=day is None and not m.group(1)))
        taken.append(m.span())
    for m in _KANJI_MONTH_DAY.finditer(text):
        month_v = _section(m.group(1))
        day_v = _section(m.group(2)) if m.group(2) else None
        if month_v is None or not 1 <= month_v <= 12 or (m.group(2) and (day_v is None or not 1 <= day_v <= 31)) \
                or any(a < m.end() and m.start() < b for a, b in taken):
            continue
        value = f"XXXX-{int(month_v):02d}" + (f"-{int(day_v):02d}" if day_v else "")
        out.append(Fact("date", m.group(0), m.start(), m.end(), value, soft=day_v is None))
        taken.append(m.span())
    return out
