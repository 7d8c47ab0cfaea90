"""The read side of linking: story lists, one story in full, export.  Plain dicts, JSON-ready."""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from ..errors import NotFound
from ..store import SQLiteStore, chunks
from ..store.periods import period_bounds
from ..store.sqlite import OUTLET_MATCH, like_pattern
from .store import FIRST_SEEN_ORDER


def export(store: SQLiteStore) -> list[dict[str, Any]]:
    """Every article with its version group and story (``null`` while not linked yet)."""
    rows = store.conn.execute(
        "SELECT a.id, a.language, a.published, a.source, a.title, m.version_group, m.story FROM articles a"
        " LEFT JOIN memberships m ON m.article_id = a.id ORDER BY a.seq").fetchall()
    return [{"id": r[0], "version_group": r[5], "story": r[6], "language": r[1], "published": r[2],
             "source": r[3], "title": r[4]} for r in rows]


def stories(store: SQLiteStore, *, since: str | None = None, until: str | None = None,
            language: str | None = None, limit: int | None = None, offset: int = 0,
            outlet: str | None = None) -> list[dict[str, Any]]:
    """Stories newest first; ``since``/``until`` match any overlap, ``language`` any version in
    it, ``outlet`` any version whose outlet or wire contains the name; ``limit``/``offset`` page
    through them in SQL (a front page needs twenty, not all). Each lists its outlets."""
    where: list[str] = []
    args: list[Any] = []
    if since:
        where.append("s.last_seen >= ?")
        args.append(_bound(since, "since", 0))
    if until:
        where.append("(s.first_seen IS NULL OR s.first_seen <= ?)")
        args.append(_bound(until, "until", 1))
    if language:
        where.append("EXISTS (SELECT 1 FROM memberships m JOIN articles a ON a.id = m.article_id"
                     " WHERE m.story = s.id AND a.language = ?)")
        args.append(language)
    if outlet:
        where.append("EXISTS (SELECT 1 FROM memberships m JOIN articles a ON a.id = m.article_id"
                     f" WHERE m.story = s.id AND {OUTLET_MATCH.format(a='a.')})")
        args += [like_pattern(outlet)] * 2
    sql = ("SELECT s.id, s.title, s.groups, s.size, s.languages, s.first_seen, s.last_seen FROM stories s"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY s.first_seen IS NULL, s.first_seen DESC, s.id")
    if limit or offset:
        sql += " LIMIT ? OFFSET ?"
        args += [int(limit) if limit else -1, int(offset)]
    found = [{"id": r[0], "title": r[1], "version_groups": r[2], "articles": r[3],
              "languages": sorted(x for x in json.loads(r[4] or "[]") if x), "first_seen": r[5], "last_seen": r[6]}
             for r in store.conn.execute(sql, args)]
    outlets = story_outlets(store, [s["id"] for s in found])
    for s in found:
        s["outlets"] = outlets.get(s["id"], [])
    return found


def story_outlets(store: SQLiteStore, story_ids: list[str]) -> dict[str, list[str]]:
    """Each story's outlets, most versions first: the named outlet, else the wire; an article that
    names neither (a text file without a dateline or footer) is left out, not shown by file name."""
    out: dict[str, list[str]] = {}
    for chunk in chunks(story_ids):
        rows = store.conn.execute(
            "SELECT m.story, COALESCE(a.outlet, json_extract(a.metadata, '$.wire')) AS o, COUNT(*) AS n"
            " FROM memberships m JOIN articles a ON a.id = m.article_id"
            f" WHERE m.story IN ({','.join('?' * len(chunk))})"
            " AND COALESCE(a.outlet, json_extract(a.metadata, '$.wire')) IS NOT NULL"
            " GROUP BY m.story, o ORDER BY m.story, n DESC, o", chunk).fetchall()
        for sid, name, _ in rows:
            out.setdefault(sid, []).append(name)
    return out


def _bound(value: str, option: str, side: int) -> str:
    """Start (side 0) or end (side 1) of the period ``value`` names."""
    bound = period_bounds(value)[side]
    if bound is None:
        raise ValueError(f"--{option} {value!r}: expected an ISO date such as 2022-11 or 2022-11-11")
    return bound


def story_id_of(store: SQLiteStore, ident: str) -> str:
    """A story id, or the story of a version group or article id."""
    conn = store.conn
    if conn.execute("SELECT 1 FROM stories WHERE id = ?", (ident,)).fetchone():
        return ident
    row = conn.execute("SELECT story FROM version_groups WHERE id = ?", (ident,)).fetchone() or \
        conn.execute("SELECT story FROM memberships WHERE article_id = ?", (ident,)).fetchone()
    if row is None or row[0] is None:
        raise NotFound(f"no story, version group or linked article {ident!r} in {store.path}")
    return row[0]


def story(store: SQLiteStore, ident: str) -> dict[str, Any]:
    """One story: its version groups (original first, then the path of copies and
    translations), versions by language, a timeline, outlets, and relations with evidence."""
    from .provenance import provenance

    sid = story_id_of(store, ident)
    conn = store.conn
    head = conn.execute("SELECT id, title, groups, size, languages, first_seen, last_seen FROM stories WHERE id = ?",
                        (sid,)).fetchone()
    rows = conn.execute(
        f"SELECT a.id, a.title, a.language, a.published, a.source, a.outlet, a.url, a.ingested_at,"
        f" m.version_group, a.dateline, json_extract(a.metadata, '$.wire') FROM memberships m JOIN articles a ON a.id = m.article_id WHERE m.story = ?"
        f" ORDER BY {FIRST_SEEN_ORDER}", (sid,)).fetchall()
    articles = [{"id": r[0], "title": r[1], "language": r[2], "published": r[3], "source": r[4],
                 "outlet": r[5] or r[10] or r[4], "url": r[6], "first_seen": r[3] or r[7], "version_group": r[8],
                 "wire": r[10] or ((json.loads(r[9]) or {}).get("wire") if r[9] else None)}
                for r in rows]
    ids = [a["id"] for a in articles]
    relations = _relations(store, ids)
    by_group: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in articles:
        by_group[a["version_group"]].append(a)
    groups = [{"id": gid, "original": members[0]["id"], "languages": sorted({m["language"] or "?" for m in members}),
               "versions": members, "provenance": provenance(members, relations)}
              for gid, members in by_group.items()]
    by_language: dict[str, list[str]] = defaultdict(list)
    outlets: dict[str, int] = defaultdict(int)
    for a in articles:
        by_language[a["language"] or "?"].append(a["id"])
        outlets[a["outlet"] or "?"] += 1
    return {"id": sid, "title": head[1] if head else None, "first_seen": head[5] if head else None,
            "last_seen": head[6] if head else None, "version_groups": groups, "by_language": dict(by_language),
            "timeline": [{"at": a["first_seen"], "id": a["id"], "language": a["language"], "outlet": a["outlet"],
                          "version_group": a["version_group"], "title": a["title"]} for a in articles],
            "outlets": dict(sorted(outlets.items(), key=lambda kv: -kv[1])), "relations": relations}


def _relations(store: SQLiteStore, ids: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    wanted = set(ids)
    for part in chunks(ids):
        marks = ",".join("?" * len(part))
        for r in store.conn.execute(f"SELECT a, b, type, score, evidence FROM relations WHERE a IN ({marks})", part):
            if r[1] in wanted:
                out.append({"a": r[0], "b": r[1], "type": r[2], "score": r[3], "evidence": json.loads(r[4])})
    return out
