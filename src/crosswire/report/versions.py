"""A story's versions measured against its original: outlet, delay, relation, coverage, drift.

Shared by the pickup report and by alert payloads, so a webhook and a report say the same thing
about one version.  Comparisons are crosswire.compare's; nothing here re-implements them.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from ..article import Article
from ..errors import NotFound
from ..store import SQLiteStore, chunks

#: compare(original, version) -> Comparison or its dict; the web passes its cached compare
CompareFn = Callable[[Article, Article], Any]

#: provenance steps (crosswire.link.provenance) named as the relation types of the relations table
STEP_RELATION = {"copy": "near_duplicate", "wire copy": "near_duplicate", "version": "near_duplicate",
                 "rewrite": "same_story"}

#: dates this precise (or finer) give a delay; a month-dated version could be days either way
DELAY_PRECISIONS = frozenset({"day", "time"})


def default_compare(a: Article, b: Article) -> Any:
    from ..compare import compare

    return compare(a, b)


def as_dict(result: Any) -> dict[str, Any]:
    """A Comparison or an already plain dict, as the plain dict."""
    if hasattr(result, "to_dict"):
        result = result.to_dict()
    if not isinstance(result, dict):
        raise TypeError(f"compare returned {type(result).__name__}, not a comparison")
    return result


def load_story(store: SQLiteStore, ident: str) -> dict[str, Any]:
    """The link module's view of the story that ``ident`` (story, version group or article id) is in."""
    from ..link.views import story

    try:
        return story(store, ident)
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise NotFound(f"{ident!r}: this database has not been linked (ingest without --no-link)") from exc
        raise


def story_versions(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every version of a story, in the link module's first-seen order (the timeline's)."""
    by_id = {v["id"]: v for g in data.get("version_groups") or [] for v in g.get("versions") or []}
    return [by_id[t["id"]] for t in data.get("timeline") or [] if t["id"] in by_id]


def article_rows(store: SQLiteStore, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The columns a report needs, straight from ``articles`` (the story view folds outlet into source)."""
    out: dict[str, dict[str, Any]] = {}
    for part in chunks(ids):
        marks = ",".join("?" * len(part))
        for r in store.conn.execute(
                f"SELECT id, outlet, url, source, dateline, published, published_start, date_precision, language,"
                f" title, ingested_at FROM articles WHERE id IN ({marks})", part):
            out[r[0]] = dict(zip(("id", "outlet", "url", "source", "dateline", "published", "published_start",
                                  "date_precision", "language", "title", "ingested_at"), tuple(r)))
    return out


def outlet_name(row: dict[str, Any]) -> str | None:
    """The outlet column; else the URL's host; else the wire the dateline names; else the file name."""
    if row.get("outlet"):
        return str(row["outlet"])
    if row.get("url"):
        host = urlsplit(str(row["url"])).hostname or ""
        if host:
            return host.removeprefix("www.")
    dateline = row.get("dateline")
    if dateline:
        wire = (json.loads(dateline) if isinstance(dateline, str) else dateline or {}).get("wire")
        if wire:
            return str(wire)
    source = str(row.get("source") or "")
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    return name.removeprefix("upload:") or None


def first_seen(row: dict[str, Any]) -> tuple[str | None, str | None]:
    """(when, precision): the published date at its precision, else when crosswire stored it."""
    if row.get("published"):
        return str(row["published"]), row.get("date_precision")
    if row.get("ingested_at"):
        return str(row["ingested_at"]), "time"
    return None, None


def _instant(row: dict[str, Any]) -> datetime | None:
    when, precision = first_seen(row)
    if when is None or precision not in DELAY_PRECISIONS:
        return None
    start = row.get("published_start") if row.get("published") else when
    try:
        moment = datetime.fromisoformat(str(start))
    except ValueError:
        return None
    return moment.replace(tzinfo=None) if moment.tzinfo is None else moment.astimezone(tz=None).replace(tzinfo=None)


def delay_hours(original: dict[str, Any], version: dict[str, Any]) -> float | None:
    """Hours from the original to this version; None when either date is coarser than a day."""
    a, b = _instant(original), _instant(version)
    if a is None or b is None:
        return None
    return round((b - a).total_seconds() / 3600, 2)


def relation_to_original(data: dict[str, Any], original: str, version: dict[str, Any],
                         original_language: str | None) -> dict[str, Any]:
    """How a version relates to the original: the stored relation when the linker related the two
    directly; else, within the original's version group, 'translation' across languages or the
    version's own provenance step (a copy of a copy); else 'same_story': another text of the
    story (another release, a rewrite), in whatever language."""
    vid = version["id"]
    if vid == original:
        return {"type": "original", "score": None, "via": None}
    for r in data.get("relations") or []:
        if {r.get("a"), r.get("b")} == {original, vid} and r.get("type") != "same_story":
            return {"type": r["type"], "score": r.get("score"), "via": None}
    groups = {v["id"]: g.get("id") for g in data.get("version_groups") or [] for v in g.get("versions") or []}
    if groups.get(vid) is None or groups.get(vid) != groups.get(original):
        return {"type": "same_story", "score": None, "via": None}
    group = next(g for g in data["version_groups"] if g.get("id") == groups[vid])
    step = next((p for p in group.get("provenance") or [] if p.get("id") == vid), {})
    if version.get("language") and original_language and version["language"] != original_language:
        return {"type": "translation", "score": step.get("score"), "via": step.get("from")}
    kind = STEP_RELATION.get(str(step.get("step")), str(step.get("step") or "near_duplicate"))
    return {"type": kind, "score": step.get("score"), "via": step.get("from")}


def pickup_kind(version: dict[str, Any], original: dict[str, Any], same_group: bool) -> str:
    """verbatim (a copy: the linker put it in the original's version group, same language),
    translated (in that group, another language) or rewritten (another text of the story: the
    same events told in other words, in any language)."""
    if not same_group:
        return "rewritten"
    if version.get("language") and original.get("language") and version["language"] != original["language"]:
        return "translated"
    return "verbatim"


def measure(original: Article, version: Article, compare_fn: CompareFn | None = None) -> dict[str, Any]:
    """Coverage (share of the original's sentences aligned to some sentence of the version) and
    the differences compare finds, original as A and the version as B."""
    if original.id == version.id:
        return {"coverage": 1.0, "differences": [], "difference_counts": {}}
    result = as_dict((compare_fn or default_compare)(original, version))
    carried = {i for bead in result.get("alignment") or [] if bead.get("b_index") for i in bead.get("a_index") or []}
    total = len(original.sentences)
    differences = [d for d in result.get("differences") or [] if isinstance(d, dict)]
    return {"coverage": round(len(carried) / total, 3) if total else None, "differences": differences,
            "difference_counts": dict(Counter(str(d.get("kind")) for d in differences))}
