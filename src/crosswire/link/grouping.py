"""Version groups: hard units (copies, must-links) joined by translation edges under constraints.

The constraint is the structure of the problem: one source does not publish two versions
of a text in the same language.  So a group holds at most one unit per (language,
source), and translation edges are taken best first (greedy, like agglomerative
clustering with a cannot-link on that key).

Being joined by scores is not enough: ``fits`` (:class:`.structure.VersionTest` in the
linker) may veto joining two components — an independent report on a release shares its
facts as a translation does, but not its text.

Streaming without drift: a new article re-clusters only its neighbourhood — the groups
it has edges to and the groups those groups' members have edges to — so an early
wrong guess is undone when the right partner arrives, and nothing else is touched.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

Key = tuple[str | None, str]
#: Hops from the seeds' groups that a re-clustering takes in: a group, the groups it has edges
#: to, and one further (unchanged since the linker was written; releases-dev/pickups-dev F1
#: 0.99899/0.99909 is measured with it).
NEIGHBOURHOOD_HOPS = 3
#: Distinct soft edges two formed groups need to join: one alone is a figure shared by chance.
GROUP_JOIN_EDGES = 2


class Clusters:
    def __init__(self, threshold: float, new_gid: Callable[[], str],
                 fits: Callable[[list[str], list[str]], bool] | None = None) -> None:
        self.threshold = threshold
        self.new_gid = new_gid
        self.fits = fits      # may two components (their docs) be one group? None: always
        self.parent: dict[str, str] = {}
        self.unit_docs: dict[str, list[str]] = {}
        self.unit_keys: dict[str, set[Key]] = {}
        self.key_of: dict[str, Key] = {}
        self.hard: dict[str, dict[str, str]] = defaultdict(dict)     # doc -> doc -> kind
        self.soft: dict[str, dict[str, float]] = defaultdict(dict)
        self.cannot: dict[str, set[str]] = defaultdict(set)
        self.gid_of: dict[str, str] = {}
        self.docs_of: dict[str, set[str]] = defaultdict(set)
        self.dirty: set[str] = set()          # docs whose group changed since the last flush
        self.touched: set[str] = set()        # groups that gained or lost members since then

    # ---- units --------------------------------------------------------------------------
    def find(self, doc: str) -> str:
        root = doc
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[doc] != root:
            self.parent[doc], doc = root, self.parent[doc]
        return root

    def add_doc(self, doc: str, key: Key, gid: str | None = None) -> None:
        self.parent[doc] = doc
        self.unit_docs[doc] = [doc]
        self.unit_keys[doc] = {key}
        self.key_of[doc] = key
        if gid is not None:
            self._set_gid(doc, gid)

    def _set_gid(self, doc: str, gid: str) -> None:
        old = self.gid_of.get(doc)
        if old == gid:
            return
        if old is not None:
            self.docs_of[old].discard(doc)
            if not self.docs_of[old]:
                del self.docs_of[old]
            self.touched.add(old)
        self.gid_of[doc] = gid
        self.docs_of[gid].add(doc)
        self.dirty.add(doc)
        self.touched.add(gid)

    def _blocked(self, docs_a: Iterable[str], root_b: str) -> bool:
        return any(self.find(y) == root_b for x in docs_a for y in self.cannot.get(x, ()) if y in self.parent)

    def add_hard(self, a: str, b: str, kind: str) -> bool:
        """Join two units for good (copy or must-link); False when a cannot-link forbids it."""
        ra, rb = self.find(a), self.find(b)
        self.hard[a][b] = self.hard[b][a] = kind
        if ra == rb:
            return True
        if kind != "must" and (self._blocked(self.unit_docs[ra], rb)):
            return False
        if len(self.unit_docs[ra]) < len(self.unit_docs[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.unit_docs[ra].extend(self.unit_docs.pop(rb))
        self.unit_keys[ra] |= self.unit_keys.pop(rb)
        gid = self.gid_of.get(ra) or self.gid_of.get(rb)
        if gid is not None:
            for doc in self.unit_docs[ra]:
                self._set_gid(doc, gid)
        return True

    def add_soft(self, a: str, b: str, score: float) -> None:
        self.soft[a][b] = self.soft[b][a] = score

    # ---- re-clustering ------------------------------------------------------------------
    def neighbourhood(self, seeds: Iterable[str]) -> set[str]:
        """Units of the seeds' groups, of groups they have edges to, and one hop further."""
        units: set[str] = set()
        frontier = {self.find(d) for d in seeds}
        for _hop in range(NEIGHBOURHOOD_HOPS):
            grown: set[str] = set()
            for root in frontier:
                gid = self.gid_of.get(root)
                members = self.docs_of.get(gid, ()) if gid else self.unit_docs[root]
                grown.update(self.find(m) for m in members)
            units |= grown
            frontier = {self.find(o) for u in grown for d in self.unit_docs[u]
                        for o, s in self.soft.get(d, {}).items() if s >= self.threshold} - units
            if not frontier:
                break
        return units

    def recluster(self, seeds: Iterable[str]) -> None:
        units = self.neighbourhood(seeds)
        # ties (scores are capped at 1) are broken by id, not by set order: the same input
        # must give the same groups whatever the interpreter's hash seed
        edges: list[tuple[float, str, str]] = []   # (-score, unit, unit): best first
        for u in units:
            for d in self.unit_docs[u]:
                for o, s in self.soft.get(d, {}).items():
                    if s >= self.threshold and o in self.parent and (ro := self.find(o)) in units:
                        edges.append((-s, u, ro) if u < ro else (-s, ro, u))
        edges.sort()
        comp = {u: u for u in units}
        keys = {u: set(self.unit_keys[u]) for u in units}
        docs = {u: list(self.unit_docs[u]) for u in units}

        def cfind(u: str) -> str:
            while comp[u] != u:
                comp[u] = comp[comp[u]]
                u = comp[u]
            return u

        units_in = {u: 1 for u in units}

        def bridged(cu: str, cv: str) -> bool:
            """Two groups of several versions each join on two edges at least: versions of one
            text link to each other all round, while one edge alone between two formed groups
            is a shared figure between an undated article and an unrelated one."""
            small, other = (cu, cv) if len(docs[cu]) <= len(docs[cv]) else (cv, cu)
            seen: set[tuple[str, str]] = set()
            for d in docs[small]:
                for o, s in self.soft.get(d, {}).items():
                    if s >= self.threshold and o in self.parent:
                        ro = self.find(o)
                        if ro in comp and cfind(ro) == other:
                            seen.add((self.find(d), ro))
                            if len(seen) >= GROUP_JOIN_EDGES:
                                return True
            return False

        for _score, u, v in edges:
            cu, cv = cfind(u), cfind(v)
            if cu == cv or keys[cu] & keys[cv] or self._blocked_sets(docs[cu], docs[cv]):
                continue
            if units_in[cu] > 1 and units_in[cv] > 1 and not bridged(cu, cv):
                continue
            if self.fits is not None and not self.fits(docs[cu], docs[cv]):
                continue
            if len(docs[cu]) < len(docs[cv]):
                cu, cv = cv, cu
            comp[cv] = cu
            units_in[cu] += units_in.pop(cv)
            keys[cu] |= keys.pop(cv)
            docs[cu].extend(docs.pop(cv))
        self._assign(list(docs.values()))

    def _blocked_sets(self, a: list[str], b: list[str]) -> bool:
        small, large = (a, b) if len(a) <= len(b) else (b, a)
        flagged = [x for x in small if x in self.cannot]
        if not flagged:
            return False
        large_set = set(large)
        return any(y in large_set for x in flagged for y in self.cannot[x])

    def assign_new(self, doc: str) -> None:
        gid = self.new_gid()
        for d in self.unit_docs[self.find(doc)]:
            self._set_gid(d, gid)

    def _assign(self, clusters: list[list[str]]) -> None:
        """Keep each group's id with the cluster holding most of its members."""
        taken: set[str] = set()
        for members in sorted(clusters, key=lambda m: (-len(m), min(m))):   # ties by id: no hash order
            votes = Counter(self.gid_of[d] for d in members if d in self.gid_of)
            ranked = sorted(votes.items(), key=lambda gv: (-gv[1], gv[0]))
            gid = next((g for g, _n in ranked if g not in taken), None) or self.new_gid()
            taken.add(gid)
            for d in members:
                self._set_gid(d, gid)

    # ---- corrections and forgetting -----------------------------------------------------
    def add_cannot(self, a: str, b: str) -> None:
        self.cannot[a].add(b)
        self.cannot[b].add(a)
        if a in self.parent and b in self.parent and self.find(a) == self.find(b):
            self.rebuild_units(list(self.parent))

    def rebuild_units(self, docs: list[str]) -> None:
        """Union-find again from the hard edges among ``docs``, now honouring cannot-links."""
        alive = set(docs)
        for d in docs:
            self.parent[d] = d
            self.unit_docs[d] = [d]
            self.unit_keys[d] = {self.key_of[d]}
        for d in [x for x in self.unit_docs if x not in alive]:
            self.unit_docs.pop(d, None)
            self.unit_keys.pop(d, None)
        kinds = {"must": 0, "exact": 1, "near_duplicate": 2}
        pairs = sorted(((kinds.get(k, 3), a, b) for a in docs for b, k in self.hard.get(a, {}).items()
                        if b in alive and a < b))
        for _rank, a, b in pairs:
            ra, rb = self.find(a), self.find(b)
            if ra == rb or (self.hard[a][b] != "must" and self._blocked(self.unit_docs[ra], rb)):
                continue
            if len(self.unit_docs[ra]) < len(self.unit_docs[rb]):
                ra, rb = rb, ra
            self.parent[rb] = ra
            self.unit_docs[ra].extend(self.unit_docs.pop(rb))
            self.unit_keys[ra] |= self.unit_keys.pop(rb)

    def forget(self, docs: Iterable[str]) -> None:
        """Drop articles that left the time horizon; their groups stay as stored."""
        gone = set(docs)
        if not gone:
            return
        for d in gone:
            for o in self.soft.pop(d, {}):
                self.soft.get(o, {}).pop(d, None)
            for o in self.hard.pop(d, {}):
                self.hard.get(o, {}).pop(d, None)
            gid = self.gid_of.pop(d, None)
            if gid is not None:
                self.docs_of[gid].discard(d)
                if not self.docs_of[gid]:
                    del self.docs_of[gid]
            self.key_of.pop(d, None)
            self.dirty.discard(d)
        alive = [d for d in self.parent if d not in gone]
        for d in gone:
            self.parent.pop(d, None)
        self.rebuild_units(alive)
