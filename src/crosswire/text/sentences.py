"""Rule-based sentence splitting that returns character spans, never rewritten text.

Spans, because ``compare`` and the web view highlight the original characters; rules rather
than a trained model, because the text we get is messy in ways no treebank is (sentences glued
without a space by careless copy-paste, footers stuck to the last sentence) and every rule here
is one a reviewer can check against a real example.

A candidate boundary is a run of terminal punctuation plus any closing quotes/brackets.  It
becomes a boundary when what follows looks like a sentence start and what precedes is not an
abbreviation, an initial or an ordinal number.  Line breaks are boundaries unless the next line
starts in lowercase (hard-wrapped text).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from .abbreviations import (
    LIST_ENDS,
    ORDINAL_CONTEXT,
    ORDINAL_DOT_LANGS,
    ORDINAL_HEADS,
    UNIT_WORDS,
    kind_of,
    month_words,
)

_TERMINAL = re.compile(r"[.!?…؟。！？｡।۔‼⁇⁈⁉]+")
# These end a sentence whatever follows: CJK text has no spaces and no case to look at.
_HARD = set("。！？｡")
_CLOSERS = set("\"'”’»)]}」』）】〉》›")
_CJK_CLOSERS = set("」』）")
_KANA = re.compile(r"[\u3041-\u309f]")  # hiragana: particles and endings, never a sentence's start
_OPENERS = set("\"'“‘„«([{「『（【〈《‹¿¡")
# Dashes and bullets may stand between a boundary and the next sentence's first letter.
_LEADERS = _OPENERS | set("-–—•*·")
_SPACES = " \t\u00a0\u202f\u2009\u2007\u3000"
_DOTTED = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")
_URLISH = re.compile(r"://|www\.|@|\.[a-z]{2,4}/", re.I)
_WORD = re.compile(r"[^\W_][\w’'-]*")
_ROMAN = re.compile(r"[IVXLC]{2,6}")
# "21.-23. Juni", "4./5. Juli": a range of ordinal days, whose last number is the ordinal
_NUMBER_RANGE = re.compile(r"\d{1,2}\.?[-–—−/]\d{1,2}")
# Languages that capitalise common nouns: a capital after "Mio." may be the unit ("Mio. Franken").
NOUN_CAPITAL_LANGS = frozenset({"de", "lb"})
_CURRENCY_BEFORE = re.compile(r"(?:CHF|EUR|USD|GBP|Fr\.|SFr\.|€|\$|£)\s*[\d'’.,]+$")


def split_sentences(text: str, lang: str | None, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` into ``text`` (plus ``offset``), stripped of whitespace.

    ``lang`` (ISO 639-1, or ``None`` when unknown) selects abbreviation lists and the German
    ordinal rule; unknown languages get the union of all lists.
    """
    lang = _norm_lang(lang)
    spans: list[tuple[int, int]] = []
    start = 0
    for end in sorted(set(_boundaries(text, lang))) + [len(text)]:
        if end <= start:
            continue
        s, e = _strip(text, start, end)
        if s < e and any(ch.isalnum() for ch in text[s:e]):
            spans.append((s + offset, e + offset))
        elif spans and s < e:
            # a stray closer or dash after a boundary belongs to the sentence before it
            spans[-1] = (spans[-1][0], e + offset)
        start = end
    return spans


def _norm_lang(lang: str | None) -> str | None:
    if not lang or lang == "und":
        return None
    return lang.split("-")[0].split("_")[0].lower()


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _boundaries(text: str, lang: str | None) -> Iterator[int]:
    last = len(text.rstrip())  # a terminal at the very end needs no boundary
    for m in _TERMINAL.finditer(text):
        a, b = m.start(), m.end()
        end = _consume_closers(text, b)
        if end >= last:
            continue
        # 「本当か？」と言った: a quotation closed and followed by a particle (kana) is part of
        # the sentence that quotes it
        if end > b and text[end - 1] in _CJK_CLOSERS and _KANA.match(text, end):
            continue
        if _is_boundary(text, a, b, end, lang):
            yield end
    yield from _line_breaks(text)


def _consume_closers(text: str, j: int) -> int:
    """Position after closing quotes/brackets that belong to the sentence ending at ``j``."""
    n = len(text)
    while j < n:
        if (text[j] in _CLOSERS and not _opens_next(text, j)) or _closes_low_quote(text, j):
            j += 1
            continue
        # French "fin. »" puts a space before the closing guillemet
        k = j
        while k < n and text[k] in _SPACES:
            k += 1
        if k > j and k < n and text[k] in "»”" and (k + 1 >= n or text[k + 1].isspace() or text[k + 1] in _CLOSERS):
            j = k + 1
            continue
        break
    return j


def _closes_low_quote(text: str, j: int) -> bool:
    """“ and ‘ close German „…“ / ‚…‘ quotes but open English and Chinese ones: they close
    only when the nearest quote mark before them is the low opening one."""
    pairs = {"“": ("„", "“”"), "‘": ("‚", "‘’")}
    if text[j] not in pairs:
        return False
    low, others = pairs[text[j]]
    window = text[max(0, j - 1000):j]
    return window.rfind(low) > max(window.rfind(c) for c in others)


def _opens_next(text: str, j: int) -> bool:
    """An ASCII quote after a terminal and a space opens the next sentence: '. "We'."""
    ch = text[j]
    return ch in "\"'" and j > 0 and text[j - 1].isspace() and j + 1 < len(text) and text[j + 1].isalnum()


def _is_boundary(text: str, a: int, b: int, end: int, lang: str | None) -> bool:
    term = text[a:b]
    if any(ch in _HARD for ch in term):
        return True
    k = end
    while k < len(text) and text[k].isspace():
        k += 1
    gap = text[end:k]
    if "\n" in gap:
        return True
    q = k
    while q < len(text) and q - k < 4 and (text[q] in _LEADERS or (q > k and text[q] in _SPACES)):
        q += 1
    if q >= len(text):
        return False
    nxt = text[q]
    token = _token_before(text, a)
    if not gap:
        return _glued_boundary(text, term, token, q, lang)
    if not _starts_sentence(nxt):
        return False
    if term.strip(".") or "…" in term or len(term) >= 3:
        # "!", "?", "...": only a lowercase continuation (already excluded) keeps them inside
        return True
    return not _period_is_inside(token, text, q, lang)


def _starts_sentence(ch: str) -> bool:
    if ch.isupper() or ch.isdigit():
        return True
    if ch.isalpha():
        return ch.lower() == ch.upper()  # uncased scripts: CJK, Arabic, Hebrew, Thai...
    return unicodedata.category(ch) == "Sc"  # "$5 million was..."


def _token_before(text: str, a: int) -> str:
    t = a
    while t > 0 and not text[t - 1].isspace():
        t -= 1
    token = text[t:a]
    i = 0
    while i < len(token) and (token[i] in _OPENERS or token[i] in "-–—"):
        i += 1
    return token[i:]


def _next_word(text: str, q: int) -> str:
    m = _WORD.match(text, q)
    return m.group(0) if m else ""


def _period_is_inside(token: str, text: str, q: int, lang: str | None) -> bool:
    """True when the "." after ``token`` belongs to an abbreviation, initial or ordinal."""
    if not token:
        return False
    core = re.split(r"['’]", token.rstrip("."))[-1]  # "l'art. 5", "d'env. 3 %"
    if _ends_list(text, q, core):
        return False
    if len(core) == 1 and core.isalpha():
        return True  # initials "J. K. Rowling", "M. Macron", "z. B."
    if _DOTTED.fullmatch(core):
        return True  # "z.B.", "U.S.", "S.A.", "p.a."
    nxt = text[q]
    kind = kind_of(core, lang)
    if kind == "always":
        return True
    if kind == "numeric":
        return nxt.isdigit()
    if kind == "scale":
        return _scale_continues(text, q, lang)
    if _NUMBER_RANGE.fullmatch(core):
        core = re.split(r"[.\-–—−/]+", core)[-1]  # "Vom 21.-23. Juni", "Vom 5.−8. Juli", "am 4./5. Juli"
    if core.isdigit() or _ROMAN.fullmatch(core):
        return (len(core) <= 3 and _at_line_start(text, q, token)) or _is_ordinal(core, text, q, lang)
    return False


def _scale_continues(text: str, q: int, lang: str | None = None) -> bool:
    """After "Mio."/"Mrd.": the sentence goes on into its unit ("1,5 Mio. Franken", "5,5 Mio. DH",
    "4 Mio. Impfdosen", "Mio. (0 Mio. ...)") unless a currency already stood before the number
    ("rund CHF 400 Mio. Das PSI ist ...").  Where common nouns are lower case, a capitalised word
    after it starts a sentence: "близько 1,43 млн. Правляча партія ..." (Ukrainian; the units
    follow in lower case, "1,5 млн. гривень")."""
    if text[q].isdigit() or text[q - 1] == "(" or text[q] == "(":
        return True
    unit = _next_word(text, q)
    if unit in UNIT_WORDS or (unit.isupper() and len(unit) <= 4):
        return True
    if lang is not None and lang not in NOUN_CAPITAL_LANGS and len(unit) > 1 and unit[0].isupper() \
            and unit[1].islower():
        return False
    before = text[max(0, q - 40):q].rstrip().rstrip(".")
    before = before[: before.rfind(" ")] if " " in before else before
    return not _CURRENCY_BEFORE.search(before)


def _at_line_start(text: str, q: int, token: str) -> bool:
    """"1. Modification du ..." at the start of a line is a list number, not a sentence."""
    i = text.rfind(token, 0, q) - 1
    while i >= 0 and text[i] in _SPACES:
        i -= 1
    return i < 0 or text[i] == "\n"


def _ends_list(text: str, q: int, core: str) -> bool:
    """"и т. д. Он ..." ends a sentence although "д." looks like an initial."""
    tail = text[max(0, q - 12):q].rstrip().rstrip(".")
    return any(tail.endswith(f" {e}") or tail == e for e in LIST_ENDS) and len(core) <= 5


def _is_ordinal(number: str, text: str, q: int, lang: str | None) -> bool:
    """German-style "am 7. Januar", "1. März", "im 20. Jahrhundert", "Carl XVI. Gustaf"."""
    if lang is not None and lang not in ORDINAL_DOT_LANGS:
        return False
    if _ROMAN.fullmatch(number):
        return True  # a regnal number: "World War II." ends English sentences, not German ones
    if len(number) > 2:
        return False
    word = _next_word(text, q)
    if word.lower().rstrip(".") in month_words(lang) or word in ORDINAL_HEADS:
        return True
    context = ORDINAL_CONTEXT.get(lang or "de", frozenset())
    window = text[max(0, q - 80):q].rstrip()  # a window: long texts must stay linear
    words = window[: window.rfind(number)].split()
    return bool(words) and words[-1].lstrip("".join(_OPENERS)).lower() in context


def _glued_boundary(text: str, term: str, token: str, q: int, lang: str | None) -> bool:
    """``voranzutreiben.Während``: a boundary only between two real words, never inside
    ``z.B.``, ``U.S.``, ``www.example.com``, ``3.5``, ``Nr.5`` or ``300.000``."""
    if "…" in term or len(term) > 3:
        return False
    word = _next_word(text, q)
    # the next word must look like a sentence's first word: Titlecase, at least two letters
    if len(word) < 2 or not word[0].isupper() or not word[1].islower():
        return False
    core = token.rstrip(".").rstrip("".join(_CLOSERS))  # "(siehe unten).Das"
    if not core or _URLISH.search(core) or "." in core:
        return False
    if core.isdigit():
        return len(core) >= 3 or not _is_ordinal(core, text, q, lang)
    letters = sum(ch.isalpha() for ch in core)
    if letters < 2 or not core[-1].isalpha():
        return False
    return kind_of(core, lang) is None


def _line_breaks(text: str) -> Iterator[int]:
    """A line break ends a sentence (headings, list items, footer lines) unless the next line
    continues in lowercase, which is how hard-wrapped paragraphs look."""
    for m in re.finditer(r"\n", text):
        i = m.start()
        j = m.end()
        while j < len(text) and text[j] in _SPACES:
            j += 1
        if j < len(text) and text[j].islower():
            before = text[max(0, i - 20):i].rstrip()
            if before and before[-1] not in ".!?:;…":
                continue
        yield i
