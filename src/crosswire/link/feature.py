"""One piece of language-independent evidence in a signature: a typed ``(kind, value)``.

A :class:`Feature` *is* its stored string ``"kind:value"`` (a ``str`` subclass): signatures
are persisted as JSON lists of these strings (``link_signatures``, zlib-packed by
:mod:`crosswire.store.compact`) and the feature postings are keyed by them, so a stored
signature reads back unchanged, re-ingest stays idempotent, and the index's dictionaries keep
``str`` hashing speed.  Code asks ``f.kind`` / ``f.value`` / ``f.is_name`` instead of
slicing the string.
"""
from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any


class FeatureKind(str, Enum):
    NUM = "num"      # a figure, canonical ("300000", "1.5")
    YEAR = "year"    # "2022"
    DATE = "date"    # month and day, "03-14"
    NAME = "name"    # a folded capitalised word or acronym
    URL = "url"      # a domain, URL or e-mail address


_KINDS: dict[str, FeatureKind] = {k.value: k for k in FeatureKind}


class Feature(str):
    """``Feature(FeatureKind.NUM, "300000") == "num:300000"``; :meth:`parse` reads a stored one."""

    __slots__ = ()

    def __new__(cls, kind: FeatureKind | str, value: str) -> Feature:
        kind = _KINDS[kind.value if isinstance(kind, FeatureKind) else kind]
        return super().__new__(cls, f"{kind.value}:{value}")

    @classmethod
    def parse(cls, stored: str) -> Feature:
        """The feature a stored ``"kind:value"`` string names; ValueError on an unknown kind."""
        kind, sep, value = stored.partition(":")
        if not sep or kind not in _KINDS:
            raise ValueError(f"not a signature feature: {stored!r}")
        return str.__new__(cls, stored)

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # signatures cross to and from analysis worker processes: pickle the stored form
        return _stored, (str(self),)

    @property
    def kind(self) -> FeatureKind:
        try:
            return _KINDS[self[:self.index(":")]]
        except (KeyError, ValueError):   # a stored string read without parse()
            raise ValueError(f"not a signature feature: {str(self)!r}") from None

    @property
    def value(self) -> str:
        return self[self.index(":") + 1:]

    @property
    def is_name(self) -> bool:
        return self.startswith("name:")

    @property
    def is_url(self) -> bool:
        return self.startswith("url:")


def _stored(text: str) -> Feature:
    return str.__new__(Feature, text)


def trusted(text: str) -> Feature:
    """A feature from a ``"kind:value"`` string this package wrote (a signature row, a token of
    :mod:`.figures`), without :meth:`Feature.parse`'s check: reading signatures back is on the
    warm-start path, and the check tripled its cost (benchmarks: 3,000 pickups-dev signatures,
    0.25 s -> 0.8 s).  A foreign kind still fails, with ValueError, where ``.kind`` is asked."""
    return str.__new__(Feature, text)


def parse_features(stored: Iterable[str]) -> frozenset[Feature]:
    return frozenset(Feature.parse(f) for f in stored)
