"""What pages and the JSON API both do: read stories, search, compare two versions, ingest uploads."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from ..app import Crosswire, IngestReport
from ..article import Article
from ..errors import InputError
from .context import BadRequest, WebState, check_id, to_jsonable

UPLOAD_SUFFIXES = {".txt", ".jsonl", ".ndjson", ".html", ".htm", ".md"}


def article_summary(a: Article) -> dict[str, Any]:
    body = a.text[a.dateline.end:] if a.dateline and 0 < a.dateline.end < len(a.text) else a.text
    return {"id": a.id, "language": a.language, "title": a.title or headline(body), "outlet": a.outlet,
            "wire": a.metadata.get("wire"), "published": a.published, "date_precision": a.date_precision, "url": a.url, "source": a.source}


def headline(text: str, limit: int = 110) -> str:
    """First sentence-ish of an untitled text, cut at a word boundary."""
    first = next((line.strip(" -–—") for line in text.splitlines() if line.strip(" -–—")), "")
    if len(first) > limit:
        cut = first[:limit].rsplit(" ", 1)[0]
        return cut.rstrip(",;:") + "…"
    return first


def get_article(cw: Crosswire, article_id: str) -> Article:
    return cw.article(check_id(article_id))


# ---- stories ----------------------------------------------------------------------------------
def list_stories(cw: Crosswire, *, since: str | None = None, until: str | None = None, language: str | None = None,
                 limit: int | None = None, offset: int = 0, outlet: str | None = None) -> list[dict[str, Any]]:
    return to_jsonable(cw.stories(since=since, until=until, language=language, limit=limit,  # type: ignore[no-any-return]
                                  offset=offset, outlet=outlet))


def get_story(cw: Crosswire, story_id: str) -> dict[str, Any]:
    check_id(story_id, "story id")
    return to_jsonable(cw.story(story_id))  # type: ignore[no-any-return]  # NotFound: 404


def story_outlets(cw: Crosswire, story_ids: list[str]) -> dict[str, list[str]]:
    """Outlets of each story, most versions first (one query for a page of stories)."""
    if not story_ids:
        return {}
    marks = ",".join("?" * len(story_ids))
    rows = cw.store.conn.execute(
        f"SELECT m.story, COALESCE(a.outlet, a.source), COUNT(*) FROM memberships m JOIN articles a"
        f" ON a.id = m.article_id WHERE m.story IN ({marks}) GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2",
        story_ids).fetchall()
    out: dict[str, list[str]] = {}
    for sid, outlet, _ in rows:
        if outlet and not str(outlet).startswith(("/", "upload:")):
            out.setdefault(str(sid), []).append(str(outlet))
    return out


# ---- search ---------------------------------------------------------------------------------
def search(cw: Crosswire, q: str, *, limit: int = 50, languages: list[str] | None = None,
           near: str | None = None) -> dict[str, Any]:
    """Cross-lingual search grouped by story; ``languages`` keeps articles in those languages only;
    ``near`` (a checked date) ranks stories of that time first among equals."""
    groups = to_jsonable(cw.search(q, limit=min(limit, 50), languages=languages or None, near=near))
    found_in = sorted({h.get("language") or "?" for g in groups for h in g.get("hits") or []})
    return {"query": q, "mode": "cross-lingual", "groups": groups, "languages": found_in}


# ---- compare ----------------------------------------------------------------------------------
def compare_pair(state: WebState, cw: Crosswire, a_id: str,
                 b_id: str) -> tuple[Article, Article, dict[str, Any]]:
    """Both articles and their comparison."""
    check_id(a_id, "id for a")
    check_id(b_id, "id for b")
    a, b = cw.article(a_id), cw.article(b_id)
    return a, b, state.compare(a, b)


# ---- ingest -----------------------------------------------------------------------------------
def safe_name(name: str | None, index: int) -> str:
    """An uploaded file's name reduced to a harmless basename with a known suffix."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).lstrip(".")[:100] or f"upload-{index}"
    suffix = Path(base).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        base += ".txt"
    return f"{index:03d}-{base}"


def ingest_uploads(state: WebState, uploads: list[tuple[str | None, bytes]]) -> IngestReport:
    """Write uploads to a private temporary folder and ingest it; sources read ``upload:NAME``."""
    if not uploads:
        raise BadRequest("no files uploaded: send one or more files in the multipart field 'files'")
    with tempfile.TemporaryDirectory(prefix="crosswire-upload-") as tmp, state.ingest_lock:
        root = Path(tmp)
        for i, (name, data) in enumerate(uploads):
            (root / safe_name(name, i)).write_bytes(data)
        with state.session(write=True) as cw:
            report = _ingest_folder(cw, root)
    if report.added or report.updated:
        state.drift.reset()
    return report


def _ingest_folder(cw: Crosswire, root: Path) -> IngestReport:
    from ..ingest import ReadOptions, read_paths

    prefix = str(root) + "/"

    def public(source: str) -> str:
        return "upload:" + source[len(prefix):].split("-", 1)[-1] if source.startswith(prefix) else source

    report = IngestReport()

    def on_error(e: InputError) -> None:
        fixed = InputError(public(e.source), e.reason, line=e.line, field=e.field)
        report.errors.append(fixed)
        cw.store.record_error(fixed)

    def renamed(articles: Any) -> Any:
        for a in articles:
            a.source = public(a.source)
            if a.outlet and a.outlet.startswith(prefix):
                a.outlet = None
            yield a

    return cw.ingest_articles(renamed(read_paths([root], ReadOptions(on_error=on_error))), report=report)
