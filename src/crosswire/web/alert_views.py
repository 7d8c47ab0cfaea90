"""Pages for alerts (``/alerts``) and pickup reports (``/report/ID``), and what the API shares with them."""
from __future__ import annotations

import ipaddress
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup

from ..app import Crosswire
from ..errors import CrosswireError, NotFound
from .context import BadRequest, WebState, check_id
from .params import db_session, state_of

router = APIRouter(include_in_schema=False)
DB = Annotated[Crosswire, Depends(db_session)]


def local_client(request: Request) -> bool:
    """A request from this machine: only such a client may point a webhook at private addresses,
    or anyone who can reach the server could make it POST into its network."""
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def add(cw: Crosswire, webhook: str, *, query: str | None, story: str | None, allow_private: bool) -> Any:
    try:
        return cw.add_alert(webhook, query=query, story=story, allow_private=allow_private)
    except NotFound:
        raise
    except CrosswireError as exc:
        raise BadRequest(str(exc)) from exc


def report(state: WebState, cw: Crosswire, ident: str) -> dict[str, Any]:
    """The pickup report, through the app's compare cache (a reload costs no new comparisons)."""
    from ..report import pickup_report

    check_id(ident, "article or story id")
    return pickup_report(cw.store, ident, compare_fn=state.compare)


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, cw: DB, added: int | None = None, error: str | None = None) -> HTMLResponse:
    from .pages import render

    return render(request, "alerts.html", alerts=cw.alerts(), deliveries=cw.alert_deliveries(limit=100),
                  added=added, error=(error or "")[:300] or None, local=local_client(request))


@router.post("/alerts", response_class=HTMLResponse)
def alerts_add(request: Request, cw: DB, webhook: Annotated[str, Form(max_length=2000)],
               watch: Annotated[str, Form(pattern="^(query|story)$")], value: Annotated[str, Form(max_length=500)],
               allow_private: Annotated[bool, Form()] = False) -> RedirectResponse:
    if state_of(request).config.read_only:
        raise BadRequest("this server runs with --read-only: alerts cannot be changed", status=403)
    if allow_private and not local_client(request):
        raise BadRequest("allow private addresses is accepted only from a browser on this machine", status=403)
    try:
        alert = add(cw, webhook, query=value if watch == "query" else None,
                    story=value.strip() if watch == "story" else None, allow_private=allow_private)
    except (BadRequest, NotFound) as exc:
        from urllib.parse import quote

        return RedirectResponse(f"/alerts?error={quote(str(exc)[:300])}", status_code=303)
    return RedirectResponse(f"/alerts?added={alert.id}", status_code=303)


@router.post("/alerts/{alert_id}/remove", response_class=HTMLResponse)
def alerts_remove(request: Request, cw: DB, alert_id: int) -> RedirectResponse:
    if state_of(request).config.read_only:
        raise BadRequest("this server runs with --read-only: alerts cannot be changed", status=403)
    cw.remove_alert(alert_id)
    return RedirectResponse("/alerts", status_code=303)


@router.get("/report/{ident}", response_class=HTMLResponse)
def report_page(request: Request, cw: DB, ident: str) -> HTMLResponse:
    from ..report import pickup_chart
    from ..report.render import summary_lines
    from .pages import render

    data = report(state_of(request), cw, ident)
    return render(request, "report.html", report=data, chart=Markup(pickup_chart(data["rows"])),
                  summary=summary_lines(data["totals"]), ident=ident)
