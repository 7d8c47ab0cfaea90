"""HTML files: the same extraction as fetched pages (chrome stripped, trafilatura, date from markup only)."""
from __future__ import annotations

from .page import article_from_page as article_from_html

__all__ = ["article_from_html"]
