"""Placeholder: meaning-shift check."""
from __future__ import annotations
from typing import Any

def meaning_drift(*args: Any, **kw: Any) -> list[Any]:
    return []
