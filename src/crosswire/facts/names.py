"""Proper names and acronyms: the tokens a translation usually leaves as they are."""
from __future__ import annotations

import unicodedata

import regex

from .types import Fact

# A capitalised word (with inner capitals: "ElCom", "PostFinance"), an acronym, or a code ("F-35A").
_NAME = regex.compile(r"(?<![\p{L}\p{M}\p{N}])(\p{Lu}[\p{L}\p{M}]*(?:[-‐][\p{Lu}\p{N}][\p{L}\p{M}\p{N}]*)*)"
                      r"(?:['’]s)?(?![\p{L}\p{M}])")


def fold(token: str) -> str:
    """Case- and accent-free form, so "Zürich"/"Zurich" and "ÖVP"/"OeVP"-like pairs meet more often."""
    base = unicodedata.normalize("NFKD", token.casefold())
    return "".join(c for c in base if not unicodedata.combining(c))


def is_acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2


def extract_names(text: str) -> list[Fact]:
    out = []
    for m in _NAME.finditer(text):
        tok = m.group(1)
        if len(tok) < 2:
            continue
        out.append(Fact("name", tok, m.start(1), m.end(1), fold(tok)))
    return out
