"""Per-language words around figures, read from CLDR (Babel) and dateparser's language data.

Nothing here is a hand-made vocabulary of scale words, currencies or units: CLDR's compact
decimal formats give ``Milliarden``/``Mrd.``/``亿``, its currency display names give ``Franken``/
``yuan``, its unit patterns give ``Quadratmetern``/``Minuten``.  The few things CLDR lacks (``Fr.``
for Swiss francs, ``元``, English ``bn``) are listed in ``SUPPLEMENT`` with the reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import regex
from babel import Locale, UnknownLocaleError

from .numerals import numerals

# Currencies worth recognising by name; the order breaks ties ("dollar" -> USD, "franc" -> CHF).
CURRENCIES = ("CHF", "EUR", "USD", "CNY", "GBP", "JPY", "RUB", "INR", "BRL", "CAD", "AUD", "SEK",
              "NOK", "DKK", "PLN", "CZK", "HUF", "TRY", "SAR", "AED", "KRW", "MXN", "ZAR", "HKD",
              "UAH", "HRK", "ISK")

# CLDR unit ids we attach to figures; imperial units are left out because their short forms
# ("in", "ft") collide with ordinary words after numbers.
UNITS = ("length-kilometer", "length-meter", "length-centimeter", "length-millimeter",
         "area-square-meter", "area-square-kilometer", "area-hectare", "volume-liter",
         "volume-cubic-meter", "mass-kilogram", "mass-gram", "mass-tonne", "mass-metric-ton",
         "duration-second", "duration-minute", "duration-hour", "duration-day", "duration-week",
         "duration-month", "duration-year", "speed-kilometer-per-hour", "energy-kilowatt-hour",
         "power-watt", "power-kilowatt", "power-megawatt", "power-gigawatt", "temperature-celsius",
         "digital-gigabyte", "digital-megabyte")

SUPPLEMENT: dict[str, dict[str, tuple[str, object]]] = {
    # Swiss usage ("Fr. 100.–", "SFr.") is not in CLDR, whose CHF symbol is just "CHF".
    "*": {"Fr.": ("currency", "CHF"), "SFr.": ("currency", "CHF"), "sFr.": ("currency", "CHF"),
          "元": ("currency", "CNY"), "美元": ("currency", "USD"), "欧元": ("currency", "EUR"),
          "%": ("percent", "%"), "％": ("percent", "%"), "‰": ("percent", "‰")},
    # English newswire abbreviations that CLDR's compact forms ("B", "M") do not cover.
    # British "per cent" (CLDR writes "percent").
    "en": {"bn": ("scale", 1e9), "mn": ("scale", 1e6), "mln": ("scale", 1e6), "per cent": ("percent", "%")},
    # CLDR's Japanese name is "米ドル"; news writes "ドル" (and "億ドル") for dollars.
    "ja": {"ドル": ("currency", "USD")},
    # Swiss usage (issue 16): the federal releases abbreviate Milliarden "Mia." in German and
    # write "mio." / "mia." / "mrd." in French and Italian (releases-dev: 434 "Mio."/"mio.", 53
    # "Mia."/"mia."), where CLDR has "Mrd.", "Md", "Mld" only.  Read as plain numbers, a swap
    # "Mio." -> "Mia." left both sides at 3.4 and matched.  Dotted forms only: Italian "mio" and
    # "mia" are also "my".  CLDR spells "percento" / "porciento" only; texts use both.
    "de": {"Mia.": ("scale", 1e9)},
    "fr": {"mio.": ("scale", 1e6), "mia.": ("scale", 1e9), "mrd.": ("scale", 1e9), "Mio.": ("scale", 1e6),
           "Mia.": ("scale", 1e9), "Mrd.": ("scale", 1e9)},
    "it": {"mio.": ("scale", 1e6), "mia.": ("scale", 1e9), "mrd.": ("scale", 1e9), "Mio.": ("scale", 1e6),
           "Mia.": ("scale", 1e9), "Mrd.": ("scale", 1e9), "per cento": ("percent", "%")},
    "es": {"por ciento": ("percent", "%")},
    # Croatian news abbreviates milijarda "mlrd." (CLDR: "mlr."), and kuna "kn"; Ukrainian writes
    # the hryvnia "грн" (issue 16, scripts: "1,2 mlrd. kn", "2,5 млрд грн" read as 1.2 and 2.5)
    "hr": {"mlrd.": ("scale", 1e9), "mlrd": ("scale", 1e9), "kn": ("currency", "HRK")},
    "uk": {"грн": ("currency", "UAH"), "грн.": ("currency", "UAH")},
}

# Prepositions between a scale word and its currency ("milliard d'euros", "milioni di franchi").
CONNECTORS = ["d['’]", "de", "di", "of", "del", "do", "da"]

# Connectors of a period ("2022 bis 2025"); too few and too stable to be worth a data source.
PERIOD_WORDS = {
    "en": ["to", "until", "through"], "de": ["bis", "bis zum"], "fr": ["à", "au"],
    "it": ["al", "a"], "es": ["a", "al", "hasta"], "pt": ["a", "até"],
    "nl": ["tot", "t/m"], "ru": ["по", "до"], "zh": ["至", "到"], "ar": ["إلى", "حتى"],
}

# Month names read without knowing the language (the linker meets every language in one
# index): a hand table of the seven languages crosswire meets most plus the usual
# abbreviations.  Not CLDR's union: its short forms include Portuguese "set"/"out", which would
# make "5 out of 10" a date.  Moved here from link/figures.py unchanged (issue 13).
MONTH_NUMBERS: dict[str, int] = {}
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
        MONTH_NUMBERS.setdefault(_name, _i + 1)
#: English abbreviations (plus German/Austrian ones) news writes after or before a day number.
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12}
MONTH_NUMBERS.update({"jänner": 1, "feber": 2, "okt": 10, "dez": 12, **MONTH_ABBREVIATIONS})
#: English month names as written (capitalised): a capitalised word that is a month is no name.
ENGLISH_MONTHS: tuple[str, ...] = tuple(
    n.capitalize() for n in "january february march april may june july august september october "
                            "november december".split())


@dataclass(slots=True)
class Lexicon:
    lang: str
    after: dict[str, tuple[str, object]] = field(default_factory=dict)   # words after a number
    before: dict[str, tuple[str, object]] = field(default_factory=dict)  # symbols before a number
    number_words: dict[str, int] = field(default_factory=dict)
    decimal: str = "."
    group: str = ","
    months: dict[str, int] = field(default_factory=dict)
    after_re: regex.Pattern[str] | None = None
    before_re: regex.Pattern[str] | None = None


def _locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def _strip_pattern(pattern: str) -> str:
    return pattern.replace("{0}", "").replace("'", "").strip(" \u00a0\u202f")


def _scale_words(loc: Locale, out: dict[str, tuple[str, object]]) -> None:
    formats = loc.compact_decimal_formats
    for length in ("long", "short"):
        try:
            forms = formats[length]
        except KeyError:
            continue
        for mags in forms.values():
            for mag, pat in mags.items():
                word = ("".join(pat.prefix[0]) + "".join(pat.suffix[0])).replace("'", "").strip(" \u00a0\u202f")
                zeros = str(pat.pattern).count("0")
                if not word or zeros == 0:
                    continue  # "mille" with no digits is a number word, not a multiplier
                out.setdefault(word.replace("\u00a0", " "), ("scale", float(int(mag) // 10 ** (zeros - 1))))


def _currency_words(loc: Locale, out: dict[str, tuple[str, object]], before: dict[str, tuple[str, object]]) -> None:
    # Every word of a name counts ("Schweizer Franken" -> "Franken"): a country adjective right
    # after a figure ("3 Chinese firms") is rare, and figures match by value, not by unit.
    plural = loc._data.get("currency_names_plural", {})
    for code in reversed(CURRENCIES):  # earlier codes overwrite later ones
        names = {loc.currencies.get(code) or ""} | set(dict(plural.get(code, {})).values())
        for name in filter(None, names):
            out[name] = ("currency", code)
            for word in name.split():
                if len(word) >= 3:
                    out[word] = ("currency", code)
        sym = loc.currency_symbols.get(code)
        for s in {code, sym} - {None}:
            before[s] = ("currency", code)
            out[s] = ("currency", code)


def _unit_words(loc: Locale, out: dict[str, tuple[str, object]]) -> None:
    patterns = loc._data.get("unit_patterns", {})
    for unit in UNITS + ("concentr-percent",):
        kind, value = ("percent", "%") if unit == "concentr-percent" else ("unit", unit.split("-", 1)[1])
        for length in ("long", "short", "narrow"):
            try:
                forms = patterns[unit][length]
            except KeyError:
                continue
            for form, pat in dict(forms).items():
                if form == "per":
                    continue
                word = _strip_pattern(pat)
                # single letters other than metric symbols collide with words ("a", "s", "j")
                if word and (len(word) > 1 or word in "mhtgl") and not word.isdigit():
                    out.setdefault(word.replace("\u00a0", " "), (kind, value))


def _number_words(lang: str) -> dict[str, int]:
    """Small numbers written out ("fünf", "deux"): from dateparser's per-language data."""
    try:
        from dateparser.data import language_locale_dict  # noqa: F401  (presence check)
        from dateparser.languages.loader import default_loader
        info = default_loader.get_locale(lang).info
    except Exception:  # language unknown to dateparser
        return {}
    words: dict[str, int] = {}
    for item in info.get("simplifications", []):
        for key, val in item.items():
            if isinstance(val, str) and val.isdigit() and re.fullmatch(r"[^\W\d_]+", key):
                words[key.casefold()] = int(val)
    return words


def _months(loc: Locale) -> dict[str, int]:
    out: dict[str, int] = {}
    for ctx in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            try:
                names = loc.months[ctx][width]
            except KeyError:
                continue
            for num, name in names.items():
                out[name.casefold()] = num
                out[name.casefold().rstrip(".")] = num
    return out


def _alternation(keys: list[str]) -> str:
    return "|".join(regex.escape(k) for k in sorted(keys, key=len, reverse=True))


@lru_cache(maxsize=64)
def lexicon(lang: str | None) -> Lexicon:
    """Everything language-specific the extractor needs, built once per language."""
    lang = (lang or "en").split("-")[0].split("_")[0].lower()
    lex = Lexicon(lang)
    for code in dict.fromkeys(["en", lang]):  # English symbols and codes appear in every language
        loc = _locale(code)
        if loc is None:
            continue
        _scale_words(loc, lex.after)
        _currency_words(loc, lex.after, lex.before)
        _unit_words(loc, lex.after)
        lex.months.update(_months(loc))
    for code in ("*", lang):
        for k, v in SUPPLEMENT.get(code, {}).items():
            lex.after.setdefault(k, v)
            if v[0] == "currency":
                lex.before.setdefault(k, v)
    loc = _locale(lang)
    if loc is not None:
        syms = loc.number_symbols.get("latn", {})
        lex.decimal, lex.group = syms.get("decimal", "."), syms.get("group", ",")
    # dateparser's words first; the closed lexicon adds the case forms and the tens it lacks
    lex.number_words = numerals(lang) | _number_words(lang)
    # Long words also match in other cases ("Milliarden"/"milliarden" after a hyphen).
    keys = list(lex.after)
    for k in list(keys):
        if len(k) > 3:
            keys.extend({k.casefold(), k[:1].upper() + k[1:]} - {k})
            lex.after.setdefault(k.casefold(), lex.after[k])
            lex.after.setdefault(k[:1].upper() + k[1:], lex.after[k])
    cjk = r"(?<=[\p{Han}\p{Hiragana}\p{Katakana}])"
    # Long words may carry a case ending CLDR does not list ("Quadratmetern", "миллиардов").
    # A symbol glued to an apostrophe is an elided article or pronoun, not a unit: "en 2023
    # l'entreprise", "febbraio del 2023 l'ufficio" read as 2023 litres (drift_synth seed 43).
    infl = [k for k in keys if len(k) >= 5 and k.isalpha()]
    lex.after_re = regex.compile(
        r"[ \u00a0\u202f]?(?:(?:" + "|".join(CONNECTORS) + r")[ \u00a0\u202f]?)?"
        r"(?:(?P<w>" + _alternation(infl) + r")\p{Ll}{0,3}(?![\p{L}\p{N}])"
        r"|(?P<w>" + _alternation(keys) + r")(?:(?<=\W)|" + cjk + r"|(?![\p{L}\p{N}'’])))")
    lex.before_re = regex.compile(r"(?:^|(?<![\p{L}]))(" + _alternation(list(lex.before)) + r")[ \u00a0\u202f]?$")
    return lex
