"""Drift counts for story lists: each version compared with its group's original, in the background.

A comparison takes seconds (sentence embeddings), so the home page cannot wait for all of them.
When enabled (``crosswire serve`` does), one low-priority thread walks the stories newest first
and compares every (original, version) pair through :meth:`WebState.compare`; pages show the
counts known so far.  An upload through the API resets the counts; the comparisons themselves
are cached by content hash in :class:`WebState`.
"""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any

from ..app import Crosswire
from ..article import Article

log = logging.getLogger("crosswire.web")
Pair = tuple[str, str]
#: What a pass needs from the app, handed in (this module knows no web state or services).
Session = Callable[[], AbstractContextManager[Crosswire]]
Compare = Callable[[Article, Article], dict[str, Any]]
ListStories = Callable[[Crosswire], Iterable[dict[str, Any]]]
GetStory = Callable[[Crosswire, str], dict[str, Any]]


def story_pairs(story: dict[str, Any]) -> list[Pair]:
    """(original, version) for every other version of every version group of a story."""
    out: list[Pair] = []
    for g in story.get("version_groups") or []:
        if not isinstance(g, dict):
            continue
        ids = [str(v.get("id")) for v in g.get("versions") or [] if isinstance(v, dict) and v.get("id")]
        original = str(g.get("original") or (ids[0] if ids else ""))
        out += [(original, i) for i in ids if i != original]
    return out


class DriftSummary:
    def __init__(self, *, enabled: bool, session: Session, compare: Compare, list_stories: ListStories,
                 get_story: GetStory) -> None:
        self.enabled = enabled
        self.session, self.compare = session, compare
        self.list_stories, self.get_story = list_stories, get_story
        self._counts: dict[Pair, int] = {}
        self._pairs_of: dict[str, list[Pair]] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.running = False

    # ---- reading --------------------------------------------------------------------------------
    def pair_counts_for(self, story: dict[str, Any]) -> dict[str, int]:
        """Known difference counts of a story's pairs, keyed "A|B"; records the story's pairs."""
        pairs = story_pairs(story)
        with self._lock:
            self._pairs_of[str(story.get("id"))] = pairs
            return {f"{a}|{b}": self._counts[(a, b)] for a, b in pairs if (a, b) in self._counts}

    def story_count(self, story: dict[str, Any]) -> int | None:
        known = self.pair_counts_for(story)
        pairs = story_pairs(story)
        return sum(known.values()) if pairs and len(known) == len(pairs) else (0 if not pairs else None)

    def story_count_by_id(self, story_id: str) -> int | None:
        """Total differences of a story once all its pairs are compared, else None."""
        self.request()
        with self._lock:
            pairs = self._pairs_of.get(story_id)
            if pairs is None or any(p not in self._counts for p in pairs):
                return None
            return sum(self._counts[p] for p in pairs)

    def status(self) -> dict[str, Any]:
        with self._lock:
            done = sum(1 for ps in self._pairs_of.values() for p in ps if p in self._counts)
            total = sum(len(ps) for ps in self._pairs_of.values())
        return {"enabled": self.enabled, "running": self.running, "done": done, "total": total}

    def record(self, a_id: str, b_id: str, result: dict[str, Any]) -> None:
        """Any comparison computed for a page counts too."""
        with self._lock:
            self._counts[(a_id, b_id)] = len(result.get("differences") or [])

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()
            self._pairs_of.clear()
        self.request()

    # ---- background ---------------------------------------------------------------------------
    def request(self) -> None:
        if not self.enabled:
            return
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="crosswire-drift", daemon=True)
            self._thread.start()
        self._wake.set()

    def _loop(self) -> None:
        try:  # Linux threads have their own nice value: stay behind requests
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        except (AttributeError, OSError):
            pass
        while True:
            self._wake.wait()
            self._wake.clear()
            self.running = True
            try:
                self._pass()
            except Exception:  # a broken database or module must not kill the server
                log.exception("drift summary pass failed")
            finally:
                self.running = False

    def _pass(self) -> None:
        with self.session() as cw:
            for s in self.list_stories(cw):
                story = self.get_story(cw, str(s.get("id")))
                pairs = story_pairs(story)
                with self._lock:
                    self._pairs_of[str(story.get("id"))] = pairs
                for a_id, b_id in pairs:
                    with self._lock:
                        if (a_id, b_id) in self._counts:
                            continue
                    try:
                        result = self.compare(cw.article(a_id), cw.article(b_id))
                    except Exception as exc:  # noqa: BLE001 - counted as unknown, logged
                        log.warning("drift summary: %s vs %s: %s", a_id, b_id, exc)
                        continue
                    self.record(a_id, b_id, result)
