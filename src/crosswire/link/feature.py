"""One piece of language-independent evidence in a signature: a typed ``(kind, value)``.

A :data:`Feature` is its stored string ``"kind:value"``, typed apart from other strings
(``NewType``): signatures are persisted as JSON lists of these strings (``link_signatures``,
zlib-packed by :mod:`crosswire.store.compact`) and the feature postings are keyed by them, so a
stored signature reads back unchanged and re-ingest stays idempotent.  It is a plain ``str`` at
run time on purpose: a ``str`` subclass with ``.kind``/``.value`` properties made
``benchmarks/link.py`` e2e ingest of pickups-dev 9% slower and 15 MB larger (no compact string
layout, no str-only dict fast path).  Code asks :func:`kind_of`, :func:`value_of`,
:func:`is_name` instead of slicing the string.
"""
from __future__ import annotations

from enum import Enum
from typing import NewType


class FeatureKind(str, Enum):
    NUM = "num"      # a figure, canonical ("300000", "1.5")
    YEAR = "year"    # "2022"
    DATE = "date"    # month and day, "03-14"
    NAME = "name"    # a folded capitalised word or acronym
    URL = "url"      # a domain, URL or e-mail address


Feature = NewType("Feature", str)
_KINDS: dict[str, FeatureKind] = {k.value: k for k in FeatureKind}


def feature(kind: FeatureKind, value: str) -> Feature:
    """``feature(FeatureKind.NUM, "300000") == "num:300000"``."""
    return Feature(f"{kind.value}:{value}")


def parse_feature(stored: str) -> Feature:
    """The feature a stored ``"kind:value"`` string names; ValueError on an unknown kind."""
    kind, sep, _value = stored.partition(":")
    if not sep or kind not in _KINDS:
        raise ValueError(f"not a signature feature: {stored!r}")
    return Feature(stored)


def kind_of(f: Feature) -> FeatureKind:
    try:
        return _KINDS[f[:f.index(":")]]
    except (KeyError, ValueError):   # a string that never was a feature
        raise ValueError(f"not a signature feature: {f!r}") from None


def value_of(f: Feature) -> str:
    return f[f.index(":") + 1:]


def is_name(f: Feature) -> bool:
    return f.startswith("name:")


def is_url(f: Feature) -> bool:
    return f.startswith("url:")
