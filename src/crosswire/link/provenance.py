"""Provenance of a version group: the original, and the path original -> copy -> translation.

The original is the earliest version (a day-precise date beats a month; ingestion order
breaks ties).  Every other version hangs off the earliest version it is related to, with
the kind of step: ``copy`` (exact or near-duplicate, ``wire copy`` when it came through a
wire), ``revision`` (the same page edited, from its watcher), ``translation``, or ``rewrite``
(same story, same language, different text).
"""
from __future__ import annotations

from typing import Any

STEP = {"exact": "copy", "near_duplicate": "copy", "translation": "translation", "same_story": "rewrite",
        "revision": "revision"}


def provenance(members: list[dict[str, Any]], relations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``members`` in first-seen order; returns one step per version, the original first."""
    if not members:
        return []
    order = {m["id"]: i for i, m in enumerate(members)}
    related: dict[str, list[tuple[str, str, float]]] = {m["id"]: [] for m in members}
    for r in relations:
        if r["a"] in order and r["b"] in order:
            related[r["a"]].append((r["b"], r["type"], r["score"]))
            related[r["b"]].append((r["a"], r["type"], r["score"]))
    steps = [_step(members[0], None, "original", None)]
    for m in members[1:]:
        earlier = [(order[o], o, kind, score) for o, kind, score in related[m["id"]] if order[o] < order[m["id"]]]
        if earlier:
            # prefer a revision or copy relation (the closest ancestor in text), then the earliest
            _i, parent, kind, score = min(earlier, key=lambda e: (e[2] not in ("revision", "exact", "near_duplicate"),
                                                                  e[0]))
            step = STEP.get(kind, kind)
            if step == "copy" and m.get("wire"):
                step = "wire copy"
            steps.append(_step(m, parent, step, score))
        else:
            steps.append(_step(m, members[0]["id"], "version", None))
    return steps


def _step(m: dict[str, Any], parent: str | None, kind: str, score: float | None) -> dict[str, Any]:
    return {"id": m["id"], "from": parent, "step": kind, "score": score, "language": m.get("language"),
            "outlet": m.get("outlet"), "first_seen": m.get("first_seen")}
