"""One more version of a group's text, or a report on the group's event?

Shared figures and names say two texts are about one event; they do not say one text is a
version of the other.  An independent report (a journalist's own article on a release)
shares the release's most telling facts, often its paragraph layout and length too, so it
scores as well as a translation.  What it does not do is *carry the text*:

* **Same language, same text.**  Versions of one text in one language are copies of it
  (a pickup, a reprint, an exact twin): they share sentences word for word.  Two texts in
  one language that share no sentence are two texts, however many facts they share, so
  they are never put in one version group.  (Dev releases and pickups: every pair of
  same-language texts in one gold group shares a sentence.)
* **What the versions agree on.**  Where a group holds versions in two or more other
  languages, the figures and names those versions agree on are the ones that survive
  translation.  A version carries them; a report picks a few and tells its own.  A true
  version may lose many figures (a time written ``12.00`` / ``12:00``, an enumeration laid
  out as a list) or many names (institutions and places are translated: Bern/Berne/Berna,
  DDPS/VBS), but not most of the figures, nor both.  A truncated pickup carries only the
  group's first part, so the consensus is judged only as far into the group's text as the
  candidate reaches; a report reaches far (it picks its facts from all over the release)
  and misses most of what lies between (:mod:`.consensus`).
* **Refused texts.**  Two texts that both fail that test against a group they are both
  linked to, and share little the group does not carry, are two reports on its event:
  what they have in common is the release's.  And a text a group refused does not become
  a version of what is left of that group, nor of another group on a link far weaker than
  its links to that group (an undated report shares a few small figures with anything).

A source's text beside its own version in another language is its translation, so texts
from a source the group already holds are not put to the consensus test (that is most
joins, and keeps the cost of the test to a few per cent of linking).

It is the same evidence a reader uses — "nearly every sentence of a translation has a
counterpart; a report rewrites, drops most and adds its own" — reduced to what a signature
keeps.  :class:`VersionTest` is called by :meth:`.grouping.Clusters.recluster` before two
components are joined: a veto, so it can only split what the scores would join.  Thresholds
were set on the dev releases and pickups (no true version vetoed there) and are noted where
they are defined.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from .consensus import Slot, coverage, slots, weight_of
from .feature import is_name

if TYPE_CHECKING:
    from .grouping import Clusters
    from .index import Entry, WindowIndex
    from .signature import Signature

#: Versions in other languages the group needs before it has a consensus to judge by: one
#: version alone is no consensus (its own additions would count against a true version).
MIN_LANGUAGES = 2
#: Figure and name slots of the consensus (within the candidate's reach) needed to judge.
MIN_SLOTS = 8
#: A version may lose many of the consensus names (institutions and places are translated:
#: Bern/Berne/Berna, DDPS/VBS) or a good part of its figures (a time written ``12.00`` /
#: ``12:00``, an enumeration laid out as a list), not both.  On the dev releases no true
#: version with 8 slots of each falls under both (closest: 0.57 of the figures with 0.34
#: of the names, 0.83 with 0.24); the demo's wire-strike report carries 0.61 and 0.19.
NAMES_KEPT = 0.25
FIGURES_KEPT = 0.7
#: Nor does a version lose most of the figures on its own: with 10 slots or more the dev
#: releases' and pickups' lowest is 0.55, a report telling its own figures falls below.
FIGURES_ALONE = 0.4
MIN_FIGURE_SLOTS = 10
#: Two reports on one release share the release's facts: when this share of what two texts
#: have in common is carried by a group neither of them follows, they are not one text.
EXPLAINED = 0.8
#: ... and when each carries less than this share of the other's figures (of 5 at least).
PAIR_FIGURES = 0.5
MIN_PAIR_SLOTS = 5
#: A text a group refused joins another only on a link at least this share of its link to
#: that group (a report's links to its release's versions are its strongest).
FALLBACK_SHARE = 0.5
#: Consensus slots and verdicts kept (see VersionTest.__init__), and for how many new articles.
MEMO_SIZE = 8000
MEMO_SPAN = 2048
IDF_CAP = math.log(1000)


class VersionTest:
    """``test(docs_a, docs_b)``: may two components of a version group become one?"""

    def __init__(self, index: WindowIndex, clusters: Clusters, entry_of: Callable[[str], Entry | None]) -> None:
        self.index = index
        self.clusters = clusters
        self.entry_of = entry_of
        self.vetoes: dict[str, int] = {"language": 0, "consensus": 0, "fallback": 0}
        # a neighbourhood is re-clustered on every article that links into it, so the same
        # texts are weighed against the same groups again and again: consensus slots and
        # verdicts are kept until the index has moved on by MEMO_SPAN articles (weights are
        # document frequencies, which move slowly) or an article is re-ingested (clear())
        self._slots: dict[tuple[bool, tuple[str, ...]], tuple[tuple[Signature, ...], list[Slot]]] = {}
        self._slots_at = 0
        self._verdicts: dict[tuple[frozenset[str], frozenset[str], bool], bool] = {}   # as long
        self._placed: dict[str, tuple[Signature, dict[str, int]]] = {}
        self._idfs: dict[str, float] = {}
        # lone texts a group refused -> (link strength to it, the groups that refused it)
        self._refused: dict[str, tuple[float, tuple[frozenset[str], ...]]] = {}

    def __call__(self, docs_a: list[str], docs_b: list[str]) -> bool:
        units_a, units_b = self._units(docs_a), self._units(docs_b)
        if not self.same_language_copies(docs_a, docs_b):
            self.vetoes["language"] += 1
            self._refuse(units_a, docs_b)
            self._refuse(units_b, docs_a)
            return False
        if self._fallback(units_a, docs_b) or self._fallback(units_b, docs_a):
            self.vetoes["fallback"] += 1
            return False
        if len(units_a) == 1 and len(units_b) == 1:
            ok = not self.reports_on_one_group(units_a[0], units_b[0])
        else:
            # every text of one side must follow the other: a report that first paired with
            # another text (a pickup, a second report) is brought no closer by it
            ok = all(self.follows(unit, other) for units, other, docs in ((units_a, units_b, docs_b),
                                                                          (units_b, units_a, docs_a))
                     if len(other) > 1 for unit in units if self._judgeable(unit, docs))
            if not ok and len(units_a) == 1:
                self._refuse(units_a, docs_b)
            elif not ok and len(units_b) == 1:
                self._refuse(units_b, docs_a)
        if not ok:
            self.vetoes["consensus"] += 1
        return ok

    def _refuse(self, units: list[list[str]], group: list[str]) -> None:
        """Remember a lone text a group refused, how strongly it was linked to it, and who."""
        if len(units) == 1:
            strength, members = self._strongest(units[0], set(group)), frozenset(group)
            for d in units[0]:
                old, by = self._refused.get(d, (0.0, ()))
                self._refused[d] = (max(old, strength), (*by, members))

    def _fallback(self, units: list[list[str]], other: list[str]) -> bool:
        """A lone text a group refused (a report on its event) that would join what is left
        of that group in memory (the rest left the horizon), or another group on a link far
        weaker than those it had to that group: the next best match of a text that has none,
        not a version (an undated report shares a few small figures with anything)."""
        if len(units) != 1 or self._refused.keys().isdisjoint(units[0]):
            return False
        refusals = [self._refused[d] for d in units[0] if d in self._refused]
        if any(by >= set(other) for _s, refusers in refusals for by in refusers):
            return True
        return self._strongest(units[0], set(other)) < FALLBACK_SHARE * max(s for s, _by in refusals)

    def reports_on_one_group(self, x: list[str], y: list[str]) -> bool:
        """Two texts that carry few of each other's figures, both fail to follow a group they
        are both linked to, and share little that group does not carry: two reports on its
        event, not versions of each other (what they have in common is the release's).
        Versions of one release that also link to a related release of the same day carry
        each other's figures.  Only asked of texts some group has refused (cheap, and the
        greedy join tries a text's stronger links, to the group's versions, first)."""
        if self._refused.keys().isdisjoint(x) or self._refused.keys().isdisjoint(y):
            return False
        linked = self._groups_linked(x) & self._groups_linked(y)
        if not any(self._judgeable(x, self.clusters.docs_of.get(g, ())) for g in linked) \
                or self._carries_figures_of(x, y) or self._carries_figures_of(y, x):
            return False
        for gid in sorted(linked):
            members = [d for d in self.clusters.docs_of.get(gid, ()) if d not in x and d not in y]
            if not (self._judgeable(x, members) and self._judgeable(y, members)):
                continue
            group = self._units(members)
            if self.follows(x, group) or self.follows(y, group):
                continue
            if self._explained(x, y, members) >= EXPLAINED:
                return True
        return False

    def _carries_figures_of(self, unit: list[str], other: list[str]) -> bool:
        """Does ``unit`` carry most of ``other``'s figures within its reach (or too few to tell)?"""
        self._fresh()
        key = (frozenset(unit), frozenset(other), False)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = self._carries(unit, other)
        return verdict

    def _carries(self, unit: list[str], other: list[str]) -> bool:
        rep = _fullest(e for d in other if (e := self.entry_of(d)) is not None)
        mine = [e for d in unit if (e := self.entry_of(d)) is not None]
        if rep is None or not mine or not rep.sig.places:
            return True
        carried = frozenset().union(*(e.sig.features for e in mine))
        (cover, slots), _names = coverage(self._consensus([rep], names=False), carried)
        return slots < MIN_PAIR_SLOTS or cover >= PAIR_FIGURES

    def _judgeable(self, unit: list[str], docs: Iterable[str]) -> bool:
        """Do ``docs`` hold versions in MIN_LANGUAGES languages other than ``unit``'s, none of
        them from ``unit``'s source?  A source's text beside its own version in another
        language is its translation of it, not its report on it.  (From the clusters' keys:
        no signature is looked at for the many joins this settles.)"""
        key_of = self.clusters.key_of
        mine = [key_of[d] for d in unit if d in key_of]
        langs = {lang for lang, _src in mine}
        sources = {src for lang, src in mine if lang is not None}
        others: set[str] = set()
        for d in docs:
            key = key_of.get(d)
            if key is not None and key[0] is not None:
                if key[1] in sources:
                    return False
                others.add(key[0])
        return len(others - langs) >= MIN_LANGUAGES

    def _strongest(self, unit: list[str], others: set[str]) -> float:
        soft = self.clusters.soft
        return max((s for d in unit for o, s in soft.get(d, {}).items() if o in others), default=0.0)

    def _groups_linked(self, unit: list[str]) -> set[str]:
        gid_of, threshold = self.clusters.gid_of, self.clusters.threshold
        return {g for d in unit for o, s in self.clusters.soft.get(d, {}).items()
                if s >= threshold and (g := gid_of.get(o)) is not None}

    def _explained(self, x: list[str], y: list[str], members: list[str]) -> float:
        """Share (IDF-weighted) of what ``x`` and ``y`` share that ``members`` carry too."""
        def feats(docs: list[str]) -> frozenset[str]:
            return frozenset().union(*(e.sig.features for d in docs if (e := self.entry_of(d)) is not None))

        shared = {f for f in feats(x) & feats(y) if weight_of(f)}
        if not shared:
            return 0.0
        theirs = feats(members)
        total = sum(weight_of(f) * self._idf(f) for f in shared)
        return sum(weight_of(f) * self._idf(f) for f in shared if f in theirs) / total

    # ---- same language ----------------------------------------------------------------
    def same_language_copies(self, docs_a: Iterable[str], docs_b: Iterable[str]) -> bool:
        """False when the two sides hold texts in one language that share no sentence."""
        key_of = self.clusters.key_of
        langs_a = {lang for d in docs_a if d in key_of and (lang := key_of[d][0]) is not None}
        if langs_a.isdisjoint(key_of[d][0] for d in docs_b if d in key_of):
            return True   # the usual case, told from the clusters' keys alone
        by_a = self._by_language(docs_a)
        if not by_a:
            return True
        by_b = self._by_language(docs_b)
        for lang in by_a.keys() & by_b.keys():
            if not any(_copies(x, y) for x in by_a[lang] for y in by_b[lang]):
                return False
        return True

    def _by_language(self, docs: Iterable[str]) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = {}
        for d in docs:
            e = self.entry_of(d)
            if e is None:
                return {}  # a member not even stored: no judgement on what cannot be seen
            if e.sig.language:
                out.setdefault(e.sig.language, []).append(e)
        return out

    # ---- consensus --------------------------------------------------------------------
    def _units(self, docs: list[str]) -> list[list[str]]:
        units: dict[str, list[str]] = {}
        for d in docs:
            units.setdefault(self.clusters.find(d), []).append(d)
        return list(units.values())

    def follows(self, unit: list[str], group: list[list[str]]) -> bool:
        """Does ``unit`` (a text and its copies) carry what ``group``'s versions agree on?"""
        self._fresh()
        key = (frozenset(unit), frozenset(d for members in group for d in members), True)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = self._follows(unit, group)
        return verdict

    def _follows(self, unit: list[str], group: list[list[str]]) -> bool:
        verdict = self.consensus_cover(unit, group)
        if verdict is None:
            return True
        (fig_cover, figs), (name_cover, names) = verdict
        if figs >= MIN_FIGURE_SLOTS and fig_cover < FIGURES_ALONE:
            return False
        return figs < MIN_SLOTS or names < MIN_SLOTS or fig_cover >= FIGURES_KEPT or name_cover >= NAMES_KEPT

    def consensus_cover(self, unit: list[str], group: list[list[str]]
                        ) -> tuple[tuple[float, int], tuple[float, int]] | None:
        """(share, slots) of the group's consensus figures and names that ``unit`` carries,
        within its reach; None where there is no consensus to judge by."""
        mine = [e for d in unit if (e := self.entry_of(d)) is not None]
        if not mine or not mine[0].sig.language:
            return None
        lang = mine[0].sig.language
        reps: dict[str, Entry] = {}
        for members in group:
            rep = _fullest(e for d in members if (e := self.entry_of(d)) is not None)
            if rep is None or not rep.sig.language or rep.sig.language == lang or not rep.sig.places:
                continue
            old = reps.get(rep.sig.language)
            if old is None or len(rep.sig.features) > len(old.sig.features):
                reps[rep.sig.language] = rep
        if len(reps) < MIN_LANGUAGES:
            return None
        carried = frozenset().union(*(e.sig.features for e in mine))
        return coverage(self._consensus([reps[lang] for lang in sorted(reps)], names=True), carried)

    def _consensus(self, reps: list[Entry], *, names: bool) -> list[Slot]:
        """The consensus slots of ``reps``, kept while they and the index stay about the same
        (a neighbourhood is re-clustered on every article that links into it)."""
        key = (names, tuple(e.sig.article_id for e in reps))
        cached = self._slots.get(key)
        if cached is None or any(a is not b.sig for a, b in zip(cached[0], reps)):
            places = [self._places(e) if names else {f: p for f, p in self._places(e).items()
                                                      if not is_name(f)} for e in reps]
            cached = self._slots[key] = (tuple(e.sig for e in reps), slots(places, self._idf))
        return cached[1]

    def _fresh(self) -> None:
        """Forget kept slots and verdicts once the index has moved on (or they pile up).
        Refusals are judgements, not a cache: they stay while the refused text is in memory."""
        added = self.index.added
        if len(self._slots) + len(self._verdicts) > MEMO_SIZE or abs(added - self._slots_at) > MEMO_SPAN:
            self._forget_memos()
            in_memory = self.index.by_id
            self._refused = {d: r for d, r in self._refused.items() if d in in_memory}
            self._slots_at = added

    def _forget_memos(self) -> None:
        self._slots.clear()
        self._verdicts.clear()
        self._placed.clear()
        self._idfs.clear()

    def clear(self, changed: Iterable[str] = ()) -> None:
        """Forget what was kept on texts that changed (re-ingested): every memo, and the
        refusals of those texts or by groups that held them."""
        self._forget_memos()
        gone = set(changed)
        self._refused = {d: (strength, kept) for d, (strength, by) in self._refused.items()
                         if d not in gone and (kept := tuple(g for g in by if g.isdisjoint(gone)))}

    def _places(self, entry: Entry) -> dict[str, int]:
        """Where the features of ``entry`` first occur (kept while it is in memory)."""
        cached = self._placed.get(entry.sig.article_id)
        if cached is None or cached[0] is not entry.sig:
            cached = self._placed[entry.sig.article_id] = (entry.sig, dict(entry.sig.places))
        return cached[1]

    def _idf(self, feature: str) -> float:
        idf = self._idfs.get(feature)
        if idf is None:
            n = len(self.index.entries) + 1
            idf = self._idfs[feature] = max(0.1, min(math.log(n) - math.log(self.index.df.get(feature, 0) + 0.5),
                                                     IDF_CAP))
        return idf


def _copies(a: Entry, b: Entry) -> bool:
    """One text: the same normalised text, or a sentence in common."""
    return a.sig.norm_hash == b.sig.norm_hash or not set(a.sig.chunks).isdisjoint(b.sig.chunks)


def _fullest(entries: Iterable[Entry]) -> Entry | None:
    """The unit member with most features: the full version, not a cut copy of it."""
    return max(entries, key=lambda e: (len(e.sig.features), e.sig.article_id), default=None)
