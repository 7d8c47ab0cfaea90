"""Loopback HTTP servers and page/feed/WARC builders for the web-ingest tests.

Everything listens on 127.0.0.x only, answers from an in-memory route table, and is bounded:
slow handlers wait on an event that teardown sets, so no test can hang on a server thread.
"""
from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

NAV = ["Front page", "World news", "Markets overview", "Opinion and analysis", "Subscribe now", "Sign in"]
COOKIE_TEXT = "We use cookies to give you the best experience on our website and to show personalised ads."
COOKIE_BUTTONS = ["Accept all cookies", "Manage cookie settings"]
FOOTER = ["© 2024 Loopback News Ltd. All rights reserved.", "Privacy policy", "Terms of use", "Contact us"]
CHROME_MARKERS = NAV + [COOKIE_TEXT] + COOKIE_BUTTONS + FOOTER


@dataclass
class Reply:
    body: bytes | Iterable[bytes] = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0                 # before the status line
    chunk_delay: float = 0.0           # between body chunks (a drip)
    length: bool = True                # send Content-Length (False: close-delimited body)


Handler = Callable[["Seen"], Reply]


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class Site:
    """A route table served on a loopback address; ``requests`` records what arrived."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.routes: dict[str, Reply | Handler] = {}
        self.requests: list[Seen] = []
        self.closing = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    # ---- routes ---------------------------------------------------------------------------
    def add(self, path: str, reply: Reply | Handler) -> str:
        self.routes[path] = reply
        return self.url(path)

    def page(self, path: str, body: str | bytes, **kw: object) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        return self.add(path, Reply(data, **kw))  # type: ignore[arg-type]

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        return self.add(path, Reply(b"", status=status, headers={"Location": to}, content_type=None))

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def hits(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path == path]

    # ---- lifecycle ------------------------------------------------------------------------
    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    def start(self) -> Site:
        site = self

        class H(BaseHTTPRequestHandler):
            timeout = 10  # a client that connects and says nothing cannot pin a thread

            def do_GET(self) -> None:
                seen = Seen(self.path.split("?", 1)[0], {k.lower(): v for k, v in self.headers.items()})
                site.requests.append(seen)
                route = site.routes.get(seen.path)
                reply = Reply(b"not found", status=404) if route is None else (
                    route(seen) if callable(route) else route)
                try:
                    site._send(self, seen, reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (size limit, timeout): expected

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer((self.host, 0), H)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        self.closing.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _send(self, h: BaseHTTPRequestHandler, seen: Seen, reply: Reply) -> None:
        if reply.delay and self.closing.wait(reply.delay):
            return
        if reply.etag and seen.headers.get("if-none-match") == reply.etag or (
                reply.last_modified and seen.headers.get("if-modified-since") == reply.last_modified):
            h.send_response(304)
            h.end_headers()
            return
        chunks = [reply.body] if isinstance(reply.body, bytes) else list(reply.body)
        h.send_response(reply.status)
        if reply.content_type:
            h.send_header("Content-Type", reply.content_type)
        if reply.etag:
            h.send_header("ETag", reply.etag)
        if reply.last_modified:
            h.send_header("Last-Modified", reply.last_modified)
        for k, v in reply.headers.items():
            h.send_header(k, v)
        if reply.length:
            h.send_header("Content-Length", str(sum(len(c) for c in chunks)))
        h.end_headers()
        for chunk in chunks:
            if reply.chunk_delay and self.closing.wait(reply.chunk_delay):
                return
            h.wfile.write(chunk)
            h.wfile.flush()


# Imported by the test modules under this name; pytest knows it as "site".
@pytest.fixture(name="site")
def site_fixture() -> Iterator[Site]:
    s = Site().start()
    try:
        yield s
    finally:
        s.stop()


# ---- builders ---------------------------------------------------------------------------------
def article_page(title: str, text: str, *, date: str | None = None, author: str | None = None,
                 site_name: str = "Loopback News", lang: str = "en") -> str:
    """A realistic page: nav bar, cookie banner and footer around an <article>."""
    paras = "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())
    nav = "".join(f'<li><a href="/{w.lower().replace(" ", "-")}">{html.escape(w)}</a></li>' for w in NAV)
    meta = f'<meta property="og:site_name" content="{html.escape(site_name)}">'
    meta += f'<meta name="author" content="{html.escape(author)}">' if author else ""
    meta += f'<meta property="article:published_time" content="{date}">' if date else ""
    time_tag = f'<time datetime="{date}">{date}</time>' if date else ""
    buttons = "".join(f"<button>{b}</button>" for b in COOKIE_BUTTONS)
    footer = "".join(f"<p>{html.escape(f)}</p>" for f in FOOTER)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)} | {html.escape(site_name)}</title>{meta}</head>
<body>
<div id="cc-box"><p>{COOKIE_TEXT}</p>{buttons}</div>
<header class="site-header"><a href="/">{html.escape(site_name)}</a><nav><ul>{nav}</ul></nav></header>
<main><article><h1>{html.escape(title)}</h1>{time_tag}
{paras}
</article></main>
<footer>{footer}</footer>
</body></html>"""


def rss(items: Iterable[dict[str, str]], *, title: str = "Loopback News", language: str = "en") -> str:
    parts = []
    for it in items:
        date = it.get("date", "")
        # ISO dates (even "2022-11") go in dc:date, which may be reduced precision; others are RFC 822
        date = (f"<dc:date>{date}</dc:date>" if date[:1].isdigit() else f"<pubDate>{date}</pubDate>") if date else ""
        guid = f"<guid>{html.escape(it.get('guid', it['link']))}</guid>"
        parts.append(f"<item><title>{html.escape(it.get('title', ''))}</title><link>{html.escape(it['link'])}</link>"
                     f"{date}{guid}</item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>{title}</title>'
            f"<link>http://example.invalid/</link><language>{language}</language>{''.join(parts)}</channel></rss>")


def atom(items: Iterable[dict[str, str]], *, title: str = "Loopback Atom") -> str:
    parts = []
    for it in items:
        parts.append(f"<entry><title>{html.escape(it.get('title', ''))}</title>"
                     f'<link rel="alternate" href="{html.escape(it["link"])}"/><id>{html.escape(it["link"])}</id>'
                     f"<updated>{it.get('date', '2024-03-01T10:00:00Z')}</updated></entry>")
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
            f"<id>urn:loopback</id><updated>2024-03-01T10:00:00Z</updated>{''.join(parts)}</feed>")


def http_date(t: float | None = None) -> str:
    return format_datetime(datetime.fromtimestamp(t or time.time(), UTC), usegmt=True)


SEED_TITLES = {"en": "Kunshan speeds up integration with Shanghai",
               "de": "Kunshan strebt Integration mit Shanghai an"}


def seed_documents(seeds_dir: object) -> list[dict[str, str]]:
    """Each seed as (name, date, text): the first line's "date ..." is split off as the file reader does."""
    import re
    from pathlib import Path

    out = []
    for path in sorted(Path(str(seeds_dir)).glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        m = re.match(r"^\s*date\s+(\S+)[ \t]*", raw)
        date, text = (m.group(1), raw[m.end():]) if m else ("", raw)
        out.append({"name": path.stem, "date": date, "text": text.strip()})
    return out


def write_warc(path: object, records: Iterable[dict[str, object]], *, gzip: bool = True) -> None:
    """A WARC written by warcio's own writer: each record dict has uri, body and optional
    type (response), content_type (text/html; charset=utf-8), status (200), date, headers."""
    from io import BytesIO
    from pathlib import Path

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with Path(str(path)).open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for rec in records:
            kind = str(rec.get("type", "response"))
            body = rec.get("body", b"")
            data = body.encode("utf-8") if isinstance(body, str) else bytes(body)  # type: ignore[arg-type]
            warc_headers = {"WARC-Date": str(rec.get("date", "2024-03-05T10:00:00Z"))}
            http = None
            if kind == "response":
                status = int(rec.get("status", 200))  # type: ignore[arg-type]
                headers = [("Content-Type", str(rec.get("content_type", "text/html; charset=utf-8")))]
                headers += list(rec.get("headers", []))  # type: ignore[arg-type]
                http = StatusAndHeaders(f"{status} OK", headers, protocol="HTTP/1.1")
            elif kind == "request":
                http = StatusAndHeaders(f"GET {rec['uri']} HTTP/1.1", [("Host", "example.org")], is_http_request=True)
            record = writer.create_warc_record(str(rec["uri"]), kind, payload=BytesIO(data),
                                               warc_headers_dict=warc_headers, http_headers=http,
                                               warc_content_type="" if http else "text/html")
            writer.write_record(record)
