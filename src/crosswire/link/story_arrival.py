"""Story decisions in arrival order, each seeing the stream as it stood when its article came.

The linker takes articles in batches (``ingest``: 64 at a time): every article of a batch is
indexed and grouped into versions first, then the groups that changed are placed in stories.
Placed naively, a group decided at the batch's end sees the whole batch: its later copies (their
time: a copy from the next day ran the daily check early, before the rest of the day was
placed), and names and figures that the batch's later reports of the same event carry (a name
that three reports of one burst share looked common, so the bonus a rare shared name gives fell
just where it mattered).  Article by article none of that happens, and the stories differ: on
stories-dev weeks 2-3, B-cubed 0.639 with batches of 64 against 0.652 with batches of one
(README, "Stories on real news", sixth round).

So a batch is replayed as its articles arrived: each short group is decided at each of its
new articles, in the order they came, seeing only members and features that had arrived by
then (:meth:`AsOf.advance`); a group of full text, placed by names and figures, once, at its
newest article.  The result is the article-by-article one, whatever the batch size.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from .index import Entry


class AsOf:
    """What of the current batch has arrived: articles up to ``cutoff`` (a stream seq)."""

    def __init__(self) -> None:
        self.cutoff: int | None = None          # None: everything (outside a batch's placement)
        self.ahead: Counter[str] = Counter()    # index features of the batch's articles after it
        self.ahead_n = 0                        # and their number
        self._queue: list[Entry] = []
        self._next = 0

    def start(self, pending: Mapping[str, Entry]) -> None:
        """A batch's placement begins: none of ``pending`` (its articles) has arrived yet."""
        self._queue = sorted(pending.values(), key=lambda e: e.seq)
        # as the index counts them (``WindowIndex.add``): an exact copy adds no feature counts
        self.ahead = Counter(f for e in self._queue if e.indexed for f in e.sig.features)
        self.ahead_n = len(self._queue)
        self._next = 0
        self.cutoff = (self._queue[0].seq - 1) if self._queue else None

    def advance(self, seq: int) -> None:
        """The articles up to ``seq`` have arrived (never goes back)."""
        if self.cutoff is not None and seq <= self.cutoff:
            return
        self.cutoff = seq
        while self._next < len(self._queue) and self._queue[self._next].seq <= seq:
            entry = self._queue[self._next]
            if entry.indexed:
                self.ahead.subtract(entry.sig.features)
            self.ahead_n -= 1
            self._next += 1

    def end(self) -> None:
        self.cutoff, self._queue, self._next = None, [], 0
        self.ahead.clear()
        self.ahead_n = 0

    def sees(self, entry: Entry) -> bool:
        """Had this article arrived at the cutoff?"""
        return self.cutoff is None or entry.seq <= self.cutoff


def arrivals(groups: Iterable[str], docs_of: Mapping[str, set[str]], pending: Mapping[str, Entry],
             short: Callable[[str], bool], order: Callable[[str], int]) -> list[tuple[int, str]]:
    """(seq, group) decisions of one batch, in arrival order: a short group at each of its new
    articles, another group once at its newest one, a group with no new article (its members
    changed otherwise) before them all, by id."""
    out: list[tuple[int, int, str]] = []
    for gid in groups:
        seqs = sorted(pending[d].seq for d in docs_of.get(gid, ()) if d in pending)
        if not seqs:
            out.append((-1, order(gid), gid))
        elif short(gid):
            out.extend((s, order(gid), gid) for s in seqs)
        else:
            out.append((seqs[-1], order(gid), gid))
    return [(s, g) for s, _o, g in sorted(out)]
