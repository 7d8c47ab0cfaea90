"""HTTP GET for pages and feeds: bounded in time, size and redirects, and refusing private addresses.

Every connection is made to an address this module resolved and vetted itself (not to the host
name), so neither a redirect nor a DNS answer that changes between check and connect can reach
loopback, link-local (cloud metadata), or private networks unless the caller allows it.
"""
from __future__ import annotations

import ipaddress
import random
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, Self

import httpcore
import httpx

from ..version import __version__
from ..errors import InputError
from .mime import FEED_TYPES, HTML_TYPES, parse_content_type

__all__ = ["FEED_TYPES", "HTML_TYPES", "BlockedAddress", "ContentTypeError", "FetchError", "FetchOptions", "Fetcher",
           "HTTPStatusError", "RedirectError", "Response", "TooLarge"]

USER_AGENT = f"crosswire/{__version__} (news version tracker; +https://github.com/crosswire/crosswire)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Retrying these can help: the server is overloaded or restarting.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = 15.0           # connect / each read
    total_timeout: float = 60.0     # whole exchange: a server dripping a byte a second must not hold a round
    max_redirects: int = 5
    max_bytes: int = 10 * 1024 * 1024
    retries: int = 2
    backoff: float = 0.5            # first retry waits this, then doubles (with jitter), capped by max_wait
    max_wait: float = 10.0
    user_agent: str = USER_AGENT
    allow_private: bool = False     # loopback, LAN and link-local addresses: only when the caller says so
    #: Networks reachable even without allow_private, e.g. an intranet feed server ("10.1.2.0/24").
    allow_networks: tuple[str, ...] = ()


class FetchError(InputError):
    """A URL could not be fetched; ``source`` is the URL that was asked for."""

    def __init__(self, url: str, message: str, *, status: int | None = None) -> None:
        super().__init__(url, message)
        self.status = status


class BlockedAddress(FetchError):
    """The host resolves to a private, loopback, link-local or otherwise non-public address."""


class TooLarge(FetchError):
    """The body is over ``max_bytes``."""


class RedirectError(FetchError):
    """Too many redirects, a loop, or a redirect to a non-HTTP scheme."""


class ContentTypeError(FetchError):
    """The response is not of a media type the caller can read."""


class HTTPStatusError(FetchError):
    """The server answered with an error status."""


@dataclass
class Response:
    url: str                       # as asked for
    final_url: str                 # after redirects
    status: int
    media_type: str                # "text/html", lower case, no parameters
    charset: str | None
    content: bytes
    etag: str | None = None
    last_modified: str | None = None
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class AddressPolicy:
    """Which resolved addresses may be connected to."""

    def __init__(self, allow_private: bool, allow_networks: Iterable[str] = ()) -> None:
        self.allow_private = allow_private
        self.networks = [ipaddress.ip_network(n, strict=False) for n in allow_networks]

    def forbidden(self, ip: IPAddress) -> bool:
        if self.allow_private or any(ip in n for n in self.networks):
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            return self.forbidden(ip.ipv4_mapped)  # ::ffff:127.0.0.1 is loopback in disguise
        return not ip.is_global or ip.is_multicast


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves, vets every address, then connects to the vetted address itself."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        for addr in addresses:
            ip = ipaddress.ip_address(addr.split("%", 1)[0])
            # one bad answer is enough: a name that mixes public and private records is a rebinding trick
            if self.policy.forbidden(ip):
                raise BlockedAddress(host, f"{host} resolves to non-public address {ip}; refused "
                                           f"(--allow-private, or allow_private=True, allows it)")
        error: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for addr in addresses:
            try:
                return super().connect_tcp(addr, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error or httpcore.ConnectError(f"{host}: no address")


class GuardedTransport(httpx.HTTPTransport):
    def __init__(self, policy: AddressPolicy) -> None:
        super().__init__(trust_env=False)
        # httpx has no public hook for the network backend; replacing the pool (built only from
        # httpcore's public API) is what lets the guard see the address actually connected to.
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                             max_connections=20, max_keepalive_connections=10,
                                             keepalive_expiry=5.0, network_backend=_GuardedBackend(policy))


class Fetcher:
    """One HTTP client (connection reuse) for many GETs; use as a context manager."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        self.options = options or FetchOptions()
        policy = AddressPolicy(self.options.allow_private, self.options.allow_networks)
        self.client = httpx.Client(
            transport=GuardedTransport(policy), follow_redirects=False, trust_env=False,
            timeout=httpx.Timeout(self.options.timeout), headers={"User-Agent": self.options.user_agent})
        self.sleep = time.sleep  # tests replace it to keep backoff instant

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, accept: frozenset[str] = HTML_TYPES | FEED_TYPES, etag: str | None = None,
            last_modified: str | None = None) -> Response:
        """GET with retries; a 304 comes back as a Response (``not_modified``), other errors raise FetchError."""
        attempt = 0
        while True:
            try:
                return self._get_once(url, accept, etag, last_modified)
            except _Retryable as exc:
                attempt += 1
                if attempt > self.options.retries:
                    raise exc.error from exc
                self.sleep(self._wait(attempt, exc.retry_after))

    def _wait(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.options.max_wait)
        base = self.options.backoff * 2 ** (attempt - 1)
        return min(base * (0.5 + random.random()), self.options.max_wait)  # jitter: no thundering herd

    def _get_once(self, url: str, accept: frozenset[str], etag: str | None, last_modified: str | None) -> Response:
        deadline = time.monotonic() + self.options.total_timeout
        headers = {"Accept": ", ".join(sorted(accept)) + ", */*;q=0.1"}
        # validators come from an earlier answer; one that cannot go back into a header is dropped
        if etag and _header_safe(etag):
            headers["If-None-Match"] = etag
        if last_modified and _header_safe(last_modified):
            headers["If-Modified-Since"] = last_modified
        current, seen, hops = url, {url}, list[str]()
        while True:
            if time.monotonic() > deadline:
                raise FetchError(url, f"took longer than {self.options.total_timeout:g} s in all (at {current})")
            target = _check_url(url, current)
            try:
                with self.client.stream("GET", target, headers=headers) as resp:
                    if resp.status_code in REDIRECT_STATUSES:
                        current = _next_hop(url, current, resp, seen, len(hops), self.options.max_redirects)
                        hops.append(current)
                        continue
                    return self._read(url, resp, accept, deadline, hops)
            except BlockedAddress as exc:
                where = f" (redirect hop {current})" if current != url else ""
                raise BlockedAddress(url, exc.reason + where) from exc
            except httpx.TimeoutException as exc:
                raise _Retryable(FetchError(url, f"timed out after {self.options.timeout:g} s "
                                                 f"({type(exc).__name__})")) from exc
            except httpx.TransportError as exc:
                raise _Retryable(FetchError(url, f"connection failed: {exc}")) from exc
            except httpx.InvalidURL as exc:
                raise FetchError(url, f"invalid URL {current!r}: {exc}") from exc

    def _read(self, url: str, resp: httpx.Response, accept: frozenset[str], deadline: float,
              hops: list[str]) -> Response:
        final = str(resp.url)
        if resp.status_code == 304:
            return Response(url, final, 304, "", None, b"", resp.headers.get("etag"),
                            resp.headers.get("last-modified"), hops)
        if resp.status_code >= 400:
            error = HTTPStatusError(url, f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip(),
                                    status=resp.status_code)
            if resp.status_code in RETRY_STATUSES:
                raise _Retryable(error, _retry_after(resp.headers.get("retry-after")))
            raise error
        if resp.status_code >= 300:
            raise RedirectError(url, f"HTTP {resp.status_code} from {final} without a usable Location",
                                status=resp.status_code)
        media_type, charset = parse_content_type(resp.headers.get("content-type", ""))
        if media_type and media_type not in accept:
            raise ContentTypeError(url, f"not HTML or a feed: content-type {media_type}")
        declared = resp.headers.get("content-length", "")
        limit = self.options.max_bytes
        if declared.isdigit() and int(declared) > limit:
            raise TooLarge(url, f"body is {int(declared) / 1e6:.1f} MB, over the {limit / 1e6:.1f} MB limit")
        chunks, size = [], 0
        try:
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise TooLarge(url, f"body is over the {limit / 1e6:.1f} MB limit (stopped reading)")
                if time.monotonic() > deadline:
                    raise FetchError(url, f"took longer than {self.options.total_timeout:g} s in all")
                chunks.append(chunk)
        except httpx.DecodingError as exc:
            raise FetchError(url, f"undecodable body: {exc}") from exc
        return Response(url, final, resp.status_code, media_type, charset, b"".join(chunks),
                        resp.headers.get("etag"), resp.headers.get("last-modified"), hops)


class _Retryable(Exception):
    def __init__(self, error: FetchError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


def _check_url(asked: str, url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError(asked, f"invalid URL {url!r}: {exc}") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise RedirectError(asked, f"only http(s) URLs are fetched, not {url!r}")
    return parsed


def _next_hop(asked: str, current: str, resp: httpx.Response, seen: set[str], count: int, limit: int) -> str:
    location = resp.headers.get("location")
    if not location:
        raise RedirectError(asked, f"HTTP {resp.status_code} redirect from {current} without a Location")
    try:
        nxt = str(httpx.URL(current).join(location.strip()))
    except (httpx.InvalidURL, ValueError) as exc:
        raise RedirectError(asked, f"bad redirect Location {location!r}: {exc}") from exc
    if nxt in seen:
        raise RedirectError(asked, f"redirect loop: {current} -> {nxt}")
    if count + 1 > limit:
        raise RedirectError(asked, f"more than {limit} redirects (last {current} -> {nxt})")
    seen.add(nxt)
    return nxt


def _header_safe(value: str) -> bool:
    return value.isascii() and value.isprintable()


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time())
