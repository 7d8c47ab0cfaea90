"""Persistence behind a small interface; SQLite is the first (and default) store."""
from .sqlite import SQLiteStore, StoreError, chunks

__all__ = ["SQLiteStore", "StoreError"]
