"""Locale-aware facts: figures (with scale words, currencies, units, percentages), years,
periods, dates and names, each with a value that is the same in every language."""
from __future__ import annotations

from .cjk import extract_cjk_amounts, extract_cjk_dates, has_cjk, normalise
from .dates import extract_dates, extract_months, extract_periods, extract_years
from .lexicon import Lexicon, lexicon
from .names import extract_names, fold, is_acronym
from .numbers import (
    after_word,
    extract_figures,
    extract_number_words,
    extract_scale_words,
    parse_number,
)
from .types import Fact, FactKind

__all__ = ["Fact", "FactKind", "Lexicon", "extract", "extract_names", "fold", "is_acronym", "lexicon",
           "parse_number"]


def extract(text: str, lang: str | None = None, *, names: bool = False) -> list[Fact]:
    """All facts in ``text`` in reading order.  Dates claim their digits first, then periods,
    then figures, then bare years, so "30. September 2022" is one date and not 30 and 2022."""
    lex = lexicon(lang)
    taken: list[tuple[int, int]] = []
    original, cjk = text, has_cjk(text)
    if cjk:  # same length: offsets stay valid, surface forms are read from the original below
        text = normalise(text)
    facts = extract_dates(text, lex, taken)
    facts += extract_periods(text, lex, taken)
    if cjk:
        facts += extract_cjk_dates(text, taken)
    facts += extract_years(text, lex, taken)
    facts += extract_months(text, lex, taken)
    if cjk:
        facts += extract_cjk_amounts(text, lex, taken, after_word)
    facts += extract_figures(text, lex, taken)
    facts += extract_scale_words(text, lex, taken)
    facts += extract_number_words(text, lex, taken)
    if names:
        facts += extract_names(text)
    if cjk:
        for f in facts:
            f.text = original[f.start:f.end].strip()
    facts.sort(key=lambda f: f.start)
    return facts
