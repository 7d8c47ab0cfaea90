"""Entity drift: a name of A's sentence replaced by a different name in B's.

Translators leave most proper names as they are ("Ignazio Cassis", "Swissmedic", "Saab")
and translate the rest ("Confédération" / "Bund", "Genève" / "Genf").  A substitution shows
as a name of A's sentence that B's sentence lacks, *and* in its place in B a name that
nothing in A translates.  "In its place" is what separates a swap from the ordinary churn of
capitalised words between two languages, so the two sentences are word-aligned first:

1. words are matched across by spelling (names, figures, brackets and quotes stay put) and,
   for the rest, by mutual best cross-lingual word similarity; the longest monotone chain of
   those links is the sentence's skeleton;
2. a lost name X sits between two skeleton links; the new name Y must sit between the same
   two links in B, a few tokens from one of them on both sides, or share a neighbouring
   word or bracket with X wherever the phrase moved ("Martin *Schlegel* has" / "..., Martin
   *Bitsch* has"), or be the lone name left unexplained on each side (EntityMatcher._lone_pair);
3. neither X nor Y may have a counterpart across (word similarity), they must not be
   spellings of one another (cognates: "Bâle" / "Basilea") or two acronyms (translated
   acronyms: "BAG" / "OFSP"), X must not be a name the translator translated throughout
   (several times in A, never in B), and in German, which capitalises every noun, a word
   after an article is taken for a noun unless something says it is a name.

Tuned on drift-dev (benchmarks/eval_drift.py); EntityMatcher.trace says why each candidate
pair was kept or dropped.
"""
from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

import numpy as np

from ..facts import Fact, is_acronym
from ..facts.names import is_initialism, name_key
from .drift import Difference, DocFacts, FactLink
from .entity_evidence import (
    NOUN_CAPITALISING,
    bracketed,
    capitalises_nouns,
    cognate_start,
    differing_part,
    in_exact_slot,
    name_like,
    names_the_state,
    opens_clause,
    spelled_before,
)
from .entity_params import EntityParams
from .entity_words import (
    ADDRESS,
    TOKEN,
    Tok,
    bigram_overlap,
    first_names,
    name_chain,
    same_key,
    same_word,
    shared_neighbour,
    word_links,
    word_tokens,
)

class WordVectors:
    """Cross-lingual single-word vectors, each word encoded once per process: the same
    function words and names recur in every document of a batch."""

    _cache: ClassVar[dict[tuple[str, str], np.ndarray]] = {}
    _limit: ClassVar[int] = 200_000

    def __init__(self, emb: Any) -> None:
        self.emb = emb

    def __call__(self, words: Sequence[str]) -> np.ndarray:
        name = getattr(self.emb, "name", type(self.emb).__name__)
        todo = sorted({w for w in words if (name, w) not in self._cache})
        if todo:
            if len(self._cache) > self._limit:
                self._cache.clear()
            for w, v in zip(todo, self.emb.encode(todo)):
                self._cache[(name, w)] = v
        if not words:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._cache[(name, w)] for w in words])


def _doc_counts(sentences: Sequence[str]) -> Counter[str]:
    # names only (not lower-case words): "Partei" is not kept just because Italian says "parte"
    return Counter(name_key(m.group()) for s in sentences for m in TOKEN.finditer(ADDRESS.sub(" ", s))
                   if m.group()[0].isalpha() and not m.group()[0].islower())


def _by_initial(counts: Counter[str]) -> dict[tuple[str, int], list[tuple[str, int]]]:
    # same_name needs the same first letter and a length within three: look only there
    out: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for k, n in counts.items():
        if k:
            out.setdefault((k[0], len(k)), []).append((k, n))
    return out


def _count(key: str, counts: Counter[str], index: dict[tuple[str, int], list[tuple[str, int]]]) -> int:
    if not key:
        return 0
    if len(key) < 4:  # short keys match whole only
        return counts.get(key, 0)
    return sum(n for size in range(max(4, len(key) - 3), len(key) + 4)
               for k, n in index.get((key[0], size), ()) if same_key(key, k))


@dataclass(slots=True)
class _Swap:
    score: float
    x: Tok
    y: Tok


@dataclass(slots=True)
class _Bead:
    """One sentence pair's tokens and the names that may have been swapped, before encoding."""
    ta: list[Tok]
    tb: list[Tok]
    lost: list[int]
    new: list[int]
    nouns: set[int]  # new words after an article in a language that capitalises nouns


class EntityMatcher:
    """Per document pair: token counts of both sides, then bead-by-bead substitution checks.
    :meth:`swaps` encodes the words of all beads at once; :meth:`swap` checks one bead."""

    def __init__(self, a_text: Sequence[str], b_text: Sequence[str], emb: Any,
                 params: EntityParams | None = None, a_lang: str | None = None, b_lang: str | None = None) -> None:
        self.a_text, self.b_text = a_text, b_text
        self.articles = (NOUN_CAPITALISING.get(a_lang or ""), NOUN_CAPITALISING.get(b_lang or ""))
        self.langs = (a_lang, b_lang)
        self.p = params or EntityParams()
        self.vectors = WordVectors(emb)
        self.names_a, self.names_b = _doc_counts(a_text), _doc_counts(b_text)
        self.count_a, self.count_b = _by_initial(self.names_a), _by_initial(self.names_b)
        # words each side writes in lower case: capitalised elsewhere they open a quote or a line ("Nous")
        # (not in addresses: "www.vbs.admin.ch/simplon" does not write the name in lower case)
        self.lower_a, self.lower_b = ({m.group() for s in text for m in TOKEN.finditer(ADDRESS.sub(" ", s))
                                       if m.group()[0].islower()} for text in (a_text, b_text))
        self._counts: dict[tuple[int, str], int] = {}
        self.memo: dict[tuple[str, str], bool] = {}  # same_name of two keys, for this document pair
        self.trace: list[tuple[str, str, str]] | None = None  # (X, Y, why rejected) when set to a list

    def _side(self, idx: Sequence[int], texts: Sequence[str]) -> tuple[str, list[Tok]]:
        starts, pos = [], 0
        for i in idx:
            starts.append(pos)
            pos += len(texts[i]) + 1
        text = " ".join(texts[i] for i in idx)
        return text, word_tokens(text, starts)

    def in_a(self, key: str) -> int:
        if (0, key) not in self._counts:  # a scan of the document's names: once per key
            self._counts[(0, key)] = _count(key, self.names_a, self.count_a)
        return self._counts[(0, key)]

    def in_b(self, key: str) -> int:
        if (1, key) not in self._counts:
            self._counts[(1, key)] = _count(key, self.names_b, self.count_b)
        return self._counts[(1, key)]

    def _translated(self, x: Tok) -> bool:
        # several times in A and never in B: the translator renders this name in B's language
        return self.in_b(x.key) == 0 and self.in_a(x.key) >= 2

    def _reject(self, ta: list[Tok], tb: list[Tok], sim: np.ndarray, i: int, j: int,
                slot: tuple[int, int, int, int], on_b: set[int], kept: bool,
                nouns: AbstractSet[int] = frozenset(), placed: bool = True) -> tuple[float, str]:
        """(score, reason) for X = ta[i] replaced by Y = tb[j]; an empty reason accepts it.
        ``placed=False`` leaves out where Y sits (see :meth:`_lone_pair`)."""
        p, x, y = self.p, ta[i], tb[j]
        la, lb, ra, rb = slot
        if j in on_b:
            return 1.0, "Y has a counterpart"
        shared = shared_neighbour(ta, tb, i, j)
        # word order differs across languages ("via Swissgrid, comme ..." / "... durch Swissgrid."):
        # a name the translation writes the same elsewhere is a name, wherever its substitute sits
        # (not where B capitalises every noun: there a capitalised word anywhere is no evidence)
        anywhere = p.kept_anywhere and kept and self.articles[1] is None
        # a German word after an article is a noun unless it fills X's slot itself
        if placed and ((not shared and not anywhere) or j in nouns):
            # only in place of a name the translation writes elsewhere: in place of a word A
            # capitalises as part of an office ("Ospedali", "Confédération") it is a noun
            if j in nouns and not (p.noun_in_slot and kept):
                return 1.0, "a noun"
            if not lb < j < rb:
                return 1.0, "not in X's slot"
            dist = min((i - la) + (j - lb), (ra - i) + (rb - j))
            limit = p.max_distance + (p.kept_distance if kept and j not in nouns else 0)
            if dist > (limit if self.articles[1] is None else p.noun_distance):
                return 1.0, f"far from shared words ({dist})"
        # two acronyms are one body in two languages ("BAG" / "OFSP") -- unless B writes X too,
        # so the translation does not render it as Y
        # the state's own name, worded otherwise in each language: not a swap where the other
        # sentence names the state too ("zwischen Bund und Kantonen" / "tra Confederazione e Cantoni")
        if p.state_names and ((names_the_state(x.key) and any(names_the_state(t.key) for t in tb if t.word))
                              or (names_the_state(y.key) and any(names_the_state(t.key) for t in ta if t.word))):
            return 1.0, "the state's name"
        acronym = is_initialism if p.initialisms else is_acronym
        acronyms = acronym(x.text) and acronym(y.text) and not (kept and p.kept_acronyms) \
            and not (p.spelled_acronyms and spelled_before(tb, j, x.text) and not spelled_before(tb, j, y.text))
        if acronyms or self._cognates(x.key, y.key):
            return 1.0, "acronyms or cognates"
        # two first names sit close in any embedding; next to the same surname they are two people
        if sim[i, j] >= p.pair_similarity + (p.lost_bonus if shared == 2 else 0.0):
            return 1.0, f"translation ({sim[i, j]:.2f})"
        # X's own twin elsewhere in B's sentence is not a translation of it (it is one of two mentions)
        # and an acronym in brackets beside its spelled-out name ("Segreteria di Stato
        # dell'economia (SECO)") has that name for a counterpart whatever fills the brackets
        brackets = p.bracketed and bracketed(ta, i) and bracketed(tb, j)
        if p.exact_slot and in_exact_slot(ta, tb, i, j):
            return 0.0, ""
        # and a word written the same in both sentences, or a two-letter function word ("a",
        # "la"), is no counterpart of X or Y: it has its own twin, or translates nothing
        free_a, free_b = self._free(ta, tb, sim)
        others_b = np.array([sim[i, k] for k in range(len(tb)) if k != j and not brackets and free_b[k]
                             and not same_word(x, tb[k], self.memo)])
        others_a = np.array([sim[k, j] for k in range(len(ta)) if k != i and free_a[k]])
        score = max(float(others_b.max()) if others_b.size else 0.0,
                    float(others_a.max()) if others_a.size else 0.0)
        if score >= p.counterpart + (p.lost_bonus if kept else 0.0):
            return score, f"counterpart across ({score:.2f})"
        return score, ""

    @cached_property
    def nouny(self) -> bool:  # either text capitalises its nouns; identified only when _lone_pair may judge
        return any(capitalises_nouns(t, lang) for t, lang in zip((self.a_text, self.b_text), self.langs))

    def _cognates(self, kx: str, ky: str) -> bool:
        """Two name keys spelled alike from one first sound: one name in two languages."""
        return bigram_overlap(kx, ky) >= self.p.cognate and (not self.p.cognate_initial or cognate_start(kx, ky))

    def _free(self, ta: list[Tok], tb: list[Tok], sim: np.ndarray) -> tuple[list[bool], list[bool]]:
        """Per word of each sentence: whether it may be another word's counterpart across."""
        if not self.p.twins_explain:
            return [True] * len(ta), [True] * len(tb)
        spelled = sim >= 1.0  # same_word across (see _match)
        short_a = [t.word and len(t.key) < 3 and t.text.islower() for t in ta]
        short_b = [t.word and len(t.key) < 3 and t.text.islower() for t in tb]
        free_a = [not (spelled[k].any() or short_a[k]) for k in range(len(ta))]
        free_b = [not (spelled[:, k].any() or short_b[k]) for k in range(len(tb))]
        return free_a, free_b

    def _bead(self, a_idx: Sequence[int], b_idx: Sequence[int]) -> _Bead | None:
        """The bead's tokens when a name of A may have been swapped for one of B, else None."""
        p, memo = self.p, self.memo
        at, ta = self._side(a_idx, self.a_text)
        bt, tb = self._side(b_idx, self.b_text)
        if p.first_names:
            first_names(ta, at, tb, memo)
            first_names(tb, bt, ta, memo)
        # lost: B's sentence lacks the name, or names it fewer times ("Tenero ... Tenero" / "Lausen ... Tenero");
        # a lower-case namesake is a common noun, not the name ("Jugend und Sport" / "dello sport")
        lost = [i for i, x in enumerate(ta) if x.name and len(x.key) >= 3 and not x.key.isdigit()
                and sum(same_word(x, y, memo) for y in tb if not y.text[0].islower())
                < sum(same_word(x, z, memo) for z in ta if z.name)
                and not self._translated(x)
                and name_like(ta, i, self.articles[0], self.in_b(x.key) > 0, tb, memo)
                and not (p.lower_is_word and x.text.casefold() in self.lower_a and opens_clause(at, x))]
        if not lost:
            return None
        new = [j for j, y in enumerate(tb) if y.name and len(y.key) >= 3 and not y.key.isdigit()
               and self.in_a(y.key) == 0 and self.in_b(y.key) <= p.max_new_count
               and not (p.lower_is_word and y.text.casefold() in self.lower_b)
               and not any(same_word(y, x, memo) for x in ta)]
        nouns = {j for j in new if not name_like(tb, j, self.articles[1], False, ta, memo)}
        if not new:
            return None
        return _Bead(ta, tb, lost, new, nouns)

    @staticmethod
    def _words(bead: _Bead) -> list[str]:
        return [t.text for t in bead.ta if t.word] + [t.text for t in bead.tb if t.word]

    def swaps(self, beads: Sequence[tuple[Sequence[int], Sequence[int]]]) -> list[_Swap | None]:
        """:meth:`swap` of every bead, the words of all of them sent to the encoder in one call."""
        found = [self._bead(a_idx, b_idx) for a_idx, b_idx in beads]
        self.vectors([w for bead in found if bead is not None for w in self._words(bead)])
        return [None if bead is None else self._match(bead) for bead in found]

    def swap(self, a_idx: Sequence[int], b_idx: Sequence[int]) -> _Swap | None:
        bead = self._bead(a_idx, b_idx)
        return None if bead is None else self._match(bead)

    def _match(self, bead: _Bead) -> _Swap | None:
        p, memo, ta, tb = self.p, self.memo, bead.ta, bead.tb
        wa = [i for i, t in enumerate(ta) if t.word]
        wb = [j for j, t in enumerate(tb) if t.word]
        vec = self.vectors(self._words(bead))
        sim = np.full((len(ta), len(tb)), -1.0, dtype=np.float32)
        if wa and wb:
            sim[np.ix_(wa, wb)] = vec[:len(wa)] @ vec[len(wa):].T
        for i, x in enumerate(ta):
            for j, y in enumerate(tb):
                if same_word(x, y, memo):
                    sim[i, j] = 1.0
        links = word_links(ta, tb, sim, p.link_similarity)
        chain = [(-1, -1)] + name_chain(links) + [(len(ta), len(tb))]
        on_a, on_b = {i for i, _ in chain}, {j for _, j in chain}
        found: _Swap | None = None
        unplaced: list[tuple[float, int, int]] = []  # pairs refused only for where Y sits
        for i in bead.lost:
            if i in on_a:
                continue
            k = bisect.bisect_left(chain, (i, -2))
            (la, lb), (ra, rb) = chain[k - 1], chain[k]
            x = ta[i]
            kept = self.in_b(x.key) > 0  # X is a name B keeps elsewhere
            for j in bead.new:
                y = tb[j]
                why = self._reject(ta, tb, sim, i, j, (la, lb, ra, rb), on_b, kept, bead.nouns)
                if why[1] and p.lone_pair and not self.nouny \
                        and is_initialism(x.text) == is_initialism(y.text):
                    free = self._reject(ta, tb, sim, i, j, (la, lb, ra, rb), on_b, kept, bead.nouns, placed=False)
                    if not free[1]:
                        unplaced.append((free[0], i, j))
                if self.trace is not None:
                    self.trace.append((x.text, y.text, why[1] if why[1] else f"ok {why[0]:.2f}"))
                if why[1]:
                    continue
                score = why[0]
                if found is None or score < found.score:
                    found = _Swap(score, x, y)
        if found is None:
            found = self._lone_pair(ta, tb, unplaced)
        return found if not p.compound_parts else self._compound(bead, found)

    @staticmethod
    def _lone_pair(ta: list[Tok], tb: list[Tok], unplaced: list[tuple[float, int, int]]) -> _Swap | None:
        """One name of A's sentence that nothing in B's explains and one of B's that nothing in
        A's explains -- no spelling, cognate, translation or counterpart across -- are a swap
        wherever they sit ("il Principato del Liechtenstein, il Montenegro, ..." / "comprises
        Meier, Ukraine, Serbia, ..."): word order moves a list or a phrase, the evidence does not.
        Two or more such names on either side are the churn of a name translated word by word,
        where position has to decide; so is an acronym against a word ("Politecnico federale" /
        "EPF"): translations spell out or shorten a body's name."""
        if not unplaced or len({i for _, i, _ in unplaced}) > 1 or len({j for _, _, j in unplaced}) > 1:
            return None
        score, i, j = unplaced[0]
        return _Swap(score, ta[i], tb[j])

    def _compound(self, bead: _Bead, found: _Swap | None) -> _Swap | None:
        """A hyphenated name of A whose one part B's sentence writes otherwise, the rest the same
        ("Keller-Sutter" / "Khumnerdpetch-Sutter", "Geo-Energie" / "Brown-Energie"): the shared
        part makes the whole words look alike, so the parts that differ are compared."""
        p = self.p
        for i in bead.lost:
            for j in bead.new:
                if (parts := differing_part(bead.ta[i].text, bead.tb[j].text)) is None:
                    continue
                kx, ky = name_key(parts[0]), name_key(parts[1])
                # as for whole words: cognates, and two acronyms B does not keep ("FAC-N" / "CPS-N")
                kept = self.in_b(bead.ta[i].key) > 0 and p.kept_acronyms
                acronym = is_initialism if p.initialisms else is_acronym
                if self._cognates(kx, ky) or (acronym(parts[0]) and acronym(parts[1]) and not kept):
                    continue
                vx, vy = self.vectors(list(parts))
                score = float(vx @ vy)
                if score < p.pair_similarity and (found is None or score < found.score):
                    found = _Swap(score, bead.ta[i], bead.tb[j])
        return found


def entity_drift(beads: list[tuple[list[int], list[int]]], da: DocFacts, db: DocFacts,
                 a_text: list[str], b_text: list[str], emb: Any | None,
                 params: EntityParams | None = None) -> tuple[list[FactLink], list[Difference]]:
    """Name links of every bead (shared names), and the beads where a name was swapped."""
    links: list[FactLink] = []
    for a_idx, b_idx in beads:
        if a_idx and b_idx:
            pool_b = {h.value: h for j in b_idx for h in db.names[j]}
            links += [FactLink("name", f, pool_b[f.value], "match") for i in a_idx for f in da.names[i]
                      if f.value in pool_b and (is_acronym(f.text) or db.name_counts[f.value] > 0)]
    if emb is None:
        return links, []
    matcher = EntityMatcher(a_text, b_text, emb, params, da.lang, db.lang)
    diffs: list[Difference] = []
    paired = [(a_idx, b_idx) for a_idx, b_idx in beads if a_idx and b_idx]
    for (a_idx, b_idx), swap in zip(paired, matcher.swaps(paired)):
        if swap is None:
            continue
        at = " ".join(a_text[i] for i in a_idx)
        bt = " ".join(b_text[j] for j in b_idx)
        diffs.append(Difference("entity", at, bt, f"A names '{swap.x.text}' where B names '{swap.y.text}': B's "
                                f"sentence lacks '{swap.x.text}', A never mentions '{swap.y.text}', and neither "
                                f"translates a word across (best similarity {swap.score:.2f})",
                                list(a_idx), list(b_idx), round(1 - swap.score, 3)))
        fx = Fact("name", swap.x.text, swap.x.start, swap.x.start + len(swap.x.text), swap.x.key)
        fy = Fact("name", swap.y.text, swap.y.start, swap.y.start + len(swap.y.text), swap.y.key)
        links.append(FactLink("name", fx, fy, "mismatch"))
    return links, diffs
