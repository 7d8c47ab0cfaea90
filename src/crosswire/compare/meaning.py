"""Meaning shift: an aligned pair states the same figure about a different thing.

"raise the *scale of industries* to 100 billion yuan" vs "den *Investitionsumfang* auf 100
Milliarden Yuan erhöhen": no figure changed, yet the figure now measures something else.  For
every figure matched across a pair, the words governing it (its clause, up to the figure) are
embedded on both sides; the pair is flagged when those words agree much less than the
sentences themselves do -- the rest of the sentence carried over, the measured concept did not.
"""
from __future__ import annotations

import numpy as np
import regex

from ..embed import Embedder
from ..facts import Fact
from .drift import DocFacts, Difference, FactLink

_CLAUSE = regex.compile(r"[,;:()\[\]–—]|\s-\s")
_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’-]*")

# Tuned on drift-dev and the seed pair (benchmarks/eval_drift.py prints the margin).
CONTEXT_WORDS = 8
THRESHOLD = 0.0


def governing_words(sentence: str, fact: Fact, others: list[Fact]) -> str:
    """The clause words before a figure (what it measures) and the few words after it."""
    left = sentence[:fact.start]
    cut = max([m.end() for m in _CLAUSE.finditer(left)] + [o.end for o in others if o.end <= fact.start] + [0])
    words = _WORD.findall(left[cut:])[-CONTEXT_WORDS:]
    right = sentence[fact.end:]
    stop = _CLAUSE.search(right)
    words += _WORD.findall(right[:stop.start() if stop else len(right)])[:3]
    return " ".join(words)


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
        if x.kind not in ("money", "quantity", "percent", "number") or id(x) not in where_a or id(y) not in where_b:
            continue
        if x.kind == "number" and abs(float(x.value)) < 100:
            continue  # small bare counts ("15 projects") are too common to say what they measure
        i, j = where_a[id(x)], where_b[id(y)]
        ca = governing_words(sa[i], x, [f for f in da.facts[i] if f is not x])
        cb = governing_words(sb[j], y, [f for f in db.facts[j] if f is not y])
        if len(ca.split()) >= 2 and len(cb.split()) >= 2:
            out.append((bead_of.get(i, -1), ca, cb, x, y))
    return out


def meaning_scores(ctx: list[tuple[int, str, str, Fact, Fact]], sents: list[tuple[str, str]],
                   emb: Embedder) -> np.ndarray:
    """Context similarity minus sentence similarity, per matched figure."""
    if not ctx:
        return np.zeros(0)
    texts = [c[1] for c in ctx] + [c[2] for c in ctx] + [s for pair in sents for s in pair]
    v = emb.encode(texts)
    n = len(ctx)
    ctx_sim = np.einsum("ij,ij->i", v[:n], v[n:2 * n])
    sen = v[2 * n:]
    sent_sim = np.einsum("ij,ij->i", sen[0::2], sen[1::2])
    return ctx_sim - sent_sim


def meaning_drift(pairs: list[tuple[list[int], list[int]]], links: list[FactLink], da: DocFacts, db: DocFacts,
                  sa: list[str], sb: list[str], emb: Embedder, already: set[tuple[int, ...]]) -> list[Difference]:
    ctx = figure_contexts(pairs, links, da, db, sa, sb)
    ctx = [c for c in ctx if c[0] >= 0 and tuple(pairs[c[0]][1]) not in already]
    sents = [(" ".join(sa[i] for i in pairs[c[0]][0]), " ".join(sb[j] for j in pairs[c[0]][1])) for c in ctx]
    scores = meaning_scores(ctx, sents, emb)
    out: list[Difference] = []
    seen: set[int] = set()
    for (k, ca, cb, x, y), score, (at, bt) in zip(ctx, scores, sents):
        if score >= THRESHOLD or k in seen:
            continue
        seen.add(k)
        out.append(Difference("meaning", at, bt, f"'{x.text}' / '{y.text}' match, but what they measure differs: "
                              f"“{ca}” vs “{cb}” (context agreement {score:+.2f} below the sentence's)",
                              list(pairs[k][0]), list(pairs[k][1]), 0.5))
    return out
