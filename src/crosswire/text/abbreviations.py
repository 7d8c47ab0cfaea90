"""Per-language abbreviation data for the sentence splitter.

Kept as data, not code, so a language is added by adding a line.  The lists are small on
purpose: single letters ("M.", "S.") and dotted forms ("z.B.", "U.S.", "p.a.") are caught by
shape in :mod:`.sentences`, and a period followed by a lowercase word never ends a sentence,
so a list only needs the abbreviations that are usually followed by a capital or a digit.
Candidates were mined from releases-dev (tokens before "." counted by what follows them) and
checked by hand.

Three kinds, because "never a boundary" is wrong for most of them:

* ``ALWAYS``: titles and connectives that precede a name or clause ("Dr.", "bzw.", "vs.").
* ``NUMERIC``: only before a number ("Nr. 5", "Art. 22", "Nov. 11"); otherwise they end
  sentences as often as not ("... in Art. Die ..." is rare, "... said no. The" is common).
* ``SCALE``: "Mio."/"Mrd." and friends, not a boundary before a unit or currency word
  ("1,5 Mio. Franken") but a boundary otherwise ("... rund CHF 400 Mio. Das PSI ist ...").

Entries written in lowercase match any case ("Ca. 300" at a sentence start); entries with a
capital match exactly, so "On" (Italian onorevole) does not swallow English "... on. The".
Month abbreviations come from CLDR through babel, see :func:`month_words`.
"""
from __future__ import annotations

from functools import lru_cache

_ALWAYS: dict[str, str] = {
    "*": "Dr Dra Drs prof Pr St Ste Sr Sra Srta Mr Mrs Ms Jr Mt vs vgl cf cfr approx ca env",
    "en": "Messrs Gov Sen Rep Gen Col Lt Sgt Capt Cmdr Adm Supt Inc Corp Ltd Co Bros dept",
    "de": "bzw bspw ggf evtl inkl exkl sog resp usw zzgl abzgl gem lt Hr Hrn Eidg Dipl Ing Mag",
    "fr": "Mme Mmes MM Mlle Mgr Me resp",
    "it": "sig sigg dott ing avv geom On Rag Egr Gent",  # "il prof. Verdi": Italian titles are lowercase
    "es": "Ud Uds Lic Excmo Excma Ilmo aprox",
    "pt": "Exmo Exma Sr Sra Dr Dra aprox",
    "nl": "dhr mevr mw drs ir ing bijv resp",
    "ru": "им тов гр ул пр просп пер",
}

_NUMERIC: dict[str, str] = {
    "*": "No Nos nr nº art Abs al ch cpv Ziff lit let Bst Kap pp pag pág fig vol Tab ed",
    "en": "Ref Sec Ch Pt",
    "de": "Fr Bd Jg Hft Tel Str",
    "fr": "chap tél",
    "it": "tel",
    "es": "núm tel",
    "pt": "tel",
    "nl": "blz",
    "ru": "гг стр рис",
    "is": "kl",  # "kl. 15 í dag": klukkan, the hour (drift-scripts-dev is-en)
}

_SCALE: dict[str, str] = {
    "*": "mio mrd mia md mld tsd Bio",
    "ru": "млн млрд тыс руб",
    "uk": "млн млрд тис грн",
    "hr": "mil mlrd tis",
}

# Abbreviations that end a list and so may end a sentence ("и т. д.", "u. s. w."): the
# single-letter rule must not hold them back.
LIST_ENDS = frozenset({"т. д", "т.д", "т. п", "т.п", "u. s. w", "u.s.w"})

# Capitalised words after which "Mio." is mid-sentence: German capitalises these nouns.
UNIT_WORDS = frozenset(
    "Franken Fr CHF Euro EUR Dollar USD US-Dollar Yuan RMB Pfund GBP Yen Rubel Tonnen Menschen Personen "
    "Einwohner Besucher Kunden Nutzer Haushalte Arbeitsplätze Stellen Kilometer Liter Kilowattstunden "
    "Francs Dollars Euros".split())

# Words before a German-style ordinal ("am 7. Januar", "zum 3. Mal", "im 20. Jahrhundert").
ORDINAL_CONTEXT: dict[str, frozenset[str]] = {
    "de": frozenset("am vom zum zur bis ab seit dem den der des die das im ins beim per und oder "
                    "bzw jeweils spätestens frühestens ersten seiner seinem seine ihrer ihrem ihre "
                    "einer einem eines unserer unserem an".split()),
}
ORDINAL_HEADS = frozenset(
    "Jahrhundert Jahrtausend Stock Stockwerk Klasse Liga Platz Mal Runde Etappe Quartal Halbjahr "
    "Lesung Säule Kapitel Auflage Ausgabe Lebensjahr Geburtstag Jahrestag Weltkrieg Stufe Welle "
    "Teil Mai Sitzung Session Tag Woche Monat Durchgang Wahlgang Spieltag Kalenderwoche Stelle Rang "
    "Position Ausgabe Berliner".split())

# Languages that write ordinals as "7." and therefore dates as "7. Januar".
ORDINAL_DOT_LANGS = frozenset("de da no nb nn fi is cs sk sl hr sr bs pl hu et lv lt tr".split())

def _table(source: dict[str, str], lang: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """(exact entries, lowercase entries) for ``lang``; ``None`` takes every language's list."""
    keys = ["*", lang] if lang in source else (["*"] if lang else list(source))
    words = {w for k in keys for w in source.get(k, "").split()}
    return (frozenset(w for w in words if not w.islower()), frozenset(w for w in words if w.islower()))


@lru_cache(maxsize=64)
def abbreviations(lang: str | None) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    numeric = _table(_NUMERIC, lang)
    months = month_words(lang)
    return {"always": _table(_ALWAYS, lang),
            "numeric": (numeric[0], numeric[1] | months),
            "scale": _table(_SCALE, lang)}


def kind_of(token: str, lang: str | None) -> str | None:
    """'always' / 'numeric' / 'scale' when ``token`` (without its final period) is listed."""
    shout = token.capitalize() if token.isupper() else token  # "MR. PETE" in an all-caps title
    for kind, (exact, lower) in abbreviations(lang).items():
        if token in exact or shout in exact or token.lower() in lower:
            return kind
    return None


@lru_cache(maxsize=64)
def month_words(lang: str | None) -> frozenset[str]:
    """Lowercased month names and abbreviations (CLDR via babel), dots stripped."""
    from babel.dates import get_month_names

    langs = [lang] if lang else ["en", "de", "fr", "it", "es", "pt", "nl"]
    out: set[str] = set()
    for code in langs:
        try:
            for width in ("wide", "abbreviated"):
                for context in ("format", "stand-alone"):
                    out.update(m.lower().rstrip(".") for m in get_month_names(width, context, locale=code).values())
        except Exception:  # babel raises UnknownLocaleError/ValueError for codes it lacks
            continue
    return frozenset(m for m in out if m and not m[0].isdigit())
