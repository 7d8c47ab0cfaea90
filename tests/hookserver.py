"""A real webhook receiver on loopback for the alert tests: records every POST, answers from a
script of statuses (e.g. [503, 200]: down once, then up), and can be started after its port is
chosen, so a hook that is not listening yet can be tested too."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from crosswire.web.testing import free_port


class Hook:
    def __init__(self, statuses: list[int] | None = None, delay: float = 0.0) -> None:
        self.port = free_port()
        self.statuses = list(statuses or [])
        self.delay = delay
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def delivered(self, path: str | None = None) -> list[dict[str, Any]]:
        """Bodies of the POSTs answered 2xx (to ``path`` when given)."""
        with self.lock:
            return [r["body"] for r in self.requests
                    if 200 <= r["status"] < 300 and (path is None or r["path"] == path)]

    def start(self) -> Hook:
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                import time

                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                if hook.delay:
                    time.sleep(hook.delay)
                with hook.lock:
                    status = hook.statuses.pop(0) if hook.statuses else 200
                    hook.requests.append({"path": self.path, "status": status, "headers": dict(self.headers),
                                          "body": json.loads(body)})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
