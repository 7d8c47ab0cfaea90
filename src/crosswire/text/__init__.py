"""The text stage: language, sentences, boilerplate, dateline and dates of an Article."""
from __future__ import annotations

from .analyse import Analyser, analyse
from .boilerplate import find_boilerplate, find_dateline
from .dates import date_from_dateline, parse_date
from .language import detect_language, rank_languages
from .sentences import split_sentences

__all__ = ["Analyser", "analyse", "date_from_dateline", "detect_language", "find_boilerplate", "find_dateline",
           "parse_date", "rank_languages", "split_sentences"]
