"""Corpus scale: the ingest steps on Ray Data (``crosswire batch``), then ``crosswire load``.

Importing this package needs neither Ray nor pyarrow; running a batch does
(``pip install 'crosswire[ray]'``), and says so through :func:`crosswire.deps.require`.
"""
from __future__ import annotations

from .executor import BatchOptions, BatchReport, expand_shards, run_batch
from .load import LoadReport, iter_articles, load
from .rows import article_from_dict, article_to_dict

__all__ = ["BatchOptions", "BatchReport", "LoadReport", "article_from_dict", "article_to_dict", "expand_shards",
           "iter_articles", "load", "run_batch"]
