"""User corrections: ``crosswire link A B`` (must-link) and ``unlink A B`` (cannot-link),
at version or story level, kept in the ``corrections`` table and applied at once."""
from __future__ import annotations

from typing import Any

from ..errors import NotFound
from .linker import Linker


def correct(linker: Linker, a: str, b: str, *, link: bool, level: str = "version") -> dict[str, Any]:
    """Store the correction, bring both articles' groups into memory, re-cluster, flush."""
    if level not in ("version", "story"):
        raise ValueError(f"level must be 'version' or 'story', not {level!r}")
    if a == b:
        raise ValueError("link/unlink needs two different articles")
    for x in (a, b):
        if not linker.store.exists(x):
            raise NotFound(f"no article with id {x!r} in {linker.store.path}")
    linker.hold(wait=True)  # one process at a time changes the link state
    linker.catch_up()  # link anything pending first, so the correction applies to a settled state
    linker.db.add_correction(a, b, "link" if link else "unlink", level)
    linker.load_stored([a, b])
    linker.apply_corrections()
    gid_of = linker.clusters.gid_of
    if level == "version":
        if link:
            linker.clusters.add_hard(a, b, "must")
        linker.clusters.recluster([a, b])
    elif link:
        linker.clusters.touched.update(g for g in (gid_of.get(a), gid_of.get(b)) if g)
    else:
        ga, gb = gid_of[a], gid_of[b]
        linker.stories.apart.add(frozenset((ga, gb)))
        if linker.stories.story_of.get(ga) == linker.stories.story_of.get(gb):
            linker.stories.split_off(gb)
    linker.flush()
    out: dict[str, Any] = {"a": a, "b": b, "kind": "link" if link else "unlink", "level": level}
    for x in (a, b):
        gid, sid = linker.db.membership(x) or (None, None)
        out[x] = {"version_group": gid, "story": sid}
    return out
