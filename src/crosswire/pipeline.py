"""Ingest as a chain of generator steps over Articles (datatrove style).

A step is any callable ``Iterable[Article] -> Iterator[Article]``. The local executor below
runs them in this process; ``crosswire.batch`` runs the same steps on Ray.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeAlias

from .article import Article

Step: TypeAlias = Callable[[Iterable[Article]], Iterator[Article]]


def run_steps(articles: Iterable[Article], steps: Iterable[Step]) -> Iterator[Article]:
    stream: Iterable[Article] = articles
    for step in steps:
        stream = step(stream)
    yield from stream


def map_step(fn: Callable[[Article], Article | None]) -> Step:
    """Lift a per-article function into a step; returning None drops the article."""

    def step(articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            out = fn(article)
            if out is not None:
                yield out

    step.__name__ = getattr(fn, "__name__", "map_step")
    return step


def batched(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
