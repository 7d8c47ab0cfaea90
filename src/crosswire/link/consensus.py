"""The consensus of a group's versions, and how much of it a candidate text carries.

Used by :mod:`.structure`: the figures and names that two or more versions of a text agree
on are the ones that survive translation, placed where the versions have them (permille of
the text, :attr:`.signature.Signature.places`).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from .feature import Feature, FeatureKind, is_name, is_url, kind_of

#: Kinds that make up the consensus and their weights: years are common and weigh less
#: (unchanged since the linker was written; releases-dev/pickups-dev F1 0.99899/0.99909 is measured with it).
FIGURE_WEIGHT = {FeatureKind.NUM: 1.0, FeatureKind.DATE: 1.0, FeatureKind.YEAR: 0.3}
#: A name weighs as a figure; URLs are in no consensus (a footer carries them anywhere).
NAME_WEIGHT = 1.0
#: Versions that must carry a feature for it to be consensus (a group of one text compared
#: with one other: all of its features).
CONSENSUS_VERSIONS = 2
#: Where a text ends, in the permille that places are measured in.
TEXT_END = 1000
#: Permille of the group's text beyond the furthest consensus feature the candidate carries
#: that is still judged: the sentence that feature sits in.
REACH_MARGIN = 50


@lru_cache(maxsize=1 << 16)
def weight_of(feature: Feature) -> float:
    kind = kind_of(feature)
    return FIGURE_WEIGHT.get(kind, NAME_WEIGHT if kind is FeatureKind.NAME else 0.0)


#: A consensus slot: (is a name, where the versions have it, weight, the features in it).
Slot = tuple[bool, int, float, tuple[Feature, ...]]


def slots(reps: list[dict[Feature, int]], idf: Callable[[Feature], float]) -> list[Slot]:
    """Consensus = features in two versions at least (all of one, where there is one).
    Readings of one written token (``1,100`` is 1100 and 1.1, ``12 mai`` a date and a 12,
    ``Vernier-Le`` three names) sit at one place in a version: one slot, carried if any of
    them is.  A slot is placed at the (lower) median of where the versions have it."""
    counts: Counter[Feature] = Counter()
    for places in reps:
        counts.update(places.keys())   # (a mapping would add its values)
    need = min(CONSENSUS_VERSIONS, len(reps))
    grouped: dict[tuple[int, int, bool], list[Feature]] = {}
    for f, c in counts.items():
        if c < need or is_url(f):   # a URL sits anywhere (a footer): neither fact nor place
            continue
        for i, places in enumerate(reps):   # the first version that has it says where
            p = places.get(f)
            if p is not None:
                key = (i, p, is_name(f))
                fs = grouped.get(key)
                if fs is None:
                    grouped[key] = [f]
                else:
                    fs.append(f)
                break
    out: list[Slot] = []
    for key, fs in grouped.items():
        f = fs[0]
        where = [p[f] for p in reps if f in p]
        where.sort()
        weight = weight_of(f) * idf(f) if len(fs) == 1 else max(weight_of(g) * idf(g) for g in fs)
        out.append((key[2], where[(len(where) - 1) // 2], weight, tuple(fs)))
    return out


def coverage(slots: list[Slot], carried: frozenset[Feature]) -> tuple[tuple[float, int], tuple[float, int]]:
    """(share of the weight carried, slots) of the figures and of the names, as far into
    the group's text as the candidate reaches: a cut copy carries no figure of the part it
    left out, and may carry no figure at all (names reach no less far)."""
    hits = [fs[0] in carried or (len(fs) > 1 and not carried.isdisjoint(fs)) for _n, _p, _w, fs in slots]
    reach = max((p for (_n, p, _w, _f), hit in zip(slots, hits) if hit), default=TEXT_END) + REACH_MARGIN
    total = [0.0, 0.0]
    hit_w = [0.0, 0.0]
    count = [0, 0]
    for (named, placed, w, _fs), hit in zip(slots, hits):
        if placed > reach:
            continue
        total[named] += w
        count[named] += 1
        if hit:
            hit_w[named] += w
    fig, name = (hit_w[i] / total[i] if total[i] else 1.0 for i in (0, 1))
    return (fig, count[0]), (name, count[1])
