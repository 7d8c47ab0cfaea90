"""The pickup report: one row per version of a story, measured against the original, plus totals."""
from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from ..errors import NotFound
from ..store import SQLiteStore
from .versions import (CompareFn, article_rows, delay_hours, first_seen, load_story, measure, outlet_name,
                       pickup_kind, relation_to_original, story_versions)

#: CSV columns, in order; list-valued fields are joined with ';'
COLUMNS = ["id", "outlet", "language", "first_seen", "date_precision", "delay_hours", "relation", "pickup",
           "coverage", "drift", "drift_kinds", "title", "url"]


def pickup_report(store: SQLiteStore, ident: str, *, compare_fn: CompareFn | None = None) -> dict[str, Any]:
    """Where and how faithfully a text was picked up.

    ``ident``: an article id (that article is the original the others are measured against) or a
    story / version group id (the story's first-seen version is the original).  Every version is
    compared with the original once (crosswire.compare), which is what the report costs."""
    data = load_story(store, ident)
    versions = story_versions(data)
    if not versions:
        raise NotFound(f"story {data.get('id')!r} has no versions")
    ids = [v["id"] for v in versions]
    original_id = ident if ident in ids else ids[0]
    rows = article_rows(store, ids)
    original_row = rows[original_id]
    groups = {v["id"]: v.get("version_group") for v in versions}
    original = store.get(original_id)
    out_rows: list[dict[str, Any]] = []
    for v in sorted(versions, key=lambda v: (v["id"] != original_id, ids.index(v["id"]))):
        row = rows[v["id"]]
        relation = relation_to_original(data, original_id, v, original_row.get("language"))
        measured = measure(original, original if v["id"] == original_id else store.get(v["id"]), compare_fn)
        when, precision = first_seen(row)
        counts = measured["difference_counts"]
        out_rows.append({
            "id": v["id"], "outlet": outlet_name(row), "language": row.get("language"), "first_seen": when,
            "date_precision": precision, "delay_hours": delay_hours(original_row, row) if v["id"] != original_id
            else 0.0, "relation": relation["type"], "relation_score": relation["score"], "via": relation["via"],
            "pickup": "original" if v["id"] == original_id else
            pickup_kind(row, original_row, groups.get(v["id"]) == groups.get(original_id)),
            "coverage": measured["coverage"], "drift": sum(counts.values()), "drift_kinds": counts,
            "differences": measured["differences"], "title": row.get("title"), "url": row.get("url")})
    return {"story": {"id": data.get("id"), "title": data.get("title"), "first_seen": data.get("first_seen"),
                      "last_seen": data.get("last_seen")},
            "original": original_id, "rows": out_rows, "totals": totals(out_rows)}


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    pickups = [r for r in rows if r["pickup"] != "original"]
    delays = [r["delay_hours"] for r in pickups if r["delay_hours"] is not None]
    kinds = Counter(r["pickup"] for r in pickups)
    drift_kinds: Counter[str] = Counter()
    for r in pickups:
        drift_kinds.update(r["drift_kinds"])
    return {"versions": len(rows), "pickups": len(pickups),
            "outlets": len({r["outlet"] for r in rows if r["outlet"]}),
            "languages": sorted({r["language"] for r in rows if r["language"]}),
            "median_delay_hours": statistics.median(delays) if delays else None,
            "delays_known": len(delays),
            "verbatim": kinds.get("verbatim", 0), "rewritten": kinds.get("rewritten", 0),
            "translated": kinds.get("translated", 0),
            "with_drift": sum(1 for r in pickups if r["drift"]), "drift_kinds": dict(drift_kinds)}
