"""Bounds of an ISO value cut to its precision, so '2022-11' can be filtered without inventing a day."""
from __future__ import annotations

import calendar
import re

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(T.*)?)?)?$")


def period_bounds(value: str | None) -> tuple[str | None, str | None]:
    """'2022-11' -> ('2022-11-01T00:00:00', '2022-11-30T23:59:59'); unknown -> (None, None)."""
    if not value:
        return None, None
    m = _ISO.match(value.strip())
    if not m:
        return None, None
    year, month, day, time = m.groups()
    if time:
        stamp = f"{year}-{month}-{day}{time[:9]}"
        return stamp, stamp
    if day:
        return f"{year}-{month}-{day}T00:00:00", f"{year}-{month}-{day}T23:59:59"
    if month:
        last = calendar.monthrange(int(year), int(month))[1]
        return f"{year}-{month}-01T00:00:00", f"{year}-{month}-{last:02d}T23:59:59"
    return f"{year}-01-01T00:00:00", f"{year}-12-31T23:59:59"
