"""What every request shares: the database path, one connection per request, and the
capabilities (linking, comparing) that are installed.

Models are loaded once per process: embedders come from :func:`crosswire.embed.get_embedder`
(an ``lru_cache``), and compare results are memoised here keyed by both versions' content
hashes, so an edited article is never served a stale comparison.
"""
from __future__ import annotations

import logging
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..app import Crosswire
from ..article import Article
from ..embed import DEFAULT_EMBEDDER
from ..errors import CrosswireError
from .drift import DriftSummary

log = logging.getLogger("crosswire.web")

#: What an id may look like in a URL: no slashes, no dots-only, no control characters.
ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.:@+~=-]{0,199}$"
_ID = re.compile(ID_PATTERN)
#: Story ids may be numbers or the same shape as article ids.
STORY_ID_PATTERN = ID_PATTERN


class BadRequest(CrosswireError):
    """A request the client can fix: malformed id, query or upload."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def check_id(value: str, what: str = "article id") -> str:
    """Ids from URLs are opaque tokens; anything path-like is refused before the store sees it."""
    if not isinstance(value, str) or not _ID.match(value) or ".." in value:
        shown = value if isinstance(value, str) and len(value) <= 80 else f"{str(value)[:77]}…"
        raise BadRequest(f"malformed {what} {shown!r}: expected letters, digits and _.:@+~=- (no slashes)")
    return value


@dataclass
class WebConfig:
    db: str
    read_only: bool = False
    embedder: str | None = DEFAULT_EMBEDDER
    max_upload_bytes: int = 20 * 1024 * 1024
    compare_cache_size: int = 256
    background_drift: bool = False  # compare every version with its original in a background thread
    #: with ``serve --token``: the session cookie's value (derived from the token, not the token)
    write_session: str | None = None


#: Comparisons are pure functions of the two texts: one cache per process, keyed by ids and
#: content hashes, shared by every app of the process.
_COMPARE_CACHE: OrderedDict[tuple[str, str, str, str], dict[str, Any]] = OrderedDict()
_CACHE_LOCK = threading.Lock()
#: one comparison at a time: the shared embedder is not promised to be thread-safe
_COMPUTE_LOCK = threading.Lock()


@dataclass
class WebState:
    """Process-wide state of one app: configuration, compare cache, ingest lock."""

    config: WebConfig
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)
    drift: DriftSummary = field(init=False)   # set by create_app, which knows the services it walks

    # ---- connections ------------------------------------------------------------------------
    def open(self, *, write: bool = False) -> Crosswire:
        """A fresh :class:`Crosswire` (its own SQLite connection) for one request."""
        if write and self.config.read_only:
            raise BadRequest("this server runs with --read-only: ingesting is disabled", status=403)
        if self.config.read_only and not Path(self.config.db).exists():
            raise BadRequest(f"database {Path(self.config.db).name} does not exist", status=503)
        return Crosswire(self.config.db, embedder=self.config.embedder, read_only=self.config.read_only)

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Crosswire]:
        cw = self.open(write=write)
        try:
            yield cw
        finally:
            cw.close()

    # ---- compare ------------------------------------------------------------------------------
    def compare(self, a: Article, b: Article) -> dict[str, Any]:
        """The comparison of two versions, computed once per process for given contents."""
        key = (a.id, a.content_hash, b.id, b.content_hash)
        with _CACHE_LOCK:
            hit = _COMPARE_CACHE.get(key)
            if hit is not None:
                _COMPARE_CACHE.move_to_end(key)
                self.drift.record(a.id, b.id, hit)
                return hit
        from ..compare import compare as fn  # loads the sentence models: only when a page asks

        with _COMPUTE_LOCK:
            with _CACHE_LOCK:
                hit = _COMPARE_CACHE.get(key)  # computed while this request waited
            if hit is not None:
                return hit
            try:
                result = to_jsonable(fn(a, b))
            except Exception as exc:  # a bug in one comparison must not take the page down
                log.exception("compare %s %s failed", a.id, b.id)
                raise BadRequest(f"these two versions cannot be compared ({type(exc).__name__}: {exc})",
                                 status=422) from exc
        with _CACHE_LOCK:
            _COMPARE_CACHE[key] = result
            while len(_COMPARE_CACHE) > self.config.compare_cache_size:
                _COMPARE_CACHE.popitem(last=False)
        self.drift.record(a.id, b.id, result)
        return result


def to_jsonable(obj: Any) -> Any:
    """Results of other modules (dataclasses, ``to_dict`` objects, numpy scalars) as plain JSON."""
    if obj is None or isinstance(obj, (str, bool, int)):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in obj]
    if hasattr(obj, "to_dict"):
        return to_jsonable(obj.to_dict())
    if hasattr(obj, "tolist"):
        return to_jsonable(obj.tolist())
    if hasattr(obj, "item"):
        return to_jsonable(obj.item())
    if hasattr(obj, "__dataclass_fields__"):
        from dataclasses import fields

        return {f.name: to_jsonable(getattr(obj, f.name)) for f in fields(obj)}
    return str(obj)
