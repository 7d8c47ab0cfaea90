"""The FastAPI application: pages, the JSON API, static files, error handling and ``run_server``.

Every error becomes a 4xx with a one-line message (JSON under ``/api``, a page elsewhere);
an unexpected exception is logged and answered with a plain 500 that shows no traceback.
"""
from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..version import __version__
from ..errors import CrosswireError, InputError, NotFound
from ..embed import DEFAULT_EMBEDDER
from ..store import StoreError
from .auth import OpenToWrites, WriteToken, is_loopback, session_value
from . import services
from .context import BadRequest, WebConfig, WebState
from .drift import DriftSummary

log = logging.getLogger("crosswire.web")
HERE = Path(__file__).resolve().parent


class UploadLimit:
    """Refuse request bodies over ``limit`` bytes with 413 before anything parses them."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").decode("latin-1").strip()
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.limit:
                await self._refuse(scope, send)
                return
            chunks.append(body)
            if not message.get("more_body"):
                break
        whole = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": whole, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        response = JSONResponse({"error": f"upload is over the limit of {self.limit} bytes "
                                          f"({self.limit / 1048576:.0f} MB)", "status": 413}, status_code=413,
                                headers={"Connection": "close"})
        await response(scope, _ignore_receive, send)


async def _ignore_receive() -> Message:
    return {"type": "http.disconnect"}


def _scrub(request: Request, message: str) -> str:
    """Messages name the database by file name only: no server paths leave the process."""
    db = request.app.state.crosswire.config.db
    for form in {str(Path(db).resolve()), str(db)}:
        message = message.replace(f" in {form}", "").replace(form, Path(db).name)
    return message


def _error(request: Request, status: int, message: str, extra: dict[str, Any] | None = None) -> Response:
    message = _scrub(request, message)
    if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
        return JSONResponse({"error": message, "status": status, **(extra or {})}, status_code=status)
    from .pages import render_error

    return render_error(request, status, message)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body")]
        where = {"query": "query parameter", "path": "path parameter", "body": "upload field"}.get(
            str((err.get("loc") or ["?"])[0]), "parameter")
        parts.append(f"{where} {'.'.join(loc) or '?'!r}: {err.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]
        return _error(request, 422, _validation_message(exc), {"detail": detail})

    @app.exception_handler(BadRequest)
    async def bad(request: Request, exc: BadRequest) -> Response:
        return _error(request, exc.status, str(exc))

    @app.exception_handler(NotFound)
    async def missing(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.status_code != 404 else f"no page at {request.url.path[:200]}"
        return _error(request, exc.status_code, message)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return _error(request, 503, str(exc))

    @app.exception_handler(sqlite3.Error)
    async def database_error(request: Request, exc: sqlite3.Error) -> Response:
        log.warning("database error on %s: %s", request.url.path, exc)
        return _error(request, 503, f"the database cannot answer this request ({exc}); "
                                    "is it a crosswire database, and is another process migrating it?")

    @app.exception_handler(CrosswireError)
    async def crosswire_error(request: Request, exc: CrosswireError) -> Response:
        log.warning("request %s failed: %s", request.url.path, exc)
        return _error(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _error(request, 500, "internal error; the server log has the details")


def create_app(db: str | Path, *, read_only: bool = False, embedder: str | None = DEFAULT_EMBEDDER,
               max_upload_bytes: int = 20 * 1024 * 1024, background_drift: bool = False,
               token: str | None = None) -> FastAPI:
    """The web UI and JSON API over one database file; with ``token``, every write (any method
    but GET/HEAD/OPTIONS) needs ``Authorization: Bearer TOKEN`` and gets 401 without it."""
    from ..api.alerts import router as alerts_api_router
    from ..api.routes import router as api_router
    from .alert_views import router as alert_page_router
    from .pages import router as page_router

    app = FastAPI(title="crosswire", version=__version__,
                  description="Follow one news story across languages and outlets: stories, versions, "
                              "sentence-aligned comparison and fact drift.")
    state = app.state.crosswire = WebState(WebConfig(db=str(db), read_only=read_only, embedder=embedder,
                                                     max_upload_bytes=max_upload_bytes,
                                                     background_drift=background_drift,
                                                     write_session=session_value(token) if token else None))
    state.drift = DriftSummary(enabled=background_drift, session=state.session, compare=state.compare,
                               list_stories=services.list_stories, get_story=services.get_story)
    app.add_middleware(UploadLimit, limit=max_upload_bytes)
    if token:  # added last, so it runs first: a refused write's body is never read
        app.add_middleware(WriteToken, token=token)
    install_error_handlers(app)
    app.include_router(api_router)
    app.include_router(alerts_api_router)
    app.include_router(page_router)
    app.include_router(alert_page_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


def check_database(db: str | Path, *, read_only: bool) -> None:
    """Fail before serving when the database cannot be opened (or, read-only, has no schema)."""
    from ..app import Crosswire

    if read_only and not Path(db).exists():
        raise StoreError(f"{db}: no such database (--read-only cannot create one)")
    with Crosswire(db, embedder=None, read_only=read_only) as cw:
        if cw.store.schema_version == 0:
            raise StoreError(f"{db}: not a crosswire database (no schema); ingest something into it first")


def run_server(db: str | Path, *, host: str = "127.0.0.1", port: int = 8000, read_only: bool = False,
               embedder: str | None = DEFAULT_EMBEDDER, log_level: str = "warning", token: str | None = None) -> None:
    """Serve until interrupted; prints the address first. A host others can reach needs a
    ``token`` for writes, or ``read_only``."""
    import uvicorn

    if not is_loopback(host) and not token and not read_only:
        raise OpenToWrites(f"--host {host} lets other machines connect: give --token (or CROSSWIRE_TOKEN) so that"
                         f" only holders of it can write, or serve --read-only")
    check_database(db, read_only=read_only)
    app = create_app(db, read_only=read_only, embedder=embedder, background_drift=True, token=token)
    app.state.crosswire.drift.request()  # drift counts for the story list start at once, at low priority
    shown = f"[{host}]" if ":" in host else host
    if not read_only:  # alert POSTs that were due while no ingest ran (a hook back up) go out from here
        from ..alerts import DeliveryLoop

        DeliveryLoop(str(db)).start()
    print(f"crosswire web UI on http://{shown}:{port}/  (API: http://{shown}:{port}/api-reference; Ctrl-C to stop)",
          flush=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level)

