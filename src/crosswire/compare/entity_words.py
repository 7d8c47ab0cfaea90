"""Word-level tools of entity drift (compare/entities.py): tokens, spellings of one name,
and the word alignment of two sentences (the skeleton a swapped name sits in)."""
from __future__ import annotations

import bisect
import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import regex

from ..facts import extract_names
from ..facts.names import CASELESS_LETTERS as _CL, name_key, same_name

# Words, figures, and the punctuation that translations keep in place (brackets, quotes, colons).
# A word ends where the script turns caseless or back: Japanese runs them together without
# spaces ("MNPが導入された06年当初" is "MNP", then Japanese; drift-scripts, yahoo-ja).
TOKEN = regex.compile(rf"(?V1)[{_CL}][[{_CL}\p{{M}}\p{{N}}ー]]*|[\p{{L}}--[{_CL}]][[\p{{L}}\p{{M}}\p{{N}}-]--[{_CL}]]*"
                      r"|\p{N}[\p{N}.,]*|[()«»\"“”„:;]")
# Web and mail addresses: "www.seco.admin.ch" does not name the SECO in running text.
ADDRESS = regex.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b[\w-]+(?:\.[\w-]+)*\.(?:ch|com|org|net|de|fr|it|eu|int)(?:/\S*)?\b")


@dataclass(slots=True)
class Tok:
    text: str
    key: str
    start: int
    name: bool      # a proper-name candidate: capitalised, not sentence-initial
    word: bool      # letters (embedded); figures and punctuation match by spelling only
    first: bool = False  # a capitalised word opening a sentence: a name only with evidence (first_names)


def word_tokens(text: str, starts: Sequence[int]) -> list[Tok]:
    text = ADDRESS.sub(lambda m: " " * len(m.group()), text)  # keeps offsets
    names = {f.start for f in extract_names(text)}
    firsts = set()
    for s in starts:  # the first word of every sentence is capitalised whatever it is
        m = TOKEN.search(text, s)
        if m:
            firsts.add(m.start())
    out = []
    for m in TOKEN.finditer(text):
        tok = m.group()
        word = tok[0].isalpha()
        key = name_key(tok) if tok[0].isalnum() else tok
        # a word in capitals opens a sentence as a name ("ODGER 2022 in Pontresina"): no
        # sentence start writes a common word that way
        first = word and m.start() in names and m.start() in firsts and not upper_word(tok)
        out.append(Tok(tok, key, m.start(), word and m.start() in names and not first, word, first))
    return out


def upper_word(tok: str) -> bool:
    """A word of two or more letters, all of them capitals ("SECO", "ODGER"; not "ElCom")."""
    letters = [c for c in tok if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@lru_cache(maxsize=65536)
def _letters(key: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in key:
        out[c] = out.get(c, 0) + 1
    return out


def same_key(x: str, y: str) -> bool:
    """``same_name(x, y)``, without difflib where it cannot say yes: same_name holds for keys
    one of which starts with the other, or nearly (all but a letter), or for spellings at least
    0.8 alike by difflib's ratio, which the letters the keys share bound from above (difflib's
    own quick_ratio, counted here from cached letter counts)."""
    if x != y and x and y and len(os.path.commonprefix([x, y])) < min(len(x), len(y)) - 1:
        lx, ly = _letters(x), _letters(y)
        if 2.0 * sum(min(n, ly.get(c, 0)) for c, n in lx.items()) / (len(x) + len(y)) < 0.8:
            return False
    return same_name(x, y)


def same_word(x: Tok, y: Tok, memo: dict[tuple[str, str], bool]) -> bool:
    """One name in both tokens (figures and punctuation: one spelling).  ``memo`` keeps
    same_name's answers for the comparison: a sentence pair asks about the same words again and
    again.  The cheap tests are same_name's own: a short key matches whole only, a longer one
    needs the same first letter and at most three letters more or less."""
    kx, ky = x.key, y.key
    if kx == ky:
        return True
    if not (x.word and y.word) or len(kx) < 4 or len(ky) < 4 or kx[0] != ky[0] or abs(len(kx) - len(ky)) > 3:
        return False
    r = memo.get((kx, ky))
    if r is None:
        r = memo[(kx, ky)] = same_key(kx, ky)
    return r


def name_chain(links: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain of links increasing on both sides (word order kept)."""
    links = sorted(links)
    tails: list[int] = []
    tail_b: list[int] = []
    prev = [-1] * len(links)
    for k, (_, b) in enumerate(links):
        i = bisect.bisect_left(tail_b, b)
        if i > 0:
            prev[k] = tails[i - 1]
        if i == len(tails):
            tails.append(k)
            tail_b.append(b)
        else:
            tails[i], tail_b[i] = k, b
    out = []
    k = tails[-1] if tails else -1
    while k >= 0:
        out.append(links[k])
        k = prev[k]
    return out[::-1]


def _stem(t: Tok) -> str:
    # inflected forms of one name share their first letters ("Bundesrat" / "Bundesrats")
    return t.key[:6] if t.word and len(t.key) >= 4 else t.key


def word_links(ta: list[Tok], tb: list[Tok], sim: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Word links across: same spelling first, in order (a repeated bracket links to its own
    twin, not the first one), then mutual best cross-lingual similarity among the rest."""
    sm = difflib.SequenceMatcher(None, [_stem(t) for t in ta], [_stem(t) for t in tb], autojunk=False)
    links = [(m.a + k, m.b + k) for m in sm.get_matching_blocks() for k in range(m.size)]
    free_a = sorted(set(range(len(ta))) - {i for i, _ in links})
    free_b = sorted(set(range(len(tb))) - {j for _, j in links})
    if free_a and free_b:
        sub = sim[np.ix_(free_a, free_b)]
        best_b, best_a = sub.argmax(axis=1), sub.argmax(axis=0)
        links += [(free_a[r], free_b[int(best_b[r])]) for r in range(len(free_a))
                  if best_a[best_b[r]] == r and sub[r, best_b[r]] >= threshold]
    return links


_QUOTES = frozenset("«»\"“”„")


def neighbour_word(toks: list[Tok], i: int, d: int) -> Tok | None:
    """The token next to ``toks[i]`` on side ``d``, looking through quote marks: in "Hotel
    Bellevue" / "Hotel «Bellevue»" the name's neighbour is the same word."""
    k = i + d
    if 0 <= k < len(toks) and toks[k].text in _QUOTES and 0 <= k + d < len(toks) and toks[k + d].word:
        k += d
    return toks[k] if 0 <= k < len(toks) else None


def shared_neighbour(ta: list[Tok], tb: list[Tok], i: int, j: int) -> int:
    """X and Y flanked by the same word or bracket on the same side ("Martin Schlegel" /
    "Martin Bitsch", "Moderna (" / "Ponte ("), wherever the phrase moved in the sentence:
    2 for a shared capitalised word (the rest of one name), 1 for other words and brackets."""
    best = 0
    for d in (-1, 1):
        # the tokens right beside, and the words beside looking through quote marks
        near = [(ta[i + d], tb[j + d])] if 0 <= i + d < len(ta) and 0 <= j + d < len(tb) else []
        qa, qb = neighbour_word(ta, i, d), neighbour_word(tb, j, d)
        for u, v in near + ([(qa, qb)] if qa is not None and qb is not None else []):
            if u.key == v.key and (len(u.key) >= 2 or not u.word):
                best = max(best, 2 if u.word and u.text[0].isupper() and v.text[0].isupper() else 1)
    return best


def bigram_overlap(x: str, y: str) -> float:
    a = {x[i:i + 2] for i in range(len(x) - 1)}
    b = {y[i:i + 2] for i in range(len(y) - 1)}
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def first_names(toks: list[Tok], text: str, other: list[Tok], memo: dict[tuple[str, str], bool]) -> None:
    """A sentence's first word is a name when a name both sentences write follows it
    ("Valentina Kumpusch guiderà" / "übernimmt Valentina Kumpusch"): a first name opening the
    sentence, which capitalisation alone cannot tell from any other first word ("Alcuni
    Cantoni", where B writes "Kantone": no shared name follows).  Not where the other sentence
    opens the same way, a first word before that name: the two first words stand for each
    other ("Citazioni Daniel Büchel" / "Zitate Daniel Büchel", a heading run into the line)."""
    for k in range(len(toks) - 1):
        t, u = toks[k], toks[k + 1]
        if t.first and u.name and text[t.start + len(t.text):u.start] == " " \
                and any(same_word(u, v, memo) for v in other if v.name or v.first) \
                and not (len(other) > 1 and other[0].first and same_word(u, other[1], memo)):
            t.name = True
