"""Precise exception types; every message names the file, line or field at fault."""
from __future__ import annotations


class CrosswireError(Exception):
    """Base class for every error crosswire raises on purpose."""


class InputError(CrosswireError):
    """One input (file, line, record, URL) could not be read; the rest of the batch goes on."""

    def __init__(self, source: str, message: str, *, line: int | None = None, field: str | None = None) -> None:
        self.source = source
        self.line = line
        self.field = field
        self.reason = message
        where = source + (f":{line}" if line is not None else "") + (f" [{field}]" if field else "")
        super().__init__(f"{where}: {message}")

    def to_dict(self) -> dict[str, object]:
        return {"source": self.source, "line": self.line, "field": self.field, "error": self.reason}


class NotFound(CrosswireError):
    """An article, story or version group id that the store does not hold."""


class MissingDependency(CrosswireError, ImportError):
    """An optional part is used without its extra installed."""


class UnsupportedLanguage(CrosswireError):
    """The embedder cannot represent this language; callers fall back to numbers and names."""


class AlertError(CrosswireError):
    """An alert that cannot be added: bad webhook URL, refused address, no query and no story."""
