"""Server-rendered pages: stories, one story, compare, search, one article. Readable without JS."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from ..version import __version__
from ..app import Crosswire
from ..link.search_explain import describe
from . import compare_view, services, story_view
from .auth import SESSION_COOKIE, safe_next, signed_in
from .context import check_id
from .params import clean_date, clean_language, clean_outlet, clean_query, db_session, state_of

templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))
templates.env.globals.update(version=__version__, diff_kinds=compare_view.DIFF_KINDS,
                             fact_status=compare_view.FACT_STATUS)
templates.env.filters["outlet"] = lambda v: outlet_label(v)
templates.env.filters["when"] = lambda v: (str(v).replace("T", " ")[:16] + str(v)[19:]) \
    if v and "T" in str(v) else (v or "")
templates.env.filters["num"] = lambda v: (f"{v:,.0f}" if float(v).is_integer() else f"{v:,}") \
    if isinstance(v, (int, float)) and not isinstance(v, bool) else v
router = APIRouter(include_in_schema=False)
DB = Annotated[Crosswire, Depends(db_session)]
PAGE_SIZE = 50


def outlet_label(value: Any) -> str:
    """An outlet as shown: a name as it is ("news aktuell / presseportal"), a file path by its
    file name (the fallback for an input that names no outlet)."""
    text = str(value or "")
    return text if " / " in text else text.replace("\\", "/").rsplit("/", 1)[-1]


def render(request: Request, name: str, http_status: int = 200, **context: Any) -> HTMLResponse:
    config = state_of(request).config
    context.setdefault("read_only", config.read_only)
    context.setdefault("token_required", config.write_session is not None)
    context.setdefault("signed_in", signed_in(request.cookies.get(SESSION_COOKIE), config.write_session))
    return templates.TemplateResponse(request, name, context, status_code=http_status)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    titles = {400: "Bad request", 403: "Not allowed", 404: "Not found", 413: "Upload too large",
              422: "Invalid request", 503: "Unavailable"}
    return render(request, "error.html", http_status=status, title=titles.get(status, "Error"), message=message,
                  status=status)


def _filters(language: str | None, since: str | None, until: str | None,
             outlet: str | None = None) -> dict[str, str | None]:
    return {"language": clean_language(language), "since": clean_date(since, "since"),
            "until": clean_date(until, "until"), "outlet": clean_outlet(outlet)}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, cw: DB, language: str | None = None, since: str | None = None,
         until: str | None = None, page: int = 1, outlet: str | None = None) -> HTMLResponse:
    f = _filters(language, since, until, outlet)
    page = max(1, min(page, 100_000))
    languages = [r[0] for r in cw.store.conn.execute(
        "SELECT language FROM articles WHERE language IS NOT NULL GROUP BY language ORDER BY COUNT(*) DESC")]
    outlets = [r[0] for r in cw.store.conn.execute(
        "SELECT o FROM (SELECT COALESCE(outlet, json_extract(metadata, '$.wire')) AS o FROM articles)"
        " WHERE o IS NOT NULL GROUP BY o ORDER BY COUNT(*) DESC, o LIMIT 200")]
    context: dict[str, Any] = {"filters": f, "languages": languages, "outlets": outlets, "page": page,
                               "total_articles": cw.store.count()}
    # one row past the page says whether there is a next one
    found = services.list_stories(cw, since=f["since"], until=f["until"], language=f["language"],
                                  limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE, outlet=f["outlet"])
    shown = found[:PAGE_SIZE]
    # the story list names each story's outlets (text/outlets.py)
    named = services.story_outlets(cw, [str(s.get("id")) for s in shown if "outlets" not in s])
    outlets = {**named, **{str(s.get("id")): s["outlets"] for s in shown if "outlets" in s}}
    drift = state_of(request).drift
    context["stories"] = [dict(story_view.story_summary(s, outlets.get(str(s.get("id")))),
                               drift=drift.story_count_by_id(str(s.get("id")))) for s in shown]
    context["drift_state"] = drift.status()
    context["more"] = len(found) > PAGE_SIZE
    return render(request, "index.html", **context)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, cw: DB, story_id: str) -> HTMLResponse:
    check_id(story_id, "story id")
    data = services.get_story(cw, story_id)
    versions = story_view.story_versions(data)
    chain = story_view.provenance(data)
    roles = {str(link["to"]): link["kind"] for link in chain if link.get("to")}
    for v in versions:
        v["role"] = roles.get(str(v.get("id"))) or story_view.role_of(v)
    summary = story_view.story_summary(data)
    summary["drift"] = state_of(request).drift.story_count(data)
    relations = [dict(r, lines=story_view.evidence_lines(r.get("evidence"))) for r in story_view.relations_of(data)]
    return render(request, "story.html", story=data, summary=summary, versions=versions,
                  timeline=story_view.timeline(versions), provenance=chain,
                  relations=relations, titles={str(v.get("id")): v for v in versions},
                  pair_drift=state_of(request).drift.pair_counts_for(data))


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request, cw: DB, a: str | None = None, b: str | None = None) -> HTMLResponse:
    if not a or not b:
        return render(request, "compare_pick.html", http_status=400 if (a or b) else 200, a=a or "", b=b or "",
                      message="Choose two versions to compare." if (a or b) else None)
    first, second, result_dict = services.compare_pair(state_of(request), cw, a, b)
    rows = compare_view.build_rows(result_dict)
    return render(request, "compare.html", a=services.article_summary(first), b=services.article_summary(second),
                  rows=rows, facts=compare_view.fact_table(result_dict),
                  names=compare_view.name_table(result_dict),
                  counts=compare_view.diff_counts(result_dict),
                  differences=[d for d in result_dict.get("differences") or [] if isinstance(d, dict)],
                  boiler_a=compare_view.boilerplate(result_dict.get("a"), first),
                  boiler_b=compare_view.boilerplate(result_dict.get("b"), second),
                  dateline_a=first.dateline.text if first.dateline else None,
                  dateline_b=second.dateline.text if second.dateline else None)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, cw: DB, q: str | None = None, lang: str | None = None,
           near: str | None = None) -> HTMLResponse:
    query = clean_query(q, required=False)
    language = clean_language(lang)
    day = clean_date(near, "near")
    if query is None:
        return render(request, "search.html", q="", lang=language or "", near=day or "", result=None)
    result = services.search(cw, query, languages=[language] if language else None, near=day)
    groups = [_search_group(g) for g in result["groups"] if isinstance(g, dict)]
    return render(request, "search.html", q=query, lang=language or "", near=day or "", result=result, groups=groups)


def _search_group(group: dict[str, Any]) -> dict[str, Any]:
    story = group.get("story")
    story_id = story.get("id") if isinstance(story, dict) else (story if story is not None else group.get("story_id"))
    headline = group.get("headline") or group.get("title") or \
        (story.get("headline") if isinstance(story, dict) else None)
    hits = group.get("articles") or group.get("hits") or group.get("results") or []
    hits = [dict(h, snippet=_snippet(h.get("snippet")), how=_how(h)) for h in hits if isinstance(h, dict)]
    shown = {h.get("id") for h in hits}
    others = [v for v in group.get("versions") or [] if isinstance(v, dict) and v.get("id") not in shown]
    return {"story_id": str(story_id) if story_id is not None else None,
            "headline": story_view.clean_headline(str(headline)) if headline else None,
            "score": group.get("score"), "languages": group.get("languages") or [], "hits": hits, "others": others,
            "confident": group.get("confident", True) is not False,
            "tied": int(group.get("tied") or 1), "tie_break": group.get("tie_break")}


def _how(hit: dict[str, Any]) -> str:
    """How a search hit matched, in words: 'vector (title 0.71, full model 0.65) + keyword'."""
    read = describe(hit.get("reading") if isinstance(hit.get("reading"), dict) else None)
    return " + ".join(f"{way} ({read})" if way in ("vector", "version") and read else str(way)
                      for way in hit.get("matched_by") or [])


def _snippet(text: Any) -> Markup | None:
    """FTS snippets mark hits as [word]: escape, then turn those into <mark>."""
    if not isinstance(text, str) or not text:
        return None
    return Markup(re.sub(r"\[([^\[\]<>]{1,80})\]", r"<mark>\1</mark>", str(escape(text))))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, cw: DB, article_id: str) -> HTMLResponse:
    a = services.get_article(cw, article_id)
    return render(request, "article.html", article=a, summary=services.article_summary(a))


EXAMPLES = {"/api/articles": "/api/articles?language=de&limit=5", "/api/stories": "/api/stories",
            "/api/search": "/api/search?q=hydrogen", "/api": "/api"}


@router.get("/api-reference", response_class=HTMLResponse)
def api_reference(request: Request) -> HTMLResponse:
    """The API's operations from its own OpenAPI schema, readable offline (``/docs`` loads a CDN)."""
    operations = []
    for path, methods in request.app.openapi()["paths"].items():
        for method, op in methods.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "description": p.get("description") or p.get("schema", {}).get("description")}
                      for p in op.get("parameters", [])]
            if "requestBody" in op:
                params.append({"name": "files", "in": "multipart body", "required": True,
                               "description": "one or more .txt, .html or .jsonl files"})
            operations.append({"method": method, "path": path, "summary": op.get("summary", ""), "params": params,
                               "example": EXAMPLES.get(path) if method == "get" else None})
    return render(request, "api.html", operations=operations)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" '
           'fill="#1e3a5f"/><path d="M8 11h16M8 16h11M8 21h16" stroke="#fff" stroke-width="2.6" '
           'stroke-linecap="round"/></svg>')
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})



@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, next: str | None = None, failed: int = 0) -> HTMLResponse:  # noqa: A002
    """A server started with ``--token`` takes changes from a browser signed in with that token."""
    return render(request, "sign_in.html", title="Sign in", next=safe_next(next), failed=bool(failed))
