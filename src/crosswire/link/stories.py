"""Stories: version groups that report the same event, clustered as articles stream in.

Two groups join a story when some pair of their articles shares enough rare evidence
(names, figures, dates) — less than a version needs, more than a shared department or
weekday gives — and they are no further apart than the story window.  Single link, never
a recompute: a new group either opens a story or joins (and so merges) the stories it
links to.  User corrections decide first: ``unlink --story`` keeps two stories apart,
``link --story`` puts them together.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

#: Stories merge automatically only up to this many version groups (``link --story`` has no bound).
MAX_MERGED_GROUPS = 6


class Stories:
    def __init__(self, new_sid: Callable[[], str]) -> None:
        self.new_sid = new_sid
        self.story_of: dict[str, str] = {}                     # group -> story
        self.groups_of: dict[str, set[str]] = defaultdict(set)
        self.apart: set[frozenset[str]] = set()                # groups kept in separate stories
        self.dirty: set[str] = set()                           # stories whose groups changed
        self.moved: set[str] = set()                           # groups whose story changed

    def set(self, gid: str, sid: str) -> None:
        old = self.story_of.get(gid)
        if old == sid:
            return
        if old is not None:
            self.groups_of[old].discard(gid)
            self.dirty.add(old)
            if not self.groups_of[old]:
                del self.groups_of[old]
        self.story_of[gid] = sid
        self.groups_of[sid].add(gid)
        self.dirty.add(sid)
        self.moved.add(gid)

    def drop(self, gid: str) -> None:
        sid = self.story_of.pop(gid, None)
        if sid is not None:
            self.groups_of[sid].discard(gid)
            self.dirty.add(sid)
            if not self.groups_of[sid]:
                del self.groups_of[sid]

    def _separate(self, sid_a: str, sid_b: str) -> bool:
        ga, gb = self.groups_of.get(sid_a, set()), self.groups_of.get(sid_b, set())
        return any(frozenset((x, y)) in self.apart for x in ga for y in gb)

    def place(self, gid: str, linked: Iterable[str], inherited: str | None) -> str:
        """Story for ``gid`` given the groups it links to (best first) and its members' story.

        A group without a story joins its best-linked group's story.  Two stories merge only
        while the result stays small: single link over a day of releases that all name the
        same office chains everything into one "story", and a bound is the cheap cure.
        """
        sid = self.story_of.get(gid) or inherited
        for other in linked:
            osid = self.story_of.get(other)
            if osid is None or osid == sid or frozenset((gid, other)) in self.apart:
                continue
            if sid is None:
                sid = osid
            elif not self._separate(sid, osid) and \
                    len(self.groups_of.get(sid, ())) + len(self.groups_of.get(osid, ())) <= MAX_MERGED_GROUPS:
                sid = self.merge(sid, osid)
        sid = sid or self.new_sid()
        self.set(gid, sid)
        return sid

    def merge(self, a: str, b: str) -> str:
        """The older story id (smaller number) absorbs the other."""
        keep, gone = (a, b) if _order(a) <= _order(b) else (b, a)
        for gid in list(self.groups_of.get(gone, ())):
            self.set(gid, keep)
        return keep

    def split_off(self, gid: str) -> str:
        """Move one group into a story of its own (``unlink --story``)."""
        sid = self.new_sid()
        self.set(gid, sid)
        return sid


def _order(sid: str) -> tuple[int, str]:
    digits = "".join(c for c in sid if c.isdigit())
    return (int(digits) if digits else 0, sid)
