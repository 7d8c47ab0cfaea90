"""Pickups over time by language, as an inline SVG drawn here (no script, no CDN: works offline).

One step line per language counts the versions known to be out by each moment.  A version dated
only to a day, month or year is counted at the end of that period (the moment it was certainly
out) and its whole period is drawn as a faint bar under the lines, so no day is invented.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from typing import Any

from ..store.periods import period_bounds

WIDTH, HEIGHT = 760, 300
#: the bottom margin holds the date labels and, under them, one strip of period bars per language
LEFT, RIGHT, TOP, BOTTOM = 44, 130, 16, 64
#: a day is the chart's resolution: a version dated to the day is counted at its start, under its
#: date label; one dated only to a month or year is counted at the period's end (certainly out by
#: then), so a month-dated translation never appears before the original it translates
AT_START = frozenset({"day"})
#: vertical offset between languages' lines, in px: small enough to read counts off the grid
DODGE = 2.5
#: tick spacings tried in order, the first giving at most MAX_TICKS labels wins
STEPS = [timedelta(hours=h) for h in (1, 3, 6, 12)] + [timedelta(days=d) for d in (1, 2, 7, 14, 30, 91, 365)]
MAX_TICKS = 7
#: colour-blind-safe palette (Okabe-Ito), assigned to languages in order of first pickup
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]


def _period(row: dict[str, Any]) -> tuple[datetime, datetime, datetime] | None:
    """(start, end, counted at) of the version's date."""
    when = row.get("first_seen")
    if not when:
        return None
    if row.get("date_precision") == "time":
        stamp = str(when)[:19]
        try:
            moment = datetime.fromisoformat(stamp)
        except ValueError:
            return None
        return moment, moment, moment
    start, end = period_bounds(str(when))
    if start is None or end is None:
        return None
    a, b = datetime.fromisoformat(start), datetime.fromisoformat(end)
    return a, b, a if row.get("date_precision") in AT_START else b


def ticks(lo: datetime, hi: datetime) -> list[tuple[datetime, str]]:
    """Ticks on round hours or midnights, labelled with the date (and the hour under a day)."""
    step = next((s for s in STEPS if (hi - lo) / s <= MAX_TICKS), STEPS[-1])
    if step < timedelta(days=1):
        t = lo.replace(minute=0, second=0, microsecond=0)
        fmt = "%m-%d %H:%M"
    else:
        t = lo.replace(hour=0, minute=0, second=0, microsecond=0)
        fmt = "%Y-%m-%d"
    out = []
    while t <= hi:
        if t >= lo:
            out.append((t, t.strftime(fmt)))
        t += step
    return out


def pickup_chart(rows: list[dict[str, Any]]) -> str:
    """The SVG markup; an empty string when no version has a date."""
    dated = [(r, p) for r in rows if (p := _period(r)) is not None]
    if not dated:
        return ""
    languages: list[str] = []
    for r, _ in sorted(dated, key=lambda rp: rp[1][2]):
        lang = r.get("language") or "?"
        if lang not in languages:
            languages.append(lang)
    lo = min(p[0] for _, p in dated)
    hi = max(p[1] for _, p in dated)
    if hi - lo < timedelta(hours=1):
        lo, hi = lo - timedelta(hours=12), hi + timedelta(hours=12)
    span = (hi - lo).total_seconds()
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    counts = {lang: sum(1 for r, _ in dated if (r.get("language") or "?") == lang) for lang in languages}
    top = max(counts.values())

    def x(t: datetime) -> float:
        return LEFT + plot_w * (t - lo).total_seconds() / span

    def y(n: float, k: int = 0) -> float:
        # each language's line sits DODGE px apart, so equal counts do not hide one another
        return TOP + plot_h * (1 - n / top) - DODGE * k

    parts = [f'<svg class="pickup-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="pickup-chart-title">',
             '<title id="pickup-chart-title">Pickups over time by language: '
             + escape(", ".join(f"{lang} {counts[lang]}" for lang in languages)) + "</title>",
             f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#ddd"/>']
    for n in range(top + 1):
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(n):.1f}" y2="{y(n):.1f}" stroke="#eee"/>'
                     f'<text x="{LEFT - 6}" y="{y(n) + 4:.1f}" text-anchor="end" font-size="11" fill="#555">{n}</text>')
    for t, label in ticks(lo, hi):
        parts.append(f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 4}"'
                     f' stroke="#999"/>'
                     f'<text x="{x(t):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11" '
                     f'fill="#555">{label}</text>')
    for k, lang in enumerate(languages):
        colour = PALETTE[k % len(PALETTE)]
        mine = sorted((p for r, p in dated if (r.get("language") or "?") == lang), key=lambda p: p[2])
        for j, (start, end, _) in enumerate(mine):
            if end > start:
                band = HEIGHT - BOTTOM + 26 + 6 * min(k, 5)
                parts.append(f'<rect class="period" data-language="{escape(lang)}" x="{x(start):.1f}" y="{band}"'
                             f' width="{max(x(end) - x(start), 1):.1f}" height="4" fill="{colour}" opacity="0.5">'
                             f'<title>{escape(lang)} version {j + 1}: {start:%Y-%m-%d} to {end:%Y-%m-%d}</title></rect>')
        points, n = [f"{x(lo):.1f},{y(0, k):.1f}"], 0
        for _, _, end in mine:
            points.append(f"{x(end):.1f},{y(n, k):.1f}")
            n += 1
            points.append(f"{x(end):.1f},{y(n, k):.1f}")
        points.append(f"{x(hi):.1f},{y(n, k):.1f}")
        parts.append(f'<polyline class="series" data-language="{escape(lang)}" fill="none" stroke="{colour}" '
                     f'stroke-width="2.5" points="{" ".join(points)}"/>')
        for i, (_, _, end) in enumerate(mine):
            parts.append(f'<circle class="pickup" data-language="{escape(lang)}" cx="{x(end):.1f}" '
                         f'cy="{y(i + 1, k):.1f}" r="4" fill="{colour}"/>')
        ly = TOP + 14 + 20 * k
        parts.append(f'<rect x="{WIDTH - RIGHT + 14}" y="{ly - 9}" width="12" height="12" fill="{colour}"/>'
                     f'<text class="legend" x="{WIDTH - RIGHT + 32}" y="{ly + 1}" font-size="13" fill="#222">'
                     f'{escape(lang)} ({counts[lang]})</text>')
    parts.append("</svg>")
    return "".join(parts)
