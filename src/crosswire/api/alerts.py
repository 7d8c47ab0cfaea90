"""JSON API for alerts (``/api/alerts``) and pickup reports (``/api/report/ID``)."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..app import Crosswire
from ..web import alert_views
from ..web.context import ID_PATTERN, BadRequest
from ..web.params import db_session, state_of
from .models import ERRORS, ErrorOut

router = APIRouter(prefix="/api", responses=ERRORS, tags=["alerts and reports"])  # type: ignore[arg-type]
DB = Annotated[Crosswire, Depends(db_session)]
Ident = Annotated[str, Path(pattern=ID_PATTERN, max_length=200,
                            description="An article id (the original) or a story / version group id")]
READ_ONLY = {403: {"model": ErrorOut, "description": "Server runs with --read-only"}}


class AlertIn(BaseModel):
    webhook: str = Field(pattern=r"^https?://\S+$", max_length=2000, description="URL to POST JSON to")
    query: str | None = Field(None, min_length=1, max_length=500, description="Words that must all occur")
    story: str | None = Field(None, pattern=ID_PATTERN, max_length=200, description="Story, group or article id")
    allow_private: bool = Field(False, description="Webhook on loopback / a private network; only accepted "
                                                   "from a client on this machine")


class AlertOut(BaseModel):
    id: int
    webhook: str
    query: str | None
    story: str | None
    anchor: str | None
    allow_private: bool
    active: bool
    created_at: str


class DeliveryOut(BaseModel):
    id: int
    alert_id: int
    webhook: str
    article_id: str
    status: str = Field(description="pending | sending | delivered")
    attempts: int
    next_try: str
    last_status: int | None
    last_error: str | None
    created_at: str
    delivered_at: str | None


class DeliverOut(BaseModel):
    sent: int
    failed: int
    pending: int
    errors: list[str]


class ReportOut(BaseModel):
    story: dict[str, Any]
    original: str
    rows: list[dict[str, Any]] = Field(description="One per version: outlet, language, first_seen, delay_hours, "
                                                   "relation, pickup, coverage, drift, drift_kinds, differences")
    totals: dict[str, Any]


def _writable(request: Request) -> None:
    if state_of(request).config.read_only:
        raise BadRequest("this server runs with --read-only: alerts cannot be changed", status=403)


@router.get("/alerts", response_model=list[AlertOut], summary="Alerts (webhooks for a query or a story)")
def list_alerts(cw: DB) -> list[dict[str, Any]]:
    return [a.to_dict() for a in cw.alerts()]


@router.post("/alerts", response_model=AlertOut, status_code=201, summary="Add an alert",
             responses=READ_ONLY)  # type: ignore[arg-type]
def add_alert(request: Request, cw: DB, body: AlertIn) -> dict[str, Any]:
    _writable(request)
    if body.allow_private and not alert_views.local_client(request):
        raise BadRequest("allow_private is accepted only from a client on this machine", status=403)
    return alert_views.add(cw, body.webhook, query=body.query, story=body.story,
                           allow_private=body.allow_private).to_dict()


@router.delete("/alerts/{alert_id}", response_model=dict[str, Any], summary="Stop an alert",
               responses=READ_ONLY)  # type: ignore[arg-type]
def remove_alert(request: Request, cw: DB, alert_id: Annotated[int, Path(ge=1, le=2**62)]) -> dict[str, Any]:
    _writable(request)
    return cw.remove_alert(alert_id)


@router.get("/alerts/deliveries", response_model=list[DeliveryOut], summary="The outbox, newest first")
def deliveries(cw: DB, alert: Annotated[int | None, Query(ge=1, le=2**62, description="Only this alert's")] = None,
               status: Annotated[str | None, Query(pattern=r"^(pending|sending|delivered)$")] = None,
               limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[dict[str, Any]]:
    return cw.alert_deliveries(alert_id=alert, status=status, limit=limit)


@router.get("/alerts/deliveries/{delivery_id}", response_model=dict[str, Any],
            summary="The JSON body one delivery POSTs: article, story, relation, differences")
def delivery_payload(cw: DB, delivery_id: Annotated[int, Path(ge=1, le=2**62)]) -> dict[str, Any]:
    return cw.alert_payload(delivery_id)


@router.post("/alerts/deliver", response_model=DeliverOut, summary="Send the POSTs that are due now",
             responses=READ_ONLY)  # type: ignore[arg-type]
def deliver(request: Request, cw: DB) -> dict[str, Any]:
    _writable(request)
    return cw.deliver_alerts().to_dict()  # type: ignore[no-any-return]


@router.get("/report/{ident}", response_model=ReportOut, summary="Pickup report: one row per version, totals")
def report(request: Request, cw: DB, ident: Ident) -> dict[str, Any]:
    return alert_views.report(state_of(request), cw, ident)


@router.get("/report/{ident}/csv", summary="Pickup report as CSV (header + one row per version)",
            response_class=Response, responses={200: {"content": {"text/csv": {}}, "description": "CSV"}})
def report_csv(request: Request, cw: DB, ident: Ident) -> Response:
    from ..report import to_csv

    data = alert_views.report(state_of(request), cw, ident)
    return Response(to_csv(data), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="pickups-{data["original"]}.csv"'})

