"""Turn what changed in memory since the last batch into rows: memberships, stories, relations."""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from .index import UNDATED
from .scoring import shared_evidence
from .store import dumps

if TYPE_CHECKING:
    from .linker import Linker


def build_batch(linker: Linker) -> None:
    clusters, stories, batch = linker.clusters, linker.stories, linker.batch
    touched = {g for g in clusters.touched if g in clusters.docs_of}
    for gid in sorted(touched, key=_order):
        members = clusters.docs_of[gid]
        votes = Counter(linker.doc_story[d] for d in members if d in linker.doc_story)
        inherited = votes.most_common(1)[0][0] if votes else None
        stories.place(gid, _story_links(linker, gid, members), inherited)
    for g in clusters.touched - touched:
        stories.drop(g)
    for a, b in linker.story_must:
        ga, gb = clusters.gid_of.get(a), clusters.gid_of.get(b)
        if ga and gb and stories.story_of.get(ga) and stories.story_of.get(gb):
            stories.merge(stories.story_of[ga], stories.story_of[gb])
    for d in clusters.dirty:
        group = clusters.gid_of.get(d)
        if group is not None:
            batch.memberships[d] = (group, stories.story_of[group])
            linker.doc_story[d] = stories.story_of[group]
    for gid in stories.moved:
        sid = stories.story_of.get(gid)
        if sid is not None:
            batch.group_stories[gid] = sid
            for d in clusters.docs_of.get(gid, ()):
                linker.doc_story[d] = sid
    docs = {d for g in touched | stories.moved for d in clusters.docs_of.get(g, ())}
    batch.soft_docs = docs
    for d in docs:
        for o, (kind, score, story) in linker.edges_of(d):
            ga, gb = clusters.gid_of.get(d), clusters.gid_of.get(o)
            if ga is None or gb is None:
                continue
            if ga == gb and kind == "translation" and score >= clusters.threshold:
                batch.soft_relations.append((*_ordered(linker, d, o), "translation", score, _evidence(linker, d, o, score)))
            elif ga != gb and story >= linker.config.story_threshold and \
                    stories.story_of.get(ga) == stories.story_of.get(gb):
                batch.soft_relations.append((*_ordered(linker, d, o), "same_story", score, _evidence(linker, d, o, score)))
    batch.groups = set(clusters.touched)
    batch.stories = set(stories.dirty)
    clusters.dirty.clear()
    clusters.touched.clear()
    stories.dirty.clear()
    stories.moved.clear()


def _story_links(linker: Linker, gid: str, members: set[str]) -> list[str]:
    """Groups that some member shares story-level evidence with, inside the story window."""
    out: list[tuple[float, str]] = []
    window = linker.config.story_window_days
    for d in members:
        day = linker.day_of(d)
        for o, (_kind, _score, story) in linker.edges_of(d):
            if story < linker.config.story_threshold:
                continue
            og = linker.clusters.gid_of.get(o)
            if og is None or og == gid:
                continue
            oday = linker.day_of(o)
            if day != UNDATED and oday != UNDATED and abs(day - oday) > window:
                continue
            out.append((story, og))
    return [g for _s, g in sorted(out, reverse=True)]


def _evidence(linker: Linker, a: str, b: str, score: float) -> str:
    """Evidence JSON of a pair, computed once: groups are rewritten often, pairs do not change."""
    key = (a, b) if a < b else (b, a)
    cached = linker.evidence_cache.get(key)
    if cached is None or cached[0] != score:
        ea, eb = linker.index.get(a), linker.index.get(b)
        cached = linker.evidence_cache[key] = (score, dumps({"score": score,
                                                             **(shared_evidence(ea, eb) if ea and eb else {})}))
    return cached[1]


def _ordered(linker: Linker, a: str, b: str) -> tuple[str, str]:
    """Older article first: relations read as 'a, then b'."""
    ea, eb = linker.index.get(a), linker.index.get(b)
    if ea and eb and (ea.seq > eb.seq):
        return b, a
    return a, b


def _order(gid: str) -> int:
    digits = "".join(c for c in gid if c.isdigit())
    return int(digits) if digits else 0
