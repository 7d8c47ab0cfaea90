"""The :class:`Embedder` interface: texts in, L2-normalised float32 rows out."""
from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from ..article import Article


class Embedder(ABC):
    """A sentence/document embedder. Subclasses load lazily: constructing one is free."""

    name: str = "embedder"
    dim: int = 0
    #: ISO 639-1 codes the model was trained on; ``None`` means "many, unknown list".
    languages: frozenset[str] | None = None
    #: texts per ``_encode`` call; ``None``: the backend batches by itself, give it everything.
    batch_size: int | None = 32
    #: vectors kept by text (LRU): a comparison asks for the same sentence more than once, and
    #: a batch comparing one article with each of its versions sends that article every time.
    cache_size: int = 8192
    #: cheap and stateless enough to run in ingest's analysis worker processes (pickled there)
    in_workers: bool = False

    @abstractmethod
    def _encode(self, texts: list[str]) -> np.ndarray:
        """Embed a batch; rows need not be normalised."""

    def _cache(self) -> tuple[OrderedDict[str, np.ndarray], threading.Lock]:
        # made on first use, so subclasses need not call a base __init__
        state = self.__dict__.get("_vector_cache")
        if state is None:
            state = self.__dict__.setdefault("_vector_cache", (OrderedDict(), threading.Lock()))
        return state

    def cache_clear(self) -> None:
        cache, lock = self._cache()
        with lock:
            cache.clear()

    def encode(self, texts: Sequence[str], batch_size: int | None = None) -> np.ndarray:
        """L2-normalised rows, one per text.  Each distinct text goes to the model once: repeats
        within the call and texts still in the cache are not embedded again."""
        texts = [t if t.strip() else " " for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        cache, lock = self._cache()
        distinct = list(dict.fromkeys(texts))
        with lock:  # the web app may encode from several threads
            known = {t: cache[t] for t in distinct if t in cache}
            for t in known:
                cache.move_to_end(t)
        todo = [t for t in distinct if t not in known]
        if todo:
            fresh = self._embed(todo, batch_size or self.batch_size)
            with lock:
                for t, v in zip(todo, fresh):
                    known[t] = cache[t] = v
                while len(cache) > self.cache_size:
                    cache.popitem(last=False)
        return np.stack([known[t] for t in texts])

    def _embed(self, texts: list[str], batch_size: int | None) -> list[np.ndarray]:
        if batch_size is None or len(texts) <= batch_size:
            out = np.asarray(self._encode(texts), dtype=np.float32)
        else:
            # chunked backends pad a chunk to its longest text: chunk in length order
            order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
            parts = [np.asarray(self._encode([texts[k] for k in order[i:i + batch_size]]), dtype=np.float32)
                     for i in range(0, len(order), batch_size)]
            stacked = np.vstack(parts)
            out = np.empty_like(stacked)
            out[order] = stacked
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        # rows are copied so that a cached row does not keep its whole batch alive
        return [row.copy() for row in out / norms]

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

    def fallback(self) -> Embedder | None:
        """The embedder for articles in a language this one was not trained on (None: no vector)."""
        return None

    def _embed_batch(self, batch: list[Article]) -> Iterator[Article]:
        # each article by a model that knows its language: a vector of a language the model
        # never saw sits near unrelated texts and would mislead search and linking
        other = [a for a in batch if not self.supports(a.language)]
        fallback = self.fallback() if other else None
        routes = [(self, [a for a in batch if self.supports(a.language)])]
        if fallback is not None:
            routes.append((fallback, [a for a in other if fallback.supports(a.language)]))
        for model, articles in routes:
            if articles:
                for article, vector in zip(articles, model.encode([a.lead for a in articles])):
                    article.embedding = vector
                    article.embedding_model = model.name
        yield from batch
