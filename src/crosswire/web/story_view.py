"""View models for story lists and story pages: headline, badges, timeline lanes, provenance.

The link module's results are read through small tolerant accessors (``_get``), so a field
renamed there degrades one cell of a page instead of the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..store.periods import period_bounds

ROLE_ORDER = ["original", "wire copy", "copy", "translation", "rewrite"]


def _get(obj: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        if isinstance(obj, dict) and obj.get(name) is not None:
            return obj[name]
        if not isinstance(obj, dict) and getattr(obj, name, None) is not None:
            return getattr(obj, name)
    return default


def role_of(version: dict[str, Any]) -> str:
    raw = str(_get(version, "role", "step", "kind", "relation", default="") or "").replace("_", " ").lower()
    if raw in ROLE_ORDER:
        return raw
    if raw in {"exact", "near duplicate", "reprint"}:
        return "copy"
    if raw in {"wire", "pickup"}:
        return "wire copy"
    return raw or "version"


@dataclass
class TimelineItem:
    id: str
    title: str
    language: str
    outlet: str
    published: str
    precision: str
    role: str
    left: float = 0.0
    width: float = 0.0
    level: int = 0


@dataclass
class Lane:
    language: str
    items: list[TimelineItem] = field(default_factory=list)
    levels: int = 1


@dataclass
class Timeline:
    lanes: list[Lane]
    ticks: list[tuple[float, str]]
    undated: list[TimelineItem]


def _parse(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp[:19])
    except ValueError:
        return None


def timeline(versions: list[dict[str, Any]]) -> Timeline:
    """Time on the x axis (percent), one lane per language; month-dated versions are bars."""
    items: list[tuple[TimelineItem, datetime, datetime]] = []
    undated: list[TimelineItem] = []
    for v in versions:
        item = TimelineItem(id=str(_get(v, "id", default="")), title=str(_get(v, "title", default="") or ""),
                            language=str(_get(v, "language", default="?") or "?"),
                            outlet=str(_get(v, "outlet", "source", default="") or ""),
                            published=str(_get(v, "published", default="") or ""),
                            precision=str(_get(v, "date_precision", default="") or ""), role=role_of(v))
        lo, hi = period_bounds(item.published or None)
        start, end = _parse(lo), _parse(hi)
        if start is None or end is None:
            undated.append(item)
        else:
            items.append((item, start, end))
    lanes: dict[str, Lane] = {}
    ticks: list[tuple[float, str]] = []
    if items:
        t0 = min(s for _, s, _ in items)
        t1 = max(e for _, _, e in items)
        span = max((t1 - t0).total_seconds(), 3600.0)
        pad = span * 0.04
        t0, span = t0 - timedelta(seconds=pad), span + 2 * pad
        for item, s, e in sorted(items, key=lambda x: (x[1], x[0].id)):
            item.left = round((s - t0).total_seconds() / span * 100, 2)
            item.width = round(max((e - s).total_seconds() / span * 100, 0.0), 2)
            lanes.setdefault(item.language, Lane(item.language)).items.append(item)
        for lane in lanes.values():
            ends: list[float] = []  # right edge (percent) of the last chip on each level
            for item in lane.items:
                right = item.left + max(item.width, 16.0)
                for level, edge in enumerate(ends):
                    if item.left >= edge:
                        item.level, ends[level] = level, right
                        break
                else:
                    item.level = len(ends)
                    ends.append(right)
            lane.levels = max(1, len(ends))
        ticks = _ticks(t0, t0 + timedelta(seconds=span))
    for item in undated:
        lanes.setdefault(item.language, Lane(item.language))
    ordered = sorted(lanes.values(), key=lambda ln: (min((i.left for i in ln.items), default=101), ln.language))
    return Timeline(lanes=ordered, ticks=ticks, undated=undated)


_STEPS = [(3600, "%H:%M"), (3 * 3600, "%H:%M"), (6 * 3600, "%b %d %H:%M"), (12 * 3600, "%b %d %H:%M"),
          (86400, "%Y-%m-%d"), (2 * 86400, "%Y-%m-%d"), (7 * 86400, "%Y-%m-%d"), (14 * 86400, "%Y-%m-%d"),
          (30 * 86400, "%Y-%m"), (91 * 86400, "%Y-%m"), (182 * 86400, "%Y-%m"), (365 * 86400, "%Y")]


def _ticks(start: datetime, end: datetime, most: int = 7) -> list[tuple[float, str]]:
    """Axis labels on round instants (hours, days, months, years), at most ``most`` of them."""
    span = (end - start).total_seconds()
    step, fmt = next(((st, f) for st, f in _STEPS if span / st <= most), _STEPS[-1])
    if step >= 365 * 86400:
        marks = [datetime(y, 1, 1) for y in range(start.year + 1, end.year + 1)]
    elif step >= 30 * 86400:
        months = step // (30 * 86400)
        marks, y, m = [], start.year, start.month
        while True:
            m += 1
            y, m = (y + 1, 1) if m > 12 else (y, m)
            mark = datetime(y, m, 1)
            if mark > end:
                break
            if (m - 1) % months == 0:
                marks.append(mark)
    else:
        midnight = datetime(start.year, start.month, start.day)
        k0 = -(-int((start - midnight).total_seconds()) // step)  # ceil: first round instant >= start
        marks = [midnight + timedelta(seconds=step * (k0 + k)) for k in range(int(span // step) + 2)]
    return [(round((m - start).total_seconds() / span * 100, 2), m.strftime(fmt))
            for m in marks if start <= m <= end][:most + 1]


def story_summary(story: Any, outlets: list[str] | None = None) -> dict[str, Any]:
    """One row of the story list, whatever shape the link module returns."""
    versions = story_versions(story)
    langs = _get(story, "languages", default=None)
    if isinstance(langs, dict):
        langs = list(langs)
    if not langs:
        langs = sorted({str(_get(v, "language", default="?")) for v in versions})
    if outlets is None:
        found = _get(story, "outlets", default=None)
        outlets = list(found) if isinstance(found, (dict, list)) else []
        if not outlets:
            outlets = sorted({str(o) for v in versions for o in [_get(v, "outlet", "source")] if o})
    n_versions = _get(story, "n_versions", "version_count", "size", default=None)
    if n_versions is None:
        counted = _get(story, "articles", default=None)
        n_versions = counted if isinstance(counted, int) else len(versions)
    groups = _get(story, "version_groups", default=None)
    drift = _get(story, "n_differences", "drift", "drift_count", default=None)
    return {"id": str(_get(story, "id", "story_id", default="")),
            "headline": clean_headline(str(_get(story, "headline", "title", default="") or "")) or "(untitled story)",
            "languages": [str(x) for x in langs], "outlets": [str(x) for x in outlets][:6],
            "more_outlets": max(0, len(outlets) - 6),
            "first_seen": _day(_get(story, "first_seen", "start", "published", default="")),
            "last_seen": _day(_get(story, "last_seen", "end", default="")),
            "versions": int(n_versions) if isinstance(n_versions, (int, float)) else 0,
            "groups": groups if isinstance(groups, int) else (len(groups) if isinstance(groups, list) else None),
            "drift": int(drift) if isinstance(drift, (int, float)) else None}


_WIRE_DATELINE = re.compile(r"^[^\n]{0,90}?(?:/[A-Za-z][A-Za-z .-]{1,30}/|\((?:ots|AP|dpa|AFP|Reuters|AIN)[^)]{0,30}\))"
                            r"\s*[-–—]+\s*")


def clean_headline(text: str, limit: int = 110) -> str:
    """A story title taken from body text: no wire dateline, cut at a word near ``limit``."""
    text = _WIRE_DATELINE.sub("", text.strip()) or text.strip()
    text = text[:1].upper() + text[1:]
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def _day(value: Any) -> str:
    """'2025-03-01T00:00:00' -> '2025-03-01'; times other than midnight are kept."""
    text = str(value or "")
    return text[:10] if text.endswith("T00:00:00") else text.replace("T", " ")[:16]


ROLE_OF_TYPE = {"exact": "copy", "near_duplicate": "copy", "copy": "copy", "reprint": "copy",
                "translation": "translation", "rewrite": "rewrite", "same_story": "rewrite", "paraphrase": "rewrite"}


def story_versions(story: Any) -> list[dict[str, Any]]:
    """Every version of a story, flat, each with its version group and role."""
    groups = _get(story, "version_groups", default=None)
    if isinstance(groups, list):
        relations = relations_of(story)
        flat: list[dict[str, Any]] = []
        for g in groups:
            if not isinstance(g, dict):
                continue
            members = [v for v in g.get("versions") or [] if isinstance(v, dict)]
            original = g.get("original") or (members[0]["id"] if members else None)
            for v in members:
                role = "original" if v.get("id") == original else _role_between(relations, original, v.get("id"))
                flat.append(dict(v, version_group=g.get("id"), role=v.get("role") or role))
        return flat
    versions = _get(story, "versions", "members", default=None)
    if versions is None:
        versions = _get(story, "articles", default=[])
    if isinstance(versions, dict):  # grouped by language
        versions = [dict(v, language=v.get("language") or lang) for lang, group in versions.items()
                    for v in (group if isinstance(group, list) else [group]) if isinstance(v, dict)]
    return [v for v in versions if isinstance(v, dict)] if isinstance(versions, list) else []


def relations_of(story: Any) -> list[dict[str, Any]]:
    rel = _get(story, "relations", "links", default=[]) or []
    return [r for r in rel if isinstance(r, dict)] if isinstance(rel, list) else []


def _ends(r: dict[str, Any]) -> tuple[Any, Any]:
    return _get(r, "a", "from", "source"), _get(r, "b", "to", "target")


def _role_between(relations: list[dict[str, Any]], a: Any, b: Any) -> str:
    best: dict[str, Any] | None = None
    for r in relations:
        if set(_ends(r)) == {a, b} and (best is None or (r.get("score") or 0) > (best.get("score") or 0)):
            best = r
    if best is None:
        return "version"
    return ROLE_OF_TYPE.get(str(_get(best, "type", "kind", "relation", default="")), "version")


def evidence_lines(evidence: Any) -> list[str]:
    """A relation's evidence as short readable lines."""
    if isinstance(evidence, str):
        return [evidence]
    if isinstance(evidence, list):
        return [str(e) for e in evidence]
    if not isinstance(evidence, dict):
        return []
    labels = {"figures": "shared figures", "years": "shared years", "dates": "shared dates",
              "names": "shared names", "length_ratio": "length ratio", "days_apart": "days apart",
              "similarity": "similarity", "jaccard": "text overlap", "score": "link score"}
    out = []
    for key, value in evidence.items():
        if key == "score" and len(evidence) > 1:  # shown next to the link already
            continue
        label = labels.get(key, key.replace("_", " "))
        if isinstance(value, list):
            shown = ", ".join(map(str, value[:10])) + (f" … (+{len(value) - 10})" if len(value) > 10 else "")
            out.append(f"{label}: {shown}" if value else f"{label}: none")
        elif isinstance(value, float):
            out.append(f"{label}: {value:.2f}")
        else:
            out.append(f"{label}: {value}")
    return out


def provenance(story: Any) -> list[dict[str, Any]]:
    """Links of each group's chain original → wire copy → translation → rewrite, with evidence.

    Uses the link module's ``provenance`` of each version group when present; otherwise each
    version is linked to the earlier version it relates to most strongly (the original first)."""
    groups = _get(story, "version_groups", default=None)
    relations = relations_of(story)
    out: list[dict[str, Any]] = []
    for g in groups if isinstance(groups, list) else [story]:
        if not isinstance(g, dict):
            continue
        chain = g.get("provenance") if isinstance(g.get("provenance"), list) else None
        if chain:
            out += [_link(x, g.get("id"), relations) for x in chain if isinstance(x, dict)]
            continue
        members = [v for v in g.get("versions") or [] if isinstance(v, dict)]
        out += _derived_chain(members, relations, g.get("id"))
    return out


def _link(x: dict[str, Any], group: Any, relations: list[dict[str, Any]]) -> dict[str, Any]:
    parent = _get(x, "from", "parent", "source", "a", default=None)
    child = _get(x, "to", "child", "target", "b", "id", default=None)
    evidence = _get(x, "evidence", default=None)
    if evidence is None and parent is not None:  # the relation that made the link carries it
        rel = [r for r in relations if set(_ends(r)) == {parent, child}]
        best = max(rel, key=lambda r: r.get("score") or 0) if rel else None
        evidence = best.get("evidence") if best else ["no direct relation recorded"]
    return {"from": parent, "to": child, "kind": role_of({"role": _get(x, "role", "step", "kind", "type", default="")}),
            "score": _get(x, "score", "confidence", default=None), "group": group,
            "evidence": evidence_lines(evidence) if parent is not None else ["earliest version of this text"]}


def _derived_chain(members: list[dict[str, Any]], relations: list[dict[str, Any]], group: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if not members:
        return out
    out.append({"from": None, "to": members[0].get("id"), "kind": "original", "score": None, "group": group,
                "evidence": ["earliest version of this text"]})
    for k, v in enumerate(members[1:], start=1):
        earlier = [m.get("id") for m in members[:k]]
        candidates = [r for r in relations
                      if v.get("id") in _ends(r) and (set(_ends(r)) - {v.get("id")}) & set(earlier)]
        if not candidates:
            continue
        best = max(candidates, key=lambda r: (_ends(r)[0] == earlier[0] or _ends(r)[1] == earlier[0],
                                              r.get("score") or 0))
        parent = next(x for x in _ends(best) if x != v.get("id"))
        out.append({"from": parent, "to": v.get("id"), "score": best.get("score"), "group": group,
                    "kind": ROLE_OF_TYPE.get(str(best.get("type")), str(best.get("type") or "version")),
                    "evidence": evidence_lines(best.get("evidence"))})
    return out
