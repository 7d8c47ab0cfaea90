"""Writes need the server's token: ``Authorization: Bearer TOKEN`` on every request that is not a read.

A server others can reach must not take uploads from anyone who finds it. The check runs
before the body is read (nothing is parsed or stored on a refusal), compares in constant time
(``hmac.compare_digest``) and never puts the token, or what was sent instead, in a log or an
answer.
"""
from __future__ import annotations

import hmac
import ipaddress

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import CrosswireError

#: Methods that only read: no token asked (the UI and the API's GETs stay open to readers).
READS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_loopback(host: str) -> bool:
    """Only this machine can connect (``localhost``, 127.0.0.0/8, ``::1``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False   # a name, or 0.0.0.0 / '::': reachable from elsewhere


class OpenToWrites(CrosswireError):
    """A server others can reach was asked to take writes from anyone."""


class WriteToken:
    """ASGI middleware: a write without ``Authorization: Bearer <token>`` gets 401."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        if not token:
            raise ValueError("an empty token would let anyone write")
        self.app = app
        self.expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in READS:
            await self.app(scope, receive, send)
            return
        sent = b""
        for name, value in scope.get("headers") or []:
            if name == b"authorization":
                sent = value
        if hmac.compare_digest(sent, self.expected):
            await self.app(scope, receive, send)
            return
        response = JSONResponse({"error": "this server takes writes only with its token:"
                                          " send 'Authorization: Bearer TOKEN'", "status": 401},
                                status_code=401, headers={"WWW-Authenticate": "Bearer", "Connection": "close"})
        await response(scope, receive, send)
