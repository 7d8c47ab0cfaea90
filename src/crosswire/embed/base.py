"""The :class:`Embedder` interface: texts in, L2-normalised float32 rows out."""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from ..article import Article


class Embedder(ABC):
    """A sentence/document embedder. Subclasses load lazily: constructing one is free."""

    name: str = "embedder"
    dim: int = 0
    #: ISO 639-1 codes the model was trained on; ``None`` means "many, unknown list".
    languages: frozenset[str] | None = None

    @abstractmethod
    def _encode(self, texts: list[str]) -> np.ndarray:
        """Embed a batch; rows need not be normalised."""

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        texts = [t if t.strip() else " " for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [np.asarray(self._encode(texts[i:i + batch_size]), dtype=np.float32)
                 for i in range(0, len(texts), batch_size)]
        out = np.vstack(parts)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms

    def supports(self, language: str | None) -> bool:
        return self.languages is None or language is None or language in self.languages

    def __call__(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Article]:
        """Pipeline step: sets ``article.embedding`` from title + lead, batched."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._embed_batch(batch)
                batch = []
        if batch:
            yield from self._embed_batch(batch)

    def _embed_batch(self, batch: list[Article]) -> Iterator[Article]:
        vectors = self.encode([a.lead for a in batch])
        for article, vector in zip(batch, vectors):
            article.embedding = vector
            article.embedding_model = self.name
            yield article
