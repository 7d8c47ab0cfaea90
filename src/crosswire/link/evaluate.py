"""Link a JSONL dev file into a fresh database and score the version groups against gold.

Shared by ``tests/test_link_dev.py`` (a slice, a floor) and ``benchmarks/eval_link.py`` (the
whole file, the numbers).  The scorer is the pairwise/B-cubed one of ``score.py link``.
"""
from __future__ import annotations

import itertools
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..article import Article


def read_articles(path: str | Path, limit: int | None = None) -> Iterator[Article]:
    """The dev files' records as the JSONL reader makes them (dates parsed, '' = undated)."""
    from ..ingest.base import article_from_record

    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if limit is not None and number > limit:
                return
            if line.strip():
                yield article_from_record(json.loads(line), str(path), number)


def analysed(articles: Iterable[Article]) -> Iterator[Article]:
    """Text analysis, as ingest runs it before linking."""
    from ..text import analyse

    for article in articles:
        analyse(article)
        yield article


def link_file(path: str | Path, db: str | Path, *, limit: int | None = None, batch_size: int = 64,
              analyse: bool = True, link_config: Any = None) -> dict[str, Any]:
    """Store and link ``path`` into ``db`` the way ingest does; return timing and the export."""
    from ..pipeline import batched
    from ..store import SQLiteStore
    from .linker import Linker

    store = SQLiteStore(db)
    started = time.perf_counter()
    linker = Linker(store, config=link_config)
    n = 0
    stream = read_articles(path, limit)
    for batch in batched(analysed(stream) if analyse else stream, batch_size):
        store.upsert(batch)
        linker.add(batch)
        n += len(batch)
    summary = linker.finish()
    seconds = time.perf_counter() - started
    from .views import export

    groups = {row["id"]: row["version_group"] for row in export(store)}
    store.close()
    return {"docs": n, "seconds": seconds, "docs_per_second": n / seconds if seconds else None,
            "summary": summary, "groups": groups}


def pairwise_scores(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """Pairwise precision/recall/F1 and B-cubed F1 over the ids in both (as ``score.py link``)."""
    ids = [d for d in gold if d in pred]

    def pairs(labels: dict[str, str]) -> set[frozenset[str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for d in ids:
            groups[labels[d]].append(d)
        return {frozenset(p) for g in groups.values() for p in itertools.combinations(sorted(g), 2)}

    gp, pp = pairs(gold), pairs(pred)
    tp = len(gp & pp)
    p = tp / len(pp) if pp else 0.0
    r = tp / len(gp) if gp else 0.0
    gsets: dict[str, set[str]] = defaultdict(set)
    psets: dict[str, set[str]] = defaultdict(set)
    for d in ids:
        gsets[gold[d]].add(d)
        psets[pred[d]].add(d)
    bp = sum(len(psets[pred[d]] & gsets[gold[d]]) / len(psets[pred[d]]) for d in ids) / max(1, len(ids))
    br = sum(len(psets[pred[d]] & gsets[gold[d]]) / len(gsets[gold[d]]) for d in ids) / max(1, len(ids))
    return {"pair_p": p, "pair_r": r, "pair_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "bcubed_p": bp, "bcubed_r": br,
            "bcubed_f1": 2 * bp * br / (bp + br) if bp + br else 0.0, "docs": len(ids),
            "missing": len(gold) - len(ids)}


def demo_scores(db: str | Path | None = None, *, workers: int | None = 0) -> dict[str, Any]:
    """Ingest the bundled demo corpus into ``db`` (a temp file when None) with crosswire's own
    API and score its version groups and stories against ``demo/gold.json``.

    ``workers=0`` analyses in this process: the demo is 41 articles, and a pool of workers
    costs more to start than the whole run (and the box is shared).
    """
    import tempfile

    from ..app import Crosswire
    from ..demo import corpus_path, gold

    truth = gold()
    with tempfile.TemporaryDirectory(prefix="cw-demo-") as tmp:
        path = Path(db) if db is not None else Path(tmp) / "demo.db"
        with Crosswire(path, embedder=None) as cw:
            cw.ingest([str(corpus_path())], embed=False, workers=workers)
            rows = cw.export()
    out: dict[str, Any] = {}
    for level in ("version_group", "story"):
        pred = {r["id"]: r[level] for r in rows}
        scores = pairwise_scores(pred, truth[level])
        out[level] = {k: round(v, 4) if isinstance(v, float) else v for k, v in scores.items()}
        out[level]["groups"] = pred
    return out


if __name__ == "__main__":  # python -m crosswire.link.evaluate: the demo's scores
    result = demo_scores()
    for level in ("version_group", "story"):
        s = result[level]
        print(f"{level}: pairwise P {s['pair_p']:.4f} R {s['pair_r']:.4f} F1 {s['pair_f1']:.4f}"
              f" B-cubed F1 {s['bcubed_f1']:.4f} ({s['docs']} docs)")
