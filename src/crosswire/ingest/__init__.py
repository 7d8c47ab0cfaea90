"""Readers: text, JSONL, HTML files and folders (web pages, feeds and WARC live beside them)."""
from .base import MAX_ARTICLE_BYTES, ReadOptions, article_from_record
from .readers import article_from_text, iter_files, read_file, read_jsonl, read_paths

__all__ = ["MAX_ARTICLE_BYTES", "ReadOptions", "article_from_record", "article_from_text", "iter_files",
           "read_file", "read_jsonl", "read_paths"]
