"""Evidence that a capitalised word is a name, and where it sits (compare/entities.py).

German capitalises every noun, so there capitalisation alone says little; what says more is
grammar (a noun follows an article), a neighbour the other version shares, or the word's place
between two tokens both versions write alike."""
from __future__ import annotations

from collections.abc import Sequence

from ..facts import is_acronym
from ..facts.names import name_key
from ..text.language import detect_language
from .entity_words import Tok, neighbour_word, same_word

# Languages that capitalise every noun: there a capitalised word is a name only when it looks
# like one (see name_like).  The articles are closed-class grammar, not vocabulary: a common
# noun follows one ("des Rats", "der Partei"), a person or a company mostly does not.
NOUN_CAPITALISING = {
    "de": frozenset(["der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen",
                     "im", "am", "zum", "zur", "vom", "beim", "ins", "ans", "kein", "keine", "keiner", "keines",
                     "keinem", "keinen"]),
    "lb": frozenset(["den", "d'", "dem", "der", "des", "e", "eng", "engem", "enger", "vum", "am", "um"]),
}


def capitalises_nouns(text: Sequence[str], lang: str | None) -> bool:
    """Whether a text writes its nouns with a capital: by its label, or by the language the text
    itself is in, labels being wrong now and then (13 of the 158 "en" versions of releases-dev's
    every fifth line are German, py3langid says; the README counts 3-6 such pairs per seed)."""
    return lang in NOUN_CAPITALISING or detect_language(" ".join(text))[0] in NOUN_CAPITALISING


def name_like(toks: list[Tok], i: int, articles: frozenset[str] | None, kept: bool,
              other: list[Tok], memo: dict[tuple[str, str], bool]) -> bool:
    """Whether a capitalised word is a name in a language that capitalises nouns too: an
    acronym or code, a name the other version keeps elsewhere, next to a capitalised word the
    other sentence shares ("Martin Schlegel" / "Martin Bitsch"), or at least no noun after an
    article ("des Grossen Rats")."""
    if articles is None or kept:
        return True
    t = toks[i]
    if is_acronym(t.text) or any(c.isdigit() for c in t.text):
        return True
    for d in (-1, 1):
        u = neighbour_word(toks, i, d)
        if u is not None and u.word and u.text[0].isupper() and any(same_word(u, v, memo) for v in other):
            return True
    for d in (1, 2):  # article, adjective, noun: "des Grossen Rats"
        if i - d < 0 or not toks[i - d].word:
            break
        if toks[i - d].text.casefold() in articles:
            return False
    return True


def opens_clause(text: str, tok: Tok) -> bool:
    """The word opens a quote, a line or a sentence the splitter missed ("I. Dans l'ensemble",
    "«Bislang verlief ...»"): capitalised for its place, not for being a name."""
    before = text[:tok.start].rstrip()
    return not before or before[-1] in ".!?:«\"“„‹–"


def in_exact_slot(ta: list[Tok], tb: list[Tok], i: int, j: int) -> bool:
    """Y = tb[j] between the same two tokens as X = ta[i] ("(Sustainable Development" /
    "(Nant Development"): Y fills X's place in a phrase both versions write alike."""
    if not (0 < i < len(ta) - 1 and 0 < j < len(tb) - 1):
        return False
    return all(ta[i + d].key == tb[j + d].key and (len(ta[i + d].key) >= 2 or not ta[i + d].word) for d in (-1, 1))


def bracketed(toks: list[Tok], i: int) -> bool:
    return 0 < i < len(toks) - 1 and toks[i - 1].text == "(" and toks[i + 1].text == ")"


def differing_part(x: str, y: str) -> tuple[str, str] | None:
    """The one part two hyphenated words write differently, when they have as many parts and
    share all the others ("Keller-Sutter" / "Khumnerdpetch-Sutter" -> "Keller", "Khumnerdpetch");
    the differing parts must both be capitalised words, as names are."""
    px, py = x.split("-"), y.split("-")
    if len(px) < 2 or len(px) != len(py):
        return None
    diff = [(a, b) for a, b in zip(px, py) if a.casefold() != b.casefold()]
    if len(diff) != 1:
        return None
    a, b = diff[0]
    if not (a[:1].isupper() and b[:1].isupper() and a.isalpha() and b.isalpha()):
        return None
    return a, b


# Letters that spell one sound at the start of a word in one European orthography and another
# ("Kappelen" / "Chapelle", "Zaporizhzhia" / "Saporischschja", "Jugoslawien" / "Iugoslavia"):
# a property of the writing systems, not of any data set.
_ONE_SOUND = str.maketrans({"c": "k", "q": "k", "z": "s", "j": "i", "y": "i", "w": "v"})
# A name inside a compound is still that name ("Staatsduma" / "Duma", "Bundesrat" / "Rat" is no
# name pair because both would need to be names): shorter parts say too little.
MIN_PART = 4


def cognate_start(x: str, y: str) -> bool:
    """Whether two name keys with spellings alike are one name written in two languages: they
    start with one sound (a shared ending alone is grammar: "Configuration" / "Association",
    "Angehrn" / "Lang"), or one is a whole end or start of the other (a compound)."""
    if x[:1].translate(_ONE_SOUND) == y[:1].translate(_ONE_SOUND):
        return True
    short, long_ = sorted((x, y), key=len)
    return len(short) >= MIN_PART and (long_.endswith(short) or long_.startswith(short))


# How many words before an acronym's bracket may hold the words it abbreviates, per letter:
# function words sit between them ("Secrétariat d'État à la formation, à la recherche et à
# l'innovation (SEFRI)": 12 words for 5 letters), so three per letter.
WORDS_PER_LETTER = 3


def spelled_before(toks: list[Tok], j: int, acronym: str) -> bool:
    """Whether the words before the bracket around ``toks[j]`` begin with the acronym's letters
    in order, the first of them capitalised: "European Space Agency (ESA)", "Office fédéral de
    la santé publique (OFSP)".  The bracket then names the body those words name."""
    letters = [c for c in name_key(acronym) if c.isalpha()]
    if not letters or j < 1 or toks[j - 1].text != "(":
        return False
    words = [t for t in toks[max(0, j - 1 - WORDS_PER_LETTER * len(letters)):j - 1] if t.word]
    k = len(letters) - 1
    for t in reversed(words):
        if k >= 0 and t.key[:1] == letters[k]:
            if k == 0:
                return t.text[:1].isupper()
            k -= 1
    return False


# The words the Swiss Confederation calls itself by in its four languages and English, whole
# ("Bund", "Confédération") or opening a compound ("Bundesrat", "Eidgenössische", "fédéral"):
# releases of the federal administration name it in nearly every sentence, and each language
# words it otherwise ("zwischen Bund und Kantonen" / "tra Confederazione e Cantoni"), while the
# cross-lingual word vectors put "Bund" and "Confederazione" far apart (0.4-0.5).
_STATE_WORDS = frozenset(["bund", "bundes", "eidgenossenschaft", "confederation", "confederazione",
                          "confederaziun", "federal", "federale", "federali", "federaux"])
_STATE_STARTS = ("bundes", "eidgenoss", "eidg", "confedera", "federal")


def names_the_state(key: str) -> bool:
    """Whether a name key is one of the Confederation's own names (``_STATE_WORDS``)."""
    return key in _STATE_WORDS or key.startswith(_STATE_STARTS)
