"""The pickup report as CSV (one row per version, header first) or as one self-contained HTML file."""
from __future__ import annotations

import csv
import io
from html import escape
from typing import Any

from .build import COLUMNS
from .chart import pickup_chart


def cell(row: dict[str, Any], column: str) -> Any:
    value = row.get(column)
    if column == "drift_kinds":
        return ";".join(f"{k}:{v}" for k, v in sorted((value or {}).items()))
    return "" if value is None else value


def to_csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in report["rows"]:
        writer.writerow([cell(row, c) for c in COLUMNS])
    return out.getvalue()


def summary_lines(totals: dict[str, Any]) -> list[str]:
    delay = totals.get("median_delay_hours")
    n = totals["pickups"]
    return [f"{n} pickup{'s' if n != 1 else ''} in {totals['outlets']} outlets, {len(totals['languages'])} languages "
            f"({', '.join(totals['languages'])})",
            f"{totals['verbatim']} verbatim, {totals['rewritten']} rewritten, {totals['translated']} translated; "
            f"{totals['with_drift']} with differences",
            "median delay " + (f"{delay:g} h (over {totals['delays_known']} versions dated to the day)"
                               if delay is not None else "unknown (no pickup dated to the day)")]


def to_html(report: dict[str, Any]) -> str:
    """A standalone page (inline styles, inline SVG) that can be mailed or archived."""
    story = report["story"]
    head = "".join(f"<th>{escape(c)}</th>" for c in COLUMNS if c != "url")
    body = "".join("<tr>" + "".join(f"<td>{escape(str(cell(r, c)))}</td>" for c in COLUMNS if c != "url") + "</tr>"
                   for r in report["rows"])
    lines = "".join(f"<li>{escape(s)}</li>" for s in summary_lines(report["totals"]))
    title = escape(str(story.get("title") or story.get("id")))
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Pickup report: "
            f"{title}</title><style>body{{font:14px system-ui,sans-serif;margin:2em;color:#222}}"
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 6px;text-align:left}"
            f"</style></head><body><h1>Pickup report</h1><p>{title}</p><ul>{lines}</ul>"
            f"{pickup_chart(report['rows'])}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            "</body></html>\n")
