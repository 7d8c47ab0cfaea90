"""How a search hit matched, said one way wherever it is shown: the API's JSON, the CLI, the web page.

A hit found by vectors was read either by its headline (``title``) or, for a query that reads
as a passage, by its title + lead vector; where the full model read the best stories again
(search_rerank) it has that cosine too.  :func:`reading` puts this on the hit as data, and
:func:`describe` is the one wording of it; before there was one, the CLI and the result's
``why`` called a title + lead reading "lead" and the web page left out the full model's cosine
for it.
"""
from __future__ import annotations

from typing import Any

#: How the explanation of a story under the vector bar starts (shown after those above it).
UNDER_BAR = "nearest, under the bar: "
#: What each value of a hit's ``field`` (search_rank.vector_ranking) was read by, in words.
FIELDS = {"title": "title", "lead": "title + lead"}


def reading(hit: dict[str, Any]) -> dict[str, Any] | None:
    """``{"vector": "title" | "title + lead", "cosine": c, "full_model_cosine": c or None}`` for
    a hit with a vector score, None for one found by keywords alone (or a filter)."""
    field = hit.get("field") or "title"
    cosine = hit.get("lead_cosine") if field == "lead" else hit.get("title_cosine")
    if not isinstance(cosine, (int, float)):
        return None
    strong = hit.get("strong_cosine")
    return {"vector": FIELDS.get(field, str(field)), "cosine": float(cosine),
            "full_model_cosine": float(strong) if isinstance(strong, (int, float)) else None}


def describe(read: dict[str, Any] | None) -> str:
    """``"title 0.71, full model 0.65"`` (no full model part where it did not read the hit);
    "" for no reading."""
    if not read:
        return ""
    text = f"{read['vector']} {read['cosine']:.2f}"
    full = read.get("full_model_cosine")
    return text + (f", full model {full:.2f}" if isinstance(full, (int, float)) else "")


def why(hits: list[dict[str, Any]]) -> str:
    """One line over a story's first hits: which articles matched how, in which language."""
    parts = []
    for h in hits[:4]:
        how = "+".join(h.get("matched_by") or []) or "filter"
        read = describe(h.get("reading", reading(h)))
        parts.append(f"{h.get('language') or '?'} {how}{' ' + read if read else ''} ({h['score']})")
    return "; ".join(parts)
