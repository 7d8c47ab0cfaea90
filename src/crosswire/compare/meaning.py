"""Meaning shift: an aligned pair states the same figure about a different thing.

"raise the *scale of industries* to 100 billion yuan" vs "den *Investitionsumfang* auf 100
Milliarden Yuan erhöhen": no figure changed, yet the figure now measures something else.  For
every amount of money matched across a pair, the content words governing it (its clause, up to
the figure) are embedded one by one; the pair is flagged when each side holds a word with no
cross-lingual counterpart on the other ("scale" / "Investitionsumfang"): a paraphrase loses
words on one side, a shifted concept on both.

Single-word similarities are noisy, and a loose translation also leaves words without a
counterpart, so one threshold alone cannot tell a shifted concept from a free rendering.  Two
tests must agree: the pair's score is low in absolute terms, *and* lower than nearly every other
content word of the same document finds across.  A carefully translated release whose one
unmatched pair of words sits on a figure stands out against its own document; a paraphrasing
translation, whose words often lack a counterpart, does not.
"""
from __future__ import annotations

import numpy as np
import regex

from ..embed import Embedder
from ..facts import Fact
from .drift import Difference, DocFacts, FactLink
from .entities import WordVectors

_CLAUSE = regex.compile(r"[,;:()\[\]–—]|\s-\s")
_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’-]*")

# Tuned on drift-dev and the seed pair (benchmarks/eval_drift.py prints the margins): the seed
# scores 0.34 with 0.4% of its document's other words doing worse; no dev pair (all faithful
# translations) passes both tests -- the lowest scores 0.385 but 1.7% of its document's words
# do worse, and every pair under 0.45 has at least 1.7% (most 3-5%).
CONTEXT_WORDS = 8
MIN_WORDS = 3
MIN_CHARS = 5      # a governing word: long enough to be a content word
LOOKUP_CHARS = 3   # a counterpart may be short: "aid", "tax", "GDP"
THRESHOLD = 0.40   # the pair's least-matched words find nothing closer than this across ...
DOC_SHARE = 0.01   # ... and fewer than this share of the other pairs' content words do worse
MIN_DOC_WORDS = 20  # fewer words than this elsewhere in the document: no measure to judge by


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
    # language this runs on, the nouns and verbs that name a quantity are not.  Words with an
    # inner capital ("FLG-Fonds", "PV-Ständerat") carry an acronym: names are entities.py's.
    return [w for w in _WORD.findall(text) if len(w) >= MIN_CHARS and not any(c.isupper() for c in w[1:])]


def _lookup_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if len(w) >= LOOKUP_CHARS]


def meaning_scores(ctx: list[tuple[int, str, str, Fact, Fact]], emb: Embedder,
                   sents: list[tuple[str, str]]) -> list[tuple[float, str, str]]:
    """Per matched amount: (score, A word, B word) where score is how well the least-matched
    governing word of each side finds a cross-lingual counterpart (the larger of the two)."""
    words = [(_content_words(c[1]), _content_words(c[2])) for c in ctx]
    whole = [(_lookup_words(a), _lookup_words(b)) for a, b in sents]
    vec = WordVectors(emb)
    vec(sorted({w for pair in words + whole for side in pair for w in side}))  # one batch for the model
    out = []
    for (wa, wb), (sa, sb) in zip(words, whole):
        if not (wa and wb and sa and sb):
            out.append((1.0, "", ""))
            continue
        va, vb, vsa, vsb = vec(wa), vec(wb), vec(sa), vec(sb)
        # Each side must hold a governing word the other lacks -- a paraphrase drops words on
        # one side only.  One of the two is looked up in the other's whole sentence, because
        # translations move words out of the figure's clause ("8 programmes ... un soutien de").
        found = []
        for a_in, b_in in ((vb, vsa), (vsb, va)):
            ba, bb = (va @ a_in.T).max(axis=1), (vb @ b_in.T).max(axis=1)
            ia, ib = int(ba.argmin()), int(bb.argmin())
            found.append((float(max(ba[ia], bb[ib])), wa[ia], wb[ib]))
        out.append(min(found))
    return out


def document_matches(pairs: list[tuple[list[int], list[int]]], sa: list[str], sb: list[str],
                     emb: Embedder) -> list[np.ndarray]:
    """Per aligned pair, how well each of its content words finds a counterpart across: the
    document's own measure of how literally it was translated."""
    vec = WordVectors(emb)
    texts = [(" ".join(sa[i] for i in a_idx), " ".join(sb[j] for j in b_idx)) for a_idx, b_idx in pairs]
    vec(sorted({w for ta, tb in texts for w in _lookup_words(ta) + _lookup_words(tb)}))  # one batch
    out: list[np.ndarray] = []
    for ta, tb in texts:
        wa, wb, la, lb = _content_words(ta), _content_words(tb), _lookup_words(ta), _lookup_words(tb)
        if wa and wb and la and lb:
            out.append(np.concatenate([(vec(wa) @ vec(lb).T).max(axis=1), (vec(wb) @ vec(la).T).max(axis=1)]))
        else:
            out.append(np.zeros(0, dtype=np.float32))
    return out


def rarity(k: int, score: float, doc: list[np.ndarray]) -> float:
    """Share of the content words of the document's *other* pairs that match worse than
    ``score``; 1.0 when they are too few to say (a short text has no measure of its own)."""
    others = np.concatenate([m for n, m in enumerate(doc) if n != k] + [np.zeros(0, dtype=np.float32)])
    return float((others < score).mean()) if others.size >= MIN_DOC_WORDS else 1.0


def meaning_drift(pairs: list[tuple[list[int], list[int]]], links: list[FactLink], da: DocFacts, db: DocFacts,
                  sa: list[str], sb: list[str], emb: Embedder, already: set[tuple[int, ...]]) -> list[Difference]:
    ctx = figure_contexts(pairs, links, da, db, sa, sb)
    ctx = [c for c in ctx if c[0] >= 0 and tuple(pairs[c[0]][1]) not in already]
    sents = [(" ".join(sa[i] for i in pairs[c[0]][0]), " ".join(sb[j] for j in pairs[c[0]][1])) for c in ctx]
    scores = meaning_scores(ctx, emb, sents)
    if not any(score < THRESHOLD for score, _, _ in scores):
        return []
    doc = document_matches(pairs, sa, sb, emb)  # only when a pair is suspect: it embeds every word
    out: list[Difference] = []
    seen: set[int] = set()
    for (k, ca, cb, x, y), (score, wa, wb) in zip(ctx, scores):
        if score >= THRESHOLD or k in seen or (share := rarity(k, score, doc)) >= DOC_SHARE:
            continue
        seen.add(k)
        at = " ".join(sa[i] for i in pairs[k][0])
        bt = " ".join(sb[j] for j in pairs[k][1])
        out.append(Difference("meaning", at, bt, f"'{x.text}' / '{y.text}' match, but what they measure differs: "
                              f"“{ca}” vs “{cb}” ('{wa}' and '{wb}' have no counterpart across, best similarity "
                              f"{score:.2f}, below what {1 - share:.1%} of the other pairs' words find)",
                              list(pairs[k][0]), list(pairs[k][1]), 0.5))
    return out
