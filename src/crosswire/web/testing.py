"""A real HTTP server on loopback for tests and notebooks: uvicorn in a thread on a free port.

    with LiveServer("news.db") as server:
        httpx.get(server.url + "/api/articles")
"""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any
from ..embed import DEFAULT_EMBEDDER


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class LiveServer:
    """Serve :func:`crosswire.web.create_app` over real HTTP until ``stop()`` (or the ``with`` ends)."""

    def __init__(self, db: str | Path, *, host: str = "127.0.0.1", port: int | None = None,
                 **app_options: Any) -> None:
        import uvicorn

        from .server import create_app

        self.host, self.port = host, port or free_port(host)
        self.app = create_app(db, **app_options)
        config = uvicorn.Config(self.app, host=self.host, port=self.port, log_level="warning", lifespan="off",
                                access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name=f"crosswire-web-{self.port}", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 20.0) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"web server on {self.url} did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def ensure_demo_db(path: str | Path, *, seeds: str | Path | None = None, embedder: str | None = DEFAULT_EMBEDDER) -> Path:
    """The bundled demo corpus (and ``seeds`` when given) ingested into ``path``, once: an existing
    file is reused, so test modules of one session share the work."""
    from ..app import Crosswire
    from ..demo import corpus_path

    path = Path(path)
    done = path.with_name(path.name + ".ok")
    if path.exists() and done.exists():
        return path
    sources = [corpus_path()] + ([Path(seeds)] if seeds else [])
    with Crosswire(path, embedder=embedder) as cw:
        report = cw.ingest(sources)
        if not report.read:
            raise RuntimeError(f"demo ingest read nothing: {report.to_dict()}")
    done.write_text("ok\n")
    return path


def copy_db(source: str | Path, target: str | Path) -> Path:
    """A consistent copy of a (possibly WAL-mode) database file."""
    import sqlite3

    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return Path(target)
