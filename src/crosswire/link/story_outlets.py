"""Who published each article that stories may place by meaning, as one identity per outlet, and
when in its day.

A full text joins a story by meaning only among *other* outlets' reports (``story_meaning``:
one outlet's two texts on one subject are two texts).  That check needs one name per outlet:
an input names it "PR Newswire", a URL says "prnewswire.com", a dateline "PRNewswire", a feed
"www.lemonde.fr" where another says "Le Monde".  Counted as two, one outlet's two texts pass as
two outlets' reports.  So a wire is known by its registered name (the wire table in
:mod:`crosswire.text.outlets`, with its domains), and any other outlet by a key that a name and
its domain share: "Le Monde" and "lemonde.fr" are both ``lemonde``.

Headlines and leads keep their outlet too, so that a full text is checked against every member
of a story, not only its full texts (a story of headlines from outlet X is X's reports).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..text.outlets import registered_domain, wire_named, wire_of_domain

# a value that is a host or a URL, not a name: "prnewswire.com", "www.lemonde.fr/x", "https://..."
_HOSTLIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[\w-]+\.)+[a-z]{2,}(?:[/:?#].*)?$", re.I)
_NOT_KEY = re.compile(r"[\W_]+")
# words that a name or a domain carries or leaves out as it likes ("The Guardian" / guardian.co.uk,
# "BBC News" / bbc.co.uk, "Fox News" / foxnews.com): taken off the front or the end of both
_GENERIC = re.compile(r"^the(?=.)|(?<=.)(?:news|online)$")


def outlet_identity(outlet: str | None, url: str | None = None) -> str | None:
    """One identity per outlet: a wire's registered name ("PR Newswire" for "PRNewswire" or
    "prnewswire.com"), else the outlet's name or domain reduced to lower-case letters and digits
    without its suffix, a leading "the" and a closing "news" ("Le Monde", "lemonde.fr" ->
    "lemonde"; "BBC News", "bbc.co.uk" -> "bbc"); the URL's
    host where no outlet is named; None where neither says anything."""
    value = (outlet or "").strip() or (url or "").strip()
    if not value:
        return None
    if _HOSTLIKE.match(value):
        domain = registered_domain(value)
        if domain is None:
            return None
        wire = wire_of_domain(value)
        return wire.name if wire is not None else _key(domain.split(".", 1)[0])
    wire = wire_named(value)
    return wire.name if wire is not None else _key(value)


def _key(name: str) -> str | None:
    key = _NOT_KEY.sub("", name.lower())
    return _GENERIC.sub("", key) or None


class Outlets:
    """Outlet identity and time of day per article, for the articles in memory."""

    def __init__(self) -> None:
        self.of: dict[str, str] = {}           # article -> outlet identity
        self.hour: dict[str, float] = {}       # article -> time of day, as a share of the day (``time_of_day``)

    def note(self, doc: str, outlet: str | None, url: str | None, published: str | None) -> None:
        found = outlet_identity(outlet, url)
        if found:
            self.of[doc] = found
        self.hour[doc] = time_of_day(published)

    def keep_only(self, alive: Callable[[str], bool]) -> None:
        """Forget the articles that left memory (bounded by the window)."""
        self.of = {d: o for d, o in self.of.items() if alive(d)}
        self.hour = {d: h for d, h in self.hour.items() if alive(d)}

    def __len__(self) -> int:
        return max(len(self.of), len(self.hour))

    def apart(self, mine: Iterable[str], theirs: Iterable[str]) -> bool:
        """Both sides' articles name their outlets, and no outlet is on both sides."""
        a = {self.of.get(d) for d in mine}
        b = {self.of.get(d) for d in theirs}
        return bool(a) and bool(b) and None not in a | b and not a & b


#: Where a date has no time, it stands for its middle: off by at most half a day from any time
#: on that date, where midnight would be off by up to a whole one.
NO_TIME = 0.5


def time_of_day(published: str | None) -> float:
    """"2021-07-22T15:34:00" -> 0.649 (of its day, as the date says it: the same clock that
    ``day_number`` reads the day from); ``NO_TIME`` where no time is given."""
    if not published or len(published) < 16 or published[10] not in "T ":
        return NO_TIME
    try:
        hours, minutes = int(published[11:13]), int(published[14:16])
    except ValueError:
        return NO_TIME
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        return NO_TIME
    return (hours * 60 + minutes) / 1440.0
