"""What alerts and pickup reports cost, on the first docs of pickups-dev.

    python benchmarks/alerts.py [--limit 600] [--query Bundesrat]

Prints, for the same docs ingested into fresh databases (no embeddings, one process):
  * ingest docs/s with no alert, with an alert whose words never occur (the matching cost on
    every stored article), and with an alert on a common word (each hit also builds its payload:
    one comparison with the story's original) and a live loopback webhook receiving the POSTs;
  * the pickup report of the largest story: seconds, and seconds per version.
Figures vary with the load on the machine: compare runs of one invocation, not across days.
"""
from __future__ import annotations

import argparse
import itertools
import json
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from crosswire.app import Crosswire
from crosswire.ingest import ReadOptions, read_paths

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "pickups-dev.jsonl"


class _Receiver(BaseHTTPRequestHandler):
    received = 0

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("content-length") or 0))
        type(self).received += 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def _run(source: Path, db: Path, limit: int, query: str | None, hook: str) -> dict[str, Any]:
    with Crosswire(db, embedder=None) as cw:
        if query:
            cw.add_alert(hook, query=query, allow_private=True)
        articles = list(itertools.islice(read_paths([source], ReadOptions()), limit))
        started = time.perf_counter()
        report = cw.ingest_articles(articles, embed=False, workers=0)
        seconds = time.perf_counter() - started
        rows = cw.alert_deliveries(limit=100_000)
    return {"query": query, "docs": report.read, "seconds": round(seconds, 2),
            "docs_per_s": round(report.read / seconds, 1), "fired": len(rows),
            "delivered": sum(1 for r in rows if r["status"] == "delivered")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=600)
    parser.add_argument("--query", default="Bundesrat", help="a common word: the alert that fires")
    args = parser.parse_args()
    if not args.data.is_file():
        raise SystemExit(f"{args.data}: not found (the shared dev data sits beside the repo)")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hook = f"http://127.0.0.1:{server.server_address[1]}/hook"
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, query in enumerate([None, "zqxjvw nonexistentword", args.query]):
            results.append(_run(args.data, Path(tmp) / f"{i}.db", args.limit, query, hook))
            print(json.dumps(results[-1]), flush=True)
        base = results[0]["docs_per_s"]
        for r in results[1:]:
            print(f"alert {r['query']!r}: {r['docs_per_s'] / base:.3f} of the speed without alerts; "
                  f"{r['fired']} fired, {r['delivered']} delivered, {_Receiver.received} POSTs received so far")
        with Crosswire(Path(tmp) / "0.db", embedder=None) as cw:
            story, size = cw.store.conn.execute(
                "SELECT story, COUNT(*) FROM memberships GROUP BY story ORDER BY 2 DESC LIMIT 1").fetchone()
            started = time.perf_counter()
            report = cw.report(story)
            seconds = time.perf_counter() - started
        print(json.dumps({"report_story": story, "versions": size, "seconds": round(seconds, 2),
                          "seconds_per_version": round(seconds / max(size - 1, 1), 3),
                          "totals": report["totals"]}, ensure_ascii=False))
    server.shutdown()


if __name__ == "__main__":
    main()
