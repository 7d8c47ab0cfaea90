"""Linking: copies, reprints and translations of one text (version groups) and stories.

``Linker(store).add(articles)`` / ``.finish()`` is what ingest calls; the read side
(``stories``, ``story``, ``search``, ``export``) is in :mod:`crosswire.link.views`.
"""
from __future__ import annotations

from .linker import LinkConfig, Linker

__all__ = ["LinkConfig", "Linker"]
