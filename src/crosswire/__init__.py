"""crosswire: follow one news story across languages and outlets."""
from __future__ import annotations

from .app import Crosswire, IngestReport, open  # noqa: A004
from .article import Article, Boilerplate, Dateline, Sentence
from .version import __version__

__all__ = ["Article", "Boilerplate", "Crosswire", "Dateline", "IngestReport", "Sentence", "open", "__version__"]
