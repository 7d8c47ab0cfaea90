"""Which figures of a sentence are quantities a translation must keep, across scripts.

A figure glued to a name is part of the name -- "ATP Tour Masters 1000", "Windows 10", the
time code "0200GMT" -- and a version in another script often writes the thing in words or
another way ("ATP1000", "グリニッジ標準時2時"): compared as a quantity it matches nothing and
raises a false "number" difference.  So does a time of day on two clocks ("kl. 15" / "3 pm").
Such numbers are made soft -- they still match an equal figure across, so it is no leftover --
and :func:`tag_change` compares them as what they are: hours mod 12, minutes, designations.

A number word ("ten years") may stand for a two-digit CJK year ("10年首相をやった"): "NN年" is
read as a year (2010) and as its two digits, so a changed "15年" is still seen against "ten".
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import lru_cache

import regex

from ..facts import Fact, extract
from ..facts.numerals import HOURS_IN_A_DAY  # an hour past it is no time of day
from ..text.sentences import NOUN_CAPITAL_LANGS
from .years import is_decade

FIGURE_KINDS = ("number", "percent", "money", "quantity")
# Style guides spell out counts up to nine or up to a hundred, never "6875": a figure this large
# or larger is not what a number word on the other side stands for (moved from drift.py).
MAX_WORDED = 100
# A headline in Title Case ("Putin Arrives With 15 Ships") capitalises every word; when more
# than this share of a sentence's words start with a capital, a capital says nothing about names.
TITLE_CASE_SHARE = 0.6

# "Masters 1000", "Boeing 737", «Россия 1»: a capitalised word (not the sentence's first, maybe
# quoted) and one space.
_NAME_BEFORE = regex.compile(r"(?<=\S[ \u00a0][\"«„“‘'(]?)\p{Lu}\p{L}*[ \u00a0]$")
_WORDS = regex.compile(r"\p{L}[\p{L}'’-]*")


def _title_case(sentence: str) -> bool:
    words = [w for w in _WORDS.findall(sentence) if w[0].isalpha() and (w[0].isupper() or w[0].islower())]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) > TITLE_CASE_SHARE * len(words)


# A time of day: Nordic "kl. 15" / "klukkan 15" (15:00, written "3 pm" in English), English
# "10 a.m.", German "15 Uhr", "15:30", Japanese "午前８時43分", Chinese "8点43分".  Two clocks
# (24 and 12 hours) give two figures for one time.
_CLOCK_BEFORE = regex.compile(r"(?:(?<![\p{L}])(?:kl\.?|klukkan|klockan|klokka|klokken|klo\.?|kello)[ \u00a0]*"
                              r"|\d:|午前|午後|上午|下午|凌晨|晚上|\d[時点])$",
                              regex.IGNORECASE)
_CLOCK_AFTER = regex.compile(r"(?:[ \u00a0]*(?:[ap]\.m\.|[ap]m(?![\p{L}])|Uhr(?![\p{L}]))|:\d\d(?!\d)"
                             r"|時(?!間)|点(?:\d{1,2}分|钟|半|整))")

# The first hour of a range whose second is a clock hour: "9―20時", "9-17 Uhr", "9–5 p.m." (the
# 9 is on the clock too; drift_scripts_synth seed 5 "9―21時" against "between 9:00 and 20:00").
_RANGE_TO_HOUR = regex.compile(r"[ \u00a0]?[-–—―~〜～][ \u00a0]?\d{1,2}(?:時(?!間)|点|:\d\d(?!\d)"
                               r"|[ \u00a0]*(?:[ap]\.m\.|[ap]m(?![\p{L}])|Uhr(?![\p{L}])))")
# A German clock writes its minutes after a dot: "10.30 Uhr" is 10:30 (read as 10.3 it stood
# against "10 h 30"; drift_synth seed 67), and "9.30 bis 10.30 Uhr" opens the range at 9:30 -- a
# time with its minutes, where "von 11 bis 18 Uhr" leaves the 11 a figure as it was.
_HOUR_DOT_MINUTES = regex.compile(r"(\d{1,2})[.:][0-5]\d")
_WORDS_TO_HOUR = regex.compile(r"[ \u00a0](?:bis|to|à|al|alle)[ \u00a0]\d{1,2}[.:][0-5]\d[ \u00a0]*(?:Uhr|h)(?![\p{L}])")

# The part of the day after an hour ("4 sata ujutro", "8 ранку", "9 часов вечера"): a time
# of day, where "4 sata" alone is a duration (Croatian, Ukrainian, Russian).  "дня" and
# "ночи"/"ночі" count only after the word for hour: Russian "3 дня" is three days.
_DAYTIME = regex.compile(r"(?:-[\p{Ll}]{1,2})?[ \u00a0]*(?:(?:(?:sata|sati|години|годині|час(?:а|ов)?)[ \u00a0]*)?"
                         r"(?:ujutro|ujutru|navečer|uvečer|poslijepodne|popodne|noću|ранку|вечора|утра|вечера)"
                         r"|(?:години|годині|час(?:а|ов)?)[ \u00a0]*(?:дня|ночі|ночи))(?!\p{L})", regex.IGNORECASE)
_DAY_OR_NIGHT = regex.compile(r"[ \u00a0]*(?:дня|ночі|ночи)(?!\p{L})", regex.IGNORECASE)  # after "3 часа"
_AT_HOUR = regex.compile(r"(?<![\p{L}])u[ \u00a0]$")
# An hour in words: "three o'clock".
_O_CLOCK = regex.compile(r"[ \u00a0]o[’']clock(?!\p{L})", regex.IGNORECASE)


# Minutes follow an hour: "15:30", "８時43分", "8点43分", French "13 h 30".
_MINUTES_BEFORE = regex.compile(r"\d(?::|時|点|[ \u00a0]?h[ \u00a0]?)$")
# French writes the hour with the unit of an hour: "13 h 30", "14 h 00" (a clock, not a duration).
_FRENCH_CLOCK = regex.compile(r"[ \u00a0]?\d\d(?!\d)")
_WIRE_TIME = regex.compile(r"[ \u00a0]?(?:GMT|UTC)(?!\p{L})")
_GLUED_CODE = regex.compile(r"\p{Lu}++(?!\p{Ll})")
# A street and house number before a town ("Rheinsprung 16, Basilea", "Tellistrasse 55, 5000
# Aarau") is an address: its number is compared as a figure, sentence against sentence.
_ADDRESS_AFTER = regex.compile(r",[ \u00a0]+(?:\d{4,5}[ \u00a0]+)?\p{Lu}")
# A name before a designation's number has at least this many letters: "Rs 2,500" (rupees) and
# "No 5" are no names; "Hills 90210", "Boeing 737", "Masters 1000" are.
MIN_NAME_LETTERS = 3


def tag(sentence: str, f: Fact, lang: str | None) -> tuple[str, float] | None:
    """What the bare number ``f`` of ``sentence`` is when it is no quantity: ("hour", h mod 12)
    -- a 24-hour "kl. 15" is a 12-hour "3 pm" --, ("minute", m) or ("code", n) for a number
    that is part of a name or a code.  ``None`` for a quantity."""
    if f.soft and f.kind == "number" and f.unit is None and _O_CLOCK.match(sentence, f.end):
        return "hour", float(f.value) % 12  # "three o'clock" against "kl. 15"
    if f.soft or f.kind not in ("number", "quantity"):
        return None
    v = float(f.value)
    if f.kind == "quantity" and f.unit == "hour" and f.text.endswith("h") and _FRENCH_CLOCK.match(sentence, f.end):
        return "hour", v % 12
    if f.kind == "quantity" and f.unit == "hour" and _AT_HOUR.search(sentence, 0, f.start):
        return "hour", v % 12  # Croatian "u 15 sati": at three p.m. ("za 15 sati" is in 15 hours)
    if f.kind in ("number", "quantity") and f.unit in (None, "hour") and (
            _DAYTIME.match(sentence, f.end) or (f.unit == "hour" and _DAY_OR_NIGHT.match(sentence, f.end))):
        return "hour", v % 12  # "nakon 4 sata ujutro", "о 8 ранку": an hour of the morning, not 4 hours
    if f.kind != "number":
        return None
    if _MINUTES_BEFORE.search(sentence, 0, f.start):
        return "minute", v
    hm = _HOUR_DOT_MINUTES.fullmatch(f.text)
    if _CLOCK_BEFORE.search(sentence, 0, f.start) or _CLOCK_AFTER.match(sentence, f.end) \
            or _RANGE_TO_HOUR.match(sentence, f.end) or (hm and _WORDS_TO_HOUR.match(sentence, f.end)):
        # "kl. 25" is on no clock: kept whole, it equals no 12-hour reading across
        if hm is not None:
            v = float(hm.group(1))  # "10.30 Uhr": the hour, its minutes after the dot
        return "hour", (v % 12 if v <= HOURS_IN_A_DAY else v)
    # wire-service time "0200GMT" / "1430 GMT": the hour of a 24-hour clock ("グリニッジ標準時2時"; seed 17)
    if len(f.text) == 4 and f.text.isdigit() and _WIRE_TIME.match(sentence, f.end) and v // 100 < HOURS_IN_A_DAY:
        return "hour", (v // 100) % 12
    # "0200GMT", "5G", "4K": capitals glued after plain digits (a unit or scale word would have
    # been read into the fact, so what is left is a code; "36 708GWh" is an amount in a unit
    # CLDR's list lacks)
    if f.text.isdigit() and _GLUED_CODE.match(sentence, f.end):
        return "code", v
    # where common nouns are capitalised, "Umsatz 500" is a noun and a quantity
    if (lang or "").split("-")[0] in NOUN_CAPITAL_LANGS or not f.text.isdigit():
        return None  # "2,500": grouped digits are an amount, not a model number
    m = _NAME_BEFORE.search(sentence, 0, f.start)
    if m is None or len(m.group().strip()) < MIN_NAME_LETTERS or _title_case(sentence) \
            or _ADDRESS_AFTER.match(sentence, f.end):
        return None
    return "code", v


def is_designation(sentence: str, f: Fact, lang: str | None) -> bool:
    """Whether the bare number ``f`` of ``sentence`` is part of a name or a code, or a time of
    day: no quantity a translation must repeat in the same digits."""
    return tag(sentence, f, lang) is not None


# The unit given to a designation or a time of day made soft by :func:`soften`.
NOT_A_QUANTITY = "designation"


def soften(sentence: str, f: Fact, lang: str | None) -> Fact:
    """``f``, soft when it is a designation or a time of day: it may still match an equal
    figure across ("MOMO 7" / "７号機", "Premier 12" / "プレミア１２"), so that figure is no
    leftover, but it never raises a difference as a quantity (:func:`tag_change` compares it).
    A decade is soft too: it still matches "1980" across, and is never a year A lacks."""
    if is_designation(sentence, f, lang):
        f.soft, f.unit = True, NOT_A_QUANTITY
    elif is_decade(sentence, f):
        f.soft = True
    return f


def is_number_word(f: Fact) -> bool:
    """A number written out ("three", "восемь", "VI", "in a month"), not a softened designation
    or time.  The only 1 read from words is "a"/"an" before a unit of time in context
    (facts.numerals): "one" and the bare article are never read, as they stand for "some"."""
    return f.soft and f.kind in FIGURE_KINDS and f.unit != NOT_A_QUANTITY and abs(float(f.value)) >= 1


# Noon and midnight in words are the hour 12 (0 on a 12-hour clock): "at noon" / "klukkan 12".
# Chinese writes noon 中午 and midnight 午夜 (drift_scripts_zh_uk_hr seed 1: "下午0时" / "3 p.m.").
# Icelandic "á hádegi" is left out: it is written beside "klukkan 12", not instead of it.
# (Ukrainian "південь" / "північ" are left out: they mean south and north as often.)
_TWELVE = regex.compile(r"(?<!\p{L})(?:noon|midday|midnight|полдень|полудня|полночь|полуночи|опівдні|"
                        r"опівночі|podne|ponoć)(?!\p{L})|正午|中午|午夜", regex.IGNORECASE)


@lru_cache(maxsize=8192)
def _tags(sentence: str, lang: str | None) -> tuple[tuple[tuple[str, float], str], ...]:
    found = [(t, f.text) for f in extract(sentence, lang) if (t := tag(sentence, f, lang)) is not None]
    return tuple(found + [(("hour", 0.0), m.group()) for m in _TWELVE.finditer(sentence)])


def tag_change(a_sents: list[str], b_sents: list[str], a_lang: str | None,
               b_lang: str | None) -> tuple[str, str] | None:
    """An hour, minute or designation number of one bead that differs across: designations are
    compared as such, not as quantities ("Россия 1" / "Russia 7", "Beverly Hills 90210" /
    "90213", "午前11時" / "9 a.m.").  Both sides must have one left over of the same kind: a
    designation the other version writes in words ("ATP1000" / "Masters 1000") is no change."""
    text: dict[tuple[str, float], str] = {}
    counts = []
    for sents, lang in ((a_sents, a_lang), (b_sents, b_lang)):
        c: Counter[tuple[str, float]] = Counter()
        for s in sents:
            for t, surface in _tags(s, lang):
                c[t] += 1
                text.setdefault(t, surface)
        counts.append(c)
    only_a, only_b = counts[0] - counts[1], counts[1] - counts[0]
    for kind in ("hour", "minute", "code"):
        xa = sorted(t for t in only_a if t[0] == kind)
        xb = sorted(t for t in only_b if t[0] == kind)
        if xa and xb:
            return text[xa[0]], text[xb[0]]
    return None


def worded_value(f: Fact) -> float | None:
    """The value a number word on the other side would have if it said the same as ``f``:
    a figure under :data:`MAX_WORDED` in digits, or a two-digit CJK year's digits."""
    if f.kind == "year" and f.soft and f.mantissa is not None:
        return f.mantissa
    if f.soft or f.kind not in FIGURE_KINDS:
        return None
    v = abs(float(f.value))
    return v if v < MAX_WORDED and v.is_integer() else None


def worded_against(word: Fact, f: Fact) -> bool:
    """Whether the number word ``word`` could stand for the figure ``f`` had both said the same:
    a figure a style guide spells out (:func:`worded_value`), or for a word that is itself
    :data:`MAX_WORDED` or more ("bicentenary", 200), any whole figure of as many digits
    ("270周年" / "bicentenary", drift_scripts_synth seed 5)."""
    if worded_value(f) is not None:
        return True
    if f.soft or f.kind not in FIGURE_KINDS:  # a date or a year is no count a word stands for
        return False
    v, w = abs(float(f.value)), abs(float(word.value))
    return w >= MAX_WORDED and v.is_integer() and len(str(int(v))) == len(str(int(w)))


def word_against_digits(ua: list[Fact], ub: list[Fact]) -> tuple[Fact, Fact] | None:
    """A number written out on one side ("three children", "восемь килограммов") left
    unmatched while the other side's sentence has a figure nothing matched: had the figure
    been the same, the word would have matched it.  "one" / "an" (1) stand for articles too."""
    for x, ys in ((ua, ub), (ub, ua)):
        words = [f for f in x if is_number_word(f)]
        figures = [f for f in ys if any(worded_against(w, f) for w in words)]
        if words and figures and not any(not f.soft for f in x):
            return (words[0], figures[0]) if x is ua else (figures[0], words[0])
    return None


# The last day of a month.
MAX_DAY = 31


def stitched_date(ua: list[Fact], ub: list[Fact]) -> bool:
    """Whether a full date B's bead states is made of two figures A's states apart: its day a bare
    number of A's, its month and year those of A's date, which has another day ("15a Conferenza
    ... dal 7 al 19 dicembre 2022" / "auf der 15. Dezember 2022").  B's sentence was cut at the
    ordinal dot of "der 15." and what stood between is gone (drift-dev splits at such dots)."""
    days = {int(f.value) for f in ua if f.kind == "number" and not f.soft and float(f.value).is_integer()
            and 1 <= f.value <= MAX_DAY}
    full_a = [str(x.value) for x in ua if x.kind == "date" and len(str(x.value)) == len("2022-12-19")]
    return any(y.kind == "date" and len(v := str(y.value)) == len("2022-12-19") and v[:4].isdigit()
               and int(v[8:]) in days and any(x[:7] == v[:7] and x != v for x in full_a) for y in ub)


def code_against_number(a_sents: list[str], b_sents: list[str], ua: list[Fact], ub: list[Fact],
                        a_lang: str | None, b_lang: str | None) -> tuple[Fact, Fact] | None:
    """A designation's number left unmatched on one side ("Item 1") and a bare count left
    unmatched on the other ("5. tölulið"), nothing else left over: had the number been the same,
    the two would have matched ("Item 1" / "1. tölulið", drift_scripts_synth seed 2).  Only
    numbers a translation writes in digits either way (under :data:`MAX_WORDED`)."""
    sides = ((ua, a_sents, a_lang), (ub, b_sents, b_lang))
    codes, counts = [], []
    for left, sents, lang in sides:
        values = {v for s in sents for (kind, v), _ in _tags(s, lang) if kind == "code"}
        codes.append([f for f in left if f.soft and f.unit == NOT_A_QUANTITY and float(f.value) in values
                      and float(f.value) < MAX_WORDED])
        counts.append([f for f in left if not f.soft and f.kind == "number" and f.unit is None
                       and float(f.value).is_integer() and 0 < float(f.value) < MAX_WORDED])
    for x, y in ((0, 1), (1, 0)):
        others = [f for f in sides[x][0] if not f.soft]
        if codes[x] and counts[y] and not others and not codes[y]:
            return (codes[x][0], counts[y][0]) if x == 0 else (counts[y][0], codes[x][0])
    return None


# A weak one-to-one bead (drops.DriftParams.weak_bead) whose A sentence holds this many figures
# that B states nowhere pairs a sentence B dropped with its neighbour, even when each figure alone
# could be written out or is an aside in brackets ("nappo (46) ... DAZU-O (37)", two ages;
# drift_scripts_synth seed 5).  One such figure stays no evidence (drift._gone): a translator
# leaves out one small count, not two.
MIN_LOST_ON_WEAK_BEAD = 2


def lost_on_weak_bead(hard_a: list[Fact], a_facts: list[Fact], a_sents: list[str], b_doc: list[str],
                      fewer_in_b: Callable[[Fact], bool], a_lang: str | None, b_lang: str | None) -> list[Fact]:
    """What A's sentences on a weak bead state that B states less often, when that is evidence
    of a dropped sentence: :data:`MIN_LOST_ON_WEAK_BEAD` figures B gives fewer times than A
    (``fewer_in_b``: B may state one elsewhere, where A states it a second time; "10
    Mikrogramm" in B's opening, not in the sentence it dropped, drift_synth seed 43), or an
    hour of the day no sentence of B names ("at three o'clock" / a dropped "kl. 15 í dag",
    drift_scripts_synth seeds 2 and 5).  ``a_facts`` are A's facts of those sentences."""
    gone = [f for f in hard_a if f.kind in FIGURE_KINDS and fewer_in_b(f)]
    if len(gone) >= MIN_LOST_ON_WEAK_BEAD:
        return gone
    hours_b = {v for s in b_doc for (kind, v), _ in _tags(s, b_lang) if kind == "hour"}
    lost = {surface for s in a_sents for (kind, v), surface in _tags(s, a_lang) if kind == "hour" and v not in hours_b}
    return [f for f in a_facts if f.text in lost]


def _months(facts: list[Fact]) -> list[Fact]:
    return [f for f in facts if f.kind == "date" and f.soft and str(f.value).startswith("XXXX-")
            and len(str(f.value)) == len("XXXX-01")]


def _short_years(facts: list[Fact]) -> list[Fact]:
    return [f for f in facts if f.kind == "year" and f.soft and f.mantissa is not None]


def month_change(ua: list[Fact], ub: list[Fact]) -> tuple[Fact, Fact] | None:
    """A month named alone on both sides of one bead ("昨年8月" / "last May"), left unmatched
    on both: had the month been the same, the two would have matched.  Alone, a month is soft
    (it is often "last November" against no month at all) and never flags.  The same holds
    for a two-digit year ("１４年", "４１年以降") left unmatched against a four-digit year
    ("2018") that is unmatched too: had they been the same year, they would have matched."""
    ma, mb = _months(ua), _months(ub)
    if ma and mb and not {f.value for f in ma} & {f.value for f in mb}:
        return ma[0], mb[0]
    for short, full in ((_short_years(ua), ub), (_short_years(ub), ua)):
        years = [f for f in full if f.kind == "year" and not f.soft]
        if short and years and not {f.value for f in short} & {f.value for f in years}:
            return (short[0], years[0]) if any(f is short[0] for f in ua) else (years[0], short[0])
    return None


def in_brackets(text: str, f: Fact) -> bool:
    """Whether every mention of ``f`` in ``text`` stands in brackets: "(6,2 процента)" is an
    aside that translators leave out with no sentence dropped."""
    spots = [m.start() for m in regex.finditer(regex.escape(f.text), text)]
    return bool(spots) and all(text.rfind("(", 0, k) > text.rfind(")", 0, k) and
                               text.find(")", k) != -1 and (text.find("(", k) == -1 or
                                                            text.find(")", k) < text.find("(", k))
                               for k in spots)


def _digits(text: str) -> str:
    return "".join(filter(str.isdigit, text))


def _thousandfold(x: float, y: float) -> bool:
    """One value a power of 1000 times the other: the digits read with the decimal and the
    group separator swapped ("1.099" is 1099 in French, 1.099 in English)."""
    r = max(abs(x), abs(y)) / min(abs(x), abs(y))
    return any(abs(r - 1000.0 ** k) < 1e-6 * 1000.0 ** k for k in (1, 2))


def _rounded(x: float, y: float) -> bool:
    """One figure the other rounded to a whole number ("38,3 %" / "38 Prozent")."""
    whole, part = (x, y) if float(x).is_integer() else (y, x)
    return float(whole).is_integer() and not float(part).is_integer() and \
        whole in (int(part), round(part)) and abs(part) >= 10


def written_alike(fa: Fact, fb: Fact, na: float, nb: float) -> bool:
    """Two figures of different value that state one thing the way a translation writes it
    (the changes drift-dev and the unseen pairs inject alter the digits: "23" -> "43")."""
    same_digits = _digits(fa.text) == _digits(fb.text)
    if (fa.mantissa is None) != (fb.mantissa is None):
        # a scale word one extractor did not know ("766.050 mio." in Italian): compare the digits
        ma = fa.mantissa if fa.mantissa is not None else na
        mb = fb.mantissa if fb.mantissa is not None else nb
        if abs(ma - mb) < 1e-9 or same_digits:
            return True  # "CHF 238.940 mio." / "CHF 238.940 million": a scale word read on one side only
    if fa.mantissa and fb.mantissa and same_digits and abs(na / fa.mantissa - nb / fb.mantissa) < 1e-6 * abs(na / fa.mantissa):
        return True  # the same digits and scale, a separator read two ways ("194.510 mio." in French)
    if na and nb and fa.kind == fb.kind and fa.mantissa is None and fb.mantissa is None and same_digits and \
            any(c in fa.text + fb.text for c in ".,") and _thousandfold(na, nb):
        return True  # "1.099%" copied into a French version, where "." groups thousands
    kinds = {fa.kind, fb.kind}
    # a fall or a cold written out ("ein Rückgang um 11,5 Prozent", "moins 123 degrés") against its sign
    if kinds <= set(FIGURE_KINDS) and na and abs(na + nb) < 1e-9:
        return True
    # a translation rounds ("38,3 %" / "38 Prozent"); counts under ten are left alone: "1,5" / "2"
    if len(kinds) == 1 and kinds <= set(FIGURE_KINDS) and fa.unit == fb.unit and _rounded(na, nb):
        return True
    # a year in two digits ("'22", "les années 90") against the year in four
    if kinds == {"number", "year"}:
        n, y = (na, nb) if fa.kind == "number" else (nb, na)
        return 10 <= n < 100 and float(n).is_integer() and int(y) % 100 == int(n)
    return False
