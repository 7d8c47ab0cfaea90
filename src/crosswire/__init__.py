"""crosswire: follow one news story across languages and outlets."""
from __future__ import annotations

__version__ = "0.1.0"

from .app import Crosswire, IngestReport, open  # noqa: E402,A004
from .article import Article, Boilerplate, Dateline, Sentence  # noqa: E402

__all__ = ["Article", "Boilerplate", "Crosswire", "Dateline", "IngestReport", "Sentence", "open", "__version__"]
