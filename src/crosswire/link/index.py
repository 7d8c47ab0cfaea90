"""In-memory candidate indexes over the articles inside the linker's time horizon.

Everything here is bounded by time, not by the size of the database: postings are kept
per (feature, day), a day that leaves the horizon is dropped with its postings, and
undated articles live in a bucket that ages with the stream (one leaves when the stream
has moved a horizon past the day it arrived on) and is bounded by count.  That is what
keeps the cost of one new article flat from a thousand to a hundred thousand articles.
"""
from __future__ import annotations

import math
from collections import OrderedDict, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ..store.periods import period_bounds
from .feature import Feature, FeatureKind, is_name, kind_of
from .signature import Signature

UNDATED = -1
#: A sentence seen in this many articles is kept only for its newest ones: enough to find a
#: group, and thousands of copies of one text never make one lookup long.
CHUNK_POSTINGS = 48
#: Only features this much rarer than the window are used to find candidates; the rest
#: (``year:2022``, ``name:suisse``) still count in scores, through their low weight.
COMMON_SHARE = 0.25
#: Fewer paragraphs than this and a matching layout is coincidence.
MIN_SHAPE = 3
#: A feature carried by this few articles of the window is never "too common" to find
#: candidates by, however small the window (unchanged since the linker was written;
#: releases-dev/pickups-dev F1 0.99899/0.99909 is measured with it).
MIN_COMMON_DF = 8
#: Additions between recomputations of an entry's normaliser, as a power of two (1024):
#: document frequencies move slowly, and this is the hot loop.
NORM_STAMP_BITS = 10
#: Weight of a shared feature by kind, times its window IDF: a year is shared by every text of
#: that year and weighs least, a URL is rarely shared by chance and weighs most (unchanged since
#: the linker was written; releases-dev/pickups-dev F1 0.99899/0.99909 is measured with it).
TYPE_WEIGHT: dict[FeatureKind, float] = {FeatureKind.NUM: 1.0, FeatureKind.YEAR: 0.3, FeatureKind.DATE: 1.0,
                                         FeatureKind.NAME: 1.0, FeatureKind.URL: 1.5}


def day_number(day: str | None, *, precision: Literal["day", "month"] = "day") -> int:
    """The day of an ISO date ("2022-03-14", "2022-03-14T08:00") as ``date.toordinal`` (days
    since 0001-01-01: differences are days); with ``precision="month"`` a month alone
    ("2022-03", a reader's "March 2022") counts as its first day.  UNDATED for None or anything
    else.  The linker asks for full dates (a month is no day to window on), search for months too."""
    if not day:
        return UNDATED
    text = day[:10]
    if precision == "month" and len(text) == len("2022-03"):
        text += "-01"
    try:
        return date.fromisoformat(text).toordinal()
    except ValueError:
        return UNDATED


@dataclass(slots=True)
class Entry:
    key: int
    sig: Signature
    day: int
    seq: int
    lang: int                    # bit of the language, for name transferability masks
    arrived: int = UNDATED       # newest day of the stream when it came: undated entries age by it
    indexed: bool = True         # False for exact copies: they are found through their twin
    norms: dict[int, tuple[float, int]] = field(default_factory=dict)   # language bit -> (normaliser, stamp)
    weighted: tuple[tuple[Feature, float, bool], ...] = ()     # (feature, type weight, is a name)


class WindowIndex:
    """Exact hashes, sentence hashes, MinHash LSH and feature postings of the recent articles."""

    def __init__(self, *, window_days: int = 3, horizon_days: int = 30, undated_keep: int = 5000,
                 late_keep: int = 20000, use_minhash: bool = True) -> None:
        self.window_days = window_days
        self.horizon_days = horizon_days
        self.undated_keep = undated_keep
        self.late_keep = late_keep
        self.entries: dict[int, Entry] = {}
        self.by_id: dict[str, int] = {}
        self.by_hash: dict[str, list[int]] = defaultdict(list)
        self.chunks: dict[int, deque[int]] = {}
        self.postings: dict[str, dict[int, list[int]]] = {}       # feature -> day -> keys
        self.day_docs: dict[int, list[int]] = defaultdict(list)
        self.shapes: dict[tuple[int, int], list[int]] = defaultdict(list)   # (paragraphs, day) -> keys
        self.df: dict[str, int] = {}                 # document frequency over everything retained
        self.lang_mask: dict[str, int] = {}          # name feature -> languages it was seen in
        self.lang_bits: dict[str | None, int] = {}
        self.undated: deque[int] = deque()
        # dated before the horizon when they came (an archive out of order, or brought back from
        # the database): no new day pushes them out, so a count bounds them — a generous one,
        # as each that leaves is found again only through the database, and less well.  Oldest
        # first, in an ordered dict so that one leaving by any other way leaves the count too
        self.late: OrderedDict[int, None] = OrderedDict()
        self.evicted: list[str] = []                 # article ids dropped by the horizon, for the linker
        self._next = 0
        self._seq = 0
        self.newest_day = UNDATED
        self.lsh = None
        self.vectors: Any = None                     # semantic.VectorIndex, once a vector arrives
        if use_minhash:
            from .minhash import LeadLSH

            self.lsh = LeadLSH()

    # ---- membership ---------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.entries)

    @property
    def added(self) -> int:
        """Articles added since this index was made (its size stops growing once the window is full)."""
        return self._next

    def __contains__(self, article_id: str) -> bool:
        return article_id in self.by_id

    def get(self, article_id: str) -> Entry | None:
        key = self.by_id.get(article_id)
        return None if key is None else self.entries[key]

    def lang_bit(self, language: str | None) -> int:
        bit = self.lang_bits.get(language)
        if bit is None:
            bit = self.lang_bits[language] = 1 << len(self.lang_bits)
        return bit

    def add(self, sig: Signature, *, seq: int | None = None, exact_copy: bool = False,
            keep_seq: bool = False, vector: Any = None) -> Entry:
        """Index one signature; an exact copy of an indexed text only joins the hash list.

        ``keep_seq`` is for articles brought back from the database: they keep their old
        place in the stream instead of becoming the newest.
        """
        if sig.article_id in self.by_id:
            self.remove(sig.article_id)
        self._next += 1
        if keep_seq and seq is not None:
            entry_seq = seq
        else:
            self._seq = max(self._seq + 1, seq or 0)
            entry_seq = self._seq
        entry = Entry(self._next, sig, day_number(sig.published), entry_seq, self.lang_bit(sig.language),
                      arrived=max(self.newest_day, day_number(period_bounds(sig.month)[1])),
                      indexed=not exact_copy)
        self.entries[entry.key] = entry
        self.by_id[sig.article_id] = entry.key
        self.by_hash[sig.norm_hash].append(entry.key)
        if entry.day == UNDATED:
            self.undated.append(entry.key)
        else:
            self.day_docs[entry.day].append(entry.key)
            if self.behind_horizon(entry.day):
                self.late[entry.key] = None
        if exact_copy:
            return entry  # finding it again adds nothing its twin does not give
        for h in sig.chunks:
            posting = self.chunks.get(h)
            if posting is None:
                posting = self.chunks[h] = deque(maxlen=CHUNK_POSTINGS)
            posting.append(entry.key)
        if len(sig.shape) >= MIN_SHAPE:
            self.shapes[(len(sig.shape), entry.day)].append(entry.key)
        postings, df, masks, day, key, lang = self.postings, self.df, self.lang_mask, entry.day, entry.key, entry.lang
        for f in sig.features:
            by_day = postings.get(f)
            if by_day is None:
                postings[f] = {day: [key]}
            elif day in by_day:
                by_day[day].append(key)
            else:
                by_day[day] = [key]
            df[f] = df.get(f, 0) + 1
            if is_name(f):
                masks[f] = masks.get(f, 0) | lang
        if self.lsh is not None:
            self.lsh.add(entry.key, sig.lead_shingles)
        if vector is not None:
            if self.vectors is None:
                from .semantic import VectorIndex

                self.vectors = VectorIndex()
            self.vectors.add(entry.key, vector)
        if entry.day > self.newest_day:
            if self.newest_day == UNDATED:   # what came before any date ages from the first one
                for key in self.undated:
                    self.entries[key].arrived = max(self.entries[key].arrived, entry.day)
            self.newest_day = entry.day
            self._evict_old_days()
        while len(self.undated) > self.undated_keep:
            key = self.undated.popleft()
            if key in self.entries:
                self.evicted.append(self.entries[key].sig.article_id)
            self._drop(key)
        while len(self.late) > self.late_keep:
            gone = self.entries[self.late.popitem(last=False)[0]]
            self.evicted.append(gone.sig.article_id)
            self.remove(gone.sig.article_id)
        return entry

    def behind_horizon(self, day: int) -> bool:
        """Dated, and before the horizon of the stream so far: no new day will push it out."""
        return day != UNDATED and day < self.newest_day - self.horizon_days

    def remove(self, article_id: str) -> None:
        key = self.by_id.get(article_id)
        if key is None:
            return
        entry = self.entries[key]
        bucket = self.undated if entry.day == UNDATED else self.day_docs.get(entry.day)
        if bucket is not None and key in bucket:
            bucket.remove(key)
        self._drop(key)

    def _evict_old_days(self) -> None:
        limit = self.newest_day - self.horizon_days
        for day in [d for d in self.day_docs if d < limit]:
            for key in self.day_docs.pop(day):
                entry = self.entries.get(key)
                if entry is not None:
                    self.evicted.append(entry.sig.article_id)
                self._drop(key, whole_day=True)
        # An undated article is news of the days it arrived in (a month-dated one, of its whole
        # month); once the stream is a horizon past them it stays findable through the database
        # (recall.py), not in memory.  The bucket is in arrival order, so a month-dated entry can
        # hold back a few older ones until it leaves: they go late, never early.
        undated = self.undated
        while undated:
            entry = self.entries.get(undated[0])
            if entry is not None and entry.arrived >= limit:
                break
            undated.popleft()
            if entry is not None:
                self.evicted.append(entry.sig.article_id)
                self._drop(entry.key)

    def _drop(self, key: int, *, whole_day: bool = False) -> None:
        entry = self.entries.pop(key, None)
        if entry is None:
            return
        sig = entry.sig
        self.by_id.pop(sig.article_id, None)
        self.late.pop(key, None)
        _discard(self.by_hash, sig.norm_hash, key)
        if not entry.indexed:
            return
        for h in sig.chunks:
            posting = self.chunks.get(h)
            if posting is not None and key in posting:
                posting.remove(key)
                if not posting:
                    del self.chunks[h]
        if self.lsh is not None:
            self.lsh.remove(key)
        if self.vectors is not None:
            self.vectors.remove(key)
        if len(sig.shape) >= MIN_SHAPE:
            _discard(self.shapes, (len(sig.shape), entry.day), key)
        for f in sig.features:
            by_day = self.postings.get(f)
            if by_day is not None:
                if whole_day:  # the day leaves at once: drop its postings, not one article at a time
                    by_day.pop(entry.day, None)
                else:
                    _discard(by_day, entry.day, key)
                if not by_day:
                    del self.postings[f]
            left = self.df.get(f, 0) - 1
            if left > 0:
                self.df[f] = left
            else:
                self.df.pop(f, None)
                self.lang_mask.pop(f, None)

    # ---- candidate lookups --------------------------------------------------------------
    def window_days_of(self, entry: Entry) -> list[int]:
        """Days whose articles may be versions of this one; undated ones always may."""
        if entry.day == UNDATED:
            return [*self.day_docs, UNDATED]
        return [entry.day + d for d in range(-self.window_days, self.window_days + 1)] + [UNDATED]

    def window_size(self, days: Iterable[int]) -> int:
        return sum(len(self.undated) if d == UNDATED else len(self.day_docs.get(d, ())) for d in days)

    def chunk_matches(self, entry: Entry) -> dict[int, int]:
        """Candidate key -> characters of sentences shared with ``entry``."""
        shared: dict[int, int] = defaultdict(int)
        for h, size in zip(entry.sig.chunks, entry.sig.chunk_chars):
            for key in self.chunks.get(h, ()):
                if key != entry.key:
                    shared[key] += size
        return shared

    def lsh_matches(self, entry: Entry) -> list[int]:
        if self.lsh is None:
            return []
        return [k for k in self.lsh.query(entry.sig.lead_shingles) if k != entry.key and k in self.entries]

    def feature_scores(self, entry: Entry) -> tuple[dict[int, float], dict[str, int]]:
        """Candidate key -> summed window-IDF weight of the features it shares with ``entry``,
        and how many other articles in the window carry each of its features.

        One pass over the postings of the window (classic inverted-index scoring); features
        too common in the window to tell texts apart are skipped, not scored.
        """
        days = self.window_days_of(entry)
        window = set(days)
        n = max(1, self.window_size(days))
        common = max(MIN_COMMON_DF, COMMON_SHARE * n)
        log_n1 = math.log(n + 1)
        acc: dict[int, float] = defaultdict(float)
        dfs: dict[str, int] = {}
        for f in entry.sig.features:
            by_day = self.postings.get(f)
            if by_day is None:
                continue
            lists = [p for d, p in by_day.items() if d in window]
            df = dfs[f] = sum(map(len, lists)) - 1    # the entry itself is indexed already
            if df <= 0 or df > common:
                continue
            w = TYPE_WEIGHT[kind_of(f)] * (log_n1 - _log_half(df))
            for posting in lists:
                for key in posting:
                    acc[key] += w
        acc.pop(entry.key, None)
        return acc, dfs

    def shape_matches(self, entry: Entry) -> list[int]:
        """Articles in the window laid out in as many paragraphs: candidates with no shared
        name or figure at all (a short release on the Federal Council's weekly agenda)."""
        n = len(entry.sig.shape)
        if n < MIN_SHAPE:
            return []
        return [k for d in self.window_days_of(entry) for k in self.shapes.get((n, d), ()) if k != entry.key]

    def normaliser(self, entry: Entry, lang: int) -> float:
        """What ``entry`` could share with a text in language ``lang``: corpus-IDF weights of
        its figures and URLs, and of the names already seen in that language.

        Corpus IDF is capped, so that a growing corpus does not shrink every score.  Cached
        for 1024 additions: document frequencies move slowly, and this is the hot loop.
        """
        stamp = self._next >> NORM_STAMP_BITS
        cached = entry.norms.get(lang)
        if cached is not None and cached[1] == stamp:
            return cached[0]
        log_n = math.log(len(self.entries) + 1)
        df, masks = self.df, self.lang_mask
        total = 0.0
        if not entry.weighted:
            entry.weighted = tuple((f, TYPE_WEIGHT[kind_of(f)], is_name(f)) for f in entry.sig.features)
        for f, weight, named in entry.weighted:
            if named and not masks.get(f, 0) & lang:
                continue
            total += weight * min(log_n - _log_half(df.get(f, 0)), NORM_IDF_CAP)
        entry.norms[lang] = (total, stamp)
        return total


#: log(1000): a feature rarer than one in a thousand articles weighs the same as one in a million.
NORM_IDF_CAP = math.log(1000)
#: Document frequencies whose log is looked up rather than computed: all but the commonest.
_LOG_TABLE_SIZE = 4096
_LOG_HALF = [math.log(i + 0.5) for i in range(_LOG_TABLE_SIZE)]


def _log_half(n: int) -> float:
    return _LOG_HALF[n] if n < _LOG_TABLE_SIZE else math.log(n + 0.5)


def _discard(table: dict, key: object, value: int) -> bool:
    lst = table.get(key)
    if not lst:
        return False
    try:
        lst.remove(value)
    except ValueError:
        return False
    if not lst:
        del table[key]
    return True
