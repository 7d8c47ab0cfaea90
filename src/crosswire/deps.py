"""One clear message when an optional dependency is missing (as datatrove does)."""
from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingDependency


def require(module: str, extra: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependency(
            f"{module!r} is needed for this feature: pip install 'crosswire[{extra}]'") from exc
