"""Validation of user-supplied query values shared by pages and the JSON API."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from fastapi import Request

from ..app import Crosswire
from .context import BadRequest, WebState

LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_LANGUAGE = re.compile(LANGUAGE_PATTERN)
_DATE = re.compile(DATE_PATTERN)
#: The longest wire name in text/outlets.py is under 30 characters; 100 leaves room for a site's.
MAX_OUTLET = 100


def clean_language(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not _LANGUAGE.match(value):
        raise BadRequest(f"malformed language {value[:40]!r}: expected an ISO 639-1 code such as 'en' or 'de'")
    return value.lower()


def clean_outlet(value: str | None) -> str | None:
    """An outlet or wire name to filter by (any part of it), else 400 past 100 characters."""
    value = " ".join((value or "").split())
    if not value:
        return None
    if len(value) > MAX_OUTLET:
        raise BadRequest(f"outlet name of {len(value)} characters: at most {MAX_OUTLET}")
    return value


def clean_date(value: str | None, name: str) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` that exists in the calendar, else 400."""
    value = (value or "").strip()
    if not value:
        return None
    parts = value.split("-")
    try:
        if not _DATE.match(value):
            raise ValueError
        date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
        if int(parts[0]) < 1:
            raise ValueError
    except ValueError:
        raise BadRequest(f"malformed {name} {value[:40]!r}: expected YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value


def clean_query(value: str | None, *, required: bool = True, max_len: int = 500) -> str | None:
    value = " ".join((value or "").split())
    if not value:
        if required:
            raise BadRequest("empty search query: give q=… with some words, names or numbers")
        return None
    if len(value) > max_len:
        raise BadRequest(f"search query is {len(value)} characters long; the limit is {max_len}")
    return value


def state_of(request: Request) -> WebState:
    return request.app.state.crosswire  # type: ignore[no-any-return]


def db_session(request: Request) -> Iterator[Crosswire]:
    """FastAPI dependency: one Crosswire (one SQLite connection) per request, closed afterwards."""
    with state_of(request).session() as cw:
        yield cw
