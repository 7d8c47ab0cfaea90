"""The JSON body of an alert's POST: the article, its story, its relation to the story's original,
and the differences crosswire.compare finds against that original."""
from __future__ import annotations

import sqlite3
from typing import Any

from ..version import __version__
from ..article import Article
from ..errors import NotFound
from ..report.versions import (CompareFn, article_rows, first_seen, load_story, measure, outlet_name,
                               relation_to_original, story_versions)
from ..store import SQLiteStore


def _is_revision(store: SQLiteStore, article_id: str) -> bool:
    try:
        return store.conn.execute("SELECT 1 FROM article_revisions WHERE article_id = ?",
                                  (article_id,)).fetchone() is not None
    except sqlite3.OperationalError:
        return False


def build_payload(store: SQLiteStore, article: Article, *, compare_fn: CompareFn | None = None) -> dict[str, Any]:
    row = article_rows(store, [article.id]).get(article.id, {})
    when, precision = first_seen(row)
    body: dict[str, Any] = {
        "crosswire": __version__,
        # watch marks a page's new version before storing it; the revisions table is written after
        "event": "revision" if article.metadata.get("revision_of") or _is_revision(store, article.id)
        else "new_version",
        "article": {"id": article.id, "title": article.title, "language": article.language,
                    "published": article.published, "date_precision": precision, "first_seen": when,
                    "outlet": outlet_name(row), "url": article.url, "source": article.source,
                    "lead": " ".join(s.text for s in article.sentences[:2])},
        "story": None, "relation": None, "coverage": None, "differences": [], "difference_counts": {}}
    try:
        data = load_story(store, article.id)
    except NotFound:
        body["event"] = "match"  # stored without linking: no story to measure against
        return body
    versions = story_versions(data)
    original_id = versions[0]["id"] if versions else article.id
    original_row = article_rows(store, [original_id]).get(original_id, {})
    body["story"] = {"id": data.get("id"), "title": data.get("title"), "versions": len(versions),
                     "languages": sorted(data.get("by_language") or {}),
                     "original": {"id": original_id, "language": original_row.get("language"),
                                  "outlet": outlet_name(original_row), "published": original_row.get("published")}}
    me = next((v for v in versions if v["id"] == article.id), {"id": article.id, "language": article.language})
    body["relation"] = dict(relation_to_original(data, original_id, me, original_row.get("language")),
                            original=original_id)
    if original_id == article.id:
        body["event"] = "new_story" if body["event"] != "revision" else "revision"
        return body
    measured = measure(store.get(original_id), article, compare_fn)
    body.update(coverage=measured["coverage"], differences=measured["differences"],
                difference_counts=measured["difference_counts"])
    body["differences_note"] = "a_text is the original's sentence, b_text this version's"
    return body
