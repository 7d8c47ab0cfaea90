"""An alert's query: words and quoted phrases, matched without case or accents."""
from __future__ import annotations

import re
import unicodedata

from ..errors import AlertError

_WORD = re.compile(r"\w+")
_TERM = re.compile(r'"([^"]*)"|(\S+)')
#: Hiragana, Katakana, CJK ideographs, Hangul syllables, Thai
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def fold(text: str) -> list[str]:
    """Lower-case words without accents: 'Kunshan-Woche' -> ['kunshan', 'woche']."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _WORD.findall(plain.casefold())


def parse_query(query: str) -> list[tuple[str, ...]]:
    """Each term as a word sequence: bare words are one-word terms, quoted phrases keep their order."""
    terms = []
    for phrase, word in _TERM.findall(query):
        words = tuple(fold(phrase if phrase else word))
        if words:
            terms.append(words)
    if not terms:
        raise AlertError(f"query {query!r} has no words to match")
    return terms
