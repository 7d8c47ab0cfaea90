"""Writes need the server's token: ``Authorization: Bearer TOKEN``, or a browser signed in with it.

A server others can reach must not take uploads from anyone who finds it. The check runs
before the body is read (nothing is parsed or stored on a refusal), compares in constant time
(``hmac.compare_digest``) and never puts the token, or what was sent instead, in a log or an
answer.

A browser cannot send a bearer header from an HTML form, so ``POST /sign-in`` with the token
sets a session cookie. The cookie holds an HMAC of the token (not the token), is HttpOnly and
``SameSite=Strict`` (another site's form cannot make the browser send it), and a write that
relies on it must also come from this server's own origin when the browser names one.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
from urllib.parse import parse_qs, quote

from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import CrosswireError

#: Methods that only read: no token asked (the UI and the API's GETs stay open to readers).
READS = frozenset({"GET", "HEAD", "OPTIONS"})
SESSION_COOKIE = "crosswire_session"
SIGN_IN, SIGN_OUT = "/sign-in", "/sign-out"
#: A sign-in form holds a token and a return path; anything longer is not one.
SIGN_IN_MAX_BYTES = 8192


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


def session_value(token: str) -> str:
    """What the session cookie holds: derived from the token, useless as a bearer token."""
    return hmac.new(token.encode(), b"crosswire web session", hashlib.sha256).hexdigest()


def signed_in(cookie: str | None, expected: str | None) -> bool:
    return bool(cookie and expected and hmac.compare_digest(cookie.encode(), expected.encode()))


def safe_next(value: str | None) -> str:
    """A return path on this server only: no scheme, no host, no ``//evil`` or backslashes."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value or any(
            ord(c) < 32 for c in value):
        return "/"
    return value


def _headers(scope: Scope) -> dict[bytes, bytes]:
    return {name: value for name, value in scope.get("headers") or []}


def _cookie(headers: dict[bytes, bytes]) -> str | None:
    for part in headers.get(b"cookie", b"").decode("latin-1").split(";"):
        name, _, value = part.strip().partition("=")
        if name == SESSION_COOKIE:
            return value
    return None


def _same_origin(scope: Scope, headers: dict[bytes, bytes]) -> bool:
    """No Origin header (an old browser, a same-origin GET form) passes; a foreign one does not."""
    origin = headers.get(b"origin")
    if origin is None:
        return True
    host = headers.get(b"host", b"").decode("latin-1")
    return origin.decode("latin-1") == f"{scope.get('scheme', 'http')}://{host}"


class WriteToken:
    """ASGI middleware: a write without the bearer token or a signed-in session gets 401."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        if not token:
            raise ValueError("an empty token would let anyone write")
        self.app = app
        self.token = token.encode()
        self.expected = f"Bearer {token}".encode()
        self.session = session_value(token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in READS:
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        path = scope.get("path", "")
        if path == SIGN_IN and scope.get("method") == "POST":
            await self._sign_in(scope, receive, send)
            return
        if path == SIGN_OUT and scope.get("method") == "POST":
            response = RedirectResponse("/", status_code=303)
            response.delete_cookie(SESSION_COOKIE, path="/")
            await response(scope, receive, send)
            return
        if hmac.compare_digest(headers.get(b"authorization", b""), self.expected) or (
                signed_in(_cookie(headers), self.session) and _same_origin(scope, headers)):
            await self.app(scope, receive, send)
            return
        await self._refuse(scope, headers, receive, send)

    async def _sign_in(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = b""
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > SIGN_IN_MAX_BYTES or not message.get("more_body"):
                break
        form = parse_qs(body[:SIGN_IN_MAX_BYTES].decode("utf-8", "replace"))
        given = (form.get("token") or [""])[0].encode()
        target = safe_next((form.get("next") or ["/"])[0])
        if given and hmac.compare_digest(given, self.token):
            response: Response = RedirectResponse(target, status_code=303)
            response.set_cookie(SESSION_COOKIE, self.session, httponly=True, samesite="strict", path="/",
                                secure=scope.get("scheme") == "https")
        else:
            response = RedirectResponse(f"{SIGN_IN}?failed=1&next={quote(target)}", status_code=303)
        await response(scope, receive, send)

    async def _refuse(self, scope: Scope, headers: dict[bytes, bytes], receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if not path.startswith("/api") and b"text/html" in headers.get(b"accept", b""):
            # a browser's form: send the user to sign in, then back to the page they were on
            back = safe_next(_referer_path(headers))
            response: Response = RedirectResponse(f"{SIGN_IN}?next={quote(back)}", status_code=303)
        else:
            response = JSONResponse({"error": "this server takes writes only with its token:"
                                              " send 'Authorization: Bearer TOKEN'", "status": 401},
                                    status_code=401, headers={"WWW-Authenticate": "Bearer", "Connection": "close"})
        await response(scope, receive, send)


def _referer_path(headers: dict[bytes, bytes]) -> str:
    referer = headers.get(b"referer", b"").decode("latin-1")
    host = headers.get(b"host", b"").decode("latin-1")
    for scheme in ("http://", "https://"):
        if host and referer.startswith(scheme + host + "/"):
            return referer[len(scheme + host):]
    return "/"
