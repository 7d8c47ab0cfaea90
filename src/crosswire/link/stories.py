"""Stories: version groups that report the same event, clustered as articles stream in.

Two groups are *linked* when they share enough event-specific evidence (names, figures,
URLs carried by few other stories: :mod:`.story_evidence`) within the story window.  A
group joins a story, and two stories merge, only when the groups on both sides are linked
in the majority and strongly on average — average link, not single link, so that one
shared name between two hydrogen releases of the same Friday does not chain every story
of the week into one.  Incremental: only groups that changed are placed, against the
stories of the groups they share evidence with; nothing is recomputed.  A group left with
no link to any other group of its story (its members changed) gets a story of its own.
User corrections decide first: ``unlink --story`` keeps two stories apart, ``link
--story`` puts them together.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

#: Evidence between two groups, or None where it cannot be told (out of memory, out of window).
Evidence = Callable[[str, str], "tuple[float, list[str]] | None"]
#: Share of the group pairs across two stories that must be linked for them to merge ...
JOIN_LINKED = 0.5
#: ... and their mean evidence, as a share of the link threshold.
JOIN_MEAN = 0.75
#: Automatic merges stop at this many groups (``link --story`` has no bound): a guard on cost.
MAX_MERGED_GROUPS = 40


class Stories:
    def __init__(self, new_sid: Callable[[], str]) -> None:
        self.new_sid = new_sid
        self.story_of: dict[str, str] = {}                     # group -> story
        self.groups_of: dict[str, set[str]] = defaultdict(set)
        self.apart: set[frozenset[str]] = set()                # groups kept in separate stories
        self.dirty: set[str] = set()                           # stories whose groups changed
        self.moved: set[str] = set()                           # groups whose story changed
        self.on_merge: Callable[[str, str], None] | None = None  # (kept, gone): the meaning centroids follow

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

    def separate(self, sid_a: str, sid_b: str) -> bool:
        ga, gb = self.groups_of.get(sid_a, set()), self.groups_of.get(sid_b, set())
        return any(frozenset((x, y)) in self.apart for x in ga for y in gb)

    def place(self, gid: str, candidates: Iterable[str], inherited: str | None, evidence: Evidence,
              threshold: float) -> str:
        """Story for ``gid``: its own (or its members') story while it still links to it, then
        merged with every candidate group's story that it links to in the majority."""
        sid = self.story_of.get(gid) or inherited
        if sid is not None:
            rest = self.groups_of.get(sid, set()) - {gid}
            linked, considered, _mean = self.affinity({gid}, rest, evidence, threshold)
            if considered and not linked:
                sid = None  # it changed and no longer tells the story it was in
        sid = sid or self.new_sid()
        self.set(gid, sid)
        for other in candidates:
            osid = self.story_of.get(other)
            if osid is None or osid == sid or self.separate(sid, osid):
                continue
            mine, theirs = self.groups_of[sid], self.groups_of[osid]
            if len(mine) + len(theirs) > MAX_MERGED_GROUPS:
                continue
            linked, considered, mean = self.affinity(mine, theirs, evidence, threshold)
            if considered and linked >= JOIN_LINKED * considered and mean >= JOIN_MEAN * threshold:
                sid = self.merge(sid, osid)
        return sid

    @staticmethod
    def affinity(mine: Iterable[str], theirs: Iterable[str], evidence: Evidence,
                 threshold: float) -> tuple[int, int, float]:
        """(linked pairs, pairs that could be told, mean evidence over those) across two sets."""
        linked = considered = 0
        total = 0.0
        theirs = list(theirs)
        for g in mine:
            for h in theirs:
                found = evidence(g, h)
                if found is None:
                    continue
                considered += 1
                total += found[0]
                linked += found[0] >= threshold
        return linked, considered, (total / considered if considered else 0.0)

    def merge(self, a: str, b: str) -> str:
        """The older story id (smaller number) absorbs the other."""
        keep, gone = (a, b) if _order(a) <= _order(b) else (b, a)
        for gid in list(self.groups_of.get(gone, ())):
            self.set(gid, keep)
        if self.on_merge is not None and keep != gone:
            self.on_merge(keep, gone)
        return keep

    def split_off(self, gid: str) -> str:
        """Move one group into a story of its own (``unlink --story``)."""
        sid = self.new_sid()
        self.set(gid, sid)
        return sid


def _order(sid: str) -> tuple[int, str]:
    digits = "".join(c for c in sid if c.isdigit())
    return (int(digits) if digits else 0, sid)
