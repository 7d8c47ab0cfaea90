"""Meaning shift: an aligned pair states the same figure about a different thing.

"raise the *scale of industries* to 100 billion yuan" vs "den *Investitionsumfang* auf 100
Milliarden Yuan erhöhen": no figure changed, yet the figure now measures something else.  For
every amount of money matched across a pair, the content words governing it (its clause, up to
the figure) are embedded one by one; the pair is flagged when each side holds a word with no
cross-lingual counterpart on the other ("scale" / "Investitionsumfang"): a paraphrase loses
words on one side, a shifted concept on both.
"""
from __future__ import annotations

import numpy as np
import regex

from ..embed import Embedder
from ..facts import Fact
from .drift import Difference, DocFacts, FactLink

_CLAUSE = regex.compile(r"[,;:()\[\]–—]|\s-\s")
_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’-]*")

# Tuned on drift-dev and the seed pair (benchmarks/eval_drift.py prints the margin).
CONTEXT_WORDS = 8
MIN_WORDS = 3
MIN_CHARS = 5
THRESHOLD = 0.38


def governing_words(sentence: str, fact: Fact, others: list[Fact]) -> str:
    """The clause words before a figure: in "raise the scale of X industries to 100 billion
    yuan" they say what the amount measures."""
    left = sentence[:fact.start]
    cut = max([m.end() for m in _CLAUSE.finditer(left)] + [o.end for o in others if o.end <= fact.start] + [0])
    return " ".join(_WORD.findall(left[cut:])[-CONTEXT_WORDS:])


def figure_contexts(pairs: list[tuple[list[int], list[int]]], links: list[FactLink], da: DocFacts,
                    db: DocFacts, sa: list[str], sb: list[str]) -> list[tuple[int, str, str, Fact, Fact]]:
    """(bead index, A context, B context, A fact, B fact) for every matched figure worth checking."""
    where_a = {id(f): i for i, fs in enumerate(da.facts) for f in fs}
    where_b = {id(f): j for j, fs in enumerate(db.facts) for f in fs}
    bead_of = {i: k for k, (ai, _) in enumerate(pairs) for i in ai}
    out = []
    for link in links:
        x, y = link.a, link.b
        if link.status != "match" or x is None or y is None or x.soft or y.soft:
            continue
        # Amounts of money are where "what is measured" is worth checking (budget vs. turnover vs.
        # investment); counts and durations are usually re-ordered around verbs across languages.
        if x.kind != "money" or y.kind != "money" or id(x) not in where_a or id(y) not in where_b:
            continue
        i, j = where_a[id(x)], where_b[id(y)]
        ca = governing_words(sa[i], x, [f for f in da.facts[i] if f is not x])
        cb = governing_words(sb[j], y, [f for f in db.facts[j] if f is not y])
        if len(ca.split()) >= MIN_WORDS and len(cb.split()) >= MIN_WORDS:
            out.append((bead_of.get(i, -1), ca, cb, x, y))
    return out


def _content_words(text: str) -> list[str]:
    # length stands in for a stop-word list: articles and prepositions are short in every
    # language this runs on, the nouns and verbs that name a quantity are not
    return [w for w in _WORD.findall(text) if len(w) >= MIN_CHARS]


def meaning_scores(ctx: list[tuple[int, str, str, Fact, Fact]], emb: Embedder,
                   sents: list[tuple[str, str]]) -> list[tuple[float, str, str]]:
    """Per matched amount: (score, A word, B word) where score is how well the least-matched
    governing word of each side finds a cross-lingual counterpart (the larger of the two)."""
    words = [(_content_words(c[1]), _content_words(c[2])) for c in ctx]
    whole = [(_content_words(a), _content_words(b)) for a, b in sents]
    vocab = sorted({w for wa, wb in words + whole for w in wa + wb})
    if not vocab:
        return [(1.0, "", "")] * len(ctx)
    index = {w: k for k, w in enumerate(vocab)}
    v = emb.encode(vocab)
    out = []
    for (wa, wb), (sa, sb) in zip(words, whole):
        if not wa or not wb:
            out.append((1.0, "", ""))
            continue

        def best(xs: list[str], ys: list[str]) -> np.ndarray:
            return (v[[index[w] for w in xs]] @ v[[index[w] for w in ys]].T).max(axis=1)

        # Each side must hold a governing word the other lacks -- a paraphrase drops words on
        # one side only.  One of the two is looked up in the other's whole sentence, because
        # translations move words out of the figure's clause ("8 programmes ... un soutien de").
        found = []
        for a_in, b_in in ((wb, sa), (sb, wa)):
            ba, bb = best(wa, a_in), best(wb, b_in)
            ia, ib = int(ba.argmin()), int(bb.argmin())
            found.append((float(max(ba[ia], bb[ib])), wa[ia], wb[ib]))
        out.append(min(found))
    return out


def meaning_drift(pairs: list[tuple[list[int], list[int]]], links: list[FactLink], da: DocFacts, db: DocFacts,
                  sa: list[str], sb: list[str], emb: Embedder, already: set[tuple[int, ...]]) -> list[Difference]:
    ctx = figure_contexts(pairs, links, da, db, sa, sb)
    ctx = [c for c in ctx if c[0] >= 0 and tuple(pairs[c[0]][1]) not in already]
    sents = [(" ".join(sa[i] for i in pairs[c[0]][0]), " ".join(sb[j] for j in pairs[c[0]][1])) for c in ctx]
    scores = meaning_scores(ctx, emb, sents)
    out: list[Difference] = []
    seen: set[int] = set()
    for (k, ca, cb, x, y), (score, wa, wb) in zip(ctx, scores):
        if score >= THRESHOLD or k in seen:
            continue
        seen.add(k)
        at = " ".join(sa[i] for i in pairs[k][0])
        bt = " ".join(sb[j] for j in pairs[k][1])
        out.append(Difference("meaning", at, bt, f"'{x.text}' / '{y.text}' match, but what they measure differs: "
                              f"“{ca}” vs “{cb}” ('{wa}' and '{wb}' have no counterpart across, "
                              f"best similarity {score:.2f})", list(pairs[k][0]), list(pairs[k][1]), 0.5))
    return out
