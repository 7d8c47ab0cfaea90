"""The JSON API under ``/api``; every handler is a thin call into :mod:`crosswire.web.services`."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse

from ..version import __version__
from ..app import Crosswire
from ..web import services
from ..web.context import ID_PATTERN, BadRequest
from ..web.params import (
    DATE_PATTERN,
    LANGUAGE_PATTERN,
    clean_date,
    clean_language,
    clean_outlet,
    clean_query,
    db_session,
    state_of,
)
from .models import ERRORS, ArticleDetail, ArticleSummary, CompareOut, ErrorOut, IngestOut, SearchOut, StatusOut

router = APIRouter(prefix="/api", responses=ERRORS)  # type: ignore[arg-type]
DB = Annotated[Crosswire, Depends(db_session)]
Language = Annotated[str | None, Query(pattern=LANGUAGE_PATTERN, max_length=12,
                                       description="ISO 639-1 code, e.g. de", examples=["de"])]
#: one language code or several, comma-separated (search's lang filter)
LANGUAGES_PATTERN = LANGUAGE_PATTERN.rstrip("$") + "(," + LANGUAGE_PATTERN.strip("^$") + ")*$"
Since = Annotated[str | None, Query(pattern=DATE_PATTERN, max_length=10,
                                    description="Published on or after: YYYY, YYYY-MM or YYYY-MM-DD")]
Until = Annotated[str | None, Query(pattern=DATE_PATTERN, max_length=10, description="Published on or before")]
ArticleId = Annotated[str, Path(pattern=ID_PATTERN, max_length=200, description="Article id")]
Outlet = Annotated[str | None, Query(max_length=100, description="Outlet or wire: any part of its name, any case",
                                     examples=["PR Newswire"])]
PairId = Annotated[str, Query(pattern=ID_PATTERN, max_length=200, description="Article id")]


@router.get("", response_model=StatusOut, summary="Version, size, read-only, upload limit")
def status(request: Request, cw: DB) -> dict[str, Any]:
    state = state_of(request)
    return {"version": __version__, "articles": cw.store.count(), "read_only": state.config.read_only,
            "max_upload_bytes": state.config.max_upload_bytes}


@router.get("/articles", response_model=list[ArticleSummary], summary="Articles, oldest first")
def articles(cw: DB, language: Language = None, since: Since = None, until: Until = None, outlet: Outlet = None,
             limit: Annotated[int, Query(ge=1, le=1000, description="At most this many (1-1000)")] = 100,
             offset: Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many first")] = 0
             ) -> list[dict[str, Any]]:
    rows = cw.articles(language=clean_language(language), since=clean_date(since, "since"),
                       until=clean_date(until, "until"), limit=limit, offset=offset, outlet=clean_outlet(outlet))
    return [services.article_summary(a) for a in rows]


@router.get("/articles/{article_id}", response_model=ArticleDetail, summary="One article with its sentences")
def article(cw: DB, article_id: ArticleId) -> dict[str, Any]:
    a = services.get_article(cw, article_id)
    return dict(a.to_dict(), **services.article_summary(a), text=a.text)


@router.get("/stories", response_model=list[dict[str, Any]], summary="Stories, newest first")
def stories(cw: DB, since: Since = None, until: Until = None, language: Language = None, outlet: Outlet = None,
            limit: Annotated[int, Query(ge=1, le=1000, description="At most this many (1-1000)")] = 100,
            offset: Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many first")] = 0
            ) -> list[dict[str, Any]]:
    return services.list_stories(cw, since=clean_date(since, "since"), until=clean_date(until, "until"),
                                 language=clean_language(language), limit=limit, offset=offset,
                                 outlet=clean_outlet(outlet))


@router.get("/stories/{story_id}", response_model=dict[str, Any],
            summary="One story: versions by language, timeline, outlets, provenance, relations")
def story(cw: DB, story_id: Annotated[str, Path(pattern=ID_PATTERN, max_length=200,
                                                description="Story id (or a version group or article id)")]
          ) -> dict[str, Any]:
    return services.get_story(cw, story_id)


@router.get("/compare", response_model=CompareOut, summary="Two versions aligned, facts matched, drift explained")
def compare(request: Request, cw: DB, a: PairId, b: PairId) -> dict[str, Any]:
    _, _, result = services.compare_pair(state_of(request), cw, a, b)
    return result


@router.get("/search", response_model=SearchOut, summary="Cross-lingual search, results grouped by story")
def search(cw: DB, q: Annotated[str, Query(min_length=1, max_length=500, description="Words, names or figures")],
           limit: Annotated[int, Query(ge=1, le=200, description="At most this many articles")] = 50,
           lang: Annotated[str | None, Query(pattern=LANGUAGES_PATTERN, max_length=60,
                                             description="Only articles in these languages, e.g. de or de,fr",
                                             examples=["de,fr"])] = None,
           near: Annotated[str | None, Query(max_length=10, description="When the text searched from appeared"
                                             " (YYYY-MM-DD): stories of that time first among equals",
                                             examples=["2022-03-14"])] = None
           ) -> dict[str, Any]:
    query = clean_query(q)
    assert query is not None
    return services.search(cw, query, limit=limit, languages=lang.split(",") if lang else None,
                           near=clean_date(near, "near"))


@router.post("/ingest", response_model=IngestOut, summary="Upload text, HTML or JSONL files to ingest",
             responses={403: {"model": ErrorOut, "description": "Server runs with --read-only"},
                        413: {"model": ErrorOut, "description": "Upload over the size limit"},
                        422: {"model": IngestOut | ErrorOut,  # type: ignore[dict-item]
                              "description": "Nothing in the upload could be read (see errors), or no files"}})
def ingest(request: Request, files: Annotated[list[UploadFile], File(description="Files: .txt, .html, .jsonl")]
           ) -> JSONResponse:
    state = state_of(request)
    if state.config.read_only:
        raise BadRequest("this server runs with --read-only: ingesting is disabled", status=403)
    uploads: list[tuple[str | None, bytes]] = []
    for f in files:
        data = f.file.read(state.config.max_upload_bytes + 1)
        if len(data) > state.config.max_upload_bytes:
            raise BadRequest(f"{f.filename!r} is over the upload limit of {state.config.max_upload_bytes} bytes", 413)
        uploads.append((f.filename, data))
    report = services.ingest_uploads(state, uploads)
    body = dict(report.to_dict(), ok=report.ok, ids=report.ids)
    body.pop("docs_per_second", None)
    return JSONResponse(body, status_code=200 if report.read or not report.errors else 422)
