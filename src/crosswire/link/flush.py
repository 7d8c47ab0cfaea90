"""Turn what changed in memory since the last batch into rows: memberships, stories, relations."""
from __future__ import annotations

from collections import Counter
from typing import Any

from .index import Entry
from .scoring import days_apart, shared_evidence
from .state import LinkState
from .story_arrival import arrivals
from .store import chunks, dumps
from .story_evidence import StoryEvidence
from .story_meaning import StoryMeaning


def build_batch(state: LinkState, evidence: StoryEvidence, meaning: StoryMeaning) -> None:
    """Place the groups that changed in their stories and log the rows that changed with them
    (``state.log``): memberships, group and story rows to refresh, relations to rewrite."""
    clusters, stories, batch = state.clusters, state.stories, state.log
    touched = {g for g in clusters.touched if g in clusters.docs_of}
    meaning.prepare(touched)  # the full model reads the batch's short texts in one call
    evidence.reset(clusters.touched)
    threshold = state.config.story_threshold
    linked_of: dict[str, list[str]] = {}
    # in arrival order, each decision seeing the batch as far as it had arrived (story_arrival)
    meaning.as_of.start(state.pending)
    for seq, gid in arrivals(touched, clusters.docs_of, state.pending, meaning.short, _order):
        meaning.as_of.advance(seq)
        members = clusters.docs_of[gid]
        votes = Counter(state.doc_story[d] for d in members if d in state.doc_story)
        inherited = votes.most_common(1)[0][0] if votes else None
        # candidates worth an average-link test: groups this one is linked to by itself
        if gid not in linked_of:
            linked_of[gid] = [c for c in evidence.candidates(gid)
                              if (found := evidence.between(gid, c)) and found[0] >= threshold]
        linked = linked_of[gid]
        # a group that shares too few names and figures with any other: its meaning decides
        current = stories.story_of.get(gid) or inherited
        if linked or not (meaning.keeps(gid, current) if current else meaning.place(gid)):
            stories.place(gid, linked, inherited, evidence.between, threshold)
        meaning.record(gid)
    meaning.as_of.end()
    for g in clusters.touched - touched:
        stories.drop(g)
    meaning.forget(clusters.touched - touched)
    for a, b in state.story_must:
        ga, gb = clusters.gid_of.get(a), clusters.gid_of.get(b)
        if ga and gb and stories.story_of.get(ga) and stories.story_of.get(gb):
            stories.merge(stories.story_of[ga], stories.story_of[gb])
    for d in clusters.dirty:
        group = clusters.gid_of.get(d)
        if group is not None:
            batch.memberships[d] = (group, stories.story_of[group])
            state.doc_story[d] = stories.story_of[group]
    for gid in stories.moved:
        sid = stories.story_of.get(gid)
        if sid is not None:
            batch.group_stories[gid] = sid
            for d in clusters.docs_of.get(gid, ()):
                state.doc_story[d] = sid
    docs = {d for g in touched | stories.moved for d in clusters.docs_of.get(g, ())}
    batch.soft_docs = docs
    batch.soft_relations.extend(_kept_story_relations(state, docs))
    batch.soft_relations.extend(meaning.relations({g for g in touched | stories.moved if g in clusters.docs_of}))
    for d in docs:
        for o, (kind, score, _story) in state.edges_of(d):
            group = clusters.gid_of.get(d)
            if kind == "translation" and score >= clusters.threshold and group is not None \
                    and group == clusters.gid_of.get(o):
                batch.soft_relations.append((*_ordered(state, d, o), "translation", score, _evidence(state, d, o, score)))
    for gid in {g for g in touched | stories.moved if g in clusters.docs_of}:
        sid = stories.story_of.get(gid)
        for other in stories.groups_of.get(sid, ()) if sid else ():
            found = evidence.between(gid, other) if other != gid and other in clusters.docs_of else None
            if found is not None and found[0] >= threshold:
                batch.soft_relations.append(_story_relation(state, evidence, gid, other, found[0]))
    batch.groups = set(clusters.touched)
    batch.stories = set(stories.dirty)
    clusters.dirty.clear()
    clusters.touched.clear()
    stories.dirty.clear()
    stories.moved.clear()


def _kept_story_relations(state: LinkState, docs: set[str]) -> list[tuple[str, str, str, float, str]]:
    """``same_story`` rows whose other side has left memory: the rewrite of this side's rows
    cannot recompute them, so they stay while both sides are still in one story."""
    if not docs:
        return []
    gid_of, story_of = state.clusters.gid_of, state.stories.story_of
    out = []
    for part in chunks(sorted(docs)):
        marks = ",".join("?" * len(part))
        rows = state.db.conn.execute(
            f"SELECT a, b, score, evidence FROM relations WHERE type = 'same_story'"
            f" AND (a IN ({marks}) OR b IN ({marks}))", (*part, *part)).fetchall()
        for a, b, score, evidence in rows:
            here, gone = (a, b) if a in gid_of else (b, a)
            if gone in gid_of or here not in gid_of:
                continue
            stored = state.db.membership(gone)
            if stored is not None and stored[1] == story_of.get(gid_of[here]):
                out.append((a, b, "same_story", score, evidence))
    return out


def _story_relation(state: LinkState, evidence: StoryEvidence, g: str, h: str,
                    strength: float) -> tuple[str, str, str, float, str]:
    """One ``same_story`` relation per pair of groups, between their best-scored pair of
    articles (the same pair from either side, so rewriting one group's rows restores it)."""
    docs_h = state.clusters.docs_of.get(h, set())
    best: tuple[float, str, str] | None = None
    for d in sorted(state.clusters.docs_of.get(g, ())):
        for o, (_kind, score, _story) in state.edges_of(d):
            if o in docs_h and (best is None or (score, d, o) > best):
                best = (score, d, o)
    if best is None:
        best = (0.0, min(state.clusters.docs_of[g], key=_seq(state)), min(docs_h, key=_seq(state)))
    a, b = _ordered(state, best[1], best[2])
    ea, eb = state.entry_of(a), state.entry_of(b)
    ev = {**evidence.explain(g, h), **(_pair_facts(ea, eb) if ea and eb else {})}
    return a, b, "same_story", round(strength / (strength + state.config.story_threshold), 4), dumps(ev)


def _pair_facts(a: Entry, b: Entry) -> dict[str, Any]:
    out: dict[str, Any] = {"length_ratio": round(min(a.sig.length, b.sig.length) / max(1, a.sig.length, b.sig.length), 3)}
    gap = days_apart(a, b)
    if gap is not None:
        out["days_apart"] = gap
    return out


def _seq(state: LinkState) -> Any:
    def key(doc: str) -> tuple[int, str]:
        entry = state.entry_of(doc)
        return (entry.seq if entry else 1 << 62, doc)
    return key


def _evidence(state: LinkState, a: str, b: str, score: float) -> str:
    """Evidence JSON of a pair, computed once: groups are rewritten often, pairs do not change."""
    key = (a, b) if a < b else (b, a)
    cached = state.evidence_cache.get(key)
    if cached is None or cached[0] != score:
        # stored signatures where memory has none: the article left the horizon mid-batch
        ea, eb = state.entry_of(a, stored=True), state.entry_of(b, stored=True)
        evidence: dict[str, object] = {"score": score, **(shared_evidence(ea, eb) if ea and eb else {})}
        vectors = state.index.vectors
        cosine = vectors.cosine(ea.key, eb.key) if vectors is not None and ea and eb and ea.key and eb.key else None
        if cosine is not None:
            evidence["similarity"] = round(cosine, 3)
        cached = state.evidence_cache[key] = (score, dumps(evidence))
    return cached[1]


def _ordered(state: LinkState, a: str, b: str) -> tuple[str, str]:
    """Older article first: relations read as 'a, then b' (by the stored place in the stream
    where memory has none: the same order whichever side a rewrite starts from)."""
    ea, eb = state.entry_of(a, stored=True), state.entry_of(b, stored=True)
    if ea and eb and (ea.seq > eb.seq):
        return b, a
    return a, b


def _order(gid: str) -> int:
    digits = "".join(c for c in gid if c.isdigit())
    return int(digits) if digits else 0
