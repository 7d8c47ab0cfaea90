"""Web UI and JSON API (``crosswire[web]``): ``create_app(db)`` and ``run_server(db, host=, port=)``."""
from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any) -> Any:
    from .server import create_app as _create_app

    return _create_app(*args, **kwargs)


def run_server(*args: Any, **kwargs: Any) -> None:
    from .server import run_server as _run_server

    _run_server(*args, **kwargs)


__all__ = ["create_app", "run_server"]
