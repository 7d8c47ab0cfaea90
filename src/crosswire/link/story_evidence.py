"""Same-event evidence between two version groups: what stories are made of.

Two texts that report one event (a release and a newspaper's own report on it, in any
language) share the event's particulars: the people and places named, the amounts and
counts, the URLs.  Two texts on one *topic* share the topic's vocabulary: the office, the
minister, the wire's name, the day's date, "Prozent".  So the evidence is the shared
features that are specific to the pair, weighed by how many *other* stories carry them
(an IDF over stories, not articles: the five versions of one release must not make its
names look common), and counted over whole groups, so that a German noun found only in
the German version does not pass for a name.

Years and calendar dates say nothing here (every release of one Federal Council meeting
shares the meeting's date), nor do one-digit figures.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from .feature import Feature, FeatureKind, is_name, kind_of, value_of
from .scoring import day_range
from .state import LinkState

#: Weight of a shared feature by kind; two-character figures (a percentage, a day of the
#: month, a country calling code) are weak.
KIND_WEIGHT = {"name": 1.0, "url": 1.5, "num": 1.0}
SHORT_FIGURE = 0.5
#: A name seen in one language only may be a capitalised common noun (German): a quarter ...
ONE_LANGUAGE_NAME = 0.25
#: ... and all of them together at most one name: a shared vocabulary ("Wolfsbestand",
#: "Jagdgesetz") is the topic, not the event.
ONE_LANGUAGE_CAP = 1.0
#: Features carried by more articles than this in memory are not specific to any event.
MAX_POSTINGS = 48
#: Below this cosine between two groups' specific features, their evidence is scaled down.
MIN_COSINE = 0.2
#: Specific features two groups share before their evidence is weighed (a link needs 4).
MIN_SHARED = 3
#: Features listed in evidence, at most.
SHOWN = 12


@dataclass(slots=True)
class Profile:
    features: dict[str, float]          # story-eligible feature -> kind weight
    span: tuple[int, int] | None        # first and last possible day of its dated members
    own: dict[str, int]                 # feature -> indexed members carrying it (the rest is others')


class StoryEvidence:
    """Group profiles and pair evidence, cached until the groups involved change."""

    def __init__(self, state: LinkState, window_days: int) -> None:
        self.state = state
        self.window_days = window_days
        self.profiles: dict[str, Profile | None] = {}
        self.carriers: dict[str, frozenset[str] | None] = {}   # feature -> groups carrying it; None: common
        self.pairs: dict[tuple[str, str], tuple[float, list[str]]] = {}
        self.masses: dict[str, float] = {}

    def reset(self, changed: set[str]) -> None:
        """Before placing (once per flush): groups in ``changed`` gained or lost members, and
        document frequencies moved.  Profiles of other groups are kept (a profile is what its
        members carry: unchanged while they are); within one flush, pair values stay as first
        computed, though merges change the story counts behind specificity a little."""
        self.carriers.clear()
        self.pairs.clear()
        self.masses.clear()
        alive = self.state.clusters.docs_of
        for gid in changed:
            self.profiles.pop(gid, None)
        if len(self.profiles) > 2 * len(alive) + 1024:
            for gid in [g for g in self.profiles if g not in alive]:
                del self.profiles[gid]

    # ---- profiles ------------------------------------------------------------------------
    def profile(self, gid: str) -> Profile | None:
        """None for a group with no member in memory (they left the horizon): nothing to tell."""
        if gid not in self.state.clusters.docs_of:
            return None
        if gid in self.profiles:
            return self.profiles[gid]
        state = self.state
        masks = state.index.lang_mask
        features: dict[str, float] = {}
        own: dict[str, int] = {}
        lo = hi = None
        found = False
        for d in state.clusters.docs_of.get(gid, ()):
            entry = state.entry_of(d)
            if entry is None:
                continue
            found = True
            span = day_range(entry)
            if span is not None:
                lo = span[0] if lo is None else min(lo, span[0])
                hi = span[1] if hi is None else max(hi, span[1])
            for f in entry.sig.features:
                if entry.indexed:
                    own[f] = own.get(f, 0) + 1
                if f in features:
                    continue
                w = kind_weight(f)
                if w and is_name(f):
                    mask = masks.get(f, 0)
                    if not mask & (mask - 1):  # one language bit (or none): maybe a common noun
                        w *= ONE_LANGUAGE_NAME
                if w:
                    features[f] = w
        profile = Profile(features, None if lo is None else (lo, hi), own) if found else None  # type: ignore[arg-type]
        self.profiles[gid] = profile
        return profile

    def groups_with(self, feature: str) -> frozenset[str] | None:
        """Groups in memory whose articles carry ``feature``; None when it is too common to tell."""
        if feature in self.carriers:
            return self.carriers[feature]
        index, gid_of = self.state.index, self.state.clusters.gid_of
        result: frozenset[str] | None = None
        if index.df.get(feature, 0) <= MAX_POSTINGS:
            out: set[str] = set()
            for keys in index.postings.get(feature, {}).values():
                for key in keys:
                    entry = index.entries.get(key)
                    gid = gid_of.get(entry.sig.article_id) if entry is not None else None
                    if gid is not None:
                        out.add(gid)
            result = frozenset(out)
        self.carriers[feature] = result
        return result

    def candidates(self, gid: str, *, limit: int = 12) -> list[str]:
        """Other groups sharing at least ``MIN_SHARED`` specific features with ``gid``, most first."""
        profile = self.profile(gid)
        if profile is None:
            return []
        counts: dict[str, int] = {}
        df = self.state.index.df
        for f in profile.features:
            n = df.get(f, 0)
            if n <= profile.own.get(f, 0) or n > MAX_POSTINGS // 2:
                continue  # no other article in memory carries it, or too many do to single one out
            carriers = self.groups_with(f)
            if carriers is not None and 1 < len(carriers) <= 12:
                for g in carriers:
                    if g != gid:
                        counts[g] = counts.get(g, 0) + 1
        ranked = sorted((g for g, n in counts.items() if n >= MIN_SHARED), key=lambda g: (-counts[g], g))
        return ranked[:limit]

    def mass(self, gid: str) -> float:
        """What the group could share at most: its own features, weighed as in :meth:`between`.
        A release listing two hundred promoted officers shares a few first names with anything."""
        if gid in self.masses:
            return self.masses[gid]
        profile = self.profile(gid)
        story_of = self.state.stories.story_of
        own = {story_of.get(gid, gid)}
        total = 0.0
        df = self.state.index.df
        for f, w in (profile.features.items() if profile else ()):
            if df.get(f, 0) <= profile.own.get(f, 0):  # type: ignore[union-attr]
                total += w  # its own: no other story carries it
                continue
            carriers = self.groups_with(f)
            if carriers is not None:
                total += w / (1 + len({story_of.get(x, x) for x in carriers} - own)) ** 2
        self.masses[gid] = total
        return total

    # ---- evidence ------------------------------------------------------------------------
    def between(self, g: str, h: str) -> tuple[float, list[str]] | None:
        """Weighted count of the specific features two groups share, and which; None when one
        of them is not in memory or they lie further apart than the story window."""
        key = (g, h) if g < h else (h, g)
        if key in self.pairs:
            return self.pairs[key]
        pg, ph = self.profile(g), self.profile(h)
        if pg is None or ph is None:
            return None
        window = self.window_days
        if pg.span and ph.span and max(pg.span[0] - ph.span[1], ph.span[0] - pg.span[1]) > window:
            return None
        story_of = self.state.stories.story_of
        own = {story_of.get(g, g), story_of.get(h, h)}
        small, large = (pg.features, ph.features) if len(pg.features) <= len(ph.features) else (ph.features, pg.features)
        shared: list[tuple[float, str, bool]] = []      # (weight, feature, one-language name)
        for f, w in small.items():
            if f not in large:
                continue
            carriers = self.groups_with(f)
            if carriers is None:
                continue
            others = {story_of.get(x, x) for x in carriers} - own
            w = min(w, large[f])
            weight = w / (1 + len(others)) ** 2
            if weight >= 0.05:
                shared.append((weight, f, w <= ONE_LANGUAGE_NAME and is_name(f)))
        # "Karin Keller-Sutter" is one person, not four names: the parts of a shared
        # hyphenated name give nothing of their own
        parts = {p for _w, f, _l in shared if is_name(f) and "-" in f for p in value_of(f).split("-")}
        shared = [s for s in shared if not (is_name(s[1]) and value_of(s[1]) in parts)]
        total = sum(w for w, _f, local in shared if not local)
        total += min(sum(w for w, _f, local in shared if local), ONE_LANGUAGE_CAP)
        # a few shared names among hundreds count for less: below MIN_COSINE between the two
        # groups' specific features, the evidence is scaled down (never up)
        if total >= 1.0:  # below, it links nothing either way: spare the masses
            cosine = total / math.sqrt(max(self.mass(g), total) * max(self.mass(h), total))
            total *= min(1.0, cosine / MIN_COSINE)
        result = (round(total, 3), [f for _w, f, _l in sorted(shared, reverse=True)])
        self.pairs[key] = result
        return result

    def explain(self, g: str, h: str) -> dict[str, object]:
        """Evidence JSON for a ``same_story`` relation between two groups."""
        found = self.between(g, h)
        if found is None:
            return {}
        score, features = found
        out: dict[str, object] = {"story_evidence": score}
        for kind, label in ((FeatureKind.NAME, "names"), (FeatureKind.NUM, "figures"), (FeatureKind.URL, "urls")):
            values = [value_of(f) for f in features if kind_of(f) is kind]
            if values:
                out[label] = values[:SHOWN]
        return out


@lru_cache(maxsize=1 << 16)
def kind_weight(feature: Feature) -> float:
    kind, value = kind_of(feature), value_of(feature)
    if kind is FeatureKind.NUM:
        digits = sum(c.isdigit() for c in value)
        if digits < 2:
            return 0.0
        return SHORT_FIGURE if len(value) < 3 else KIND_WEIGHT["num"]
    if kind is FeatureKind.NAME:
        return KIND_WEIGHT["name"] if len(value) >= 3 else 0.0
    return KIND_WEIGHT.get(kind.value, 0.0)
