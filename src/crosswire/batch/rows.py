"""Articles as Parquet rows and back, without loss: the contract between ``batch`` and ``load``.

``Article.to_dict`` is a display format (boilerplate as bare strings, no embedding), so the
batch output keeps its own lossless form: nested spans as JSON strings (Arrow's nested types
would buy nothing here, ``load`` reads them back whole) and the vector as ``list<float32>``.
"""
from __future__ import annotations

import json
from typing import Any

import numpy as np

from ..article import Article, Boilerplate, Dateline, Sentence

#: Columns of ``articles/*.parquet``; ``shard``/``ordinal`` give the input order that ``load``
#: replays, so the streaming linker sees what ``ingest`` of the same files would see.
ARTICLE_COLUMNS: list[tuple[str, str]] = [
    ("id", "string"), ("shard", "int32"), ("ordinal", "int64"), ("path", "string"),
    ("content_hash", "string"), ("text", "string"), ("title", "string"), ("url", "string"),
    ("source", "string"), ("outlet", "string"), ("published", "string"), ("date_precision", "string"),
    ("language", "string"), ("language_confidence", "float64"), ("dateline", "string"),
    ("sentences", "string"), ("boilerplate", "string"), ("metadata", "string"),
    ("embedding", "list<float32>"), ("embedding_model", "string"),
    ("day", "string"), ("norm_hash", "string"), ("bands", "list<int64>"), ("signature", "string"),
]


def arrow_schema() -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "int32": pa.int32(), "int64": pa.int64(), "float64": pa.float64(),
             "list<float32>": pa.list_(pa.float32()), "list<int64>": pa.list_(pa.int64())}
    return pa.schema([(name, types[kind]) for name, kind in ARTICLE_COLUMNS])


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


def article_to_json(article: Article) -> str:
    """The read -> analyse hand-over: everything a reader sets, nothing a model computes."""
    return _dumps(article_to_dict(article))


def article_to_dict(article: Article) -> dict[str, Any]:
    d = article.to_dict()
    d["boilerplate"] = [b.to_dict() for b in article.boilerplate]   # offsets, not just text
    return d


def article_from_dict(d: dict[str, Any]) -> Article:
    """Inverse of ``Article.to_dict`` (and of :func:`article_to_dict`, which keeps offsets).

    ``to_dict`` writes boilerplate as bare strings; their offsets are found again in the text,
    searching forward so that a repeated footer maps to its own occurrence.
    """
    text = d.get("text") or ""
    boilerplate: list[Boilerplate] = []
    pos = 0
    for b in d.get("boilerplate") or []:
        if isinstance(b, str):
            start = text.find(b, pos)
            start = text.find(b) if start < 0 else start
            if start < 0:
                continue
            boilerplate.append(Boilerplate(b, start, start + len(b)))
            pos = start + len(b)
        else:
            boilerplate.append(Boilerplate(b["text"], int(b["start"]), int(b["end"]), b.get("kind") or "footer"))
    dl = d.get("dateline")
    embedding = d.get("embedding")
    return Article(
        text=text, id=d.get("id") or "", source=d.get("source") or "", title=d.get("title"), url=d.get("url"),
        outlet=d.get("outlet"), published=d.get("published"), date_precision=d.get("date_precision"),
        language=d.get("language"), language_confidence=float(d.get("language_confidence") or 0.0),
        dateline=Dateline(**dl) if dl else None,
        sentences=[Sentence(s["text"], int(s["start"]), int(s["end"]), int(s.get("paragraph", 0)))
                   for s in d.get("sentences") or []],
        boilerplate=boilerplate, metadata=dict(d.get("metadata") or {}),
        embedding=None if embedding is None else np.asarray(embedding, dtype=np.float32),
        embedding_model=d.get("embedding_model"))


def article_row(article: Article, *, shard: int, ordinal: int, path: str, signature: Any,
                bands: list[int]) -> dict[str, Any]:
    """One output row; ``signature`` is the linker's own, so ``load`` and LSH agree on the text."""
    emb = article.embedding
    return {
        "id": article.id, "shard": shard, "ordinal": ordinal, "path": path, "content_hash": article.content_hash,
        "text": article.text, "title": article.title, "url": article.url, "source": article.source,
        "outlet": article.outlet, "published": article.published, "date_precision": article.date_precision,
        "language": article.language, "language_confidence": float(article.language_confidence),
        "dateline": _dumps(article.dateline.to_dict()) if article.dateline else None,
        "sentences": _dumps([s.to_dict() for s in article.sentences]),
        "boilerplate": _dumps([b.to_dict() for b in article.boilerplate]),
        "metadata": _dumps(article.metadata),
        "embedding": None if emb is None else np.asarray(emb, dtype=np.float32).tolist(),
        "embedding_model": article.embedding_model if emb is not None else None,
        "day": signature.published, "norm_hash": signature.norm_hash, "bands": bands,
        "signature": _dumps(signature.to_row()),
    }


def article_from_row(row: dict[str, Any]) -> Article:
    d = dict(row)
    for key in ("dateline", "sentences", "boilerplate", "metadata"):
        d[key] = json.loads(d[key]) if d.get(key) else None
    return article_from_dict(d)
