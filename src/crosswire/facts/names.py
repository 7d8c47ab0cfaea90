"""Proper names and acronyms: the tokens a translation usually leaves as they are.

Across languages one name comes in several spellings: with or without accents ("Zürich" /
"Zurich"), transliterated ("Путин" / "Putin", "Ζελένσκι" / "Zelenski"), inflected ("Putins",
"Путина", "Kunshans").  :func:`name_key` maps all of them to one ASCII form and
:func:`same_name` tolerates the inflectional endings, so "the same name" means the same thing
whichever script and case a language writes it in.
"""
from __future__ import annotations

import difflib
import os
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import regex

from .types import Fact

_to_ascii: Callable[[str], str] | None
try:  # transliteration of every script to ASCII (Cyrillic, Greek, CJK...)
    from anyascii import anyascii as _to_ascii
except ImportError:  # pragma: no cover - without it names still meet within the Latin script
    _to_ascii = None

# A capitalised word (with inner capitals: "ElCom", "PostFinance"), an acronym, or a code ("F-35A").
# Letters of a caseless script end a name: Japanese runs words together without spaces, so
# "MNPが導入された" is the name "MNP" and then a verb (drift-scripts, yahoo-ja).
CASELESS_LETTERS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Arabic}\p{Hebrew}\p{Thai}"
_WL = rf"[[\p{{L}}\p{{M}}]--[{CASELESS_LETTERS}]]"  # a letter of a cased (or other) script
_WLN = rf"[[\p{{L}}\p{{M}}\p{{N}}]--[{CASELESS_LETTERS}]]"
_NAME = regex.compile(rf"(?V1)(?<!{_WLN})(\p{{Lu}}{_WL}*(?:[-‐][\p{{Lu}}\p{{N}}]{_WLN}*)*)(?:['’]s)?(?!{_WL})")
# Latin-script words inside text of a caseless script (Chinese, Japanese, Arabic...): brand and
# person names are kept in Latin letters there ("特斯拉 Tesla", "شركة Nestlé").
_LATIN = regex.compile(rf"(?V1)(?<!{_WLN})(\p{{Latin}}[\p{{Latin}}\p{{M}}\p{{N}}-]*)(?!{_WL})")
# English articles and pronouns are capitalised only where a sentence starts -- also where a
# headline runs into the lead without a stop ("... Naval Parade The president took ...",
# drift-scripts-dev ru-en) -- and are never a name.
_FUNCTION_WORDS = frozenset("The An He She It They We This That These Those His Her Its Their Our".split())
_CASELESS = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Arabic}\p{Hebrew}\p{Thai}]")


def fold(token: str) -> str:
    """Case- and accent-free form, so "Zürich"/"Zurich" and "ÖVP"/"OeVP"-like pairs meet more often."""
    base = unicodedata.normalize("NFKD", token.casefold())
    return "".join(c for c in base if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def name_key(token: str) -> str:
    """ASCII, case-free, letters and digits only: one key per name whatever the script."""
    base = fold(token)
    if _to_ascii is not None and not base.isascii():
        base = _to_ascii(base).casefold()
    return "".join(c for c in base if c.isalnum())


def same_name(x: str, y: str) -> bool:
    """Whether two name keys (see :func:`name_key`) are one name, inflected or transliterated."""
    if x == y:
        return True
    if not x or not y or x[0] != y[0]:
        return False
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    if len(short) < 4:  # short keys match whole only: "Rat" is not "Rats", "Ratio" or "Rathaus"
        return False
    # Inflection adds a few letters ("Kunshan" / "Kunshans", "Путин" / "Путиным") or swaps the
    # last one ("Путина" / "Путину"); a shorter shared stem is a different word ("Partei" / "partiti").
    if long_.startswith(short) and len(long_) - len(short) <= 3:
        return True
    common = len(os.path.commonprefix([short, long_]))
    if len(short) >= 5 and common >= len(short) - 1 and len(long_) - len(short) <= 2:
        return True
    # transliterations of a long name differ in a letter or two ("Zelenskyy" / "Zelenskyi")
    return len(short) >= 6 and len(long_) - len(short) <= 3 and _similar(x, y) >= 0.8


def _similar(x: str, y: str) -> float:
    sm = difflib.SequenceMatcher(None, x, y, autojunk=False)
    # the cheap upper bounds rule out most pairs before the full comparison
    if sm.real_quick_ratio() < 0.8 or sm.quick_ratio() < 0.8:
        return 0.0
    return sm.ratio()


def is_acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2


def is_initialism(token: str) -> bool:
    """An acronym proper ("BAG", "LPTh", "PfP"), not one word with as many small letters as
    capitals ("ANYmal", "KliK", "ElCom"): such a word is a name written the same in every
    language, not letters a translation replaces.  Hyphenated words stay as :func:`is_acronym`
    counts them ("FAC-N"; "Douanne-Daucher" / "Twann-Tüscherz", one place in two languages)."""
    if not is_acronym(token):
        return False
    if "-" in token:
        return True
    return sum(c.isupper() for c in token) > sum(c.islower() for c in token)


def extract_names(text: str) -> list[Fact]:
    """Capitalised words, acronyms and codes; in caseless scripts, the Latin-script words.
    Sentence-initial words are included: whether one is a name is for the caller to judge."""
    out = []
    for m in _NAME.finditer(text):
        tok = m.group(1)
        if len(tok) < 2 or tok in _FUNCTION_WORDS:
            continue
        out.append(Fact("name", tok, m.start(1), m.end(1), fold(tok)))
    if _CASELESS.search(text):
        seen = {f.start for f in out}
        for m in _LATIN.finditer(text):
            tok = m.group(1)
            if len(tok) >= 2 and m.start(1) not in seen:
                out.append(Fact("name", tok, m.start(1), m.end(1), fold(tok)))
        out.sort(key=lambda f: f.start)
    return out
